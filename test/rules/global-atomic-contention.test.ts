// Caret table for global-atomic-contention: atomics on one global address from every thread fire (a
// pointer, a fixed element, a __device__ counter, inside a grid-stride loop); per-thread addresses,
// one-thread-per-block atomics, shared-memory atomics and one-warp launches stay silent.
import { strict as assert } from 'assert';
import { checkRule } from './harness';

describe('global-atomic-contention', () => {
  it('fires on every thread adding into one pointer, with the launch\'s thread count', async () => {
    const [f] = await checkRule('global-atomic-contention', `
__global__ void sum(const float* x, float* total, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(total, x[i]);
           //^^^^^^^^^^^^^^^^^^^^^^ global-atomic-contention: all 1,048,576 threads
}
void run(const float* x, float* t) { sum<<<4096, 256>>>(x, t, 1 << 20); }`);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /4,096 atomics \(one per block\) instead of 1,048,576/);
    assert.match(f.related?.[0]?.message ?? '', /launch: 4096 blocks of 256 threads/);
  });

  it('fires on a fixed element, a __device__ counter and inside a grid-stride loop', async () => {
    await checkRule('global-atomic-contention', `
__device__ unsigned int hits;
__global__ void count(const float* x, unsigned int* c, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    if (x[i] > 0.5f) atomicAdd(&c[0], 1u);
                   //^^^^^^^^^^^^^^^^^^^^ global-atomic-contention
    atomicAdd(&hits, 1u);
  //^^^^^^^^^^^^^^^^^^^^ global-atomic-contention
  }
}`);
  });

  it('stays silent on per-thread addresses, elected threads, shared atomics and one-warp launches', async () => {
    await checkRule('global-atomic-contention', `
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
__global__ void ok(const int* data, int* bins, float* total, float* per_block, int n) {
  __shared__ float s;
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  atomicAdd(&bins[data[i] % 64], 1);
  atomicAdd(&per_block[i], 1.0f);
  atomicAdd(&s, 1.0f);
  __syncthreads();
  if (threadIdx.x == 0) atomicAdd(total, s);
  int lane = threadIdx.x % 32;
  if (lane == 0) atomicAdd(&total[1], 1.0f);
  atomicAdd(&per_block[blockIdx.x], 1.0f);
}
__global__ void lock(int* mutex, int* flag) {
  while (atomicCAS(mutex, 0, 1) != 0) {}
  atomicExch(flag, 1);
  atomicExch(mutex, 0);
}
__global__ void cgsum(const float* x, float* out, int n) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<32> tile = cg::tiled_partition<32>(block);
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = cg::reduce(tile, i < n ? x[i] : 0.0f, cg::plus<float>());
  if (tile.thread_rank() == 0) atomicAdd(out, v);
}
__global__ void tiny(float* t) { atomicAdd(t, 1.0f); }
void run(float* t) { tiny<<<1, 32>>>(t); }`);
  });
});
