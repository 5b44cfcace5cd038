// Builds the ProgramModel of one file: macros and constants, followed local headers, functions with
// their device-side analysis, then the host walk for launches and runtime calls. Every stage is guarded
// so that one malformed function or header cannot take the rest of the file's model down.
import { loadCudaLanguage, parseText, type SyntaxNode, type SyntaxTree } from '../parse/grammar';
import type { DeviceVariable, FunctionInfo, Kernel, KernelBody, ProgramModel, SharedArray } from './types';
import { FunctionCache, hashNumber, hashText, type FunctionEntry } from './function-cache';
import { evaluateText, typeBytes, type EvalEnv } from './evaluate';
import { functionBody, functionInfo, qualifiersOf } from './functions';
import { analyzeDeviceBody, type GlobalArray } from './device-body';
import { createHostWalker, type HostResults } from './host';
import { collectTopLevel, type TopLevelItems } from './toplevel';
import {
  cachedHeader, defaultReadFile, localIncludePath, MAX_HEADER_BYTES, MAX_HEADERS, MAX_INCLUDE_DEPTH, rememberHeader, resolveInclude, type ReadFile,
} from './includes';
import { declaratorName, declaratorsOf, namedChildrenOf, rangeOf, childrenOf, typeOf, textOf, textOfMaybe, lengthOf, fieldOf } from './syntax';
import type { WorkspaceIndex } from './workspace-index';

export interface BuildOptions {
  /** Reads `#include "x.cuh"` targets; defaults to the file system (after the index's open documents). */
  readFile?: (absPath: string) => string | undefined;
  index?: WorkspaceIndex;
}

interface BuildState {
  visited: Set<string>;
  depth: number;
  keepNodes: boolean;
  /** Texts of every header read while building, for the header cache's validity check. */
  deps: Map<string, string>;
  headers: { count: number };
}

function emptyModel(file: string): ProgramModel {
  return {
    file, kernels: [], deviceFunctions: [], hostFunctions: [], launches: [], runtimeCalls: [], gemmCalls: [], launcherCalls: [],
    constants: new Map(), macros: new Map(), includes: [], deviceVariables: [],
  };
}

/** Builds the model of a parsed file. Nodes on the result stay valid while `tree` lives. Never throws. */
export function buildProgramModel(tree: SyntaxTree, text: string, file: string, opts: BuildOptions = {}): ProgramModel {
  const state: BuildState = { visited: new Set([file]), depth: 0, keepNodes: true, deps: new Map(), headers: { count: 0 } };
  return buildFromRoot(tree.rootNode, text, file, opts, state);
}

/** Parses, builds and deletes the tree; the model carries no syntax nodes. For the CLI and tests. */
export async function buildModelFromText(text: string, file: string, opts: BuildOptions = {}): Promise<ProgramModel> {
  await loadCudaLanguage();
  return buildDetached(text, file, opts, { visited: new Set([file]), depth: 0, keepNodes: false, deps: new Map(), headers: { count: 0 } });
}

/** Builds from a parsed tree without keeping node handles, so the model outlives the tree (the caller
 *  deletes it). Never throws. */
export function buildDetachedModel(tree: SyntaxTree, text: string, file: string, opts: BuildOptions = {}): ProgramModel {
  try {
    return buildFromRoot(tree.rootNode, text, file, opts, { visited: new Set([file]), depth: 0, keepNodes: false, deps: new Map(), headers: { count: 0 } });
  } catch {
    return emptyModel(file);
  }
}

function buildDetached(text: string, file: string, opts: BuildOptions, state: BuildState): ProgramModel {
  let tree: SyntaxTree | undefined;
  try {
    tree = parseText(text);
    return buildFromRoot(tree.rootNode, text, file, opts, state);
  } catch {
    return emptyModel(file);
  } finally {
    tree?.delete();
  }
}

function readerOf(opts: BuildOptions): ReadFile {
  if (opts.readFile) return opts.readFile;
  const index = opts.index;
  return (p) => index?.textOf(p) ?? defaultReadFile(p);
}

function buildFromRoot(root: SyntaxNode, text: string, file: string, opts: BuildOptions, state: BuildState): ProgramModel {
  const model = emptyModel(file);
  let items: TopLevelItems;
  try {
    items = collectTopLevel(root);
  } catch {
    return model;
  }
  guarded(() => collectMacros(items, model));
  guarded(() => followIncludes(items, file, opts, state, model));
  guarded(() => collectConstants(items, model));
  const env: EvalEnv = { constants: model.constants, macros: model.macros };
  const globals = new Map<string, GlobalArray>();
  guarded(() => collectDeviceVariables(items, file, env, model, globals));
  for (const v of model.deviceVariables ?? []) globals.set(v.name, { space: v.space, elementType: v.elementType });

  const cache = new FunctionCache(file);
  const context = hashText(contextSignature(model, globals));
  const own: { entry: FunctionEntry; info: FunctionInfo; node: SyntaxNode; text: string }[] = [];
  for (const item of items.functions) {
    guarded(() => {
      const src = item.template ?? item.node;
      const start = src.startPosition;
      // `text` is the tree's source, so the node's span indexes it (web-tree-sitter counts UTF-16 units).
      let entry = cache.takeAt(text, src.startIndex, src.endIndex, context, start.column, start.row);
      if (!entry) {
        const fresh = analyzeFunction(item.node, item.template, file, env, globals);
        if (!fresh) return;
        // The cache outlives this tree: a node kept here would also keep the tree's whole source text alive.
        const { node: _node, ...info } = fresh;
        entry = { text: ownCopy(textOf(src)), context, startColumn: start.column, startLine: start.row, info };
        cache.put(entry);
      }
      const fnText = entry.text;
      // Cached entries are shared by successive models of this file: the node handle of this build's tree
      // goes on the entry's own view, replaced in place by the next build (which supersedes this model).
      let info: FunctionInfo = entry.info;
      if (state.keepNodes) {
        info = entry.view ??= { ...entry.info };
        info.node = item.node;
      }
      if (info.kind === 'kernel') model.kernels.push(info as Kernel);
      else if (info.kind === 'host') model.hostFunctions.push(info);
      else model.deviceFunctions.push(info);
      own.push({ entry, info, node: item.node, text: fnText });
    });
  }

  const byName = new Map<string, Kernel[]>();
  for (const k of model.kernels) {
    const list = byName.get(k.name);
    if (list) list.push(k);
    else byName.set(k.name, [k]);
  }
  const find = (name: string, argCount: number): Kernel | undefined =>
    findKernel(byName.get(name) ?? [], name, argCount) ?? findKernel(opts.index?.kernelsNamed(name) ?? [], name, argCount);
  const tf32Math = text.includes('CUBLAS_TF32_TENSOR_OP_MATH');
  // Host functions that launch kernels, by a name no other function of the file shares: their call sites
  // can bind their parameters.
  const launchers = new Set<string>();
  const seen = new Set<string>();
  for (const { entry, info } of own) {
    if (seen.has(info.name)) launchers.delete(info.name);
    else if (info.kind !== 'kernel' && info.kind !== 'device' && factsOf(entry).launches) launchers.add(info.name);
    seen.add(info.name);
  }
  const walker = createHostWalker({ file, env, tf32Math, findKernel: find, launchers });
  // Two 32-bit lanes folded from each kernel's 53-bit hash: a changed kernel list goes unnoticed only if both
  // lanes collide.
  let low = tf32Math ? 1 : 0;
  let high = 0;
  for (const k of model.kernels) {
    const h = kernelHash(k);
    low = Math.imul(low ^ (h >>> 0), 2654435761);
    high = Math.imul(high ^ Math.floor(h / 4294967296), 1597334677) ^ low;
  }
  const kernels = `${model.kernels.length}:${low >>> 0}:${high >>> 0}`;
  const local = new Set<Kernel>(model.kernels);

  // A walk records calls of launchers only, written in the function or in a macro it expands: a function
  // that starts or stops launching changes what every caller's walk records, so walks are kept only while
  // the file's set of launchers is the same (it changes when launches are added or removed, not per keystroke).
  const launcherSet = hashText([...launchers].sort().join(','));

  /** The host walk of one function, reused from the cache when the kernels, the bindings and the file's
   *  launchers are the same. */
  const hostPart = (entry: FunctionEntry, info: FunctionInfo, node: SyntaxNode, fnText: string, bound: 'host' | 'boundHost', bindings?: Map<string, number>): HostResults => {
    const key = bindings ? JSON.stringify([...bindings]) : '';
    const cached = entry[bound];
    if (cached && cached.kernelsSignature === kernels && cached.bindings === key && cached.launchers === launcherSet) {
      for (const site of cached.launches) site.kernel = find(site.kernelName, site.args.length);
      return cached;
    }
    const out: HostResults = { launches: [], runtimeCalls: [], gemmCalls: [], callSites: [] };
    const body = functionBody(node);
    let complete = !!body;
    try {
      if (body) walker.walkFunction(body, info.name, info.params.map((p) => p.name), out, bindings);
    } catch {
      complete = false; // keep what was found, but do not reuse a partial walk
    }
    // Not reusable per function: cuBLASLt matmuls (resolved from layouts anywhere in the file) and launches
    // of kernels from other files or of unknown kernels (the workspace index may change under them).
    const reusable = complete && !fnText.includes('cublasLt') && out.launches.every((l) => l.kernel && local.has(l.kernel));
    entry[bound] = reusable ? { kernelsSignature: kernels, bindings: key, launchers: launcherSet, ...out } : undefined;
    return out;
  };

  // A launcher that calls no launcher contributes no call site that binds one, so its unbound walk waits
  // until its bindings are known: with bindings it is walked only once, bound (cuBLASLt code, whose layouts
  // are shared across the file's walks, keeps the original order).
  const deferred = new Set<number>();
  const results: (HostResults | undefined)[] = own.map(({ entry, info, node, text: fnText }, i) => {
    // Device code launches kernels only with dynamic parallelism; skip its (already walked) bodies otherwise.
    const facts = factsOf(entry);
    if ((info.kind === 'kernel' || info.kind === 'device') && !facts.launches) return undefined;
    if (launchers.has(info.name) && !facts.cublasLt && !callsLauncher(info.name, calleesOf(entry), launchers)) {
      deferred.add(i);
      return undefined;
    }
    return hostPart(entry, info, node, fnText, 'host');
  });

  // A launcher's parameter that every call site in the file passes the same constant for is that constant
  // (`run(d, n)` from main with `const int n = 1 << 20`): walk the launcher again with it bound. One level:
  // values are read in the caller's own scope.
  const calls = new Map<string, (number | undefined)[][]>();
  for (const r of results) {
    for (const c of r?.callSites ?? []) {
      const list = calls.get(c.callee);
      if (list) list.push(c.args);
      else calls.set(c.callee, [c.args]);
    }
  }
  own.forEach(({ entry, info, node, text: fnText }, i) => {
    const sites = launchers.has(info.name) ? calls.get(info.name) : undefined;
    const bindings = sites ? boundParameters(info, sites) : undefined;
    if (bindings) results[i] = hostPart(entry, info, node, fnText, 'boundHost', bindings);
    else if (deferred.has(i)) results[i] = hostPart(entry, info, node, fnText, 'host');
  });
  for (const r of results) {
    if (!r) continue;
    model.launches.push(...r.launches);
    model.runtimeCalls.push(...r.runtimeCalls);
    model.gemmCalls.push(...r.gemmCalls);
    model.launcherCalls?.push(...r.callSites);
  }
  guarded(() => walker.finishLt());
  cache.finish();
  return model;
}

/** The parameters of a launcher that every call site passes the same constant for, or undefined if none. */
function boundParameters(info: FunctionInfo, sites: (number | undefined)[][]): Map<string, number> | undefined {
  let bindings: Map<string, number> | undefined;
  info.params.forEach((p, k) => {
    const v = sites[0][k];
    if (!p.name || p.isPointer || v === undefined || sites.some((args) => args[k] !== v)) return;
    (bindings ??= new Map()).set(p.name, v);
  });
  return bindings;
}

/** What every build asks of a function's text, computed once per cached entry. */
function factsOf(entry: FunctionEntry): NonNullable<FunctionEntry['facts']> {
  if (!entry.facts) {
    entry.facts = { launches: entry.text.includes('<<<'), cublasLt: entry.text.includes('cublasLt') };
  }
  return entry.facts;
}

/** Identifier counts of a function's text, computed on first use (launchers only ask). */
function calleesOf(entry: FunctionEntry): ReadonlyMap<string, number> {
  const facts = factsOf(entry);
  if (!facts.callees) {
    const callees = new Map<string, number>();
    for (const m of entry.text.matchAll(IDENTIFIER)) callees.set(m[0], (callees.get(m[0]) ?? 0) + 1);
    facts.callees = callees;
  }
  return facts.callees;
}

/** Whether function `self` may call a launcher: mentions one (`run(...)`, `run<float>(...)`, a pointer to it);
 *  its own name counts from a second occurrence (the first is its declarator). */
function callsLauncher(self: string, callees: ReadonlyMap<string, number>, launchers: ReadonlySet<string>): boolean {
  for (const [name, count] of callees) if (launchers.has(name) && (name !== self || count > 1)) return true;
  return false;
}

const IDENTIFIER = /\b[A-Za-z_]\w*/g;

/** A string that does not share storage with the document: a slice of a long string keeps all of it alive
 *  (V8 sliced strings), and a cached function outlives its document version by many edits. Concatenation
 *  plus slice makes the engine flatten into a new buffer. */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/** FunctionInfo of a definition, with the device-side analysis for kernels and device functions. */
function analyzeFunction(node: SyntaxNode, template: SyntaxNode | undefined, file: string, env: EvalEnv, globals: Map<string, GlobalArray>): FunctionInfo | undefined {
  const info = functionInfo(node, template, file, env);
  if (!info) return undefined;
  const body = functionBody(node);
  if (!body || info.kind === 'host') return info;
  const templateValues = new Map<string, number>();
  for (const [k, v] of Object.entries(info.templateDefaults ?? {})) {
    const n = evaluateText(v, env);
    if (n !== undefined) templateValues.set(k, n);
  }
  const analysis = guardedValue(() => analyzeDeviceBody(body, info.params, info.kind === 'kernel', { file, env, globals }, templateValues));
  if (info.kind === 'kernel') {
    const empty: KernelBody = { sharedArrays: [], barriers: [], accesses: [], loops: [], atomics: [], warpIntrinsics: [], calls: [], returns: [], threadDependentLocals: [] };
    // Assigned onto the fresh info rather than spread into a new object: spreading two objects of many
    // shapes per kernel took ~5 ms of a 10,000-line build.
    return Object.assign(info, analysis ?? empty, { kind: 'kernel' as const }) as Kernel;
  }
  if (analysis) info.body = analysis;
  return info;
}

/** What a function's analysis reads from outside it: file constants, macros and device variables. */
function contextSignature(model: ProgramModel, globals: Map<string, GlobalArray>): string {
  const parts: string[] = [];
  for (const [k, v] of model.constants) parts.push(`${k}=${v}`);
  for (const [k, m] of model.macros) parts.push(`#${k}(${m.params?.join(',') ?? ''})${m.body}`);
  for (const [k, g] of globals) parts.push(`@${k}:${g.space}:${g.elementType}`);
  return parts.join('\n');
}

const kernelHashes = new WeakMap<Kernel, number>();

/** A hash of what launch linking reads from a kernel: name, parameter count, template parameters, shared
 *  arrays. Memoized per (cached, hence reused) kernel object; the builder folds these into one number per
 *  build instead of joining and hashing every kernel's signature text on every keystroke. A view (the
 *  language server's copy with a node) hashes like the entry it shows. */
function kernelHash(k: Kernel): number {
  let h = kernelHashes.get(k);
  if (h === undefined) {
    const sig = `${k.file}|${k.name}|${k.params.length}|${k.templateParams.join(',')}|${JSON.stringify(k.templateDefaults ?? {})}|` +
      k.sharedArrays.map((s) => `${s.elementType}:${s.isExtern}:${s.dims.join('x')}:${(s.dimTexts ?? []).join('x')}`).join(';');
    h = hashNumber(sig);
    kernelHashes.set(k, h);
  }
  return h;
}

function findKernel(kernels: Kernel[], name: string, argCount: number): Kernel | undefined {
  let first: Kernel | undefined;
  for (const k of kernels) {
    if (k.name !== name) continue;
    if (argCount < 0 || k.params.length === argCount) return k;
    first ??= k;
  }
  return first;
}

function guarded(f: () => void): void {
  try {
    f();
  } catch {
    // One malformed construct must not cost the rest of the model; what was extracted is kept.
  }
}

function guardedValue<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function collectMacros(items: TopLevelItems, model: ProgramModel): void {
  for (const d of items.defines) {
    const name = textOfMaybe(fieldOf(d, 'name'));
    if (!name) continue;
    model.macros.set(name, { body: (textOfMaybe(fieldOf(d, 'value')) ?? '').trim() });
  }
  for (const d of items.functionDefines) {
    const name = textOfMaybe(fieldOf(d, 'name'));
    if (!name) continue;
    const paramsNode = fieldOf(d, 'parameters');
    const params = paramsNode ? namedChildrenOf(paramsNode).filter((c) => typeOf(c) === 'identifier').map((c) => textOf(c)) : [];
    model.macros.set(name, { params, body: (textOfMaybe(fieldOf(d, 'value')) ?? '').trim() });
  }
}

function followIncludes(items: TopLevelItems, file: string, opts: BuildOptions, state: BuildState, model: ProgramModel): void {
  if (state.depth >= MAX_INCLUDE_DEPTH) return;
  const readFile = readerOf(opts);
  for (const inc of items.includes) {
    const rel = localIncludePath(inc);
    if (!rel) continue;
    const abs = resolveInclude(file, rel);
    if (state.visited.has(abs) || state.headers.count >= MAX_HEADERS) continue;
    state.visited.add(abs);
    let header: ProgramModel | undefined;
    const cached = cachedHeader(abs, readFile);
    if (cached) {
      header = cached.model;
      for (const [k, v] of cached.deps) state.deps.set(k, v);
    } else {
      const text = readFile(abs);
      if (text === undefined || text.length > MAX_HEADER_BYTES) continue;
      state.headers.count++;
      const deps = new Map<string, string>([[abs, text]]);
      const sub: BuildState = { visited: state.visited, depth: state.depth + 1, keepNodes: false, deps, headers: state.headers };
      header = buildDetached(text, abs, opts, sub);
      rememberHeader(abs, deps, header);
      for (const [k, v] of deps) state.deps.set(k, v);
    }
    mergeHeader(model, header, abs);
  }
}

function mergeHeader(model: ProgramModel, header: ProgramModel, abs: string): void {
  model.includes.push(abs, ...header.includes.filter((p) => !model.includes.includes(p)));
  for (const [k, v] of header.macros) model.macros.set(k, v);
  for (const [k, v] of header.constants) model.constants.set(k, v);
  model.kernels.push(...header.kernels);
  model.deviceFunctions.push(...header.deviceFunctions);
  model.hostFunctions.push(...header.hostFunctions);
  model.launches.push(...header.launches);
  model.runtimeCalls.push(...header.runtimeCalls);
  model.gemmCalls.push(...header.gemmCalls);
  model.launcherCalls?.push(...(header.launcherCalls ?? []));
  model.deviceVariables?.push(...(header.deviceVariables ?? []));
}

/** `#define N 1024`, `const int n = 4096;`, `constexpr`, enums. Two passes so definitions may refer to
 *  ones that come later in the file (macros expand at use, not at definition). */
function collectConstants(items: TopLevelItems, model: ProgramModel): void {
  const env: EvalEnv = { constants: model.constants, macros: model.macros };
  const candidates: { name: string; text: string; node: SyntaxNode }[] = [];
  for (const d of items.defines) {
    const name = textOfMaybe(fieldOf(d, 'name'));
    const value = fieldOf(d, 'value');
    if (name && value) candidates.push({ name, text: value.text, node: d });
  }
  for (const decl of items.declarations) {
    const q = qualifiersOf(decl);
    if (!q.has('const') && !q.has('constexpr')) continue;
    for (const c of childrenOf(decl)) {
      if (typeOf(c) !== 'init_declarator') continue;
      const name = declaratorName(c)?.text;
      const value = fieldOf(c, 'value');
      if (name && value && lengthOf(value) < 500) candidates.push({ name, text: value.text, node: c });
    }
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const c of candidates) {
      if (model.constants.has(c.name)) continue;
      const v = evaluateText(c.text, env);
      if (v !== undefined) model.constants.set(c.name, v);
    }
  }
  for (const e of items.enums) {
    const body = fieldOf(e, 'body');
    if (!body) continue;
    let next = 0;
    for (const en of namedChildrenOf(body)) {
      if (typeOf(en) !== 'enumerator') continue;
      const name = textOfMaybe(fieldOf(en, 'name'));
      const value = fieldOf(en, 'value');
      const v = value ? evaluateText(value.text, env) : next;
      if (name && v !== undefined) model.constants.set(name, v);
      next = v !== undefined ? v + 1 : NaN;
      if (Number.isNaN(next)) break;
    }
  }
}

/** `extern __shared__ float smem[];` or `__shared__ float tile[32][32];` outside any function. */
function collectFileScopeShared(decl: SyntaxNode, isExtern: boolean, elementType: string, file: string, env: EvalEnv, globals: Map<string, GlobalArray>): void {
  for (const d of declaratorsOf(decl)) {
    const name = declaratorName(d)?.text;
    if (!name) continue;
    const sizes: (SyntaxNode | null)[] = [];
    for (let a: SyntaxNode | null = d, guard = 0; a && typeOf(a) === 'array_declarator' && guard < 8; guard++) {
      sizes.unshift(fieldOf(a, 'size'));
      a = fieldOf(a, 'declarator');
    }
    const dims = sizes.map((s) => (s ? evaluateText(textOf(s), env) : undefined));
    const shared: SharedArray = { file, range: rangeOf(decl), name, elementType, dims, dimTexts: sizes.map((s) => (s ? textOf(s) : '')), isExtern };
    const eb = typeBytes(elementType);
    if (eb !== undefined) shared.elementBytes = eb;
    if (!isExtern && eb !== undefined && dims.every((x) => x !== undefined)) shared.bytes = dims.reduce<number>((p, x) => p * (x as number), eb);
    globals.set(name, { space: 'shared', elementType, shared });
  }
}

function collectDeviceVariables(items: TopLevelItems, file: string, env: EvalEnv, model: ProgramModel, globals: Map<string, GlobalArray>): void {
  for (const decl of items.declarations) {
    const q = qualifiersOf(decl);
    const elementType = textOfMaybe(fieldOf(decl, 'type')) ?? '';
    if (q.has('__shared__')) {
      collectFileScopeShared(decl, q.has('extern'), elementType, file, env, globals);
      continue;
    }
    const space: DeviceVariable['space'] | undefined = q.has('__constant__') ? 'constant' : q.has('__device__') || q.has('__managed__') ? 'global' : undefined;
    if (!space) continue;
    for (const d of declaratorsOf(decl)) {
      const name = declaratorName(d)?.text;
      if (!name) continue;
      const dims: (number | undefined)[] = [];
      let a: SyntaxNode | null = typeOf(d) === 'init_declarator' ? fieldOf(d, 'declarator') : d;
      for (let guard = 0; a && typeOf(a) === 'array_declarator' && guard < 8; guard++) {
        const size = fieldOf(a, 'size');
        dims.unshift(size ? evaluateText(size.text, env) : undefined);
        a = fieldOf(a, 'declarator');
      }
      const v: DeviceVariable = { file, range: rangeOf(decl), name, space, elementType, dims };
      const eb = typeBytes(elementType);
      if (eb !== undefined && dims.every((x) => x !== undefined)) v.bytes = dims.reduce<number>((p, x) => p * (x as number), eb);
      model.deviceVariables?.push(v);
      globals.set(name, { space, elementType });
    }
  }
}

