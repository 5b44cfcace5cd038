// Rewrite sample "fuse kernels": two element-wise kernels launched back to back over the same index
// space, the second reading what the first wrote. Fusing them saves one launch and one round trip of the
// intermediate array through DRAM. The host checks every element and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_N
#define SAMPLE_N (1 << 22)
#endif

__global__ void scale(const float* x, float* tmp, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) tmp[i] = x[i] * s;
}

__global__ void add_bias(const float* tmp, const float* bias, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float v = tmp[i] + bias[i];
    out[i] = v > 0.0f ? v : 0.0f;
  }
}

static void run(const float* dx, float* dtmp, const float* dbias, float* dout, int n) {
  const int block = 256;
  scale<<<(n + block - 1) / block, block>>>(dx, dtmp, 1.5f, n);
  add_bias<<<(n + block - 1) / block, block>>>(dtmp, dbias, dout, n);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int n = SAMPLE_N;
  const size_t bytes = (size_t)n * sizeof(float);
  float *hx = (float*)malloc(bytes), *hbias = (float*)malloc(bytes), *hout = (float*)malloc(bytes);
  for (int i = 0; i < n; ++i) { hx[i] = next_input() - 0.5f; hbias[i] = next_input() - 0.5f; }
  float *dx, *dtmp, *dbias, *dout;
  CUDA_CHECK(cudaMalloc(&dx, bytes));
  CUDA_CHECK(cudaMalloc(&dtmp, bytes));
  CUDA_CHECK(cudaMalloc(&dbias, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(dx, hx, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dbias, hbias, bytes, cudaMemcpyHostToDevice));
  run(dx, dtmp, dbias, dout, n);
#ifdef SAMPLE_TIMING
  time_runs("fuse_kernels", [&] { run(dx, dtmp, dbias, dout, n); });
#endif
  CUDA_CHECK(cudaMemcpy(hout, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    float v = hx[i] * 1.5f + hbias[i];
    if (!nearly_equal(hout[i], v > 0.0f ? v : 0.0f)) ++wrong;
  }
  CUDA_CHECK(cudaFree(dx)); CUDA_CHECK(cudaFree(dtmp)); CUDA_CHECK(cudaFree(dbias)); CUDA_CHECK(cudaFree(dout));
  free(hx); free(hbias); free(hout);
  return finish("fuse_kernels", wrong, n);
}
