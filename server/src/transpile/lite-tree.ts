// A plain JavaScript copy of a tree-sitter tree. The translator walks every node several times (scope
// resolution, uniformity, fission, emission); reading nodes through web-tree-sitter crosses into wasm on
// each access, so one cursor pass builds this copy and everything else reads it (about 10x faster).
import { parseText } from '../parse/grammar';
import type { SyntaxTree } from '../parse/grammar';
import { lineStarts, positionIn } from '../model/line-starts';

export interface Point { row: number; column: number }

export class LiteNode {
  parent: LiteNode | null = null;
  readonly children: LiteNode[] = [];
  readonly fields: (string | null)[] = [];
  private named?: LiteNode[];
  constructor(
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: Source,
  ) {}
  get text(): string { return this.source.text.slice(this.startIndex, this.endIndex); }
  /** Row and column, computed on demand (only diagnostics need them). */
  get startPosition(): Point { return this.source.point(this.startIndex); }
  get endPosition(): Point { return this.source.point(this.endIndex); }
  get childCount(): number { return this.children.length; }
  child(i: number): LiteNode | null { return this.children[i] ?? null; }
  get namedChildren(): LiteNode[] { return (this.named ??= this.children.filter((c) => c.isNamed)); }
  get namedChildCount(): number { return this.namedChildren.length; }
  namedChild(i: number): LiteNode | null { return this.namedChildren[i] ?? null; }
  childForFieldName(name: string): LiteNode | null {
    const i = this.fields.indexOf(name);
    return i >= 0 ? this.children[i] : null;
  }
  childrenForFieldName(name: string): LiteNode[] {
    return this.children.filter((_, i) => this.fields[i] === name);
  }
  fieldNameForChild(i: number): string | null { return this.fields[i] ?? null; }
}

let nextId = 1;

class Source {
  private lineStarts?: readonly number[];
  constructor(readonly text: string) {}
  point(index: number): Point {
    const { line, character } = positionIn((this.lineStarts ??= lineStarts(this.text)), index);
    return { row: line, column: character };
  }
}

/** Copies a parsed tree; `src` must be the text it was parsed from. */
export function liteTree(tree: SyntaxTree, src: string): LiteNode {
  const c = tree.walk();
  const source = new Source(src);
  const lang = tree.language;
  // Type names and namedness per type id, looked up once per type rather than once per node.
  const named: (boolean | undefined)[] = [];
  try {
    const make = (): LiteNode => {
      const t = c.nodeTypeId;
      const isNamed = named[t] ??= lang.nodeTypeIsNamed(t);
      return new LiteNode(nextId++, lang.types[t] || 'ERROR', isNamed, c.startIndex, c.endIndex, source);
    };
    const root = make();
    let cur = root;
    // Depth-first with the cursor: descend, append, move to siblings, climb back.
    if (!c.gotoFirstChild()) return root;
    for (;;) {
      const n = make();
      n.parent = cur;
      cur.children.push(n);
      cur.fields.push(lang.fields[c.currentFieldId] ?? null);
      if (c.gotoFirstChild()) { cur = n; continue; }
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent() || cur === root) return root;
        cur = cur.parent!;
      }
    }
  } finally {
    c.delete();
  }
}

/** Parses text and returns its copied tree (the wasm tree is freed right away). */
export function parseLite(src: string): LiteNode {
  const t = parseText(src);
  try { return liteTree(t, src); } finally { t.delete(); }
}
