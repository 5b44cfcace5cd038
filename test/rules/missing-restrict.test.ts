// Caret table for missing-restrict: kernels whose pointer parameters never alias at any launch in the
// file fire; aliasing launches, kernels never launched, single pointers, read-only kernels and kernels
// already restricted stay silent. Fixes add __restrict__, and const where the kernel only reads.
import { strict as assert } from 'assert';
import { checkFix, checkRule } from './harness';
import { argumentBuffer } from '../../server/src/rules/missing-restrict';

const ADD = `__global__ void add(const float* a, float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
`;

describe('missing-restrict', () => {
  it('names the buffer an argument passes', () => {
    assert.equal(argumentBuffer('d_a'), 'd_a');
    assert.equal(argumentBuffer('d_a + offset'), 'd_a');
    assert.equal(argumentBuffer('(float*)d_a'), 'd_a');
    assert.equal(argumentBuffer('&buf[3]'), 'buf');
    assert.equal(argumentBuffer('bufs.x'), 'bufs.x');
    assert.equal(argumentBuffer('flag ? d_a : d_b'), undefined);
  });

  it('fires on parameters that no launch aliases, spanning the parameters to change', async () => {
    const [f] = await checkRule('missing-restrict', `
__global__ void add(const float* a, float* b, float* c, int n) {
                  //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-restrict
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
void run(float* x, float* y, float* z) { add<<<4, 256>>>(x, y, z, 1024); add<<<4, 256>>>(y, x, z, 1024); }`);
    assert.match(f.message, /`a`, `b`, `c` of `add`/);
    assert.match(f.message, /store through `c`/);
  });

  it('stays silent when a launch passes one buffer twice, or an offset of it', async () => {
    await checkRule('missing-restrict', ADD + 'void run(float* x, float* y) { add<<<4, 256>>>(x, y, y, 1024); }');
    await checkRule('missing-restrict', ADD + 'void run(float* x, float* y) { add<<<4, 256>>>(x, y, x + 512, 512); }');
  });

  it('stays silent without a launch, with one pointer, read-only kernels or restrict already there', async () => {
    await checkRule('missing-restrict', ADD);
    await checkRule('missing-restrict', `
__global__ void scale(float* x, float s) { x[threadIdx.x] *= s; }
__global__ void dot(const float* a, const float* b, int n) { float s = a[threadIdx.x] * b[threadIdx.x]; }
__global__ void ok(const float* __restrict__ a, float* __restrict__ b) { b[threadIdx.x] = a[threadIdx.x]; }
void run(float* x, float* y) { scale<<<1, 32>>>(x, 2.0f); dot<<<1, 32>>>(x, y, 32); ok<<<1, 32>>>(x, y); }`);
  });

  it('fix: adds __restrict__ everywhere and const where the kernel only reads', async () => {
    await checkFix('missing-restrict', `
__global__ void saxpy(float *x, float* y, float a) {
  const float* xr = x + blockIdx.x * blockDim.x;
  y[threadIdx.x] = a * xr[threadIdx.x] + y[threadIdx.x];
}
void run(float* p, float* q) { saxpy<<<1, 32>>>(p, q, 2.0f); }`, `
__global__ void saxpy(const float *__restrict__ x, float* __restrict__ y, float a) {
  const float* xr = x + blockIdx.x * blockDim.x;
  y[threadIdx.x] = a * xr[threadIdx.x] + y[threadIdx.x];
}
void run(float* p, float* q) { saxpy<<<1, 32>>>(p, q, 2.0f); }`);
  });

  it('fix: no const on a pointer handed to another function or aliased by a non-const local', async () => {
    await checkFix('missing-restrict', `
__device__ void touch(float* p) { p[0] = 1.0f; }
__global__ void k(float* a, float* b) {
  float* alias = a;
  touch(b);
  b[threadIdx.x] = alias[threadIdx.x];
}
void run(float* p, float* q) { k<<<1, 32>>>(p, q); }`, `
__device__ void touch(float* p) { p[0] = 1.0f; }
__global__ void k(float* __restrict__ a, float* __restrict__ b) {
  float* alias = a;
  touch(b);
  b[threadIdx.x] = alias[threadIdx.x];
}
void run(float* p, float* q) { k<<<1, 32>>>(p, q); }`);
  });
});
