// The cost figures rewrites compare before and after: streaming time of a memory-bound kernel, launch
// costs, and resident blocks per SM. They reuse the cost model's shared constants (cost/constants.ts)
// and the GPU database, so a rewrite's promised gain moves with the same physics as the inlay hints.
import type { GpuSpec } from '../cost/gpus';
import { DRAM_EFFICIENCY, MIN_KERNEL_SECONDS } from '../cost/constants';
import { DEFAULT_REGISTERS_PER_THREAD, occupancy } from '../cost/occupancy';

/** Seconds to move `bytes` through DRAM at the sustained streaming bandwidth. */
export function streamSeconds(gpu: GpuSpec, bytes: number): number {
  return bytes / (gpu.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY);
}

/** A memory-bound kernel's time: its DRAM traffic, but never below the minimum kernel time. */
export function memoryKernelSeconds(gpu: GpuSpec, bytes: number): number {
  return Math.max(MIN_KERNEL_SECONDS, streamSeconds(gpu, bytes));
}

/**
 * Cycles an SM spends starting and retiring one block, however small. Measured on an H100 SXM with
 * back-to-back element-wise kernels over 2^26 floats: 2^21 blocks of 32 threads, 2^20 of 64 and 2^19 of 128
 * took 1264, 633 and 319 us whether each thread moved 8 or 12 bytes, a constant 0.6 ns per block across
 * the GPU (158 cycles per block per SM); 256-thread blocks were memory-bound (this project's block_size
 * sample and a block-size sweep run with scripts/device/rewrites.sh's setup).
 */
export const BLOCK_DISPATCH_CYCLES = 155;

/** Time the SMs need just to start and retire `blocks` blocks. */
export function dispatchSeconds(gpu: GpuSpec, blocks: number): number {
  return (Math.ceil(blocks / gpu.smCount) * BLOCK_DISPATCH_CYCLES) / (gpu.boostClockMhz * 1e6);
}

export interface Residency { blocksPerSm: number; warpsPerSm: number; occupancy: number; limiter: string }

/** Resident blocks per SM from the cost model's occupancy calculator (32 registers per thread when unknown). */
export function residency(gpu: GpuSpec, threadsPerBlock: number, sharedBytesPerBlock = 0): Residency {
  const o = occupancy(gpu, threadsPerBlock, sharedBytesPerBlock, DEFAULT_REGISTERS_PER_THREAD);
  return { blocksPerSm: o.activeBlocksPerSm, warpsPerSm: o.activeWarpsPerSm, occupancy: o.fraction, limiter: o.limiter };
}
