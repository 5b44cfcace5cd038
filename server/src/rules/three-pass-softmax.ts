// three-pass-softmax: softmax computed as separate loops over the same row (the maximum, the sum of
// exponentials, the normalisation; some kernels also write the exponentials in a pass of their own), each
// reading the row from memory again. Online softmax keeps a running maximum and rescales the running sum
// (Milakov and Gimelshein, "Online normalizer calculation for softmax", 2018; Dukhan and Ablavatski, "The
// Two-Pass Softmax Algorithm", 2020), so two passes do: a memory-bound row softmax then moves 3 row-sized
// transfers (2 reads + 1 write) instead of 4 (25% less) for three passes, or 6 (50% less) for four.
import type { Kernel, KernelLoop, MemoryAccess } from '../model/types';
import { textOf } from './analysis/syntax-cache';
import { rootArray } from './analysis/thread-stride';
import type { Finding, Rule, RuleContext } from './types';
import { rewriteFixes } from '../rewrite';

const ID = 'three-pass-softmax';
/** A running maximum: `m = fmaxf(m, v)`, `if (v > m) m = v;`, `if (m < v) { m = v; }`, `m = v > m ? v : m`. */
const MAX_UPDATE = /\b(?:fmaxf|fmax|max|__fmaxf|std::max)\s*\(|>\s*(\w+)\s*\)\s*\{?\s*\1\s*=(?!=)|\b(\w+)\s*<[^;)]*\)\s*\{?\s*\2\s*=(?!=)|>\s*[\w.]+\s*\?/;
/** Accumulation into a scalar: `s += e`, `s = s + e`. */
const ACCUMULATE = /(\w+)\s*\+=|\b(\w+)\s*=\s*\2\s*\+/;
/** Row-sized transfers of online softmax: one read for max and sum together, one to normalise, one write. */
const ONLINE_TRANSFERS = 3;
const EXP_CALL = /\b(?:expf|__expf|exp|exp2f|__exp2f|exp2|hexp)\s*\(/;

const contains = (outer: KernelLoop, inner: KernelLoop) =>
  (outer.range.start.line < inner.range.start.line || (outer.range.start.line === inner.range.start.line && outer.range.start.character < inner.range.start.character)) &&
  (outer.range.end.line > inner.range.end.line || (outer.range.end.line === inner.range.end.line && outer.range.end.character >= inner.range.end.character));
const before = (a: KernelLoop, b: KernelLoop) =>
  a.range.end.line < b.range.start.line || (a.range.end.line === b.range.start.line && a.range.end.character <= b.range.start.character);
const sameLoop = (a: KernelLoop, b: KernelLoop) => a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;

/** One loop: its body text (the header's `i += stride` is not an accumulation) and the global arrays it
 *  reads and writes. */
interface Pass { loop: KernelLoop; text: string; reads: Set<string>; writes: Set<string> }

/** Sibling loops grouped by the loop that directly encloses them (none for the kernel's top level): the
 *  passes of a softmax are siblings, at the top of the kernel or inside a loop over rows or heads. */
function passGroups(k: Kernel, text: string): Pass[][] {
  const parentOf = (l: KernelLoop) => k.loops.filter((o) => o !== l && contains(o, l))
    .sort((a, b) => (contains(a, b) ? 1 : -1))[0];
  const groups = new Map<KernelLoop | undefined, Pass[]>();
  for (const loop of k.loops) {
    const inside = k.accesses.filter((a: MemoryAccess) => a.space === 'global' && a.loops.some((l) => sameLoop(l, loop)));
    const pass = {
      loop,
      text: textOf(text, { start: loop.headerRange.end, end: loop.range.end }),
      reads: new Set(inside.filter((a) => a.isRead || !a.isWrite).map(rootArray)),
      writes: new Set(inside.filter((a) => a.isWrite).map(rootArray)),
    };
    const parent = parentOf(loop);
    groups.set(parent, [...(groups.get(parent) ?? []), pass]);
  }
  return [...groups.values()];
}

/** Finds a max pass over X, a later pass taking exponentials of X (accumulating them, or writing them to Y
 *  that a later pass sums), then a later normalising pass that writes the output. */
function softmaxPasses(passes: Pass[]): Pass[] | undefined {
  for (const max of passes) {
    if (!MAX_UPDATE.test(max.text) || EXP_CALL.test(max.text) || max.writes.size > 0) continue;
    for (const x of max.reads) {
      for (const exp of passes.filter((p) => before(max.loop, p.loop) && p.reads.has(x) && EXP_CALL.test(p.text))) {
        const sums = ACCUMULATE.test(exp.text) ? exp
          : passes.find((p) => before(exp.loop, p.loop) && ACCUMULATE.test(p.text) && [...exp.writes].some((w) => p.reads.has(w)));
        if (!sums) continue;
        const sources = new Set([x, ...exp.writes]);
        const norm = passes.find((p) => before(sums.loop, p.loop) && p.writes.size > 0 && [...p.reads].some((r) => sources.has(r)));
        if (norm) return sums === exp ? [max, exp, norm] : [max, exp, sums, norm];
      }
    }
  }
  return undefined;
}

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const k of ctx.model.kernels) {
    if (k.file !== ctx.model.file) continue;
    const hit = passGroups(k, ctx.text).map(softmaxPasses).find((h) => h !== undefined);
    if (!hit) continue;
    const line = (p: Pass) => `line ${p.loop.range.start.line + 1}`;
    const roles = hit.length === 3
      ? [`maximum at ${line(hit[0])}`, `sum of exponentials at ${line(hit[1])}`, `normalisation at ${line(hit[2])}`]
      : [`maximum at ${line(hit[0])}`, `exponentials at ${line(hit[1])}`, `their sum at ${line(hit[2])}`, `normalisation at ${line(hit[3])}`];
    // Every pass reads a row; the passes that store write one. Online softmax: 2 reads + 1 write.
    const transfers = hit.length + hit.filter((p) => p.writes.size > 0).length;
    const saved = Math.round((100 * (transfers - ONLINE_TRANSFERS)) / transfers);
    findings.push({
      ruleId: ID,
      file: k.file,
      range: hit[0].loop.headerRange,
      severity: 'hint',
      message: `\`${k.name}\` computes softmax in ${hit.length} passes over the row (${roles.join(', ')}), ${transfers} row-sized memory transfers. ` +
        'Online softmax keeps a running maximum m and rescales the running sum (`s = s * expf(m_old - m) + expf(x - m)`), so maximum and sum ' +
        `share one read: ${ONLINE_TRANSFERS} transfers (2 reads, 1 write) instead of ${transfers}, ${saved}% less DRAM traffic when rows do not stay ` +
        `in cache between passes (${ctx.gpu.memoryBandwidthGBps} GB/s, ${ctx.gpu.l2CacheMB} MB L2 on ${ctx.gpu.shortName}).`,
      related: hit.slice(1).map((p, i) => ({ file: k.file, range: p.loop.headerRange, message: roles[i + 1] })),
    });
  }
  return findings;
}

export const rule: Rule = {
  id: ID,
  title: 'Three-pass softmax',
  defaultSeverity: 'hint',
  category: 'kernel',
  description: 'Softmax computed as separate max, sum-of-exp and normalize passes over the same row, where online softmax needs two.',
  check,
  fix: rewriteFixes,
};
