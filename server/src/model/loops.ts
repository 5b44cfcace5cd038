// Reads the header of a `for` loop (variable, start, comparison, bound, update) into a neutral shape that
// the kernel walker turns into affine forms and the host walker into trip counts. Also computes trip
// counts for constant headers, including halving and doubling strides (`s >>= 1`, `s *= 2`).
import type { SyntaxNode } from '../parse/grammar';
import type { Range } from './types';
import { declaratorName, namedChildrenOf, rangeOf, unparen } from './syntax';

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
export function loopHeaderRange(loop: SyntaxNode): Range {
  const body = loop.childForFieldName('body');
  const close = body?.previousSibling;
  if (close) return { start: rangeOf(loop).start, end: rangeOf(close).end };
  return rangeOf(loop);
}

export function readForHeader(loop: SyntaxNode): ForHeader {
  const header: ForHeader = { conditionText: '', headerRange: loopHeaderRange(loop) };
  const initializer = loop.childForFieldName('initializer');
  if (initializer) {
    if (initializer.type === 'declaration') {
      const decl = initializer.childForFieldName('declarator');
      if (decl?.type === 'init_declarator') {
        header.variable = declaratorName(decl)?.text;
        header.init = decl.childForFieldName('value') ?? undefined;
      }
    } else {
      const assign = unparen(initializer);
      if (assign.type === 'assignment_expression' && assign.childForFieldName('operator')?.type === '=') {
        const left = assign.childForFieldName('left');
        if (left?.type === 'identifier') {
          header.variable = left.text;
          header.init = assign.childForFieldName('right') ?? undefined;
        }
      }
    }
  }
  const condition = loop.childForFieldName('condition');
  if (condition) {
    header.conditionText = condition.endIndex - condition.startIndex <= 300 ? condition.text : condition.text.slice(0, 300);
    const c = unparen(condition);
    if (c.type === 'binary_expression' && header.variable) {
      const op = c.childForFieldName('operator')?.type ?? '';
      const left = c.childForFieldName('left');
      const right = c.childForFieldName('right');
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
  const update = loop.childForFieldName('update');
  if (update && header.variable) readUpdate(unparen(update), header);
  return header;
}

function readUpdate(u: SyntaxNode, h: ForHeader): void {
  if (u.type === 'update_expression') {
    const arg = u.childForFieldName('argument');
    const op = u.childForFieldName('operator')?.type;
    if (arg?.text === h.variable) h.stepOp = op === '--' ? '-' : '+';
    return;
  }
  if (u.type === 'comma_expression') {
    // `i++, j++`: the first part updates the loop variable in the usual idiom.
    const first = namedChildrenOf(u)[0];
    if (first) readUpdate(unparen(first), h);
    return;
  }
  if (u.type !== 'assignment_expression') return;
  const left = u.childForFieldName('left');
  const right = u.childForFieldName('right');
  const op = u.childForFieldName('operator')?.type ?? '';
  if (left?.text !== h.variable || !right) return;
  const compound: Record<string, StepOp> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/', '<<=': '<<', '>>=': '>>' };
  if (op in compound) {
    h.stepOp = compound[op];
    h.step = right;
    return;
  }
  if (op === '=') {
    // `i = i + k`, `s = s / 2`, `s = s >> 1`
    const r = unparen(right);
    if (r.type !== 'binary_expression') return;
    const rl = r.childForFieldName('left');
    const rop = r.childForFieldName('operator')?.type ?? '';
    if (rl && unparen(rl).text === h.variable && ['+', '-', '*', '/', '<<', '>>'].includes(rop)) {
      h.stepOp = rop as StepOp;
      h.step = r.childForFieldName('right') ?? undefined;
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
