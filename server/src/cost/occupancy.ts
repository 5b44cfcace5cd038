// Theoretical occupancy: how many blocks of a launch fit on one SM at once and which resource runs out
// first (threads, warps, the block-slot limit, shared memory or registers). Same arithmetic as NVIDIA's
// occupancy calculator (CUDA C++ Best Practices Guide, "Occupancy"; CUDA Occupancy Calculator sheet).
import type { GpuSpec } from './gpus';
import { smVersion } from './gpus';

export type OccupancyLimiter = 'threads' | 'warps' | 'blocks' | 'shared-memory' | 'registers';

export interface Occupancy {
  /** Resident warps / maximum warps per SM, 0..1. */
  fraction: number;
  limiter: OccupancyLimiter;
  activeBlocksPerSm: number;
  activeWarpsPerSm: number;
  /** Per-resource block limits, for the hover. */
  limits: Record<OccupancyLimiter, number>;
  /** Set when the launch cannot run at all (too many threads, shared memory or registers). */
  error?: string;
}

/** Registers are allocated per warp in units of 256 (8 per thread) on sm_50 and later. */
const REGISTER_UNIT_PER_WARP = 256;
/** Shared memory is allocated per block in 128-byte units on sm_80+ and 256-byte units before. */
function sharedUnit(gpu: GpuSpec): number {
  return smVersion(gpu) >= 80 ? 128 : 256;
}

const roundUp = (v: number, unit: number) => Math.ceil(v / unit) * unit;

export function occupancy(gpu: GpuSpec, threadsPerBlock: number, sharedBytesPerBlock: number, registersPerThread: number): Occupancy {
  const warpsPerBlock = Math.ceil(threadsPerBlock / gpu.warpSize);
  const limits: Record<OccupancyLimiter, number> = {
    threads: Math.floor(gpu.maxThreadsPerSm / Math.max(1, threadsPerBlock)),
    warps: Math.floor(gpu.maxWarpsPerSm / Math.max(1, warpsPerBlock)),
    blocks: gpu.maxBlocksPerSm,
    'shared-memory': Infinity,
    registers: Infinity,
  };
  let error: string | undefined;
  if (threadsPerBlock > gpu.maxThreadsPerBlock || threadsPerBlock < 1) {
    error = `${threadsPerBlock} threads per block is outside 1..${gpu.maxThreadsPerBlock}`;
  }
  // Shared memory: static + dynamic, plus what the driver reserves per block, in allocation units.
  if (sharedBytesPerBlock > gpu.maxSharedMemPerBlockKB * 1024) {
    error = `${sharedBytesPerBlock} B of shared memory per block exceeds ${gpu.maxSharedMemPerBlockKB} KB`;
  }
  const perBlockShared = roundUp(sharedBytesPerBlock + gpu.reservedSharedMemPerBlockBytes, sharedUnit(gpu));
  if (sharedBytesPerBlock > 0) limits['shared-memory'] = Math.floor((gpu.sharedMemPerSmKB * 1024) / perBlockShared);
  // Registers: per-warp allocation rounded to the unit, the SM's file shared by resident warps.
  if (registersPerThread > gpu.maxRegistersPerThread) {
    error = `${registersPerThread} registers per thread exceeds ${gpu.maxRegistersPerThread}`;
  }
  const regsPerWarp = roundUp(Math.max(1, registersPerThread) * gpu.warpSize, REGISTER_UNIT_PER_WARP);
  limits.registers = Math.floor(Math.floor(gpu.registersPerSm / regsPerWarp) / Math.max(1, warpsPerBlock));

  // The resource with the fewest blocks is named; on a tie the SM's thread capacity wins, since a
  // register or shared-memory figure that only matches it is not what holds occupancy back.
  const order: OccupancyLimiter[] = ['threads', 'warps', 'blocks', 'registers', 'shared-memory'];
  let limiter: OccupancyLimiter = 'threads';
  let active = Infinity;
  for (const name of order) {
    if (limits[name] < active) { active = limits[name]; limiter = name; }
  }
  if (error) active = 0;
  const activeWarps = active * warpsPerBlock;
  return {
    fraction: Math.min(1, activeWarps / gpu.maxWarpsPerSm),
    limiter, activeBlocksPerSm: active, activeWarpsPerSm: activeWarps, limits, error,
  };
}

/**
 * Registers per thread when neither ptxas nor `__launch_bounds__` tells: 32 is what simple element-wise and
 * reduction kernels compile to on sm_80/sm_90 (ptxas -v on the kernels of this project's samples: 10-40),
 * and it never limits occupancy, so an unknown count does not invent a limiter.
 */
export const DEFAULT_REGISTERS_PER_THREAD = 32;

/**
 * The register ceiling ptxas applies for `__launch_bounds__(maxThreads, minBlocks)`: the SM's file
 * divided among minBlocks blocks of maxThreads threads, rounded down to the allocation unit.
 */
export function launchBoundsRegisterCap(gpu: GpuSpec, maxThreads: number, minBlocks = 1): number {
  const warps = Math.ceil(maxThreads / gpu.warpSize) * Math.max(1, minBlocks);
  const perWarp = Math.floor(gpu.registersPerSm / warps / REGISTER_UNIT_PER_WARP) * REGISTER_UNIT_PER_WARP;
  return Math.min(gpu.maxRegistersPerThread, Math.floor(perWarp / gpu.warpSize));
}
