// Emits the source text of a syntax node with some descendants replaced. Translation keeps everything it
// does not need to change byte for byte (comments, spacing, macros), so output reads like the input.
import type { LiteNode as SyntaxNode } from './lite-tree';

/** Returns replacement text for a node, or undefined to keep it (and look inside it). */
export type Override = (node: SyntaxNode) => string | undefined;

export function emitNode(node: SyntaxNode, src: string, override: Override): string {
  const o = override(node);
  if (o !== undefined) return o;
  const n = node.childCount;
  if (n === 0) return src.slice(node.startIndex, node.endIndex);
  let out = '';
  let pos = node.startIndex;
  for (let i = 0; i < n; i++) {
    const c = node.child(i)!;
    if (c.startIndex > pos) out += src.slice(pos, c.startIndex);
    out += emitNode(c, src, override);
    pos = Math.max(pos, c.endIndex);
  }
  if (node.endIndex > pos) out += src.slice(pos, node.endIndex);
  return out;
}

/** Named children of a node, skipping comments. */
export function namedKids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i)!;
    if (c.type !== 'comment') out.push(c);
  }
  return out;
}

/** Pre-order walk; the visitor returns false to skip a subtree. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  if (visit(node) === false) return;
  for (let i = 0; i < node.childCount; i++) walk(node.child(i)!, visit);
}

/** The name a declarator declares (identifier at the bottom of pointer/array/init/reference declarators). */
export function declaratorName(decl: SyntaxNode): SyntaxNode | undefined {
  let d: SyntaxNode | null = decl;
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d;
    if (d.type === 'function_declarator' || d.type === 'parenthesized_declarator' || d.type === 'init_declarator' ||
        d.type === 'pointer_declarator' || d.type === 'array_declarator' || d.type === 'reference_declarator') {
      d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c && c.type !== 'type_qualifier') ?? null;
      continue;
    }
    return undefined;
  }
  return undefined;
}
