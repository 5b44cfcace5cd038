// Work model of one kernel launch: from the model's memory accesses (affine index forms), the loops
// around them and the launch shape, count what the whole grid moves and executes, then take the slowest
// of the GPU's pipes (roofline): DRAM bytes, L1/shared-memory wavefronts, FP32 math, and the bandwidth
// the resident warps can keep in flight (latency bound, Little's law).
import type { Kernel, KernelLoop, SharedArray } from '../model/types';
import { addForms, withLoopStarts } from '../model/affine';
import { evaluateText, typeBytes } from '../model/evaluate';
import type { GpuSpec } from './gpus';
import type { BreakdownRow, Bound } from './types';
import { DRAM_EFFICIENCY, DRAM_LATENCY_CYCLES, KERNEL_FIXED_SECONDS, L2_LATENCY_CYCLES, SECTOR_BYTES } from './constants';
import { flatIndex, globalPattern, guardActivity, LaneShape, sharedPattern, threadCoefficient } from './warp-access';
import { evaluateDims, formRange, loopBound, loopTrips } from './values';
import { DEFAULT_REGISTERS_PER_THREAD, launchBoundsRegisterCap, Occupancy, occupancy } from './occupancy';

/** Loads a warp keeps in flight per loop iteration once nvcc unrolls a simple loop (default unroll 4). */
const LOOP_MEMORY_PARALLELISM = 4;

export interface KernelLaunchInput {
  kernel: Kernel;
  grid: [number, number, number];
  block: [number, number, number];
  dynamicSharedBytes: number;
  staticSharedBytes?: number;
  /** Kernel parameters and template parameters bound to numbers at this launch, plus file constants. */
  values: Map<string, number>;
  /** Registers per thread from ptxas, when known. */
  ptxasRegisters?: number;
}

export interface KernelWork {
  kernelSeconds: number;
  /** Time of the work alone, without the fixed per-kernel cost. */
  workSeconds: number;
  bound: Bound;
  bytes: number;
  flops: number;
  occupancy: Occupancy;
  registersPerThread: number;
  registersSource: 'launch-bounds' | 'ptxas' | 'estimate';
  assumptions: string[];
  breakdown: BreakdownRow[];
}

export function estimateKernelWork(gpu: GpuSpec, input: KernelLaunchInput): KernelWork {
  const { kernel, grid, block, values } = input;
  const assumptions: string[] = [];
  const threadsPerBlock = block[0] * block[1] * block[2];
  const blocks = grid[0] * grid[1] * grid[2];
  const warpsPerBlock = Math.ceil(threadsPerBlock / gpu.warpSize);
  const totalWarps = warpsPerBlock * blocks;
  const totalThreads = threadsPerBlock * blocks;
  const clock = gpu.boostClockMhz * 1e6;

  const value = (sym: string): number | undefined => {
    const m = /^(blockDim|gridDim)\.([xyz])$/.exec(sym);
    if (m) return (m[1] === 'blockDim' ? block : grid)['xyz'.indexOf(m[2])];
    return values.get(sym);
  };
  // Loop trip counts read thread indices at their middle value (threads of a block average out).
  const midValue = (sym: string): number | undefined => {
    const m = /^(threadIdx|blockIdx)\.([xyz])$/.exec(sym);
    if (m) return ((m[1] === 'threadIdx' ? block : grid)['xyz'.indexOf(m[2])] - 1) / 2;
    return value(sym);
  };

  // Shared arrays: sizes for flattening and occupancy.
  const sharedDims = new Map<string, (number | undefined)[]>();
  let staticShared = input.staticSharedBytes ?? 0;
  const computeStatic = input.staticSharedBytes === undefined;
  for (const s of kernel.sharedArrays) {
    const dims = evaluateDims(s, values);
    sharedDims.set(s.name, dims);
    if (computeStatic && !s.isExtern) staticShared += sharedBytes(s, dims);
  }

  // Registers: ptxas, else the __launch_bounds__ cap, else a stated default.
  let registers = DEFAULT_REGISTERS_PER_THREAD;
  let registersSource: KernelWork['registersSource'] = 'estimate';
  if (input.ptxasRegisters !== undefined) {
    registers = input.ptxasRegisters;
    registersSource = 'ptxas';
  } else if (kernel.launchBounds?.maxThreads) {
    registers = Math.min(DEFAULT_REGISTERS_PER_THREAD, launchBoundsRegisterCap(gpu, kernel.launchBounds.maxThreads, kernel.launchBounds.minBlocks));
    registersSource = 'launch-bounds';
  } else {
    assumptions.push(`registers per thread unknown: assumed ${DEFAULT_REGISTERS_PER_THREAD}`);
  }
  const occ = occupancy(gpu, threadsPerBlock, staticShared + input.dynamicSharedBytes, registers);
  if (occ.error) assumptions.push(`launch cannot run: ${occ.error}`);

  // Loop bounds and guards as text (`(k + TS - 1) / TS`, `blockDim.x / 2`): launch dimensions inlined.
  const evalText = (text: string) => evaluateText(
    text.replace(/\b(blockDim|gridDim)\.([xyz])\b/g, (_, v: string, a: string) => String((v === 'blockDim' ? block : grid)['xyz'.indexOf(a)])),
    { constants: values });
  const tripCache = new Map<KernelLoop, number>();
  const trips = (loop: KernelLoop): number => {
    let t = tripCache.get(loop);
    if (t === undefined) {
      const r = loopTrips(loop, midValue, totalThreads, evalText);
      if (r.assumed) assumptions.push(`loop at line ${loop.range.start.line + 1} (${loop.boundText ?? 'bound unknown'}): trip count unknown, assumed ${r.trips}`);
      t = r.trips;
      tripCache.set(loop, t);
    }
    return t;
  };
  const symbolRange = (loops: KernelLoop[]) => (sym: string): [number, number] | undefined => {
    const m = /^(threadIdx|blockIdx)\.([xyz])$/.exec(sym);
    if (m) return [0, (m[1] === 'threadIdx' ? block : grid)['xyz'.indexOf(m[2])] - 1];
    const v = value(sym);
    if (v !== undefined) return [v, v];
    const loop = loops.find((l) => l.variable === sym);
    if (!loop) return undefined;
    const lo = loop.init ? formRange(loop.init, symbolRange([]))?.[0] : 0;
    const hi = loopBound(loop, value, evalText);
    if (lo === undefined || hi === undefined) return undefined;
    return [Math.min(lo, hi - 1), Math.max(lo, hi - 1)];
  };

  let wavefronts = 0;          // L1/shared passes, whole grid
  let requestedBytes = 0;      // sectors requested from L2, whole grid
  let flops = 0;
  let flops64 = 0;             // FLOPs on double data run on the FP64 units (1/64 rate on consumer GPUs)
  let atomicSerial = 0;        // same-address atomics, serialised at one L2 slice
  let inflightPerWarp = 0;     // global read bytes a warp has outstanding at once
  let chainCycles = 0;         // a warp's round trips that cannot overlap (loop iterations)
  let straightLoads = false;   // loads outside loops: independent, one round trip together
  let guessedPatterns = 0;
  const perArray = new Map<string, { read: number; write: number; readFoot: number; writeFoot: number }>();
  const pointerParams = new Set(kernel.params.filter((p) => p.isPointer).map((p) => p.name));

  for (const a of kernel.accesses) {
    const array = a.baseArray ?? a.array;
    const space = a.space === 'unknown' && pointerParams.has(array) ? 'global' : a.space;
    if (space !== 'global' && space !== 'shared') continue;
    const eb = a.elementBytes ?? (a.elementType ? typeBytes(a.elementType) : undefined) ?? 4;
    let form = space === 'shared' ? flatIndex(a, sharedDims.get(a.array) ?? []) : a.indices.length === 1 ? a.indices[0] : undefined;
    if (form && a.baseOffset) form = addForms(a.baseOffset, form);
    const laneForm = form ? withLoopStarts(form, a.loops) : undefined;
    let coef: [number, number, number] | undefined;
    if (laneForm) {
      const cx = threadCoefficient(laneForm, 'x', value);
      const cy = threadCoefficient(laneForm, 'y', value);
      const cz = threadCoefficient(laneForm, 'z', value);
      if (cx !== undefined && cy !== undefined && cz !== undefined) coef = [cx, cy, cz];
    }
    const act = guardActivity(a, block, evalText);
    const shape: LaneShape = { block, activeLanes: act.lanes };
    const pattern = space === 'shared' ? sharedPattern(coef, eb, shape) : globalPattern(coef, eb, shape);
    if (!pattern.known) guessedPatterns++;
    const execs = a.loops.reduce((p, l) => p * trips(l), 1);
    const warpInstr = totalWarps * act.warpFraction * execs;
    wavefronts += warpInstr * pattern.wavefronts;
    const lanesActive = Math.min(act.lanes, 32, threadsPerBlock);
    if (a.isRead || !a.isWrite) {
      if (/\bdouble\b/.test(a.elementType ?? '')) flops64 += warpInstr * lanesActive;
      else flops += warpInstr * lanesActive;
    }
    if (space !== 'global') continue;

    const bytes = warpInstr * pattern.sectors * SECTOR_BYTES;
    requestedBytes += bytes;
    if (a.atomic && coef && coef.every((c) => c === 0) && form && !form.terms.some((t) => t.vars.some((v) => v.startsWith('blockIdx')))) {
      atomicSerial += warpInstr * lanesActive;
    }
    if (a.isRead || !a.isWrite) {
      const inLoop = a.loops.some((l) => !l.hasBarrier);
      inflightPerWarp += pattern.sectors * SECTOR_BYTES * (inLoop ? LOOP_MEMORY_PARALLELISM : 1);
      // Loop iterations overlap only as far as the unrolled loads do; repeated loads mostly hit L2.
      if (a.loops.length > 0) chainCycles += (execs / LOOP_MEMORY_PARALLELISM) * L2_LATENCY_CYCLES * act.warpFraction;
      else straightLoads = true;
    }
    const range = form ? formRange(form, symbolRange(a.loops)) : undefined;
    const foot = range ? (range[1] - range[0] + 1) * eb : Infinity;
    const entry = perArray.get(array) ?? { read: 0, write: 0, readFoot: 0, writeFoot: 0 };
    if (a.isWrite) { entry.write += bytes; entry.writeFoot = Math.max(entry.writeFoot, foot); }
    if (a.isRead || !a.isWrite) { entry.read += bytes; entry.readFoot = Math.max(entry.readFoot, foot); }
    perArray.set(array, entry);
  }
  if (guessedPatterns > 0) assumptions.push(`${guessedPatterns} access pattern(s) not resolved: assumed coalesced`);

  // DRAM traffic: each array's requested sectors, but no more than its footprint (L2 keeps reuse).
  let dramBytes = 0;
  let dramReadBytes = 0;
  for (const e of perArray.values()) {
    const r = Math.min(e.read, e.readFoot);
    dramBytes += r + Math.min(e.write, e.writeFoot);
    dramReadBytes += r;
  }

  const bw = gpu.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY;
  const dramSeconds = dramBytes / bw;
  // Blocks are spread over the SMs in whole blocks: the busiest SM sets the time of SM-local pipes.
  const blocksPerSm = Math.ceil(blocks / gpu.smCount);
  const smShare = blocks > 0 ? blocksPerSm / blocks : 0;
  const l1Seconds = (wavefronts * smShare) / clock;
  const fp32PerSm = ((gpu.peakTflops.fp32 ?? 0) * 1e12) / gpu.smCount;
  const fp64PerSm = ((gpu.peakTflops.fp64 ?? (gpu.peakTflops.fp32 ?? 0) / 64) * 1e12) / gpu.smCount;
  const computeSeconds = (flops * smShare) / fp32PerSm + (flops64 * smShare) / fp64PerSm;
  const residentWarps = Math.min(totalWarps, gpu.smCount * Math.max(1, occ.activeWarpsPerSm));
  const latencyBw = inflightPerWarp > 0 ? (residentWarps * inflightPerWarp) / (DRAM_LATENCY_CYCLES / clock) : Infinity;
  // Latency: the bandwidth the resident warps can keep in flight (Little's law), or the round trips
  // a warp must make one after another times the waves of warps the grid needs, whichever is longer.
  const warpWaves = Math.ceil(totalWarps / Math.max(1, gpu.smCount * occ.activeWarpsPerSm));
  const chainSeconds = ((chainCycles + (straightLoads ? DRAM_LATENCY_CYCLES : 0)) / clock) * warpWaves;
  const latencySeconds = Math.max(dramReadBytes / latencyBw, chainSeconds);
  const atomicSeconds = atomicSerial / clock;

  const pipes: [Bound, number, string][] = [
    ['memory', dramSeconds, 'DRAM'],
    ['memory', l1Seconds, 'L1/shared-memory wavefronts'],
    ['compute', computeSeconds, 'FP32 math'],
    ['latency', latencySeconds, 'memory latency (too few loads in flight)'],
    ['memory', atomicSeconds, 'same-address atomics'],
  ];
  let [bound, workSeconds, pipeName] = pipes[0];
  for (const p of pipes) if (p[1] > workSeconds) [bound, workSeconds, pipeName] = p;
  const kernelSeconds = workSeconds + KERNEL_FIXED_SECONDS;
  if (workSeconds < KERNEL_FIXED_SECONDS) bound = 'launch';

  const us = (s: number) => `${(s * 1e6).toFixed(2)} µs`;
  const breakdown: BreakdownRow[] = [
    { label: 'grid × block', value: `${blocks} blocks × ${threadsPerBlock} threads (${blocksPerSm} block(s) per SM on ${gpu.smCount} SMs)` },
    { label: 'DRAM', value: `${(dramBytes / 1e6).toFixed(3)} MB (${(requestedBytes / 1e6).toFixed(3)} MB requested in 32 B sectors) at ${gpu.memoryBandwidthGBps} GB/s × ${DRAM_EFFICIENCY} = ${us(dramSeconds)}`, source: gpu.sources.specs },
    { label: 'L1/shared', value: `${wavefronts.toExponential(3)} wavefronts, 1 per clock per SM = ${us(l1Seconds)}` },
    { label: 'math', value: `${flops.toExponential(3)} FP32 FLOP at ${gpu.peakTflops.fp32} TFLOP/s${flops64 > 0 ? ` + ${flops64.toExponential(3)} FP64 FLOP at ${gpu.peakTflops.fp64} TFLOP/s` : ''} (one per loaded element) = ${us(computeSeconds)}` },
    { label: 'latency', value: inflightPerWarp > 0 ? `${residentWarps} resident warps × ${inflightPerWarp} B in flight over ${DRAM_LATENCY_CYCLES} cycles; ${Math.round(chainCycles)} cycles of serial round trips per warp × ${warpWaves} wave(s) = ${us(latencySeconds)}` : 'no global loads', source: 'Luo et al. 2024, DRAM and L2 latency' },
    { label: 'fixed per kernel', value: us(KERNEL_FIXED_SECONDS) },
    { label: 'bound', value: `${bound} (${pipeName})` },
  ];
  if (atomicSerial > 0) breakdown.splice(4, 0, { label: 'atomics', value: `${atomicSerial} same-address atomics, 1 per clock = ${us(atomicSeconds)}` });
  return {
    kernelSeconds, workSeconds, bound, bytes: dramBytes, flops: flops + flops64, occupancy: occ,
    registersPerThread: registers, registersSource, assumptions, breakdown,
  };
}

function sharedBytes(s: SharedArray, dims: (number | undefined)[]): number {
  if (s.bytes !== undefined) return s.bytes;
  const eb = s.elementBytes ?? typeBytes(s.elementType) ?? 4;
  return dims.every((d) => d !== undefined) ? dims.reduce<number>((p, d) => p * (d as number), eb) : 0;
}
