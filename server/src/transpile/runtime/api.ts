// Host API part of the CPU runtime header: memory, synchronization, streams, events, graphs, errors and
// device queries. Each function here is a row of the mapping table in ../api-table.ts, which says whether
// it is exact, approximated (streams run in order, events read the host clock) or unsupported.
export const API = String.raw`
enum cudaMemcpyKind { cudaMemcpyHostToHost = 0, cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3, cudaMemcpyDefault = 4 };
enum cudaStreamCaptureMode { cudaStreamCaptureModeGlobal = 0, cudaStreamCaptureModeThreadLocal = 1,
  cudaStreamCaptureModeRelaxed = 2 };
enum cudaStreamCaptureStatus { cudaStreamCaptureStatusNone = 0, cudaStreamCaptureStatusActive = 1,
  cudaStreamCaptureStatusInvalidated = 2 };
enum cudaFuncCache { cudaFuncCachePreferNone = 0, cudaFuncCachePreferShared = 1, cudaFuncCachePreferL1 = 2,
  cudaFuncCachePreferEqual = 3 };
enum cudaSharedMemConfig { cudaSharedMemBankSizeDefault = 0, cudaSharedMemBankSizeFourByte = 1,
  cudaSharedMemBankSizeEightByte = 2 };
enum cudaFuncAttribute { cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
  cudaFuncAttributePreferredSharedMemoryCarveout = 9 };
enum cudaLimit { cudaLimitStackSize = 0, cudaLimitPrintfFifoSize = 1, cudaLimitMallocHeapSize = 2,
  cudaLimitDevRuntimeSyncDepth = 3, cudaLimitDevRuntimePendingLaunchCount = 4, cudaLimitMaxL2FetchGranularity = 5,
  cudaLimitPersistingL2CacheSize = 6 };
enum cudaMemoryAdvise { cudaMemAdviseSetReadMostly = 1, cudaMemAdviseUnsetReadMostly = 2,
  cudaMemAdviseSetPreferredLocation = 3, cudaMemAdviseUnsetPreferredLocation = 4, cudaMemAdviseSetAccessedBy = 5,
  cudaMemAdviseUnsetAccessedBy = 6 };
enum cudaMemoryType { cudaMemoryTypeUnregistered = 0, cudaMemoryTypeHost = 1, cudaMemoryTypeDevice = 2,
  cudaMemoryTypeManaged = 3 };
enum cudaComputeMode { cudaComputeModeDefault = 0, cudaComputeModeExclusive = 1, cudaComputeModeProhibited = 2,
  cudaComputeModeExclusiveProcess = 3 };
// Attribute numbers from CUDA's driver_types.h (enum cudaDeviceAttr).
enum cudaDeviceAttr {
  cudaDevAttrMaxThreadsPerBlock = 1, cudaDevAttrMaxBlockDimX = 2, cudaDevAttrMaxBlockDimY = 3,
  cudaDevAttrMaxBlockDimZ = 4, cudaDevAttrMaxGridDimX = 5, cudaDevAttrMaxGridDimY = 6, cudaDevAttrMaxGridDimZ = 7,
  cudaDevAttrMaxSharedMemoryPerBlock = 8, cudaDevAttrTotalConstantMemory = 9, cudaDevAttrWarpSize = 10,
  cudaDevAttrMaxPitch = 11, cudaDevAttrMaxRegistersPerBlock = 12, cudaDevAttrClockRate = 13,
  cudaDevAttrTextureAlignment = 14, cudaDevAttrGpuOverlap = 15, cudaDevAttrMultiProcessorCount = 16,
  cudaDevAttrKernelExecTimeout = 17, cudaDevAttrIntegrated = 18, cudaDevAttrCanMapHostMemory = 19,
  cudaDevAttrComputeMode = 20, cudaDevAttrConcurrentKernels = 31, cudaDevAttrEccEnabled = 32,
  cudaDevAttrPciBusId = 33, cudaDevAttrPciDeviceId = 34, cudaDevAttrTccDriver = 35,
  cudaDevAttrMemoryClockRate = 36, cudaDevAttrGlobalMemoryBusWidth = 37, cudaDevAttrL2CacheSize = 38,
  cudaDevAttrMaxThreadsPerMultiProcessor = 39, cudaDevAttrAsyncEngineCount = 40, cudaDevAttrUnifiedAddressing = 41,
  cudaDevAttrPciDomainId = 50, cudaDevAttrComputeCapabilityMajor = 75, cudaDevAttrComputeCapabilityMinor = 76,
  cudaDevAttrStreamPrioritiesSupported = 78, cudaDevAttrGlobalL1CacheSupported = 79,
  cudaDevAttrLocalL1CacheSupported = 80, cudaDevAttrMaxSharedMemoryPerMultiprocessor = 81,
  cudaDevAttrMaxRegistersPerMultiprocessor = 82, cudaDevAttrManagedMemory = 83, cudaDevAttrIsMultiGpuBoard = 84,
  cudaDevAttrMultiGpuBoardGroupID = 85, cudaDevAttrConcurrentManagedAccess = 89,
  cudaDevAttrComputePreemptionSupported = 90, cudaDevAttrCooperativeLaunch = 95,
  cudaDevAttrMaxSharedMemoryPerBlockOptin = 97, cudaDevAttrMaxBlocksPerMultiprocessor = 106,
  cudaDevAttrMemoryPoolsSupported = 115
};

#define cudaHostAllocDefault 0x00
#define cudaHostAllocPortable 0x01
#define cudaHostAllocMapped 0x02
#define cudaHostAllocWriteCombined 0x04
#define cudaHostRegisterDefault 0x00
#define cudaHostRegisterPortable 0x01
#define cudaHostRegisterMapped 0x02
#define cudaMemAttachGlobal 0x01
#define cudaMemAttachHost 0x02
#define cudaStreamDefault 0x00
#define cudaStreamNonBlocking 0x01
#define cudaEventDefault 0x00
#define cudaEventBlockingSync 0x01
#define cudaEventDisableTiming 0x02
#define cudaEventInterprocess 0x04
#define cudaDeviceScheduleAuto 0x00
#define cudaDeviceScheduleSpin 0x01
#define cudaDeviceScheduleYield 0x02
#define cudaDeviceScheduleBlockingSync 0x04
#define cudaDeviceMapHost 0x08
#define cudaDeviceLmemResizeToMax 0x10
#define cudaCpuDeviceId (-1)
#define cudaInvalidDeviceId (-2)

// The device the CPU runtime reports: an A100-class GPU (compute capability 8.0, 108 SMs, 1410 MHz boost
// clock, 40 MB L2; NVIDIA A100 Tensor Core GPU Architecture whitepaper, 2020), so code that sizes grids or
// checks features from device queries takes its modern-GPU path.
struct cudaDeviceProp {
  char name[256]; char uuid[16]; char luid[8]; unsigned int luidDeviceNodeMask;
  size_t totalGlobalMem; size_t sharedMemPerBlock; int regsPerBlock; int warpSize; size_t memPitch;
  int maxThreadsPerBlock; int maxThreadsDim[3]; int maxGridSize[3]; int clockRate; size_t totalConstMem;
  int major; int minor; size_t textureAlignment; size_t texturePitchAlignment; int deviceOverlap;
  int multiProcessorCount; int kernelExecTimeoutEnabled; int integrated; int canMapHostMemory; int computeMode;
  int maxTexture1D; int maxTexture1DMipmap; int maxTexture1DLinear; int maxTexture2D[2]; int maxTexture3D[3];
  size_t surfaceAlignment; int concurrentKernels; int ECCEnabled; int pciBusID; int pciDeviceID; int pciDomainID;
  int tccDriver; int asyncEngineCount; int unifiedAddressing; int memoryClockRate; int memoryBusWidth;
  int l2CacheSize; int persistingL2CacheMaxSize; int maxThreadsPerMultiProcessor; int streamPrioritiesSupported;
  int globalL1CacheSupported; int localL1CacheSupported; size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor; int managedMemory; int isMultiGpuBoard; int multiGpuBoardGroupID;
  int hostNativeAtomicSupported; int singleToDoublePrecisionPerfRatio; int pageableMemoryAccess;
  int concurrentManagedAccess; int computePreemptionSupported; int canUseHostPointerForRegisteredMem;
  int cooperativeLaunch; int cooperativeMultiDeviceLaunch; size_t sharedMemPerBlockOptin;
  int pageableMemoryAccessUsesHostPageTables; int directManagedMemAccessFromHost; int maxBlocksPerMultiProcessor;
  int accessPolicyMaxWindowSize; size_t reservedSharedMemPerBlock; int memoryPoolsSupported;
};
struct cudaFuncAttributes {
  size_t sharedSizeBytes; size_t constSizeBytes; size_t localSizeBytes; int maxThreadsPerBlock; int numRegs;
  int ptxVersion; int binaryVersion; int cacheModeCA; int maxDynamicSharedSizeBytes; int preferredShmemCarveout;
};
struct cudaPointerAttributes { cudaMemoryType type; int device; void* devicePointer; void* hostPointer; };

namespace __cl {
inline cudaDeviceProp make_props() {
  cudaDeviceProp p;
  std::memset(&p, 0, sizeof p);
  std::snprintf(p.name, sizeof p.name, "CUDA Lens CPU device (A100-class, %d OpenMP threads)", omp_get_max_threads());
  p.totalGlobalMem = 40ull << 30; p.sharedMemPerBlock = 48 << 10; p.regsPerBlock = 65536; p.warpSize = 32;
  p.memPitch = 2147483647; p.maxThreadsPerBlock = 1024;
  p.maxThreadsDim[0] = 1024; p.maxThreadsDim[1] = 1024; p.maxThreadsDim[2] = 64;
  p.maxGridSize[0] = 2147483647; p.maxGridSize[1] = 65535; p.maxGridSize[2] = 65535;
  p.clockRate = 1410000; p.totalConstMem = 65536; p.major = 8; p.minor = 0; p.textureAlignment = 512;
  p.texturePitchAlignment = 32; p.deviceOverlap = 1; p.multiProcessorCount = 108; p.integrated = 0;
  p.canMapHostMemory = 1; p.computeMode = cudaComputeModeDefault; p.maxTexture1D = 131072;
  p.maxTexture2D[0] = 131072; p.maxTexture2D[1] = 65536; p.maxTexture3D[0] = p.maxTexture3D[1] = p.maxTexture3D[2] = 16384;
  p.surfaceAlignment = 512; p.concurrentKernels = 1; p.ECCEnabled = 1; p.asyncEngineCount = 3;
  p.unifiedAddressing = 1; p.memoryClockRate = 1215000; p.memoryBusWidth = 5120; p.l2CacheSize = 40 << 20;
  p.persistingL2CacheMaxSize = 30 << 20; p.maxThreadsPerMultiProcessor = 2048; p.streamPrioritiesSupported = 1;
  p.globalL1CacheSupported = 1; p.localL1CacheSupported = 1; p.sharedMemPerMultiprocessor = 164 << 10;
  p.regsPerMultiprocessor = 65536; p.managedMemory = 1; p.hostNativeAtomicSupported = 1;
  p.singleToDoublePrecisionPerfRatio = 2; p.pageableMemoryAccess = 1; p.concurrentManagedAccess = 1;
  p.computePreemptionSupported = 1; p.canUseHostPointerForRegisteredMem = 1; p.cooperativeLaunch = 1;
  p.sharedMemPerBlockOptin = 163 << 10; p.directManagedMemAccessFromHost = 1; p.maxBlocksPerMultiProcessor = 32;
  p.accessPolicyMaxWindowSize = 134213632; p.reservedSharedMemPerBlock = 1024; p.memoryPoolsSupported = 1;
  return p;
}
inline const cudaDeviceProp& props() { static cudaDeviceProp p = make_props(); return p; }
inline int& current_device() { static int d = 0; return d; }

inline void* alloc(size_t bytes) {
  // 256-byte alignment matches cudaMalloc's documented minimum alignment.
  void* p = nullptr;
  if (posix_memalign(&p, 256, bytes ? bytes : 1) != 0) return nullptr;
  return p;
}
inline cudaError_t ok() { return cudaSuccess; }
}  // namespace __cl

// ---- memory -----------------------------------------------------------------------------------------
inline cudaError_t cudaMalloc(void** p, size_t bytes) {
  *p = __cl::alloc(bytes);
  return *p ? cudaSuccess : __cl::fail(cudaErrorMemoryAllocation);
}
template <class T> cudaError_t cudaMalloc(T** p, size_t bytes) { return cudaMalloc((void**)p, bytes); }
inline cudaError_t cudaMallocHost(void** p, size_t bytes) { return cudaMalloc(p, bytes); }
template <class T> cudaError_t cudaMallocHost(T** p, size_t bytes) { return cudaMalloc((void**)p, bytes); }
inline cudaError_t cudaHostAlloc(void** p, size_t bytes, unsigned int = 0) { return cudaMalloc(p, bytes); }
template <class T> cudaError_t cudaHostAlloc(T** p, size_t bytes, unsigned int = 0) { return cudaMalloc((void**)p, bytes); }
inline cudaError_t cudaMallocManaged(void** p, size_t bytes, unsigned int = cudaMemAttachGlobal) { return cudaMalloc(p, bytes); }
template <class T> cudaError_t cudaMallocManaged(T** p, size_t bytes, unsigned int = cudaMemAttachGlobal) {
  return cudaMalloc((void**)p, bytes);
}
inline cudaError_t cudaMallocAsync(void** p, size_t bytes, cudaStream_t) { return cudaMalloc(p, bytes); }
template <class T> cudaError_t cudaMallocAsync(T** p, size_t bytes, cudaStream_t) { return cudaMalloc((void**)p, bytes); }
inline cudaError_t cudaMallocPitch(void** p, size_t* pitch, size_t width, size_t height) {
  *pitch = (width + 255) / 256 * 256;
  return cudaMalloc(p, *pitch * height);
}
template <class T> cudaError_t cudaMallocPitch(T** p, size_t* pitch, size_t width, size_t height) {
  return cudaMallocPitch((void**)p, pitch, width, height);
}
inline cudaError_t cudaFree(void* p) { std::free(p); return cudaSuccess; }
inline cudaError_t cudaFreeHost(void* p) { std::free(p); return cudaSuccess; }
inline cudaError_t cudaFreeAsync(void* p, cudaStream_t) { std::free(p); return cudaSuccess; }
inline cudaError_t cudaHostRegister(void*, size_t, unsigned int) { return cudaSuccess; }
inline cudaError_t cudaHostUnregister(void*) { return cudaSuccess; }
inline cudaError_t cudaHostGetDevicePointer(void** d, void* h, unsigned int) { *d = h; return cudaSuccess; }
template <class T> cudaError_t cudaHostGetDevicePointer(T** d, void* h, unsigned int) { *d = (T*)h; return cudaSuccess; }
inline cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* a, const void* p) {
  a->type = cudaMemoryTypeManaged; a->device = 0; a->devicePointer = (void*)p; a->hostPointer = (void*)p;
  return cudaSuccess;
}
inline cudaError_t cudaMemGetInfo(size_t* free_b, size_t* total) {
  *total = __cl::props().totalGlobalMem; *free_b = *total / 10 * 9; return cudaSuccess;
}
inline cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind = cudaMemcpyDefault) {
  if (bytes) std::memmove(dst, src, bytes);
  return cudaSuccess;
}
inline cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind = cudaMemcpyDefault,
                                   cudaStream_t s = 0) {
  __cl::submit(s, [=] { if (bytes) std::memmove(dst, src, bytes); });
  return cudaSuccess;
}
inline cudaError_t cudaMemcpyPeer(void* dst, int, const void* src, int, size_t bytes) { return cudaMemcpy(dst, src, bytes); }
inline cudaError_t cudaMemcpyPeerAsync(void* dst, int, const void* src, int, size_t bytes, cudaStream_t s = 0) {
  return cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDefault, s);
}
inline cudaError_t cudaMemcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height,
                                cudaMemcpyKind = cudaMemcpyDefault) {
  for (size_t r = 0; r < height; ++r) std::memmove((char*)dst + r * dpitch, (const char*)src + r * spitch, width);
  return cudaSuccess;
}
inline cudaError_t cudaMemcpy2DAsync(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                                     size_t height, cudaMemcpyKind k = cudaMemcpyDefault, cudaStream_t s = 0) {
  __cl::submit(s, [=] { cudaMemcpy2D(dst, dpitch, src, spitch, width, height, k); });
  return cudaSuccess;
}
inline cudaError_t cudaMemset(void* p, int v, size_t bytes) { std::memset(p, v, bytes); return cudaSuccess; }
inline cudaError_t cudaMemsetAsync(void* p, int v, size_t bytes, cudaStream_t s = 0) {
  __cl::submit(s, [=] { std::memset(p, v, bytes); });
  return cudaSuccess;
}
inline cudaError_t cudaMemset2D(void* p, size_t pitch, int v, size_t width, size_t height) {
  for (size_t r = 0; r < height; ++r) std::memset((char*)p + r * pitch, v, width);
  return cudaSuccess;
}
inline cudaError_t cudaMemPrefetchAsync(const void*, size_t, int, cudaStream_t = 0) { return cudaSuccess; }
inline cudaError_t cudaMemAdvise(const void*, size_t, cudaMemoryAdvise, int) { return cudaSuccess; }
template <class T> cudaError_t cudaMemcpyToSymbol(T& symbol, const void* src, size_t bytes, size_t offset = 0,
                                                  cudaMemcpyKind = cudaMemcpyHostToDevice) {
  if (offset + bytes > sizeof(T)) return __cl::fail(cudaErrorInvalidValue);
  std::memcpy((char*)&symbol + offset, src, bytes);
  return cudaSuccess;
}
template <class T> cudaError_t cudaMemcpyToSymbolAsync(T& symbol, const void* src, size_t bytes, size_t offset = 0,
                                                       cudaMemcpyKind k = cudaMemcpyHostToDevice, cudaStream_t = 0) {
  return cudaMemcpyToSymbol(symbol, src, bytes, offset, k);
}
template <class T> cudaError_t cudaMemcpyFromSymbol(void* dst, const T& symbol, size_t bytes, size_t offset = 0,
                                                    cudaMemcpyKind = cudaMemcpyDeviceToHost) {
  if (offset + bytes > sizeof(T)) return __cl::fail(cudaErrorInvalidValue);
  std::memcpy(dst, (const char*)&symbol + offset, bytes);
  return cudaSuccess;
}
template <class T> cudaError_t cudaMemcpyFromSymbolAsync(void* dst, const T& symbol, size_t bytes, size_t offset = 0,
                                                         cudaMemcpyKind k = cudaMemcpyDeviceToHost, cudaStream_t = 0) {
  return cudaMemcpyFromSymbol(dst, symbol, bytes, offset, k);
}
template <class T> cudaError_t cudaGetSymbolAddress(void** p, T& symbol) { *p = (void*)&symbol; return cudaSuccess; }
template <class T> cudaError_t cudaGetSymbolSize(size_t* s, const T&) { *s = sizeof(T); return cudaSuccess; }

// ---- device management and queries ------------------------------------------------------------------
inline cudaError_t cudaGetDeviceCount(int* n) { *n = 1; return cudaSuccess; }
inline cudaError_t cudaGetDevice(int* d) { *d = __cl::current_device(); return cudaSuccess; }
inline cudaError_t cudaSetDevice(int d) { return d == 0 ? cudaSuccess : __cl::fail(cudaErrorInvalidDevice); }
inline cudaError_t cudaChooseDevice(int* d, const cudaDeviceProp*) { *d = 0; return cudaSuccess; }
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int d) {
  if (d != 0) return __cl::fail(cudaErrorInvalidDevice);
  *p = __cl::props();
  return cudaSuccess;
}
inline cudaError_t cudaDeviceGetAttribute(int* v, cudaDeviceAttr a, int d) {
  if (d != 0) return __cl::fail(cudaErrorInvalidDevice);
  const cudaDeviceProp& p = __cl::props();
  switch (a) {
    case cudaDevAttrMaxThreadsPerBlock: *v = p.maxThreadsPerBlock; break;
    case cudaDevAttrMaxBlockDimX: *v = p.maxThreadsDim[0]; break;
    case cudaDevAttrMaxBlockDimY: *v = p.maxThreadsDim[1]; break;
    case cudaDevAttrMaxBlockDimZ: *v = p.maxThreadsDim[2]; break;
    case cudaDevAttrMaxGridDimX: *v = p.maxGridSize[0]; break;
    case cudaDevAttrMaxGridDimY: *v = p.maxGridSize[1]; break;
    case cudaDevAttrMaxGridDimZ: *v = p.maxGridSize[2]; break;
    case cudaDevAttrMaxSharedMemoryPerBlock: *v = (int)p.sharedMemPerBlock; break;
    case cudaDevAttrTotalConstantMemory: *v = (int)p.totalConstMem; break;
    case cudaDevAttrWarpSize: *v = p.warpSize; break;
    case cudaDevAttrMaxPitch: *v = (int)p.memPitch; break;
    case cudaDevAttrMaxRegistersPerBlock: *v = p.regsPerBlock; break;
    case cudaDevAttrClockRate: *v = p.clockRate; break;
    case cudaDevAttrTextureAlignment: *v = (int)p.textureAlignment; break;
    case cudaDevAttrGpuOverlap: *v = 1; break;
    case cudaDevAttrMultiProcessorCount: *v = p.multiProcessorCount; break;
    case cudaDevAttrKernelExecTimeout: *v = 0; break;
    case cudaDevAttrIntegrated: *v = 0; break;
    case cudaDevAttrCanMapHostMemory: *v = 1; break;
    case cudaDevAttrComputeMode: *v = p.computeMode; break;
    case cudaDevAttrConcurrentKernels: *v = 1; break;
    case cudaDevAttrEccEnabled: *v = p.ECCEnabled; break;
    case cudaDevAttrMemoryClockRate: *v = p.memoryClockRate; break;
    case cudaDevAttrGlobalMemoryBusWidth: *v = p.memoryBusWidth; break;
    case cudaDevAttrL2CacheSize: *v = p.l2CacheSize; break;
    case cudaDevAttrMaxThreadsPerMultiProcessor: *v = p.maxThreadsPerMultiProcessor; break;
    case cudaDevAttrAsyncEngineCount: *v = p.asyncEngineCount; break;
    case cudaDevAttrUnifiedAddressing: *v = 1; break;
    case cudaDevAttrComputeCapabilityMajor: *v = p.major; break;
    case cudaDevAttrComputeCapabilityMinor: *v = p.minor; break;
    case cudaDevAttrStreamPrioritiesSupported: *v = 1; break;
    case cudaDevAttrGlobalL1CacheSupported: *v = 1; break;
    case cudaDevAttrLocalL1CacheSupported: *v = 1; break;
    case cudaDevAttrMaxSharedMemoryPerMultiprocessor: *v = (int)p.sharedMemPerMultiprocessor; break;
    case cudaDevAttrMaxRegistersPerMultiprocessor: *v = p.regsPerMultiprocessor; break;
    case cudaDevAttrManagedMemory: *v = 1; break;
    case cudaDevAttrConcurrentManagedAccess: *v = 1; break;
    case cudaDevAttrComputePreemptionSupported: *v = 1; break;
    case cudaDevAttrCooperativeLaunch: *v = 1; break;
    case cudaDevAttrMaxSharedMemoryPerBlockOptin: *v = (int)p.sharedMemPerBlockOptin; break;
    case cudaDevAttrMaxBlocksPerMultiprocessor: *v = p.maxBlocksPerMultiProcessor; break;
    case cudaDevAttrMemoryPoolsSupported: *v = 1; break;
    default: *v = 0; break;
  }
  return cudaSuccess;
}
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
inline cudaError_t cudaThreadSynchronize() { return cudaSuccess; }
inline cudaError_t cudaDeviceReset() { return cudaSuccess; }
inline cudaError_t cudaThreadExit() { return cudaSuccess; }
inline cudaError_t cudaSetDeviceFlags(unsigned int) { return cudaSuccess; }
inline cudaError_t cudaGetDeviceFlags(unsigned int* f) { *f = 0; return cudaSuccess; }
inline cudaError_t cudaDeviceSetCacheConfig(cudaFuncCache) { return cudaSuccess; }
inline cudaError_t cudaDeviceGetCacheConfig(cudaFuncCache* c) { *c = cudaFuncCachePreferNone; return cudaSuccess; }
inline cudaError_t cudaThreadSetCacheConfig(cudaFuncCache) { return cudaSuccess; }
inline cudaError_t cudaDeviceSetSharedMemConfig(cudaSharedMemConfig) { return cudaSuccess; }
inline cudaError_t cudaDeviceSetLimit(cudaLimit, size_t) { return cudaSuccess; }
inline cudaError_t cudaDeviceGetLimit(size_t* v, cudaLimit l) { *v = l == cudaLimitStackSize ? 1024 : (8u << 20); return cudaSuccess; }
inline cudaError_t cudaDeviceCanAccessPeer(int* can, int, int) { *can = 0; return cudaSuccess; }
inline cudaError_t cudaDeviceEnablePeerAccess(int, unsigned int) { return cudaSuccess; }
inline cudaError_t cudaDeviceDisablePeerAccess(int) { return cudaSuccess; }
inline cudaError_t cudaDeviceGetStreamPriorityRange(int* least, int* greatest) {
  if (least) *least = 0;
  if (greatest) *greatest = -5;
  return cudaSuccess;
}
inline cudaError_t cudaDeviceGetPCIBusId(char* id, int len, int) { std::snprintf(id, len, "0000:00:00.0"); return cudaSuccess; }
// Driver and runtime versions report CUDA 12.4 (matching CUDART_VERSION above).
inline cudaError_t cudaDriverGetVersion(int* v) { *v = 12040; return cudaSuccess; }
inline cudaError_t cudaRuntimeGetVersion(int* v) { *v = 12040; return cudaSuccess; }
template <class F> cudaError_t cudaFuncSetCacheConfig(F*, cudaFuncCache) { return cudaSuccess; }
template <class F> cudaError_t cudaFuncSetAttribute(F*, cudaFuncAttribute, int) { return cudaSuccess; }
template <class F> cudaError_t cudaFuncSetSharedMemConfig(F*, cudaSharedMemConfig) { return cudaSuccess; }
template <class F> cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* a, F*) {
  std::memset(a, 0, sizeof *a);
  a->maxThreadsPerBlock = 1024; a->numRegs = 32; a->ptxVersion = 80; a->binaryVersion = 80;
  a->maxDynamicSharedSizeBytes = 48 << 10;
  return cudaSuccess;
}
// Occupancy queries answer as for a block that fits 2048 resident threads per SM (compute capability 8.0).
template <class F> cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* n, F*, int blockSize, size_t) {
  *n = blockSize > 0 ? std::min(32, 2048 / blockSize) : 0;
  return cudaSuccess;
}
template <class F> cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int* n, F* f, int b, size_t s, unsigned int) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessor(n, f, b, s);
}
template <class F> cudaError_t cudaOccupancyMaxPotentialBlockSize(int* minGrid, int* block, F*, size_t = 0, int limit = 0) {
  *block = (limit > 0 && limit < 1024) ? limit : 1024;
  *minGrid = __cl::props().multiProcessorCount * (2048 / *block);
  return cudaSuccess;
}
inline cudaError_t cudaProfilerStart() { return cudaSuccess; }
inline cudaError_t cudaProfilerStop() { return cudaSuccess; }

// ---- errors -----------------------------------------------------------------------------------------
inline cudaError_t cudaGetLastError() { cudaError_t e = __cl::last_error(); __cl::last_error() = cudaSuccess; return e; }
inline cudaError_t cudaPeekAtLastError() { return __cl::last_error(); }
inline const char* cudaGetErrorName(cudaError_t e) {
  switch (e) {
    case cudaSuccess: return "cudaSuccess";
    case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
    case cudaErrorInitializationError: return "cudaErrorInitializationError";
    case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
    case cudaErrorInvalidSymbol: return "cudaErrorInvalidSymbol";
    case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
    case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
    case cudaErrorNotReady: return "cudaErrorNotReady";
    case cudaErrorNotSupported: return "cudaErrorNotSupported";
    case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    case cudaErrorNoDevice: return "cudaErrorNoDevice";
    default: return "cudaErrorUnknown";
  }
}
inline const char* cudaGetErrorString(cudaError_t e) {
  switch (e) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidValue: return "invalid argument";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorInitializationError: return "initialization error";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorInvalidSymbol: return "invalid device symbol";
    case cudaErrorInvalidDevice: return "invalid device ordinal";
    case cudaErrorInvalidResourceHandle: return "invalid resource handle";
    case cudaErrorNotReady: return "device not ready";
    case cudaErrorNotSupported: return "operation not supported";
    case cudaErrorLaunchFailure: return "unspecified launch failure";
    case cudaErrorNoDevice: return "no CUDA-capable device is detected";
    default: return "unknown error";
  }
}

// ---- streams: ordered synchronous execution -------------------------------------------------------
inline cudaError_t cudaStreamCreate(cudaStream_t* s) { *s = new __cl::Stream(); return cudaSuccess; }
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned int) { return cudaStreamCreate(s); }
inline cudaError_t cudaStreamCreateWithPriority(cudaStream_t* s, unsigned int, int) { return cudaStreamCreate(s); }
inline cudaError_t cudaStreamDestroy(cudaStream_t s) { delete s; return cudaSuccess; }
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaStreamQuery(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaStreamWaitEvent(cudaStream_t, cudaEvent_t, unsigned int = 0) { return cudaSuccess; }
typedef void (*cudaStreamCallback_t)(cudaStream_t, cudaError_t, void*);
typedef void (*cudaHostFn_t)(void*);
inline cudaError_t cudaStreamAddCallback(cudaStream_t s, cudaStreamCallback_t cb, void* data, unsigned int) {
  __cl::submit(s, [=] { cb(s, cudaSuccess, data); });
  return cudaSuccess;
}
inline cudaError_t cudaLaunchHostFunc(cudaStream_t s, cudaHostFn_t fn, void* data) {
  __cl::submit(s, [=] { fn(data); });
  return cudaSuccess;
}

// ---- events: host clock -------------------------------------------------------------------------------
inline cudaError_t cudaEventCreate(cudaEvent_t* e) { *e = new __cl::Event(); return cudaSuccess; }
inline cudaError_t cudaEventCreateWithFlags(cudaEvent_t* e, unsigned int) { return cudaEventCreate(e); }
inline cudaError_t cudaEventDestroy(cudaEvent_t e) { delete e; return cudaSuccess; }
inline cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s = 0) {
  __cl::submit(s, [=] { e->t = std::chrono::steady_clock::now(); e->recorded = true; });
  return cudaSuccess;
}
inline cudaError_t cudaEventRecordWithFlags(cudaEvent_t e, cudaStream_t s = 0, unsigned int = 0) { return cudaEventRecord(e, s); }
inline cudaError_t cudaEventSynchronize(cudaEvent_t) { return cudaSuccess; }
inline cudaError_t cudaEventQuery(cudaEvent_t) { return cudaSuccess; }
inline cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t a, cudaEvent_t b) {
  if (!a->recorded || !b->recorded) return __cl::fail(cudaErrorInvalidResourceHandle);
  *ms = std::chrono::duration<float, std::milli>(b->t - a->t).count();
  return cudaSuccess;
}

// ---- graphs: stream capture records the work, a launch replays it ---------------------------------
inline cudaError_t cudaStreamBeginCapture(cudaStream_t s, cudaStreamCaptureMode mode = cudaStreamCaptureModeGlobal) {
  __cl::Graph* g = new __cl::Graph();
  if (s) s->capture = g;
  if (!s || mode == cudaStreamCaptureModeGlobal) __cl::global_capture() = g;
  return cudaSuccess;
}
inline cudaError_t cudaStreamEndCapture(cudaStream_t s, cudaGraph_t* graph) {
  __cl::Graph* g = s && s->capture ? s->capture : __cl::global_capture();
  if (s) s->capture = nullptr;
  if (__cl::global_capture() == g) __cl::global_capture() = nullptr;
  *graph = g;
  return g ? cudaSuccess : __cl::fail(cudaErrorIllegalState);
}
inline cudaError_t cudaStreamIsCapturing(cudaStream_t s, cudaStreamCaptureStatus* st) {
  *st = __cl::capture_for(s) ? cudaStreamCaptureStatusActive : cudaStreamCaptureStatusNone;
  return cudaSuccess;
}
inline cudaError_t cudaGraphCreate(cudaGraph_t* g, unsigned int) { *g = new __cl::Graph(); return cudaSuccess; }
inline cudaError_t cudaGraphInstantiate(cudaGraphExec_t* e, cudaGraph_t g, unsigned long long = 0) {
  *e = new __cl::Graph(*g);
  return cudaSuccess;
}
inline cudaError_t cudaGraphInstantiate(cudaGraphExec_t* e, cudaGraph_t g, cudaGraphNode_t*, char*, size_t) {
  return cudaGraphInstantiate(e, g);
}
inline cudaError_t cudaGraphInstantiateWithFlags(cudaGraphExec_t* e, cudaGraph_t g, unsigned long long = 0) {
  return cudaGraphInstantiate(e, g);
}
inline cudaError_t cudaGraphLaunch(cudaGraphExec_t e, cudaStream_t s) {
  __cl::submit(s, [=] { for (auto& w : e->work) w(); });
  return cudaSuccess;
}
inline cudaError_t cudaGraphDestroy(cudaGraph_t g) { delete g; return cudaSuccess; }
inline cudaError_t cudaGraphExecDestroy(cudaGraphExec_t e) { delete e; return cudaSuccess; }
inline cudaError_t cudaGraphUpload(cudaGraphExec_t, cudaStream_t) { return cudaSuccess; }

// ---- launches through the API ------------------------------------------------------------------------
namespace __cl {
template <class... P, std::size_t... I>
void call_with_args(void (*f)(dim3, dim3, size_t, P...), dim3 g, dim3 b, size_t sh, void** args, std::index_sequence<I...>) {
  f(g, b, sh, *static_cast<std::remove_reference_t<P>*>(args[I])...);
}
}  // namespace __cl
// cudaLaunchKernel with the kernel itself: its parameter types say how to read the argument array.
template <class... P>
cudaError_t cudaLaunchKernel(void (*f)(dim3, dim3, size_t, P...), dim3 g, dim3 b, void** args, size_t sh = 0,
                             cudaStream_t s = 0) {
  if (!__cl::valid_config(g, b)) return __cl::fail(cudaErrorInvalidConfiguration);
  __cl::launch("cudaLaunchKernel", g, b, sh, s, [=](dim3 gg, dim3 bb, size_t ss) {
    __cl::call_with_args(f, gg, bb, ss, args, std::index_sequence_for<P...>());
  });
  return cudaSuccess;
}
// Through a void pointer the parameter types are gone.
inline cudaError_t cudaLaunchKernel(const void*, dim3, dim3, void**, size_t = 0, cudaStream_t = 0) {
  __cl::unsupported("unsupported-api", "cudaLaunchKernel with a kernel cast to void* (pass the kernel itself)");
}

// ---- calls the runtime cannot honour: abort with a stable id when reached ------------------------
inline cudaError_t cudaIpcGetMemHandle(void*, void*) { __cl::unsupported("unsupported-api", "cudaIpcGetMemHandle"); }
inline cudaError_t cudaIpcOpenMemHandle(void**, ...) { __cl::unsupported("unsupported-api", "cudaIpcOpenMemHandle"); }
template <class F> cudaError_t cudaLaunchCooperativeKernel(F*, dim3, dim3, void**, size_t = 0, cudaStream_t = 0) {
  __cl::unsupported("unsupported-api", "cudaLaunchCooperativeKernel");
}
`;
