// divergent-barrier: threads past the end return before __syncthreads(). Here n is a multiple of the block
// size, so no thread actually leaves and the result is right; with any other n the block would wait on
// threads that never arrive (undefined behaviour).
#include "sample_check.h"

#define BLOCK 256

__global__ void reverse_blocks(const float* in, float* out, int n) {
  __shared__ float s[BLOCK];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  s[threadIdx.x] = in[i];
  __syncthreads();
  out[i] = s[BLOCK - 1 - threadIdx.x];
}

int main() {
  const int n = 64 * BLOCK;
  const size_t bytes = n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(din, h, bytes, cudaMemcpyHostToDevice));
  reverse_blocks<<<n / BLOCK, BLOCK>>>(din, dout, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    int b = i / BLOCK, t = i % BLOCK;
    if (r[i] != h[b * BLOCK + BLOCK - 1 - t]) ++wrong;
  }
  CUDA_CHECK(cudaFree(din));
  CUDA_CHECK(cudaFree(dout));
  free(h); free(r);
  return finish("divergent_barrier", wrong, n);
}
