// launch-in-loop: 200 time steps of a 4096-element update, one launch each. Each launch does ~2 µs of GPU
// work but costs ~4 µs to issue, so the loop runs at the CPU's launch rate.
#include "sample_check.h"

__global__ void relax(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = 0.5f * x[i] + 0.25f;
}

int main() {
  const int n = 4096, steps = 200;
  const size_t bytes = n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float* d;
  CUDA_CHECK(cudaMalloc(&d, bytes));
  CUDA_CHECK(cudaMemcpy(d, h, bytes, cudaMemcpyHostToDevice));
  for (int s = 0; s < steps; ++s) {
    relax<<<(n + 255) / 256, 256>>>(d, n);
  }
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, d, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    float want = h[i];
    for (int s = 0; s < steps; ++s) want = 0.5f * want + 0.25f;
    if (!nearly_equal(r[i], want)) ++wrong;
  }
  CUDA_CHECK(cudaFree(d));
  free(h); free(r);
  return finish("launch_in_loop", wrong, n);
}
