// Chooses the tile for the tiled-GEMM rewrite: for each candidate (T×T shared tiles, TM outputs per
// thread) it counts the shared/L1 wavefronts an SM must issue, spreads blocks over the SMs (wave
// quantization) and discounts SMs with too few warps to keep the pipe busy. The naive kernel is counted
// the same way, so the ratio is the predicted speedup.
import type { GpuSpec } from '../cost/gpus';
import { KERNEL_FIXED_SECONDS } from '../cost/constants';
import { occupancy } from '../cost/occupancy';

/**
 * A global load served by L1 costs about 1.5 times a shared-memory load of the same width: a naive
 * coalesced SGEMM reaches 1986 GFLOP/s and the same kernel reading 32×32 shared tiles 2980 GFLOP/s on an
 * RTX A6000 (S. Boehm, "How to Optimize a CUDA Matmul Kernel", 2022, kernels 2 and 3).
 */
const L1_LOAD_COST = 1.5;
/** Warps an SM needs resident to keep its load/store pipe busy (4 schedulers, 2 warps each in flight). */
const WARPS_TO_FILL_PIPE = 8;
/** Registers per thread assumed for TM accumulators (ptxas on this rewrite's kernel: 30-60 on sm_90). */
const REGISTERS = (tm: number) => 32 + 4 * tm;

export interface TileChoice { tile: number; rowsPerThread: number; seconds: number }

export const TILE_CANDIDATES: readonly { tile: number; rowsPerThread: number }[] = [
  { tile: 8, rowsPerThread: 1 }, { tile: 16, rowsPerThread: 1 }, { tile: 32, rowsPerThread: 1 },
  { tile: 16, rowsPerThread: 4 }, { tile: 32, rowsPerThread: 4 }, { tile: 32, rowsPerThread: 8 },
];

function seconds(gpu: GpuSpec, blocks: number, threadsPerBlock: number, warpCyclesPerBlock: number, registers: number, sharedBytes: number): number {
  const warps = Math.ceil(threadsPerBlock / gpu.warpSize);
  const resident = Math.max(1, occupancy(gpu, threadsPerBlock, sharedBytes, registers).activeBlocksPerSm);
  const perSm = Math.ceil(blocks / gpu.smCount);
  const efficiency = Math.min(1, (Math.min(perSm, resident) * warps) / WARPS_TO_FILL_PIPE);
  return (perSm * warpCyclesPerBlock) / efficiency / (gpu.boostClockMhz * 1e6) + KERNEL_FIXED_SECONDS;
}

/** The naive kernel: every FMA loads one A element (broadcast) and one B element through L1. */
export function naiveGemmSeconds(gpu: GpuSpec, m: number, n: number, k: number, blockX: number, blockY: number): number {
  const threads = blockX * blockY;
  const blocks = Math.ceil(n / blockX) * Math.ceil(m / blockY);
  const warps = Math.ceil(threads / gpu.warpSize);
  return seconds(gpu, blocks, threads, warps * k * 2 * L1_LOAD_COST, 32, 0);
}

/** The tiled kernel: per k-tile a warp loads 2·TM elements (global, then shared) and reads T·(1 + TM)
 *  shared wavefronts (one B value, TM broadcast A values per k). */
export function tiledGemmSeconds(gpu: GpuSpec, m: number, n: number, k: number, tile: number, tm: number): number {
  const threads = (tile * tile) / tm;
  const blocks = Math.ceil(n / tile) * Math.ceil(m / tile);
  const warps = Math.ceil(threads / gpu.warpSize);
  const perTile = tile * (1 + tm) + 2 * tm * (1 + L1_LOAD_COST);
  return seconds(gpu, blocks, threads, warps * Math.ceil(k / tile) * perTile, REGISTERS(tm), 2 * tile * tile * 4);
}

export function bestTile(gpu: GpuSpec, m: number, n: number, k: number): TileChoice {
  return TILE_CANDIDATES.map((c) => ({ ...c, seconds: tiledGemmSeconds(gpu, m, n, k, c.tile, c.rowsPerThread) }))
    .reduce((a, b) => (b.seconds < a.seconds ? b : a));
}
