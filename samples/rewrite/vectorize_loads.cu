// Rewrite sample "vectorize loads": each thread scales four consecutive floats in a short loop, one
// scalar load and store per element. The rewrite loads and stores the four as one float4 when they are
// in range and 16-byte aligned, and keeps the scalar loop for the tail (n is not a multiple of 4) and
// for misaligned pointers. The host checks every element and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_N
#define SAMPLE_N ((1 << 22) + 3)
#endif

__global__ void scale4(const float* x, float* y, float a, int n) {
  int base = 4 * (blockIdx.x * blockDim.x + threadIdx.x);
  for (int j = 0; j < 4; ++j) {
    if (base + j < n) y[base + j] = a * x[base + j] + 1.0f;
  }
}

static void run(const float* dx, float* dy, int n) {
  const int block = 256;
  const int threads = (n + 3) / 4;
  scale4<<<(threads + block - 1) / block, block>>>(dx, dy, 0.5f, n);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int n = SAMPLE_N;
  const size_t bytes = (size_t)n * sizeof(float);
  float *hx = (float*)malloc(bytes), *hy = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) hx[i] = next_input();
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, bytes));
  CUDA_CHECK(cudaMalloc(&dy, bytes));
  CUDA_CHECK(cudaMemcpy(dx, hx, bytes, cudaMemcpyHostToDevice));
  run(dx, dy, n);
#ifdef SAMPLE_TIMING
  time_runs("vectorize_loads", [&] { run(dx, dy, n); });
#endif
  CUDA_CHECK(cudaMemcpy(hy, dy, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(hy[i], 0.5f * hx[i] + 1.0f)) ++wrong;
  CUDA_CHECK(cudaFree(dx)); CUDA_CHECK(cudaFree(dy));
  free(hx); free(hy);
  return finish("vectorize_loads", wrong, n);
}
