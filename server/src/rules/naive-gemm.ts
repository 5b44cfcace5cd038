// naive-gemm: a kernel that computes a matrix product with a k-loop reading one element of A and one of B
// from global memory per iteration and no shared-memory or register tiling. Each fused multiply-add then
// needs two fresh loads: 2 FLOPs per 8 bytes for floats (0.25 FLOP/byte), so without cache reuse the
// kernel is capped at bandwidth x 0.25, about 1% of the FP32 peak of a modern GPU. Tiling through shared
// memory divides the global loads by the tile width (CUDA C++ Programming Guide, "Shared Memory" matrix
// multiplication example); cuBLAS goes further with register tiles and tensor cores.
import { formMentions } from '../model/affine';
import type { AffineForm, Kernel, KernelLoop, MemoryAccess } from '../model/types';
import { indexSymbols, rootArray, strideAlong } from './analysis/thread-stride';
import type { Finding, Rule, RuleContext } from './types';
import { rewriteFixes } from '../rewrite';

const ID = 'naive-gemm';
/** Loops this short are stencils or small convolutions, not the reduction dimension of a product. */
const MIN_TRIP = 8;

const sameLoop = (a: KernelLoop, b: KernelLoop) => a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;

function addressOf(a: MemoryAccess): AffineForm | undefined {
  const f = a.indices[0];
  if (!f || a.indices.length !== 1) return undefined;
  return a.baseOffset ? { terms: [...f.terms, ...a.baseOffset.terms], constant: f.constant + a.baseOffset.constant } : f;
}

interface Operand { access: MemoryAccess; array: string; rest: Set<string> }

/** A global read inside the loop whose address moves with the loop variable and also depends on which
 *  output element the thread computes (its thread and block indices). */
function operand(a: MemoryAccess, variable: string, threadLocals: ReadonlySet<string>): Operand | undefined {
  const form = addressOf(a);
  if (!form) return textOperand(a, variable, threadLocals);
  if (!formMentions(form, (v) => v === variable)) return undefined;
  const along = strideAlong(form, variable);
  if (!along || (along.terms.length === 0 && along.constant === 0)) return undefined;
  const rest: AffineForm = { terms: form.terms.filter((t) => !t.vars.includes(variable)), constant: 0 };
  const symbols = indexSymbols(rest);
  return symbols.size > 0 ? { access: a, array: rootArray(a), rest: symbols } : undefined;
}

/** The same test on the index text when the index is not affine, as with a flat thread index split into
 *  `row = idx / N` and `col = idx % N`: the text must use the loop variable and a thread-dependent local. */
function textOperand(a: MemoryAccess, variable: string, threadLocals: ReadonlySet<string>): Operand | undefined {
  const text = a.indexTexts[0];
  if (a.indices.length !== 1 || a.baseArray || !text || !new RegExp(`\\b${variable}\\b`).test(text)) return undefined;
  const rest = new Set([...text.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((id) => id !== variable && threadLocals.has(id)));
  return rest.size > 0 ? { access: a, array: rootArray(a), rest } : undefined;
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

function gemmLoop(k: Kernel): { loop: KernelLoop; a: Operand; b: Operand } | undefined {
  if (k.sharedArrays.length > 0 || k.calls.some((c) => /mma|wmma/.test(c.name))) return undefined;
  for (const loop of k.loops) {
    if (!loop.variable || (loop.tripCount !== undefined && loop.tripCount < MIN_TRIP)) continue;
    const inLoop = k.accesses.filter((a) => a.space === 'global' && a.loops.some((l) => sameLoop(l, loop)));
    const reads = inLoop.filter((a) => !a.isWrite);
    const threadLocals = new Set(k.threadDependentLocals);
    const ops = reads.map((a) => operand(a, loop.variable as string, threadLocals)).filter((o): o is Operand => !!o);
    const arrays = [...new Set(ops.map((o) => o.array))];
    // Exactly two operands, one element of each per iteration: more reads of one matrix is register tiling.
    if (arrays.length !== 2 || ops.length !== 2) continue;
    const [a, b] = ops;
    if (sameSet(a.rest, b.rest)) continue;
    // The product lands in a third array, written once per thread after (or around) the k-loop.
    const stores = k.accesses.filter((x) => x.space === 'global' && x.isWrite && !arrays.includes(rootArray(x)));
    if (stores.length === 0) continue;
    return { loop, a, b };
  }
  return undefined;
}

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const gpu = ctx.gpu;
  for (const k of ctx.model.kernels) {
    if (k.file !== ctx.model.file) continue;
    const hit = gemmLoop(k);
    if (!hit) continue;
    const bytes = hit.a.access.elementBytes ?? 4;
    const isDouble = bytes === 8;
    const peak = (isDouble ? gpu.peakTflops.fp64 : gpu.peakTflops.fp32) ?? 0;
    const intensity = 2 / (2 * bytes);
    const capTflops = (gpu.memoryBandwidthGBps * intensity) / 1000;
    const share = peak > 0 ? ` (${((100 * capTflops) / peak).toFixed(1)}% of its ${peak} TFLOP/s ${isDouble ? 'FP64' : 'FP32'} peak)` : '';
    findings.push({
      ruleId: ID,
      file: k.file,
      range: hit.loop.headerRange,
      severity: 'info',
      message: `\`${k.name}\` computes a matrix product with a k-loop that reads \`${hit.a.access.array}[${hit.a.access.indexTexts[0]}]\` and ` +
        `\`${hit.b.access.array}[${hit.b.access.indexTexts[0]}]\` from global memory on every iteration and no shared-memory or register tiling: ` +
        `2 FLOPs per ${2 * bytes} bytes loaded (${intensity} FLOP/byte), which caps it near ${capTflops.toFixed(2)} TFLOP/s from ` +
        `${gpu.memoryBandwidthGBps} GB/s on ${gpu.shortName}${share} when caches do not help. ` +
        'Tile A and B through shared memory (each element loaded once per tile instead of once per output) or call cuBLAS (cublasSgemm).',
      related: [hit.a.access, hit.b.access].map((x) => ({ file: x.file, range: x.range, message: `operand \`${x.array}\` read from global memory` })),
    });
  }
  return findings;
}

export const rule: Rule = {
  id: ID,
  title: 'Naive matrix multiplication',
  defaultSeverity: 'info',
  category: 'kernel',
  description: 'A kernel computes a matrix product with a k-loop reading both operands from global memory and no shared-memory or register tiling.',
  check,
  fix: rewriteFixes,
};
