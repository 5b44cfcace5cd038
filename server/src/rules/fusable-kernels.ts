// fusable-kernels: two consecutive launches over the same grid and block where the second reads, at the
// same index, an array the first wrote (`tmp[i]` produced by k1, consumed by k2). One fused kernel keeps
// the value in a register: it saves a launch and the intermediate array's round trip through DRAM.
import type { FunctionInfo, LaunchSite, MemoryAccess } from '../model/types';
import type { Finding, Rule, RuleContext } from './types';
import { DRAM_EFFICIENCY, KERNEL_FIXED_SECONDS, LAUNCH_CPU_SECONDS } from '../cost/constants';
import { comparePositions, normalize, sameRange } from './analysis/source-text';
import { formatMicros } from './analysis/launch-config';
import { rewriteFixes } from '../rewrite';
import { perLaunch } from './analysis/per-launch';
import { enclosingHostFunction } from './analysis/host-functions';


function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  // This file's launches only: a header's launch sorted in by its position would split a pair.
  const launches = ctx.model.launches.filter((l) => l.file === ctx.model.file).sort((a, b) => comparePositions(a.range.start, b.range.start));
  for (let i = 0; i + 1 < launches.length; i++) {
    const [a, b] = [launches[i], launches[i + 1]];
    // Memoized per launch pair: what lies between the two is in their host functions, whose change would
    // give new launch objects.
    findings.push(...perLaunch(ctx, rule.id, a, [b, b.kernel], () => checkPair(ctx, a, b)));
  }
  return findings;
}

/** The finding for launch `b` when it can be fused with the launch `a` just before it. */
function checkPair(ctx: RuleContext, a: LaunchSite, b: LaunchSite): Finding[] {
  if (!sameShape(a, b) || !sameFunction(ctx, a, b)) return [];
  const flow = producedThenConsumed(a, b);
  if (!flow || !onlyElementwiseSharing(a, b) || touchedBetween(ctx, a, b, flow.arg)) return [];
  return [{
    ruleId: rule.id, file: b.file, range: b.range, severity: rule.defaultSeverity,
    message: message(ctx, a, b, flow),
    related: [
      { file: a.file, range: a.range, message: `\`${a.kernelName}\` produces \`${flow.arg}\`` },
      { file: flow.write.file, range: flow.write.range, message: 'the elementwise write' },
    ],
  }];
}

/** Both launches in one function: by range, since overloads share a name (and what lies between two
 *  launches of different functions is not theirs to fuse across). Kernels and `__host__ __device__`
 *  functions launch too (dynamic parallelism). */
function sameFunction(ctx: RuleContext, a: LaunchSite, b: LaunchSite): boolean {
  const fa = functionAround(ctx, a);
  return fa !== undefined && fa === functionAround(ctx, b);
}

function functionAround(ctx: RuleContext, l: LaunchSite): FunctionInfo | undefined {
  return enclosingHostFunction(ctx.model, l.file, l.range) ??
    [...ctx.model.kernels, ...ctx.model.deviceFunctions].find((f) => f.file === l.file && comparePositions(f.range.start, l.range.start) <= 0 &&
      comparePositions(l.range.end, f.range.end) <= 0);
}

function sameShape(a: LaunchSite, b: LaunchSite): boolean {
  if (a.file !== b.file || a.enclosingFunction !== b.enclosingFunction || !a.kernel || !b.kernel) return false;
  if (a.hostLoops.length !== b.hostLoops.length || a.hostLoops.some((l, i) => !sameRange(l.range, b.hostLoops[i].range))) return false;
  const stream = (l: LaunchSite) => normalize(l.stream ?? '0').replace(/^(cudaStreamDefault|nullptr|NULL)$/, '0');
  if (stream(a) !== stream(b)) return false;
  const same = (x: LaunchSite['grid'], y: LaunchSite['grid']) => normalize(x.text) === normalize(y.text) ||
    (x.total !== undefined && x.x === y.x && x.y === y.y && x.z === y.z);
  return same(a.grid, b.grid) && same(a.block, b.block);
}

/** A runtime call between the launches that names the intermediate (`cudaMemcpy(h, tmp, ...)`,
 *  `cudaMemset(tmp, ...)`) uses it outside the kernels, so it must stay in memory. Syncs, events and
 *  error checks in between do not matter for fusion. */
function touchedBetween(ctx: RuleContext, a: LaunchSite, b: LaunchSite, arg: string): boolean {
  const name = /\w+/.exec(arg)?.[0];
  const mentions = (t: string) => (name ? new RegExp(`\\b${name}\\b`).test(t) : true);
  return ctx.model.runtimeCalls.some((c) => c.file === a.file && comparePositions(c.range.start, a.range.end) >= 0 &&
    comparePositions(c.range.end, b.range.start) <= 0 && c.args.some(mentions));
}

/** Keys already computed: accesses are model data reused across keystrokes while their kernel is unchanged,
 *  and every launch pair asks for them again. `null` stands for "not elementwise". */
const elementwiseKeys = new WeakMap<MemoryAccess, string | null>();

/** The index form as a key when it is one element per thread of the grid (global thread id, possibly
 *  through a grid-stride loop variable); undefined for anything else. */
function elementwiseKey(access: MemoryAccess): string | undefined {
  let key = elementwiseKeys.get(access);
  if (key === undefined) elementwiseKeys.set(access, (key = computeElementwiseKey(access) ?? null));
  return key ?? undefined;
}

function computeElementwiseKey(access: MemoryAccess): string | undefined {
  if (access.indices.length !== 1 || !access.indices[0]) return undefined;
  const form = access.indices[0];
  const vars = form.terms.flatMap((t) => t.vars);
  const gridStride = access.loops.find((l) => l.gridStride && l.variable && vars.includes(l.variable));
  if (gridStride && form.terms.length === 1 && form.constant === 0 && form.terms[0].coef === 1 && form.terms[0].vars.length === 1) return 'grid-stride';
  if (access.loops.length > 0 || !vars.some((v) => v.startsWith('threadIdx.')) || !vars.some((v) => v.startsWith('blockIdx.'))) return undefined;
  if (!vars.every((v) => /^(threadIdx|blockIdx|blockDim|gridDim)\./.test(v))) return undefined;
  return JSON.stringify(form);
}

/** Global accesses of a launch's kernel grouped by the argument text that fills each pointer parameter. */
function accessesByArgument(l: LaunchSite): Map<string, MemoryAccess[]> {
  const out = new Map<string, MemoryAccess[]>();
  l.kernel!.params.forEach((p, i) => {
    const arg = l.args[i]?.text;
    if (!p.isPointer || !arg) return;
    const list = l.kernel!.accesses.filter((x) => x.space === 'global' && (x.baseArray ?? x.array) === p.name);
    out.set(normalize(arg), [...(out.get(normalize(arg)) ?? []), ...list]);
  });
  return out;
}

/** Fusing is only safe when every buffer both kernels touch, with at least one writing it, is accessed
 *  by thread i at element i only: otherwise a block of the fused kernel could overwrite what another
 *  block has yet to read (`reduce` writing `out[blockIdx.x]` into the buffer `scale` reads). */
function onlyElementwiseSharing(a: LaunchSite, b: LaunchSite): boolean {
  const inA = accessesByArgument(a);
  const inB = accessesByArgument(b);
  for (const [arg, xs] of inA) {
    const ys = inB.get(arg);
    if (!ys || ys.length === 0 || xs.length === 0) continue;
    if (!xs.some((x) => x.isWrite) && !ys.some((y) => y.isWrite)) continue;
    const keys = new Set([...xs, ...ys].map(elementwiseKey));
    if (keys.size !== 1 || keys.has(undefined)) return false;
  }
  return true;
}

interface Flow { arg: string; write: MemoryAccess; read: MemoryAccess; bytes?: number }

function producedThenConsumed(a: LaunchSite, b: LaunchSite): Flow | undefined {
  const ka = a.kernel!;
  const kb = b.kernel!;
  for (const [pi, p] of ka.params.entries()) {
    const arg = a.args[pi]?.text;
    if (!p.isPointer || !arg) continue;
    const inA = ka.accesses.filter((x) => x.space === 'global' && x.array === p.name && !x.baseArray);
    const writes = inA.filter((x) => x.isWrite);
    if (writes.length === 0) continue;
    const key = elementwiseKey(writes[0]);
    // Every access of A to the array is at the thread's own element, so B's thread i needs only A's thread i.
    if (!key || inA.some((x) => elementwiseKey(x) !== key)) continue;
    for (const [qi, q] of kb.params.entries()) {
      if (!q.isPointer || normalize(b.args[qi]?.text ?? '') !== normalize(arg)) continue;
      const inB = kb.accesses.filter((x) => x.space === 'global' && x.array === q.name && !x.baseArray);
      const reads = inB.filter((x) => x.isRead);
      if (reads.length === 0 || inB.some((x) => elementwiseKey(x) !== key)) continue;
      const threads = (a.grid.total ?? NaN) * (a.block.total ?? NaN);
      const bytes = Number.isFinite(threads) ? threads * (writes[0].elementBytes ?? 4) * 2 : undefined;
      return { arg, write: writes[0], read: reads[0], bytes };
    }
  }
  return undefined;
}

function message(ctx: RuleContext, a: LaunchSite, b: LaunchSite, flow: Flow): string {
  const bw = ctx.gpu.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY;
  const traffic = flow.bytes !== undefined
    ? ` and the round trip of \`${flow.arg}\` through DRAM (${(flow.bytes / 1e6).toFixed(1)} MB written then read back, ~${formatMicros(flow.bytes / bw)} at ${(ctx.gpu.memoryBandwidthGBps / 1000).toFixed(2)} TB/s on ${ctx.gpu.shortName})`
    : ` and the round trip of \`${flow.arg}\` through DRAM`;
  return `\`${b.kernelName}\` reads \`${flow.read.array}[${flow.read.indexTexts.join('][')}]\`, the element the same thread of \`${a.kernelName}\` ` +
    `wrote just before (line ${a.range.start.line + 1}), over the same grid and block: fusing the two kernels saves a launch ` +
    `(~${formatMicros(LAUNCH_CPU_SECONDS)} to issue, ~${formatMicros(KERNEL_FIXED_SECONDS)} of fixed kernel time)${traffic}. ` +
    'Compute both steps in one kernel and keep the intermediate in a register.';
}

export const rule: Rule = {
  id: 'fusable-kernels',
  title: 'Consecutive elementwise kernels that could be fused',
  defaultSeverity: 'info',
  category: 'host',
  description: 'Two consecutive launches with the same grid and block where the second reads, element by element, what the first just wrote.',
  check,
  fix: rewriteFixes,
};
