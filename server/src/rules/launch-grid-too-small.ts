// launch-grid-too-small: a launch that cannot fill the target GPU. With fewer blocks than SMs some SMs get
// no work at all (a block runs on one SM); with a last wave under half full, the GPU runs a whole extra
// wave at low utilisation (tail effect). Only fires when grid and block are known constants.
import type { LaunchSite } from '../model/types';
import type { Finding, Rule, RuleContext } from './types';
import { perLaunch } from './analysis/per-launch';
import { launchConfig, launchOccupancy } from './analysis/launch-config';

/** A tail matters when it costs at least this share of the run: with k full waves and a last wave under
 *  half full, the idle share of the last wave is over 0.5 / (k + 1), so k <= 4 keeps it above 10%. */
const MAX_FULL_WAVES = 4;

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const launch of ctx.model.launches) findings.push(...perLaunch(ctx, rule.id, launch, [], () => checkLaunch(ctx, launch)));
  return findings;
}

/** The findings of one launch (memoized per launch: analysis/per-launch.ts). */
function checkLaunch(ctx: RuleContext, launch: LaunchSite): Finding[] {
  const findings: Finding[] = [];
  const gpu = ctx.gpu;
  const blocks = launch.grid.total;
  const threads = launch.block.total;
  if (blocks === undefined || threads === undefined || blocks < 1 || threads < 1 || threads > gpu.maxThreadsPerBlock) return findings;
  const config = launchConfig(ctx.text, launch);
  const range = config.grid?.range ?? launch.configRange;
  const gridText = config.grid?.text ?? launch.grid.text;
  const base = { ruleId: rule.id, file: launch.file, range, severity: rule.defaultSeverity };
  if (blocks < gpu.smCount) {
    const idle = gpu.smCount - blocks;
    findings.push({
      ...base,
      message: `Grid \`${gridText}\` launches ${blocks} block${blocks === 1 ? '' : 's'} of ${threads} threads on a GPU with ${gpu.smCount} SMs: ` +
        `${idle} SM${idle === 1 ? '' : 's'} of ${gpu.shortName} (${Math.round((100 * idle) / gpu.smCount)}%) get no block and sit idle. ` +
        `Use smaller blocks or more work per launch so the grid has at least ${gpu.smCount} blocks, or batch this launch with others.`,
    });
    return findings;
  }
  const occ = launchOccupancy(ctx, launch);
  if (!occ || occ.occ.activeBlocksPerSm < 1) return findings;
  const wave = gpu.smCount * occ.occ.activeBlocksPerSm;
  const fullWaves = Math.floor(blocks / wave);
  const last = blocks - fullWaves * wave;
  if (fullWaves < 1 || fullWaves > MAX_FULL_WAVES || last === 0 || last / wave >= 0.5) return findings;
  const lost = (wave - last) / (wave * (fullWaves + 1));
  findings.push({
    ...base,
    message: `Grid \`${gridText}\` has ${blocks} blocks; ${gpu.shortName} runs ${wave} at a time (${gpu.smCount} SMs × ${occ.occ.activeBlocksPerSm} resident blocks of ${threads} threads), ` +
      `so the last of ${fullWaves + 1} waves is only ${Math.round((100 * last) / wave)}% full and about ${Math.round(100 * lost)}% of the GPU's block slots idle during the run (tail effect). ` +
      `Resize the blocks or the work per block so the block count is a multiple of ${wave}, or just under one.`,
  });
  return findings;
}

export const rule: Rule = {
  id: 'launch-grid-too-small',
  title: 'Grid too small to fill the GPU',
  defaultSeverity: 'info',
  category: 'launch',
  description: 'A launch with fewer blocks than the target GPU has SMs, or whose last wave of blocks is under half full (tail effect).',
  check,
};
