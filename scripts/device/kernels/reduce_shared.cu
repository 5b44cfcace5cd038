// Block sums of 16M floats: each 256-thread block loads its elements into shared memory and halves the
// active threads each step; one partial sum per block.
#include "timing.cuh"

__global__ void reduce_shared(const float* x, float* partial, int n) {
  __shared__ float s[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

int main() {
  const int n = 1 << 24;
  float *x, *p;
  CK(cudaMalloc(&x, n * sizeof(float))); CK(cudaMalloc(&p, (n / 256) * sizeof(float)));
  CK(cudaMemset(x, 0, n * sizeof(float)));
  dim3 block(256), grid(n / 256);
  float us = time_launches([&] { reduce_shared<<<grid, block>>>(x, p, n); }, 5, 100);
  report("reduce_shared", grid, block, us);
  return 0;
}
