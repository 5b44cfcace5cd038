// unchecked-cuda-call: the copy back, the frees and the launch are not checked, although the file has a check
// macro (CUDA_CHECK from sample_check.h). The quick fix wraps them in it.
#include "sample_check.h"

__global__ void negate(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = -x[i];
}

int main() {
  const int n = 1 << 16;
  const size_t bytes = n * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* r = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float* d;
  CUDA_CHECK(cudaMalloc(&d, bytes));
  CUDA_CHECK(cudaMemcpy(d, h, bytes, cudaMemcpyHostToDevice));
  negate<<<(n + 255) / 256, 256>>>(d, n);
  cudaMemcpy(r, d, bytes, cudaMemcpyDeviceToHost);
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (r[i] != -h[i]) ++wrong;
  cudaFree(d);
  free(h); free(r);
  return finish("unchecked_cuda_call", wrong, n);
}
