// launch-grid-too-small: 8192 elements in blocks of 256 make 32 blocks, so on a 132-SM H100 100 SMs get no
// work. The result is right; most of the GPU idles.
#include "sample_check.h"

__global__ void scale(float* x, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= s;
}

int main() {
  const int n = 8192;
  const size_t bytes = n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float* d;
  CUDA_CHECK(cudaMalloc(&d, bytes));
  CUDA_CHECK(cudaMemcpy(d, h, bytes, cudaMemcpyHostToDevice));
  scale<<<(n + 255) / 256, 256>>>(d, 3.0f, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, d, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(r[i], 3.0f * h[i])) ++wrong;
  CUDA_CHECK(cudaFree(d));
  free(h); free(r);
  return finish("launch_grid_too_small", wrong, n);
}
