// Caret table for uncoalesced-global-access: strided and column-major global accesses fire; unit-stride,
// warp-uniform, single-lane and gap-filling (vectorisable) accesses stay silent.
import { strict as assert } from 'assert';
import { checkRule } from './harness';
import { sectorsTouched } from '../../server/src/rules/uncoalesced-global-access';

describe('uncoalesced-global-access', () => {
  it('counts 32-byte sectors per warp from the stride and element size', () => {
    assert.equal(sectorsTouched(1, 4), 4);
    assert.equal(sectorsTouched(2, 4), 8);
    assert.equal(sectorsTouched(8, 4), 32);
    assert.equal(sectorsTouched(64, 4), 32);
    assert.equal(sectorsTouched(1, 8), 8);
    assert.equal(sectorsTouched(2, 1), 2);
  });

  it('fires on a symbolic stride and on a constant stride, with sector numbers', async () => {
    const [a, b] = await checkRule('uncoalesced-global-access', `
__global__ void strided(float* a, const float* b, int stride, int n) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  a[t * stride] = b[t];
//^^^^^^^^^^^^^ uncoalesced-global-access: up to 32 32-byte sectors instead of 4
  a[t] = b[t * 2];
       //^^^^^^^^ uncoalesced-global-access: 8 32-byte sectors instead of 4 (2x
}`);
    assert.equal(a.severity, 'warning');
    assert.match(b.message, /H100 SXM/);
  });

  it('reads strides written with __umul24, and stays silent on a unit stride written so', async () => {
    await checkRule('uncoalesced-global-access', `
__global__ void strided(float* a, const float* b, int stride) {
  unsigned int t = __umul24(blockIdx.x, blockDim.x) + threadIdx.x;
  a[__umul24(t, stride)] = b[t];
//^^^^^^^^^^^^^^^^^^^^^^ uncoalesced-global-access
}`);
  });

  it('fires on a column-major read where threadIdx.x picks the row', async () => {
    await checkRule('uncoalesced-global-access', `
__global__ void colmajor(const float* in, float* out, int n) {
  int row = blockIdx.x * blockDim.x + threadIdx.x;
  int col = blockIdx.y;
  out[col * n + row] = in[row * n + col];
                     //^^^^^^^^^^^^^^^^^ uncoalesced-global-access: \`n\` elements apart
}`);
  });

  it('follows a row pointer derived from the parameter', async () => {
    await checkRule('uncoalesced-global-access', `
__global__ void rows(const float* x, float* y, int cols) {
  const float* xr = x + threadIdx.x * cols;
  float s = 0.0f;
  for (int c = 0; c < cols; ++c) s += xr[c];
                                    //^^^^^ uncoalesced-global-access
  y[blockIdx.x * blockDim.x + threadIdx.x] = s;
}`);
  });

  it('stays silent on unit stride, grid-stride loops, uniform and single-lane accesses', async () => {
    await checkRule('uncoalesced-global-access', `
__global__ void fine(const float* x, float* y, const float* w, int n, int cols) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  for (int j = i; j < n; j += blockDim.x * gridDim.x) y[j] = x[j] * w[blockIdx.x];
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  y[row * cols + threadIdx.x] = x[row * cols + threadIdx.x];
  if (threadIdx.x == 0) y[blockIdx.x * cols] = w[0];
  float acc = 0.0f;
  for (int k = 0; k < cols; ++k) acc += w[k];
  y[i] = acc;
}`);
  });

  it('stays silent when sibling loads fill the gaps (the vectorisable shape scalar-loads reports)', async () => {
    await checkRule('uncoalesced-global-access', `
__global__ void quad(const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  y[i] = x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3];
  float s = 0.0f;
  for (int j = 0; j < 4; ++j) s += x[4 * i + j];
  y[i] += s;
}`);
  });

  it('uses the stride the launches pass: silent for incx = 1, numbers for incx = 4', async () => {
    await checkRule('uncoalesced-global-access', `
__global__ void scal(float* x, int incx, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i * incx] *= a;
}
void run(float* x) { scal<<<8, 256>>>(x, 1, 2.0f, 2048); }`);
    await checkRule('uncoalesced-global-access', `
__global__ void scal(float* x, int incx, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i * incx] *= a;
           //^^^^^^^^^^^ uncoalesced-global-access: 4 elements apart, so one warp touches 16 32-byte sectors
}
void run(float* x) { scal<<<8, 256>>>(x, 4, 2.0f, 2048); }`);
  });

  it('stays silent when every launch has blockDim.x == 1', async () => {
    await checkRule('uncoalesced-global-access', `
__global__ void col(float* a, int n) { a[threadIdx.x * n] = 0.0f; }
void run(float* a) { col<<<64, dim3(1, 256)>>>(a, 100); }`);
  });
});
