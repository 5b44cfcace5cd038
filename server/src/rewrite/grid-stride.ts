// Rewrite "grid-stride loop": turns a one-element-per-thread kernel into a loop that strides by the
// whole grid, and sizes each launch's grid to fill the target GPU once (SM count × resident blocks per
// SM). The loop covers every index for any grid, so the kernel stays correct for launches elsewhere.
// No rule triggers it; it is offered at the cursor (rewritesAt) on such a kernel or its launch.
import type { RuleContext, TextEdit } from '../rules/types';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { arrayUses, elementwiseShape } from './kernel-shape';
import { dispatchSeconds, residency, streamSeconds } from './perf';
import { indentBlock, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

export function rewriteGridStride(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const kernel = src.kernelForOffset(src.offsetAt(sitePosition(site)));
    if (!kernel) return { notOffered: 'no kernel or launch here' };
    const shape = elementwiseShape(kernel);
    if (typeof shape === 'string') return { notOffered: `not a one-element-per-thread kernel: ${shape}` };
    if (shape.gridStride) return { notOffered: `${kernel.name} is already a grid-stride loop` };
    const launches = src.launches().filter((l) => l.kernelName === kernel.name);
    if (!launches.length) return { notOffered: `no launch of ${kernel.name} in this file to size` };
    const values = new HostValues(src, ctx.model.constants);
    const edits: TextEdit[] = [];
    let blocksNote = '';
    for (const launch of launches) {
      const [grid, block] = launch.config;
      const threads = values.eval(block);
      if (!grid || !threads) return { notOffered: `the block size of the launch at line ${src.positionAt(launch.call.startIndex).line + 1} is not a known constant` };
      if (/\bdim3\b/.test(grid.text) || /\bdim3\b/.test(block.text)) return { notOffered: 'the launch uses dim3 shapes; only 1-D launches are resized' };
      const perSm = residency(ctx.gpu, threads).blocksPerSm;
      const fill = ctx.gpu.smCount * perSm;
      const needed = values.eval(grid);
      const blocks = needed !== undefined ? Math.min(needed, fill) : fill;
      blocksNote = `${ctx.gpu.smCount} SMs × ${perSm} blocks of ${threads}`;
      edits.push(src.edit(grid.startIndex, grid.endIndex, `${blocks} /* CUDA Lens: ${blocksNote} on ${ctx.gpu.shortName} */`));
    }
    const ind = src.indentAt(kernel.body.startIndex) + '  ';
    const gid = kernel.body.namedChildren[0]!.text.replace(/^[^=]*=\s*/, '').replace(/;\s*$/, '');
    const body = indentBlock(shape.payloadText, ind + '  ');
    const loop = `{\n${ind}for (${shape.indexType} ${shape.indexVar} = ${gid}; ${shape.indexVar} < ${shape.bound}; ${shape.indexVar} += blockDim.x * gridDim.x) {\n${body}\n${ind}}\n${src.indentAt(kernel.body.startIndex)}}`;
    edits.unshift(src.edit(kernel.body.startIndex, kernel.body.endIndex, loop));
    // Gain: the same bytes either way; fewer blocks only help where starting blocks was the limit.
    const uses = arrayUses(kernel, shape.payloadNodes);
    const bytesPerElement = uses.reduce((sum, u) => sum + (u.read ? 4 : 0) + (u.write ? 4 : 0), 0);
    const l0 = launches[0];
    const boundIndex = kernel.params.findIndex((p) => p.name === shape.bound);
    const n = (boundIndex >= 0 ? values.eval(l0.args[boundIndex]) : undefined) ?? 1 << 24;
    const threads = values.eval(l0.config[1]) ?? 256;
    const memory = streamSeconds(ctx.gpu, n * bytesPerElement);
    const before = Math.max(memory, dispatchSeconds(ctx.gpu, Math.ceil(n / threads)));
    const after = Math.max(memory, dispatchSeconds(ctx.gpu, ctx.gpu.smCount * residency(ctx.gpu, threads).blocksPerSm));
    return {
      title: `Convert ${kernel.name} to a grid-stride loop (${blocksNote}) — ${gainText(before, after, ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits,
    };
  });
}

export const gridStride: Rewrite = { id: 'grid-stride', apply: rewriteGridStride };
