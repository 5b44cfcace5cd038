// Numbers for the symbols of a launch: block and grid sizes, kernel parameters bound to the launch's
// arguments, template parameters and file constants; host identifiers that cannot be resolved get a
// stated default so that every estimate is a number with its assumptions listed.
import type { AffineForm, KernelLoop, ProgramModel, SharedArray } from '../model/types';
import { evaluateText } from '../model/evaluate';

/** Default for an unknown problem size in a 1-D launch: a typical benchmark vector (1M elements). */
export const DEFAULT_SIZE_1D = 1 << 20;
/** Default for an unknown size in a 2-D/3-D launch: a 1024-wide matrix side. */
export const DEFAULT_SIZE_ND = 1024;
/** Trip count assumed for a kernel loop whose bound is unknown. */
export const DEFAULT_LOOP_TRIPS = 16;

const KEYWORDS = new Set(['sizeof', 'int', 'float', 'double', 'char', 'long', 'short', 'unsigned', 'signed',
  'size_t', 'const', 'static_cast', 'reinterpret_cast', 'std', 'min', 'max', 'true', 'false', 'dim3', 'bool']);

/** Host-side evaluation with assumption tracking. */
export class HostValues {
  readonly assumed = new Map<string, number>();
  /** Rewrites text before evaluation (e.g. `block.x` of a `dim3 block(128)` to `128`). */
  rewrite: (text: string) => string = (t) => t;
  constructor(private readonly model: ProgramModel, private readonly locals: Map<string, number>, private readonly defaultSize: number) {}

  /** The evaluation environment, rebuilt only when an assumption was added (a launch evaluates a dozen
   *  texts; copying the file's constants for each showed in the per-keystroke profile). */
  private cachedEnv: { constants: Map<string, number>; macros: ProgramModel['macros'] } | undefined;

  private env(): { constants: Map<string, number>; macros: ProgramModel['macros'] } {
    if (this.cachedEnv) return this.cachedEnv;
    const constants = new Map(this.model.constants);
    for (const [k, v] of this.locals) if (!constants.has(k)) constants.set(k, v);
    for (const [k, v] of this.assumed) constants.set(k, v);
    return (this.cachedEnv = { constants, macros: this.model.macros });
  }

  /** Evaluates text; unknown identifiers are assumed to be the default size (recorded). */
  evaluate(text: string | undefined, assume = true): number | undefined {
    if (!text) return undefined;
    text = this.rewrite(text);
    const direct = evaluateText(text, this.env());
    if (direct !== undefined || !assume) return direct;
    const env = this.env();
    const unknown = [...new Set(text.match(/\b[A-Za-z_]\w*\b/g) ?? [])]
      .filter((id) => !KEYWORDS.has(id) && !env.constants.has(id) && !env.macros.has(id) && !/^(threadIdx|blockIdx|blockDim|gridDim)$/.test(id));
    if (unknown.length === 0) return undefined;
    for (const id of unknown) this.assumed.set(id, this.defaultSize);
    this.cachedEnv = undefined;
    return evaluateText(text, this.env());
  }
}

const THREAD_BUILTIN = /\b(?:threadIdx|blockIdx|blockDim|gridDim)\b/;

/**
 * `const int n = 512, reps = 5;`, `int n = 1 << 20;`, `constexpr size_t N = ...` anywhere in the text:
 * host locals the model does not keep. A later declaration of the same name keeps the first value.
 */
export function scanLocalConstants(text: string, model: ProgramModel): Map<string, number> {
  const out = new Map<string, number>();
  // The file's constants plus the locals found so far: a declaration may use an earlier one.
  const env = { constants: new Map(model.constants), macros: model.macros };
  const decl = /\b(?:const(?:expr)?\s+)?(?:static\s+)?(?:unsigned\s+|signed\s+)?(?:int|long|long long|size_t|unsigned|int64_t|int32_t|uint32_t|uint64_t)\s+([^;{}]+);/g;
  for (const m of text.matchAll(decl)) {
    for (const part of splitTopLevelCommas(m[1])) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const name = part.slice(0, eq).trim();
      if (!/^[A-Za-z_]\w*$/.test(name) || out.has(name) || model.constants.has(name)) continue;
      const value = part.slice(eq + 1);
      // Kernel locals (`int i = blockIdx.x * blockDim.x + threadIdx.x`) are most of the matches and never
      // constant: skip evaluating them.
      if (THREAD_BUILTIN.test(value)) continue;
      const v = evaluateText(value, env);
      if (v === undefined) continue;
      out.set(name, v);
      env.constants.set(name, v);
    }
  }
  return out;
}

function splitTopLevelCommas(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts;
}

/** Value of an affine form with every symbol known; undefined otherwise. */
export function evalForm(form: AffineForm, value: (sym: string) => number | undefined): number | undefined {
  let sum = form.constant;
  for (const t of form.terms) {
    let p = t.coef;
    for (const v of t.vars) {
      const x = value(v);
      if (x === undefined) return undefined;
      p *= x;
    }
    sum += p;
  }
  return sum;
}

/** Smallest and largest value of a form when every symbol ranges over [lo, hi] (all lo >= 0). */
export function formRange(form: AffineForm, range: (sym: string) => [number, number] | undefined): [number, number] | undefined {
  let lo = form.constant;
  let hi = form.constant;
  for (const t of form.terms) {
    let pl = 1;
    let ph = 1;
    for (const v of t.vars) {
      const r = range(v);
      if (!r) return undefined;
      pl *= r[0];
      ph *= r[1];
    }
    if (t.coef >= 0) { lo += t.coef * pl; hi += t.coef * ph; } else { lo += t.coef * ph; hi += t.coef * pl; }
  }
  return [lo, hi];
}

/** Iterations of a kernel loop per thread; `why` is set when a default was used. */
export function loopTrips(loop: KernelLoop, value: (sym: string) => number | undefined, totalThreads: number,
  evalText?: (text: string) => number | undefined): { trips: number; assumed: boolean } {
  if (loop.tripCount !== undefined) return { trips: Math.max(0, loop.tripCount), assumed: false };
  const init = loop.init ? evalForm(loop.init, value) : undefined;
  const bound = loopBound(loop, value, evalText);
  const op = loop.stepOp ?? '+';
  if (loop.gridStride && bound !== undefined) {
    return { trips: Math.max(1, Math.ceil(bound / Math.max(1, totalThreads))), assumed: false };
  }
  // A grid-stride loop over an unknown size covers the default problem size, however large the grid.
  if (loop.gridStride) return { trips: Math.max(1, Math.ceil(DEFAULT_SIZE_1D / Math.max(1, totalThreads))), assumed: true };
  const step = loop.step ?? (loop.stepForm ? evalForm(loop.stepForm, value) : undefined);
  if (init !== undefined && bound !== undefined && step !== undefined && step !== 0) {
    if (op === '+' || op === '-') return { trips: Math.max(0, Math.ceil(Math.abs(bound - init) / Math.abs(step))), assumed: false };
    if ((op === '>>' || op === '/') && step > 0) {
      const factor = op === '>>' ? 2 ** step : step;
      if (factor > 1 && init > 0) return { trips: Math.floor(Math.log(init / Math.max(1, bound)) / Math.log(factor)) + 1, assumed: false };
    }
    if ((op === '<<' || op === '*') && step > 0) {
      const factor = op === '<<' ? 2 ** step : step;
      if (factor > 1 && init > 0 && bound > init) return { trips: Math.ceil(Math.log(bound / init) / Math.log(factor)), assumed: false };
    }
  }
  // A halving loop whose start is not affine (`s = blockDim.x / 2; s > 0; s >>= 1`) is the block
  // reduction idiom: it runs log2(blockDim.x) times, fewer when it stops early (`s > 32`: a warp finishes).
  const blockDim = value('blockDim.x');
  if ((op === '>>' || op === '/') && init === undefined && blockDim !== undefined && blockDim > 1) {
    const stop = bound !== undefined && bound >= 1 ? Math.floor(Math.log2(bound)) + 1 : 0;
    return { trips: Math.max(1, Math.round(Math.log2(blockDim)) - stop), assumed: false };
  }
  return { trips: DEFAULT_LOOP_TRIPS, assumed: true };
}

/** Dimensions of a shared array, resolving template-parameter sizes with the launch's bindings. */
export function evaluateDims(s: SharedArray, values: Map<string, number>): (number | undefined)[] {
  return s.dims.map((d, i) => d ?? (s.dimTexts?.[i] ? evaluateText(s.dimTexts[i], { constants: values }) : undefined));
}

/** `dim3 block(16, 16), grid(n / 16, n / 16);` and `dim3 g = dim3(a, b);` -> name -> argument texts. */
export function scanDim3Declarations(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/\bdim3\s+([^;]+);/g)) {
    for (const part of splitTopLevelCommas(m[1])) {
      const d = /^\s*([A-Za-z_]\w*)\s*(?:=\s*dim3\s*)?[({]([\s\S]*)[)}]\s*$/.exec(part);
      if (d && !out.has(d[1])) out.set(d[1], splitTopLevelCommas(d[2]).map((s) => s.trim()).filter((s) => s));
    }
  }
  return out;
}

/** A loop's bound value: its affine form, else its text (`(k + TS - 1) / TS`) evaluated. */
export function loopBound(loop: KernelLoop, value: (sym: string) => number | undefined, evalText?: (text: string) => number | undefined): number | undefined {
  const v = loop.bound ? evalForm(loop.bound, value) : undefined;
  if (v !== undefined || !loop.boundText || !evalText) return v;
  return evalText(loop.boundText);
}
