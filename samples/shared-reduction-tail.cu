// shared-reduction-tail: a block sum whose halving loop keeps __syncthreads() down to stride 1. The last five
// steps (strides 16..1) run inside one warp and could be five __shfl_down_sync steps without barriers.
#include "sample_check.h"
#define BLOCK 256

__global__ void block_sums(const float* __restrict__ in, float* __restrict__ partial, int n) {
  __shared__ float s[BLOCK];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * blockDim.x + tid;
  s[tid] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (unsigned int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (tid == 0) partial[blockIdx.x] = s[0];
}

int main() {
  const int n = 100000, blocks = (n + BLOCK - 1) / BLOCK;
  float* h = (float*)malloc(n * sizeof(float));
  float* p = (float*)malloc(blocks * sizeof(float));
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *din, *dp;
  CUDA_CHECK(cudaMalloc(&din, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dp, blocks * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(din, h, n * sizeof(float), cudaMemcpyHostToDevice));
  block_sums<<<blocks, BLOCK>>>(din, dp, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(p, dp, blocks * sizeof(float), cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int b = 0; b < blocks; ++b) {
    float want = 0.0f;
    for (int i = b * BLOCK; i < n && i < (b + 1) * BLOCK; ++i) want += h[i];
    if (!nearly_equal(p[b], want, 1e-4f, 1e-4f)) ++wrong;
  }
  CUDA_CHECK(cudaFree(din));
  CUDA_CHECK(cudaFree(dp));
  free(h); free(p);
  return finish("shared_reduction_tail", wrong, blocks);
}
