// Rewrite "CUDA graph for a launch loop" (rule launch-in-loop): when a host loop's body is only kernel
// launches whose configurations and arguments do not change between iterations, capture one iteration
// with stream capture and replay the instantiated graph in the loop. Replaying saves the CPU cost of each
// `<<<>>>` (the graph submits all its kernels at once). Anything the host changes between iterations
// (the loop variable, a swapped pointer, a copy) would be frozen at its first value, so then the rewrite
// is not offered and says which.
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext } from '../rules/types';
import { launchOverhead } from '../cost/launch';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { arrayUses } from './kernel-shape';
import { memoryKernelSeconds } from './perf';
import { descendants, LaunchInfo, Source, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

/**
 * GPU time of one tiny kernel node when a captured graph is replayed back to back: 600 nodes (200
 * replays of 3 kernels over 4096 floats) took 0.98-1.01 ms on an H100 SXM, 1.64 us each, against 3.0-3.6 us
 * per `<<<>>>` launch of the same loop (this project's cuda_graph sample, scripts/device/rewrites.sh).
 */
const GRAPH_NODE_SECONDS = 1.64e-6;

/** Loops whose header can be kept around the replay (a do-while's condition follows its body; a range-for's
 *  element changes every iteration, so neither is rewritten). */
const LOOPS = new Set(['for_statement', 'while_statement']);

/** Error checks that may stay in the captured body: they read no data and are legal during capture. */
const HARMLESS = /^(?:[A-Za-z_]\w*\()?\(?(?:void\))?cuda(?:GetLastError|PeekAtLastError)\(\)\)?;$/;

export function rewriteCudaGraph(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const offset = src.offsetAt(sitePosition(site));
    const launch = src.launchAt(offset);
    let loop: SyntaxNode | null = launch?.statement ?? null;
    while (loop && !LOOPS.has(loop.type)) loop = loop.parent;
    if (!launch || !loop) return { notOffered: 'no kernel launch inside a host loop here' };
    const body = loop.childForFieldName('body');
    if (!body) return { notOffered: 'the loop body is not understood' };
    const stmts = body.type === 'compound_statement' ? body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') : [body];
    const launches = src.launches().filter((l) => stmts.some((s) => s.id === l.statement.id));
    const other = stmts.find((s) => !launches.some((l) => l.statement.id === s.id) && !HARMLESS.test(squash(s.text)));
    if (other) return { notOffered: `the loop body does more than launch kernels (line ${src.positionAt(other.startIndex).line + 1}: \`${other.text.split('\n')[0].slice(0, 60)}\`), so the host may change what the launches see between iterations` };

    const loopVars = loopVariables(loop);
    for (const l of launches) {
      if (l.config.length > 3 && !/^(0|nullptr|NULL|cudaStreamLegacy)$/.test(l.config[3].text.trim())) {
        return { notOffered: `the launch of ${l.kernelName} already names a stream; capture is only rewritten for default-stream loops` };
      }
      for (const id of descendants(l.call)) {
        if (id.type === 'identifier' && loopVars.has(id.text)) {
          return { notOffered: `the launch of ${l.kernelName} uses \`${id.text}\`, which changes every iteration; a graph would replay its first value` };
        }
        if (id.type === 'call_expression' && id.id !== l.call.id && !/^(dim3|make_\w+)$/.test(id.childForFieldName('function')?.text ?? '')) {
          return { notOffered: `the launch of ${l.kernelName} calls \`${id.childForFieldName('function')?.text}\` in its arguments, which the host evaluates every iteration` };
        }
        if (id.type === 'assignment_expression' || id.type === 'update_expression') return { notOffered: `the launch of ${l.kernelName} changes a host value in its arguments` };
      }
    }
    const edits = [src.edit(loop.startIndex, loop.endIndex, graphBlock(src, loop, stmts, launches))];

    // Gain: each iteration's launches cost max(kernel, CPU launch) each (the cost model's launch
    // overhead); replayed from a graph, max(kernel, one graph node).
    const values = new HostValues(src, ctx.model.constants);
    let before = 0;
    let after = 0;
    let assumed = false;
    for (const l of launches) {
      const seconds = kernelSeconds(src, l, values, ctx);
      if (seconds === undefined) assumed = true;
      const k = seconds ?? 0;
      before += launchOverhead(k, 1).perLaunchSeconds;
      after += Math.max(k, GRAPH_NODE_SECONDS);
    }
    const note = assumed ? ', kernel sizes unknown' : '';
    return {
      title: `Capture the loop's ${launches.length} launch${launches.length > 1 ? 'es' : ''} as a CUDA graph and replay it${note} — ${gainText(before, after, ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits,
    };
  });
}

function loopVariables(loop: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const header = [loop.childForFieldName('initializer'), loop.childForFieldName('condition'), loop.childForFieldName('update')];
  for (const h of header) for (const d of h ? descendants(h) : []) if (d.type === 'identifier') out.add(d.text);
  // Names the loop body assigns are host state too (none survive the "launches only" check, but keep the
  // rule general for the condition of while loops).
  return out;
}

/** Memory-bound time of one launch from the kernel's per-thread traffic and the launch's thread count. */
function kernelSeconds(src: Source, l: LaunchInfo, values: HostValues, ctx: RuleContext): number | undefined {
  const kernel = src.kernel(l.kernelName);
  const grid = values.eval(l.config[0]);
  const block = values.eval(l.config[1]);
  if (!kernel || !grid || !block) return undefined;
  const bytes = arrayUses(kernel, [kernel.body]).reduce((s, u) => s + (u.read ? 4 : 0) + (u.write ? 4 : 0), 0);
  return memoryKernelSeconds(ctx.gpu, grid * block * bytes);
}

function graphBlock(src: Source, loop: SyntaxNode, stmts: SyntaxNode[], launches: LaunchInfo[]): string {
  const ind = src.indentAt(loop.startIndex);
  const i2 = ind + '  ';
  const check = checkMacro(src.text);
  const call = (c: string) => (check ? `${check}(${c});` : `${c};`);
  const captured = stmts.map((st) => {
    const l = launches.find((x) => x.statement.id === st.id);
    if (!l) return `${i2}${st.text}`;
    const cfg = l.config.map((c) => c.text);
    while (cfg.length < 3) cfg.push('0');
    cfg[3] = 'cudaLensStream';
    const fn = l.call.childForFieldName('function')!.text;
    return `${i2}${fn}<<<${cfg.join(', ')}>>>${l.call.childForFieldName('arguments')!.text};`;
  });
  const header = src.text.slice(loop.startIndex, loop.childForFieldName('body')!.startIndex).trimEnd();
  return [
    `{`,
    `${i2}// CUDA Lens: the loop's launches are captured once as a CUDA graph and replayed each iteration.`,
    `${i2}cudaStream_t cudaLensStream;`,
    `${i2}cudaGraph_t cudaLensGraph;`,
    `${i2}cudaGraphExec_t cudaLensGraphExec;`,
    `${i2}${call('cudaStreamCreate(&cudaLensStream)')}`,
    `${i2}${call('cudaStreamBeginCapture(cudaLensStream, cudaStreamCaptureModeGlobal)')}`,
    ...captured,
    `${i2}${call('cudaStreamEndCapture(cudaLensStream, &cudaLensGraph)')}`,
    `${i2}${call('cudaGraphInstantiate(&cudaLensGraphExec, cudaLensGraph, 0)')}`,
    `${i2}${header} {`,
    `${i2}  ${call('cudaGraphLaunch(cudaLensGraphExec, cudaLensStream)')}`,
    `${i2}}`,
    `${i2}${call('cudaStreamSynchronize(cudaLensStream)')}`,
    `${i2}${call('cudaGraphExecDestroy(cudaLensGraphExec)')}`,
    `${i2}${call('cudaGraphDestroy(cudaLensGraph)')}`,
    `${i2}${call('cudaStreamDestroy(cudaLensStream)')}`,
    `${ind}}`,
  ].join('\n');
}

/** The file's error-check macro if it wraps CUDA calls somewhere (`CUDA_CHECK(cudaMalloc(...))`). */
function checkMacro(text: string): string | undefined {
  return /\b([A-Z][A-Z0-9_]*)\s*\(\s*cuda[A-Z]\w*\s*\(/.exec(text)?.[1];
}

export const cudaGraph: Rewrite = { id: 'cuda-graph', ruleId: 'launch-in-loop', apply: rewriteCudaGraph };
