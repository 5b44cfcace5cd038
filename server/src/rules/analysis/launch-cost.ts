// GPU time per launch for the host rules, from the cost model (server/src/cost: roofline over the bytes
// and flops the grid does, plus the fixed per-kernel time). Only launches whose grid and block are known
// constants get a number: an estimate built on an assumed problem size would make rules guess.
import type { LaunchSite } from '../../model/types';
import type { RuleContext } from '../types';
import { estimateProgram } from '../../cost';

/** Kernel seconds of the launches that pass `filter` (only those are estimated: the cost model's work
 *  grows with the launches it is given). */
export function estimateLaunchSeconds(ctx: RuleContext, filter: (l: LaunchSite) => boolean = () => true): Map<LaunchSite, number> {
  const out = new Map<LaunchSite, number>();
  const wanted = ctx.model.launches.filter((l) => known(l) && filter(l));
  if (wanted.length === 0) return out;
  const registers = new Map([...(ctx.resources ?? new Map())].map(([name, r]) => [name, r.registers]));
  const estimate = estimateProgram({ ...ctx.model, launches: wanted, gemmCalls: [] }, ctx.gpu, { text: ctx.text, registers });
  wanted.forEach((launch, i) => {
    const e = estimate.launches[i];
    if (e && Number.isFinite(e.kernelSeconds)) out.set(launch, e.kernelSeconds);
  });
  return out;
}

function known(launch: LaunchSite): boolean {
  return launch.kernel !== undefined && launch.grid.total !== undefined && launch.block.total !== undefined;
}
