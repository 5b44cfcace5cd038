// The device-code bodies of the checked file: every kernel and every __device__ / __host__ __device__
// function with an analysed body. Functions from followed headers are left out, since findings must point
// into the file being checked.
import type { FunctionInfo, KernelBody, ProgramModel } from '../../model/types';
import { laneCounter, type LaneCounter } from './lanes';

export interface DeviceCode {
  fn: FunctionInfo;
  body: KernelBody;
  isKernel: boolean;
  threadLocals: ReadonlySet<string>;
  /** Evaluates a condition lane by lane in this function (built on first use: it needs the syntax tree). */
  lanes: LaneCounter;
}

/** One list per model and text, shared by every rule of an analysis (with its lazily built lane counters). */
const memo = new WeakMap<ProgramModel, { text: string; list: DeviceCode[] }>();

export function deviceCode(model: ProgramModel, text: string): DeviceCode[] {
  const known = memo.get(model);
  if (known && known.text === text) return known.list;
  const entry = (fn: FunctionInfo, body: KernelBody, isKernel: boolean): DeviceCode => {
    let counter: LaneCounter | undefined;
    return {
      fn, body, isKernel, threadLocals: new Set(body.threadDependentLocals),
      lanes: Object.assign((condition: string) => (counter ??= laneCounter(model, text, fn))(condition), {
        elects: (condition: string) => (counter ??= laneCounter(model, text, fn)).elects(condition),
      }),
    };
  };
  const out: DeviceCode[] = [];
  for (const k of model.kernels) if (k.file === model.file) out.push(entry(k, k, true));
  for (const f of model.deviceFunctions) if (f.file === model.file && f.body) out.push(entry(f, f.body, false));
  memo.set(model, { text, list: out });
  return out;
}
