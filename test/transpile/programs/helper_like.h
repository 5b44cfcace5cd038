// A helper header in the style of CUDA samples' helper_cuda.h: an error-checking macro that reports the
// failing call, a last-error check, and a device query that picks the device and prints its properties.
// Like helper_cuda.h, it defines them only when the CUDA headers' include guards say they were included.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#ifdef __DRIVER_TYPES_H__
template <typename T>
void check(T result, char const* const func, const char* const file, int const line) {
  if (result) {
    std::fprintf(stderr, "CUDA error at %s:%d code=%d(%s) \"%s\" \n", file, line, static_cast<unsigned int>(result),
                 cudaGetErrorName(result), func);
    std::exit(EXIT_FAILURE);
  }
}
#define checkCudaErrors(val) check((val), #val, __FILE__, __LINE__)

inline void __getLastCudaError(const char* errorMessage, const char* file, const int line) {
  cudaError_t err = cudaGetLastError();
  if (cudaSuccess != err) {
    std::fprintf(stderr, "%s(%i) : getLastCudaError() CUDA error : %s : (%d) %s.\n", file, line, errorMessage,
                 static_cast<int>(err), cudaGetErrorString(err));
    std::exit(EXIT_FAILURE);
  }
}
#define getLastCudaError(msg) __getLastCudaError(msg, __FILE__, __LINE__)
#endif

#ifdef __CUDA_RUNTIME_H__
inline int findDevice() {
  int count = 0;
  checkCudaErrors(cudaGetDeviceCount(&count));
  if (count == 0) return -1;
  int dev = 0;
  checkCudaErrors(cudaSetDevice(dev));
  cudaDeviceProp prop;
  checkCudaErrors(cudaGetDeviceProperties(&prop, dev));
  int major = 0, minor = 0, sms = 0, clock = 0, l2 = 0;
  checkCudaErrors(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev));
  checkCudaErrors(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev));
  checkCudaErrors(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
  checkCudaErrors(cudaDeviceGetAttribute(&clock, cudaDevAttrClockRate, dev));
  checkCudaErrors(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, dev));
  std::printf("GPU Device %d: \"%s\" with compute capability %d.%d, %d SMs, %d kHz, L2 %d bytes\n", dev, prop.name,
              major, minor, sms, clock, l2);
  if (major != prop.major || sms != prop.multiProcessorCount || prop.warpSize != 32) return -1;
  if (major < 7 || sms < 1 || clock < 100000 || l2 < (1 << 20)) return -1;
  return dev;
}
#endif
