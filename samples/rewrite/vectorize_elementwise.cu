// Rewrite sample "vectorize an element-wise kernel": SAXPY, one float per thread. The rewrite reads and
// writes four floats per access (float4) when the pointers are 16-byte aligned, with a scalar loop for the
// tail; n is deliberately not a multiple of 4. The host checks and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_N
#define SAMPLE_N ((1 << 22) + 3)
#endif

__global__ void saxpy(const float* x, float* y, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

static void run(const float* dx, float* dy, int n) {
  const int block = 256;
  saxpy<<<(n + block - 1) / block, block>>>(dx, dy, 0.5f, n);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int n = SAMPLE_N;
  const size_t bytes = (size_t)n * sizeof(float);
  float *hx = (float*)malloc(bytes), *hy = (float*)malloc(bytes), *want = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) { hx[i] = next_input(); hy[i] = next_input(); want[i] = 0.5f * hx[i] + hy[i]; }
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, bytes));
  CUDA_CHECK(cudaMalloc(&dy, bytes));
  CUDA_CHECK(cudaMemcpy(dx, hx, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dy, hy, bytes, cudaMemcpyHostToDevice));
  run(dx, dy, n);
  CUDA_CHECK(cudaMemcpy(hy, dy, bytes, cudaMemcpyDeviceToHost));
#ifdef SAMPLE_TIMING
  time_runs("vectorize_elementwise", [&] { run(dx, dy, n); });
#endif
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(hy[i], want[i])) ++wrong;
  CUDA_CHECK(cudaFree(dx)); CUDA_CHECK(cudaFree(dy));
  free(hx); free(hy); free(want);
  return finish("vectorize_elementwise", wrong, n);
}
