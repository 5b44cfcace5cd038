// Caret table for shared-reduction-tail: halving and doubling tree reductions that keep barriers below
// stride 32 fire; reductions that stop at 32 (warp-unrolled tail), scans and loops without barriers stay
// silent.
import { strict as assert } from 'assert';
import { checkRule } from './harness';

describe('shared-reduction-tail', () => {
  it('fires on a halving reduction down to stride 1, counting the steps from the launch', async () => {
    const [f] = await checkRule('shared-reduction-tail', `
__global__ void block_sum(const float* in, float* out) {
  __shared__ float s[256];
  unsigned int tid = threadIdx.x;
  s[tid] = in[blockIdx.x * blockDim.x + tid];
  __syncthreads();
  for (unsigned int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-reduction-tail: 5 of the 8 reduction steps
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (tid == 0) out[blockIdx.x] = s[0];
}
void run(const float* a, float* b) { block_sum<<<64, 256>>>(a, b); }`);
    assert.equal(f.severity, 'hint');
    assert.match(f.message, /__shfl_down_sync/);
  });

  it('fires on the interleaved (doubling) reduction and on `s /= 2`', async () => {
    await checkRule('shared-reduction-tail', `
__global__ void interleaved(int* g) {
  extern __shared__ int sdata[];
  unsigned int tid = threadIdx.x;
  sdata[tid] = g[tid];
  __syncthreads();
  for (unsigned int s = 1; s < blockDim.x; s *= 2) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-reduction-tail: 5 reduction steps
    if (tid % (2 * s) == 0) sdata[tid] += sdata[tid + s];
    __syncthreads();
  }
  for (int s = blockDim.x / 2; s >= 1; s /= 2) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-reduction-tail
    if (tid < s) sdata[tid] = max(sdata[tid], sdata[tid + s]);
    __syncthreads();
  }
  if (tid == 0) g[blockIdx.x] = sdata[0];
}`);
  });

  it('sees through the SharedMemory<T>() wrapper of the CUDA samples (cooperative-groups barrier)', async () => {
    await checkRule('shared-reduction-tail', `
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
template <class T> struct SharedMemory {
  __device__ inline operator T *() { extern __shared__ int __smem[]; return (T *)__smem; }
};
template <class T>
__global__ void reduce2(T *g_idata, T *g_odata, unsigned int n) {
  cg::thread_block cta = cg::this_thread_block();
  T *sdata = SharedMemory<T>();
  unsigned int tid = threadIdx.x;
  sdata[tid] = g_idata[blockIdx.x * blockDim.x + tid];
  cg::sync(cta);
  for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-reduction-tail
    if (tid < s) sdata[tid] += sdata[tid + s];
    cg::sync(cta);
  }
  if (tid == 0) g_odata[blockIdx.x] = sdata[0];
}`);
  });

  it('stays silent when the loop stops at 32 and a warp finishes, on scans and on barrier-free loops', async () => {
    await checkRule('shared-reduction-tail', `
__device__ void warp_reduce(volatile float* s, int tid) { s[tid] += s[tid + 32]; s[tid] += s[tid + 16]; }
__global__ void unrolled(float* g) {
  __shared__ float s[512];
  int tid = threadIdx.x;
  s[tid] = g[tid];
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 32; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (tid < 32) warp_reduce(s, tid);
}
__global__ void scan(int* g) {
  __shared__ int buf[256];
  buf[threadIdx.x] = g[threadIdx.x];
  __syncthreads();
  for (int offset = 1; offset < 256; offset <<= 1) {
    int v = buf[threadIdx.x];
    if (threadIdx.x >= offset) v += buf[threadIdx.x - offset];
    __syncthreads();
    buf[threadIdx.x] = v;
    __syncthreads();
  }
  g[threadIdx.x] = buf[threadIdx.x];
}
__global__ void shuffle(float* g) {
  float v = g[threadIdx.x];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffff, v, o);
  g[threadIdx.x] = v;
}`);
  });
});
