// Offsets at which the lines of a text start, for turning LSP positions into string offsets and back. Rules,
// the cost model and the language server ask this of the same document version thousands of times per
// analysis, so the last text's index is kept (one entry: a new version replaces it); code that holds a text
// of its own for long (a rewrite, a translation) keeps the array it got.
let lineIndex: { text: string; starts: number[] } | undefined;

export function lineStarts(text: string): number[] {
  if (lineIndex?.text === text) return lineIndex.starts;
  const starts = [0];
  // indexOf scans for the newline natively, several times faster than a charCodeAt loop.
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lineIndex = { text, starts };
  return starts;
}

/** Line and column (UTF-16 units) of an offset, from the text's line starts (binary search). */
export function positionIn(starts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}
