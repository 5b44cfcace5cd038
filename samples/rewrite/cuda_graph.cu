// Rewrite sample "CUDA graph for a launch loop": a time-stepping loop launches three tiny kernels per
// step with the same arguments every time, so launch overhead, not the kernels, sets the pace. Capturing
// one step as a CUDA graph and replaying it cuts the per-launch CPU cost. The host replays the same
// steps and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_N
#define SAMPLE_N 4096
#endif
#define STEPS 200

__global__ void decay(float* u, float rate, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) u[i] = u[i] * rate;
}

__global__ void inject(float* u, const float* src, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) u[i] = u[i] + 0.01f * src[i];
}

__global__ void clamp_max(float* u, float hi, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && u[i] > hi) u[i] = hi;
}

static void run(float* du, const float* dsrc) {
  const int n = SAMPLE_N;
  const int block = 128;
  const int grid = (n + block - 1) / block;
  for (int step = 0; step < STEPS; ++step) {
    decay<<<grid, block>>>(du, 0.99f, n);
    inject<<<grid, block>>>(du, dsrc, n);
    clamp_max<<<grid, block>>>(du, 0.75f, n);
  }
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
}

int main() {
  const int n = SAMPLE_N;
  const size_t bytes = (size_t)n * sizeof(float);
  float *hu = (float*)malloc(bytes), *hsrc = (float*)malloc(bytes), *want = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) { hu[i] = next_input(); hsrc[i] = next_input(); want[i] = hu[i]; }
  float *du, *dsrc;
  CUDA_CHECK(cudaMalloc(&du, bytes));
  CUDA_CHECK(cudaMalloc(&dsrc, bytes));
  CUDA_CHECK(cudaMemcpy(du, hu, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dsrc, hsrc, bytes, cudaMemcpyHostToDevice));
  run(du, dsrc);
  CUDA_CHECK(cudaMemcpy(hu, du, bytes, cudaMemcpyDeviceToHost));
#ifdef SAMPLE_TIMING
  time_runs("cuda_graph", [&] { run(du, dsrc); });
#endif
  for (int step = 0; step < STEPS; ++step) {
    for (int i = 0; i < n; ++i) {
      want[i] = want[i] * 0.99f;
      want[i] = want[i] + 0.01f * hsrc[i];
      if (want[i] > 0.75f) want[i] = 0.75f;
    }
  }
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(hu[i], want[i], 1e-3f)) ++wrong;
  CUDA_CHECK(cudaFree(du)); CUDA_CHECK(cudaFree(dsrc));
  free(hu); free(hsrc); free(want);
  return finish("cuda_graph", wrong, n);
}
