// warp-divergence: even and odd lanes take different, equally expensive branches, so every warp runs both
// branches one after the other. Branching on the warp index (threadIdx.x / 32) would keep warps uniform.
#include "sample_check.h"

__global__ void even_odd(const float* __restrict__ x, float* __restrict__ y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  if (threadIdx.x % 2 == 0) {
    y[i] = sinf(v) * 2.0f + v * v;
  } else {
    y[i] = cosf(v) * 3.0f - v * 0.5f;
  }
}

int main() {
  const int n = 100000;
  float* h = (float*)malloc(n * sizeof(float));
  float* r = (float*)malloc(n * sizeof(float));
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dy, n * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(dx, h, n * sizeof(float), cudaMemcpyHostToDevice));
  even_odd<<<(n + 255) / 256, 256>>>(dx, dy, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dy, n * sizeof(float), cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    float v = h[i];
    float want = (i % 256) % 2 == 0 ? std::sin(v) * 2.0f + v * v : std::cos(v) * 3.0f - v * 0.5f;
    if (!nearly_equal(r[i], want, 1e-4f, 1e-5f)) ++wrong;
  }
  CUDA_CHECK(cudaFree(dx));
  CUDA_CHECK(cudaFree(dy));
  free(h); free(r);
  return finish("warp_divergence", wrong, n);
}
