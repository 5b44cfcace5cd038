// Syntax shapes the device-code walker reads: subscript chains, casts around pointers, array declarators,
// and the names a loop body assigns. Separate from the walker so it reads as the analysis, not tree plumbing.
import type { SyntaxNode } from '../parse/grammar';
import { callArguments, fieldOf, namedChildrenOf, textOf, textOfMaybe, typeOf, unparen } from './syntax';

export function firstIndex(sub: SyntaxNode): SyntaxNode | undefined {
  const list = fieldOf(sub, 'indices');
  if (!list) return undefined;
  return namedChildrenOf(list).find((c) => typeOf(c) !== 'comment');
}

export function indexNodes(sub: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let s: SyntaxNode | null = sub;
  for (let guard = 0; s && typeOf(s) === 'subscript_expression' && guard < 8; guard++) {
    const i = firstIndex(s);
    if (i) out.push(i);
    s = fieldOf(s, 'argument');
  }
  return out;
}

/** Strips parentheses and C/C++ casts: `(float4*)(p)`, `reinterpret_cast<const float4*>(p)`. */
export function unwrapCasts(node: SyntaxNode): SyntaxNode {
  let n = unparen(node);
  for (let guard = 0; guard < 8; guard++) {
    if (typeOf(n) === 'cast_expression') {
      const v = fieldOf(n, 'value');
      if (!v) break;
      n = unparen(v);
      continue;
    }
    if (typeOf(n) === 'call_expression') {
      const fn = fieldOf(n, 'function');
      const name = (!!fn && typeOf(fn) === 'template_function') ? textOfMaybe(fieldOf(fn, 'name')) : undefined;
      const args = callArguments(n);
      if (name && /_cast$/.test(name) && args.length === 1) {
        n = unparen(args[0]);
        continue;
      }
    }
    break;
  }
  return n;
}

/** Pointee type of an outer pointer cast (`reinterpret_cast<const float4*>(p)` -> `float4`). */
export function castPointee(node: SyntaxNode): string | undefined {
  const n = unparen(node);
  let typeText: string | undefined;
  if (typeOf(n) === 'cast_expression') typeText = textOfMaybe(fieldOf(n, 'type'));
  else if (typeOf(n) === 'call_expression') {
    const fn = fieldOf(n, 'function');
    if ((!!fn && typeOf(fn) === 'template_function') && /_cast$/.test(textOfMaybe(fieldOf(fn, 'name')) ?? '')) {
      const targs = fieldOf(fn, 'arguments');
      typeText = targs ? namedChildrenOf(targs)[0]?.text : undefined;
    }
  }
  if (!typeText || !typeText.includes('*')) return undefined;
  return typeText.replace(/\*/g, '').replace(/\b(const|volatile|__restrict__)\b/g, '').trim();
}

/** Sizes of `a[X][Y]` outermost first; an empty size (`extern __shared__ float s[]`) is undefined. */
export function arrayDims(decl: SyntaxNode): (SyntaxNode | undefined)[] {
  const dims: (SyntaxNode | undefined)[] = [];
  let d: SyntaxNode | null = decl;
  for (let guard = 0; d && guard < 16; guard++) {
    if (typeOf(d) === 'array_declarator') dims.unshift(fieldOf(d, 'size') ?? undefined);
    else if (typeOf(d) !== 'parenthesized_declarator' && typeOf(d) !== 'init_declarator') break;
    d = fieldOf(d, 'declarator');
  }
  return dims;
}

export function hasPointer(decl: SyntaxNode): boolean {
  let d: SyntaxNode | null = decl;
  for (let guard = 0; d && guard < 16; guard++) {
    if (typeOf(d) === 'pointer_declarator') return true;
    d = fieldOf(d, 'declarator');
  }
  return false;
}

const ASSIGNED = /(?<![\w.>])([A-Za-z_]\w*)\s*(?:(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--)|(?:\+\+|--)\s*([A-Za-z_]\w*)/g;

/** Names assigned (=, op=, ++, --) anywhere inside a subtree, read from its text (a declaration with an
 *  initializer counts too, which only makes a name inside the loop unknown until it is declared). */
export function assignedIn(node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const m of textOf(node).matchAll(ASSIGNED)) out.add(m[1] ?? m[2]);
  return out;
}

