// three-pass-softmax: one warp per row, lanes striding over the columns (coalesced); the row is still read
// three times: for the maximum, for the sum of exponentials and for the normalisation. Online softmax
// folds the maximum into the sum pass and reads the row twice.
#include "sample_check.h"

__device__ float warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

__device__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

__global__ void softmax_rows(const float* __restrict__ x, float* __restrict__ y, int cols) {
  const float* xr = x + blockIdx.x * cols;
  float* yr = y + blockIdx.x * cols;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += 32) m = fmaxf(m, xr[c]);
  m = warp_max(m);
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += 32) sum += expf(xr[c] - m);
  sum = warp_sum(sum);
  for (int c = threadIdx.x; c < cols; c += 32) yr[c] = expf(xr[c] - m) / sum;
}

int main() {
  const int rows = 256, cols = 200;
  const size_t bytes = (size_t)rows * cols * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < rows * cols; ++i) h[i] = 8.0f * next_input() - 4.0f;
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, bytes));
  CUDA_CHECK(cudaMalloc(&dy, bytes));
  CUDA_CHECK(cudaMemcpy(dx, h, bytes, cudaMemcpyHostToDevice));
  softmax_rows<<<rows, 32>>>(dx, dy, cols);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dy, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < rows; ++i) {
    float m = -INFINITY, s = 0.0f;
    for (int c = 0; c < cols; ++c) m = std::fmax(m, h[i * cols + c]);
    for (int c = 0; c < cols; ++c) s += std::exp(h[i * cols + c] - m);
    for (int c = 0; c < cols; ++c)
      if (!nearly_equal(r[i * cols + c], std::exp(h[i * cols + c] - m) / s, 1e-3f, 1e-6f)) ++wrong;
  }
  CUDA_CHECK(cudaFree(dx));
  CUDA_CHECK(cudaFree(dy));
  free(h); free(r);
  return finish("three_pass_softmax", wrong, rows * cols);
}
