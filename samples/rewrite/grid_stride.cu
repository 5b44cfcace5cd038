// Rewrite sample "grid-stride loop": one thread per element with a grid rounded up to cover n. The rewrite
// turns the kernel into a grid-stride loop and sizes the grid to fill the target GPU once (SM count times
// resident blocks per SM). The host checks every element and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_N
#define SAMPLE_N (1 << 22)
#endif

__global__ void squash(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = x[i] / (1.0f + fabsf(x[i]));
}

static void run(const float* dx, float* dy, int n) {
  squash<<<(n + 255) / 256, 256>>>(dx, dy, n);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int n = SAMPLE_N;
  const size_t bytes = (size_t)n * sizeof(float);
  float *hx = (float*)malloc(bytes), *hy = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) hx[i] = 4.0f * next_input() - 2.0f;
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, bytes));
  CUDA_CHECK(cudaMalloc(&dy, bytes));
  CUDA_CHECK(cudaMemcpy(dx, hx, bytes, cudaMemcpyHostToDevice));
  run(dx, dy, n);
#ifdef SAMPLE_TIMING
  time_runs("grid_stride", [&] { run(dx, dy, n); });
#endif
  CUDA_CHECK(cudaMemcpy(hy, dy, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(hy[i], hx[i] / (1.0f + std::fabs(hx[i])))) ++wrong;
  CUDA_CHECK(cudaFree(dx)); CUDA_CHECK(cudaFree(dy));
  free(hx); free(hy);
  return finish("grid_stride", wrong, n);
}
