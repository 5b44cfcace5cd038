// Element-wise c = a + b over 16M floats, one element per thread: a pure DRAM streaming kernel.
#include "timing.cuh"

__global__ void vector_add(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

int main() {
  const int n = 1 << 24;
  float *a, *b, *c;
  CK(cudaMalloc(&a, n * sizeof(float))); CK(cudaMalloc(&b, n * sizeof(float))); CK(cudaMalloc(&c, n * sizeof(float)));
  CK(cudaMemset(a, 0, n * sizeof(float))); CK(cudaMemset(b, 0, n * sizeof(float)));
  dim3 block(256), grid((n + 255) / 256);
  float us = time_launches([&] { vector_add<<<grid, block>>>(a, b, c, n); }, 5, 100);
  report("vector_add", grid, block, us);
  return 0;
}
