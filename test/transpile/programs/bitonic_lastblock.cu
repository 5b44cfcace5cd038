// Nested barrier loops (a bitonic sorting network in shared memory) and the __threadfence last-block
// pattern: each block writes a partial sum, takes a ticket with atomicInc, and the last block adds them up.
#include "check.h"
#define N 512

__global__ void bitonic_sort(int* data) {
  __shared__ int s[N];
  unsigned t = threadIdx.x;
  s[t] = data[blockIdx.x * N + t];
  __syncthreads();
  for (unsigned k = 2; k <= N; k <<= 1) {
    for (unsigned j = k >> 1; j > 0; j >>= 1) {
      unsigned p = t ^ j;
      if (p > t) {
        bool up = (t & k) == 0;
        if ((s[t] > s[p]) == up) { int tmp = s[t]; s[t] = s[p]; s[p] = tmp; }
      }
      __syncthreads();
    }
  }
  data[blockIdx.x * N + t] = s[t];
}

__device__ unsigned int blocks_done = 0;

__global__ void sum_last_block(const float* x, float* partials, float* total, int n) {
  __shared__ float s[256];
  __shared__ bool is_last;
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w /= 2) {
    if (threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w];
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    partials[blockIdx.x] = s[0];
    __threadfence();
    unsigned ticket = atomicInc(&blocks_done, gridDim.x);
    is_last = (ticket == gridDim.x - 1);
  }
  __syncthreads();
  if (is_last && threadIdx.x == 0) {
    float sum = 0.0f;
    for (int b = 0; b < gridDim.x; ++b) sum += partials[b];
    *total = sum;
    blocks_done = 0;
  }
}

int main() {
  const int blocks = 3;
  int h[blocks * N];
  for (int i = 0; i < blocks * N; ++i) h[i] = (i * 7919) % 1000 - 500;
  int* d;
  CK(cudaMalloc(&d, sizeof h));
  CK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  bitonic_sort<<<blocks, N>>>(d);
  int got[blocks * N];
  CK(cudaMemcpy(got, d, sizeof got, cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; ++b) {
    long long sum_in = 0, sum_out = 0;
    for (int t = 0; t < N; ++t) { sum_in += h[b * N + t]; sum_out += got[b * N + t]; }
    if (sum_in != sum_out) ++bad;
    for (int t = 1; t < N; ++t) if (got[b * N + t - 1] > got[b * N + t]) ++bad;
  }
  const int n = 10000, threads = 256, nb = (n + threads - 1) / threads;
  float* hx = new float[n];
  double want = 0;
  for (int i = 0; i < n; ++i) { hx[i] = next_unit(); want += hx[i]; }
  float *dx, *dp, *dt;
  CK(cudaMalloc(&dx, n * sizeof(float))); CK(cudaMalloc(&dp, nb * sizeof(float))); CK(cudaMalloc(&dt, sizeof(float)));
  CK(cudaMemcpy(dx, hx, n * sizeof(float), cudaMemcpyHostToDevice));
  for (int rep = 0; rep < 2; ++rep) {
    CK(cudaMemset(dt, 0, sizeof(float)));
    sum_last_block<<<nb, threads>>>(dx, dp, dt, n);
    float total = 0;
    CK(cudaMemcpy(&total, dt, sizeof total, cudaMemcpyDeviceToHost));
    if (!near(total, want, 1e-4)) ++bad;
  }
  delete[] hx;
  return finish("bitonic_lastblock", bad);
}
