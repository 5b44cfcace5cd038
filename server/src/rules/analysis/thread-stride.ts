// How an index moves between neighbouring threads of a warp. Coalescing, bank conflicts and vector loads
// all depend on the partial derivative of the address with respect to threadIdx.x (and, for blocks
// narrower than a warp, threadIdx.y): this file reads it from the model's affine forms.
import { addForms, formMentions, withLoopStarts } from '../../model/affine';
import type { AffineForm, MemoryAccess, Monomial } from '../../model/types';

/** The element offset of an access from the start of the array it really reads: `xr[c]` with
 *  `xr = x + row * cols` is `x[row * cols + c]`. Loop variables are replaced by their first value, because
 *  across the lanes of a warp a uniform-step loop has the same pattern at every iteration. */
export function effectiveIndex(access: MemoryAccess, subscript = 0): AffineForm | undefined {
  const raw = access.indices[subscript];
  if (!raw) return undefined;
  const form = access.baseOffset ? addForms(raw, access.baseOffset) : raw;
  return withLoopStarts(form, access.loops);
}

/** The array the access really reads (the base of a derived local pointer). */
export function rootArray(access: MemoryAccess): string {
  return access.baseArray ?? access.array;
}

/**
 * d(form)/d(symbol): the sum of monomials that contain `symbol` exactly once, with the symbol removed.
 * Undefined when the symbol appears squared (not index arithmetic we can reason about).
 */
export function strideAlong(form: AffineForm, symbol: string): AffineForm | undefined {
  const terms: Monomial[] = [];
  for (const t of form.terms) {
    const count = t.vars.filter((v) => v === symbol).length;
    if (count > 1) return undefined;
    if (count === 1) terms.push({ coef: t.coef, vars: t.vars.filter((v) => v !== symbol) });
  }
  const constant = terms.filter((t) => t.vars.length === 0).reduce((s, t) => s + t.coef, 0);
  return { terms: terms.filter((t) => t.vars.length > 0), constant };
}

/** The stride as a number when it does not depend on any symbol. */
export function constantStride(form: AffineForm, symbol: string): number | undefined {
  const s = strideAlong(form, symbol);
  return s && s.terms.length === 0 ? s.constant : undefined;
}

/** True when the form mentions blockIdx or threadIdx (differs between some threads of the grid). */
export function gridVarying(form: AffineForm): boolean {
  return formMentions(form, (v) => v.startsWith('threadIdx.') || v.startsWith('blockIdx.'));
}

/** Symbols of the thread and block indices a form uses (`threadIdx.y`, `blockIdx.x`, ...). */
export function indexSymbols(form: AffineForm): Set<string> {
  const out = new Set<string>();
  for (const t of form.terms) for (const v of t.vars) if (v.startsWith('threadIdx.') || v.startsWith('blockIdx.')) out.add(v);
  return out;
}

/** Block shape as far as warps care: lanes run along x first, then y, then z (CUDA C++ Programming
 *  Guide, "Thread Hierarchy": thread ID = x + y Dx + z Dx Dy; warps take consecutive thread IDs). */
export interface BlockShape { x: number; y: number; z: number }

/** The threadIdx.x/y/z of lane `lane` of warp `warp` in a block of that shape. */
export function laneCoordinates(shape: BlockShape, warp: number, lane: number): { x: number; y: number; z: number } {
  const id = warp * 32 + lane;
  return { x: id % shape.x, y: Math.floor(id / shape.x) % shape.y, z: Math.floor(id / (shape.x * shape.y)) % shape.z };
}

/** Element offsets of the 32 lanes of one warp relative to lane 0, when the form's thread strides are
 *  numbers (other symbols are the same for every lane); undefined otherwise. */
export function warpOffsets(form: AffineForm, shape: BlockShape, warp = 0): number[] | undefined {
  const sx = constantStride(form, 'threadIdx.x');
  const sy = constantStride(form, 'threadIdx.y');
  const sz = constantStride(form, 'threadIdx.z');
  if (sx === undefined || sy === undefined || sz === undefined) return undefined;
  const lanes = Math.min(32, shape.x * shape.y * shape.z);
  const offsets: number[] = [];
  const base = laneCoordinates(shape, warp, 0);
  for (let lane = 0; lane < lanes; lane++) {
    const c = laneCoordinates(shape, warp, lane);
    offsets.push(sx * (c.x - base.x) + sy * (c.y - base.y) + sz * (c.z - base.z));
  }
  return offsets;
}
