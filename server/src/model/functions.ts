// Turns a function definition into FunctionInfo: CUDA execution space (__global__/__device__/__host__),
// parameters with const/__restrict__/pointer facts, template parameters and __launch_bounds__.
import type { SyntaxNode } from '../parse/grammar';
import type { FunctionInfo, Param } from './types';
import { childrenOf, declaratorName, namedChildrenOf, rangeOf } from './syntax';
import { evaluateText, type EvalEnv } from './evaluate';

/** Direct qualifier words of a declaration or definition: `__global__`, `const`, `__shared__`, `extern`. */
export function qualifiersOf(node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const c of childrenOf(node)) {
    if (!c.isNamed) out.add(c.type);
    else if (c.type === 'type_qualifier' || c.type === 'storage_class_specifier' || c.type === 'virtual') {
      for (const t of childrenOf(c)) out.add(t.type);
      if (c.childCount === 0) out.add(c.text);
    }
  }
  return out;
}

export function executionSpace(q: Set<string>): FunctionInfo['kind'] {
  if (q.has('__global__')) return 'kernel';
  if (q.has('__device__') && q.has('__host__')) return 'host-device';
  if (q.has('__device__')) return 'device';
  return 'host';
}

/** The function_declarator of a definition (under pointer or reference declarators for `T* f()`). */
export function functionDeclarator(fn: SyntaxNode): SyntaxNode | undefined {
  let d = fn.childForFieldName('declarator');
  for (let guard = 0; d && guard < 8; guard++) {
    if (d.type === 'function_declarator') return d;
    d = d.childForFieldName('declarator') ?? namedChildrenOf(d).find((c) => c.type.endsWith('declarator')) ?? null;
  }
  return undefined;
}

export function templateParams(template: SyntaxNode | undefined): { names: string[]; defaults: Record<string, string> } {
  const names: string[] = [];
  const defaults: Record<string, string> = {};
  const list = template?.childForFieldName('parameters');
  if (!list) return { names, defaults };
  for (const p of namedChildrenOf(list)) {
    let name: string | undefined;
    if (p.type === 'type_parameter_declaration' || p.type === 'variadic_type_parameter_declaration') {
      name = namedChildrenOf(p).find((c) => c.type === 'type_identifier')?.text;
    } else if (p.type === 'optional_type_parameter_declaration') {
      name = p.childForFieldName('name')?.text;
    } else {
      name = declaratorName(p.childForFieldName('declarator'))?.text;
      const def = p.childForFieldName('default_value');
      if (name && def) defaults[name] = def.text;
    }
    if (name) names.push(name);
  }
  return { names, defaults };
}

function paramOf(p: SyntaxNode, file: string): Param | undefined {
  const declarator = p.childForFieldName('declarator');
  const nameNode = declaratorName(declarator);
  const typeNode = p.childForFieldName('type');
  const baseType = typeNode?.text ?? '';
  let isPointer = false;
  let isRestrict = false;
  for (let d: SyntaxNode | null = declarator, guard = 0; d && guard < 16; guard++) {
    if (d.type === 'pointer_declarator' || d.type === 'array_declarator' || d.type === 'abstract_pointer_declarator') isPointer = true;
    for (const c of childrenOf(d)) if (c.type === 'type_qualifier' && /restrict/.test(c.text)) isRestrict = true;
    d = d.childForFieldName('declarator') ?? namedChildrenOf(d).find((c) => c.type.endsWith('declarator')) ?? null;
  }
  const q = qualifiersOf(p);
  const text = p.text;
  const name = nameNode?.text ?? '';
  // The type as written is the parameter's text without its name (`const float* __restrict__`).
  const type = nameNode ? (text.slice(0, nameNode.startIndex - p.startIndex) + text.slice(nameNode.endIndex - p.startIndex)).trim() : text;
  if (/restrict/.test(type)) isRestrict = true;
  return {
    file,
    range: rangeOf(p),
    name,
    type,
    isPointer,
    isConst: q.has('const') || /\bconst\b/.test(type.split('*')[0] ?? ''),
    isRestrict,
    baseType,
  };
}

export function functionInfo(fn: SyntaxNode, template: SyntaxNode | undefined, file: string, env: EvalEnv): FunctionInfo | undefined {
  const decl = functionDeclarator(fn);
  if (!decl) return undefined;
  const nameNode = decl.childForFieldName('declarator');
  if (!nameNode) return undefined;
  const nameText = nameNode.type === 'qualified_identifier' ? nameNode.childForFieldName('name')?.text ?? nameNode.text : nameNode.text;
  const q = qualifiersOf(fn);
  const params: Param[] = [];
  const list = decl.childForFieldName('parameters');
  if (list) {
    for (const p of namedChildrenOf(list)) {
      if (p.type !== 'parameter_declaration' && p.type !== 'optional_parameter_declaration') continue;
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
  const body = fn.childForFieldName('body');
  if (body) info.bodyRange = rangeOf(body);
  const lb = namedChildrenOf(fn).find((c) => c.type === 'launch_bounds');
  if (lb) {
    const constants = new Map(env.constants);
    for (const [k, v] of Object.entries(defaults)) {
      const n = evaluateText(v, env);
      if (n !== undefined) constants.set(k, n);
    }
    const args = namedChildrenOf(lb).filter((c) => c.type !== 'comment');
    const val = (i: number): number | undefined => (args[i] ? evaluateText(args[i].text, { constants, macros: env.macros }) : undefined);
    info.launchBounds = { maxThreads: val(0), minBlocks: val(1) };
  }
  return info;
}
