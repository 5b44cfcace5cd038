// Shared timing helpers of the device measurement programs: a CUDA error check, and a function that
// warms a launch up and times many back-to-back launches with events, printing one CSV row
// `kernel,grid,block,us_per_launch` (grid and block as x:y:z so the row stays four fields).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define CK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
  std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(e_)); std::exit(1); } } while (0)

template <typename Launch>
float time_launches(Launch launch, int warmup, int iters) {
  for (int i = 0; i < warmup; ++i) launch();
  CK(cudaGetLastError());
  CK(cudaDeviceSynchronize());
  cudaEvent_t a, b;
  CK(cudaEventCreate(&a)); CK(cudaEventCreate(&b));
  CK(cudaEventRecord(a));
  for (int i = 0; i < iters; ++i) launch();
  CK(cudaEventRecord(b));
  CK(cudaEventSynchronize(b));
  CK(cudaGetLastError());
  float ms = 0.0f;
  CK(cudaEventElapsedTime(&ms, a, b));
  CK(cudaEventDestroy(a)); CK(cudaEventDestroy(b));
  return ms * 1000.0f / iters;
}

inline void report(const char* name, dim3 g, dim3 b, float us) {
  std::printf("%s,%u:%u:%u,%u:%u:%u,%.3f\n", name, g.x, g.y, g.z, b.x, b.y, b.z, us);
}
