// shared-race: a loop reloads a shared tile every repetition but has only one barrier, so a fast warp can
// overwrite tile[threadIdx.x] for the next repetition while a slow neighbour still reads it in this one.
// Here every repetition stores the same values, so the race is harmless and the result is right; with
// values that change per repetition the sum would depend on scheduling. A second __syncthreads() at the
// end of the loop body removes it.
#include "sample_check.h"

#define BLOCK 128
#define REPS 4

__global__ void neighbour_sums(const float* in, float* out) {
  __shared__ float tile[BLOCK + 1];
  int i = blockIdx.x * BLOCK + threadIdx.x;
  if (threadIdx.x == 0) tile[BLOCK] = 0.0f;
  float acc = 0.0f;
  for (int r = 0; r < REPS; ++r) {
    tile[threadIdx.x] = in[i];
    __syncthreads();
    acc += (r + 1) * (tile[threadIdx.x] + tile[threadIdx.x + 1]);
  }
  out[i] = acc;
}

int main() {
  const int blocks = 64, n = blocks * BLOCK;
  const size_t bytes = n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(din, h, bytes, cudaMemcpyHostToDevice));
  neighbour_sums<<<blocks, BLOCK>>>(din, dout);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    float right = (i % BLOCK == BLOCK - 1) ? 0.0f : h[i + 1];
    float want = 0.0f;
    for (int k = 0; k < REPS; ++k) want += (k + 1) * (h[i] + right);
    if (!nearly_equal(r[i], want)) ++wrong;
  }
  CUDA_CHECK(cudaFree(din));
  CUDA_CHECK(cudaFree(dout));
  free(h); free(r);
  return finish("shared_race", wrong, n);
}
