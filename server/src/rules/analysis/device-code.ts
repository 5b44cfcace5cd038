// The device-code bodies of the checked file: every kernel and every __device__ / __host__ __device__
// function with an analysed body. Functions from followed headers are left out, since findings must point
// into the file being checked.
import type { FunctionInfo, KernelBody, ProgramModel } from '../../model/types';

export interface DeviceCode { fn: FunctionInfo; body: KernelBody; isKernel: boolean; threadLocals: ReadonlySet<string> }

export function deviceCode(model: ProgramModel): DeviceCode[] {
  const out: DeviceCode[] = [];
  for (const k of model.kernels) {
    if (k.file === model.file) out.push({ fn: k, body: k, isKernel: true, threadLocals: new Set(k.threadDependentLocals) });
  }
  for (const f of model.deviceFunctions) {
    if (f.file === model.file && f.body) out.push({ fn: f, body: f.body, isKernel: false, threadLocals: new Set(f.body.threadDependentLocals) });
  }
  return out;
}
