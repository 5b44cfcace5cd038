// register-spill: each thread keeps 64 loaded values live at once and __launch_bounds__(256, 4) caps it at
// 65536 / (256 x 4) = 64 registers, so ptxas spills to local memory (the rule reports it when nvcc ran).
#include "sample_check.h"

#define VALUES 64

__global__ void __launch_bounds__(256, 4) mix(const float* in, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v[VALUES];
#pragma unroll
  for (int k = 0; k < VALUES; ++k) v[k] = in[(size_t)k * n + i];
  float acc = 0.0f;
#pragma unroll
  for (int k = 0; k < VALUES; ++k) acc += v[k] * v[VALUES - 1 - k];
  out[i] = acc;
}

int main() {
  const int n = 1 << 14;
  const size_t in_bytes = (size_t)VALUES * n * sizeof(float), bytes = n * sizeof(float);
  float* h = (float*)malloc(in_bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < VALUES * n; ++i) h[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, in_bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(din, h, in_bytes, cudaMemcpyHostToDevice));
  mix<<<n / 256, 256>>>(din, dout, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    float want = 0.0f;
    for (int k = 0; k < VALUES; ++k) want += h[(size_t)k * n + i] * h[(size_t)(VALUES - 1 - k) * n + i];
    if (!nearly_equal(r[i], want, 1e-3f)) ++wrong;
  }
  CUDA_CHECK(cudaFree(din)); CUDA_CHECK(cudaFree(dout));
  free(h); free(r);
  return finish("register_spill", wrong, n);
}
