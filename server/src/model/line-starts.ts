// Offsets at which the lines of a text start, for turning LSP positions into string offsets. Rules, the cost
// model and the language server ask this of the same document version thousands of times per analysis, so
// the last text's index is kept (one entry: a new version replaces it).
let lineIndex: { text: string; starts: number[] } | undefined;

export function lineStarts(text: string): number[] {
  if (lineIndex?.text === text) return lineIndex.starts;
  const starts = [0];
  // indexOf scans for the newline natively, several times faster than a charCodeAt loop.
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lineIndex = { text, starts };
  return starts;
}
