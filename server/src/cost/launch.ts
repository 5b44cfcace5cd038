// Launch overhead: what each `<<<>>>` costs beyond the kernel's own work, how it adds up over the host
// loops around a launch, the one-time cost of a kernel's first launch (lazy module loading), and what
// replaying the same launches from a CUDA graph would save.
import { FIRST_LAUNCH_SECONDS, GRAPH_LAUNCH_SECONDS, LAUNCH_CPU_SECONDS, SYNC_WAIT_SECONDS } from './constants';

export interface LaunchCost {
  /** Time per launch in a loop of launches (the GPU cannot start kernels faster than the CPU issues them),
   *  averaged over the run: a first launch's one-time cost is spread over the launches. */
  perLaunchSeconds: number;
  /** The part of perLaunchSeconds that is launch cost, not kernel work (the first launch's share included). */
  overheadSeconds: number;
  launches: number;
  totalSeconds: number;
  /** What issuing the same launches from a CUDA graph would save over the loop (0 for one launch). */
  graphSavingSeconds: number;
  /** The CPU's launch rate, not the GPU, sets the pace. */
  launchBound: boolean;
  /** One-time cost of the program's first launch (0 when an earlier launch paid it). */
  firstLaunchSeconds: number;
}

/**
 * Back-to-back launches overlap CPU issue with GPU execution, so each costs the larger of the kernel time
 * and the CPU launch time; a graph replays them at GRAPH_LAUNCH_SECONDS each; a loop that synchronises
 * every iteration pays issue, kernel and SYNC_WAIT_SECONDS one after another. With `firstLaunch` the
 * launch is the kernel's first in the process and pays FIRST_LAUNCH_SECONDS once, spread over the
 * launches of the run (what a loop timed from a cold start measures per launch).
 */
export function launchOverhead(kernelSeconds: number, launches = 1,
  opts: { inGraph?: boolean; firstLaunch?: boolean; syncedWith?: number } = {}): LaunchCost {
  const perGraphLaunch = Math.max(kernelSeconds, GRAPH_LAUNCH_SECONDS);
  // A launch captured into a graph is replayed at the graph rate: nothing left to save. In a loop that
  // waits for the GPU every iteration, issue, kernel and wait add up (the wait shared by the loop's
  // `syncedWith` launches) and a graph of the launches alone would not remove the wait.
  const synced = !opts.inGraph && (opts.syncedWith ?? 0) > 0;
  const steady = opts.inGraph ? perGraphLaunch
    : synced ? kernelSeconds + LAUNCH_CPU_SECONDS + SYNC_WAIT_SECONDS / (opts.syncedWith as number)
    : Math.max(kernelSeconds, LAUNCH_CPU_SECONDS);
  const n = Math.max(1, launches);
  const first = opts.firstLaunch ? FIRST_LAUNCH_SECONDS : 0;
  const perLaunchSeconds = steady + first / n;
  return {
    perLaunchSeconds,
    overheadSeconds: perLaunchSeconds - kernelSeconds,
    launches: n,
    totalSeconds: steady * n + first,
    graphSavingSeconds: n > 1 && !synced ? (steady - perGraphLaunch) * n : 0,
    // Synchronised: launch-bound when issue and wait take longer than the kernel itself.
    launchBound: synced ? steady - kernelSeconds > kernelSeconds : steady > kernelSeconds,
    firstLaunchSeconds: first,
  };
}
