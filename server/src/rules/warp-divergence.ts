// warp-divergence: an if/else whose condition differs between lanes of the same warp (`threadIdx.x % 2`)
// with substantial work on both sides. A warp executes both sides one after the other with the inactive
// lanes masked off (CUDA C++ Programming Guide, "SIMT Architecture"), so it pays then + else instead of
// the longer of the two. The condition is evaluated lane by lane for the first warps of the block; a
// condition that is uniform per warp (`(threadIdx.x / 32) % 2`) or splits only one warp stays silent.
import type { SyntaxNode } from '../parse/grammar';
import { deviceCode } from './analysis/device-code';
import { mentionsThread } from './analysis/guards';
import { functionNode, walk } from './analysis/syntax-cache';
import type { Finding, Rule, RuleContext } from './types';

const ID = 'warp-divergence';
/** Statements-worth of arithmetic, calls and memory operations that count as substantial on each side;
 *  a loop counts as much. Below this the compiler predicates or selects and nothing diverges. */
const MIN_WORK = 4;
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^']);

/** Rough operation count of a branch: calls, arithmetic, assignments and memory accesses; loops weigh MIN_WORK. */
function work(node: SyntaxNode): number {
  let n = 0;
  walk(node, (x) => {
    if (x.type === 'call_expression' || x.type === 'assignment_expression' || x.type === 'subscript_expression') n++;
    else if (x.type === 'binary_expression' && ARITHMETIC.has(x.childForFieldName('operator')?.type ?? '')) n++;
    else if (x.type === 'for_statement' || x.type === 'while_statement' || x.type === 'do_statement') n += MIN_WORK;
  });
  return n;
}

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const code of deviceCode(ctx.model, ctx.text)) {
    const body = functionNode(ctx.model, ctx.text, code.fn)?.childForFieldName('body');
    if (!body) continue;
    walk(body, (n) => {
      if (n.type !== 'if_statement') return true;
      const cond = n.childForFieldName('condition')?.childForFieldName('value') ?? n.childForFieldName('condition');
      const then = n.childForFieldName('consequence');
      const otherwise = n.childForFieldName('alternative');
      if (!cond || !then || !otherwise || !mentionsThread(cond.text, code.threadLocals)) return true;
      const split = code.lanes(cond.text);
      if (!split || !split.every((t) => t > 0 && t < 32)) return true;
      const a = work(then);
      const b = work(otherwise);
      if (a < MIN_WORK || b < MIN_WORK) return true;
      const r = cond;
      findings.push({
        ruleId: ID,
        file: code.fn.file,
        range: { start: { line: r.startPosition.row, character: r.startPosition.column }, end: { line: r.endPosition.row, character: r.endPosition.column } },
        severity: 'info',
        message: `\`${cond.text}\` differs between lanes of the same warp (${split[0]} of 32 lanes take the \`if\` side in warp 0), so every warp ` +
          `runs both sides one after the other with the other side's lanes idle: about ${a} + ${b} operations per thread instead of ${Math.max(a, b)}. ` +
          'Make the condition uniform per warp (branch on the warp index, `threadIdx.x / 32`, or regroup the data so neighbouring lanes take the same side).',
      });
      return true;
    });
  }
  return findings;
}

export const rule: Rule = {
  id: ID,
  title: 'Warp divergence',
  defaultSeverity: 'info',
  category: 'kernel',
  description: 'A branch on a predicate that differs between threads of one warp (e.g. threadIdx.x % 2) with substantial work on both sides.',
  check,
};
