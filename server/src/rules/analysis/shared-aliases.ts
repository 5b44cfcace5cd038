// Pointers into dynamic shared memory that the model cannot see through. The CUDA samples' idiom
// `T* sdata = SharedMemory<T>();` converts a struct wrapping `extern __shared__` storage (the wrapper avoids
// redeclaring an unsized extern array per template type), so the model records `sdata[...]` in an unknown
// space. Rules about shared memory treat such names as one-dimensional extern shared arrays.
import type { FunctionInfo, MemoryAccess, ProgramModel, SharedArray } from '../../model/types';
import { functionNode } from './syntax-cache';

const WRAPPER = /\b([A-Za-z_]\w*)\s*=\s*(?:\([^()]*\)\s*)?SharedMemory\s*<[^<>]*>\s*\(\s*\)/g;

/** Local pointer names initialised from the SharedMemory<T>() wrapper in this function. */
export function sharedAliases(model: ProgramModel, text: string, fn: FunctionInfo): Set<string> {
  const node = functionNode(model, text, fn);
  const out = new Set<string>();
  if (!node || !node.text.includes('SharedMemory')) return out;
  for (const m of node.text.matchAll(WRAPPER)) out.add(m[1]);
  return out;
}

/** True for accesses to shared memory, directly or through a wrapper alias. */
export function isSharedAccess(a: MemoryAccess, aliases: ReadonlySet<string>): boolean {
  return a.space === 'shared' || (a.space === 'unknown' && !a.baseArray && aliases.has(a.array));
}

/** The declaration a shared access reads: the kernel's own array, or a stand-in for a wrapper alias
 *  (one unsized dimension; element size from the access, 4 bytes for a template type). */
export function sharedArrayOf(a: MemoryAccess, arrays: SharedArray[], aliases: ReadonlySet<string>): SharedArray | undefined {
  const name = a.baseArray ?? a.array;
  const own = arrays.find((s) => s.name === name);
  if (own || !aliases.has(name)) return own;
  return { file: a.file, range: a.range, name, elementType: a.elementType ?? 'T', elementBytes: a.elementBytes ?? 4, dims: [undefined], isExtern: true };
}
