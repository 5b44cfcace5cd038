// The cost figures rewrites compare before and after: streaming time of a memory-bound kernel, launch
// costs, and resident blocks per SM. They reuse the cost model's shared constants (cost/constants.ts)
// and the GPU database, so a rewrite's promised gain moves with the same physics as the inlay hints.
import type { GpuSpec } from '../cost/gpus';
import { DRAM_EFFICIENCY, MIN_KERNEL_SECONDS } from '../cost/constants';

/** Seconds to move `bytes` through DRAM at the sustained streaming bandwidth. */
export function streamSeconds(gpu: GpuSpec, bytes: number): number {
  return bytes / (gpu.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY);
}

/** A memory-bound kernel's time: its DRAM traffic, but never below the minimum kernel time. */
export function memoryKernelSeconds(gpu: GpuSpec, bytes: number): number {
  return Math.max(MIN_KERNEL_SECONDS, streamSeconds(gpu, bytes));
}

export interface Residency { blocksPerSm: number; warpsPerSm: number; occupancy: number; limiter: string }

/**
 * Resident blocks per SM for a block size and static shared memory per block (CUDA Occupancy
 * Calculator rules: warps, blocks and shared memory per SM; registers assumed not limiting, as for the
 * small kernels rewrites touch, 32 registers per thread).
 */
export function residency(gpu: GpuSpec, threadsPerBlock: number, sharedBytesPerBlock = 0, registersPerThread = 32): Residency {
  const warps = Math.ceil(threadsPerBlock / gpu.warpSize);
  const limits: [string, number][] = [
    ['blocks per SM', gpu.maxBlocksPerSm],
    ['threads per SM', Math.floor(gpu.maxWarpsPerSm / warps)],
    ['registers', Math.floor(gpu.registersPerSm / (registersPerThread * warps * gpu.warpSize))],
  ];
  if (sharedBytesPerBlock > 0) {
    limits.push(['shared memory', Math.floor((gpu.sharedMemPerSmKB * 1024) / (sharedBytesPerBlock + gpu.reservedSharedMemPerBlockBytes))]);
  }
  let best = limits[0];
  for (const l of limits) if (l[1] < best[1]) best = l;
  const blocksPerSm = Math.max(0, best[1]);
  return { blocksPerSm, warpsPerSm: blocksPerSm * warps, occupancy: (blocksPerSm * warps) / gpu.maxWarpsPerSm, limiter: best[0] };
}
