// Launch overhead: what each `<<<>>>` costs beyond the kernel's own work, how it adds up over the host
// loops around a launch, and what replaying the same launches from a CUDA graph would save.
import { GRAPH_LAUNCH_SECONDS, LAUNCH_CPU_SECONDS } from './constants';

export interface LaunchCost {
  /** Time per launch in a loop of launches: the GPU cannot start kernels faster than the CPU issues them. */
  perLaunchSeconds: number;
  /** The part of perLaunchSeconds that is launch cost, not kernel work. */
  overheadSeconds: number;
  launches: number;
  totalSeconds: number;
  /** What issuing the same launches from a CUDA graph would save over the loop (0 for one launch). */
  graphSavingSeconds: number;
  /** The CPU's launch rate, not the GPU, sets the pace. */
  launchBound: boolean;
}

/**
 * Back-to-back launches overlap CPU issue with GPU execution, so each costs the larger of the kernel time
 * and the CPU launch time; a graph replays them at GRAPH_LAUNCH_SECONDS each.
 */
export function launchOverhead(kernelSeconds: number, launches = 1, opts: { inGraph?: boolean } = {}): LaunchCost {
  const perGraphLaunch = Math.max(kernelSeconds, GRAPH_LAUNCH_SECONDS);
  // A launch captured into a graph is replayed at the graph rate: nothing left to save.
  const perLaunchSeconds = opts.inGraph ? perGraphLaunch : Math.max(kernelSeconds, LAUNCH_CPU_SECONDS);
  const n = Math.max(1, launches);
  return {
    perLaunchSeconds,
    overheadSeconds: perLaunchSeconds - kernelSeconds,
    launches: n,
    totalSeconds: perLaunchSeconds * n,
    graphSavingSeconds: n > 1 ? (perLaunchSeconds - perGraphLaunch) * n : 0,
    launchBound: perLaunchSeconds > kernelSeconds,
  };
}
