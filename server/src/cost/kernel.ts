// Work model of one kernel launch: from the model's memory accesses (affine index forms), the loops
// around them and the launch shape, count what the whole grid moves and executes, then take the slowest
// of the GPU's pipes (roofline). The memory side is DRAM bytes (scattered sector writes at their lower
// rate), L1/shared-memory wavefronts and the latency bound (blocks' critical paths over the blocks an SM
// holds, latency.ts), combined as a root-sum-square because they overlap only in part; FP32 math,
// same-address atomics and the block dispatch rate are separate pipes.
import type { AffineForm, Kernel, KernelLoop, MemoryAccess, SharedArray } from '../model/types';
import { addForms, withLoopStarts } from '../model/affine';
import { evaluateText, typeBytes } from '../model/evaluate';
import type { GpuSpec } from './gpus';
import type { BreakdownRow, Bound } from './types';
import { BLOCK_DISPATCH_CYCLES, DRAM_EFFICIENCY, KERNEL_FIXED_SECONDS, MEMORY_PIPES_NORM, SCATTERED_WRITE_EFFICIENCY, SECTOR_BYTES } from './constants';
import { blockCriticalPath, FULL_UNROLL_LIMIT, latencySeconds, ReadStep } from './latency';
import { flatIndex, globalPattern, guardActivity, LaneShape, leavesPartialSectors, sharedPattern, threadCoefficient } from './warp-access';
import { evaluateDims, formRange, loopBound, loopTrips } from './values';
import { DEFAULT_REGISTERS_PER_THREAD, launchBoundsRegisterCap, Occupancy, occupancy } from './occupancy';

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
  let scatteredBytes = 0;      // partial sectors written by strided stores: DRAM writes at a lower rate
  let guessedPatterns = 0;
  const reads: { access: MemoryAccess; execs: number; array: string; reread: boolean }[] = [];
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
    const range = form ? formRange(form, symbolRange(a.loops)) : undefined;
    const foot = range ? (range[1] - range[0] + 1) * eb : Infinity;
    if (a.isRead || !a.isWrite) reads.push({ access: a, execs, array, reread: bytes > 1.5 * foot });
    const entry = perArray.get(array) ?? { read: 0, write: 0, readFoot: 0, writeFoot: 0 };
    // A store whose lanes leave sectors partly written (each lane a row apart) writes every sector it
    // touches on its own: the sectors are not merged into full lines, whatever the footprint.
    const scattered = a.isWrite && !a.atomic && coef !== undefined && pattern.sectors > Math.ceil((lanesActive * eb) / SECTOR_BYTES)
      && leavesPartialSectors(coef, eb, shape, ...unrolledSteps(a.loops[a.loops.length - 1], form, trips, value, eb));
    if (scattered) scatteredBytes += bytes;
    else if (a.isWrite) { entry.write += bytes; entry.writeFoot = Math.max(entry.writeFoot, foot); }
    if (a.isRead || !a.isWrite) { entry.read += bytes; entry.readFoot = Math.max(entry.readFoot, foot); }
    perArray.set(array, entry);
  }
  if (guessedPatterns > 0) assumptions.push(`${guessedPatterns} access pattern(s) not resolved: assumed coalesced`);

  // DRAM traffic: each array's requested sectors, but no more than its footprint (L2 keeps reuse).
  let dramBytes = 0;
  for (const e of perArray.values()) dramBytes += Math.min(e.read, e.readFoot) + Math.min(e.write, e.writeFoot);

  const bw = gpu.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY;
  const dramSeconds = dramBytes / bw + scatteredBytes / (gpu.memoryBandwidthGBps * 1e9 * SCATTERED_WRITE_EFFICIENCY);
  dramBytes += scatteredBytes;
  // Blocks are spread over the SMs in whole blocks: the busiest SM sets the time of SM-local pipes.
  const blocksPerSm = Math.ceil(blocks / gpu.smCount);
  const smShare = blocks > 0 ? blocksPerSm / blocks : 0;
  const l1Seconds = (wavefronts * smShare) / clock;
  const fp32PerSm = ((gpu.peakTflops.fp32 ?? 0) * 1e12) / gpu.smCount;
  const fp64PerSm = ((gpu.peakTflops.fp64 ?? (gpu.peakTflops.fp32 ?? 0) / 64) * 1e12) / gpu.smCount;
  const computeSeconds = (flops * smShare) / fp32PerSm + (flops64 * smShare) / fp64PerSm;
  // Latency: each block's critical path, over the blocks the busiest SM runs at once. A read comes from
  // DRAM on the data's first touch; it hits L2 when an earlier read in the kernel fetched the same array
  // or when the access itself reads its footprint many times over (a loop re-reading a row).
  const start = (r: { access: MemoryAccess }) => r.access.range.start.line * 1e6 + r.access.range.start.character;
  const steps: ReadStep[] = reads.map((r) => ({
    access: r.access, execs: r.execs,
    cached: r.reread || reads.some((o) => o.array === r.array && start(o) < start(r)),
  }));
  const path = blockCriticalPath(steps, kernel.barriers, kernel.warpIntrinsics, trips, warpsPerBlock);
  const resident = Math.max(1, Math.min(occ.activeBlocksPerSm, blocksPerSm));
  const latencyOnly = latencySeconds(blocks, gpu.smCount, resident, path.cycles, clock);
  // DRAM, latency and the L1/shared-memory pipe overlap only in part: near any one's limit its queue
  // delays the others, so the memory side combines as a p-norm of the three, named by the largest.
  const p = MEMORY_PIPES_NORM;
  const memoryParts: [Bound, number, string][] = [
    ['memory', dramSeconds, 'DRAM'],
    ['latency', latencyOnly, 'memory latency (too few blocks or loads in flight)'],
    ['memory', l1Seconds, 'L1/shared-memory wavefronts'],
  ];
  const memorySeconds = memoryParts.reduce((sum, m) => sum + m[1] ** p, 0) ** (1 / p);
  const memoryLead = memoryParts.reduce((a, b) => (b[1] > a[1] ? b : a));
  const atomicSeconds = atomicSerial / clock;
  const dispatchSeconds = (blocksPerSm * BLOCK_DISPATCH_CYCLES) / clock;

  const pipes: [Bound, number, string][] = [
    [memoryLead[0], memorySeconds, memoryLead[2]],
    ['compute', computeSeconds, 'FP32 math'],
    ['memory', atomicSeconds, 'same-address atomics'],
    ['latency', dispatchSeconds, 'block scheduling (many small blocks)'],
  ];
  let [bound, workSeconds, pipeName] = pipes[0];
  for (const p of pipes) if (p[1] > workSeconds) [bound, workSeconds, pipeName] = p;
  const kernelSeconds = workSeconds + KERNEL_FIXED_SECONDS;
  if (workSeconds < KERNEL_FIXED_SECONDS) bound = 'launch';

  const us = (s: number) => `${(s * 1e6).toFixed(2)} µs`;
  const breakdown: BreakdownRow[] = [
    { label: 'grid × block', value: `${blocks} blocks × ${threadsPerBlock} threads (${blocksPerSm} block(s) per SM on ${gpu.smCount} SMs)` },
    { label: 'DRAM', value: `${(dramBytes / 1e6).toFixed(3)} MB (${(requestedBytes / 1e6).toFixed(3)} MB requested in 32 B sectors) at ${gpu.memoryBandwidthGBps} GB/s × ${DRAM_EFFICIENCY}${scatteredBytes > 0 ? `, of which ${(scatteredBytes / 1e6).toFixed(3)} MB scattered sector writes at × ${SCATTERED_WRITE_EFFICIENCY}` : ''} = ${us(dramSeconds)}`, source: gpu.sources.specs },
    { label: 'L1/shared', value: `${wavefronts.toExponential(3)} wavefronts, 1 per clock per SM = ${us(l1Seconds)}` },
    { label: 'math', value: `${flops.toExponential(3)} FP32 FLOP at ${gpu.peakTflops.fp32} TFLOP/s${flops64 > 0 ? ` + ${flops64.toExponential(3)} FP64 FLOP at ${gpu.peakTflops.fp64} TFLOP/s` : ''} (one per loaded element) = ${us(computeSeconds)}` },
    { label: 'latency', value: `block critical path ${Math.round(path.cycles)} cycles (${path.roundTrips.toFixed(path.roundTrips % 1 ? 1 : 0)} memory round trip(s) = ${Math.round(path.memoryCycles)}, ${path.barrierSteps} barrier step(s) = ${path.barrierCycles}${path.shuffleCycles ? `, shuffles ${path.shuffleCycles}` : ''}, block launch) × ${Math.ceil(blocksPerSm / resident)} round(s) of ${resident} block(s) per SM = ${us(latencyOnly)}`, source: 'Luo et al. 2024 (DRAM, L2 latency); H100 SXM measurements in docs/measurements' },
    { label: 'block scheduling', value: `${blocksPerSm} block(s) on the busiest SM, one start per ${BLOCK_DISPATCH_CYCLES} cycles = ${us(dispatchSeconds)}`, source: 'H100 SXM block-size measurement (docs/measurements)' },
    { label: 'memory side', value: `DRAM, latency and L1/shared combined as a ${p}-norm = ${us(memorySeconds)}` },
    { label: 'fixed per kernel', value: us(KERNEL_FIXED_SECONDS) },
    { label: 'bound', value: `${bound} (${pipeName})` },
  ];
  if (atomicSerial > 0) breakdown.splice(4, 0, { label: 'atomics', value: `${atomicSerial} same-address atomics, 1 per clock = ${us(atomicSeconds)}` });
  return {
    kernelSeconds, workSeconds, bound, bytes: dramBytes, flops: flops + flops64, occupancy: occ,
    registersPerThread: registers, registersSource, assumptions, breakdown,
  };
}

/**
 * Executions of a store that nvcc unrolls back to back (the innermost loop when its trip count is a
 * small constant) and the bytes its address moves per iteration: [steps, stepBytes]. [1, 0] otherwise.
 */
function unrolledSteps(loop: KernelLoop | undefined, form: AffineForm | undefined, trips: (l: KernelLoop) => number,
  value: (sym: string) => number | undefined, elementBytes: number): [number, number] {
  if (!loop || !form || loop.tripCount === undefined || !loop.variable || loop.step === undefined) return [1, 0];
  const t = Math.min(trips(loop), FULL_UNROLL_LIMIT);
  let k = 0;
  for (const term of form.terms) {
    if (!term.vars.includes(loop.variable)) continue;
    let c = term.coef;
    for (const v of term.vars) {
      if (v === loop.variable) continue;
      const x = value(v);
      if (x === undefined) return [1, 0];
      c *= x;
    }
    k += c;
  }
  return [t, k * loop.step * elementBytes];
}

function sharedBytes(s: SharedArray, dims: (number | undefined)[]): number {
  if (s.bytes !== undefined) return s.bytes;
  const eb = s.elementBytes ?? typeBytes(s.elementType) ?? 4;
  return dims.every((d) => d !== undefined) ? dims.reduce<number>((p, d) => p * (d as number), eb) : 0;
}
