// The cost model's public API: GPU database, GEMM model, kernel launch estimates, occupancy and launch
// overhead. LSP features, rules and the CLI import from here.
export { DEFAULT_GPU_ID, GPU_IDS, getGpu, listGpus, isGpuId } from './gpus';
export type { GpuSpec } from './gpus';
export { estimateGemm, GEMM_DTYPES } from './gemm';
export type { GemmDtype, GemmEstimate, GemmOptions, BreakdownRow } from './gemm';
export { estimateProgram, fileScopeKey } from './program';
export type { EstimateOptions } from './program';
export { occupancy, launchBoundsRegisterCap, DEFAULT_REGISTERS_PER_THREAD } from './occupancy';
export type { Occupancy, OccupancyLimiter } from './occupancy';
export { launchOverhead } from './launch';
export type { LaunchCost } from './launch';
export type { LaunchEstimate, ProgramEstimate, GemmCallEstimate, Bound } from './types';
