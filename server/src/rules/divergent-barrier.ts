// divergent-barrier: a __syncthreads() that not every thread of the block reaches: it sits under a
// condition (or in a loop whose trip count) that differs between threads of a block, or some threads
// return early before it. The CUDA C++ Programming Guide allows __syncthreads() in conditional code only
// when the condition evaluates identically across the whole block; otherwise the block hangs or
// proceeds with stale shared data (undefined behaviour).
import type { Barrier, FunctionInfo, Guard, KernelBody } from '../model/types';
import type { Finding, RelatedLocation, Rule, RuleContext } from './types';
import { comparePositions, contains, textOf } from './analysis/source-text';
import { mentionsThread } from './analysis/guards';

/** Kernel bodies and device-function bodies (a barrier in a helper called from a kernel), with their text. */
function bodies(ctx: RuleContext): { body: KernelBody; text: string }[] {
  const bodyText = (f: FunctionInfo) => (f.bodyRange && f.file === ctx.model.file ? textOf(ctx.text, f.bodyRange) : '');
  const out = ctx.model.kernels.map((k) => ({ body: k as KernelBody, text: bodyText(k) }));
  for (const f of ctx.model.deviceFunctions) if (f.body) out.push({ body: f.body, text: bodyText(f) });
  return out;
}

/**
 * Whether a barrier waits for the whole block: `__syncthreads()` (and its _count/_and/_or forms), or a
 * cooperative-groups sync on a thread_block or grid (`cta.sync()`, `cg::sync(block)`,
 * `this_thread_block().sync()`). Tile and warp syncs (`tile32.sync()`, `__syncwarp()`) are left out:
 * they only involve the threads of one tile.
 */
function blockBarrier(b: Barrier, barrierText: string, bodyText: string): boolean {
  if (b.kind === '__syncthreads') return true;
  if (b.kind !== 'cg.sync') return false;
  if (/this_(thread_block|grid)\s*\(\s*\)\s*\.\s*sync/.test(barrierText)) return true;
  const name = /^(\w+)\s*\.\s*sync\b/.exec(barrierText)?.[1] ?? /^(?:cg|cooperative_groups)\s*::\s*sync\s*\(\s*(\w+)/.exec(barrierText)?.[1];
  if (!name) return false;
  return new RegExp(`\\b(thread_block|grid_group)\\s+${name}\\b|\\b${name}\\s*=\\s*(cg::|cooperative_groups::)?this_(thread_block|grid)\\s*\\(`).test(bodyText);
}

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { body, text } of bodies(ctx)) {
    for (const b of body.barriers) {
      if (b.file !== ctx.model.file) continue;
      const call = textOf(ctx.text, b.range);
      if (!blockBarrier(b, call, text)) continue;
      const reason = guardReason(b, body, call) ?? returnReason(b, body, call);
      if (!reason) continue;
      findings.push({
        ruleId: rule.id, file: b.file, range: b.range, severity: rule.defaultSeverity,
        message: `${reason.text} Threads that do not arrive leave the rest of the block waiting at the barrier: it hangs or continues with ` +
          `stale shared memory (undefined behaviour). ${reason.advice}`,
        related: [{ ...reason.related }],
      });
    }
  }
  return findings;
}

interface Reason { text: string; advice: string; related: RelatedLocation }

/**
 * A thread-dependent guard can still be uniform across the block when what makes it thread-dependent is
 * a `__shared__` variable read at a uniform index (`if (amLast)` after one thread set `amLast` and a
 * barrier: the threadFenceReduction last-block pattern). Every thread of the block reads the same value.
 */
function divergent(g: Guard, body: KernelBody): boolean {
  if (!g.threadDependent) return false;
  const shared = body.sharedArrays.map((a) => a.name);
  const locals = new Set(body.threadDependentLocals.filter((n) => !shared.includes(n)));
  let rest = g.conditionText;
  for (const name of shared) {
    rest = rest.replace(new RegExp(`\\b${name}\\b((\\s*\\[[^\\]]*\\])*)`, 'g'), (_m, subs: string) =>
      (subs && mentionsThread(subs, locals) ? subs : ' '));
  }
  return mentionsThread(rest, locals);
}

function guardReason(b: Barrier, body: KernelBody, call: string): Reason | undefined {
  const g: Guard | undefined = b.guards.find((x) => divergent(x, body));
  if (!g) return undefined;
  const loop = g.kind === 'for' || g.kind === 'while' || g.kind === 'do';
  return loop
    ? {
      text: `\`${call}\` is inside a loop whose condition \`${g.conditionText}\` differs between threads of a block, so threads run different numbers of iterations and reach the barrier different numbers of times.`,
      advice: 'Make the trip count uniform (loop over a block-wide bound and guard the work inside) so every thread reaches each barrier.',
      related: { file: g.file, range: g.range, message: 'thread-dependent loop condition' },
    }
    : {
      text: g.kind === 'switch'
        ? `\`${call}\` is reached only by threads in one case of \`switch (${g.conditionText})\`, a value that differs between threads of a block.`
        : `\`${call}\` is reached only by threads for which \`${g.conditionText}\` is ${g.kind === 'else' ? 'false' : 'true'}, a condition that differs between threads of a block.`,
      advice: 'Move the barrier out of the condition so every thread of the block reaches it, and keep only the work conditional.',
      related: { file: g.file, range: g.range, message: 'thread-dependent condition' },
    };
}

function returnReason(b: Barrier, body: KernelBody, call: string): Reason | undefined {
  for (const r of body.returns) {
    const g = r.guards.find((x) => divergent(x, body));
    if (!g) continue;
    const before = comparePositions(r.range.end, b.range.start) <= 0;
    // A return later in a loop body still skips the barrier of the following iterations.
    const sameLoop = (b.loops ?? []).some((l) => contains(l.range, r.range));
    if (!before && !sameLoop) continue;
    return {
      text: `Threads for which \`${g.conditionText}\` holds return at line ${r.range.start.line + 1} before this \`${call}\`, so only part of the block reaches it.`,
      advice: 'Instead of returning early, wrap the work in the opposite condition and keep the barrier outside it.',
      related: { file: b.file, range: r.range, message: 'early return of some threads' },
    };
  }
  return undefined;
}

export const rule: Rule = {
  id: 'divergent-barrier',
  title: 'Barrier not reached by every thread of the block',
  defaultSeverity: 'error',
  category: 'correctness',
  description: 'A __syncthreads() under a condition or loop that differs between threads of a block, or after an early return by some threads.',
  check,
};
