// fusable-kernels: scale writes tmp[i] and add reads tmp[i] right after, over the same grid: one kernel could
// keep the value in a register and skip the round trip of tmp through DRAM.
#include "sample_check.h"

__global__ void scale(const float* x, float* tmp, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) tmp[i] = 2.0f * x[i];
}

__global__ void add(const float* tmp, const float* y, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tmp[i] + y[i];
}

int main() {
  const int n = 1 << 20;
  const size_t bytes = n * sizeof(float);
  float *hx = (float*)malloc(bytes), *hy = (float*)malloc(bytes), *hr = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) { hx[i] = next_input(); hy[i] = next_input(); }
  float *dx, *dy, *dtmp, *dout;
  CUDA_CHECK(cudaMalloc(&dx, bytes));
  CUDA_CHECK(cudaMalloc(&dy, bytes));
  CUDA_CHECK(cudaMalloc(&dtmp, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(dx, hx, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dy, hy, bytes, cudaMemcpyHostToDevice));
  const int block = 256;
  const int grid = (n + block - 1) / block;
  scale<<<grid, block>>>(dx, dtmp, n);
  CUDA_CHECK(cudaGetLastError());
  add<<<grid, block>>>(dtmp, dy, dout, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(hr, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(hr[i], 2.0f * hx[i] + hy[i])) ++wrong;
  CUDA_CHECK(cudaFree(dx)); CUDA_CHECK(cudaFree(dy)); CUDA_CHECK(cudaFree(dtmp)); CUDA_CHECK(cudaFree(dout));
  free(hx); free(hy); free(hr);
  return finish("fusable_kernels", wrong, n);
}
