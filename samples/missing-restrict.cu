// missing-restrict: a fused multiply-add over three distinct buffers. No launch passes one buffer twice, but
// without __restrict__ the compiler must assume the store to `out` may change `a` and `b`. The quick fix
// adds `__restrict__` to all three and `const` to the two read-only inputs.
#include "sample_check.h"

__global__ void fma3(float* a, float* b, float* out, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    out[i] = a[i] * s + b[i];
    out[i] += a[i] * b[i];
  }
}

int main() {
  const int n = 100000;
  const size_t bytes = n * sizeof(float);
  float *ha = (float*)malloc(bytes), *hb = (float*)malloc(bytes), *hr = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) { ha[i] = next_input(); hb[i] = next_input(); }
  float *da, *db, *dout;
  CUDA_CHECK(cudaMalloc(&da, bytes));
  CUDA_CHECK(cudaMalloc(&db, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(da, ha, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(db, hb, bytes, cudaMemcpyHostToDevice));
  fma3<<<(n + 255) / 256, 256>>>(da, db, dout, 0.5f, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(hr, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) if (!nearly_equal(hr[i], ha[i] * 0.5f + hb[i] + ha[i] * hb[i])) ++wrong;
  CUDA_CHECK(cudaFree(da));
  CUDA_CHECK(cudaFree(db));
  CUDA_CHECK(cudaFree(dout));
  free(ha); free(hb); free(hr);
  return finish("missing_restrict", wrong, n);
}
