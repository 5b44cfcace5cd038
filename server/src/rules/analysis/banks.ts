// Shared-memory bank arithmetic. Shared memory has 32 banks of 4 bytes; a warp's request is served in as
// many wavefronts as the largest number of distinct 4-byte words any one bank must deliver (lanes reading
// the same word get it by broadcast). Source: CUDA C++ Programming Guide, "Shared Memory" sections of
// compute capabilities 5.x-9.0 ("successive 32-bit words map to successive banks ... 32 banks").
export const BANKS = 32;
export const BANK_BYTES = 4;

export interface BankReport {
  /** Wavefronts the warp needs for this access. */
  wavefronts: number;
  /** Wavefronts a conflict-free access of this element size needs (1 for 4-byte elements, 2 for 8, 4 for 16). */
  ideal: number;
  /** wavefronts / ideal: the "N-way" of an N-way bank conflict (1 = none). */
  ways: number;
}

/** Bank behaviour of one warp request whose lanes access these element offsets (relative to any base that
 *  is a multiple of 128 bytes: the bank pattern does not depend on it). */
export function bankReport(elementOffsets: number[], elementBytes: number): BankReport {
  const words = new Map<number, Set<number>>();
  for (const off of elementOffsets) {
    const first = Math.floor((off * elementBytes) / BANK_BYTES);
    const count = Math.max(1, Math.ceil(elementBytes / BANK_BYTES));
    for (let w = first; w < first + count; w++) {
      const bank = ((w % BANKS) + BANKS) % BANKS;
      let set = words.get(bank);
      if (!set) words.set(bank, (set = new Set()));
      set.add(w);
    }
  }
  let wavefronts = 1;
  for (const set of words.values()) wavefronts = Math.max(wavefronts, set.size);
  const ideal = Math.max(1, Math.ceil((Math.min(elementOffsets.length, 32) * elementBytes) / (BANKS * BANK_BYTES)));
  return { wavefronts, ideal, ways: Math.max(1, Math.round(wavefronts / ideal)) };
}

/** Row-major flattening of subscripts with the inner dimensions given: `t[i][j]` of `[R][C]` is i*C + j. */
export function flattenStrides(dims: (number | undefined)[]): number[] | undefined {
  const strides: number[] = new Array(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) {
    const inner = dims[i + 1];
    if (inner === undefined) return undefined;
    strides[i] = strides[i + 1] * inner;
  }
  return strides;
}
