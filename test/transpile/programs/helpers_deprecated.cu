// Helper-header style programs: checkCudaErrors / getLastCudaError macros, a device query of compute
// capability, SM count, clock and L2 size, deprecated calls (cudaThreadSynchronize), event timing, a
// device function from a local .cuh header, and a launch with an invalid configuration that must report.
#include <helper_like.h>
#include "block_reduce.cuh"
#include "check.h"

// CUDA 12 headers dropped cudaThreadSynchronize; older benchmark code still calls it. The CPU runtime keeps
// it, so only a real CUDA 12 build needs this shim.
#if !defined(__CUDA_LENS_CPU__) && CUDART_VERSION >= 12000
static inline cudaError_t cudaThreadSynchronize() { return cudaDeviceSynchronize(); }
#endif

__global__ void normalize(const float* x, float* y, int n) {
  int i = blockIdx.x * 256 + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;
  float total = block_sum<256>(v);
  if (i < n) y[i] = v / total;
}

int main() {
  if (findDevice() < 0) {
    std::printf("device query returned implausible values\n");
    return finish("helpers_deprecated", 1);
  }
  const int n = 2000, blocks = (n + 255) / 256;
  float* h = new float[n];
  for (int i = 0; i < n; ++i) h[i] = 0.5f + next_unit();
  float *d, *dy;
  checkCudaErrors(cudaMalloc((void**)&d, n * sizeof(float)));
  checkCudaErrors(cudaMalloc((void**)&dy, n * sizeof(float)));
  checkCudaErrors(cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice));
  cudaEvent_t start, stop;
  checkCudaErrors(cudaEventCreate(&start));
  checkCudaErrors(cudaEventCreate(&stop));
  checkCudaErrors(cudaEventRecord(start, 0));
  normalize<<<blocks, 256>>>(d, dy, n);
  getLastCudaError("normalize failed");
  checkCudaErrors(cudaEventRecord(stop, 0));
  checkCudaErrors(cudaThreadSynchronize());
  float ms = -1.0f;
  checkCudaErrors(cudaEventElapsedTime(&ms, start, stop));
  float* y = new float[n];
  checkCudaErrors(cudaMemcpy(y, dy, n * sizeof(float), cudaMemcpyDeviceToHost));
  int bad = ms >= 0.0f ? 0 : 1;
  if (bad) std::printf("event time %f\n", ms);
  for (int b = 0; b < blocks; ++b) {
    double s = 0;
    for (int t = 0; t < 256 && b * 256 + t < n; ++t) s += h[b * 256 + t];
    for (int t = 0; t < 256 && b * 256 + t < n; ++t) if (!near(y[b * 256 + t], h[b * 256 + t] / s, 1e-5)) ++bad;
  }
  normalize<<<1, 2048>>>(d, dy, n);
  cudaError_t launch = cudaGetLastError();
  // CUDA 12 reports cudaErrorInvalidConfiguration here, CUDA 13 cudaErrorInvalidValue; the CPU runtime the former.
  if (launch != cudaErrorInvalidConfiguration && launch != cudaErrorInvalidValue) {
    ++bad;
    std::printf("launch error %d\n", (int)launch);
  }
  if (cudaGetLastError() != cudaSuccess) { ++bad; std::printf("error not cleared\n"); }
  checkCudaErrors(cudaFree(d));
  checkCudaErrors(cudaFree(dy));
  delete[] h; delete[] y;
  return finish("helpers_deprecated", bad);
}
