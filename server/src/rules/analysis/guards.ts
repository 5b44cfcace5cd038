// Reading the conditions around a statement: does a guard let only one thread of a block or warp through
// (`if (threadIdx.x == 0)`, `if (lane == 0)`)? Accesses behind such a guard are not warp-wide, so
// coalescing, bank-conflict and contention rules must not treat them as if every lane ran them.
import type { Guard } from '../../model/types';
import type { LaneCounter } from './lanes';

/** An equality test (`a == b`, not `a != b`, `<=`, `>=`) or a negation `!tid`. */
const EQUALITY = /^[^=!<>]*[^=!<>]==[^=]+$|^\s*!\s*[\w.]+\s*$/;

const COOPERATIVE_RANK = /\b(?:thread_rank|block_rank)\s*\(\s*\)\s*==|==\s*[\w.]*\b(?:thread_rank|block_rank)\s*\(\s*\)/;

/** True when the text mentions threadIdx or one of the thread-dependent locals. */
export function mentionsThread(text: string, threadLocals: ReadonlySet<string>): boolean {
  if (/\bthreadIdx\s*\.\s*[xyz]\b/.test(text)) return true;
  for (const m of text.matchAll(/[A-Za-z_]\w*/g)) if (threadLocals.has(m[0])) return true;
  return false;
}

/** True when a thread-dependent `if` guard admits a single thread (or lane) per warp or block. With a lane
 *  evaluator the condition is evaluated (`lane == 0` elects, `threadIdx.y == 0` in 32-wide blocks admits a
 *  whole warp); otherwise one of its `&&` parts must be an equality on a thread-dependent value with no
 *  `||` letting others through. */
export function isElectionGuard(g: Guard, threadLocals: ReadonlySet<string>, lanes?: LaneCounter): boolean {
  if (g.kind !== 'if') return false;
  const text = g.conditionText.trim().replace(/^\((.*)\)$/s, '$1');
  if (text.includes('||')) return false;
  // Cooperative groups: `tile.thread_rank() == 0` elects one lane per tile (the model does not see ranks
  // as thread indices).
  if (COOPERATIVE_RANK.test(text)) return true;
  if (!g.threadDependent) return false;
  const equality = text.split('&&').some((part) => {
    const p = part.trim().replace(/^\((.*)\)$/s, '$1');
    return EQUALITY.test(p) && mentionsThread(p, threadLocals);
  });
  // Only an equality can elect; evaluating lanes then tells one lane from a whole warp.
  if (!equality) return false;
  return lanes ? lanes.elects(g.conditionText) : true;
}

/** True when some guard elects one thread per warp or block. */
export function underElection(guards: Guard[] | undefined, threadLocals: ReadonlySet<string>, lanes?: LaneCounter): boolean {
  return (guards ?? []).some((g) => isElectionGuard(g, threadLocals, lanes));
}
