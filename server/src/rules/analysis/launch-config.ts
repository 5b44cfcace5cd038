// What a launch's `<<<grid, block, shared, stream>>>` asks for, as the launch rules need it: each part's
// text and source range (findings point at the exact argument), threads per block, blocks, and shared
// memory per block (static arrays of the launched kernel plus the dynamic amount).
import type { Kernel, LaunchSite, Range } from '../../model/types';
import type { KernelResources, RuleContext } from '../types';
import { occupancy, type Occupancy } from '../../cost/occupancy';
import { offsetAt, rangeOfOffsets, splitTopLevel, withoutComments } from './source-text';

export interface ConfigArg { text: string; range: Range }
export interface LaunchConfig { grid?: ConfigArg; block?: ConfigArg; shared?: ConfigArg; stream?: ConfigArg }

/** The arguments between `<<<` and `>>>` with their ranges (undefined parts when the text is odd). */
export function launchConfig(text: string, launch: LaunchSite): LaunchConfig {
  const code = withoutComments(text);
  const start = offsetAt(text, launch.configRange.start);
  const end = offsetAt(text, launch.configRange.end);
  const open = code.indexOf('<<<', start);
  const close = code.lastIndexOf('>>>', end);
  if (open < 0 || close < open || open > end) return {};
  const parts = splitTopLevel(code, open + 3, close).map((p) => ({
    text: text.slice(p.start, p.end),
    range: rangeOfOffsets(text, p.start, p.end),
  }));
  return { grid: parts[0], block: parts[1], shared: parts[2], stream: parts[3] };
}

/** Static shared memory of the launched kernel in bytes: from the launch (template sizes bound there),
 *  else the sum of the kernel's static arrays when every size is known. */
export function staticSharedBytes(launch: LaunchSite): number | undefined {
  if (launch.staticSharedBytes !== undefined) return launch.staticSharedBytes;
  const kernel = launch.kernel;
  if (!kernel) return undefined;
  let total = 0;
  for (const a of kernel.sharedArrays) {
    if (a.isExtern) continue;
    if (a.bytes === undefined) return undefined;
    total += a.bytes;
  }
  return total;
}

/** Dynamic shared memory of the launch: 0 when the argument is absent, undefined when not constant. */
export function dynamicSharedBytes(launch: LaunchSite): number | undefined {
  if (launch.sharedBytes !== undefined) return launch.sharedBytes;
  const t = launch.sharedText?.trim();
  return t === undefined || t === '' || t === '0' ? 0 : undefined;
}

export function resourcesOf(ctx: RuleContext, kernel: Kernel | undefined): KernelResources | undefined {
  return kernel ? ctx.resources?.get(kernel.name) : undefined;
}

/** Theoretical occupancy of the launch when its block size and shared memory are known. Registers come
 *  from ptxas when it ran; otherwise they are left out (0), so registers never show as the limiter. */
export function launchOccupancy(ctx: RuleContext, launch: LaunchSite): { occ: Occupancy; threads: number; sharedBytes: number; registers?: number } | undefined {
  const threads = launch.block.total;
  const stat = staticSharedBytes(launch);
  const dyn = dynamicSharedBytes(launch);
  if (threads === undefined || stat === undefined || dyn === undefined) return undefined;
  const registers = resourcesOf(ctx, launch.kernel)?.registers;
  const occ = occupancy(ctx.gpu, threads, stat + dyn, registers ?? 0);
  return { occ, threads, sharedBytes: stat + dyn, registers };
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}

export function formatMicros(seconds: number): string {
  const us = seconds * 1e6;
  return us >= 100 ? `${Math.round(us)} µs` : us >= 10 ? `${us.toFixed(0)} µs` : `${us.toFixed(1)} µs`;
}
