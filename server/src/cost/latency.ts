// Latency side of the kernel model: how long one block takes from start to finish when nothing else
// competes (its critical path), and how that limits the kernel through the number of blocks an SM can
// hold at once. A block's critical path is its memory round trips that cannot overlap (loads separated
// by barriers, loop iterations the compiler does not unroll), its barrier steps and the cost of getting
// a block onto an SM. With few resident blocks (a 256-block grid on 132 SMs, a 1024-thread block per
// SM) the SMs cannot keep enough bytes in flight and the kernel runs at latency, not bandwidth: this is
// Little's law applied per block.
import type { Barrier, IntrinsicCall, KernelLoop, MemoryAccess } from '../model/types';
import { BLOCK_LAUNCH_CYCLES_PER_WARP, DRAM_LATENCY_CYCLES, L2_LATENCY_CYCLES, SHUFFLE_STEP_CYCLES, SYNC_STEP_CYCLES } from './constants';

/**
 * Loads of a loop a warp keeps in flight at once. nvcc unrolls loops with a constant trip count fully
 * (small ones) and loops with a constant step and a runtime bound by 4 (LLVM's runtime unrolling), and
 * then issues the unrolled loads together; a loop whose step is only known at run time (grid-stride
 * `i += blockDim.x * gridDim.x`, `c += blockDim.x`) has no computable trip count and is not unrolled, so
 * each iteration waits for its load. A loop with a barrier cannot move loads across it.
 */
export function loopMemoryParallelism(loop: KernelLoop, trips: number): number {
  if (loop.hasBarrier) return 1;
  if (loop.tripCount !== undefined) return Math.max(1, Math.min(trips, FULL_UNROLL_LIMIT));
  if (loop.step !== undefined && (loop.stepOp === undefined || loop.stepOp === '+' || loop.stepOp === '-')) return RUNTIME_UNROLL;
  return 1;
}

/** nvcc's default runtime unroll factor for loops with a constant step (LLVM loop unroller). */
const RUNTIME_UNROLL = 4;
/** Constant-trip loops up to this many iterations are unrolled with all their loads in flight. */
export const FULL_UNROLL_LIMIT = 16;

/** One global read as the critical path sees it. */
export interface ReadStep {
  access: MemoryAccess;
  /** Executions per thread: product of the trip counts of its loops. */
  execs: number;
  /** The array's data is read more than once over the grid (served by L2, not DRAM). */
  cached: boolean;
}

export interface BlockPath {
  cycles: number;
  memoryCycles: number;
  barrierCycles: number;
  shuffleCycles: number;
  roundTrips: number;
  barrierSteps: number;
}

/**
 * Critical path of one block in cycles. Reads outside loops that sit between the same two barriers (and
 * under the same branch) are issued together and cost one round trip; each loop costs its iterations over its memory parallelism,
 * one round trip each, at DRAM latency for data read once and L2 latency for data read again.
 */
export function blockCriticalPath(reads: ReadStep[], barriers: Barrier[], shuffles: IntrinsicCall[],
  trips: (loop: KernelLoop) => number, warpsPerBlock: number): BlockPath {
  const topBarriers = barriers.filter((b) => b.kind === '__syncthreads' || b.kind === 'cg.sync')
    .filter((b) => (b.loops ?? []).length === 0)
    .map((b) => offset(b.range.start));
  const phaseOf = (a: MemoryAccess) => topBarriers.filter((p) => p < offset(a.range.start)).length;
  // A read under its own thread-dependent `if` (a halo load for `threadIdx.x == 0`) is used inside that
  // branch, so the warp waits for it before it reconverges and reaches the next branch's load.
  const branchOf = (a: MemoryAccess) => {
    const g = [...(a.guards ?? [])].reverse().find((x) => x.threadDependent);
    return g ? offset(g.range.start) : -1;
  };

  // Straight-line reads: one round trip per barrier phase and branch, at the slowest latency among its reads.
  const phases = new Map<string, number>();
  // Loop reads: per innermost loop, the iterations one after another.
  const loops = new Map<KernelLoop, { rounds: number; latency: number }>();
  for (const r of reads) {
    const latency = r.cached ? L2_LATENCY_CYCLES : DRAM_LATENCY_CYCLES;
    const inner = r.access.loops[r.access.loops.length - 1];
    if (!inner) {
      const key = `${phaseOf(r.access)}|${branchOf(r.access)}`;
      phases.set(key, Math.max(phases.get(key) ?? 0, latency));
      continue;
    }
    const rounds = r.execs / loopMemoryParallelism(inner, trips(inner));
    const prev = loops.get(inner);
    loops.set(inner, { rounds: Math.max(prev?.rounds ?? 0, rounds), latency: Math.max(prev?.latency ?? 0, latency) });
  }
  let memoryCycles = 0;
  let roundTrips = 0;
  for (const latency of phases.values()) { memoryCycles += latency; roundTrips++; }
  for (const l of loops.values()) { memoryCycles += l.rounds * l.latency; roundTrips += l.rounds; }

  let barrierSteps = 0;
  for (const b of barriers) {
    if (b.kind !== '__syncthreads' && b.kind !== 'cg.sync') continue;
    barrierSteps += (b.loops ?? []).reduce((p, l) => p * trips(l), 1);
  }
  let shuffleSteps = 0;
  for (const s of shuffles) {
    if (!/^__shfl/.test(s.name) && !/\.shfl/.test(s.name)) continue;
    shuffleSteps += s.loops.reduce((p, l) => p * trips(l), 1);
  }
  const barrierCycles = barrierSteps * SYNC_STEP_CYCLES;
  const shuffleCycles = shuffleSteps * SHUFFLE_STEP_CYCLES;
  return {
    cycles: BLOCK_LAUNCH_CYCLES_PER_WARP * warpsPerBlock + memoryCycles + barrierCycles + shuffleCycles,
    memoryCycles, barrierCycles, shuffleCycles, roundTrips, barrierSteps,
  };
}

/**
 * Time the grid needs when every block takes `blockCycles`: the busiest SM runs its blocks
 * `residentBlocks` at a time, and a partial last round costs a whole block lifetime.
 */
export function latencySeconds(blocks: number, smCount: number, residentBlocks: number, blockCycles: number, clockHz: number): number {
  if (blocks <= 0) return 0;
  const busiest = Math.ceil(blocks / smCount);
  const rounds = Math.ceil(busiest / Math.max(1, residentBlocks));
  return (rounds * blockCycles) / clockHz;
}

/** A position as one comparable number (lines are far shorter than 1e6 characters). */
function offset(p: { line: number; character: number }): number {
  return p.line * 1e6 + p.character;
}
