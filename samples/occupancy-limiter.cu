// occupancy-limiter: each 128-thread block holds a 48 KB shared buffer, so an H100 SM (228 KB) fits only 4
// blocks = 16 of its 64 warps (25% occupancy), limited by shared memory.
#include "sample_check.h"

#define THREADS 128
#define SLOTS 12288

// Each block stages a 12288-float window of the input in shared memory and reverses it.
__global__ void reverse_window(const float* in, float* out) {
  __shared__ float window[SLOTS];
  const float* src = in + (size_t)blockIdx.x * SLOTS;
  for (int j = threadIdx.x; j < SLOTS; j += THREADS) window[j] = src[j];
  __syncthreads();
  float* dst = out + (size_t)blockIdx.x * SLOTS;
  for (int j = threadIdx.x; j < SLOTS; j += THREADS) dst[j] = window[SLOTS - 1 - j];
}

int main() {
  const int blocks = 264;
  const int n = blocks * SLOTS;
  const size_t bytes = (size_t)n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(din, h, bytes, cudaMemcpyHostToDevice));
  reverse_window<<<blocks, THREADS>>>(din, dout);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int b = 0; b < blocks; ++b)
    for (int j = 0; j < SLOTS; ++j)
      if (r[b * SLOTS + j] != h[b * SLOTS + SLOTS - 1 - j]) ++wrong;
  CUDA_CHECK(cudaFree(din));
  CUDA_CHECK(cudaFree(dout));
  free(h); free(r);
  return finish("occupancy_limiter", wrong, n);
}
