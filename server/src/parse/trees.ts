// Keeps one syntax tree per open document version and re-parses incrementally when LSP changes arrive.
// Trees live in wasm memory, which is not garbage-collected: every replaced, evicted or closed tree is
// deleted explicitly (the pattern of microsoft/vscode-anycode's trees.ts).
import { createParser, SyntaxTree, TreeEdit, TreePoint } from './grammar';

export interface TextChange {
  /** Zero-based LSP range (UTF-16 columns) of the replaced text; absent for a full replacement. */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

interface Entry { version: number; text: string; tree: SyntaxTree }

/** Offset (UTF-16 code units) of a zero-based line/character position in text. */
export function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const max = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + character, max);
}

/** Tree-sitter point after inserting `inserted` at `start`. */
function pointAfter(start: TreePoint, inserted: string): TreePoint {
  const lines = inserted.split('\n');
  if (lines.length === 1) return { row: start.row, column: start.column + inserted.length };
  return { row: start.row + lines.length - 1, column: lines[lines.length - 1].length };
}

export class DocumentTrees {
  private readonly entries = new Map<string, Entry>();
  // Created on first use: the server constructs its workspace at module load, before the wasm runtime
  // and grammar have loaded (loadCudaLanguage), and web-tree-sitter cannot make a parser before that.
  private parserInstance: ReturnType<typeof createParser> | undefined;
  private get parser(): ReturnType<typeof createParser> {
    return (this.parserInstance ??= createParser());
  }

  constructor(private readonly capacity = 32) {}

  /** Parses a document from scratch (open or full sync). */
  open(uri: string, text: string, version: number): SyntaxTree {
    this.close(uri);
    const tree = this.parser.parse(text);
    if (!tree) throw new Error(`cuda-lens: could not parse ${uri}`);
    this.remember(uri, { version, text, tree });
    return tree;
  }

  /** Applies LSP content changes in order as tree edits, then re-parses incrementally. */
  change(uri: string, changes: TextChange[], version: number): SyntaxTree {
    const entry = this.entries.get(uri);
    if (!entry) {
      const full = changes.reduce((text, c) => (c.range ? text : c.text), '');
      return this.open(uri, full, version);
    }
    let { text } = entry;
    const tree = entry.tree;
    for (const change of changes) {
      if (!change.range) {
        text = change.text;
        tree.edit({
          startIndex: 0, oldEndIndex: entry.text.length, newEndIndex: text.length,
          startPosition: { row: 0, column: 0 }, oldEndPosition: endPoint(entry.text), newEndPosition: endPoint(text),
        } as TreeEdit);
        continue;
      }
      const { start, end } = change.range;
      const startIndex = offsetAt(text, start.line, start.character);
      const oldEndIndex = offsetAt(text, end.line, end.character);
      const startPosition = { row: start.line, column: startIndex - offsetAt(text, start.line, 0) };
      const oldEndPosition = { row: end.line, column: oldEndIndex - offsetAt(text, end.line, 0) };
      tree.edit({
        startIndex, oldEndIndex, newEndIndex: startIndex + change.text.length,
        startPosition, oldEndPosition, newEndPosition: pointAfter(startPosition, change.text),
      } as TreeEdit);
      text = text.slice(0, startIndex) + change.text + text.slice(oldEndIndex);
    }
    const next = this.parser.parse(text, tree);
    tree.delete();
    if (!next) throw new Error(`cuda-lens: could not re-parse ${uri}`);
    this.entries.delete(uri);
    this.remember(uri, { version, text, tree: next });
    return next;
  }

  get(uri: string): { tree: SyntaxTree; text: string; version: number } | undefined {
    return this.entries.get(uri);
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry) {
      entry.tree.delete();
      this.entries.delete(uri);
    }
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
    this.parserInstance?.delete();
    this.parserInstance = undefined;
  }

  private remember(uri: string, entry: Entry): void {
    this.entries.set(uri, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.close(oldest);
    }
  }
}

function endPoint(text: string): TreePoint {
  const lastNl = text.lastIndexOf('\n');
  let rows = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) rows++;
  return { row: rows, column: text.length - lastNl - 1 };
}
