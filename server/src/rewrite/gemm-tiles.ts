// Chooses the tile for the tiled-GEMM rewrite: for each candidate (T×T shared tiles, TM outputs per
// thread) it counts the shared/L1 wavefronts an SM must issue, spreads blocks over the SMs (wave
// quantization) and discounts SMs with too few warps to keep the pipe busy. The naive kernel is counted
// the same way, so the ratio is the predicted speedup.
import type { GpuSpec } from '../cost/gpus';
import { KERNEL_FIXED_SECONDS } from '../cost/constants';
import { occupancy } from '../cost/occupancy';

/**
 * A warp's global load served by L1 costs about 1.5 shared-memory wavefronts: the naive 4096³ SGEMM of
 * this project's tile_gemm sample ran at 3.1 cycles per warp FMA on an H100 SXM (25.7 ms,
 * scripts/device/rewrites.sh), two such loads per FMA; S. Boehm ("How to Optimize a CUDA Matmul Kernel",
 * 2022) saw the same 1.5 ratio between kernels 2 and 3 on an RTX A6000.
 */
const L1_LOAD_COST = 1.55;
/**
 * A shared load whose 32 lanes read one address (the A value every lane of a warp multiplies) costs about
 * half a wavefront: the 32×32 tile with 4 rows per thread ran at 0.82 cycles per warp FMA on the same
 * H100 (6.74 ms), against 1.25 if every load took a full wavefront.
 */
const BROADCAST_COST = 0.5;
/** Warps an SM needs resident to keep its load/store pipe busy (4 schedulers, 2 warps each in flight). */
const WARPS_TO_FILL_PIPE = 8;
/** Registers per thread assumed for TM accumulators (ptxas on this rewrite's kernel: 30-60 on sm_90). */
const REGISTERS = (tm: number) => 32 + 4 * tm;

export interface TileChoice { tile: number; rowsPerThread: number; seconds: number }

const TILE_CANDIDATES: readonly { tile: number; rowsPerThread: number }[] = [
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

/** The tiled kernel: per k-tile a warp loads 2·TM elements (global, then shared) and per k reads one B
 *  value (a full wavefront) and TM broadcast A values. */
function tiledGemmSeconds(gpu: GpuSpec, m: number, n: number, k: number, tile: number, tm: number): number {
  const threads = (tile * tile) / tm;
  const blocks = Math.ceil(n / tile) * Math.ceil(m / tile);
  const warps = Math.ceil(threads / gpu.warpSize);
  const perTile = tile * (1 + tm * BROADCAST_COST) + 2 * tm * (1 + L1_LOAD_COST);
  return seconds(gpu, blocks, threads, warps * Math.ceil(k / tile) * perTile, REGISTERS(tm), 2 * tile * tile * 4);
}

export function bestTile(gpu: GpuSpec, m: number, n: number, k: number): TileChoice {
  return TILE_CANDIDATES.map((c) => ({ ...c, seconds: tiledGemmSeconds(gpu, m, n, k, c.tile, c.rowsPerThread) }))
    .reduce((a, b) => (b.seconds < a.seconds ? b : a));
}
