// Estimates for a whole file: one per kernel launch site (work model + occupancy + launch overhead
// over the host loops around it) and one per modeled cuBLAS GEMM call.
import type { Dim3, FunctionInfo, GemmCall, Kernel, LaunchSite, ProgramModel } from '../model/types';
import type { GpuSpec } from './gpus';
import type { GemmCallEstimate, LaunchEstimate, ProgramEstimate } from './types';
import { estimateGemm, GemmDtype } from './gemm';
import { estimateKernelWork } from './kernel';
import { launchOverhead } from './launch';
import { DEFAULT_SIZE_1D, DEFAULT_SIZE_ND, HostValues, scanDim3Declarations, scanLocalConstants } from './values';
import { FIRST_LAUNCH_SECONDS, KERNEL_FIXED_SECONDS, LAUNCH_CPU_SECONDS, SYNC_WAIT_SECONDS } from './constants';
import { launchesPerSyncedIteration } from './host-sync';
import { hashText } from '../model/function-cache';
import { lineStarts } from '../model/line-starts';

export interface EstimateOptions {
  /** Registers per thread by kernel name, from ptxas (trusted workspaces only). */
  registers?: Map<string, number>;
  /** Source text of model.file: lets the estimate read host locals (`const int n = 4096;`, `dim3 grid(...)`). */
  text?: string;
}

/** Default GEMM side when a cuBLAS call's M, N or K is not a constant. */
const DEFAULT_GEMM_SIDE = 1024;

export function estimateProgram(model: ProgramModel, gpu: GpuSpec, opts: EstimateOptions = {}): ProgramEstimate {
  const fileLocals = opts.text ? fileLocalsOf(opts.text, model) : new Map<string, number>();
  const fileDim3s = opts.text ? fileDim3sOf(opts.text) : new Map<string, string[]>();
  // The file's first launch pays the one-time load of its module (launch.ts) when it is in a loop; the
  // module holds every kernel of the file, so later launches, of any kernel, find it loaded.
  const firstSite = [...model.launches].sort((a, b) => a.range.start.line - b.range.start.line)[0];
  const launches = model.launches.map((l) => {
    const fn = opts.text ? enclosingHostFunction(model, l) : undefined;
    const scope = fn ? scopeOf(opts.text as string, model, fn, fileLocals, fileDim3s) : undefined;
    return estimateLaunch(model, gpu, l, scope?.locals ?? fileLocals, scope?.dim3s ?? fileDim3s, opts, l === firstSite);
  });
  const gemms = model.gemmCalls.map((g) => estimateGemmCall(model, gpu, g));
  return { launches, gemms };
}

/** The host function that contains the launch, when the model knows its range. */
function enclosingHostFunction(model: ProgramModel, launch: LaunchSite): FunctionInfo | undefined {
  return model.hostFunctions.find((f) => f.name === launch.enclosingFunction && f.file === launch.file
    && f.range.start.line <= launch.range.start.line && f.range.end.line >= launch.range.start.line);
}

interface HostScope { fileLocals: Map<string, number>; fileDim3s: Map<string, string[]>; locals: Map<string, number>; dim3s: Map<string, string[]> }

/** Host locals and dim3s visible in a launching function: its own declarations first (two functions may
 *  both declare `n`), then the file's. Kept per function object, which the model reuses while the function
 *  is unchanged, for as long as the file-wide scans are the same (rules estimate launch by launch). */
const scopes = new WeakMap<FunctionInfo, HostScope>();

function scopeOf(text: string, model: ProgramModel, fn: FunctionInfo, fileLocals: Map<string, number>, fileDim3s: Map<string, string[]>): HostScope {
  const known = scopes.get(fn);
  if (known && known.fileLocals === fileLocals && known.fileDim3s === fileDim3s) return known;
  // Exactly the function's text: whatever else shares its first or last line is file scope, and a function
  // object outlives edits outside its range.
  const starts = lineStarts(text);
  const at = (p: { line: number; character: number }) => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const body = text.slice(at(fn.range.start), at(fn.range.end));
  const scope = {
    fileLocals, fileDim3s,
    locals: new Map([...fileLocals, ...scanLocalConstants(body, model)]),
    dim3s: new Map([...fileDim3s, ...scanDim3Declarations(body)]),
  };
  scopes.set(fn, scope);
  return scope;
}

// The file-wide scans read the whole text; several rules estimate the same version of a file after each
// keystroke, so the last result is kept, keyed by the text and the constants and macros it was read with.
let fileScan: { text: string; env: string; locals: Map<string, number>; key?: string } | undefined;
let dim3Scan: { text: string; dim3s: Map<string, string[]> } | undefined;

function fileLocalsOf(text: string, model: ProgramModel): Map<string, number> {
  const env = envKey(model);
  if (fileScan?.text !== text || fileScan.env !== env) fileScan = { text, env, locals: scanLocalConstants(text, model) };
  return fileScan.locals;
}

/** A short key of everything file-wide an estimate of one launch reads besides the launch, its kernel and
 *  its host function: constants, macros, and host locals and dim3s declared anywhere in the text. Rules
 *  that memoize per launch compare it. */
export function fileScopeKey(text: string, model: ProgramModel): string {
  const locals = fileLocalsOf(text, model);
  if (fileScan && fileScan.key === undefined) {
    fileScan.key = hashText(`${fileScan.env}\0${JSON.stringify([...locals])}\0${JSON.stringify([...fileDim3sOf(text)])}`);
  }
  return fileScan?.key ?? '';
}

function fileDim3sOf(text: string): Map<string, string[]> {
  if (dim3Scan?.text !== text) dim3Scan = { text, dim3s: scanDim3Declarations(text) };
  return dim3Scan.dim3s;
}

function envKey(model: ProgramModel): string {
  const parts: string[] = [];
  for (const [k, v] of model.constants) parts.push(`${k}=${v}`);
  for (const [k, m] of model.macros) parts.push(`#${k}(${m.params?.join(',') ?? ''})${m.body}`);
  return parts.join('\n');
}

function resolveDim3(d: Dim3, host: HostValues, dim3s: Map<string, string[]>, assumptions: string[], what: string): [number, number, number] {
  if (d.x !== undefined) return [d.x, d.y ?? 1, d.z ?? 1];
  const text = d.text.trim();
  const parts = dim3s.get(text) ?? (/^dim3\s*[({]/.test(text) ? splitArgs(text.replace(/^dim3\s*[({]/, '').replace(/[)}]\s*$/, '')) : [text]);
  const before = new Set(host.assumed.keys());
  const dims = [0, 1, 2].map((i) => (parts[i] === undefined ? 1 : host.evaluate(parts[i]) ?? 1));
  for (const [k, v] of host.assumed) if (!before.has(k)) assumptions.push(`${k} unknown: assumed ${v} (sizes the ${what})`);
  return dims.map((v) => Math.max(1, Math.floor(v))) as [number, number, number];
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if ('([{'.includes(s[i])) depth++;
    else if (')]}'.includes(s[i])) depth--;
    else if (s[i] === ',' && depth === 0) { out.push(s.slice(start, i).trim()); start = i + 1; }
  }
  out.push(s.slice(start).trim());
  return out.filter((p) => p.length > 0);
}

function findKernel(model: ProgramModel, launch: LaunchSite): Kernel | undefined {
  return launch.kernel ?? model.kernels.find((k) => k.name === launch.kernelName);
}

function estimateLaunch(model: ProgramModel, gpu: GpuSpec, launch: LaunchSite, locals: Map<string, number>,
  dim3s: Map<string, string[]>, opts: EstimateOptions, firstLaunch: boolean): LaunchEstimate {
  const assumptions: string[] = [];
  const multiDim = /dim3|,/.test(launch.block.text + launch.grid.text) && !/^\s*\d+\s*$/.test(launch.block.text)
    || (launch.block.y ?? 1) > 1 || (launch.grid.y ?? 1) > 1 || (dim3s.get(launch.block.text.trim())?.length ?? 0) > 1;
  const host = new HostValues(model, locals, multiDim ? DEFAULT_SIZE_ND : DEFAULT_SIZE_1D);
  // `dim3 grid((n + block.x - 1) / block.x)`: members of dim3 variables read their declared components.
  const seen = new Set<string>();
  host.rewrite = (text) => text.replace(/\b([A-Za-z_]\w*)\.([xyz])\b/g, (whole, name: string, axis: string) => {
    const parts = dim3s.get(name);
    if (!parts || seen.has(name)) return whole;
    const part = parts['xyz'.indexOf(axis)];
    if (part === undefined) return '1';
    seen.add(name);
    const v = host.evaluate(part);
    seen.delete(name);
    return v === undefined ? whole : String(v);
  });
  const block = resolveDim3(launch.block, host, dim3s, assumptions, 'block');
  const grid = resolveDim3(launch.grid, host, dim3s, assumptions, 'grid');
  const dynamicShared = launch.sharedBytes ?? (launch.sharedText ? host.evaluate(launch.sharedText) ?? 0 : 0);

  // Launches per run: the known host loop trip counts around the launch.
  let launchesPerRun = 1;
  for (const loop of launch.hostLoops) {
    if (loop.tripCount !== undefined) launchesPerRun *= Math.max(0, loop.tripCount);
    else assumptions.push(`host loop at line ${loop.range.start.line + 1}: trip count unknown, counted once`);
  }

  const kernel = findKernel(model, launch);
  const line = launch.range.start.line + 1;
  if (!kernel) {
    assumptions.push(`kernel ${launch.kernelName} not found in this file: only launch costs modeled`);
    const cost = launchOverhead(KERNEL_FIXED_SECONDS, launchesPerRun, { firstLaunch: firstLaunch && launchesPerRun > 1 });
    return {
      kernelName: launch.kernelName, line, grid, block, seconds: cost.perLaunchSeconds, kernelSeconds: KERNEL_FIXED_SECONDS,
      launchOverheadSeconds: cost.overheadSeconds, bound: 'launch', launchesPerRun, totalSeconds: cost.totalSeconds,
      graphSavingSeconds: cost.graphSavingSeconds || undefined, firstLaunchSeconds: cost.firstLaunchSeconds || undefined, assumptions, breakdown: [],
    };
  }

  // Kernel parameters take the launch's argument values (host identifiers resolved or assumed).
  const values = new Map<string, number>(model.constants);
  for (const [k, v] of Object.entries(launch.templateBindings ?? {})) values.set(k, v);
  for (const [name, text] of Object.entries(kernel.templateDefaults ?? {})) {
    if (!values.has(name)) { const v = host.evaluate(text, false); if (v !== undefined) values.set(name, v); }
  }
  kernel.params.forEach((p, i) => {
    const arg = launch.args[i];
    if (!arg || p.isPointer) return;
    const before = new Set(host.assumed.keys());
    const v = host.evaluate(arg.text);
    for (const [k, val] of host.assumed) if (!before.has(k)) assumptions.push(`${k} unknown: assumed ${val} (argument ${p.name})`);
    if (v !== undefined) values.set(p.name, v);
  });

  const work = estimateKernelWork(gpu, {
    kernel, grid, block, dynamicSharedBytes: dynamicShared, staticSharedBytes: launch.staticSharedBytes, values,
    ptxasRegisters: opts.registers?.get(kernel.name),
  });
  const inGraph = insideStreamCapture(model, launch);
  if (inGraph) {
    const replays = graphReplays(model, launch);
    launchesPerRun *= replays;
    assumptions.push(`launched inside a stream capture: replayed from a CUDA graph at the graph rate${replays > 1 ? `, ${replays} replays per run` : ''}`);
  }
  // The module load is spread over a loop of launches, the way a loop timed from a cold start measures
  // it; a single launch is reported as its kernel time, the way a profiler measures it.
  firstLaunch = firstLaunch && launchesPerRun > 1;
  const syncedWith = inGraph ? 0 : launchesPerSyncedIteration(model, launch);
  if (syncedWith > 0) assumptions.push(`the loop around the launch waits for the GPU every iteration: issue, kernel and a ${(SYNC_WAIT_SECONDS * 1e6).toFixed(1)} µs wait add up${syncedWith > 1 ? ` (the wait shared by its ${syncedWith} launches)` : ''}`);
  const cost = launchOverhead(work.kernelSeconds, launchesPerRun, { inGraph, firstLaunch, syncedWith });
  if (firstLaunch) assumptions.push(`first launch in the program: the one-time module load (${(FIRST_LAUNCH_SECONDS * 1e6).toFixed(0)} µs) is spread over its ${launchesPerRun} launch(es) per run`);
  const bound = cost.launchBound ? 'launch' : work.bound;
  const breakdown = [...work.breakdown,
    { label: 'launch', value: `CPU issue ${(LAUNCH_CPU_SECONDS * 1e6).toFixed(1)} µs per launch; hidden behind kernels longer than that`, source: 'H100 SXM launch-loop measurements; NVIDIA CUDA Graphs blog (2019)' },
    ...(firstLaunch ? [{ label: 'first launch', value: `${(FIRST_LAUNCH_SECONDS * 1e6).toFixed(0)} µs once (lazy module loading), ${(FIRST_LAUNCH_SECONDS / Math.max(1, launchesPerRun) * 1e6).toFixed(2)} µs per launch over ${launchesPerRun}`, source: 'CUDA C++ Programming Guide, Lazy Loading; H100 SXM cold vs warm transpose' }] : []),
  ];
  return {
    kernelName: launch.kernelName, line, grid, block,
    seconds: cost.perLaunchSeconds, kernelSeconds: work.kernelSeconds, launchOverheadSeconds: cost.overheadSeconds, bound,
    occupancy: {
      fraction: work.occupancy.fraction, limiter: work.occupancy.limiter, activeBlocksPerSm: work.occupancy.activeBlocksPerSm,
      registersPerThread: work.registersPerThread, registersSource: work.registersSource,
    },
    launchesPerRun, totalSeconds: cost.totalSeconds, graphSavingSeconds: cost.graphSavingSeconds || undefined,
    firstLaunchSeconds: cost.firstLaunchSeconds || undefined, bytes: work.bytes, flops: work.flops, assumptions: [...assumptions, ...work.assumptions], breakdown,
  };
}

/** Replays of a captured launch: the known trip counts of the host loops around the first
 *  `cudaGraphLaunch` after it in the same function (1 when there is none or its loops are unknown). */
function graphReplays(model: ProgramModel, launch: LaunchSite): number {
  const line = launch.range.start.line;
  const replay = model.runtimeCalls
    .filter((c) => c.name === 'cudaGraphLaunch' && c.enclosingFunction === launch.enclosingFunction && c.file === launch.file && c.range.start.line > line)
    .sort((a, b) => a.range.start.line - b.range.start.line)[0];
  return (replay?.hostLoops ?? []).reduce((p, l) => p * Math.max(1, l.tripCount ?? 1), 1);
}

/** The launch lies between cudaStreamBeginCapture and cudaStreamEndCapture in the same function. */
function insideStreamCapture(model: ProgramModel, launch: LaunchSite): boolean {
  const line = launch.range.start.line;
  let open = false;
  const calls = model.runtimeCalls
    .filter((c) => c.enclosingFunction === launch.enclosingFunction && c.file === launch.file && c.range.start.line <= line)
    .sort((a, b) => a.range.start.line - b.range.start.line);
  for (const c of calls) {
    if (c.name === 'cudaStreamBeginCapture' || c.name === 'cudaStreamBeginCaptureToGraph') open = true;
    else if (c.name === 'cudaStreamEndCapture') open = false;
  }
  return open;
}

function estimateGemmCall(model: ProgramModel, gpu: GpuSpec, call: GemmCall): GemmCallEstimate {
  const assumptions: string[] = [];
  const side = (v: number | undefined, name: string) => {
    if (v !== undefined) return v;
    assumptions.push(`${name} not constant: assumed ${DEFAULT_GEMM_SIDE}`);
    return DEFAULT_GEMM_SIDE;
  };
  const m = side(call.m, 'M');
  const n = side(call.n, 'N');
  const k = side(call.k, 'K');
  const batch = call.batch ?? 1;
  let dtype: GemmDtype = 'fp32';
  if (call.dtype === 'unknown') assumptions.push('data type unknown: assumed fp32');
  else dtype = call.dtype;
  // cuBLAS runs FP32 GEMMs on CUDA cores unless the handle's math mode allows TF32.
  const tf32Mode = model.runtimeCalls.some((c) => c.name === 'cublasSetMathMode' && c.args.some((a) => /TF32/.test(a)));
  const fp32Math = dtype === 'fp32' && !tf32Mode ? 'simt' : 'tf32';
  if (dtype === 'fp32' && fp32Math === 'simt') assumptions.push('FP32 GEMM on CUDA cores (cuBLAS default math mode; no cublasSetMathMode TF32 seen)');
  const est = estimateGemm(gpu, m, n, k, batch, dtype, { fp32Math });
  let launchesPerRun = 1;
  for (const loop of call.hostLoops) {
    if (loop.tripCount !== undefined) launchesPerRun *= Math.max(0, loop.tripCount);
    else assumptions.push(`host loop at line ${loop.range.start.line + 1}: trip count unknown, counted once`);
  }
  const cost = launchOverhead(est.seconds, launchesPerRun);
  return {
    ...est, seconds: cost.perLaunchSeconds, assumptions: [...assumptions, ...est.assumptions],
    line: call.range.start.line + 1, name: call.name,
    launchOverheadSeconds: cost.overheadSeconds, launchesPerRun, totalSeconds: cost.totalSeconds,
  };
}
