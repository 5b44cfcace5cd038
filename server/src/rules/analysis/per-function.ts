// Per-function memo of rule findings across analyses of the same file. The language server re-runs every
// rule after each keystroke, but a keystroke changes one function: a rule whose findings for a kernel or
// device function depend only on that function, its launches and file-wide context gets them back from here
// (moved by the lines the edit inserted above the function) instead of recomputing them. The key is the
// function's text and start column; an entry is reused only when a signature of everything else such a rule
// reads is unchanged: target GPU, constants, macros, device variables, device functions (callees), kernel
// names, SharedMemory<T>() aliases, ptxas resources, and the function's launch sites with their lines taken
// relative to the function (so moving a kernel and its launcher together keeps the entry).
// Same idea as the model's per-function cache (model/function-cache.ts), one level up.
import { hashText } from '../../model/function-cache';
import type { Dim3, FunctionInfo, Kernel, LaunchSite, Position, Range } from '../../model/types';
import type { Finding, RuleContext } from '../types';
import { deviceCode, type DeviceCode } from './device-code';
import { launchesOf } from './launches';
import { sharedAliases } from './shared-aliases';
import { textOf } from './source-text';

interface FunctionFindings {
  /** Signature of what the rules read besides the function's text. */
  signature: string;
  startLine: number;
  /** Findings per rule id, positions as of `startLine`. */
  byRule: Map<string, Finding[]>;
}

interface Generations {
  /** The analysis the current generation belongs to, by number: a reference (even a WeakRef, which the
   *  engine keeps alive until the current job ends) would keep finished analyses' models and texts alive. */
  owner: number;
  previous: Map<string, FunctionFindings>;
  current: Map<string, FunctionFindings>;
}

/** Files whose entries are kept (open editors; the CLI checks each file once). */
const MAX_FILES = 64;
const files = new Map<string, Generations>();

/** Per analysis: the entry each function resolved to, and the file-wide part of the signature. */
const perContext = new WeakMap<RuleContext, { id: number; context: string; entries: Map<FunctionInfo, FunctionFindings> }>();
let analyses = 0;

/** Findings of `ruleId` for `fn`, from the memo when `fn` and what it reads are unchanged, else `compute()`.
 *  `compute` must only report findings located in `fn` (or in its launch sites) and read nothing beyond
 *  what the signature covers. */
export function perFunction(ctx: RuleContext, ruleId: string, fn: FunctionInfo, compute: () => Finding[]): Finding[] {
  if (fn.file !== ctx.model.file) return compute();
  const entry = entryFor(ctx, fn);
  const known = entry.byRule.get(ruleId);
  if (known) return known;
  const found = compute();
  // A copy for the memo: messages quote slices of this version of the document, and a V8 sliced string keeps
  // the whole document alive for as long as the finding is reused.
  entry.byRule.set(ruleId, structuredClone(found));
  return found;
}

/** Drops a file's memo (its document was closed). */
export function forgetFindings(file: string): void {
  files.delete(file);
}

/** Files that have memoized findings, least recently analysed first. */
export function filesWithFindings(): string[] {
  return [...files.keys()];
}

function generations(file: string, owner: number): Generations {
  let g = files.get(file);
  if (g && g.owner === owner) return g;
  if (g) {
    // A new analysis of the file: what the last one used is offered for reuse, the rest is dropped.
    files.delete(file);
    g = { owner, previous: g.current.size > 0 ? g.current : g.previous, current: new Map() };
  } else {
    g = { owner, previous: new Map(), current: new Map() };
  }
  files.set(file, g);
  while (files.size > MAX_FILES) {
    const oldest = files.keys().next().value;
    if (oldest === undefined) break;
    files.delete(oldest);
  }
  return g;
}

function entryFor(ctx: RuleContext, fn: FunctionInfo): FunctionFindings {
  let state = perContext.get(ctx);
  if (!state) perContext.set(ctx, (state = { id: ++analyses, context: contextSignature(ctx), entries: new Map() }));
  const resolved = state.entries.get(fn);
  if (resolved) return resolved;
  const g = generations(ctx.model.file, state.id);
  const key = keyOf(ctx, fn);
  const signature = signatureOf(ctx, fn, state.context);
  const startLine = fn.range.start.line;
  const old = g.current.get(key) ?? g.previous.get(key);
  let entry: FunctionFindings;
  if (old && old.signature === signature) {
    entry = old.startLine === startLine ? old : moved(old, startLine - old.startLine, ctx.model.file);
  } else {
    entry = { signature, startLine, byRule: new Map() };
  }
  g.current.set(key, entry);
  state.entries.set(fn, entry);
  return entry;
}

/** The last signature built for a function object, with what it was built from. The model reuses a
 *  function's objects and its launch objects while they are unchanged, so when the file context, the
 *  function's line, its ptxas resources and its launch objects are the same, so is the signature: its text
 *  (one per function, hundreds of characters) is not rebuilt on every keystroke. */
const signatures = new WeakMap<FunctionInfo, { context: string; base: number; launches: LaunchSite[]; resources: unknown; text: string }>();

function signatureOf(ctx: RuleContext, fn: FunctionInfo, context: string): string {
  const launches = launchesOf(ctx.model, fn);
  const resources = ctx.resources?.get(fn.name);
  const base = fn.range.start.line;
  const known = signatures.get(fn);
  if (known && known.context === context && known.base === base && known.resources === resources &&
    known.launches.length === launches.length && known.launches.every((l, i) => l === launches[i])) return known.text;
  const text = `${context}\0${launchSignature(ctx, fn)}\0${JSON.stringify(resources ?? null)}`;
  signatures.set(fn, { context, base, launches, resources, text });
  return text;
}

/** Keys by the function's parameter list: the model reuses a function's analysis objects while its text and
 *  position are unchanged (model/function-cache.ts), so the key string, with its hash computed once by the
 *  engine, is reused instead of slicing and hashing the function's text again on every keystroke. */
const keys = new WeakMap<object, { line: number; key: string }>();

function keyOf(ctx: RuleContext, fn: FunctionInfo): string {
  const known = keys.get(fn.params);
  if (known && known.line === fn.range.start.line) return known.key;
  // Sliced out of a concatenation, so the key owns its characters instead of pointing into the document.
  const key = ` ${fn.range.start.character}\0${textOf(ctx.text, fn.range)}`.slice(1);
  keys.set(fn.params, { line: fn.range.start.line, key });
  return key;
}

/** The file-wide inputs of per-function rules, hashed once per analysis. */
function contextSignature(ctx: RuleContext): string {
  const m = ctx.model;
  const parts: string[] = [ctx.gpu.id, [...sharedAliases(ctx.text)].join(',')];
  for (const [k, v] of m.constants) parts.push(`${k}=${v}`);
  for (const [k, d] of m.macros) parts.push(`#${k}(${d.params?.join(',') ?? ''})${d.body}`);
  parts.push(JSON.stringify(m.deviceVariables ?? []));
  for (const k of m.kernels) parts.push(`k:${k.file}:${k.name}:${k.params.length}`);
  for (const f of m.deviceFunctions) {
    parts.push(`d:${f.file}:${f.name}:${f.file === m.file ? textOf(ctx.text, f.range) : JSON.stringify(f.range)}`);
  }
  return hashText(parts.join('\n'));
}

/** Launch sites of `fn` as text, with lines in the checked file taken relative to `base`; memoized per
 *  launch object (the model reuses launch objects of unchanged host functions). Written field by field:
 *  JSON.stringify with a replacer cost ~10 ms per keystroke on 855 launches. Every field of LaunchSite but
 *  the kernel link (covered by the function's own text) takes part. */
const launchText = new WeakMap<LaunchSite, { base: number; text: string }>();

function launchSignature(ctx: RuleContext, fn: FunctionInfo): string {
  const base = fn.range.start.line;
  const out: string[] = [];
  for (const l of launchesOf(ctx.model, fn)) {
    const known = launchText.get(l);
    if (known && known.base === base) {
      out.push(known.text);
      continue;
    }
    const delta = l.file === ctx.model.file ? base : 0;
    const pos = (p: Position) => `${p.line - delta}:${p.character}`;
    const range = (r: Range) => `${pos(r.start)}-${pos(r.end)}`;
    const dim = (d: Dim3) => `${d.text}=${d.x},${d.y},${d.z},${d.total}`;
    const text = [
      l.file, range(l.range), range(l.configRange), l.kernelName, l.templateArgs.join(','), dim(l.grid), dim(l.block),
      l.sharedBytes, l.sharedText, l.stream, l.enclosingFunction, l.staticSharedBytes, l.wrappingMacro,
      JSON.stringify(l.templateBindings ?? null),
      l.args.map((x) => `${x.text}=${x.value}@${range(x.range)}`).join(';'),
      l.hostLoops.map((h) => `${h.file}:${h.kind}:${h.variable}:${h.tripCount}:${range(h.range)}:${range(h.headerRange)}`).join(';'),
    ].join('|');
    launchText.set(l, { base, text });
    out.push(text);
  }
  return out.join('\n');
}

function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}

/** The entry with every position in the checked file moved by `delta` lines. */
function moved(entry: FunctionFindings, delta: number, file: string): FunctionFindings {
  const byRule = new Map<string, Finding[]>();
  for (const [id, findings] of entry.byRule) byRule.set(id, findings.map((f) => shiftFinding(f, delta, file)));
  return { signature: entry.signature, startLine: entry.startLine + delta, byRule };
}

function shiftFinding(f: Finding, delta: number, file: string): Finding {
  const inFile = f.file === file;
  return {
    ...f,
    range: inFile ? shiftValue(f.range, delta) as Finding['range'] : f.range,
    ...(f.related ? { related: f.related.map((r) => (r.file === file ? { ...r, range: shiftValue(r.range, delta) as Finding['range'] } : r)) } : {}),
    ...(inFile && f.data !== undefined ? { data: shiftValue(f.data, delta) } : {}),
  };
}

/** A copy with every {line, character} inside moved by `delta` lines (rule data is plain JSON). */
function shiftValue(v: unknown, delta: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (isPosition(v)) return { ...v, line: v.line + delta };
  if (Array.isArray(v)) return v.map((x) => shiftValue(x, delta));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = shiftValue(x, delta);
  return out;
}

/** A rule's check of one device function (kernels included), run through the memo for every one of them. */
export function perDeviceCode(ctx: RuleContext, ruleId: string, check: (code: DeviceCode) => Finding[]): Finding[] {
  return deviceCode(ctx.model, ctx.text).flatMap((code) => perFunction(ctx, ruleId, code.fn, () => check(code)));
}

/** A rule's check of one kernel, run through the memo for every kernel of the model. */
export function perKernel(ctx: RuleContext, ruleId: string, check: (kernel: Kernel) => Finding[]): Finding[] {
  return ctx.model.kernels.flatMap((k) => perFunction(ctx, ruleId, k, () => check(k)));
}
