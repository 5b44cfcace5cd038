// launch-in-loop: a kernel launch inside a host loop whose work per launch is so small that the launch
// itself (CPU issue, ~4 µs, and the GPU's fixed per-kernel time) dominates. A CUDA graph replays the same
// launches at ~1.5 µs each, and fusing the iterations removes them. Launches recorded inside a stream
// capture are already a graph and stay silent. A loop that calls a helper which launches (`step(d, n);`)
// repeats the helper's launches: that call is reported too.
import type { HostLoop, LauncherCall, LaunchSite, Range } from '../model/types';
import type { Finding, Rule, RuleContext } from './types';
import { GRAPH_LAUNCH_SECONDS, LAUNCH_CPU_SECONDS } from '../cost/constants';
import { captureRegions, innermostLoop, isCaptured, leavesLoopAfter } from './analysis/host-flow';
import { withoutComments } from './analysis/source-text';
import { estimateLaunchSeconds } from './analysis/launch-cost';
import { formatMicros } from './analysis/launch-config';
import { rewriteFixes } from '../rewrite';
import { fileScopeKey } from '../cost';
import { perLaunch } from './analysis/per-launch';

/** Loops with a known trip count under this run too few launches for the overhead to add up. */
const MIN_TRIPS = 4;

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const regions = captureRegions(ctx.model);
  const scope = fileScopeKey(ctx.text, ctx.model);
  for (const launch of ctx.model.launches) {
    if (launch.hostLoops.length === 0 || isCaptured(regions, launch.range)) continue;
    findings.push(...perLaunch(ctx, rule.id, launch, [scope], () => checkLaunch(ctx, launch)));
  }
  for (const call of ctx.model.launcherCalls ?? []) findings.push(...checkLauncherCall(ctx, call, regions));
  return findings;
}

/** Product of the known trip counts of the loops, undefined when one is unknown. */
function tripsOf(loops: HostLoop[]): number | undefined {
  return loops.reduce<number | undefined>((p, l) => (p === undefined || l.tripCount === undefined ? undefined : p * l.tripCount), 1);
}

/** The finding of one looped launch outside any stream capture (memoized per launch: analysis/per-launch.ts;
 *  its estimate reads the file-wide values that `fileScopeKey` covers). */
function checkLaunch(ctx: RuleContext, launch: LaunchSite): Finding[] {
  const loop = innermostLoop(launch.hostLoops);
  if (!loop || leavesLoopAfter(ctx.text, withoutComments(ctx.text), launch.range, loop)) return [];
  const trips = tripsOf(launch.hostLoops);
  if (trips !== undefined && trips < MIN_TRIPS) return [];
  const kernelSeconds = estimateLaunchSeconds(ctx, (l) => l === launch).get(launch);
  if (kernelSeconds === undefined || kernelSeconds > LAUNCH_CPU_SECONDS) return [];
  return [{
    ruleId: rule.id, file: launch.file, range: launch.range, severity: rule.defaultSeverity,
    message: message(ctx, launch, kernelSeconds, trips),
    related: [{ file: loop.file, range: loop.headerRange, message: `the loop that launches \`${launch.kernelName}\`${trips ? ` ${trips} times` : ''}` }],
  }];
}

/** A call in a host loop of a helper that launches kernels itself (`for (...) step(d, n);`): the helper's
 *  launches outside its own loops run once per iteration. Reported at the call when, together, they do less
 *  GPU work than issuing them costs the CPU. One level: a helper's helpers are not followed. */
function checkLauncherCall(ctx: RuleContext, call: LauncherCall, regions: Range[]): Finding[] {
  const loop = innermostLoop(call.hostLoops);
  if (!loop || call.file !== ctx.model.file || isCaptured(regions, call.range) ||
    leavesLoopAfter(ctx.text, withoutComments(ctx.text), call.range, loop)) return [];
  const trips = tripsOf(call.hostLoops);
  if (trips !== undefined && trips < MIN_TRIPS) return [];
  // Launches in the helper's own loops are reported where they are.
  const launches = ctx.model.launches.filter((l) => l.enclosingFunction === call.callee && l.file === call.file &&
    l.hostLoops.length === 0 && !isCaptured(regions, l.range));
  if (launches.length === 0) return [];
  const seconds = estimateLaunchSeconds(ctx, (l) => launches.includes(l));
  const times = launches.map((l) => seconds.get(l));
  if (times.some((t) => t === undefined)) return [];
  const kernelSeconds = (times as number[]).reduce((a, b) => a + b, 0);
  if (kernelSeconds > launches.length * LAUNCH_CPU_SECONDS) return [];
  const names = [...new Set(launches.map((l) => `\`${l.kernelName}\``))].join(', ');
  const issue = launches.length * LAUNCH_CPU_SECONDS;
  const saving = issue - Math.max(kernelSeconds, launches.length * GRAPH_LAUNCH_SECONDS);
  return [{
    ruleId: rule.id, file: call.file, range: call.range, severity: rule.defaultSeverity,
    message: `\`${call.callee}()\` launches ${names} (${launches.length} launch${launches.length > 1 ? 'es' : ''}, about ${formatMicros(kernelSeconds)} of GPU time ` +
      `on ${ctx.gpu.shortName}) on every iteration of this loop${trips ? `, ${trips} times` : ''}, while issuing them costs ~${formatMicros(issue)} of CPU time, ` +
      `so launch overhead sets the pace. Capture the loop in a CUDA graph (cudaStreamBeginCapture ... cudaGraphLaunch replays at ~${formatMicros(GRAPH_LAUNCH_SECONDS)} a launch, ` +
      `saving ~${formatMicros(saving)} per iteration) or fuse the iterations into one kernel.`,
    related: [
      { file: loop.file, range: loop.headerRange, message: `the loop that calls \`${call.callee}()\`${trips ? ` ${trips} times` : ''}` },
      ...launches.slice(0, 3).map((l) => ({ file: l.file, range: l.range, message: `launch of \`${l.kernelName}\` in \`${call.callee}()\`` })),
    ],
  }];
}

function message(ctx: RuleContext, launch: LaunchSite, kernelSeconds: number, trips: number | undefined): string {
  const saving = LAUNCH_CPU_SECONDS - Math.max(kernelSeconds, GRAPH_LAUNCH_SECONDS);
  const total = trips ? ` (~${formatMicros(saving * trips)} over the ${trips} launches)` : '';
  const work = launch.grid.total !== undefined && launch.block.total !== undefined
    ? `${launch.grid.total} blocks × ${launch.block.total} threads` : 'its grid';
  return `\`${launch.kernelName}\` is launched in a loop with little work per launch (${work}, about ${formatMicros(kernelSeconds)} of GPU time on ${ctx.gpu.shortName}) ` +
    `while each launch costs ~${formatMicros(LAUNCH_CPU_SECONDS)} of CPU issue time, so launch overhead sets the pace. ` +
    `Capture the loop in a CUDA graph (cudaStreamBeginCapture ... cudaGraphLaunch replays at ~${formatMicros(GRAPH_LAUNCH_SECONDS)} a launch, saving ~${formatMicros(saving)} each${total}) ` +
    'or fuse the iterations into one kernel.';
}

export const rule: Rule = {
  id: 'launch-in-loop',
  title: 'Small kernel launched in a host loop',
  defaultSeverity: 'warning',
  category: 'host',
  description: 'A kernel launch inside a host loop, directly or through a helper function that launches, whose estimated GPU time per launch is below the ~4 µs launch overhead, so launching dominates (not reported inside stream capture).',
  check,
  fix: rewriteFixes,
};
