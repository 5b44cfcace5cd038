// What one warp-wide memory instruction costs: the 32-byte sectors it fetches from L2/DRAM and the
// wavefronts (L1/shared-memory passes, one per clock per SM) it takes. Both follow from the addresses
// of the 32 lanes, which we compute from the access's affine index form and the block shape.
// Sources: CUDA C++ Best Practices Guide, "Coalesced Access to Global Memory" (32-byte sectors) and
// "Shared Memory" (32 banks of 4 bytes, one access per bank per cycle, broadcast of equal words).
import type { AffineForm } from '../model/types';
import { SECTOR_BYTES } from './constants';

/** L1 serves one 128-byte cache line per wavefront (a fully coalesced 4-byte warp access). */
const L1_LINE_BYTES = 128;
const SHARED_BANKS = 32;

export interface WarpPattern {
  /** Distinct 32-byte sectors the warp's active lanes touch. */
  sectors: number;
  /** L1 or shared-memory passes the instruction needs. */
  wavefronts: number;
  /** The lane pattern was computed (false: a coalesced pattern was assumed). */
  known: boolean;
}

export interface LaneShape {
  block: [number, number, number];
  /** Active lanes of the warp (1 when a guard such as `threadIdx.x == 0` leaves one). */
  activeLanes: number;
}

/**
 * Coefficient of a thread index in the form, other symbols replaced by their values: for
 * `threadIdx.y * n + threadIdx.x` the coefficient of threadIdx.y is n. Undefined when a needed
 * value is unknown or the thread index multiplies itself or another thread index.
 */
export function threadCoefficient(form: AffineForm, axis: 'x' | 'y' | 'z', value: (sym: string) => number | undefined): number | undefined {
  const sym = `threadIdx.${axis}`;
  let c = 0;
  for (const t of form.terms) {
    if (!t.vars.includes(sym)) continue;
    let k = t.coef;
    for (const v of t.vars) {
      if (v === sym) continue;
      if (v.startsWith('threadIdx.')) return undefined;
      const x = value(v);
      if (x === undefined) return undefined;
      k *= x;
    }
    c += k;
  }
  return c;
}

/** Byte offsets of the active lanes of warp 0 relative to its first lane. */
function laneOffsets(coef: [number, number, number], elementBytes: number, shape: LaneShape): number[] {
  const [bx, by] = shape.block;
  const lanes = Math.max(1, Math.min(32, shape.activeLanes, bx * by * shape.block[2]));
  const out: number[] = [];
  for (let l = 0; l < lanes; l++) {
    const tx = l % bx;
    const ty = Math.floor(l / bx) % by;
    const tz = Math.floor(l / (bx * by));
    out.push((coef[0] * tx + coef[1] * ty + coef[2] * tz) * elementBytes);
  }
  return out;
}

/** Global (or local/constant via L1) access: sectors fetched and L1 wavefronts (distinct lines). */
export function globalPattern(coef: [number, number, number] | undefined, elementBytes: number, shape: LaneShape): WarpPattern {
  const lanes = Math.max(1, Math.min(32, shape.activeLanes, shape.block[0] * shape.block[1] * shape.block[2]));
  if (!coef) {
    // Unknown pattern: assume consecutive lanes read consecutive elements.
    const bytes = lanes * elementBytes;
    return { sectors: Math.ceil(bytes / SECTOR_BYTES), wavefronts: Math.ceil(bytes / L1_LINE_BYTES), known: false };
  }
  const sectors = new Set<number>();
  const lines = new Set<number>();
  for (const off of laneOffsets(coef, elementBytes, shape)) {
    // An element wider than a sector spans several.
    for (let b = 0; b < elementBytes; b += SECTOR_BYTES) sectors.add(Math.floor((off + b) / SECTOR_BYTES));
    for (let b = 0; b < elementBytes; b += L1_LINE_BYTES) lines.add(Math.floor((off + b) / L1_LINE_BYTES));
    lines.add(Math.floor((off + elementBytes - 1) / L1_LINE_BYTES));
  }
  return { sectors: sectors.size, wavefronts: lines.size, known: true };
}

/** Shared-memory access: wavefronts = the most distinct 4-byte words any bank must serve. */
export function sharedPattern(coef: [number, number, number] | undefined, elementBytes: number, shape: LaneShape): WarpPattern {
  if (!coef) return { sectors: 0, wavefronts: Math.max(1, Math.ceil(elementBytes / 4)), known: false };
  const perBank = new Map<number, Set<number>>();
  for (const off of laneOffsets(coef, elementBytes, shape)) {
    for (let b = 0; b < elementBytes; b += 4) {
      const word = Math.floor((off + b) / 4);
      const bank = ((word % SHARED_BANKS) + SHARED_BANKS) % SHARED_BANKS;
      let words = perBank.get(bank);
      if (!words) perBank.set(bank, (words = new Set()));
      words.add(word);
    }
  }
  let worst = 1;
  for (const words of perBank.values()) worst = Math.max(worst, words.size);
  // Wide elements (8/16 B) are served in 2/4 phases even without conflicts.
  return { sectors: 0, wavefronts: Math.max(worst, Math.ceil(elementBytes / 4)), known: true };
}
