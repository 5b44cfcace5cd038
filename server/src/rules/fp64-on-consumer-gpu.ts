// fp64-on-consumer-gpu: double-precision arithmetic in device code on a GPU that runs FP64 at 1/32 of
// its FP32 rate or less (GeForce, L4/L40S: 1/64, T4: 1/32; rates from the GPU database,
// server/src/cost/gpus.json). Two shapes: deliberate `double` data in a kernel (reported on those GPUs
// only), and accidental double literals (`x * 0.5` is computed in double because `0.5` is a double), which
// are warnings there and info elsewhere, since their conversions cost time on every GPU.
// Quick fix for literals: add the `f` suffix.
import type { SyntaxNode } from '../parse/grammar';
import { deviceCode } from './analysis/device-code';
import { functionNode, walk } from './analysis/syntax-cache';
import type { Finding, Fix, Rule, RuleContext } from './types';

const ID = 'fp64-on-consumer-gpu';
/** The rule applies where FP64 runs at this fraction of FP32 or slower (the issue's threshold). */
const SLOW_FP64_RATIO = 1 / 32;
const DOUBLE_LITERAL = /^-?(?:\d[\d']*\.[\d']*|\.\d[\d']*|\d[\d']*)(?:[eE][+-]?\d+)?$/;
/** A `double` or a floating literal without an `f` suffix somewhere in the text. */
const MAY_HAVE_FP64 = /\bdouble\b|(?<![\w.])(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?(?![\w.])/;
/** Math functions whose generic (unsuffixed) names pick the double overload for a double argument. */
const GENERIC_MATH = new Set(['pow', 'exp', 'exp2', 'log', 'log2', 'log10', 'sqrt', 'cbrt', 'sin', 'cos', 'tan', 'tanh', 'atan2', 'fabs',
  'fmax', 'fmin', 'max', 'min', 'floor', 'ceil', 'fmod', 'hypot', 'round', 'rsqrt']);
const ARITH_OR_COMPARE = new Set(['+', '-', '*', '/', '<', '>', '<=', '>=', '==', '!=']);

const rangeOf = (n: SyntaxNode) => ({ start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column } });

function isConstant(n: SyntaxNode, constants: Map<string, number>): boolean {
  switch (n.type) {
    case 'number_literal': return true;
    case 'identifier': return constants.has(n.text);
    case 'parenthesized_expression': case 'unary_expression': case 'binary_expression':
      return n.namedChildren.every((c) => !c || isConstant(c, constants));
    default: return false;
  }
}

/** Names declared `double` in the function (parameters and locals). */
function doubleNames(fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  walk(fn, (n) => {
    if ((n.type === 'declaration' || n.type === 'parameter_declaration') && /\bdouble\b/.test(n.childForFieldName('type')?.text ?? '')) {
      for (const d of n.namedChildren) {
        let x: SyntaxNode | null = d;
        while (x && x.type !== 'identifier') x = x.childForFieldName('declarator');
        if (x) out.add(x.text);
      }
    }
  });
  return out;
}

/** Why a double literal makes FP64 work here, or undefined when it is converted at compile time. */
function promotion(lit: SyntaxNode, constants: Map<string, number>, doubles: Set<string>): string | undefined {
  let e = lit;
  while (e.parent && isConstant(e.parent, constants) && e.parent.type !== 'argument_list') e = e.parent;
  const p = e.parent;
  if (!p) return undefined;
  if (p.type === 'binary_expression' && ARITH_OR_COMPARE.has(p.childForFieldName('operator')?.type ?? '')) {
    const other = p.childForFieldName('left')?.id === e.id ? p.childForFieldName('right') : p.childForFieldName('left');
    if (!other || isConstant(other, constants) || (other.type === 'identifier' && doubles.has(other.text))) return undefined;
    return `\`${p.text.length <= 60 ? p.text : e.text}\` is computed in double`;
  }
  if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === e.id && (p.childForFieldName('operator')?.type ?? '=') !== '=') {
    const left = p.childForFieldName('left');
    if (left?.type === 'identifier' && doubles.has(left.text)) return undefined;
    return `\`${p.text.length <= 60 ? p.text : e.text}\` is computed in double`;
  }
  if (p.type === 'argument_list') {
    const name = p.parent?.childForFieldName('function')?.text.replace(/^(?:std|::)+:*/, '');
    if (name && GENERIC_MATH.has(name)) return `\`${name}(...)\` resolves to its double overload`;
  }
  return undefined;
}

/** A `double` that computes nothing: `sizeof(double)`, or a cast for a device-side printf argument (varargs
 *  promote floats to double anyway). */
function inertUse(n: SyntaxNode): boolean {
  for (let x: SyntaxNode | null = n.parent; x && x.type !== 'compound_statement'; x = x.parent) {
    if (x.type === 'sizeof_expression' || x.type === 'alignof_expression') return true;
    if (x.type === 'argument_list' && /^(?:std::)?printf$/.test(x.parent?.childForFieldName('function')?.text ?? '')) return true;
  }
  return false;
}

/** Inside the initializer of (or an assignment to) a double variable: the author wants double there. */
function feedsDouble(n: SyntaxNode, doubles: Set<string>): boolean {
  for (let x: SyntaxNode | null = n; x; x = x.parent) {
    if (x.type === 'declaration') return /\bdouble\b/.test(x.childForFieldName('type')?.text ?? '');
    if (x.type === 'assignment_expression') {
      const left = x.childForFieldName('left');
      if (left?.type === 'identifier' && doubles.has(left.text)) return true;
    }
    if (x.type === 'expression_statement' || x.type === 'compound_statement') return false;
  }
  return false;
}

function check(ctx: RuleContext): Finding[] {
  const gpu = ctx.gpu;
  const fp64 = gpu.peakTflops.fp64 ?? 0;
  const fp32 = gpu.peakTflops.fp32 ?? 0;
  if (fp32 <= 0) return [];
  const slow = fp64 / fp32 <= SLOW_FP64_RATIO;
  const rate = `${fp64} TFLOP/s FP64 on ${gpu.shortName}, 1/${Math.round(fp32 / fp64)} of its ${fp32} TFLOP/s FP32`;
  // An accidental literal also costs two float<->double conversions per use, which are slow even where FP64
  // is fast: a dependent 64-step `v * 0.999 + 0.001` chain ran 7.0x slower than with float literals on an
  // H100 (scripts/kernel-rule-evidence.cu). So literals are reported on every GPU, as info where FP64 is fast.
  const literalCost = slow ? `${rate}, plus conversions` : `two float<->double conversions per use and FP64 at ${rate} ` +
    '(a dependent chain of such updates measured 7x slower than with float literals on an H100)';
  const findings: Finding[] = [];
  for (const code of deviceCode(ctx.model, ctx.text)) {
    const fn = functionNode(ctx, code.fn);
    // Most functions have neither `double` nor an unsuffixed floating literal: skip their walks.
    if (!fn || !MAY_HAVE_FP64.test(fn.text)) continue;
    const doubles = doubleNames(fn);
    const typeUses: SyntaxNode[] = [];
    walk(fn, (n) => {
      if (n.type === 'primitive_type' && n.text === 'double' && !inertUse(n)) typeUses.push(n);
      if (n.type !== 'number_literal' || !DOUBLE_LITERAL.test(n.text) || /^-?\d[\d']*$/.test(n.text)) return true;
      const why = promotion(n, ctx.model.constants, doubles);
      if (!why || feedsDouble(n, doubles)) return true;
      findings.push({
        ruleId: ID, file: code.fn.file, range: rangeOf(n), severity: slow ? 'warning' : 'info',
        message: `\`${n.text}\` is a double literal, so ${why}: ${literalCost}. Write \`${n.text}f\` to stay in float.`,
        data: { literal: n.text },
      });
      return true;
    });
    // Deliberate double data is the author's choice where FP64 is fast.
    if (slow && typeUses.length > 0) {
      const first = typeUses[0];
      const decl = first.parent && first.parent.startPosition.row === first.parent.endPosition.row ? first.parent : first;
      findings.push({
        ruleId: ID, file: code.fn.file, range: rangeOf(decl), severity: 'warning',
        message: `\`${decl.text}\`: ${code.isKernel ? 'kernel' : 'device function'} \`${code.fn.name}\` computes in double` +
          `${typeUses.length > 1 ? ` (${typeUses.length} uses of \`double\`)` : ''}: ${rate}. ` +
          'Use float (with a compensated or pairwise sum where accuracy matters), or target a GPU with full-rate FP64.',
      });
    }
  }
  return findings;
}

function fix(finding: Finding, ctx: RuleContext): Fix[] {
  const d = finding.data as { literal?: string } | undefined;
  if (!d?.literal) return [];
  return [{
    title: `Use a float literal: ${d.literal}f`,
    kind: 'quickfix',
    isPreferred: true,
    edits: [{ file: ctx.model.file, range: { start: finding.range.end, end: finding.range.end }, newText: 'f' }],
  }];
}

export const rule: Rule = {
  id: ID,
  title: 'FP64 arithmetic on a GPU with slow FP64',
  defaultSeverity: 'warning',
  category: 'kernel',
  description: 'Double arithmetic in device code (including accidental double literals) on a GPU that runs FP64 at 1/32 of FP32 or less; quick fix adds the f suffix to literals.',
  check,
  fix,
};
