// Caret table for divergent-barrier: barriers under thread-dependent conditions, in loops with
// thread-dependent trip counts and after early returns; near-misses with block-uniform conditions,
// barriers after the branch and returns after the last barrier.
import { strict as assert } from 'assert';
import { checkRule } from './harness';

describe('divergent-barrier', () => {
  it('reports a barrier under a thread-dependent condition', async () => {
    const [f] = await checkRule('divergent-barrier', `
__global__ void k(float* x) {
  __shared__ float s[256];
  int tid = threadIdx.x;
  if (tid < 32) {
    s[tid] = x[tid];
    __syncthreads();
  //^^^^^^^^^^^^^^^ divergent-barrier: \`tid < 32\`
  }
  x[tid] = s[tid % 32];
}`);
    assert.equal(f.severity, 'error');
    assert.equal(f.related?.[0].range.start.line, 4);
  });

  it('reports barriers in an else branch and in one case of a switch on the thread index', async () => {
    await checkRule('divergent-barrier', `
__global__ void k(float* x) {
  if (threadIdx.x < 32) {
    x[threadIdx.x] = 1.0f;
  } else {
    __syncthreads();
  //^^^^^^^^^^^^^^^ divergent-barrier: \`threadIdx.x < 32\` is false
  }
  switch (threadIdx.x % 4) {
    case 0:
      __syncthreads();
    //^^^^^^^^^^^^^^^ divergent-barrier: one case of
      break;
    default:
      break;
  }
}`);
  });

  it('reports a barrier after an early return of some threads', async () => {
    await checkRule('divergent-barrier', `
__global__ void k(const float* in, float* out, int n) {
  __shared__ float s[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  s[threadIdx.x] = in[i];
  __syncthreads();
//^^^^^^^^^^^^^^^ divergent-barrier: return at line 5
  out[i] = s[255 - threadIdx.x];
}`);
  });

  it('reports a barrier in a loop whose trip count differs between threads', async () => {
    await checkRule('divergent-barrier', `
__global__ void k(float* x, int n) {
  __shared__ float s[256];
  for (int j = threadIdx.x; j < n; j += blockDim.x) {
    s[threadIdx.x] = x[j];
    __syncthreads();
  //^^^^^^^^^^^^^^^ divergent-barrier: different numbers of iterations
    x[j] = s[0];
  }
}`);
  });

  it('covers cooperative-groups block syncs but not tile syncs', async () => {
    await checkRule('divergent-barrier', `
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
__global__ void k(float* x, int n) {
  cg::thread_block cta = cg::this_thread_block();
  cg::thread_block_tile<32> tile = cg::tiled_partition<32>(cta);
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    x[i] *= 2.0f;
    cta.sync();
  //^^^^^^^^^^ divergent-barrier: \`i < n\`
    cg::sync(cta);
  //^^^^^^^^^^^^^ divergent-barrier
  }
  if (threadIdx.x < 32) {
    tile.sync();
  }
}`);
  });

  it('treats a flag in shared memory as uniform across the block (last-block pattern)', async () => {
    await checkRule('divergent-barrier', `
__device__ unsigned int retired = 0;
__global__ void k(float* out) {
  __shared__ float s[256];
  __shared__ bool amLast;
  s[threadIdx.x] = out[blockIdx.x * 256 + threadIdx.x];
  if (threadIdx.x == 0) {
    __threadfence();
    unsigned int ticket = atomicInc(&retired, gridDim.x);
    amLast = (ticket == gridDim.x - 1);
  }
  __syncthreads();
  if (amLast) {
    __syncthreads();
    out[threadIdx.x] = s[255 - threadIdx.x];
  }
  if (s[threadIdx.x] > 0.0f) {
    __syncthreads();
  //^^^^^^^^^^^^^^^ divergent-barrier: \`s[threadIdx.x] > 0.0f\`
  }
}`);
  });

  it('stays silent for uniform conditions, barriers outside the branch and returns after the last barrier', async () => {
    await checkRule('divergent-barrier', `
__global__ void k(const float* in, float* out, int n) {
  __shared__ float s[256];
  int tid = threadIdx.x;
  int i = blockIdx.x * blockDim.x + tid;
  s[tid] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (blockIdx.x == 0) {
    __syncthreads();
  }
  if (tid != 0) return;
  out[blockIdx.x] = s[0];
}
__global__ void tiles(float* x, int tiles) {
  __shared__ float t[64];
  for (int j = 0; j < tiles; ++j) {
    t[threadIdx.x] = x[j * 64 + threadIdx.x];
    __syncthreads();
    x[j * 64 + threadIdx.x] = t[63 - threadIdx.x];
    __syncthreads();
  }
}`);
  });
});
