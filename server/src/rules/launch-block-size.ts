// launch-block-size: a launch whose block is not a whole number of warps (idle lanes in every block), or
// that cannot run at all on the target GPU (more than 1024 threads, a dimension over its limit, more
// threads than the kernel's __launch_bounds__, or more shared memory than a block may have). The first
// is a warning; the ones that make the launch fail with cudaErrorInvalidConfiguration are errors.
import type { LaunchSite } from '../model/types';
import type { Finding, Rule, RuleContext } from './types';
import { perLaunch } from './analysis/per-launch';
import { dynamicSharedBytes, formatBytes, launchConfig, staticSharedBytes } from './analysis/launch-config';

/** Per-dimension block limits, the same on every GPU since compute capability 2.0 (CUDA C++ Programming
 *  Guide, "Features and Technical Specifications": x and y up to 1024, z up to 64). */
const DIM_LIMITS = { x: 1024, y: 1024, z: 64 } as const;
/** Static shared memory is capped at 48 KB per block; more needs dynamic shared memory and an opt-in with
 *  cudaFuncSetAttribute(cudaFuncAttributeMaxDynamicSharedMemorySize) (Programming Guide, same table). */
const DEFAULT_SHARED_LIMIT = 48 * 1024;

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const optsIn = ctx.model.runtimeCalls.some((c) => c.name === 'cudaFuncSetAttribute');
  for (const launch of ctx.model.launches) findings.push(...perLaunch(ctx, rule.id, launch, [optsIn], () => checkLaunch(ctx, launch, optsIn)));
  return findings;
}

/** The findings of one launch (memoized per launch: analysis/per-launch.ts). */
function checkLaunch(ctx: RuleContext, launch: LaunchSite, optsIn: boolean): Finding[] {
  const findings: Finding[] = [];
  const config = launchConfig(ctx.text, launch);
  const blockRange = config.block?.range ?? launch.configRange;
  const blockText = config.block?.text ?? launch.block.text;
  const at = (range = blockRange) => ({ ruleId: rule.id, file: launch.file, range });
  const gpu = ctx.gpu;
  const threads = launch.block.total;
  const dims = (['x', 'y', 'z'] as const).filter((d) => (launch.block[d] ?? 0) > DIM_LIMITS[d]);
  if (threads !== undefined && threads > gpu.maxThreadsPerBlock) {
    findings.push({
      ...at(), severity: 'error',
      message: `Block \`${blockText}\` has ${threads} threads, over the ${gpu.maxThreadsPerBlock}-thread limit of ${gpu.shortName}: ` +
        `the launch fails with cudaErrorInvalidConfiguration and the kernel never runs. Use at most ${gpu.maxThreadsPerBlock} threads (e.g. 256) and more blocks.`,
    });
  } else if (dims.length > 0) {
    const d = dims[0];
    findings.push({
      ...at(), severity: 'error',
      message: `Block \`${blockText}\` has ${launch.block[d]} threads in ${d}, over the limit of ${DIM_LIMITS[d]} for blockDim.${d}: ` +
        'the launch fails with cudaErrorInvalidConfiguration. Move threads to another dimension or to more blocks.',
    });
  } else if (threads !== undefined && launch.kernel?.launchBounds?.maxThreads !== undefined && threads > launch.kernel.launchBounds.maxThreads) {
    findings.push({
      ...at(), severity: 'error',
      message: `Block \`${blockText}\` has ${threads} threads but \`${launch.kernelName}\` is compiled with __launch_bounds__(${launch.kernel.launchBounds.maxThreads}): ` +
        'the launch fails with cudaErrorInvalidConfiguration (too many resources requested). Launch at most that many threads or raise the bound.',
    });
  } else if (threads !== undefined && threads % gpu.warpSize !== 0 && !(launch.grid.total === 1 && threads < gpu.warpSize)) {
    // (A single block smaller than a warp, `<<<1, 1>>>`, is a deliberately serial job: nothing to gain.)
    const warps = Math.ceil(threads / gpu.warpSize);
    const idle = warps * gpu.warpSize - threads;
    findings.push({
      ...at(), severity: 'warning',
      message: `Block \`${blockText}\` has ${threads} threads, not a multiple of the ${gpu.warpSize}-thread warp: each block runs ${warps} warps ` +
        `whose last one has ${idle} idle lanes (${Math.round((100 * idle) / (warps * gpu.warpSize))}% of the issued lanes do nothing). ` +
        `Use ${Math.ceil(threads / gpu.warpSize) * gpu.warpSize} (or another multiple of ${gpu.warpSize}) and guard the extra threads.`,
    });
  }
  const shared = sharedFinding(launch, ctx, optsIn);
  if (shared) findings.push({ ...at(config.shared?.range ?? blockRange), severity: 'error', message: shared });
  return findings;
}

function sharedFinding(launch: LaunchSite, ctx: RuleContext, optsIn: boolean): string | undefined {
  const stat = staticSharedBytes(launch);
  const dyn = dynamicSharedBytes(launch);
  if (stat === undefined || dyn === undefined) return undefined;
  const total = stat + dyn;
  const limit = ctx.gpu.maxSharedMemPerBlockKB * 1024;
  const parts = `${formatBytes(stat)} static + ${formatBytes(dyn)} dynamic`;
  if (total > limit) {
    return `Launch of \`${launch.kernelName}\` asks for ${formatBytes(total)} of shared memory per block (${parts}), over the ` +
      `${ctx.gpu.maxSharedMemPerBlockKB} KB a block may use on ${ctx.gpu.shortName}: the launch fails. Shrink the tiles or split the work.`;
  }
  if (dyn > 0 && total > DEFAULT_SHARED_LIMIT && !optsIn) {
    return `Launch of \`${launch.kernelName}\` asks for ${formatBytes(total)} of shared memory per block (${parts}), over the default 48 KB, ` +
      'and this file never raises the limit: the launch fails unless cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes) runs first.';
  }
  return undefined;
}

export const rule: Rule = {
  id: 'launch-block-size',
  title: 'Block size not a multiple of the warp, or over a device limit',
  defaultSeverity: 'warning',
  category: 'launch',
  description: 'A launch whose block is not a multiple of 32 threads (warning) or exceeds the GPU\'s thread, dimension, __launch_bounds__ or shared-memory limits (error).',
  check,
};
