// Per-function memo of the model across rebuilds of the same file. A keystroke changes one function; the
// others keep their text, so their analysis is reused (moved by the number of lines the edit inserted
// above them) instead of re-walking their syntax trees, which is what makes a rebuild after an edit cost
// milliseconds. Entries are keyed by the function's text, its start column and a signature of everything
// outside the function the analysis read (constants, macros, device variables; kernels for launches).
import type { FunctionInfo, GemmCall, LaunchSite, RuntimeCall } from './types';
import type { CallSite } from './host';

export interface HostPart {
  /** Signature of the kernels the launches were linked against, and of the parameter values bound from
   *  call sites (empty when none). */
  kernelsSignature: string;
  bindings: string;
  /** Hash of the file's launcher functions (their calls are what the walk records). */
  launchers: string;
  launches: LaunchSite[];
  runtimeCalls: RuntimeCall[];
  gemmCalls: GemmCall[];
  callSites: CallSite[];
}

export interface FunctionEntry {
  /** The function's source text (the key). */
  text: string;
  /** Signature of the file context it was analysed in, and where the function started. */
  context: string;
  startColumn: number;
  startLine: number;
  /** The FunctionInfo, or the Kernel (FunctionInfo with its body analysis) for kernels. */
  info: FunctionInfo;
  host?: HostPart;
  /** The host walk again with parameters bound from call sites, when there are such bindings. */
  boundHost?: HostPart;
  /** Facts of the text every build asks (scanning 10,000 lines for them costs ~1 ms per keystroke): it
   *  launches kernels (`<<<`), uses cuBLASLt, and how often each identifier appears in it (its own name
   *  included). */
  facts?: { launches: boolean; cublasLt: boolean; callees?: ReadonlyMap<string, number> };
  /** The language server's per-build view: `info` plus the node of the current tree, updated in place (a
   *  fresh copy of every function on every keystroke cost ~3 ms of copying and garbage on 10,000 lines). */
  view?: FunctionInfo;
}

interface Generations {
  /** Entries of the previous build, offered for reuse. */
  previous: Map<string, FunctionEntry>;
  /** Entries of the build in progress; they become `previous` when it finishes. */
  current: Map<string, FunctionEntry>;
  /** The same entries by start line, for the lookup without a text key (`takeAt`). */
  previousByLine: Map<number, FunctionEntry>;
  currentByLine: Map<number, FunctionEntry>;
}

/** Files whose function entries are kept (open editors plus the headers they include). */
const MAX_FILES = 64;
const files = new Map<string, Generations>();

export class FunctionCache {
  private readonly gens: Generations;

  constructor(file: string) {
    let g = files.get(file);
    if (g) files.delete(file);
    else g = { previous: new Map(), current: new Map(), previousByLine: new Map(), currentByLine: new Map() };
    g.current = new Map();
    g.currentByLine = new Map();
    files.set(file, g);
    while (files.size > MAX_FILES) {
      const oldest = files.keys().next().value;
      if (oldest === undefined) break;
      files.delete(oldest);
    }
    this.gens = g;
  }

  /** An entry for a function with this text from the previous build of this file (or earlier in this
   *  one), analysed in the same context and at the same column, moved to `startLine`. Keyed by the text
   *  alone: building a longer key for every function on every keystroke costs more than the lookup. */
  take(text: string, context: string, startColumn: number, startLine: number): FunctionEntry | undefined {
    const entry = this.gens.current.get(text) ?? this.gens.previous.get(text);
    if (!entry || entry.context !== context || entry.startColumn !== startColumn) return undefined;
    const moved = entry.startLine === startLine ? entry : shiftEntry(entry, startLine - entry.startLine);
    this.put(moved);
    return moved;
  }

  /** The entry of the function spanning `source[from, to)` when the previous build had the same text at the
   *  same line and column: compared in place, so the usual keystroke (every function but one unchanged and
   *  unmoved) neither copies nor hashes function texts. Falls back to `take` by text. */
  takeAt(source: string, from: number, to: number, context: string, startColumn: number, startLine: number): FunctionEntry | undefined {
    const entry = this.gens.previousByLine.get(startLine);
    // `slice(...) ===` compares a view of the source without copying it, and is about 20 times faster in V8
    // than `source.startsWith(entry.text, from)` (measured: 0.1 vs 2 ms for 1,400 functions).
    if (entry && entry.context === context && entry.startColumn === startColumn && entry.text.length === to - from &&
      source.slice(from, to) === entry.text) {
      this.put(entry);
      return entry;
    }
    return this.take(source.slice(from, to), context, startColumn, startLine);
  }

  put(entry: FunctionEntry): void {
    this.gens.current.set(entry.text, entry);
    this.gens.currentByLine.set(entry.startLine, entry);
  }

  /** Ends the build: only what this build used survives for the next one. The views of entries it did not
   *  use drop their node: it belongs to a tree that is being replaced, and through it the old model would keep
   *  that tree's document text alive. */
  finish(): void {
    const live = new Set(this.gens.current.values());
    for (const e of this.gens.previous.values()) if (e.view && !live.has(e)) delete e.view.node;
    this.gens.previous = this.gens.current;
    this.gens.current = new Map();
    this.gens.previousByLine = this.gens.currentByLine;
    this.gens.currentByLine = new Map();
  }
}

/** Drops a file's entries (its document was closed): up to 64 files' analyses would otherwise stay in memory,
 *  tens of megabytes for a large file. */
export function forgetFunctions(file: string): void {
  files.delete(file);
}

/** Files that have entries, least recently built first. */
export function filesWithFunctions(): string[] {
  return [...files.keys()];
}

/** A short hash (cyrb53) of a long signature, so cache keys do not repeat it for every function. */
export function hashText(text: string): string {
  return hashNumber(text).toString(36);
}

/** cyrb53 of a text: a 53-bit integer. */
export function hashNumber(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A deep copy with every Position moved by `delta` lines; shared objects (a loop referenced by the kernel
 *  and by each access inside it) stay shared in the copy. Kernels linked from launches are not copied:
 *  the builder re-links launches after reuse. */
function shiftEntry(entry: FunctionEntry, delta: number): FunctionEntry {
  const memo = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    // Positions are never shared and are the bulk of what moves: no memo for them.
    if (typeof o.line === 'number' && typeof o.character === 'number') return { line: (o.line as number) + delta, character: o.character };
    const seen = memo.get(o);
    if (seen) return seen;
    if (Array.isArray(o)) {
      const out: unknown[] = new Array(o.length);
      memo.set(o, out);
      for (let i = 0; i < o.length; i++) out[i] = copy(o[i]);
      return out;
    }
    const out: Record<string, unknown> = {};
    memo.set(o, out);
    for (const k in o) out[k] = k === 'kernel' || k === 'node' ? o[k] : copy(o[k]);
    return out;
  };
  // The text and the facts of it do not move; the view belongs to the entry being moved.
  const { view: _view, text, facts, ...rest } = entry;
  return { ...(copy(rest) as Omit<FunctionEntry, 'text'>), text, facts, startLine: entry.startLine + delta };
}
