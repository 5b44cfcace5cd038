// Barriers inside loops: a uniform loop around a tree reduction, a barrier in a branch on a block-uniform
// condition, an early return of out-of-range threads before any barrier work, and a divergent while loop
// whose body holds a __syncwarp.
#include "check.h"
#define BLOCK 128

__global__ void block_sums(const float* in, float* out, int n, int passes) {
  __shared__ float buf[BLOCK];
  int g = blockIdx.x * BLOCK + threadIdx.x;
  float total = 0.0f;
  for (int p = 0; p < passes; ++p) {
    buf[threadIdx.x] = (g < n) ? in[g] * (p + 1) : 0.0f;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) buf[threadIdx.x] += buf[threadIdx.x + s];
      __syncthreads();
    }
    total += buf[0];
    __syncthreads();
  }
  if (blockIdx.x % 2 == 0) {
    buf[threadIdx.x] = total;
    __syncthreads();
    total = buf[BLOCK - 1 - threadIdx.x];
  }
  if (threadIdx.x == 0) out[blockIdx.x] = total;
}

__global__ void guarded_shift(const int* in, int* out, int n) {
  __shared__ int tile[BLOCK];
  int g = blockIdx.x * BLOCK + threadIdx.x;
  tile[threadIdx.x] = g < n ? in[g] : -1;
  __syncthreads();
  if (g >= n) return;
  int left = threadIdx.x > 0 ? tile[threadIdx.x - 1] : -2;
  __syncthreads();
  out[g] = left + tile[threadIdx.x];
}

// Each thread counts down its own number of steps; lanes leave the loop at different times.
__global__ void countdown(const int* steps, int* done, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int k = steps[i];
  int acc = 0;
  while (k > 0) {
    acc += k;
    __syncwarp(__activemask());
    --k;
  }
  done[i] = acc;
}

int main() {
  const int n = 1000, blocks = (n + BLOCK - 1) / BLOCK, passes = 3;
  float h[n];
  for (int i = 0; i < n; ++i) h[i] = next_unit();
  float *d, *dout;
  CK(cudaMalloc(&d, n * sizeof(float)));
  CK(cudaMalloc(&dout, blocks * sizeof(float)));
  CK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  block_sums<<<blocks, BLOCK>>>(d, dout, n, passes);
  float got[blocks];
  CK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; ++b) {
    double want = 0;
    for (int p = 0; p < passes; ++p)
      for (int t = 0; t < BLOCK; ++t) { int g = b * BLOCK + t; if (g < n) want += h[g] * (p + 1); }
    if (!near(got[b], want, 1e-4)) ++bad;
  }

  int hi[n], ho[n];
  for (int i = 0; i < n; ++i) hi[i] = i * 3 % 17;
  int *di, *dio;
  CK(cudaMalloc(&di, sizeof hi));
  CK(cudaMalloc(&dio, sizeof ho));
  CK(cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice));
  guarded_shift<<<blocks, BLOCK>>>(di, dio, n);
  CK(cudaMemcpy(ho, dio, sizeof ho, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    int left = (i % BLOCK) > 0 ? hi[i - 1] : -2;
    if (ho[i] != left + hi[i]) ++bad;
  }

  int steps[n], done[n];
  for (int i = 0; i < n; ++i) steps[i] = i % 37;
  CK(cudaMemcpy(di, steps, sizeof steps, cudaMemcpyHostToDevice));
  countdown<<<(n + 63) / 64, 64>>>(di, dio, n);
  CK(cudaMemcpy(done, dio, sizeof done, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) if (done[i] != steps[i] * (steps[i] + 1) / 2) ++bad;
  cudaFree(d); cudaFree(dout); cudaFree(di); cudaFree(dio);
  return finish("barrier_loops", bad);
}
