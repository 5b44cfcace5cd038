// Small helpers over tree-sitter nodes that every model extractor needs: LSP ranges, child iteration,
// field access and identifier collection. Kept here so extractors read as CUDA logic, not tree plumbing.
import type { SyntaxNode } from '../parse/grammar';
import type { Range } from './types';

/** Zero-based LSP range of a node (web-tree-sitter columns are UTF-16 units for JS strings). */
export function rangeOf(node: SyntaxNode): Range {
  const s = node.startPosition;
  const e = node.endPosition;
  return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
}

/** Range from the start of `a` to the end of `b`. */
export function spanOf(a: SyntaxNode, b: SyntaxNode): Range {
  return { start: rangeOf(a).start, end: rangeOf(b).end };
}

// Every property read on a web-tree-sitter node is a call into wasm and every node handed out is a new
// object, so helpers fetch children in one batch (`children`/`namedChildren`, cached per node object)
// rather than one `child(i)` call each.

/** Non-null children (web-tree-sitter returns nullable entries). */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c): c is SyntaxNode => c !== null);
}

export function namedChildrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

/** Strips parentheses around an expression. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression') {
    const inner = n.namedChildren.find((c) => c !== null);
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** Arguments of a call's argument_list (named children only, comments dropped). */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  return namedChildrenOf(list).filter((c) => c.type !== 'comment');
}

/** Name of a called function: `f`, `ns::f` -> `f`, `obj.sync` -> `obj.sync`, `f<T>` -> `f`. */
export function calleeName(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  return functionName(fn);
}

function functionName(fn: SyntaxNode): string | undefined {
  switch (fn.type) {
    case 'identifier':
    case 'field_identifier':
      return fn.text;
    case 'template_function': {
      const name = fn.childForFieldName('name');
      return name ? functionName(name) : undefined;
    }
    case 'qualified_identifier': {
      const name = fn.childForFieldName('name');
      return name ? functionName(name) : undefined;
    }
    case 'field_expression': {
      const arg = fn.childForFieldName('argument');
      const field = fn.childForFieldName('field');
      if (!field) return undefined;
      const base = arg && arg.endIndex - arg.startIndex <= 80 ? arg.text : '?';
      return `${base}.${field.text}`;
    }
    default:
      return undefined;
  }
}

/** Scope prefix of a qualified callee (`cg::sync` -> `cg`), if any. */
export function calleeScope(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || fn.type !== 'qualified_identifier') return undefined;
  return fn.childForFieldName('scope')?.text;
}

/** Identifier names used anywhere inside node (including `threadIdx` of `threadIdx.x`). */
export function identifiersIn(node: SyntaxNode, out: Set<string> = new Set()): Set<string> {
  if (node.type === 'identifier') {
    out.add(node.text);
    return out;
  }
  for (const c of namedChildrenOf(node)) identifiersIn(c, out);
  return out;
}

/** Text of a node, shortened for messages; avoids copying huge nodes. */
export function shortText(node: SyntaxNode, max = 200): string {
  if (node.endIndex - node.startIndex > max) return node.text.slice(0, max) + '…';
  return node.text;
}

/** The declarators of a declaration (`int a = 1, *b, c[4];`), without `childrenForFieldName`'s per-child
 *  field-name lookups: the type child is never an identifier or a `*_declarator`. */
export function declaratorsOf(decl: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(decl).filter((c) => {
    const t = c.type;
    return t === 'identifier' || t === 'init_declarator' || (t.endsWith('_declarator') && t !== 'abstract_function_declarator');
  });
}

/** The declared name inside a declarator chain (`*const p`, `a[4][4]`, `x = 3`, `&r`). */
export function declaratorName(decl: SyntaxNode | null): SyntaxNode | undefined {
  let d: SyntaxNode | null = decl;
  for (let guard = 0; d && guard < 32; guard++) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d;
    const inner = d.childForFieldName('declarator');
    if (inner) {
      d = inner;
      continue;
    }
    // reference_declarator has no field name for its inner declarator.
    d = namedChildrenOf(d).find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
  }
  return undefined;
}
