// Small helpers over tree-sitter nodes that every model extractor needs: LSP ranges, child iteration,
// field access and per-build memos of node facts. Kept here so extractors read as CUDA logic, not tree plumbing.
import type { SyntaxNode } from '../parse/grammar';
import type { Range } from './types';

/** Zero-based LSP range of a node (web-tree-sitter columns are UTF-16 units for JS strings). */
export function rangeOf(node: SyntaxNode): Range {
  const s = node.startPosition;
  const e = node.endPosition;
  return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
}

// Node accessors in one place. Every property read on a web-tree-sitter node is a call into wasm, so
// children are fetched in one batch (`children`/`namedChildren`, cached per node object) rather than one
// `child(i)` call each, and field lookups go by field id. Memoizing types or field children per build was
// measured slower: the maps and the retained Node objects cost more in garbage collection than they save.

/** Field ids by name, per language object (the grammar is loaded once; the map is tiny). */
const fieldIds = new Map<unknown, Map<string, number>>();

/** `node.childForFieldName(name)` without its linear search of the field-name table. */
export function fieldOf(node: SyntaxNode, name: string): SyntaxNode | null {
  const language = node.tree.language;
  let ids = fieldIds.get(language);
  if (!ids) {
    ids = new Map(language.fields.map((f, i) => [f ?? '', i]));
    fieldIds.set(language, ids);
  }
  const id = ids.get(name);
  return id === undefined || id === 0 ? null : node.childForFieldId(id);
}

/** `fieldOf(node, name)` on a possibly missing node. */
export function fieldOfMaybe(node: SyntaxNode | null | undefined, name: string): SyntaxNode | null {
  return node ? fieldOf(node, name) : null;
}

export function typeOf(node: SyntaxNode): string {
  return node.type;
}

/** `node?.type`. */
export function typeOfMaybe(node: SyntaxNode | null | undefined): string | undefined {
  return node ? node.type : undefined;
}

export function textOf(node: SyntaxNode): string {
  return node.text;
}

/** `node?.text`. */
export function textOfMaybe(node: SyntaxNode | null | undefined): string | undefined {
  return node ? node.text : undefined;
}

/** Length of a node's text without copying it. */
export function lengthOf(node: SyntaxNode): number {
  return node.endIndex - node.startIndex;
}

// web-tree-sitter types children as nullable, but a null only stands for a missing node (id 0), which a
// parent's child list never holds; the arrays are returned as they are (cached per node object, not copied).
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.children as SyntaxNode[];
}

export function namedChildrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren as SyntaxNode[];
}

/** Strips parentheses around an expression. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (typeOf(n) === 'parenthesized_expression') {
    const inner = n.namedChildren.find((c) => c !== null);
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** Arguments of a call's argument_list (named children only, comments dropped). */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  const list = fieldOf(call, 'arguments');
  if (!list) return [];
  return namedChildrenOf(list).filter((c) => typeOf(c) !== 'comment');
}

/** Name of a called function: `f`, `ns::f` -> `f`, `obj.sync` -> `obj.sync`, `f<T>` -> `f`. */
export function calleeName(call: SyntaxNode): string | undefined {
  const fn = fieldOf(call, 'function');
  if (!fn) return undefined;
  return functionName(fn);
}

function functionName(fn: SyntaxNode): string | undefined {
  switch (typeOf(fn)) {
    case 'identifier':
    case 'field_identifier':
      return textOf(fn);
    case 'template_function': {
      const name = fieldOf(fn, 'name');
      return name ? functionName(name) : undefined;
    }
    case 'qualified_identifier': {
      const name = fieldOf(fn, 'name');
      return name ? functionName(name) : undefined;
    }
    case 'field_expression': {
      const arg = fieldOf(fn, 'argument');
      const field = fieldOf(fn, 'field');
      if (!field) return undefined;
      const base = arg && lengthOf(arg) <= 80 ? arg.text : '?';
      return `${base}.${textOf(field)}`;
    }
    default:
      return undefined;
  }
}

/** Scope prefix of a qualified callee (`cg::sync` -> `cg`), if any. */
export function calleeScope(call: SyntaxNode): string | undefined {
  const fn = fieldOf(call, 'function');
  if (!fn || typeOf(fn) !== 'qualified_identifier') return undefined;
  return textOfMaybe(fieldOf(fn, 'scope'));
}

/** Text of a node, shortened for messages; avoids copying huge nodes. */
export function shortText(node: SyntaxNode, max = 200): string {
  if (lengthOf(node) > max) return textOf(node).slice(0, max) + '…';
  return textOf(node);
}

/** The declarators of a declaration (`int a = 1, *b, c[4];`), without `childrenForFieldName`'s per-child
 *  field-name lookups: the type child is never an identifier or a `*_declarator`. */
export function declaratorsOf(decl: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(decl).filter((c) => {
    const t = typeOf(c);
    return t === 'identifier' || t === 'init_declarator' || (t.endsWith('_declarator') && t !== 'abstract_function_declarator');
  });
}

/** The declared name inside a declarator chain (`*const p`, `a[4][4]`, `x = 3`, `&r`). */
export function declaratorName(decl: SyntaxNode | null): SyntaxNode | undefined {
  let d: SyntaxNode | null = decl;
  for (let guard = 0; d && guard < 32; guard++) {
    if (typeOf(d) === 'identifier' || typeOf(d) === 'field_identifier') return d;
    const inner = fieldOf(d, 'declarator');
    if (inner) {
      d = inner;
      continue;
    }
    // reference_declarator has no field name for its inner declarator.
    d = namedChildrenOf(d).find((c) => typeOf(c).endsWith('declarator') || typeOf(c) === 'identifier') ?? null;
  }
  return undefined;
}
