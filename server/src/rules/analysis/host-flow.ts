// Host-side control flow facts shared by the host rules: which launches and runtime calls share a loop,
// which launches sit between cudaStreamBeginCapture and cudaStreamEndCapture (recorded into a CUDA graph,
// not launched one by one), and what synchronises the host with the device.
import type { HostLoop, LaunchSite, ProgramModel, Range, RuntimeCall } from '../../model/types';
import { comparePositions, contains, offsetAt, sameRange } from './source-text';

/** Calls after which the host has waited for the device (blocking copies and explicit syncs). */
export const SYNC_CALLS = new Set([
  'cudaDeviceSynchronize', 'cudaStreamSynchronize', 'cudaThreadSynchronize', 'cudaEventSynchronize', 'cudaMemcpy',
  'cudaMemcpy2D', 'cudaMemcpy3D', 'cudaMemcpyFromSymbol', 'cudaMemcpyToSymbol',
]);

export function sameLoop(a: HostLoop, b: HostLoop): boolean {
  return a.file === b.file && sameRange(a.range, b.range);
}

export function innermostLoop(loops: HostLoop[]): HostLoop | undefined {
  return loops[loops.length - 1];
}

/** Launches whose host loop nest contains `loop`. */
export function launchesInLoop(model: ProgramModel, loop: HostLoop): LaunchSite[] {
  return model.launches.filter((l) => l.hostLoops.some((h) => sameLoop(h, loop)));
}

/** Ranges from each cudaStreamBeginCapture to the next cudaStreamEndCapture in the same function. */
export function captureRegions(model: ProgramModel): Range[] {
  const calls = [...model.runtimeCalls].sort((a, b) => comparePositions(a.range.start, b.range.start));
  const regions: Range[] = [];
  calls.forEach((begin, i) => {
    if (begin.name !== 'cudaStreamBeginCapture') return;
    const end = calls.slice(i + 1).find((c) => c.name === 'cudaStreamEndCapture' && c.enclosingFunction === begin.enclosingFunction);
    if (end) regions.push({ start: begin.range.start, end: end.range.end });
  });
  return regions;
}

export function isCaptured(regions: Range[], r: Range): boolean {
  return regions.some((region) => contains(region, r));
}

/** True when the copy kind argument says device-to-device (asynchronous to the host even in cudaMemcpy). */
export function isDeviceToDevice(call: RuntimeCall): boolean {
  return call.args.some((a) => /\bcudaMemcpyDeviceToDevice\b/.test(a));
}

export function isBlockingSync(call: RuntimeCall): boolean {
  if (!SYNC_CALLS.has(call.name)) return false;
  return !(call.name.startsWith('cudaMemcpy') && isDeviceToDevice(call));
}

/**
 * True when, after `r`, the code leaves `loop` in the same pass (a `break`, `return` or `goto` in the block
 * holding `r` or one enclosing it, up to the end of the loop): the statement runs once, on the way out
 * (`if (converged) { finalKernel<<<...>>>(); cudaStreamSynchronize(s); break; }`), not every iteration.
 * `code` is the text with comments blanked (source-text.ts withoutComments).
 */
export function leavesLoopAfter(text: string, code: string, r: Range, loop: HostLoop): boolean {
  const end = offsetAt(text, loop.range.end);
  let depth = 0;
  for (let i = offsetAt(text, r.end); i < end; i++) {
    const c = code[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    // Closing a block that holds `r` moves the scan to the enclosing block: keep depth at 0.
    else if (c === '}' || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === 'b' || c === 'r' || c === 'g') && !/\w/.test(code[i - 1] ?? '') &&
      /^(break|return|goto)\b/.test(code.slice(i, i + 7))) return true;
  }
  return false;
}

/** Host functions of the file that launch kernels themselves (`void step(...) { k<<<...>>>(...); }`). */
export function launcherFunctions(model: ProgramModel): string[] {
  const names = new Set(model.launches.filter((l) => l.file === model.file).map((l) => l.enclosingFunction ?? ''));
  return model.hostFunctions.filter((f) => f.file === model.file && names.has(f.name) && f.name !== 'main').map((f) => f.name);
}

/** Calls of launcher functions inside the loop's text, by name. */
export function launcherCallsIn(text: string, code: string, loop: HostLoop, launchers: string[]): string[] {
  if (launchers.length === 0) return [];
  const body = code.slice(offsetAt(text, loop.range.start), offsetAt(text, loop.range.end));
  return launchers.filter((name) => new RegExp(`\\b${name}\\s*\\(`).test(body));
}
