// shared-race: a shared-memory write and a read of another thread's element with no barrier between them
// on some path: straight-line (write then read, or read then overwrite) or around a loop (the write of
// the next iteration against the read of this one). Threads of a block run in no fixed order, so the
// read sees the old or the new value depending on scheduling. `__shared__` scalars published by some
// threads (`if (tid == 0) total = v;`) and read by all without a barrier are found in the kernel's text.
import type { Barrier, FunctionInfo, Kernel, KernelBody, MemoryAccess } from '../model/types';
import type { Finding, Rule, RuleContext } from './types';
import { mentionsThread } from './analysis/guards';
import { normalize, offsetAt, rangeOfOffsets, sameRange, sameStatement, withoutComments } from './analysis/source-text';
import { sharedScalarUses } from './analysis/shared-scalars';
import { perFunction } from './analysis/per-function';

interface Race { read: MemoryAccess; write: MemoryAccess; how: 'before' | 'after' | 'loop' | 'statement' }

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const code = withoutComments(ctx.text);
  const fns: FunctionInfo[] = [...ctx.model.kernels, ...ctx.model.deviceFunctions.filter((f) => f.body)];
  for (const fn of fns) findings.push(...perFunction(ctx, rule.id, fn, () => checkFunction(ctx, fn, code)));
  return findings;
}

function checkFunction(ctx: RuleContext, fn: FunctionInfo, code: string): Finding[] {
  const findings: Finding[] = [];
  const body: KernelBody = fn.kind === 'kernel' ? (fn as Kernel) : fn.body!;
  const locals = new Set(body.threadDependentLocals);
  const shared = body.accesses.filter((a) => a.space === 'shared' && a.file === ctx.model.file);
  const reported = new Set<MemoryAccess>();
  for (const read of shared) {
    if (!read.isRead || reported.has(read)) continue;
    for (const write of shared) {
      // Two aliases of one buffer (`a = smem; b = smem + n`) usually name disjoint parts: compare same names only.
      if (!write.isWrite || write === read || write.array !== read.array || root(write) !== root(read)) continue;
      if (read.atomic && write.atomic) continue;
      if (!otherThreadsElement(write, read, locals)) continue;
      const how = unsynchronised(ctx.text, code, body.barriers, write, read, locals);
      if (!how) continue;
      reported.add(read);
      findings.push(finding(ctx, { read, write, how }));
      break;
    }
  }
  if (fn.kind === 'kernel' && fn.file === ctx.model.file) findings.push(...scalarRaces(ctx, fn as Kernel, code));
  return findings;
}

/** `if (tid == 0) total = v;` then `x = total;` outside that `if` with no barrier in between. */
function scalarRaces(ctx: RuleContext, kernel: Kernel, code: string): Finding[] {
  const uses = sharedScalarUses(kernel, ctx.text, code);
  const out: Finding[] = [];
  const lines = new Set<number>();
  for (const read of uses) {
    if (read.isWrite) continue;
    const write = uses.find((w) => w.name === read.name && w.isWrite && w.guardEnd !== undefined &&
      w.start < read.start && read.start > w.guardEnd && !barrierBetween(ctx.text, kernel.barriers, w.end, read.start));
    const range = rangeOfOffsets(ctx.text, read.start, read.end);
    if (!write || lines.has(range.start.line)) continue;
    lines.add(range.start.line);
    const wrange = rangeOfOffsets(ctx.text, write.start, write.end);
    out.push({
      ruleId: rule.id, file: kernel.file, range, severity: rule.defaultSeverity,
      message: `Shared \`${read.name}\` is read here by threads that did not write it: only threads with \`${write.guardText}\` set it at line ` +
        `${wrange.start.line + 1}, and no barrier lies in between, so other warps may read it before the write lands. ` +
        'Put __syncthreads() after the write.',
      related: [{ file: kernel.file, range: wrange, message: 'the write by some threads' }],
    });
  }
  return out;
}

function root(a: MemoryAccess): string {
  return a.baseArray ?? a.array;
}

function indexKey(a: MemoryAccess): string {
  return a.indexTexts.map(normalize).join('][');
}

/** Whether `read` may read an element that another thread wrote through `write`. */
function otherThreadsElement(write: MemoryAccess, read: MemoryAccess, locals: ReadonlySet<string>): boolean {
  // Atomics at a data-dependent index (`atomicAdd(&bins[key], 1)`) exist because many threads hit the same
  // elements: any plain read of the array may see another thread's update.
  if (write.atomic && write.indices.some((f) => !f)) return true;
  const writeIsPerThread = write.indexTexts.some((t) => mentionsThread(t, locals));
  if (!writeIsPerThread) {
    // One element written for the block (`if (tid == 0) s[0] = v`): everybody else reading it races,
    // unless the reader is the writer itself (same election guard around both).
    const writerGuards = (write.guards ?? []).filter((g) => g.threadDependent);
    return !writerGuards.some((g) => (read.guards ?? []).some((h) => sameRange(g.range, h.range)));
  }
  if (indexKey(write) === indexKey(read)) return false;
  // A wrapped neighbour of the writer's own index (`s[(tid + 1) % N]` against `s[tid]`) is another thread's.
  if (write.indexTexts.length === 1 && read.indexTexts.length === 1 && wrappedNeighbour(read.indexTexts[0], write.indexTexts[0])) return true;
  // Distinct constant rows (`s[0][tid]` vs `s[1][tid]`) never meet.
  if (write.indexTexts.some((t, i) => /^\d+$/.test(t.trim()) && /^\d+$/.test(read.indexTexts[i]?.trim() ?? '') && Number(t) !== Number(read.indexTexts[i]))) return false;
  // Different subscripts with known affine forms address different elements; unknown forms stay silent.
  if (write.indices.some((f) => !f) || read.indices.some((f) => !f)) return false;
  return JSON.stringify(write.indices) !== JSON.stringify(read.indices);
}

const barrierOffsets = new WeakMap<Barrier[], number[]>();

function wrappedNeighbour(read: string, own: string): boolean {
  const m = /^\(\s*(.+?)\s*[+-]\s*[\w.]+\s*\)\s*%\s*[\w.]+$/.exec(read.trim());
  return m !== null && normalize(m[1]) === normalize(own);
}

function barrierBetween(text: string, barriers: Barrier[], from: number, to: number): boolean {
  let offsets = barrierOffsets.get(barriers);
  if (!offsets) barrierOffsets.set(barriers, (offsets = barriers.map((b) => offsetAt(text, b.range.start))));
  return offsets.some((at) => at >= from && at <= to);
}

/** `buf[nxt][tid] = ...` against `buf[cur][...]`: a block-uniform buffer selector that differs in the text
 *  names the other half of a double buffer within one iteration (the halves swap between iterations). */
function doubleBuffered(write: MemoryAccess, read: MemoryAccess, locals: ReadonlySet<string>): boolean {
  return write.indexTexts.some((t, i) => {
    const u = read.indexTexts[i];
    return u !== undefined && normalize(t) !== normalize(u) && !mentionsThread(t, locals) && !mentionsThread(u, locals);
  });
}

function unsynchronised(text: string, code: string, barriers: Barrier[], write: MemoryAccess, read: MemoryAccess, locals: ReadonlySet<string>): Race['how'] | undefined {
  const w = offsetAt(text, write.range.start);
  const r = offsetAt(text, read.range.start);
  if (doubleBuffered(write, read, locals)) {
    // Only the path around the loop can meet (checked below).
  } else if (sameStatement(code, w, r)) {
    // `s[tid] += s[tid + stride]` under `tid < stride`: writers and the elements they read are disjoint.
    // Without such a bound (or with `tid >= offset` and `s[tid - offset]`) a neighbour may write first.
    const bounded = (read.guards ?? []).some((g) => g.threadDependent && /(^|[^<])<(?![<=])|<=/.test(g.conditionText));
    if (!bounded) return 'statement';
  } else if (w < r ? !barrierBetween(text, barriers, w, r) : !barrierBetween(text, barriers, r, w)) {
    return w < r ? 'before' : 'after';
  }
  // Around a loop that holds both: the later one in this iteration against the earlier one in the next.
  const [first, second] = w <= r ? [w, r] : [r, w];
  for (const loop of read.loops) {
    if (!write.loops.some((l) => sameRange(l.range, loop.range))) continue;
    const start = offsetAt(text, loop.range.start);
    const end = offsetAt(text, loop.range.end);
    if (!barrierBetween(text, barriers, second, end) && !barrierBetween(text, barriers, start, first)) return 'loop';
  }
  return undefined;
}

function finding(ctx: RuleContext, race: Race): Finding {
  const { read, write, how } = race;
  const name = root(read);
  const r = `\`${read.array}[${read.indexTexts.join('][')}]\``;
  const w = `\`${write.array}[${write.indexTexts.join('][')}]\``;
  const line = write.range.start.line + 1;
  const where: Record<Race['how'], string> = {
    before: `reads an element of \`${name}\` that another thread writes through ${w} (line ${line}) with no barrier in between`,
    after: `reads an element of \`${name}\` that another thread overwrites through ${w} (line ${line}) later with no barrier in between`,
    loop: `reads an element of \`${name}\` that another thread writes through ${w} (line ${line}) in the next loop iteration with no barrier between the two`,
    statement: `reads an element of \`${name}\` that another thread writes through ${w} in the same step, and nothing keeps the writers and the elements read apart`,
  };
  return {
    ruleId: rule.id, file: read.file, range: read.range, severity: rule.defaultSeverity,
    message: `${r} ${where[how]}: warps run in no fixed order, so it sees the old or the new value depending on scheduling. ` +
      'Put __syncthreads() between the write and the read (or double-buffer the array).',
    related: [{ file: write.file, range: write.range, message: 'the conflicting write' }],
  };
}

export const rule: Rule = {
  id: 'shared-race',
  title: 'Shared-memory race between threads',
  defaultSeverity: 'warning',
  category: 'correctness',
  description: 'A shared-memory read of another thread\'s element with no barrier between it and the write on some path (before, after, or around a loop).',
  check,
};
