// occupancy-limiter: a launch whose theoretical occupancy on the target GPU is under 50%, naming the
// resource that runs out first (threads, block slots, shared memory, or registers when ptxas reported
// them). Few resident warps leave the SM little to switch to while loads are in flight.
import type { LaunchSite } from '../model/types';
import type { Finding, Rule, RuleContext } from './types';
import { perLaunch } from './analysis/per-launch';
import { dynamicSharedBytes, formatBytes, launchConfig, launchOccupancy } from './analysis/launch-config';

/** Below this fraction of the SM's warp slots, latency hiding suffers for memory-bound kernels (CUDA C++
 *  Best Practices Guide, "Occupancy"; the rule's threshold is the 50%). */
const THRESHOLD = 0.5;

const ADVICE: Record<string, string> = {
  'shared-memory': 'use smaller tiles, fewer shared arrays, or a larger block that shares the same tile',
  registers: 'reduce live values per thread or cap registers with __launch_bounds__(threads, minBlocks)',
  blocks: 'use larger blocks (each SM holds only a fixed number of blocks)',
  warps: 'use a block size that divides the SM\'s warp slots evenly',
  threads: 'use a block size that divides the SM\'s thread slots evenly',
};

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const launch of ctx.model.launches) findings.push(...perLaunch(ctx, rule.id, launch, [], () => checkLaunch(ctx, launch)));
  return findings;
}

/** The findings of one launch (memoized per launch: analysis/per-launch.ts). */
function checkLaunch(ctx: RuleContext, launch: LaunchSite): Finding[] {
  const findings: Finding[] = [];
  const gpu = ctx.gpu;
  const r = launchOccupancy(ctx, launch);
  // An impossible launch is launch-block-size's error; 0 resident blocks is not an occupancy question.
  if (!r || r.occ.error || r.occ.activeBlocksPerSm < 1 || r.occ.fraction >= THRESHOLD) return findings;
  const { occ, threads, sharedBytes, registers } = r;
  const config = launchConfig(ctx.text, launch);
  const dyn = dynamicSharedBytes(launch) ?? 0;
  const range = (occ.limiter === 'shared-memory' && dyn > 0 ? config.shared?.range : config.block?.range) ?? launch.configRange;
  const why: Record<string, string> = {
    'shared-memory': `${formatBytes(sharedBytes)} of shared memory per block (plus ${gpu.reservedSharedMemPerBlockBytes} B reserved) lets only ${occ.activeBlocksPerSm} block${occ.activeBlocksPerSm === 1 ? '' : 's'} fit in the SM's ${gpu.sharedMemPerSmKB} KB`,
    registers: `${registers} registers per thread (ptxas) × ${threads} threads lets only ${occ.activeBlocksPerSm} block${occ.activeBlocksPerSm === 1 ? '' : 's'} fit in the SM's ${gpu.registersPerSm} registers`,
    blocks: `the SM holds at most ${gpu.maxBlocksPerSm} blocks, and blocks of ${threads} threads fill only ${occ.activeWarpsPerSm} warp slots`,
    warps: `blocks of ${threads} threads fit ${occ.activeBlocksPerSm} at a time in ${gpu.maxWarpsPerSm} warp slots`,
    threads: `blocks of ${threads} threads fit ${occ.activeBlocksPerSm} at a time in ${gpu.maxThreadsPerSm} thread slots`,
  };
  findings.push({
    ruleId: rule.id, file: launch.file, range, severity: rule.defaultSeverity,
    message: `Launch of \`${launch.kernelName}\` reaches ${Math.round(occ.fraction * 100)}% theoretical occupancy on ${gpu.shortName} ` +
      `(${occ.activeWarpsPerSm} of ${gpu.maxWarpsPerSm} warps per SM), limited by ${occ.limiter}: ${why[occ.limiter]}. ` +
      `With few resident warps an SM has little to run while loads wait (~600 cycles from DRAM); ${ADVICE[occ.limiter]}.`,
  });
  return findings;
}

export const rule: Rule = {
  id: 'occupancy-limiter',
  title: 'Low theoretical occupancy',
  defaultSeverity: 'info',
  category: 'launch',
  description: 'A launch whose theoretical occupancy on the target GPU is under 50%, naming the limiting resource (threads, blocks per SM, shared memory, or registers from ptxas).',
  check,
};
