// Host synchronisation around a launch: a loop that launches kernels and also waits for the GPU every
// iteration (cudaDeviceSynchronize, cudaStreamSynchronize, cudaEventSynchronize, a blocking cudaMemcpy)
// drains the GPU's queue each time, so the CPU's issue, the kernels and the wait add up instead of
// overlapping (launch.ts prices it). Found from the model's runtime calls and host loops.
import type { HostLoop, LaunchSite, ProgramModel, RuntimeCall } from '../model/types';

const BLOCKING = new Set(['cudaDeviceSynchronize', 'cudaThreadSynchronize', 'cudaStreamSynchronize', 'cudaEventSynchronize', 'cudaMemcpy']);

function sameLoop(a: HostLoop, b: HostLoop): boolean {
  return a.file === b.file && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

function blocks(call: RuntimeCall): boolean {
  return BLOCKING.has(call.name) && !(call.name === 'cudaMemcpy' && call.args.some((a) => /\bcudaMemcpyDeviceToDevice\b/.test(a)));
}

/**
 * Launch sites sharing the launch's innermost host loop when that loop also blocks on the GPU each
 * iteration (the wait is spread over them); 0 when the loop does not synchronise.
 */
export function launchesPerSyncedIteration(model: ProgramModel, launch: LaunchSite): number {
  const loop = launch.hostLoops[launch.hostLoops.length - 1];
  if (!loop) return 0;
  const synced = model.runtimeCalls.some((c) => blocks(c) && c.hostLoops.some((h) => sameLoop(h, loop)));
  if (!synced) return 0;
  return model.launches.filter((l) => l.hostLoops.length > 0 && sameLoop(l.hostLoops[l.hostLoops.length - 1], loop)).length;
}
