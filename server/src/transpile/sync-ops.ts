// Recognizes the calls that force loop fission inside a kernel: block barriers (__syncthreads, cooperative
// groups sync) and warp collectives (shuffles, votes, cg tile operations, cg::reduce). Each warp collective
// is described by which argument is exchanged between lanes and how the result is read back.
import type { LiteNode as SyntaxNode } from './lite-tree';
import { namedKids } from './emit-node';

export type WarpKind = 'shfl' | 'shfl_up' | 'shfl_down' | 'shfl_xor' | 'ballot' | 'any' | 'all' | 'uni'
  | 'match_any' | 'reduce_add' | 'reduce_min' | 'reduce_max' | 'reduce_and' | 'reduce_or' | 'reduce_xor'
  | 'cg_reduce' | 'cg_inclusive_scan' | 'cg_exclusive_scan' | 'sync_count' | 'sync_and' | 'sync_or';

export interface WarpOp {
  kind: WarpKind;
  call: SyntaxNode;
  /** The argument whose per-lane values are exchanged. */
  operand: SyntaxNode;
  /** Remaining arguments read after the exchange (lane, delta, mask, width, operator). */
  rest: SyntaxNode[];
  /** For tile methods and cg functions: the group expression (its width comes from its type). */
  group?: SyntaxNode;
}

const FREE_WARP: Record<string, { kind: WarpKind; operand: number }> = {
  __shfl_sync: { kind: 'shfl', operand: 1 }, __shfl_up_sync: { kind: 'shfl_up', operand: 1 },
  __shfl_down_sync: { kind: 'shfl_down', operand: 1 }, __shfl_xor_sync: { kind: 'shfl_xor', operand: 1 },
  __shfl: { kind: 'shfl', operand: 0 }, __shfl_up: { kind: 'shfl_up', operand: 0 },
  __shfl_down: { kind: 'shfl_down', operand: 0 }, __shfl_xor: { kind: 'shfl_xor', operand: 0 },
  __ballot_sync: { kind: 'ballot', operand: 1 }, __ballot: { kind: 'ballot', operand: 0 },
  __any_sync: { kind: 'any', operand: 1 }, __any: { kind: 'any', operand: 0 },
  __all_sync: { kind: 'all', operand: 1 }, __all: { kind: 'all', operand: 0 },
  __uni_sync: { kind: 'uni', operand: 1 }, __match_any_sync: { kind: 'match_any', operand: 1 },
  __reduce_add_sync: { kind: 'reduce_add', operand: 1 }, __reduce_min_sync: { kind: 'reduce_min', operand: 1 },
  __reduce_max_sync: { kind: 'reduce_max', operand: 1 }, __reduce_and_sync: { kind: 'reduce_and', operand: 1 },
  __reduce_or_sync: { kind: 'reduce_or', operand: 1 }, __reduce_xor_sync: { kind: 'reduce_xor', operand: 1 },
  __syncthreads_count: { kind: 'sync_count', operand: 0 }, __syncthreads_and: { kind: 'sync_and', operand: 0 },
  __syncthreads_or: { kind: 'sync_or', operand: 0 },
};
const METHOD_WARP: Record<string, WarpKind> = {
  shfl: 'shfl', shfl_up: 'shfl_up', shfl_down: 'shfl_down', shfl_xor: 'shfl_xor', any: 'any', all: 'all',
  ballot: 'ballot', match_any: 'match_any',
};
const CG_FUNCS: Record<string, WarpKind> = {
  reduce: 'cg_reduce', inclusive_scan: 'cg_inclusive_scan', exclusive_scan: 'cg_exclusive_scan',
};
const BARRIERS = new Set(['__syncthreads', '__syncwarp', '__barrier_sync']);

/** The callee's simple name and, for member calls, the object expression. */
export function calleeParts(call: SyntaxNode): { name: string; object?: SyntaxNode; scope?: string } {
  const f = call.childForFieldName('function');
  if (!f) return { name: '' };
  if (f.type === 'identifier') return { name: f.text };
  if (f.type === 'field_expression') {
    const field = f.childForFieldName('field');
    return { name: field?.text ?? '', object: f.childForFieldName('argument') ?? undefined };
  }
  if (f.type === 'qualified_identifier') {
    const scope = f.childForFieldName('scope')?.text;
    let name = f.childForFieldName('name');
    while (name && name.type === 'qualified_identifier') name = name.childForFieldName('name');
    if (name?.type === 'template_function') name = name.childForFieldName('name');
    return { name: name?.text ?? '', scope };
  }
  if (f.type === 'template_function') return { name: f.childForFieldName('name')?.text ?? '' };
  return { name: '' };
}

export function callArgs(call: SyntaxNode): SyntaxNode[] {
  const a = call.childForFieldName('arguments');
  return a ? namedKids(a) : [];
}

/** True for a block-level barrier call (group sync included). */
export function isBarrierCall(call: SyntaxNode): boolean {
  if (call.type !== 'call_expression') return false;
  const { name, object, scope } = calleeParts(call);
  if (BARRIERS.has(name) && !object) return true;
  if (name === 'sync' && object && callArgs(call).length === 0) return true;
  if (name === 'sync' && scope && callArgs(call).length === 1) return true;
  return false;
}

export function warpOpOf(call: SyntaxNode): WarpOp | undefined {
  if (call.type !== 'call_expression') return undefined;
  const { name, object, scope } = calleeParts(call);
  const args = callArgs(call);
  if (!object && !scope && FREE_WARP[name]) {
    const d = FREE_WARP[name];
    if (args.length <= d.operand) return undefined;
    return { kind: d.kind, call, operand: args[d.operand], rest: args.slice(d.operand + 1) };
  }
  if (object && METHOD_WARP[name] && args.length >= 1) {
    return { kind: METHOD_WARP[name], call, operand: args[0], rest: args.slice(1), group: object };
  }
  if (scope && CG_FUNCS[name] && args.length >= 2) {
    return { kind: CG_FUNCS[name], call, operand: args[1], rest: args.slice(2), group: args[0] };
  }
  return undefined;
}

/** __activemask(): needs no exchange, only the set of threads that reached it. */
export function isActiveMask(call: SyntaxNode): boolean {
  return call.type === 'call_expression' && calleeParts(call).name === '__activemask' && callArgs(call).length === 0;
}

/**
 * Does this subtree contain a barrier or a warp collective (not looking into lambdas)? __activemask counts:
 * branches around it must run under masks so that it sees which threads took them.
 */
const syncMemo = new WeakMap<SyntaxNode, boolean>();
export function containsSync(node: SyntaxNode): boolean {
  const m = syncMemo.get(node);
  if (m !== undefined) return m;
  let found = false;
  const visit = (n: SyntaxNode): void => {
    if (found) return;
    if (n.type === 'lambda_expression') return;
    if (n.type === 'call_expression' && (isBarrierCall(n) || warpOpOf(n) || isActiveMask(n))) { found = true; return; }
    for (let i = 0; i < n.childCount; i++) visit(n.child(i)!);
  };
  visit(node);
  syncMemo.set(node, found);
  return found;
}
