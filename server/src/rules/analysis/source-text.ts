// Position arithmetic and light text scanning over a file's source for rules that run after the syntax
// tree is gone (the CLI deletes it once the model is built): offsets <-> LSP positions, the statement
// around a position, and comment-free slices to search for identifiers.
import type { Position, Range } from '../../model/types';
import { lineStarts, positionIn } from '../../model/line-starts';

export function offsetAt(text: string, p: Position): number {
  const starts = lineStarts(text);
  return Math.min((starts[p.line] ?? text.length) + p.character, text.length);
}

export function positionAt(text: string, offset: number): Position {
  return positionIn(lineStarts(text), offset);
}

export function rangeOfOffsets(text: string, start: number, end: number): Range {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

export function textOf(text: string, r: Range): string {
  return text.slice(offsetAt(text, r.start), offsetAt(text, r.end));
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

let blankedFor: string | undefined;
let blanked = '';

/** The text with comments and string literals blanked to spaces (same length, so offsets stay valid).
 *  Several rules ask for the same text in one pass, so the last result is kept. */
export function withoutComments(text: string): string {
  if (text === blankedFor) return blanked;
  blankedFor = text;
  blanked = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => m.replace(/[^\n]/g, ' '));
  return blanked;
}

/** Offset just past the `;` that ends the statement containing `offset` (depth-aware), or undefined when
 *  a block closes first. */
export function statementEnd(code: string, offset: number): number | undefined {
  let depth = 0;
  for (let i = offset; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']') {
      // Starting inside a macro argument (`CHECK(call)`): its closing parenthesis is part of the statement.
      if (depth > 0) depth--;
    } else if (c === '}') {
      if (depth === 0) return undefined;
      depth--;
    } else if (c === ';' && depth === 0) return i + 1;
  }
  return undefined;
}

/** True when no statement boundary (`;`, `{`, `}`) lies between the two offsets: same statement. */
export function sameStatement(code: string, a: number, b: number): boolean {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return !/[;{}]/.test(code.slice(lo, hi));
}

/** Splits `a, f(b, c), d` at top-level commas; returns each part's trimmed start and end offsets. */
export function splitTopLevel(code: string, start: number, end: number): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let depth = 0;
  let from = start;
  const push = (to: number) => {
    let s = from;
    let e = to;
    while (s < e && /\s/.test(code[s])) s++;
    while (e > s && /\s/.test(code[e - 1])) e--;
    parts.push({ start: s, end: e });
  };
  for (let i = start; i < end; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { push(i); from = i + 1; }
  }
  push(end);
  return parts;
}

/** Collapses whitespace so `(n + 255)/256` and `(n+255) / 256` compare equal. */
export function normalize(expr: string): string {
  return expr.replace(/\s+/g, '');
}
