// Applies text edits to a string (the preview request, `cuda-lens fix` and the tests need the text after
// a rewrite). Edits must not overlap; they are applied from the end so earlier offsets stay valid.
import type { Position } from '../model/types';
import type { TextEdit } from '../rules/types';

export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const at = (p: Position) => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits.map((e) => ({ s: at(e.range.start), e: at(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s || b.e - a.e);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.e > limit) throw new Error('cuda-lens: overlapping edits');
    out = out.slice(0, e.s) + e.t + out.slice(e.e);
    limit = e.s;
  }
  return out;
}
