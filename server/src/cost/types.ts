// Result types of the cost model, shared by the CLI, the LSP features and the rules.
import type { OccupancyLimiter } from './occupancy';
import type { BreakdownRow, GemmEstimate } from './gemm';

export type { BreakdownRow, GemmEstimate };

export type Bound = 'memory' | 'compute' | 'latency' | 'launch';

export interface LaunchEstimate {
  kernelName: string;
  /** 1-based line of the launch. */
  line: number;
  grid?: [number, number, number];
  block?: [number, number, number];
  /** Per launch, averaged over a run: kernel time plus the launch cost it cannot hide (the first launch's
   *  one-time cost included, spread over the run's launches). */
  seconds: number;
  kernelSeconds: number;
  launchOverheadSeconds: number;
  bound: Bound;
  occupancy?: {
    fraction: number;
    limiter: OccupancyLimiter;
    activeBlocksPerSm: number;
    registersPerThread?: number;
    registersSource: 'launch-bounds' | 'ptxas' | 'estimate';
  };
  /** Product of the known trip counts of the host loops around the launch. */
  launchesPerRun?: number;
  totalSeconds?: number;
  graphSavingSeconds?: number;
  /** One-time cost of the program's first launch (lazy module loading) when that launch is in a loop:
   *  included in `seconds` spread over `launchesPerRun` and in `totalSeconds` once; absent elsewhere. */
  firstLaunchSeconds?: number;
  bytes?: number;
  flops?: number;
  assumptions: string[];
  breakdown: BreakdownRow[];
}

/** A cuBLAS GEMM call in a file: the GEMM estimate plus where it is and what the calls cost around it. */
export interface GemmCallEstimate extends GemmEstimate {
  line: number;
  name: string;
  /** CPU cost of the call not hidden behind the GEMM (back-to-back calls in a loop). */
  launchOverheadSeconds: number;
  launchesPerRun?: number;
  totalSeconds?: number;
}

export interface ProgramEstimate {
  launches: LaunchEstimate[];
  gemms: GemmCallEstimate[];
}
