// Bridge to ptxas: compiles a CUDA file's device code with `nvcc -cubin -Xptxas -v` for the target GPU's
// architecture and reads registers, spills, stack and shared memory per kernel from its report. Runs
// nvcc with execFile (argument array, no shell) and a timeout; results are cached per content hash and
// architecture, so an unchanged file is compiled once. Callers decide whether running a compiler is
// allowed (the language server only does it in trusted workspaces).
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { GpuSpec } from './gpus';

export interface KernelResources {
  /** Kernel name as written (demangled base name; `extern "C"` names as they are). */
  name: string;
  mangled: string;
  registers: number;
  spillStoreBytes: number;
  spillLoadBytes: number;
  stackBytes: number;
  sharedBytes: number;
}

export interface PtxasResult {
  arch: string;
  kernels: KernelResources[];
  /** Why no (or only partial) data came back: nvcc missing, compile error, timeout. */
  error?: string;
  cached: boolean;
}

export interface PtxasOptions {
  /** nvcc to run; default `nvcc` from the PATH. */
  nvccPath?: string;
  timeoutMs?: number;
}

/** Payload for `register-spill` findings: one entry per kernel that spills. */
export interface RegisterSpill {
  kernelName: string;
  registers: number;
  spillStoreBytes: number;
  spillLoadBytes: number;
  arch: string;
}

const cache = new Map<string, PtxasResult>();
const CACHE_LIMIT = 64;

/** `sm_90` for compute capability 9.0. */
export function archOf(gpu: GpuSpec): string {
  return `sm_${gpu.computeCapability.replace('.', '')}`;
}

/** Base name of an Itanium-mangled function (`_Z1kPfi` -> `k`, `_Z1tILi256EEvPf` -> `t`). */
export function demangleBaseName(mangled: string): string {
  const m = /^_Z(?:N(?:\d+[A-Za-z_]\w*?)*?)?(\d+)/.exec(mangled);
  if (!m) return mangled;
  if (mangled.startsWith('_ZN')) {
    // Nested name: the last component before the parameter list is the function.
    let rest = mangled.slice(3);
    let last = mangled;
    for (;;) {
      const n = /^(\d+)/.exec(rest);
      if (!n) break;
      const len = Number(n[1]);
      last = rest.slice(n[1].length, n[1].length + len);
      rest = rest.slice(n[1].length + len);
      if (rest.startsWith('I')) break;
    }
    return last;
  }
  const len = Number(m[1]);
  const start = 2 + m[1].length;
  return mangled.slice(start, start + len);
}

/** Parses `-Xptxas -v` output into per-kernel resources. */
export function parsePtxasOutput(output: string): KernelResources[] {
  const out: KernelResources[] = [];
  let current: KernelResources | undefined;
  for (const line of output.split(/\r?\n/)) {
    const entry = /Compiling entry function '([^']+)'/.exec(line);
    if (entry) {
      current = { name: demangleBaseName(entry[1]), mangled: entry[1], registers: 0, spillStoreBytes: 0, spillLoadBytes: 0, stackBytes: 0, sharedBytes: 0 };
      out.push(current);
      continue;
    }
    if (!current) continue;
    const frame = /(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/.exec(line);
    if (frame) {
      current.stackBytes = Number(frame[1]);
      current.spillStoreBytes = Number(frame[2]);
      current.spillLoadBytes = Number(frame[3]);
    }
    const used = /Used (\d+) registers/.exec(line);
    if (used) current.registers = Number(used[1]);
    const smem = /(\d+) bytes smem/.exec(line);
    if (smem) current.sharedBytes = Number(smem[1]);
  }
  return out;
}

function run(nvcc: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; output: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(nvcc, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`;
      if (!err) return resolve({ ok: true, output });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      if (e.code === 'ENOENT') return resolve({ ok: false, output, error: `${nvcc} not found` });
      if (e.killed || e.signal === 'SIGTERM') return resolve({ ok: false, output, error: `nvcc timed out after ${timeoutMs} ms` });
      const firstError = output.split('\n').find((l) => /error/i.test(l))?.trim();
      resolve({ ok: false, output, error: firstError ?? `nvcc failed (${String(e.code ?? e.message)})` });
    });
  });
}

/**
 * Registers and spills of every kernel in `text` (the content of `file`, possibly unsaved), compiled for
 * the GPU's architecture. The text is written to a temporary file; `-I` keeps the file's own folder on
 * the include path so its headers resolve.
 */
export async function ptxasResources(file: string, text: string, gpu: GpuSpec, opts: PtxasOptions = {}): Promise<PtxasResult> {
  const nvcc = opts.nvccPath || 'nvcc';
  const arch = archOf(gpu);
  const key = createHash('sha256').update(nvcc).update('\0').update(arch).update('\0').update(path.resolve(file)).update('\0').update(text).digest('hex');
  const hit = cache.get(key);
  if (hit) return { ...hit, cached: true };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-ptxas-'));
  try {
    const src = path.join(dir, path.basename(file).replace(/\.cuh?$/, '') + '.cu');
    fs.writeFileSync(src, text);
    const common = ['-cubin', '-Xptxas', '-v', '-I', path.dirname(path.resolve(file)), '-o', path.join(dir, 'out.cubin'), src];
    let res = await run(nvcc, [`-arch=${arch}`, ...common], opts.timeoutMs ?? 30000);
    let usedArch = arch;
    // A newer nvcc may have dropped an old architecture (CUDA 13 has no sm_70): use its default instead.
    if (!res.ok && /not defined for option 'gpu-architecture'|Unsupported gpu architecture/i.test(res.output)) {
      res = await run(nvcc, common, opts.timeoutMs ?? 30000);
      usedArch = 'nvcc default';
    }
    const kernels = parsePtxasOutput(res.output);
    const result: PtxasResult = { arch: usedArch, kernels, error: res.ok ? undefined : res.error, cached: false };
    if (res.ok) {
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(key, result);
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Kernels that spill registers to local memory, for the `register-spill` rule. */
export function registerSpills(result: PtxasResult): RegisterSpill[] {
  return result.kernels
    .filter((k) => k.spillStoreBytes > 0 || k.spillLoadBytes > 0)
    .map((k) => ({ kernelName: k.name, registers: k.registers, spillStoreBytes: k.spillStoreBytes, spillLoadBytes: k.spillLoadBytes, arch: result.arch }));
}

/** Registers per kernel name (the largest over instantiations of a template). */
export function registersByKernel(result: PtxasResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of result.kernels) out.set(k.name, Math.max(out.get(k.name) ?? 0, k.registers));
  return out;
}

/**
 * Resource usage per kernel name in the shape rules read (`RuleContext.resources`): for a template
 * with several instantiations, the one with the most registers.
 */
export function resourcesByKernel(result: PtxasResult): Map<string, Omit<KernelResources, 'name' | 'mangled'>> {
  const out = new Map<string, Omit<KernelResources, 'name' | 'mangled'>>();
  for (const k of result.kernels) {
    const prev = out.get(k.name);
    if (prev && prev.registers >= k.registers) continue;
    out.set(k.name, { registers: k.registers, spillStoreBytes: k.spillStoreBytes, spillLoadBytes: k.spillLoadBytes, stackBytes: k.stackBytes, sharedBytes: k.sharedBytes });
  }
  return out;
}
