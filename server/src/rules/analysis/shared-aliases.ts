// Pointers into dynamic shared memory that the model cannot see through. The CUDA samples' idiom
// `T* sdata = SharedMemory<T>();` converts a struct wrapping `extern __shared__` storage (the wrapper avoids
// redeclaring an unsized extern array per template type), so the model records `sdata[...]` in an unknown
// space. Rules about shared memory treat such names as one-dimensional extern shared arrays.
import type { MemoryAccess, SharedArray } from '../../model/types';

const WRAPPER = /\b([A-Za-z_]\w*)\s*=\s*(?:\([^()]*\)\s*)?SharedMemory\s*<[^<>]*>\s*\(\s*\)/g;

let cached: { text: string; names: Set<string> } | undefined;

/** Local pointer names initialised from the SharedMemory<T>() wrapper anywhere in the file. Names are
 *  collected per file, not per function: an access only counts when the model left its space unknown, so a
 *  pointer parameter of the same name in another kernel (global space) is not affected. */
export function sharedAliases(text: string): Set<string> {
  if (cached && cached.text === text) return cached.names;
  const names = new Set<string>();
  if (text.includes('SharedMemory')) for (const m of text.matchAll(WRAPPER)) names.add(m[1]);
  cached = { text, names };
  return names;
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
