// global-atomic-contention: every thread adds its element straight into one global counter, so all
// 262,144 updates of `total` are serialised. Reducing within the block first leaves one atomic per block.
// Inputs are multiples of 1/16 so the float sum is exact in any order.
#include "sample_check.h"

__global__ void count_above(const float* __restrict__ x, float* __restrict__ total, int n, float threshold) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && x[i] > threshold) atomicAdd(total, x[i]);
}

int main() {
  const int n = 1 << 18;
  float* h = (float*)malloc(n * sizeof(float));
  for (int i = 0; i < n; ++i) h[i] = (float)(int)(16.0f * next_input()) / 16.0f;
  float *dx, *dtotal, got = 0.0f;
  CUDA_CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dtotal, sizeof(float)));
  CUDA_CHECK(cudaMemcpy(dx, h, n * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(dtotal, 0, sizeof(float)));
  count_above<<<n / 256, 256>>>(dx, dtotal, n, 0.5f);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(&got, dtotal, sizeof(float), cudaMemcpyDeviceToHost));
  double want = 0.0;
  for (int i = 0; i < n; ++i) if (h[i] > 0.5f) want += h[i];
  CUDA_CHECK(cudaFree(dx));
  CUDA_CHECK(cudaFree(dtotal));
  free(h);
  return finish("global_atomic_contention", got == (float)want ? 0 : 1, 1);
}
