// The GPU database: the 13 target GPUs with the specs the cost model, occupancy and rules read. The
// figures live in gpus.json, one object per GPU with a `sources` entry naming where they come from;
// this file only types and looks them up, so a spec fix is a data edit.
import table from './gpus.json';

export type Precision = 'fp64' | 'fp64Tensor' | 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8';

export interface GpuSpec {
  id: string;
  name: string;
  /** Short label for inlay hints and code lenses ("H100 SXM"). */
  shortName: string;
  arch: string;
  /** "9.0" */
  computeCapability: string;
  smCount: number;
  boostClockMhz: number;
  /** Dense peak rates in TFLOP/s (TOP/s for int8); null where the GPU has no such unit. */
  peakTflops: Record<Precision, number | null>;
  /** Decimal GB/s. */
  memoryBandwidthGBps: number;
  memoryGB: number;
  memoryType: string;
  l2CacheMB: number;
  warpSize: number;
  maxThreadsPerBlock: number;
  maxThreadsPerSm: number;
  maxWarpsPerSm: number;
  maxBlocksPerSm: number;
  registersPerSm: number;
  maxRegistersPerThread: number;
  sharedMemPerSmKB: number;
  maxSharedMemPerBlockKB: number;
  /** Shared memory the driver reserves per resident block (1 KB from compute capability 8.0). */
  reservedSharedMemPerBlockBytes: number;
  tdpWatts: number;
  sources: { specs: string; limits: string; fp64: string };
}

export const DEFAULT_GPU_ID = 'h100-sxm';

const GPUS: readonly GpuSpec[] = table as GpuSpec[];
const BY_ID = new Map(GPUS.map((g) => [g.id, g]));

export const GPU_IDS: readonly string[] = GPUS.map((g) => g.id);

export function listGpus(): readonly GpuSpec[] {
  return GPUS;
}

export function isGpuId(id: string): boolean {
  return BY_ID.has(id);
}

/** The GPU with that id; throws an Error naming the known ids otherwise. */
export function getGpu(id: string): GpuSpec {
  const gpu = BY_ID.get(id);
  if (!gpu) throw new Error(`unknown GPU id "${id}"; known ids: ${GPU_IDS.join(', ')}`);
  return gpu;
}

/** Compute capability as a number (9.0 -> 90) for comparisons such as "sm80 and later". */
export function smVersion(gpu: GpuSpec): number {
  const [major, minor] = gpu.computeCapability.split('.').map(Number);
  return major * 10 + (minor || 0);
}
