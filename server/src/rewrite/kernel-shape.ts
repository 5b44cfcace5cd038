// Recognizes the one-element-per-thread kernel shape that several rewrites transform (fusion, float4
// loads, grid-stride loops, block size): `i = <global thread id>; if (i < n) { payload }` or
// `if (i >= n) return; payload`. Anything else is left alone: a rewrite that cannot prove its shape is
// not offered, so this recognizer is deliberately narrow.
import type { SyntaxNode } from '../parse/grammar';
import { descendants, KernelInfo, squash } from './source';

const GLOBAL_ID_FORMS = new Set([
  'blockIdx.x*blockDim.x+threadIdx.x', 'blockDim.x*blockIdx.x+threadIdx.x',
  'threadIdx.x+blockIdx.x*blockDim.x', 'threadIdx.x+blockDim.x*blockIdx.x',
]);

/** True for `blockIdx.x * blockDim.x + threadIdx.x` in any operand order, with optional casts. */
function isGlobalId(text: string): boolean {
  let t = squash(text);
  t = t.replace(/\((?:int|unsigned|unsignedint|size_t|long|longlong|int64_t)\)/g, '');
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1);
  return GLOBAL_ID_FORMS.has(t);
}

export interface ElementwiseShape {
  kernel: KernelInfo;
  indexVar: string;
  /** Declared type of the index variable (`int`, `unsigned int`, `size_t`). */
  indexType: string;
  /** Upper bound of the index as written (`n`). */
  bound: string;
  /** Statements run for a valid index, as source text (the guard removed). */
  payloadText: string;
  /** The same statements with identifiers renamed (fusion merges two kernels' parameters). */
  renderPayload(rename: Map<string, string>): string;
  /** The same statements with nodes substituted (`replace` returns new text, or undefined to recurse). */
  renderPayloadWith(replace: (n: SyntaxNode) => string | undefined): string;
  /** Nodes of those statements, for analysis. */
  payloadNodes: SyntaxNode[];
  /** The kernel already loops `for (i = <global id>; i < n; i += blockDim.x * gridDim.x)`. */
  gridStride?: boolean;
}

const BLOCK_BUILTINS = /\b(threadIdx|blockIdx|blockDim|gridDim|__syncthreads|__syncwarp|__shfl\w*|__ballot_sync|__any_sync|__all_sync|__activemask|warpSize)\b/;

/** Matches the shape, or says why not. */
export function elementwiseShape(kernel: KernelInfo): ElementwiseShape | string {
  const stmts = kernel.body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  if (stmts.length === 1 && stmts[0].type === 'for_statement') return gridStrideShape(kernel, stmts[0]);
  if (stmts.length < 2) return 'the kernel body is not "index = global thread id; guarded work"';
  const decl = stmts[0];
  const init = decl.type === 'declaration' ? decl.namedChildren.find((c) => c?.type === 'init_declarator') : undefined;
  const idNode = init?.childForFieldName('declarator');
  const value = init?.childForFieldName('value');
  const typeNode = decl.childForFieldName('type');
  if (!init || !idNode || idNode.type !== 'identifier' || !value || !typeNode || !isGlobalId(value.text)) {
    return 'the kernel does not start with `i = blockIdx.x * blockDim.x + threadIdx.x`';
  }
  const indexVar = idNode.text;
  const indexType = decl.text.slice(0, idNode.startIndex - decl.startIndex).trim();
  const guard = stmts[1];
  if (guard.type !== 'if_statement' || guard.childForFieldName('alternative')) return 'the index is not guarded by a single `if`';
  const cond = unparen(guard.childForFieldName('condition'));
  const consequence = guard.childForFieldName('consequence');
  if (!cond || !consequence) return 'the index guard is not understood';
  let bound: string | undefined;
  type Replace = (n: SyntaxNode) => string | undefined;
  let render: (replace: Replace) => string;
  let payloadNodes: SyntaxNode[];
  const span = (start: number, end: number, replace: Replace) => replaceSpan(kernel.body, start, end, replace);
  if (consequence.type === 'return_statement') {
    // `if (i >= n) return;` followed by the work.
    bound = boundOf(cond, indexVar, '>=');
    payloadNodes = stmts.slice(2);
    if (!payloadNodes.length) return 'the kernel does no work after its guard';
    const [first, last] = [payloadNodes[0], payloadNodes[payloadNodes.length - 1]];
    render = (replace) => span(first.startIndex, last.endIndex, replace);
  } else {
    if (stmts.length !== 2) return 'statements follow the guarded block';
    // `if (i < n) work` or `if (i < n && extra) work` (extra becomes an inner if).
    let extra: SyntaxNode | undefined;
    let lhs: SyntaxNode | undefined = cond;
    if (cond.type === 'binary_expression' && cond.childForFieldName('operator')?.type === '&&') {
      lhs = unparen(cond.childForFieldName('left'));
      extra = cond.childForFieldName('right') ?? undefined;
    }
    bound = lhs ? boundOf(lhs, indexVar, '<') : undefined;
    payloadNodes = [consequence];
    const compound = consequence.type === 'compound_statement';
    const [start, end] = [consequence.startIndex + (compound ? 1 : 0), consequence.endIndex - (compound ? 1 : 0)];
    const extraCond = extra;
    render = (replace) => {
      const inner = span(start, end, replace).trim();
      return extraCond ? `if (${span(extraCond.startIndex, extraCond.endIndex, replace)}) {\n${inner}\n}` : inner;
    };
  }
  if (!bound) return `the guard is not \`${indexVar} < bound\``;
  for (const n of payloadNodes) {
    if (BLOCK_BUILTINS.test(n.text)) return 'the work uses thread/block built-ins or barriers beyond the index';
    for (const d of descendants(n)) {
      if (d.type === 'return_statement') return 'the work has a `return` inside';
      if ((d.type === 'assignment_expression' || d.type === 'update_expression') &&
        (d.childForFieldName('left') ?? d.childForFieldName('argument'))?.text === indexVar) return `the work changes \`${indexVar}\``;
    }
  }
  const renamer = (map: Map<string, string>): Replace => (n) => (n.type === 'identifier' && map.has(n.text) ? map.get(n.text) : undefined);
  return {
    kernel, indexVar, indexType, bound, payloadNodes,
    payloadText: render(() => undefined),
    renderPayload: (map) => render(renamer(map)),
    renderPayloadWith: render,
  };
}

/** `for (T i = <global id>; i < n; i += blockDim.x * gridDim.x) payload` as the whole kernel body. */
function gridStrideShape(kernel: KernelInfo, loop: SyntaxNode): ElementwiseShape | string {
  const header = squash(loop.text.slice(0, loop.childForFieldName('body')!.startIndex - loop.startIndex));
  const m = /^for\(((?:unsigned)?int|size_t|long|longlong)(\w+)=(.+?);\2<(.+?);\2\+=(?:blockDim\.x\*gridDim\.x|gridDim\.x\*blockDim\.x)\)$/.exec(header);
  if (!m || !isGlobalId(m[3])) return 'the kernel is not one element per thread or a grid-stride loop over elements';
  const [, , indexVar, , boundSquashed] = m;
  const cond = loop.childForFieldName('condition');
  const bound = cond?.type === 'binary_expression' ? cond.childForFieldName('right')?.text ?? boundSquashed : boundSquashed;
  const declNode = loop.childForFieldName('initializer');
  const idNode = descendants(declNode ?? loop).find((d) => d.type === 'identifier' && d.text === indexVar);
  const indexType = declNode && idNode ? declNode.text.slice(0, idNode.startIndex - declNode.startIndex).trim() : 'int';
  const body = loop.childForFieldName('body')!;
  const payloadNodes = [body];
  for (const d of descendants(body)) {
    if (BLOCK_BUILTINS.test(d.type === 'identifier' ? d.text : '')) return 'the work uses thread/block built-ins or barriers beyond the index';
    if (d.type === 'return_statement' || d.type === 'break_statement' || d.type === 'continue_statement') return 'the loop body leaves the loop early';
    if ((d.type === 'assignment_expression' || d.type === 'update_expression') &&
      (d.childForFieldName('left') ?? d.childForFieldName('argument'))?.text === indexVar) return `the work changes \`${indexVar}\``;
  }
  const compound = body.type === 'compound_statement';
  const [start, end] = [body.startIndex + (compound ? 1 : 0), body.endIndex - (compound ? 1 : 0)];
  const render = (replace: (n: SyntaxNode) => string | undefined) => replaceSpan(kernel.body, start, end, replace).trim();
  const renamer = (map: Map<string, string>) => (n: SyntaxNode) => (n.type === 'identifier' && map.has(n.text) ? map.get(n.text) : undefined);
  return {
    kernel, indexVar, indexType, bound, payloadNodes, gridStride: true,
    payloadText: render(() => undefined),
    renderPayload: (map) => render(renamer(map)),
    renderPayloadWith: render,
  };
}

function unparen(n: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let cur = n ?? undefined;
  while (cur && (cur.type === 'parenthesized_expression' || cur.type === 'condition_clause')) {
    cur = cur.namedChildren.find((c) => !!c && c.type !== 'comment') ?? undefined;
  }
  return cur;
}

/** For `i < n` (op '<') or `i >= n` (op '>='), the text of n; also the mirrored forms. */
function boundOf(cond: SyntaxNode, indexVar: string, op: '<' | '>='): string | undefined {
  if (cond.type !== 'binary_expression') return undefined;
  const o = cond.childForFieldName('operator')?.type;
  const l = cond.childForFieldName('left');
  const r = cond.childForFieldName('right');
  if (!l || !r) return undefined;
  const mirrored = op === '<' ? '>' : '<=';
  if (o === op && l.text === indexVar) return r.text;
  if (o === mirrored && r.text === indexVar) return l.text;
  return undefined;
}

/** Names declared inside the nodes (locals), to detect shadowing before renaming. */
export function declaredNames(nodes: SyntaxNode[]): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) {
    for (const d of descendants(n)) {
      if (d.type === 'init_declarator' || d.type === 'declaration') {
        const id = d.childForFieldName('declarator');
        if (id?.type === 'identifier') out.add(id.text);
      }
    }
  }
  return out;
}

export interface ArrayUse { array: string; index: string; read: boolean; write: boolean }

/**
 * Subscripted accesses to pointer parameters in the nodes, merged by array and index text: `y[i] = a *
 * x[i] + y[i]` gives x[i] read, y[i] read and written. Used for traffic counts and elementwise checks.
 */
export function arrayUses(kernel: KernelInfo, nodes: SyntaxNode[]): ArrayUse[] {
  const pointers = new Set(kernel.params.filter((p) => p.text.includes('*') || p.text.includes('[')).map((p) => p.name));
  const uses = new Map<string, ArrayUse>();
  for (const n of nodes) {
    for (const d of descendants(n)) {
      if (d.type !== 'subscript_expression') continue;
      const arr = d.childForFieldName('argument');
      const idx = d.childForFieldName('indices') ?? d.namedChildren[1];
      if (!arr || !idx || arr.type !== 'identifier' || !pointers.has(arr.text)) continue;
      const index = squash(idx.text.replace(/^\[|\]$/g, ''));
      const key = `${arr.text}[${index}]`;
      const use = uses.get(key) ?? { array: arr.text, index, read: false, write: false };
      const parent = d.parent;
      const isLhs = parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.id === d.id;
      const compound = isLhs && parent?.childForFieldName('operator')?.type !== '=';
      if (isLhs) use.write = true;
      const updated = parent?.type === 'update_expression';
      if (!isLhs || compound || updated) use.read = true;
      if (updated) use.write = true;
      uses.set(key, use);
    }
  }
  return [...uses.values()];
}

/**
 * Source text of [start, end) under root where `replace` may substitute whole nodes (outermost first):
 * it returns the new text for a node, or undefined to keep looking inside it.
 */
export function replaceSpan(root: SyntaxNode, start: number, end: number, replace: (n: SyntaxNode) => string | undefined): string {
  const text = root.text;
  const base = root.startIndex;
  let out = '';
  let at = start;
  const visit = (n: SyntaxNode) => {
    if (n.endIndex <= at || n.startIndex >= end) return;
    if (n.startIndex >= start && n.endIndex <= end) {
      const r = replace(n);
      if (r !== undefined) {
        out += text.slice(at - base, n.startIndex - base) + r;
        at = n.endIndex;
        return;
      }
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  return out + text.slice(at - base, end - base);
}
