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
  /** Per launch: kernel time plus the launch cost it cannot hide. */
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
  bytes?: number;
  flops?: number;
  assumptions: string[];
  breakdown: BreakdownRow[];
}

export interface ProgramEstimate {
  launches: LaunchEstimate[];
  gemms: (GemmEstimate & { line: number; name: string })[];
}
