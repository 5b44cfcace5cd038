// warp-divergence: an if/else whose condition differs between lanes of the same warp (`threadIdx.x % 2`)
// with substantial work on both sides. A warp executes both sides one after the other with the inactive
// lanes masked off (CUDA C++ Programming Guide, "SIMT Architecture"), so it pays then + else instead of
// the longer of the two. The condition is evaluated lane by lane for the first warps of the block; a
// condition that is uniform per warp (`(threadIdx.x / 32) % 2`) or splits only one warp stays silent.
import type { SyntaxNode } from '../parse/grammar';
import type { DeviceCode } from './analysis/device-code';
import { mentionsThread } from './analysis/guards';
import { functionNode, textOf } from './analysis/syntax-cache';
import type { Finding, Rule, RuleContext } from './types';
import { perDeviceCode } from './analysis/per-function';

const ID = 'warp-divergence';
/** Weight of work that counts as substantial on each side (a math function or a loop alone reaches it).
 *  Below this the compiler predicates or selects and the warp pays little for the split. */
const MIN_WORK = 4;
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^']);

const WORK_TYPES = ['call_expression', 'subscript_expression', 'binary_expression', 'for_statement', 'while_statement', 'do_statement'];
/** Math functions run as multi-instruction sequences on the special-function units (CUDA C++ Programming
 *  Guide, "Arithmetic Instructions" throughput table): each weighs as much as a short statement. */
const MATH_CALL = /^(?:std::)?(?:__)?(?:exp|exp2|exp10|expm1|log|log2|log10|log1p|pow|sin|cos|tan|sinh|cosh|tanh|asin|acos|atan|atan2|sqrt|rsqrt|cbrt|erf|erfc|sincos)f?$/;

/** Rough instruction weight of a branch: arithmetic and memory accesses 1, other calls 2, math functions and
 *  loops MIN_WORK. descendantsOfType runs inside the parser's wasm, far cheaper than a JS walk. */
function work(node: SyntaxNode): number {
  let n = 0;
  for (const x of node.descendantsOfType(WORK_TYPES)) {
    if (!x) continue;
    if (x.type === 'binary_expression') n += ARITHMETIC.has(x.childForFieldName('operator')?.type ?? '') ? 1 : 0;
    else if (x.type.endsWith('_statement')) n += MIN_WORK;
    else if (x.type === 'call_expression') n += MATH_CALL.test(x.childForFieldName('function')?.text ?? '') ? MIN_WORK : 2;
    else n++;
  }
  return n;
}

function check(ctx: RuleContext): Finding[] {
  return perDeviceCode(ctx, ID, (code) => checkFunction(ctx, code));
}

function checkFunction(ctx: RuleContext, code: DeviceCode): Finding[] {
  const findings: Finding[] = [];
  // Only an if/else has two sides to pay for: without `else` in its text the function needs no tree walk.
  if (!/\belse\b/.test(textOf(ctx.text, code.fn.range))) return findings;
  const body = functionNode(ctx, code.fn)?.childForFieldName('body');
  if (!body) return findings;
  for (const n of body.descendantsOfType('if_statement')) {
    if (!n) continue;
    const cond = n.childForFieldName('condition')?.childForFieldName('value') ?? n.childForFieldName('condition');
    const then = n.childForFieldName('consequence');
    const otherwise = n.childForFieldName('alternative');
    if (!cond || !then || !otherwise || !mentionsThread(cond.text, code.threadLocals)) continue;
    const a = work(then);
    const b = work(otherwise);
    if (a < MIN_WORK || b < MIN_WORK) continue;
    const split = code.lanes(cond.text);
    if (!split || !split.every((t) => t > 0 && t < 32)) continue;
    findings.push({
      ruleId: ID,
      file: code.fn.file,
      range: { start: { line: cond.startPosition.row, character: cond.startPosition.column }, end: { line: cond.endPosition.row, character: cond.endPosition.column } },
      severity: 'info',
      message: `\`${cond.text}\` differs between lanes of the same warp (${split[0]} of 32 lanes take the \`if\` side in warp 0), so every warp ` +
        `runs both sides one after the other with the other side's lanes idle: about ${a} + ${b} operations per thread instead of ${Math.max(a, b)}. ` +
        'Make the condition uniform per warp (branch on the warp index, `threadIdx.x / 32`, or regroup the data so neighbouring lanes take the same side).',
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
