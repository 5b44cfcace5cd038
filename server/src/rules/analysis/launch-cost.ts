// GPU time per launch for the host rules, from the cost model (server/src/cost: roofline over the bytes
// and flops the grid does, plus the fixed per-kernel time). Only launches whose grid and block are known
// constants get a number: an estimate built on an assumed problem size would make rules guess.
import type { LaunchSite } from '../../model/types';
import type { RuleContext } from '../types';
import { estimateProgram } from '../../cost';

export function estimateLaunchSeconds(ctx: RuleContext): Map<LaunchSite, number> {
  const out = new Map<LaunchSite, number>();
  if (!ctx.model.launches.some(known)) return out;
  const registers = new Map([...(ctx.resources ?? new Map())].map(([name, r]) => [name, r.registers]));
  const estimate = estimateProgram(ctx.model, ctx.gpu, { text: ctx.text, registers });
  ctx.model.launches.forEach((launch, i) => {
    const e = estimate.launches[i];
    if (known(launch) && e && Number.isFinite(e.kernelSeconds)) out.set(launch, e.kernelSeconds);
  });
  return out;
}

function known(launch: LaunchSite): boolean {
  return launch.kernel !== undefined && launch.grid.total !== undefined && launch.block.total !== undefined;
}
