// host-sync-in-loop: an iterative update that copies a progress value back after every launch; the blocking
// cudaMemcpy and the explicit synchronisation drain the GPU each iteration.
#include "sample_check.h"

__global__ void decay(float* x, float* first, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= 0.9f;
  if (i == 0) *first = x[0];
}

int main() {
  const int n = 1 << 16, iters = 20;
  const size_t bytes = n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input() + 1.0f;
  float *d, *dfirst;
  CUDA_CHECK(cudaMalloc(&d, bytes));
  CUDA_CHECK(cudaMalloc(&dfirst, sizeof(float)));
  CUDA_CHECK(cudaMemcpy(d, h, bytes, cudaMemcpyHostToDevice));
  float first = 0.0f;
  for (int it = 0; it < iters; ++it) {
    decay<<<(n + 255) / 256, 256>>>(d, dfirst, n);
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaDeviceSynchronize());
    CUDA_CHECK(cudaMemcpy(&first, dfirst, sizeof(float), cudaMemcpyDeviceToHost));
  }
  CUDA_CHECK(cudaMemcpy(r, d, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    float want = h[i];
    for (int it = 0; it < iters; ++it) want *= 0.9f;
    if (!nearly_equal(r[i], want)) ++wrong;
  }
  if (!nearly_equal(first, r[0])) ++wrong;
  CUDA_CHECK(cudaFree(d));
  CUDA_CHECK(cudaFree(dfirst));
  free(h); free(r);
  return finish("host_sync_in_loop", wrong, n + 1);
}
