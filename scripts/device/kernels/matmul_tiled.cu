// 2048^3 FP32 matrix product through 32x32 shared-memory tiles.
#include "timing.cuh"
#define TS 32

__global__ void matmul_tiled(const float* a, const float* b, float* c, int n) {
  __shared__ float sa[TS][TS];
  __shared__ float sb[TS][TS];
  int r = blockIdx.y * TS + threadIdx.y;
  int col = blockIdx.x * TS + threadIdx.x;
  float s = 0.0f;
  for (int t = 0; t < n / TS; ++t) {
    sa[threadIdx.y][threadIdx.x] = a[r * n + t * TS + threadIdx.x];
    sb[threadIdx.y][threadIdx.x] = b[(t * TS + threadIdx.y) * n + col];
    __syncthreads();
    for (int k = 0; k < TS; ++k) s += sa[threadIdx.y][k] * sb[k][threadIdx.x];
    __syncthreads();
  }
  c[r * n + col] = s;
}

int main() {
  const int n = 2048;
  float *a, *b, *c;
  CK(cudaMalloc(&a, sizeof(float) * n * n)); CK(cudaMalloc(&b, sizeof(float) * n * n)); CK(cudaMalloc(&c, sizeof(float) * n * n));
  CK(cudaMemset(a, 0, sizeof(float) * n * n)); CK(cudaMemset(b, 0, sizeof(float) * n * n));
  dim3 block(TS, TS), grid(n / TS, n / TS);
  float us = time_launches([&] { matmul_tiled<<<grid, block>>>(a, b, c, n); }, 2, 10);
  report("matmul_tiled", grid, block, us);
  return 0;
}
