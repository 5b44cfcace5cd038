// Legacy warp-synchronous code: the last-warp unrolled reduction through `volatile` shared memory (the
// pattern of the classic reduction kernels, written before __syncwarp). Each statement must run in
// lockstep across the 32 lanes for the sums to be right.
#include "check.h"

template <unsigned int blockSize>
__device__ void warp_reduce(volatile int* sdata, unsigned int tid) {
  if (blockSize >= 64) sdata[tid] += sdata[tid + 32];
  if (blockSize >= 32) sdata[tid] += sdata[tid + 16];
  if (blockSize >= 16) sdata[tid] += sdata[tid + 8];
  if (blockSize >= 8) sdata[tid] += sdata[tid + 4];
  if (blockSize >= 4) sdata[tid] += sdata[tid + 2];
  if (blockSize >= 2) sdata[tid] += sdata[tid + 1];
}

template <unsigned int blockSize>
__global__ void reduce6(const int* in, int* out, unsigned int n) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * (blockSize * 2) + tid;
  unsigned int gridSize = blockSize * 2 * gridDim.x;
  sdata[tid] = 0;
  while (i < n) {
    sdata[tid] += in[i] + (i + blockSize < n ? in[i + blockSize] : 0);
    i += gridSize;
  }
  __syncthreads();
  if (blockSize >= 256) { if (tid < 128) sdata[tid] += sdata[tid + 128]; __syncthreads(); }
  if (blockSize >= 128) { if (tid < 64) sdata[tid] += sdata[tid + 64]; __syncthreads(); }
  if (tid < 32) warp_reduce<blockSize>(sdata, tid);
  if (tid == 0) out[blockIdx.x] = sdata[0];
}

int main() {
  const int n = 100000, threads = 256, blocks = 64;
  int* h = new int[n];
  long long want = 0;
  for (int i = 0; i < n; ++i) { h[i] = (i * 7) % 13; want += h[i]; }
  int *d, *o;
  CK(cudaMalloc(&d, n * sizeof(int)));
  CK(cudaMalloc(&o, blocks * sizeof(int)));
  CK(cudaMemcpy(d, h, n * sizeof(int), cudaMemcpyHostToDevice));
  reduce6<threads><<<blocks, threads, threads * sizeof(int)>>>(d, o, n);
  int got[blocks];
  CK(cudaMemcpy(got, o, sizeof got, cudaMemcpyDeviceToHost));
  long long sum = 0;
  for (int b = 0; b < blocks; ++b) sum += got[b];
  delete[] h;
  return finish("warp_sync_volatile", sum == want ? 0 : 1);
}
