// Reads the header of a `for` loop (variable, start, comparison, bound, update) into a neutral shape that
// the kernel walker turns into affine forms and the host walker into trip counts. Also computes trip
// counts for constant headers, including halving and doubling strides (`s >>= 1`, `s *= 2`).
import type { SyntaxNode } from '../parse/grammar';
import type { Range } from './types';
import { declaratorName, namedChildrenOf, rangeOf, unparen, typeOf, typeOfMaybe, textOf, textOfMaybe, lengthOf, fieldOf } from './syntax';

export type CompareOp = '<' | '<=' | '>' | '>=' | '!=';
export type StepOp = '+' | '-' | '*' | '/' | '<<' | '>>';

export interface ForHeader {
  variable?: string;
  init?: SyntaxNode;
  compare?: CompareOp;
  bound?: SyntaxNode;
  stepOp?: StepOp;
  /** Amount of the update; undefined with stepOp '+'/'-' means 1 (`++i`). */
  step?: SyntaxNode;
  conditionText: string;
  headerRange: Range;
}

const FLIP: Record<string, CompareOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '!=': '!=' };

/** Range of `for (...)` up to the closing parenthesis. */
function loopHeaderRange(loop: SyntaxNode): Range {
  const body = fieldOf(loop, 'body');
  const close = body?.previousSibling;
  if (close) return { start: rangeOf(loop).start, end: rangeOf(close).end };
  return rangeOf(loop);
}

export function readForHeader(loop: SyntaxNode): ForHeader {
  const header: ForHeader = { conditionText: '', headerRange: loopHeaderRange(loop) };
  const initializer = fieldOf(loop, 'initializer');
  if (initializer) {
    if (typeOf(initializer) === 'declaration') {
      const decl = fieldOf(initializer, 'declarator');
      if ((!!decl && typeOf(decl) === 'init_declarator')) {
        header.variable = declaratorName(decl)?.text;
        header.init = fieldOf(decl, 'value') ?? undefined;
      }
    } else {
      const assign = unparen(initializer);
      if (typeOf(assign) === 'assignment_expression' && typeOfMaybe(fieldOf(assign, 'operator')) === '=') {
        const left = fieldOf(assign, 'left');
        if ((!!left && typeOf(left) === 'identifier')) {
          header.variable = textOf(left);
          header.init = fieldOf(assign, 'right') ?? undefined;
        }
      }
    }
  }
  const condition = fieldOf(loop, 'condition');
  if (condition) {
    header.conditionText = lengthOf(condition) <= 300 ? condition.text : textOf(condition).slice(0, 300);
    const c = unparen(condition);
    if (typeOf(c) === 'binary_expression' && header.variable) {
      const op = typeOfMaybe(fieldOf(c, 'operator')) ?? '';
      const left = fieldOf(c, 'left');
      const right = fieldOf(c, 'right');
      if (op in FLIP && left && right) {
        if (unparen(left).text === header.variable) {
          header.compare = op as CompareOp;
          header.bound = right;
        } else if (unparen(right).text === header.variable) {
          header.compare = FLIP[op];
          header.bound = left;
        }
      }
    }
  }
  const update = fieldOf(loop, 'update');
  if (update && header.variable) readUpdate(unparen(update), header);
  return header;
}

function readUpdate(u: SyntaxNode, h: ForHeader): void {
  if (typeOf(u) === 'update_expression') {
    const arg = fieldOf(u, 'argument');
    const op = typeOfMaybe(fieldOf(u, 'operator'));
    if (textOfMaybe(arg) === h.variable) h.stepOp = op === '--' ? '-' : '+';
    return;
  }
  if (typeOf(u) === 'comma_expression') {
    // `i++, j++`: the first part updates the loop variable in the usual idiom.
    const first = namedChildrenOf(u)[0];
    if (first) readUpdate(unparen(first), h);
    return;
  }
  if (typeOf(u) !== 'assignment_expression') return;
  const left = fieldOf(u, 'left');
  const right = fieldOf(u, 'right');
  const op = typeOfMaybe(fieldOf(u, 'operator')) ?? '';
  if (textOfMaybe(left) !== h.variable || !right) return;
  const compound: Record<string, StepOp> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/', '<<=': '<<', '>>=': '>>' };
  if (op in compound) {
    h.stepOp = compound[op];
    h.step = right;
    return;
  }
  if (op === '=') {
    // `i = i + k`, `s = s / 2`, `s = s >> 1`
    const r = unparen(right);
    if (typeOf(r) !== 'binary_expression') return;
    const rl = fieldOf(r, 'left');
    const rop = typeOfMaybe(fieldOf(r, 'operator')) ?? '';
    if (rl && unparen(rl).text === h.variable && ['+', '-', '*', '/', '<<', '>>'].includes(rop)) {
      h.stepOp = rop as StepOp;
      h.step = fieldOf(r, 'right') ?? undefined;
    }
  }
}

/** Most iterations simulated for geometric strides; a halving loop over 2^62 needs 62. */
const MAX_SIMULATED = 4096;

/** Trip count of `for (v = start; v <cmp> bound; v <op>= step)` with numbers, if finite and known. */
export function tripCount(start: number, compare: CompareOp, bound: number, op: StepOp, step: number): number | undefined {
  const holds = (v: number): boolean => {
    switch (compare) {
      case '<': return v < bound;
      case '<=': return v <= bound;
      case '>': return v > bound;
      case '>=': return v >= bound;
      case '!=': return v !== bound;
    }
  };
  if (op === '+' || op === '-') {
    const d = op === '+' ? step : -step;
    if (!holds(start)) return 0;
    if (d === 0) return undefined;
    if (compare === '!=') {
      const q = (bound - start) / d;
      return Number.isInteger(q) && q > 0 ? q : undefined;
    }
    if ((compare === '<' || compare === '<=') && d < 0) return undefined;
    if ((compare === '>' || compare === '>=') && d > 0) return undefined;
    const span = compare === '<=' || compare === '>=' ? bound - start + Math.sign(d) : bound - start;
    return Math.max(0, Math.ceil(span / d));
  }
  let v = start;
  let n = 0;
  while (holds(v)) {
    if (++n > MAX_SIMULATED) return undefined;
    const next = op === '*' ? v * step : op === '/' ? Math.trunc(v / step) : op === '<<' ? v * 2 ** step : Math.floor(v / 2 ** step);
    if (next === v) return undefined;
    v = next;
  }
  return n;
}
