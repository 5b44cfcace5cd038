// Rewrite "warp-shuffle reduction tail" (rule shared-reduction-tail): a shared-memory tree reduction
// `for (s = blockDim.x / 2; s > 0; s >>= 1) { if (tid < s) sdata[tid] += sdata[tid + s]; __syncthreads(); }`
// stops its barrier loop at s = 64; warp 0 then adds the last 64 partial sums with __shfl_down_sync, with
// no barrier per step. Offered only when every launch uses a power-of-two block of at least 64 threads.
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext } from '../rules/types';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { residency, streamSeconds } from './perf';
import { descendants, freshNames, identifiersIn, KernelInfo, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';
import { DRAM_LATENCY_CYCLES } from '../cost/constants';

/**
 * Cycles one step of the shared-memory tree costs a block on its critical path: a shared load, add and
 * store (~20-30 cycles of shared-memory latency each, Jia et al., "Dissecting the NVIDIA Volta GPU
 * Architecture via Microbenchmarking", 2018) plus the barrier and the wait for the slowest warp. 120
 * reproduces the 1.35× this rewrite measured on an H100 SXM for this project's warp_shuffle_tail sample
 * (scripts/device/rewrites.sh).
 */
const BARRIER_STEP_CYCLES = 120;
/** One shuffle step: shfl latency (~23-30 cycles, Jia et al. 2018) plus the add. */
const SHUFFLE_STEP_CYCLES = 30;

interface TailShape {
  loop: SyntaxNode; init: string; tid: string; array: string;
  /** How two partial results combine: `+` or a two-argument function (`fmaxf`, `fminf`, `max`, `min`). */
  combine: string;
}

export function rewriteWarpShuffleTail(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const offset = src.offsetAt(sitePosition(site));
    const kernel = src.kernelForOffset(offset);
    if (!kernel) return { notOffered: 'no kernel here' };
    const shapes = descendants(kernel.body).filter((d) => d.type === 'for_statement').map((l) => matchTree(kernel, l)).filter((s): s is TailShape => !!s);
    const shape = shapes.find((s) => s.loop.startIndex <= offset && offset <= s.loop.endIndex) ?? (shapes.length === 1 ? shapes[0] : undefined);
    if (!shape) return { notOffered: 'no `for (s = blockDim.x / 2; s > 0; s >>= 1) { if (tid < s) a[tid] += a[tid + s]; __syncthreads(); }` loop here' };
    const elementType = sharedElementType(kernel, shape.array);
    if (!elementType || !/^(float|double|int|unsigned( int)?|long long)$/.test(elementType)) return { notOffered: `the element type of ${shape.array} is not a plain number type` };

    // Block sizes: every launch must use a known power of two >= 64, so the loop's last step is s = 64.
    const values = new HostValues(src, ctx.model.constants);
    const launches = src.launches().filter((l) => l.kernelName === kernel.name);
    if (!launches.length) return { notOffered: `no launch of ${kernel.name} in this file shows its block size` };
    let blockThreads = 0;
    for (const l of launches) {
      const b = values.eval(l.config[1]);
      if (!b || b < 64 || (b & (b - 1)) !== 0) return { notOffered: `a launch uses ${b ?? 'an unknown'} threads per block; the shuffle tail needs a power of two of at least 64` };
      blockThreads = b;
    }
    if (!/^blockDim\.x(\/2|>>1)$/.test(squash(shape.init))) {
      const start = values.eval(descendants(shape.loop).find((d) => d.type === 'init_declarator')?.childForFieldName('value') ?? undefined);
      if (!start || start < 32 || (start & (start - 1)) !== 0) return { notOffered: 'the loop does not start at blockDim.x / 2 or a known power of two >= 32' };
    }

    // Keep one barrier after the tail unless only thread 0 reads the result afterwards.
    const after = followingStatements(shape.loop);
    const onlyThreadZero = after.every((s) => s.type === 'if_statement' && new RegExp(`^\\((${shape.tid}|threadIdx\\.x)==0\\)$`).test(squash(s.childForFieldName('condition')?.text ?? '')));
    const ind = src.indentAt(shape.loop.startIndex);
    const header = src.text.slice(shape.loop.startIndex, shape.loop.childForFieldName('body')!.startIndex)
      .replace(/(\w+)\s*>\s*0\s*;/, '$1 > 32;').replace(/(\w+)\s*>=\s*1\s*;/, '$1 > 32;');
    const body = shape.loop.childForFieldName('body')!.text;
    const nm = freshNames(identifiersIn(kernel.node), ['v', 'offset']);
    const join = (a: string, b: string) => (shape.combine === '+' ? `${a} + ${b}` : `${shape.combine}(${a}, ${b})`);
    const tail = [
      `${header}${body}`,
      `${ind}if (${shape.tid} < 32) {`,
      `${ind}  // CUDA Lens: warp 0 combines the last 64 partial results with shuffles instead of five barrier steps.`,
      `${ind}  ${elementType} ${nm.v} = ${join(`${shape.array}[${shape.tid}]`, `${shape.array}[${shape.tid} + 32]`)};`,
      `${ind}  for (int ${nm.offset} = 16; ${nm.offset} > 0; ${nm.offset} >>= 1) ${nm.v} = ${join(nm.v, `__shfl_down_sync(0xffffffffu, ${nm.v}, ${nm.offset})`)};`,
      `${ind}  if (${shape.tid} == 0) ${shape.array}[0] = ${nm.v};`,
      `${ind}}`,
      ...(onlyThreadZero ? [] : [`${ind}__syncthreads();`]),
    ].join('\n');

    // Gain: each block's critical path (load latency, then the tree) against the DRAM time of the input.
    const n = values.eval(launches[0].config[0]);
    const blocks = n ?? 16384;
    const steps = Math.log2(blockThreads);
    const res = residency(ctx.gpu, blockThreads, blockThreads * 4).blocksPerSm;
    const rounds = Math.ceil(blocks / (ctx.gpu.smCount * Math.max(1, res)));
    const path = (barrierSteps: number, shuffleSteps: number) => DRAM_LATENCY_CYCLES + barrierSteps * BARRIER_STEP_CYCLES + shuffleSteps * SHUFFLE_STEP_CYCLES;
    const clock = ctx.gpu.boostClockMhz * 1e6;
    const dram = streamSeconds(ctx.gpu, blocks * blockThreads * 4);
    const before = Math.max(dram, (rounds * path(steps, 0)) / clock);
    const afterT = Math.max(dram, (rounds * path(steps - 5 + (onlyThreadZero ? 0 : 1), 5)) / clock);
    return {
      title: `Finish the reduction with warp shuffles (5 barrier steps fewer)${n === undefined ? ', grid unknown' : ''} — ${gainText(before, afterT, ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits: [src.edit(shape.loop.startIndex, shape.loop.endIndex, tail)],
    };
  });
}

function matchTree(kernel: KernelInfo, loop: SyntaxNode): TailShape | undefined {
  const s = squash(loop.text);
  const m = /^for\((?:unsignedint|int|unsigned)(\w+)=(.+?);\1>(?:0|=1);\1(?:>>=1|\/=2|=\1>>1|=\1\/2)\)\{if\((\w+(?:\.x)?)<\1\)\{?(.+?);\}?__syncthreads\(\);\}$/.exec(s);
  if (!m) return undefined;
  const [, v, init, tid, step] = m;
  // The step: a[t] += a[t + s], a[t] = a[t] + a[t + s], or a[t] = f(a[t], a[t + s]) for f a max or min.
  const t = tid.replace('.', '\\.');
  const add = new RegExp(`^(\\w+)\\[${t}\\](?:\\+=\\1\\[${t}\\+${v}\\]|=\\1\\[${t}\\]\\+\\1\\[${t}\\+${v}\\])$`).exec(step);
  const fn = new RegExp(`^(\\w+)\\[${t}\\]=(fmaxf|fminf|fmax|fmin|max|min)\\(\\1\\[${t}\\],\\1\\[${t}\\+${v}\\]\\)$`).exec(step);
  const array = add?.[1] ?? fn?.[1];
  if (!array) return undefined;
  if (tid !== 'threadIdx.x') {
    const decl = descendants(kernel.body).find((d) => d.type === 'init_declarator' && d.childForFieldName('declarator')?.text === tid);
    if (!decl || squash(decl.childForFieldName('value')?.text ?? '') !== 'threadIdx.x') return undefined;
  }
  return { loop, init, tid, array, combine: add ? '+' : fn![2] };
}

function sharedElementType(kernel: KernelInfo, name: string): string | undefined {
  for (const d of descendants(kernel.body)) {
    if (d.type !== 'declaration' || !/\b__shared__\b/.test(d.text)) continue;
    if (descendants(d).some((x) => x.type === 'identifier' && x.text === name)) return d.childForFieldName('type')?.text.trim();
  }
  return undefined;
}

function followingStatements(loop: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let n = loop.nextNamedSibling; n; n = n.nextNamedSibling) if (n.type !== 'comment') out.push(n);
  return out;
}

export const warpShuffleTail: Rewrite = { id: 'warp-shuffle-tail', ruleId: 'shared-reduction-tail', apply: rewriteWarpShuffleTail };
