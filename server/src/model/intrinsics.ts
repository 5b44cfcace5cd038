// Classifies calls in device code: block and warp barriers, atomics, warp-level intrinsics (legacy and
// cooperative-groups forms) and cache-hinted loads/stores whose pointer argument is a memory access.
// Names follow the CUDA C++ Programming Guide (sections "Synchronization Functions", "Atomic Functions",
// "Warp Shuffle Functions", "Warp Vote Functions", "Cooperative Groups").
import type { Barrier } from './types';

export type CallClass =
  | { kind: 'barrier'; barrier: Barrier['kind'] }
  | { kind: 'atomic' }
  | { kind: 'warp' }
  | { kind: 'load' }
  | { kind: 'store' }
  | { kind: 'other' };

const COOPERATIVE_SCOPES = new Set(['cg', 'cooperative_groups']);
const WARP_MEMBERS = /^(shfl|shfl_up|shfl_down|shfl_xor|ballot|any|all|match_any|match_all)$/;

/** `name` is the callee as calleeName() gives it (`__syncthreads`, `block.sync`, `sync` with scope `cg`). */
export function classifyCall(name: string, scope?: string): CallClass {
  if (/^__syncthreads(_count|_and|_or)?$/.test(name)) return { kind: 'barrier', barrier: '__syncthreads' };
  if (name === '__syncwarp') return { kind: 'barrier', barrier: '__syncwarp' };
  const member = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : undefined;
  if (member === 'sync' || (name === 'sync' && scope && COOPERATIVE_SCOPES.has(scope))) return { kind: 'barrier', barrier: 'cg.sync' };
  if (name === '__barrier_sync' || member === 'arrive_and_wait') return { kind: 'barrier', barrier: 'other' };
  if (/^atomic[A-Z][A-Za-z]*(_block|_system)?$/.test(name)) return { kind: 'atomic' };
  if (/^__(shfl|shfl_up|shfl_down|shfl_xor)(_sync)?$/.test(name)) return { kind: 'warp' };
  if (/^__(ballot|any|all|uni|match_any|match_all)(_sync)?$/.test(name) || name === '__activemask') return { kind: 'warp' };
  if (/^__reduce_(add|min|max|and|or|xor)_sync$/.test(name)) return { kind: 'warp' };
  if (member && WARP_MEMBERS.test(member)) return { kind: 'warp' };
  if ((name === 'reduce' || name === 'inclusive_scan' || name === 'exclusive_scan') && scope && COOPERATIVE_SCOPES.has(scope)) return { kind: 'warp' };
  if (/^__ld(g|cg|ca|cs|lu|cv)$/.test(name)) return { kind: 'load' };
  if (/^__st(wb|cg|cs|wt)$/.test(name)) return { kind: 'store' };
  return { kind: 'other' };
}
