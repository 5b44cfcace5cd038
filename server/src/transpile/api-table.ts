// The host API mapping table: one row per CUDA runtime / driver / library call the CPU runtime header
// provides, with its support status and what it does on the CPU (the pattern of HIPIFY's CUDA->HIP
// tables). docs/transpiler.md is generated from these rows, and a test checks that every row is defined in
// the runtime header and that every API function the header defines has a row.
export type ApiStatus = 'supported' | 'approximated' | 'unsupported';

export interface ApiRow {
  name: string;
  category: 'memory' | 'sync' | 'device' | 'stream' | 'event' | 'graph' | 'error' | 'driver' | 'library' | 'launch';
  status: ApiStatus;
  /** What the call does on the CPU. */
  cpu: string;
}

const rows: ApiRow[] = [];
const add = (category: ApiRow['category'], status: ApiStatus, cpu: string, names: string[]): void => {
  for (const name of names) rows.push({ name, category, status, cpu });
};

add('memory', 'supported', 'aligned host allocation (posix_memalign, 256-byte alignment)',
  ['cudaMalloc', 'cudaMallocHost', 'cudaHostAlloc', 'cudaMallocManaged', 'cudaMallocPitch']);
add('memory', 'approximated', 'allocates immediately; the stream argument is ignored', ['cudaMallocAsync']);
add('memory', 'supported', 'free()', ['cudaFree', 'cudaFreeHost']);
add('memory', 'approximated', 'free() immediately; the stream argument is ignored', ['cudaFreeAsync']);
add('memory', 'supported', 'memmove between host buffers', ['cudaMemcpy', 'cudaMemcpy2D', 'cudaMemcpyPeer']);
add('memory', 'approximated', 'memmove in stream order (streams run synchronously)',
  ['cudaMemcpyAsync', 'cudaMemcpy2DAsync', 'cudaMemcpyPeerAsync']);
add('memory', 'supported', 'memset', ['cudaMemset', 'cudaMemset2D']);
add('memory', 'approximated', 'memset in stream order (streams run synchronously)', ['cudaMemsetAsync']);
add('memory', 'supported', 'memcpy into / out of the global variable that replaces the __constant__ or __device__ symbol',
  ['cudaMemcpyToSymbol', 'cudaMemcpyFromSymbol', 'cudaMemcpyToSymbolAsync', 'cudaMemcpyFromSymbolAsync',
    'cudaGetSymbolAddress', 'cudaGetSymbolSize']);
add('memory', 'approximated', 'no-op: host and device share memory',
  ['cudaMemPrefetchAsync', 'cudaMemAdvise', 'cudaHostRegister', 'cudaHostUnregister']);
add('memory', 'supported', 'returns the host pointer itself', ['cudaHostGetDevicePointer']);
add('memory', 'approximated', 'reports managed memory on device 0', ['cudaPointerGetAttributes']);
add('memory', 'approximated', 'reports the emulated device memory (40 GiB, 90% free)', ['cudaMemGetInfo']);
add('memory', 'unsupported', 'aborts with [unsupported-api]: there is no other process to share memory with',
  ['cudaIpcGetMemHandle', 'cudaIpcOpenMemHandle']);

add('sync', 'supported', 'no-op: work already finished when the call returns',
  ['cudaDeviceSynchronize', 'cudaThreadSynchronize', 'cudaStreamSynchronize', 'cudaEventSynchronize']);
add('device', 'supported', 'one device (index 0)',
  ['cudaGetDeviceCount', 'cudaGetDevice', 'cudaSetDevice', 'cudaChooseDevice']);
add('device', 'approximated', 'an A100-class device: compute capability 8.0, 108 SMs, 1410 MHz, 40 MB L2, 32-lane warps',
  ['cudaGetDeviceProperties', 'cudaDeviceGetAttribute']);
add('device', 'approximated', 'no-op (nothing to reset or configure on the CPU)',
  ['cudaDeviceReset', 'cudaThreadExit', 'cudaSetDeviceFlags', 'cudaDeviceSetCacheConfig', 'cudaThreadSetCacheConfig',
    'cudaDeviceSetSharedMemConfig', 'cudaDeviceSetLimit', 'cudaFuncSetCacheConfig', 'cudaFuncSetAttribute',
    'cudaFuncSetSharedMemConfig', 'cudaDeviceEnablePeerAccess', 'cudaDeviceDisablePeerAccess', 'cudaProfilerStart',
    'cudaProfilerStop']);
add('device', 'approximated', 'reports defaults of compute capability 8.0',
  ['cudaGetDeviceFlags', 'cudaDeviceGetCacheConfig', 'cudaDeviceGetLimit', 'cudaDeviceCanAccessPeer',
    'cudaDeviceGetStreamPriorityRange', 'cudaDeviceGetPCIBusId', 'cudaFuncGetAttributes',
    'cudaOccupancyMaxActiveBlocksPerMultiprocessor', 'cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags',
    'cudaOccupancyMaxPotentialBlockSize']);
add('device', 'supported', 'reports CUDA 12.4', ['cudaDriverGetVersion', 'cudaRuntimeGetVersion']);

add('stream', 'approximated', 'a stream object; work submitted to it runs immediately, in order',
  ['cudaStreamCreate', 'cudaStreamCreateWithFlags', 'cudaStreamCreateWithPriority', 'cudaStreamDestroy']);
add('stream', 'supported', 'always complete', ['cudaStreamQuery', 'cudaEventQuery']);
add('stream', 'approximated', 'no-op: earlier work already finished', ['cudaStreamWaitEvent']);
add('stream', 'supported', 'calls the function in stream order', ['cudaStreamAddCallback', 'cudaLaunchHostFunc']);

add('event', 'approximated', 'records the host clock (std::chrono::steady_clock) when the stream reaches it',
  ['cudaEventCreate', 'cudaEventCreateWithFlags', 'cudaEventRecord', 'cudaEventRecordWithFlags', 'cudaEventDestroy']);
add('event', 'approximated', 'milliseconds between the host times of two recorded events', ['cudaEventElapsedTime']);

add('graph', 'supported', 'stream capture records launches, copies and memsets as closures; a graph launch replays them',
  ['cudaStreamBeginCapture', 'cudaStreamEndCapture', 'cudaStreamIsCapturing', 'cudaGraphCreate',
    'cudaGraphInstantiate', 'cudaGraphInstantiateWithFlags', 'cudaGraphLaunch', 'cudaGraphDestroy',
    'cudaGraphExecDestroy', 'cudaGraphUpload']);

add('error', 'supported', 'per-thread last error, as in CUDA (launch configuration errors are reported)',
  ['cudaGetLastError', 'cudaPeekAtLastError', 'cudaGetErrorString', 'cudaGetErrorName']);

add('launch', 'supported', 'kernel<<<grid, block, shared, stream>>>(...) calls the lowered kernel in stream order',
  ['<<<...>>>']);
add('launch', 'approximated', 'with the kernel itself: reads the argument array by the kernel\'s parameter types and launches; with a kernel cast to void* it aborts with [unsupported-api]',
  ['cudaLaunchKernel']);
add('launch', 'unsupported', 'aborts with [unsupported-api]: grid-wide synchronization has no CPU equivalent here',
  ['cudaLaunchCooperativeKernel']);

add('driver', 'supported', 'driver API basics answering for the same emulated device',
  ['cuInit', 'cuDriverGetVersion', 'cuDeviceGetCount', 'cuDeviceGet', 'cuDeviceGetName', 'cuDeviceComputeCapability',
    'cuDeviceGetAttribute', 'cuDeviceTotalMem', 'cuCtxCreate', 'cuCtxDestroy', 'cuCtxSynchronize', 'cuGetErrorString',
    'cuGetErrorName']);

add('library', 'supported', 'cuBLAS handles (cublas_v2.h stand-in)',
  ['cublasCreate', 'cublasDestroy', 'cublasSetStream', 'cublasSetMathMode', 'cublasSetPointerMode', 'cublasGetStatusString']);
add('library', 'supported', 'column-major GEMM as straightforward OpenMP loops',
  ['cublasSgemm', 'cublasDgemm', 'cublasSgemmStridedBatched']);

export const API_TABLE: readonly ApiRow[] = rows;

const byName = new Map(rows.map((r) => [r.name, r]));
export function apiRow(name: string): ApiRow | undefined {
  return byName.get(name);
}
