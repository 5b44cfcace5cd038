// A plain JavaScript copy of a tree-sitter tree. The translator walks every node several times (scope
// resolution, uniformity, fission, emission); reading nodes through web-tree-sitter crosses into wasm on
// each access, so one cursor pass builds this copy and everything else reads it (about 10x faster).
import { parseText } from '../parse/grammar';
import type { SyntaxTree } from '../parse/grammar';

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
    readonly startPosition: Point,
    readonly endPosition: Point,
    private readonly src: string,
  ) {}
  get text(): string { return this.src.slice(this.startIndex, this.endIndex); }
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

/** Copies a parsed tree; `src` must be the text it was parsed from. */
export function liteTree(tree: SyntaxTree, src: string): LiteNode {
  const c = tree.walk();
  try {
    const make = (): LiteNode => new LiteNode(nextId++, c.nodeType, c.nodeIsNamed, c.startIndex, c.endIndex,
      c.startPosition, c.endPosition, src);
    const root = make();
    let cur = root;
    // Depth-first with the cursor: descend, append, move to siblings, climb back.
    if (!c.gotoFirstChild()) return root;
    for (;;) {
      const n = make();
      n.parent = cur;
      cur.children.push(n);
      cur.fields.push(c.currentFieldName ?? null);
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
