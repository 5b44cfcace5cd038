// host-sync-in-loop: cudaDeviceSynchronize, cudaStreamSynchronize or a blocking cudaMemcpy inside a host
// loop that also launches kernels. Each iteration then drains the GPU and waits for the CPU's next
// launch: the launch latency (~4 µs) and the copy are exposed every time instead of overlapping.
import type { Finding, Rule, RuleContext } from './types';
import { LAUNCH_CPU_SECONDS } from '../cost/constants';
import {
  captureRegions, innermostLoop, isCaptured, isDeviceToDevice, launcherCallsIn, launcherFunctions, launchesInLoop, leavesLoopAfter, sameLoop,
} from './analysis/host-flow';
import { withoutComments } from './analysis/source-text';
import { formatMicros } from './analysis/launch-config';

/** The calls the issue names: explicit syncs and the blocking (non-Async) copy. */
const SYNCS = new Set(['cudaDeviceSynchronize', 'cudaThreadSynchronize', 'cudaStreamSynchronize', 'cudaMemcpy']);

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const regions = captureRegions(ctx.model);
  const code = withoutComments(ctx.text);
  const launchers = launcherFunctions(ctx.model);
  for (const call of ctx.model.runtimeCalls) {
    if (!SYNCS.has(call.name) || (call.name === 'cudaMemcpy' && isDeviceToDevice(call))) continue;
    const loop = innermostLoop(call.hostLoops);
    // A sync on the way out of the loop (`...; cudaStreamSynchronize(s); break;`) runs once.
    if (!loop || call.file !== ctx.model.file || leavesLoopAfter(ctx.text, code, call.range, loop)) continue;
    const launches = launchesInLoop(ctx.model, loop).filter((l) => !isCaptured(regions, l.range) &&
      !(sameLoop(innermostLoop(l.hostLoops)!, loop) && leavesLoopAfter(ctx.text, code, l.range, loop)));
    // A helper that launches (`step(d, n);` with `step` doing `k<<<...>>>`) launches in this loop too.
    const helpers = launcherCallsIn(ctx.text, code, loop, launchers);
    if (launches.length === 0 && helpers.length === 0) continue;
    const names = [...new Set([...launches.map((l) => `\`${l.kernelName}\``), ...helpers.map((h) => `kernels through \`${h}()\``)])].join(', ');
    const trips = loop.tripCount ? `${loop.tripCount} times` : 'every iteration';
    const what = call.name === 'cudaMemcpy'
      ? 'a blocking cudaMemcpy waits until every queued kernel has finished and the copy is done'
      : `\`${call.name}\` waits until the queued kernels have finished`;
    findings.push({
      ruleId: rule.id, file: call.file, range: call.range, severity: rule.defaultSeverity,
      message: `${what}, inside the loop that launches ${names}: the GPU drains and idles while the CPU issues the next launch ` +
        `(~${formatMicros(LAUNCH_CPU_SECONDS)} each on ${ctx.gpu.shortName}), ${trips}. ` +
        'Synchronise once after the loop, use cudaMemcpyAsync on a stream with events, or check results every N iterations.',
      related: [
        { file: loop.file, range: loop.headerRange, message: 'the loop' },
        ...launches.slice(0, 3).map((l) => ({ file: l.file, range: l.range, message: `launch of \`${l.kernelName}\` in the same loop` })),
      ],
    });
  }
  return findings;
}

export const rule: Rule = {
  id: 'host-sync-in-loop',
  title: 'Host synchronisation inside a launch loop',
  defaultSeverity: 'warning',
  category: 'host',
  description: 'A cudaDeviceSynchronize, cudaStreamSynchronize or blocking cudaMemcpy inside a host loop that also launches kernels.',
  check,
};
