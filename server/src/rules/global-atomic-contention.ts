// global-atomic-contention: every thread of the grid performs an atomic on the same global address
// (`atomicAdd(total, v)`, `atomicAdd(&count[0], 1)`). Atomics on one address are serialised where the
// line lives (the L2 slice that owns it), so the grid's N updates run one after another; reducing inside
// the block first leaves one atomic per block, warp aggregation one per warp (CUDA C++ Programming Guide,
// "Atomic Functions"; NVIDIA Developer Blog, "CUDA Pro Tip: Optimized Filtering with Warp-Aggregated
// Atomics", Adinets 2014).
import { withLoopStarts } from '../model/affine';
import type { IntrinsicCall, Kernel, LaunchSite, MemoryAccess, ProgramModel } from '../model/types';
import { underElection } from './analysis/guards';
import type { DeviceCode } from './analysis/device-code';
import { formatCount, launchesOf, launchThreads } from './analysis/launches';
import { gridVarying, rootArray } from './analysis/thread-stride';
import { textOf } from './analysis/syntax-cache';
import type { Finding, Rule, RuleContext } from './types';
import { perDeviceCode } from './analysis/per-function';

const ID = 'global-atomic-contention';
const WARP = 32;
/** Atomics that combine values (a block can pre-reduce them); exchange, compare-and-swap and the wrapping
 *  increment/decrement implement locks, flags and ring counters, where a block-level reduction is no fix. */
const REDUCIBLE = /^atomic(?:Add|Sub|Max|Min|And|Or|Xor)(?:_block|_system)?$/;

const within = (outer: IntrinsicCall, inner: MemoryAccess) =>
  (outer.range.start.line < inner.range.start.line || (outer.range.start.line === inner.range.start.line && outer.range.start.character <= inner.range.start.character)) &&
  (outer.range.end.line > inner.range.end.line || (outer.range.end.line === inner.range.end.line && outer.range.end.character >= inner.range.end.character));

/** True when the address is the same for every thread: no thread or block index in it (loop variables that
 *  do not depend on the thread are the same for all threads at the same iteration). */
function uniformAddress(a: MemoryAccess): boolean {
  if (a.indices.length === 0) return true;
  for (const raw of a.indices) {
    if (!raw) return false;
    const f = withLoopStarts(a.baseOffset ? { terms: [...raw.terms, ...a.baseOffset.terms], constant: raw.constant + a.baseOffset.constant } : raw, a.loops);
    if (!f || gridVarying(f)) return false;
  }
  return !a.loops.some((l) => l.threadDependent && a.indices.some((f) => f?.terms.some((t) => t.vars.includes(l.variable ?? '\0'))));
}

function isGlobal(model: ProgramModel, k: Kernel, a: MemoryAccess): boolean {
  if (a.space === 'global') return true;
  const name = rootArray(a);
  return (model.deviceVariables ?? []).some((v) => v.name === name && v.space === 'global') ||
    k.params.some((p) => p.name === name && p.isPointer);
}

function finding(ctx: RuleContext, call: IntrinsicCall, threads: number | undefined, block: number | undefined, launches: LaunchSite[]): Finding {
  const blocks = threads !== undefined && block ? Math.ceil(threads / block) : undefined;
  const who = threads !== undefined ? `all ${formatCount(threads)} threads of the launch update` : 'every thread of the grid updates';
  const after = blocks !== undefined && threads !== undefined
    ? `${formatCount(blocks)} atomics (one per block) instead of ${formatCount(threads)}, or ${formatCount(threads / WARP)} with warp aggregation`
    : `one atomic per block instead of one per thread (blockDim.x times fewer), or ${WARP}x fewer with warp aggregation`;
  const expr = textOf(ctx.text, call.range);
  return {
    ruleId: ID,
    file: call.file,
    range: call.range,
    severity: 'warning',
    message: `\`${expr}\`: ${who} the same global address \`${call.args[0]}\`; ` +
      `atomics on one address are serialised in the L2 cache, one after another, on ${ctx.gpu.shortName}. ` +
      `Reduce within the block first (shared memory, cg::reduce or __reduce_add_sync, then one thread per block does the atomic): ${after}.`,
    related: launches.map((l) => ({ file: l.file, range: l.range, message: `launch: ${l.grid.text} blocks of ${l.block.text} threads` })),
  };
}

function check(ctx: RuleContext): Finding[] {
  return perDeviceCode(ctx, ID, (code) => checkFunction(ctx, code));
}

function checkFunction(ctx: RuleContext, code: DeviceCode): Finding[] {
  const findings: Finding[] = [];
  const k = code.fn as Kernel;
  if (!code.isKernel || k.atomics.length === 0) return findings;
  const { threadLocals, lanes } = code;
  const launches = launchesOf(ctx.model, k);
  const counts = launches.map(launchThreads).filter((n): n is number => n !== undefined);
  // A launch of one warp or less has nothing to contend with.
  if (counts.length > 0 && counts.every((n) => n <= WARP)) return findings;
  const threads = counts.length > 0 ? Math.max(...counts) : undefined;
  const block = launches.map((l) => l.block.total).find((b) => b !== undefined);
  const report = (call: IntrinsicCall) => findings.push(finding(ctx, call, threads, block, launches));
  const covered = new Set<IntrinsicCall>();
  for (const a of k.accesses) {
    if (!a.atomic) continue;
    const call = k.atomics.find((c) => within(c, a));
    if (call) covered.add(call);
    if (!call || !REDUCIBLE.test(call.name) || !isGlobal(ctx.model, k, a) || underElection(a.guards, threadLocals, lanes) || !uniformAddress(a)) continue;
    report(call);
  }
  // `atomicAdd(&counter, 1)` on a __device__ scalar: the model records no array access for it.
  for (const call of k.atomics) {
    const m = /^&\s*(\w+)$/.exec(call.args[0] ?? '');
    if (covered.has(call) || !m || !REDUCIBLE.test(call.name) || underElection(call.guards, threadLocals, lanes)) continue;
    if ((ctx.model.deviceVariables ?? []).some((v) => v.name === m[1] && v.space === 'global')) report(call);
  }
  return findings;
}

export const rule: Rule = {
  id: ID,
  title: 'Global atomic contention',
  defaultSeverity: 'warning',
  category: 'kernel',
  description: 'Every thread of the grid performs an atomic on the same global address; reduce within the block or warp first.',
  check,
};
