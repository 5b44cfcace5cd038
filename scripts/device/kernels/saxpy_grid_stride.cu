// y = a * x + y over 16M floats with a grid-stride loop and a fixed grid of 1024 blocks.
#include "timing.cuh"

__global__ void saxpy(float alpha, const float* x, float* y, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) y[i] = alpha * x[i] + y[i];
}

int main() {
  const int n = 1 << 24;
  float *x, *y;
  CK(cudaMalloc(&x, n * sizeof(float))); CK(cudaMalloc(&y, n * sizeof(float)));
  CK(cudaMemset(x, 0, n * sizeof(float))); CK(cudaMemset(y, 0, n * sizeof(float)));
  dim3 block(256), grid(1024);
  float us = time_launches([&] { saxpy<<<grid, block>>>(2.0f, x, y, n); }, 5, 100);
  report("saxpy", grid, block, us);
  return 0;
}
