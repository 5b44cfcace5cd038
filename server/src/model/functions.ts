// Turns a function definition into FunctionInfo: CUDA execution space (__global__/__device__/__host__),
// parameters with const/__restrict__/pointer facts, template parameters and __launch_bounds__.
import type { SyntaxNode } from '../parse/grammar';
import type { FunctionInfo, Param } from './types';
import { childrenOf, declaratorName, namedChildrenOf, rangeOf, typeOf, textOf, textOfMaybe, fieldOf, fieldOfMaybe } from './syntax';
import { evaluateText, type EvalEnv } from './evaluate';

/** Direct qualifier words of a declaration or definition: `__global__`, `const`, `__shared__`, `extern`. */
export function qualifiersOf(node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  // Anonymous tokens have their text as type; named child types (`primitive_type`) never collide with
  // qualifier words, so collecting every type avoids an `isNamed` call per child.
  for (const c of childrenOf(node)) {
    const type = typeOf(c);
    out.add(type);
    if (type === 'type_qualifier' || type === 'storage_class_specifier') {
      const inner = childrenOf(c);
      for (const t of inner) out.add(typeOf(t));
      if (inner.length === 0) out.add(textOf(c));
    }
  }
  return out;
}

function executionSpace(q: Set<string>): FunctionInfo['kind'] {
  if (q.has('__global__')) return 'kernel';
  if (q.has('__device__') && q.has('__host__')) return 'host-device';
  if (q.has('__device__')) return 'device';
  return 'host';
}

/** The body of a definition; for a half-typed function that tree-sitter left as an ERROR node (see
 *  toplevel.ts), the ERROR node itself holds the statements. */
export function functionBody(fn: SyntaxNode): SyntaxNode | undefined {
  if (typeOf(fn) === 'ERROR') return fn;
  return fieldOf(fn, 'body') ?? undefined;
}

/** The function_declarator of a definition (under pointer or reference declarators for `T* f()`). */
export function functionDeclarator(fn: SyntaxNode): SyntaxNode | undefined {
  if (typeOf(fn) === 'ERROR') return namedChildrenOf(fn).find((c) => typeOf(c) === 'function_declarator');
  let d = fieldOf(fn, 'declarator');
  for (let guard = 0; d && guard < 8; guard++) {
    if (typeOf(d) === 'function_declarator') return d;
    d = fieldOf(d, 'declarator') ?? namedChildrenOf(d).find((c) => typeOf(c).endsWith('declarator')) ?? null;
  }
  return undefined;
}

export function templateParams(template: SyntaxNode | undefined): { names: string[]; defaults: Record<string, string> } {
  const names: string[] = [];
  const defaults: Record<string, string> = {};
  const list = fieldOfMaybe(template, 'parameters');
  if (!list) return { names, defaults };
  for (const p of namedChildrenOf(list)) {
    let name: string | undefined;
    if (typeOf(p) === 'type_parameter_declaration' || typeOf(p) === 'variadic_type_parameter_declaration') {
      name = namedChildrenOf(p).find((c) => typeOf(c) === 'type_identifier')?.text;
    } else if (typeOf(p) === 'optional_type_parameter_declaration') {
      name = textOfMaybe(fieldOf(p, 'name'));
    } else {
      name = declaratorName(fieldOf(p, 'declarator'))?.text;
      const def = fieldOf(p, 'default_value');
      if (name && def) defaults[name] = textOf(def);
    }
    if (name) names.push(name);
  }
  return { names, defaults };
}

/** Reads a parameter from its text (`const float* __restrict__ a`, `T (&v)[4]`, `int n = 3`): cheaper than
 *  walking its declarator nodes, and parameter text is short. */
function paramOf(p: SyntaxNode, file: string): Param | undefined {
  const text = textOf(p).replace(/\s*=[^=][\s\S]*$/, '').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').trim();
  // The name is the last identifier once trailing array sizes and `)` of `(&v)[4]` are set aside.
  let end = text.length;
  for (let guard = 0; guard < 16 && end > 0; guard++) {
    const c = text[end - 1];
    if (c === ']') end = text.lastIndexOf('[', end - 1);
    else if (c === ')' || c === ' ' || c === '\t' || c === '\n') end--;
    else break;
  }
  let start = end;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  const word = text.slice(start, end);
  const name = /^[A-Za-z_]/.test(word) && !KEYWORDS.has(word) && start > 0 ? word : '';
  const type = name ? (text.slice(0, start) + text.slice(end)).replace(/\s+/g, ' ').trim() : text;
  const isPointer = /[*\[]/.test(type);
  const head = type.split('*')[0] ?? '';
  const baseType = head.replace(/\[[^\]]*\]/g, ' ').replace(/\b(const|volatile|__restrict__|__restrict|restrict|struct|class|typename)\b/g, ' ').replace(/[&\[\]()]/g, ' ').replace(/\s+/g, ' ').trim();
  return {
    file,
    range: rangeOf(p),
    name,
    type,
    isPointer,
    isConst: /\bconst\b/.test(head),
    isRestrict: /restrict/.test(type),
    baseType,
  };
}

/** Words that end a type, not name a parameter (`void f(int)`, `f(float*)`). */
const KEYWORDS = new Set(['int', 'float', 'double', 'char', 'void', 'bool', 'long', 'short', 'unsigned', 'signed', 'const', 'volatile', 'size_t', 'half', '__half', '__restrict__', 'auto']);

export function functionInfo(fn: SyntaxNode, template: SyntaxNode | undefined, file: string, env: EvalEnv): FunctionInfo | undefined {
  const decl = functionDeclarator(fn);
  if (!decl) return undefined;
  const nameNode = fieldOf(decl, 'declarator');
  if (!nameNode) return undefined;
  const nameText = typeOf(nameNode) === 'qualified_identifier' ? textOfMaybe(fieldOf(nameNode, 'name')) ?? nameNode.text : textOf(nameNode);
  const q = qualifiersOf(fn);
  const params: Param[] = [];
  const list = fieldOf(decl, 'parameters');
  if (list) {
    for (const p of namedChildrenOf(list)) {
      if (typeOf(p) !== 'parameter_declaration' && typeOf(p) !== 'optional_parameter_declaration') continue;
      const param = paramOf(p, file);
      if (param) params.push(param);
    }
  }
  const { names, defaults } = templateParams(template);
  const info: FunctionInfo = {
    file,
    range: rangeOf(template ?? fn),
    name: nameText,
    nameRange: rangeOf(nameNode),
    kind: executionSpace(q),
    params,
    templateParams: names,
    node: fn,
  };
  if (Object.keys(defaults).length) info.templateDefaults = defaults;
  const body = functionBody(fn);
  if (body) info.bodyRange = rangeOf(body);
  const lb = namedChildrenOf(fn).find((c) => typeOf(c) === 'launch_bounds');
  if (lb) {
    const constants = new Map(env.constants);
    for (const [k, v] of Object.entries(defaults)) {
      const n = evaluateText(v, env);
      if (n !== undefined) constants.set(k, n);
    }
    const args = namedChildrenOf(lb).filter((c) => typeOf(c) !== 'comment');
    const val = (i: number): number | undefined => (args[i] ? evaluateText(args[i].text, { constants, macros: env.macros }) : undefined);
    info.launchBounds = { maxThreads: val(0), minBlocks: val(1) };
  }
  return info;
}
