// launch-block-size: a block of 100 threads is not a whole number of warps, so every block issues 4 warps
// (128 lanes) of which 28 lanes idle. The kernel is guarded, so the result is right; only lanes are wasted.
#include "sample_check.h"

__global__ void square(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = in[i] * in[i];
}

int main() {
  const int n = 100000;
  const size_t bytes = n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(din, h, bytes, cudaMemcpyHostToDevice));
  const int threads = 100;
  square<<<(n + threads - 1) / threads, threads>>>(din, dout, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(r[i], h[i] * h[i])) ++wrong;
  CUDA_CHECK(cudaFree(din));
  CUDA_CHECK(cudaFree(dout));
  free(h); free(r);
  return finish("launch_block_size", wrong, n);
}
