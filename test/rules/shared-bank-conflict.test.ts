// Caret table for shared-bank-conflict: column reads of unpadded tiles, strided 1-D indexing and 2-D
// blocks narrower than a warp fire with the right N; padded tiles, broadcasts, unit strides and
// single-lane accesses stay silent. The fix pads the inner dimension.
import { strict as assert } from 'assert';
import { checkFix, checkRule } from './harness';
import { bankReport } from '../../server/src/rules/analysis/banks';

describe('shared-bank-conflict', () => {
  it('computes wavefronts from the lanes\' words', () => {
    const lanes = (stride: number) => Array.from({ length: 32 }, (_, t) => t * stride);
    assert.equal(bankReport(lanes(1), 4).ways, 1);
    assert.equal(bankReport(lanes(2), 4).ways, 2);
    assert.equal(bankReport(lanes(32), 4).ways, 32);
    assert.equal(bankReport(lanes(33), 4).ways, 1);
    assert.equal(bankReport(lanes(0), 4).ways, 1, 'a broadcast is not a conflict');
    assert.deepEqual(bankReport(lanes(1), 8), { wavefronts: 2, ideal: 2, ways: 1 });
    assert.equal(bankReport(lanes(32), 8).ways, 16);
  });

  it('fires on a column read of a [32][32] float tile: 32-way', async () => {
    const [f] = await checkRule('shared-bank-conflict', `
#define TILE 32
__global__ void colsum(const float* in, float* out) {
  __shared__ float tile[TILE][TILE];
  tile[threadIdx.y][threadIdx.x] = in[threadIdx.y * TILE + threadIdx.x];
  __syncthreads();
  float acc = 0.0f;
  for (int k = 0; k < TILE; ++k) acc += tile[threadIdx.x][k];
                                      //^^^^^^^^^^^^^^^^^^^^ shared-bank-conflict: 32-way bank conflict
  out[threadIdx.x] = acc;
}`);
    assert.match(f.message, /32 shared-memory wavefronts instead of 1 on H100 SXM/);
    assert.match(f.message, /\[TILE\]` -> `\[TILE \+ 1\]/);
    assert.equal(f.related?.[0]?.range.start.line, 3, 'related information points at the declaration');
  });

  it('fires on a stride-2 index (interleaved reduction) and on doubles', async () => {
    await checkRule('shared-bank-conflict', `
__global__ void interleaved(float* out) {
  __shared__ float s[512];
  __shared__ double d[32][32];
  unsigned int tid = threadIdx.x;
  s[tid] = out[tid];
  for (unsigned int stride = 1; stride < blockDim.x; stride *= 2) {
    int index = 2 * stride * tid;
    if (index < blockDim.x) s[index] += s[index + stride];
                          //^^^^^^^^ shared-bank-conflict: 2-way
                                      //^^^^^^^^^^^^^^^^^ shared-bank-conflict: 2-way
    __syncthreads();
  }
  d[tid][0] = s[0];
//^^^^^^^^^ shared-bank-conflict: 16-way
  out[tid] = d[0][tid];
}`);
  });

  it('uses the launch\'s block shape: a [16][16] tile read by column with 16x16 blocks is 8-way', async () => {
    await checkRule('shared-bank-conflict', `
__global__ void t16(float* out) {
  __shared__ float tile[16][16];
  tile[threadIdx.y][threadIdx.x] = out[threadIdx.y * 16 + threadIdx.x];
  __syncthreads();
  out[threadIdx.y * 16 + threadIdx.x] = tile[threadIdx.x][threadIdx.y];
                                      //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-bank-conflict: 8-way
}
void run(float* p) { t16<<<1, dim3(16, 16)>>>(p); }`);
  });

  it('fires through the SharedMemory<T>() wrapper (interleaved addressing of the CUDA samples\' reduce1)', async () => {
    await checkRule('shared-bank-conflict', `
template <class T> struct SharedMemory {
  __device__ inline operator T *() { extern __shared__ int __smem[]; return (T *)__smem; }
};
template <class T>
__global__ void reduce1(T *g_idata, T *g_odata) {
  T *sdata = SharedMemory<T>();
  unsigned int tid = threadIdx.x;
  sdata[tid] = g_idata[tid];
  __syncthreads();
  for (unsigned int s = 1; s < blockDim.x; s *= 2) {
    int index = 2 * s * tid;
    if (index < blockDim.x) sdata[index] += sdata[index + s];
                          //^^^^^^^^^^^^ shared-bank-conflict: 2-way
                                          //^^^^^^^^^^^^^^^^ shared-bank-conflict: 2-way
    __syncthreads();
  }
}`);
  });

  it('does not treat a whole-warp guard as an election: threadIdx.y == 0 in 32-wide blocks', async () => {
    await checkRule('shared-bank-conflict', `
__global__ void rowsum(float* out) {
  __shared__ float tile[32][32];
  tile[threadIdx.y][threadIdx.x] = out[threadIdx.x];
  __syncthreads();
  if (threadIdx.y == 0) out[threadIdx.x] = tile[threadIdx.x][3];
                                         //^^^^^^^^^^^^^^^^^^^^ shared-bank-conflict: 32-way
  if (threadIdx.x == 0) out[0] = tile[threadIdx.y][threadIdx.y];
}
void run(float* p) { rowsum<<<1, dim3(32, 8)>>>(p); }`);
  });

  it('resolves template sizes from the launch that binds them', async () => {
    await checkRule('shared-bank-conflict', `
template <int TILE>
__global__ void colsum(const float* in, float* out) {
  __shared__ float tile[TILE][TILE];
  tile[threadIdx.y][threadIdx.x] = in[threadIdx.y * TILE + threadIdx.x];
  __syncthreads();
  out[threadIdx.x] = tile[threadIdx.x][0];
                   //^^^^^^^^^^^^^^^^^^^^ shared-bank-conflict: 32-way
}
void run(const float* a, float* b) { colsum<32><<<1, dim3(32, 32)>>>(a, b); }`);
  });

  it('stays silent on padded tiles, broadcasts, row access and single-lane access', async () => {
    await checkRule('shared-bank-conflict', `
#define TILE 32
__global__ void transpose(float* out, const float* in, int w) {
  __shared__ float tile[TILE][TILE + 1];
  __shared__ float row[TILE][TILE];
  tile[threadIdx.y][threadIdx.x] = in[threadIdx.y * w + threadIdx.x];
  row[threadIdx.y][threadIdx.x] = in[threadIdx.x];
  __syncthreads();
  float v = tile[threadIdx.x][threadIdx.y] + row[threadIdx.y][0] + row[0][threadIdx.x];
  if (threadIdx.x == 0) v += row[threadIdx.x][5];
  out[threadIdx.y * w + threadIdx.x] = v;
}`);
  });

  it('stays silent on an extern array indexed by threadIdx.x and on a non-affine index', async () => {
    await checkRule('shared-bank-conflict', `
__global__ void hist(const int* data, int* bins) {
  extern __shared__ int local[];
  local[threadIdx.x] = 0;
  __syncthreads();
  atomicAdd(&local[data[threadIdx.x] % 64], 1);
}`);
  });

  it('fix: pads the inner dimension of a literal size and of a macro size', async () => {
    await checkFix('shared-bank-conflict', `
__global__ void colsum(float* out) {
  __shared__ float tile[32][32];
  tile[threadIdx.y][threadIdx.x] = out[threadIdx.x];
  out[threadIdx.x] = tile[threadIdx.x][0];
}`, `
__global__ void colsum(float* out) {
  __shared__ float tile[32][33];
  tile[threadIdx.y][threadIdx.x] = out[threadIdx.x];
  out[threadIdx.x] = tile[threadIdx.x][0];
}`);
    await checkFix('shared-bank-conflict', `
#define T 32
__global__ void colsum(float* out) {
  __shared__ float tile[T][T];
  out[threadIdx.x] = tile[threadIdx.x][1];
}`, `
#define T 32
__global__ void colsum(float* out) {
  __shared__ float tile[T][T + 1];
  out[threadIdx.x] = tile[threadIdx.x][1];
}`);
  });
});
