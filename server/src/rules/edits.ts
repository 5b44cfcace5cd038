// Applying rule fixes to text outside an editor: `cuda-lens fix` and the fix tests need the same
// "first fix of each finding, skip edits that overlap one already taken" policy as the code action.
import type { TextEdit } from './types';
import { comparePositions, offsetAt } from './analysis/source-text';

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  // Two insertions at the same point would both apply but in an order nobody chose: treat as a clash.
  if (comparePositions(a.range.start, b.range.start) === 0) return true;
  return comparePositions(a.range.start, b.range.end) < 0 && comparePositions(b.range.start, a.range.end) < 0;
}

/** Keeps whole groups (one fix's edits) in order, dropping any group that clashes with an earlier one. */
export function nonOverlapping(groups: TextEdit[][]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const group of groups) {
    if (group.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    if (group.some((e, i) => group.some((o, j) => i < j && overlaps(e, o)))) continue;
    taken.push(...group);
  }
  return taken;
}

/** Applies non-overlapping edits of one file to its text (LSP positions: lines and UTF-16 columns). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(text, e.range.start)) + e.newText + out.slice(offsetAt(text, e.range.end));
  return out;
}
