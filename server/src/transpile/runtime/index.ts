// Assembles the files written beside every translation: the runtime header (cuda_lens_runtime.h) and the
// stand-ins for the CUDA headers programs include, each a thin wrapper around the runtime header.
import { CORE } from './core';
import { API } from './api';
import { DEVICE } from './device';
import { HALF } from './half';
import { CG } from './cg';
import { DRIVER, MATH_CONSTANTS, CUBLAS } from './extras';

export const RUNTIME_HEADER_NAME = 'cuda_lens_runtime.h';

export function runtimeHeader(): string {
  return [
    '// cuda_lens_runtime.h: CPU runtime for C++ translated from CUDA by cuda-lens transpile.',
    '// Kernels run as OpenMP loops over blocks and threads; this header supplies the CUDA API and intrinsics.',
    '#pragma once',
    CORE, API, DEVICE, HALF, CG,
  ].join('\n');
}

const wrap = (name: string, extra = ''): string =>
  `// ${name}: stand-in written by cuda-lens transpile; the CPU runtime header provides its contents.\n` +
  `#pragma once\n#include "${RUNTIME_HEADER_NAME}"\n${extra}`;

/** Stand-in headers by include name (relative to the output directory). */
export function standInHeaders(): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of ['cuda_runtime.h', 'cuda_runtime_api.h', 'device_launch_parameters.h', 'cuda_fp16.h',
    'cuda_bf16.h', 'vector_types.h', 'vector_functions.h', 'device_functions.h', 'cuda_profiler_api.h',
    'cooperative_groups.h', 'cooperative_groups/reduce.h', 'cooperative_groups/scan.h',
    'cooperative_groups/memcpy_async.h', 'sm_20_atomic_functions.h', 'sm_60_atomic_functions.h',
    'driver_types.h', 'cuda_device_runtime_api.h', 'crt/host_defines.h']) {
    m.set(n, wrap(n));
  }
  m.set('cuda.h', `// cuda.h: stand-in written by cuda-lens transpile (driver API basics).\n${DRIVER}`);
  m.set('math_constants.h', `// math_constants.h: stand-in written by cuda-lens transpile.\n${MATH_CONSTANTS}`);
  m.set('cublas_v2.h', `// cublas_v2.h: stand-in written by cuda-lens transpile (handles and GEMM).\n${CUBLAS}`);
  m.set('cublas.h', wrap('cublas.h', '#include "cublas_v2.h"\n'));
  return m;
}
