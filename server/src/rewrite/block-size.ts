// Rewrite "block size": when a one-element-per-thread kernel does not depend on its block size (no shared
// memory, barriers or warp operations; blockDim only in the global index), set the launch's block size to
// the one the occupancy model prefers on the target GPU and keep the grid covering n. Offered at the
// cursor (rewritesAt) on the launch.
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext, TextEdit } from '../rules/types';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { arrayUses, elementwiseShape } from './kernel-shape';
import { dispatchSeconds, residency, streamSeconds } from './perf';
import { bandwidthFraction } from './perf-memory';
import { descendants, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

/** Block sizes tried, all warp multiples; ties in occupancy go to 256, a common default that keeps
 *  enough blocks for the tail of the grid. */
const CANDIDATES = [256, 128, 512, 64, 1024];

export function rewriteBlockSize(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const launch = src.launchAt(src.offsetAt(sitePosition(site)));
    if (!launch) return { notOffered: 'no kernel launch here' };
    const kernel = src.kernel(launch.kernelName);
    if (!kernel) return { notOffered: `the kernel ${launch.kernelName} is not defined in this file` };
    const shape = elementwiseShape(kernel);
    if (typeof shape === 'string') return { notOffered: `the kernel may depend on its block size: ${shape}` };
    if (/__launch_bounds__/.test(src.text.slice(kernel.outer.startIndex, kernel.body.startIndex))) {
      return { notOffered: 'the kernel declares __launch_bounds__ for its current block size' };
    }
    const [grid, block] = launch.config;
    if (!grid || !block || /\bdim3\b/.test(grid.text + block.text)) return { notOffered: 'only 1-D launches with a scalar block size are resized' };
    const values = new HostValues(src, ctx.model.constants);
    const current = values.eval(block);
    if (!current) return { notOffered: 'the block size is not a known constant' };
    const best = CANDIDATES.map((b) => ({ b, r: residency(ctx.gpu, b) }))
      .reduce((a, c) => (c.r.warpsPerSm > a.r.warpsPerSm ? c : a));
    const now = residency(ctx.gpu, current);
    if (best.r.warpsPerSm <= now.warpsPerSm) return { notOffered: `${current} threads already reach the model's best occupancy (${Math.round(now.occupancy * 100)}%)` };

    const edits = blockEdits(src, launch.configNode, grid, block, best.b, values);
    if (typeof edits === 'string') return { notOffered: edits };
    // Gain: the kernel streams its bytes at the bandwidth its resident warps sustain (Little's law), but
    // cannot finish faster than the SMs start its blocks; small blocks make that the limit.
    const uses = arrayUses(kernel, shape.payloadNodes);
    const loads = uses.filter((u) => u.read).length;
    const bytesPerElement = uses.reduce((sum, u) => sum + (u.read ? 4 : 0) + (u.write ? 4 : 0), 0);
    const boundIndex = kernel.params.findIndex((p) => p.name === shape.bound);
    const known = boundIndex >= 0 ? values.eval(launch.args[boundIndex]) : values.eval(launch.args.find((a) => a.text === shape.bound));
    const n = known ?? 1 << 24;
    const time = (threads: number, warpsPerSm: number) => Math.max(
      streamSeconds(ctx.gpu, n * bytesPerElement) / bandwidthFraction(ctx.gpu, warpsPerSm, loads),
      dispatchSeconds(ctx.gpu, Math.ceil(n / threads)));
    const before = time(current, now.warpsPerSm);
    const after = time(best.b, best.r.warpsPerSm);
    const limiter = now.limiter === 'blocks' ? 'the blocks-per-SM limit' : now.limiter;
    return {
      title: `Use ${best.b}-thread blocks (occupancy ${Math.round(now.occupancy * 100)}% → ${Math.round(best.r.occupancy * 100)}%, was limited by ${limiter}${known === undefined ? '; n unknown: 16M assumed' : ''}) — ${gainText(before, after, ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits,
    };
  });
}

/** Edits that change the block size and the grid that is derived from it, or why that is not safe. */
function blockEdits(src: import('./source').Source, config: SyntaxNode, grid: SyntaxNode, block: SyntaxNode, size: number, values: HostValues): TextEdit[] | string {
  if (block.type === 'identifier') {
    // `const int threads = 32; k<<<(n + threads - 1) / threads, threads>>>`: change the declaration, if
    // the name serves only this launch's configuration.
    const init = values.localInit(block.text, block);
    if (!init) return `\`${block.text}\` is not a local initialized once`;
    let fn: SyntaxNode | null = block;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    const uses = descendants(fn!).filter((d) => d.type === 'identifier' && d.text === block.text &&
      !(d.startIndex >= config.startIndex && d.endIndex <= config.endIndex) && d.parent?.type !== 'init_declarator');
    if (uses.length) return `\`${block.text}\` is also used outside this launch (line ${src.positionAt(uses[0].startIndex).line + 1})`;
    if (!new RegExp(`\\b${block.text}\\b`).test(grid.text)) return 'the grid is not derived from the block size';
    return [src.edit(init.startIndex, init.endIndex, String(size))];
  }
  if (block.type !== 'number_literal') return 'the block size is neither a literal nor a local constant';
  const b = block.text;
  const m = new RegExp(`^\\((.+)\\+(?:${b}-1|\\(${b}-1\\)|${Number(b) - 1})\\)/${b}$`).exec(squash(grid.text));
  if (!m) return `the grid is not written as (n + ${b} - 1) / ${b}`;
  return [
    src.edit(grid.startIndex, grid.endIndex, `(${m[1]} + ${size - 1}) / ${size}`),
    src.edit(block.startIndex, block.endIndex, String(size)),
  ];
}

export const blockSize: Rewrite = { id: 'block-size', apply: rewriteBlockSize };
