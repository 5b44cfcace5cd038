// 2048^3 FP32 matrix product, one output per thread, k loop reading A and B from global memory.
#include "timing.cuh"

__global__ void matmul_naive(const float* a, const float* b, float* c, int n) {
  int r = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  float s = 0.0f;
  for (int k = 0; k < n; ++k) s += a[r * n + k] * b[k * n + col];
  c[r * n + col] = s;
}

int main() {
  const int n = 2048;
  float *a, *b, *c;
  CK(cudaMalloc(&a, sizeof(float) * n * n)); CK(cudaMalloc(&b, sizeof(float) * n * n)); CK(cudaMalloc(&c, sizeof(float) * n * n));
  CK(cudaMemset(a, 0, sizeof(float) * n * n)); CK(cudaMemset(b, 0, sizeof(float) * n * n));
  dim3 block(16, 16), grid(n / 16, n / 16);
  float us = time_launches([&] { matmul_naive<<<grid, block>>>(a, b, c, n); }, 2, 10);
  report("matmul_naive", grid, block, us);
  return 0;
}
