// Follows local `#include "x.cuh"` headers so kernels, macros and constants defined there belong to the
// including file's model. Header models are cached by path and content (including the content of every
// header they pulled in), so re-analysing a file on each keystroke does not re-parse its headers.
import * as fs from 'fs';
import * as path from 'path';
import type { SyntaxNode } from '../parse/grammar';
import type { ProgramModel } from './types';
import { typeOf, textOf, fieldOf } from './syntax';

/** Headers larger than this are generated code or amalgamations; following them costs more than it tells. */
export const MAX_HEADER_BYTES = 2 * 1024 * 1024;
/** Include nesting followed; real projects rarely go past three or four levels of local headers. */
export const MAX_INCLUDE_DEPTH = 8;
/** Distinct headers followed from one file. */
export const MAX_HEADERS = 64;
/** Header models kept in the cache. */
const CACHE_CAPACITY = 128;

export type ReadFile = (absPath: string) => string | undefined;

export function defaultReadFile(absPath: string): string | undefined {
  try {
    const st = fs.statSync(absPath);
    if (!st.isFile() || st.size > MAX_HEADER_BYTES) return undefined;
    return fs.readFileSync(absPath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The quoted path of a local include (`#include "a.cuh"`), or undefined for `<system>` headers. */
export function localIncludePath(include: SyntaxNode): string | undefined {
  const p = fieldOf(include, 'path');
  if (!p || typeOf(p) !== 'string_literal') return undefined;
  const text = textOf(p);
  return text.length >= 2 ? text.slice(1, -1) : undefined;
}

export function resolveInclude(fromFile: string, includePath: string): string {
  return path.resolve(path.dirname(fromFile), includePath);
}

interface CacheEntry {
  /** Text of the header and of every header it included, at build time. */
  deps: Map<string, string>;
  model: ProgramModel;
}

const cache = new Map<string, CacheEntry>();

/** A cached header model if neither the header nor anything it included has changed. */
export function cachedHeader(absPath: string, readFile: ReadFile): CacheEntry | undefined {
  const entry = cache.get(absPath);
  if (!entry) return undefined;
  for (const [dep, text] of entry.deps) {
    if (readFile(dep) !== text) {
      cache.delete(absPath);
      return undefined;
    }
  }
  // Refresh recency: Map iteration order is insertion order, so the oldest entry is evicted first.
  cache.delete(absPath);
  cache.set(absPath, entry);
  return entry;
}

export function rememberHeader(absPath: string, deps: Map<string, string>, model: ProgramModel): void {
  cache.set(absPath, { deps, model });
  while (cache.size > CACHE_CAPACITY) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
}

/** Forgets a header (the workspace index calls this when a header changes on disk or in the editor). */
export function forgetHeader(absPath: string): void {
  cache.delete(absPath);
}
