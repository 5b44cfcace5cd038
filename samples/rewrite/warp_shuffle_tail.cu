// Rewrite sample "warp-shuffle reduction tail": a block-wide sum in shared memory that halves the stride
// with a __syncthreads() at every step, including the last five steps where only one warp is active.
// The rewrite finishes the last 64 partial sums with __shfl_down_sync. The host checks every block's sum
// and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_N
#define SAMPLE_N (1 << 22)
#endif
#define BLOCK 256

__global__ void block_sum(const float* in, float* partial, int n) {
  __shared__ float sdata[BLOCK];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
  sdata[tid] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) sdata[tid] += sdata[tid + s];
    __syncthreads();
  }
  if (tid == 0) partial[blockIdx.x] = sdata[0];
}

static void run(const float* din, float* dpartial, int n) {
  block_sum<<<(n + BLOCK - 1) / BLOCK, BLOCK>>>(din, dpartial, n);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int n = SAMPLE_N;
  const int blocks = (n + BLOCK - 1) / BLOCK;
  float* hin = (float*)malloc((size_t)n * sizeof(float));
  float* hpartial = (float*)malloc((size_t)blocks * sizeof(float));
  for (int i = 0; i < n; ++i) hin[i] = next_input();
  float *din, *dpartial;
  CUDA_CHECK(cudaMalloc(&din, (size_t)n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dpartial, (size_t)blocks * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(din, hin, (size_t)n * sizeof(float), cudaMemcpyHostToDevice));
  run(din, dpartial, n);
#ifdef SAMPLE_TIMING
  time_runs("warp_shuffle_tail", [&] { run(din, dpartial, n); });
#endif
  CUDA_CHECK(cudaMemcpy(hpartial, dpartial, (size_t)blocks * sizeof(float), cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int b = 0; b < blocks; ++b) {
    float want = 0.0f;
    for (int i = b * BLOCK; i < n && i < (b + 1) * BLOCK; ++i) want += hin[i];
    if (!nearly_equal(hpartial[b], want, 1e-4f, 1e-3f)) ++wrong;
  }
  CUDA_CHECK(cudaFree(din)); CUDA_CHECK(cudaFree(dpartial));
  free(hin); free(hpartial);
  return finish("warp_shuffle_tail", wrong, blocks);
}
