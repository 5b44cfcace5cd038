// Time and energy of one (batched) GEMM as cuBLAS runs it: the output is cut into tiles, tiles run in
// waves over the SMs, each tile streams its K dimension at the slower of the math units and the L2->SM
// operand feed, the whole call cannot beat DRAM traffic, and every call pays a fixed cost. We try a few
// cuBLAS-like tile shapes (and split-K for few tiles) and keep the fastest, as cuBLAS's heuristics do.
import type { GpuSpec } from './gpus';
import { smVersion } from './gpus';
import {
  DRAM_EFFICIENCY, GEMM_FIXED_SECONDS, IDLE_POWER_FRACTION, L2_BYTES_PER_CLOCK_PER_SM,
  SIMT_GEMM_EFFICIENCY, TENSOR_EFFICIENCY,
} from './constants';

export type GemmDtype = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'fp64';
export const GEMM_DTYPES: readonly GemmDtype[] = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'fp64'];

export interface BreakdownRow { label: string; value: string; source?: string }

export interface GemmEstimate {
  m: number; n: number; k: number; batch: number; dtype: string;
  seconds: number; tflops: number; energyJoules: number; bound: string;
  assumptions: string[];
  breakdown: BreakdownRow[];
}

export interface GemmOptions {
  /**
   * How an fp32 GEMM runs. 'tf32' (default): on TF32 tensor cores, as XLA and frameworks run it and
   * cuBLAS with CUBLAS_TF32_TENSOR_OP_MATH; 'simt': plain SGEMM on the CUDA cores (cuBLAS's default
   * math mode).
   */
  fp32Math?: 'tf32' | 'simt';
}

interface Unit { label: string; tflops: number; operandBytes: number; efficiency: number; tensor: boolean }

/** Which unit runs the dtype on this GPU, falling back where the GPU lacks it (V100 has no BF16/TF32). */
function pickUnit(gpu: GpuSpec, dtype: GemmDtype, opts: GemmOptions, assumptions: string[]): Unit {
  const p = gpu.peakTflops;
  const simt = (label: string, bytes: number): Unit =>
    ({ label, tflops: p.fp32 as number, operandBytes: bytes, efficiency: SIMT_GEMM_EFFICIENCY, tensor: false });
  const tc = (label: string, tflops: number, bytes: number): Unit =>
    ({ label, tflops, operandBytes: bytes, efficiency: TENSOR_EFFICIENCY, tensor: true });
  switch (dtype) {
    case 'fp64':
      if (p.fp64Tensor) return tc('FP64 tensor cores', p.fp64Tensor, 8);
      return { label: 'FP64 units', tflops: p.fp64 as number, operandBytes: 8, efficiency: SIMT_GEMM_EFFICIENCY, tensor: false };
    case 'fp32':
      if (opts.fp32Math === 'simt' || !p.tf32) {
        if (!p.tf32 && opts.fp32Math !== 'simt') assumptions.push(`${gpu.shortName} has no TF32 tensor cores: FP32 GEMM on CUDA cores`);
        return simt('FP32 CUDA cores', 4);
      }
      assumptions.push('fp32 GEMM runs on TF32 tensor cores (XLA, frameworks, CUBLAS_TF32_TENSOR_OP_MATH); plain SGEMM is several times slower');
      return tc('TF32 tensor cores', p.tf32, 4);
    case 'tf32':
      if (p.tf32) return tc('TF32 tensor cores', p.tf32, 4);
      assumptions.push(`${gpu.shortName} has no TF32 tensor cores: runs as FP32 on CUDA cores`);
      return simt('FP32 CUDA cores', 4);
    case 'bf16':
    case 'fp16': {
      const rate = p[dtype] ?? p.fp16;
      if (rate) {
        if (!p[dtype]) assumptions.push(`${gpu.shortName} has no ${dtype.toUpperCase()} tensor cores: FP16 rate used`);
        return tc(`${dtype.toUpperCase()} tensor cores`, rate, 2);
      }
      return simt('FP32 CUDA cores', 2);
    }
    case 'fp8':
      if (p.fp8) return tc('FP8 tensor cores', p.fp8, 1);
      assumptions.push(`${gpu.shortName} has no FP8 tensor cores: runs as FP16`);
      return tc('FP16 tensor cores', p.fp16 as number, 2);
  }
}

/** Output tile shapes cuBLAS-style kernels use (CUTLASS's default threadblock shapes per unit). */
const TENSOR_TILES: [number, number][] = [[128, 256], [256, 128], [128, 128], [128, 64], [64, 128]];
const SIMT_TILES: [number, number][] = [[128, 128], [128, 64], [64, 64], [32, 32]];
/**
 * Blackwell (sm_100) tensor cores also run one 256x256 tile on a pair of SMs (CUTLASS's 2-SM UMMA,
 * `cta_group::2`), each SM loading half of the operands.
 */
const PAIR_TILE: [number, number] = [256, 256];

/**
 * Tiles resident per SM, each getting that share of the SM's rate. A 16-bit (or 8-bit) operand CTA
 * keeps the tensor cores busy alone; with 4-byte TF32 operands each pipeline stage needs twice the
 * shared memory per K step, and the kernels run two CTAs per SM to hide the latency. This is what the
 * H100 XLA table shows: TF32 reaches its large-size fraction of peak only with two tiles per SM.
 */
function ctasPerSm(unit: Unit): number {
  return unit.tensor ? Math.max(1, unit.operandBytes / 2) : 1;
}

interface Plan { tm: number; tn: number; splitK: number; tiles: number; waves: number; tileSeconds: number; computeSeconds: number; feedBound: boolean }

/** One tile config: waves over the SMs times the time of one tile's K loop (math vs L2 feed). */
function planFor(gpu: GpuSpec, unit: Unit, m: number, n: number, k: number, batch: number, tm: number, tn: number, splitK: number, smsPerTile = 1): Plan {
  const tiles = Math.ceil(m / tm) * Math.ceil(n / tn) * batch * splitK;
  const slots = ctasPerSm(unit);
  const waves = Math.ceil((tiles * smsPerTile) / (gpu.smCount * slots));
  const kPart = Math.ceil(k / splitK);
  const mathPerSm = (unit.tflops * 1e12 * unit.efficiency) / gpu.smCount / slots;
  const mathSeconds = (2 * tm * tn * kPart) / (mathPerSm * smsPerTile);
  const feedPerSm = L2_BYTES_PER_CLOCK_PER_SM * gpu.boostClockMhz * 1e6;
  const feedSeconds = ((tm + tn) * kPart * unit.operandBytes) / ((feedPerSm * smsPerTile) / slots);
  const tileSeconds = Math.max(mathSeconds, feedSeconds);
  return { tm, tn, splitK, tiles, waves, tileSeconds, computeSeconds: waves * tileSeconds, feedBound: feedSeconds > mathSeconds };
}

export function estimateGemm(gpu: GpuSpec, m: number, n: number, k: number, batch: number, dtype: GemmDtype, opts: GemmOptions = {}): GemmEstimate {
  for (const [name, v] of [['m', m], ['n', n], ['k', k], ['batch', batch]] as const) {
    if (!Number.isFinite(v) || v < 1) throw new Error(`GEMM ${name} must be a positive number (got ${v})`);
  }
  const assumptions: string[] = [];
  const unit = pickUnit(gpu, dtype, opts, assumptions);
  const outBytes = dtype === 'fp8' ? 2 : unit.operandBytes;

  // Split-K only pays when the output tiles cannot fill the SMs; the partial sums cost an extra pass.
  // We allow two K slices at most: deeper splits predicted H100 GEMMs faster than cuBLAS runs them
  // (validate-cost), so cuBLAS's heuristics evidently prefer other kernels there.
  let best: { plan: Plan; seconds: number; reduceSeconds: number } | undefined;
  const bw = gpu.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY;
  const tiles: [number, number, number][] = unit.tensor ? TENSOR_TILES.map(([a, b]) => [a, b, 1]) : SIMT_TILES.map(([a, b]) => [a, b, 1]);
  if (unit.tensor && smVersion(gpu) >= 100) tiles.push([...PAIR_TILE, 2]);
  for (const [tm, tn, smsPerTile] of tiles) {
    for (const splitK of [1, 2]) {
      if (splitK > 1 && (k / splitK < 256 || Math.ceil(m / tm) * Math.ceil(n / tn) * batch * splitK * smsPerTile > gpu.smCount * ctasPerSm(unit))) continue;
      const plan = planFor(gpu, unit, m, n, k, batch, tm, tn, splitK, smsPerTile);
      const reduceSeconds = splitK > 1 ? (m * n * batch * 4 * (splitK + 1)) / bw : 0;
      const seconds = plan.computeSeconds + reduceSeconds;
      if (!best || seconds < best.seconds) best = { plan, seconds, reduceSeconds };
    }
  }
  const { plan, reduceSeconds } = best!;

  // DRAM: each operand read once and the output written once (L2 holds the reused tiles).
  const dramBytes = batch * ((m * k + k * n) * unit.operandBytes + m * n * outBytes);
  const memorySeconds = dramBytes / bw;
  const tileSeconds = plan.computeSeconds + reduceSeconds;
  // The last wave's output write (epilogue) follows its K loop, so it is exposed; the rest of the
  // traffic overlaps the tiles unless DRAM is the bottleneck overall.
  const epilogueSeconds = (batch * m * n * outBytes) / plan.waves / bw;
  const kernelSeconds = Math.max(tileSeconds + epilogueSeconds, memorySeconds);
  const seconds = kernelSeconds + GEMM_FIXED_SECONDS;
  const flops = 2 * m * n * k * batch;
  const bound = memorySeconds > tileSeconds ? 'memory' : kernelSeconds < GEMM_FIXED_SECONDS ? 'launch' : 'compute';
  const utilization = Math.min(1, flops / seconds / (unit.tflops * 1e12));
  const watts = gpu.tdpWatts * (IDLE_POWER_FRACTION + (1 - IDLE_POWER_FRACTION) * Math.min(1, utilization / unit.efficiency));
  assumptions.push(`power ${watts.toFixed(0)} W: ${Math.round(IDLE_POWER_FRACTION * 100)}% of TDP idle, rising linearly to TDP at full tensor/ALU utilization`);

  const us = (s: number) => `${(s * 1e6).toFixed(2)} µs`;
  const breakdown: BreakdownRow[] = [
    { label: 'unit', value: `${unit.label}, ${unit.tflops} TFLOP/s peak x ${unit.efficiency} achievable`, source: gpu.sources.specs },
    { label: 'tiles', value: `${plan.tm}x${plan.tn}${plan.splitK > 1 ? `, split-K ${plan.splitK}` : ''}: ${plan.tiles} tiles on ${gpu.smCount} SMs = ${plan.waves} wave(s)` },
    { label: 'per tile', value: `${us(plan.tileSeconds)}${plan.feedBound ? ' (L2 operand feed bound)' : ''}` },
    { label: 'DRAM traffic', value: `${(dramBytes / 1e6).toFixed(2)} MB at ${gpu.memoryBandwidthGBps} GB/s x ${DRAM_EFFICIENCY} = ${us(memorySeconds)}` },
    { label: 'fixed per call', value: us(GEMM_FIXED_SECONDS), source: 'smallest GEMMs of the XLA H100 table (~5 µs at 256^3)' },
    { label: 'energy', value: `${(seconds * watts * 1e3).toFixed(3)} mJ at ${watts.toFixed(0)} W` },
  ];
  return {
    m, n, k, batch, dtype, seconds, tflops: flops / seconds / 1e12, energyJoules: seconds * watts, bound,
    assumptions, breakdown,
  };
}
