// fp64-on-consumer-gpu: `0.5` and `1.0` are double literals, so on a GPU with 1/64-rate FP64 (RTX 4090, L4,
// L40S) the float math below runs on the slow FP64 units. The quick fix writes `0.5f` and `1.0f`.
#include "sample_check.h"

__global__ void smooth(const float* __restrict__ x, float* __restrict__ y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = x[i] * 0.5 + 1.0;
}

int main() {
  const int n = 100000;
  float* h = (float*)malloc(n * sizeof(float));
  float* r = (float*)malloc(n * sizeof(float));
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dy, n * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(dx, h, n * sizeof(float), cudaMemcpyHostToDevice));
  smooth<<<(n + 255) / 256, 256>>>(dx, dy, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dy, n * sizeof(float), cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(r[i], h[i] * 0.5f + 1.0f)) ++wrong;
  CUDA_CHECK(cudaFree(dx));
  CUDA_CHECK(cudaFree(dy));
  free(h); free(r);
  return finish("fp64_on_consumer_gpu", wrong, n);
}
