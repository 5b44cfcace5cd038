// What one warp-wide memory instruction costs: the 32-byte sectors it fetches from L2/DRAM and the
// wavefronts (L1/shared-memory passes, one per clock per SM) it takes, and which warps and lanes of a
// block execute it under thread-dependent guards. Both follow from the addresses
// of the 32 lanes, which we compute from the access's affine index form and the block shape.
// Sources: CUDA C++ Best Practices Guide, "Coalesced Access to Global Memory" (32-byte sectors) and
// "Shared Memory" (32 banks of 4 bytes, one access per bank per cycle, broadcast of equal words).
import type { AffineForm, MemoryAccess } from '../model/types';
import { addForms, scaleForm } from '../model/affine';
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

/**
 * Whether a warp's store leaves sectors partly written: the sectors its lanes touch over `steps`
 * executions (an unrolled loop moving the address by `stepBytes` each time) are more than its bytes fill.
 * `y[4 * i + j]` for j = 0..3 fills every sector it touches within four stores; `out[x * n + y]` does not.
 */
export function leavesPartialSectors(coef: [number, number, number], elementBytes: number, shape: LaneShape, steps: number, stepBytes: number): boolean {
  const sectors = new Set<number>();
  const bytes = new Set<number>();
  for (const off of laneOffsets(coef, elementBytes, shape)) {
    for (let j = 0; j < steps; j++) {
      const at = off + j * stepBytes;
      for (let b = 0; b < elementBytes; b += 4) bytes.add(at + b);
      sectors.add(Math.floor(at / SECTOR_BYTES));
    }
  }
  return sectors.size > Math.ceil((bytes.size * Math.min(4, elementBytes)) / SECTOR_BYTES);
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

export interface GuardActivity { warpFraction: number; lanes: number }

/** Share of warps and lanes that pass the thread-dependent guards around an access. */
export function guardActivity(access: MemoryAccess, block: [number, number, number], evalText: (text: string) => number | undefined): GuardActivity {
  const threads = block[0] * block[1] * block[2];
  const warps = Math.ceil(threads / 32);
  let act: GuardActivity = { warpFraction: 1, lanes: 32 };
  for (const g of access.guards ?? []) {
    if (!g.threadDependent) continue;
    const c = g.conditionText;
    if (/==\s*0\b/.test(c) && (/&\s*(31|0x1f)\b|%\s*32\b/.test(c) || /\blane\w*\s*==/i.test(c))) {
      // `(threadIdx.x & 31) == 0`, `lane == 0`: one lane in every warp.
      act = { warpFraction: act.warpFraction, lanes: 1 };
      continue;
    }
    const eq = /threadIdx\.([xyz])\s*==\s*[\w\s+\-*()]+/.exec(c) ?? /\btid\s*==\s*0\b/.exec(c);
    if (eq) {
      // One index value of one axis: the threads with it form a line (x) or plane (y, z) of the block.
      const [bx, by, bz] = block;
      const axis = eq[1] ?? 'x';
      const onlyOne = !eq[1];
      let lanes: number;
      let activeWarps: number;
      if (axis === 'x' && !onlyOne) {
        lanes = Math.max(1, Math.floor(32 / bx));
        activeWarps = Math.min(warps, Math.ceil((by * bz) / lanes));
      } else if (axis === 'y') {
        lanes = Math.min(32, bx);
        activeWarps = Math.min(warps, bz * Math.ceil(bx / 32));
      } else if (axis === 'z') {
        lanes = Math.min(32, bx * by);
        activeWarps = Math.min(warps, Math.ceil((bx * by) / 32));
      } else {
        lanes = 1;
        activeWarps = 1;
      }
      act = { warpFraction: Math.min(act.warpFraction, activeWarps / warps), lanes: Math.min(act.lanes, lanes) };
      continue;
    }
    const lt = /threadIdx\.x\s*<\s*([^&|)]+)/.exec(c);
    const halving = lt ? access.loops.find((l) => l.variable === lt[1].trim() && (l.stepOp === '>>' || l.stepOp === '/')) : undefined;
    if (halving) {
      // `if (threadIdx.x < s)` in a halving loop: s runs threads/2, threads/4, ... 1; average the warps.
      let active = 0;
      let steps = 0;
      for (let s = threads / 2; s >= 1; s = Math.floor(s / 2), steps++) active += Math.ceil(s / 32);
      if (steps > 0) act = { warpFraction: Math.min(act.warpFraction, active / steps / warps), lanes: act.lanes };
      continue;
    }
    if (lt) {
      const v = evalText(lt[1]);
      if (v !== undefined && v < threads) {
        act = { warpFraction: Math.min(act.warpFraction, Math.max(1, Math.ceil(v / 32)) / warps), lanes: Math.min(act.lanes, Math.max(1, v)) };
      }
    }
  }
  return act;
}

/** Row-major flattening of a multi-subscript shared array access. */
export function flatIndex(access: MemoryAccess, dims: (number | undefined)[]): AffineForm | undefined {
  if (access.indices.length === 1) return access.indices[0];
  let out: AffineForm | undefined = { terms: [], constant: 0 };
  for (let i = 0; i < access.indices.length; i++) {
    const idx = access.indices[i];
    if (!idx || !out) return undefined;
    let stride = 1;
    for (let j = i + 1; j < access.indices.length; j++) {
      const d = dims[j];
      if (d === undefined) return undefined;
      stride *= d;
    }
    out = addForms(out, scaleForm(idx, stride));
  }
  return out;
}
