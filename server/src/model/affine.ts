// Affine (in fact polynomial) index forms: a sum of coefficient x product-of-symbols plus a constant, and
// their algebra. Rules read coalescing and bank conflicts from the coefficient of threadIdx.x; the cost
// model reads strides. affine-parse.ts builds forms from expression text.
import type { AffineForm, KernelLoop, Monomial } from './types';

/** Products of more symbols than this are not index arithmetic we can reason about. */
const MAX_DEGREE = 4;

export const BUILTIN_SYMBOLS = new Set([
  'threadIdx.x', 'threadIdx.y', 'threadIdx.z', 'blockIdx.x', 'blockIdx.y', 'blockIdx.z',
  'blockDim.x', 'blockDim.y', 'blockDim.z', 'gridDim.x', 'gridDim.y', 'gridDim.z',
]);

export function constantForm(c: number): AffineForm {
  return { terms: [], constant: c };
}

export function symbolForm(name: string): AffineForm {
  return { terms: [{ coef: 1, vars: [name] }], constant: 0 };
}

const key = (vars: string[]): string => vars.join('*');

function normalize(terms: Monomial[], constant: number): AffineForm {
  const merged = new Map<string, Monomial>();
  for (const t of terms) {
    const k = key(t.vars);
    const m = merged.get(k);
    if (m) m.coef += t.coef;
    else merged.set(k, { coef: t.coef, vars: [...t.vars] });
  }
  const out = [...merged.values()].filter((t) => t.coef !== 0);
  out.sort((a, b) => (key(a.vars) < key(b.vars) ? -1 : key(a.vars) > key(b.vars) ? 1 : 0));
  return { terms: out, constant };
}

export function addForms(a: AffineForm, b: AffineForm, sign = 1): AffineForm {
  return normalize([...a.terms, ...b.terms.map((t) => ({ coef: sign * t.coef, vars: t.vars }))], a.constant + sign * b.constant);
}

export function scaleForm(a: AffineForm, k: number): AffineForm {
  return normalize(a.terms.map((t) => ({ coef: t.coef * k, vars: t.vars })), a.constant * k);
}

export function mulForms(a: AffineForm, b: AffineForm): AffineForm | undefined {
  const terms: Monomial[] = [];
  const aAll: Monomial[] = [...a.terms, { coef: a.constant, vars: [] }];
  const bAll: Monomial[] = [...b.terms, { coef: b.constant, vars: [] }];
  let constant = 0;
  for (const x of aAll) {
    for (const y of bAll) {
      const coef = x.coef * y.coef;
      if (coef === 0) continue;
      const vars = [...x.vars, ...y.vars].sort();
      if (vars.length > MAX_DEGREE) return undefined;
      if (vars.length === 0) constant += coef;
      else terms.push({ coef, vars });
    }
  }
  return normalize(terms, constant);
}

/** Exact division by a constant (every coefficient divisible), else undefined. */
export function divideForm(a: AffineForm, d: number): AffineForm | undefined {
  if (d === 0 || !Number.isInteger(d)) return undefined;
  if (a.terms.length === 0) return constantForm(Math.trunc(a.constant / d));
  if (a.constant % d !== 0 || a.terms.some((t) => t.coef % d !== 0)) return undefined;
  return normalize(a.terms.map((t) => ({ coef: t.coef / d, vars: t.vars })), a.constant / d);
}

export function isConstantForm(a: AffineForm): boolean {
  return a.terms.length === 0;
}

/** Coefficient of the monomial that is exactly `vars` (e.g. coefficientOf(f, 'threadIdx.x')). */
export function coefficientOf(a: AffineForm, ...vars: string[]): number {
  const k = key([...vars].sort());
  return a.terms.find((t) => key(t.vars) === k)?.coef ?? 0;
}

/** True when any monomial mentions a symbol that passes the test. */
export function formMentions(a: AffineForm, test: (symbol: string) => boolean): boolean {
  return a.terms.some((t) => t.vars.some(test));
}

export function dependsOnThreadIdx(a: AffineForm): boolean {
  return formMentions(a, (v) => v.startsWith('threadIdx.'));
}

/** Replaces a symbol by a form everywhere. */
export function substitute(a: AffineForm, symbol: string, by: AffineForm): AffineForm | undefined {
  let out: AffineForm = constantForm(a.constant);
  for (const t of a.terms) {
    let term: AffineForm | undefined = constantForm(t.coef);
    for (const v of t.vars) {
      term = mulForms(term, v === symbol ? by : symbolForm(v));
      if (!term) return undefined;
    }
    out = addForms(out, term);
  }
  return out;
}

/** Replaces each loop variable by its first value (the loop's init form). Across the threads of a warp
 *  the pattern of a uniform-step loop is the same at every iteration, so coalescing and bank-conflict
 *  analysis can read it at the first one: `for (c = threadIdx.x; ...; c += blockDim.x) x[c]` -> `x[threadIdx.x]`. */
export function withLoopStarts(a: AffineForm, loops: KernelLoop[]): AffineForm | undefined {
  let out: AffineForm | undefined = a;
  for (let i = loops.length - 1; i >= 0 && out; i--) {
    const loop = loops[i];
    if (!loop.variable || !loop.init) continue;
    if (!formMentions(out, (v) => v === loop.variable)) continue;
    out = substitute(out, loop.variable, loop.init);
  }
  return out;
}

export function formToString(a: AffineForm): string {
  const parts = a.terms.map((t) => {
    const vars = t.vars.join('*');
    if (t.coef === 1) return vars;
    if (t.coef === -1) return `-${vars}`;
    return `${t.coef}*${vars}`;
  });
  if (a.constant !== 0 || parts.length === 0) parts.push(String(a.constant));
  return parts.join(' + ').replace(/\+ -/g, '- ');
}
