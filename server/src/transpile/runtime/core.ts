// The core of the CPU runtime header written beside every translation (cuda_lens_runtime.h): CUDA's
// qualifiers as macros, built-in index variables, vector types and the launch machinery. Host API functions
// live in api.ts, device intrinsics in device.ts; index.ts joins the parts.
export const CORE = String.raw`
#include <algorithm>
#include <atomic>
#include <cfloat>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>
#include <math.h>
#include <omp.h>

// Translated code is CUDA source, so code guarded by __CUDACC__ (helper headers' device paths) applies.
// __CUDA_ARCH__ stays undefined: __host__ __device__ functions take their host branch on the CPU.
#ifndef __CUDACC__
#define __CUDACC__ 1
#endif
#define __CUDA_LENS_CPU__ 1
// Include guards of the real CUDA headers: helper headers (CUDA samples' helper_cuda.h) test them to decide
// which helpers to define.
#define __DRIVER_TYPES_H__
#define __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_API_H__
#define __VECTOR_TYPES_H__
#define __CUDA_FP16_H__
#define __CUDA_BF16_H__
#ifndef CUDART_VERSION
#define CUDART_VERSION 12040
#endif
#define __CUDACC_VER_MAJOR__ 12
#define __CUDACC_VER_MINOR__ 4
#define CUDA_VERSION 12040

// Qualifiers that have no meaning on the CPU. The translator removes them from the files it translates;
// these definitions cover headers it leaves alone.
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
#define __constant__
#define __managed__
#define __shared__ static thread_local
#define __launch_bounds__(...)
#define __align__(n) alignas(n)
#define __cudart_builtin__
#define CUDARTAPI
#define __grid_constant__

// ---- built-in index types -------------------------------------------------------------------------
struct uint3 { unsigned int x, y, z; };
struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
  constexpr dim3(const uint3& v) : x(v.x), y(v.y), z(v.z) {}
  constexpr operator uint3() const { return uint3{x, y, z}; }
};

// Device functions that read the built-ins see these per-OS-thread copies; a lowered kernel sets them
// (the kernel body itself uses local copies, which the compiler can keep in registers).
inline thread_local uint3 threadIdx{0, 0, 0};
inline thread_local uint3 blockIdx{0, 0, 0};
inline thread_local dim3 blockDim{1, 1, 1};
inline thread_local dim3 gridDim{1, 1, 1};
// warpSize is 32 on every NVIDIA GPU (CUDA C++ Programming Guide, "Hardware Implementation").
static constexpr int warpSize = 32;

// ---- vector types (alignment as in CUDA's vector_types.h) ----------------------------------------
#define CL_VEC1(N, T, A) struct alignas(A) N##1 { T x; }; \
  inline N##1 make_##N##1(T x) { N##1 r; r.x = x; return r; }
#define CL_VEC2(N, T, A) struct alignas(A) N##2 { T x, y; }; \
  inline N##2 make_##N##2(T x, T y) { N##2 r; r.x = x; r.y = y; return r; }
#define CL_VEC3(N, T) struct N##3 { T x, y, z; }; \
  inline N##3 make_##N##3(T x, T y, T z) { N##3 r; r.x = x; r.y = y; r.z = z; return r; }
#define CL_VEC4(N, T, A) struct alignas(A) N##4 { T x, y, z, w; }; \
  inline N##4 make_##N##4(T x, T y, T z, T w) { N##4 r; r.x = x; r.y = y; r.z = z; r.w = w; return r; }
#define CL_VECS(N, T, A1, A2, A4) CL_VEC1(N, T, A1) CL_VEC2(N, T, A2) CL_VEC3(N, T) CL_VEC4(N, T, A4)
CL_VECS(char, signed char, 1, 2, 4)
CL_VECS(uchar, unsigned char, 1, 2, 4)
CL_VECS(short, short, 2, 4, 8)
CL_VECS(ushort, unsigned short, 2, 4, 8)
CL_VECS(int, int, 4, 8, 16)
CL_VEC1(uint, unsigned int, 4) CL_VEC2(uint, unsigned int, 8) CL_VEC4(uint, unsigned int, 16)
inline uint3 make_uint3(unsigned int x, unsigned int y, unsigned int z) { return uint3{x, y, z}; }
CL_VECS(long, long, 8, 16, 16)
CL_VECS(ulong, unsigned long, 8, 16, 16)
CL_VECS(longlong, long long, 8, 16, 16)
CL_VECS(ulonglong, unsigned long long, 8, 16, 16)
CL_VECS(float, float, 4, 8, 16)
CL_VECS(double, double, 8, 16, 16)
#undef CL_VEC1
#undef CL_VEC2
#undef CL_VEC3
#undef CL_VEC4
#undef CL_VECS

// ---- errors ---------------------------------------------------------------------------------------
// Values from CUDA's driver_types.h (cudaError enum), so programs that print or compare codes agree.
enum cudaError {
  cudaSuccess = 0, cudaErrorInvalidValue = 1, cudaErrorMemoryAllocation = 2, cudaErrorInitializationError = 3,
  cudaErrorCudartUnloading = 4, cudaErrorProfilerDisabled = 5, cudaErrorProfilerNotInitialized = 6,
  cudaErrorProfilerAlreadyStarted = 7, cudaErrorProfilerAlreadyStopped = 8, cudaErrorInvalidConfiguration = 9,
  cudaErrorInvalidPitchValue = 12, cudaErrorInvalidSymbol = 13, cudaErrorInvalidHostPointer = 16,
  cudaErrorInvalidDevicePointer = 17, cudaErrorInvalidTexture = 18, cudaErrorInvalidTextureBinding = 19,
  cudaErrorInvalidChannelDescriptor = 20, cudaErrorInvalidMemcpyDirection = 21, cudaErrorAddressOfConstant = 22,
  cudaErrorTextureFetchFailed = 23, cudaErrorTextureNotBound = 24, cudaErrorSynchronizationError = 25,
  cudaErrorInvalidFilterSetting = 26, cudaErrorInvalidNormSetting = 27, cudaErrorMixedDeviceExecution = 28,
  cudaErrorNotYetImplemented = 31, cudaErrorMemoryValueTooLarge = 32, cudaErrorStubLibrary = 34,
  cudaErrorInsufficientDriver = 35, cudaErrorCallRequiresNewerDriver = 36, cudaErrorInvalidSurface = 37,
  cudaErrorDuplicateVariableName = 43, cudaErrorDuplicateTextureName = 44, cudaErrorDuplicateSurfaceName = 45,
  cudaErrorDevicesUnavailable = 46, cudaErrorIncompatibleDriverContext = 49, cudaErrorMissingConfiguration = 52,
  cudaErrorPriorLaunchFailure = 53, cudaErrorLaunchMaxDepthExceeded = 65, cudaErrorLaunchFileScopedTex = 66,
  cudaErrorLaunchFileScopedSurf = 67, cudaErrorSyncDepthExceeded = 68, cudaErrorLaunchPendingCountExceeded = 69,
  cudaErrorInvalidDeviceFunction = 98, cudaErrorNoDevice = 100, cudaErrorInvalidDevice = 101,
  cudaErrorDeviceNotLicensed = 102, cudaErrorSoftwareValidityNotEstablished = 103, cudaErrorStartupFailure = 127,
  cudaErrorInvalidKernelImage = 200, cudaErrorDeviceUninitialized = 201, cudaErrorMapBufferObjectFailed = 205,
  cudaErrorUnmapBufferObjectFailed = 206, cudaErrorArrayIsMapped = 207, cudaErrorAlreadyMapped = 208,
  cudaErrorNoKernelImageForDevice = 209, cudaErrorAlreadyAcquired = 210, cudaErrorNotMapped = 211,
  cudaErrorNotMappedAsArray = 212, cudaErrorNotMappedAsPointer = 213, cudaErrorECCUncorrectable = 214,
  cudaErrorUnsupportedLimit = 215, cudaErrorDeviceAlreadyInUse = 216, cudaErrorPeerAccessUnsupported = 217,
  cudaErrorInvalidPtx = 218, cudaErrorInvalidGraphicsContext = 219, cudaErrorNvlinkUncorrectable = 220,
  cudaErrorJitCompilerNotFound = 221, cudaErrorUnsupportedPtxVersion = 222, cudaErrorJitCompilationDisabled = 223,
  cudaErrorUnsupportedExecAffinity = 224, cudaErrorInvalidSource = 300, cudaErrorFileNotFound = 301,
  cudaErrorSharedObjectSymbolNotFound = 302, cudaErrorSharedObjectInitFailed = 303, cudaErrorOperatingSystem = 304,
  cudaErrorInvalidResourceHandle = 400, cudaErrorIllegalState = 401, cudaErrorSymbolNotFound = 500,
  cudaErrorNotReady = 600, cudaErrorIllegalAddress = 700, cudaErrorLaunchOutOfResources = 701,
  cudaErrorLaunchTimeout = 702, cudaErrorLaunchIncompatibleTexturing = 703, cudaErrorPeerAccessAlreadyEnabled = 704,
  cudaErrorPeerAccessNotEnabled = 705, cudaErrorSetOnActiveProcess = 708, cudaErrorContextIsDestroyed = 709,
  cudaErrorAssert = 710, cudaErrorTooManyPeers = 711, cudaErrorHostMemoryAlreadyRegistered = 712,
  cudaErrorHostMemoryNotRegistered = 713, cudaErrorHardwareStackError = 714, cudaErrorIllegalInstruction = 715,
  cudaErrorMisalignedAddress = 716, cudaErrorInvalidAddressSpace = 717, cudaErrorInvalidPc = 718,
  cudaErrorLaunchFailure = 719, cudaErrorCooperativeLaunchTooLarge = 720, cudaErrorNotPermitted = 800,
  cudaErrorNotSupported = 801, cudaErrorSystemNotReady = 802, cudaErrorSystemDriverMismatch = 803,
  cudaErrorCompatNotSupportedOnDevice = 804, cudaErrorStreamCaptureUnsupported = 900,
  cudaErrorStreamCaptureInvalidated = 901, cudaErrorStreamCaptureMerge = 902, cudaErrorStreamCaptureUnmatched = 903,
  cudaErrorStreamCaptureUnjoined = 904, cudaErrorStreamCaptureIsolation = 905, cudaErrorStreamCaptureImplicit = 906,
  cudaErrorCapturedEvent = 907, cudaErrorStreamCaptureWrongThread = 908, cudaErrorTimeout = 909,
  cudaErrorGraphExecUpdateFailure = 910, cudaErrorUnknown = 999, cudaErrorApiFailureBase = 10000
};
typedef enum cudaError cudaError_t;

namespace __cl {
inline cudaError_t& last_error() { static thread_local cudaError_t e = cudaSuccess; return e; }
inline cudaError_t fail(cudaError_t e) { last_error() = e; return e; }
[[noreturn]] inline void unsupported(const char* id, const char* what) {
  std::fprintf(stderr, "cuda-lens runtime [%s]: %s is not supported on the CPU\n", id, what);
  std::abort();
}

// ---- streams, events, graphs: everything runs in order on the calling thread ----------------------
struct Graph { std::vector<std::function<void()>> work; };
struct Stream { Graph* capture = nullptr; };
struct Event { std::chrono::steady_clock::time_point t{}; bool recorded = false; };

inline Graph*& global_capture() { static Graph* g = nullptr; return g; }
inline Graph* capture_for(Stream* s) {
  if (s && s->capture) return s->capture;
  return global_capture();
}
// Runs work now, or records it when the stream is being captured into a graph.
template <class F> void submit(Stream* s, F&& f) {
  if (Graph* g = capture_for(s)) g->work.emplace_back(std::forward<F>(f));
  else f();
}

// ---- launches ----------------------------------------------------------------------------------------
struct KernelStat { double ms = 0; long long launches = 0; };
inline std::map<std::string, KernelStat>& profile_table() { static std::map<std::string, KernelStat> t; return t; }
struct ProfilePrinter {
  bool enabled = false;
  ~ProfilePrinter() {
    if (!enabled) return;
    for (auto& kv : profile_table())
      std::fprintf(stderr, "[cuda-lens profile] %s: %lld launches, %.3f ms CPU time\n", kv.first.c_str(),
                   kv.second.launches, kv.second.ms);
  }
};
inline ProfilePrinter& profile_printer() { static ProfilePrinter p; return p; }

inline bool valid_config(const dim3& g, const dim3& b) {
  // Limits of compute capability 8.x (CUDA C++ Programming Guide, "Technical Specifications").
  unsigned long long threads = (unsigned long long)b.x * b.y * b.z;
  if (threads == 0 || threads > 1024 || b.x > 1024 || b.y > 1024 || b.z > 64) return false;
  if (g.x == 0 || g.y == 0 || g.z == 0 || g.y > 65535 || g.z > 65535) return false;
  return true;
}

template <class F> void launch(const char* name, dim3 grid, dim3 block, size_t shmem, Stream* s, F&& body) {
  if (!valid_config(grid, block)) { fail(cudaErrorInvalidConfiguration); return; }
  auto run = [=]() {
#ifdef CUDA_LENS_PROFILE
    auto t0 = std::chrono::steady_clock::now();
    body(grid, block, shmem);
    auto t1 = std::chrono::steady_clock::now();
    KernelStat& st = profile_table()[name];
    st.ms += std::chrono::duration<double, std::milli>(t1 - t0).count();
    st.launches++;
    profile_printer().enabled = true;
#else
    (void)name;
    body(grid, block, shmem);
#endif
  };
  submit(s, run);
}

// Number of threads that pass "threadIdx.x < s" in a block of bx threads (s converted as C++ does when
// comparing with an unsigned: a negative signed s lets every thread pass).
template <class T> inline int tid_limit(T s, unsigned bx) {
  if (std::is_signed<T>::value && s < 0) return sizeof(T) <= sizeof(unsigned) ? (int)bx : 0;
  return (unsigned long long)s < bx ? (int)s : (int)bx;
}
// Number of threads whose index base + threadIdx.x (computed in a signed type) is below lim.
template <class B, class L> inline int tid_limit_from(B base, L lim, unsigned bx) {
  long long n = (long long)lim - (long long)base;
  return n <= 0 ? 0 : (n < (long long)bx ? (int)n : (int)bx);
}
inline uint3 block_index(long long b, const dim3& g) {
  uint3 r;
  r.x = (unsigned)(b % g.x);
  r.y = (unsigned)((b / g.x) % g.y);
  r.z = (unsigned)(b / ((long long)g.x * g.y));
  return r;
}
inline void set_block(const uint3& bi, const dim3& bd, const dim3& gd) {
  ::blockIdx = bi; ::blockDim = bd; ::gridDim = gd;
}
inline void set_thread(const uint3& ti) { ::threadIdx = ti; }
// The block's dynamic shared memory (extern __shared__), for device functions that declare it.
inline unsigned char*& dynamic_shared() { static thread_local unsigned char* p = nullptr; return p; }
inline void set_dynamic_shared(unsigned char* p) { dynamic_shared() = p; }
inline unsigned linear_thread() { return (::threadIdx.z * ::blockDim.y + ::threadIdx.y) * ::blockDim.x + ::threadIdx.x; }
inline unsigned block_threads() { return ::blockDim.x * ::blockDim.y * ::blockDim.z; }
}  // namespace __cl

typedef __cl::Stream* cudaStream_t;
typedef __cl::Event* cudaEvent_t;
typedef __cl::Graph* cudaGraph_t;
typedef __cl::Graph* cudaGraphExec_t;
typedef void* cudaGraphNode_t;
#define cudaStreamLegacy ((cudaStream_t)0)
#define cudaStreamPerThread ((cudaStream_t)0)
`;
