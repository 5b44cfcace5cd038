// Caret table for shared-race: shared-memory reads of another thread's element with no barrier between
// them and the write (straight line, around a loop, within one step); near-misses with barriers, a
// thread's own element, disjoint guarded reductions and double buffers.
import { checkRule } from './harness';

describe('shared-race', () => {
  it('reports a neighbour read right after the write', async () => {
    await checkRule('shared-race', `
__global__ void k(const float* in, float* out) {
  __shared__ float s[257];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = in[i];
  out[i] = s[threadIdx.x + 1] - s[threadIdx.x];
         //^^^^^^^^^^^^^^^^^^ shared-race: no barrier in between
}
__global__ void ring(const float* in, float* out) {
  __shared__ float r[256];
  int tid = threadIdx.x;
  r[tid] = in[blockIdx.x * 256 + tid];
  out[blockIdx.x * 256 + tid] = r[(tid + 1) % 256];
                              //^^^^^^^^^^^^^^^^^^ shared-race
}`);
  });

  it('reports a value published by one thread and read by all without a barrier', async () => {
    await checkRule('shared-race', `
__global__ void k(const float* in, float* out) {
  __shared__ float total;
  if (threadIdx.x == 0) total = in[blockIdx.x];
  __shared__ float s[1];
  if (threadIdx.x == 0) s[0] = in[blockIdx.x];
  out[blockIdx.x * blockDim.x + threadIdx.x] = s[0];
                                             //^^^^ shared-race
}`);
  });

  it('reports a shared scalar set by one thread and read by all without a barrier', async () => {
    await checkRule('shared-race', `
__global__ void norm(const float* in, float* out, int n) {
  __shared__ float total;
  __shared__ float scale;
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (threadIdx.x == 0) total = in[blockIdx.x];
  out[i] = in[i] / total;
                 //^^^^^ shared-race: only threads with \`threadIdx.x == 0\` set it
  if (threadIdx.x == 0) {
    scale = 2.0f;
    out[blockIdx.x] = scale;
  }
  __syncthreads();
  out[i] *= scale;
}`);
  });

  it('reports a missing barrier around a loop (reduction and tiled loop)', async () => {
    await checkRule('shared-race', `
__global__ void reduce(float* x) {
  __shared__ float s[256];
  s[threadIdx.x] = x[threadIdx.x];
  __syncthreads();
  for (int stride = 128; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
                                              //^^^^^^^^^^^^^^^^^^^^^^^ shared-race: next loop iteration
  }
  x[0] = s[0];
       //^^^^ shared-race
}
__global__ void tiled(const float* a, float* c, int tiles) {
  __shared__ float t[16][16];
  float acc = 0.0f;
  for (int j = 0; j < tiles; ++j) {
    t[threadIdx.y][threadIdx.x] = a[j * 256 + threadIdx.y * 16 + threadIdx.x];
    __syncthreads();
    for (int k = 0; k < 16; ++k) acc += t[threadIdx.y][k];
                                      //^^^^^^^^^^^^^^^^^ shared-race: next loop iteration
  }
  c[threadIdx.y * 16 + threadIdx.x] = acc;
}`);
  });

  it('reports an in-place scan step that reads a lower neighbour being written', async () => {
    await checkRule('shared-race', `
__global__ void scan(int* x) {
  __shared__ int s[256];
  s[threadIdx.x] = x[threadIdx.x];
  __syncthreads();
  for (int off = 1; off < 256; off <<= 1) {
    if (threadIdx.x >= off) s[threadIdx.x] += s[threadIdx.x - off];
                                            //^^^^^^^^^^^^^^^^^^^^ shared-race: same step
    __syncthreads();
  }
  x[threadIdx.x] = s[threadIdx.x];
}`);
  });

  it('reports reading a shared histogram right after data-dependent atomics', async () => {
    await checkRule('shared-race', `
__global__ void hist(const int* in, int* out) {
  __shared__ int bins[64];
  if (threadIdx.x < 64) bins[threadIdx.x] = 0;
  __syncthreads();
  atomicAdd(&bins[in[blockIdx.x * blockDim.x + threadIdx.x] & 63], 1);
  if (threadIdx.x < 64) atomicAdd(&out[threadIdx.x], bins[threadIdx.x]);
                                                   //^^^^^^^^^^^^^^^^^ shared-race
}`);
  });

  it('stays silent with barriers, own elements, guarded reductions, double buffers and other aliases', async () => {
    await checkRule('shared-race', `
__global__ void transpose(const float* in, float* out) {
  __shared__ float tile[32][33];
  tile[threadIdx.y][threadIdx.x] = in[threadIdx.y * 32 + threadIdx.x];
  __syncthreads();
  out[threadIdx.y * 32 + threadIdx.x] = tile[threadIdx.x][threadIdx.y];
}
__global__ void own(float* x) {
  __shared__ float s[256];
  s[threadIdx.x] = x[threadIdx.x];
  s[threadIdx.x] *= 2.0f;
  x[threadIdx.x] = s[threadIdx.x];
}
__global__ void reduce(float* x) {
  __shared__ float s[256];
  s[threadIdx.x] = x[threadIdx.x];
  __syncthreads();
  for (int stride = 128; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) x[blockIdx.x] = s[0];
}
__global__ void scan2(int* x) {
  __shared__ int buf[2][256];
  int cur = 0;
  buf[cur][threadIdx.x] = x[threadIdx.x];
  __syncthreads();
  for (int off = 1; off < 256; off <<= 1) {
    int nxt = 1 - cur;
    int v = buf[cur][threadIdx.x];
    if (threadIdx.x >= off) v += buf[cur][threadIdx.x - off];
    buf[nxt][threadIdx.x] = v;
    __syncthreads();
    cur = nxt;
  }
  x[threadIdx.x] = buf[cur][threadIdx.x];
}
__global__ void halves(float* x) {
  extern __shared__ float smem[];
  float* a = smem;
  float* b = smem + blockDim.x;
  b[threadIdx.x] = x[threadIdx.x];
  __syncthreads();
  a[threadIdx.x] = 1.0f;
  x[threadIdx.x] = b[threadIdx.x + 1];
}
__global__ void hist(const int* in, int* out) {
  __shared__ int bins[64];
  if (threadIdx.x < 64) bins[threadIdx.x] = 0;
  __syncthreads();
  atomicAdd(&bins[in[threadIdx.x] & 63], 1);
  __syncthreads();
  if (threadIdx.x < 64) atomicAdd(&out[threadIdx.x], bins[threadIdx.x]);
}`);
  });
});
