// A header holding device code: a block-wide sum through shared memory with barriers, used by a kernel
// in another file (the translator inlines it there).
#pragma once

template <int BLOCK>
__device__ float block_sum(float v) {
  __shared__ float scratch[BLOCK];
  scratch[threadIdx.x] = v;
  __syncthreads();
  for (int s = BLOCK / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) scratch[threadIdx.x] += scratch[threadIdx.x + s];
    __syncthreads();
  }
  float r = scratch[0];
  __syncthreads();
  return r;
}
