// What the launch sites of a kernel say about its threads: block shapes (to map warp lanes onto
// threadIdx.x/y/z) and grid sizes (to count threads for contention numbers).
import type { FunctionInfo, LaunchSite, ProgramModel } from '../../model/types';
import type { BlockShape } from './thread-stride';

/** Launch sites by kernel name, grouped once per model: rules ask for every kernel's launches. */
const byModel = new WeakMap<ProgramModel, Map<string, LaunchSite[]>>();

export function launchesOf(model: ProgramModel, fn: FunctionInfo): LaunchSite[] {
  let byName = byModel.get(model);
  if (!byName) {
    byName = new Map();
    for (const l of model.launches) {
      const list = byName.get(l.kernelName);
      if (list) list.push(l);
      else byName.set(l.kernelName, [l]);
    }
    byModel.set(model, byName);
  }
  return byName.get(fn.name) ?? [];
}

/** Block shapes of the launches whose block is known, without duplicates. */
export function blockShapes(model: ProgramModel, fn: FunctionInfo): BlockShape[] {
  const out: BlockShape[] = [];
  for (const l of launchesOf(model, fn)) {
    const b = l.block;
    if (b.x === undefined) continue;
    const s = { x: b.x, y: b.y ?? 1, z: b.z ?? 1 };
    if (!out.some((o) => o.x === s.x && o.y === s.y && o.z === s.z)) out.push(s);
  }
  return out;
}

/** Without a known launch, lanes are assumed to run along threadIdx.x (blockDim.x >= 32), the usual
 *  layout; rules that depend on threadIdx.y use known shapes only. */
export const ASSUMED_SHAPE: BlockShape = { x: 32, y: 1, z: 1 };

/** Total threads of a launch when grid and block are known. */
export function launchThreads(l: LaunchSite): number | undefined {
  return l.grid.total !== undefined && l.block.total !== undefined ? l.grid.total * l.block.total : undefined;
}

/** Thousands separators for counts in messages. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
