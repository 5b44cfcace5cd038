// Memory-level parallelism: how much of the DRAM bandwidth a streaming kernel reaches with a given number
// of resident warps. By Little's law an SM must keep bandwidth × latency bytes in flight; each resident
// warp keeps one 128-byte request per independent load in flight. Block size and occupancy rewrites
// compare this fraction before and after.
import type { GpuSpec } from '../cost/gpus';
import { DRAM_EFFICIENCY, DRAM_LATENCY_CYCLES } from '../cost/constants';

/** Bytes one warp-wide coalesced 4-byte load requests (32 lanes × 4 B). */
const WARP_REQUEST_BYTES = 128;

/** Fraction (0..1] of the sustained DRAM bandwidth reached with `warpsPerSm` resident warps. */
export function bandwidthFraction(gpu: GpuSpec, warpsPerSm: number, loadsPerThread: number): number {
  const perSmBytesPerSecond = (gpu.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY) / gpu.smCount;
  const latencySeconds = DRAM_LATENCY_CYCLES / (gpu.boostClockMhz * 1e6);
  const needed = perSmBytesPerSecond * latencySeconds;
  const inFlight = warpsPerSm * Math.max(1, loadsPerThread) * WARP_REQUEST_BYTES;
  return Math.min(1, inFlight / needed);
}
