// Caret table for missing-bounds-check: global accesses by the global thread id with no guard in kernels
// launched with a rounded-up grid; near-misses with guards, early returns, grid-stride loops and exact
// grids; the early-return fix and when it is withheld.
import { strict as assert } from 'assert';
import { checkFix, checkRule, findingsOf } from './harness';
import { findRule } from '../../server/src/rules';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';

const ADD = `__global__ void add(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  c[i] = a[i] + b[i];
}
`;

describe('missing-bounds-check', () => {
  it('reports an unguarded access when the launch rounds the grid up', async () => {
    await checkRule('missing-bounds-check', `
__global__ void add(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  c[i] = a[i] + b[i];
//^^^^ missing-bounds-check: rounds the grid up
  c[i] *= 2.0f;
//^^^^ missing-bounds-check
}
void run(const float* a, const float* b, float* c, int n) {
  add<<<(n + 255) / 256, 256>>>(a, b, c, n);
}`);
  });

  it('follows a grid variable and a 2-D dim3 grid', async () => {
    await checkRule('missing-bounds-check', `
__global__ void scale(float* x, int n) {
  x[blockIdx.x * blockDim.x + threadIdx.x] *= 2.0f;
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-bounds-check
}
__global__ void fill(float* m, int w, int h) {
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  m[row * w + col] = 1.0f;
//^^^^^^^^^^^^^^^^ missing-bounds-check
}
void run(float* x, float* m, int n, int w, int h) {
  int blocks = (n + 127) / 128;
  scale<<<blocks, 128>>>(x, n);
  dim3 grid((w + 15) / 16, (h + 15) / 16);
  fill<<<grid, dim3(16, 16)>>>(m, w, h);
}`);
  });

  it('reads the global thread id written with __umul24', async () => {
    await checkRule('missing-bounds-check', `
__global__ void scale(float* x, int n) {
  const unsigned int i = __umul24(blockIdx.x, blockDim.x) + threadIdx.x;
  x[i] *= 2.0f;
//^^^^ missing-bounds-check
}
__global__ void guarded(float* x, int n) {
  const unsigned int i = __umul24(blockIdx.x, blockDim.x) + threadIdx.x;
  if (i < n) x[i] *= 2.0f;
}
void run(float* x, int n) {
  scale<<<(n + 255) / 256, 256>>>(x, n);
  guarded<<<(n + 255) / 256, 256>>>(x, n);
}`);
  });

  it('recognises other ways of rounding up: n / b + 1, ceil, helper functions', async () => {
    await checkRule('missing-bounds-check', `
__global__ void one(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  x[i] = 0.0f;
//^^^^ missing-bounds-check
}
__global__ void two(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  x[i] = 1.0f;
//^^^^ missing-bounds-check
}
__global__ void three(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  x[i] = 2.0f;
//^^^^ missing-bounds-check
}
void run(float* x, int n) {
  one<<<n / 256 + 1, 256>>>(x, n);
  two<<<ceil((float)n / 256), 256>>>(x, n);
  three<<<CEIL_DIV(n, 256), 256>>>(x, n);
}`);
  });

  it('stays silent with guards, early returns, grid-stride loops and exact grids', async () => {
    await checkRule('missing-bounds-check', `
__global__ void guarded(const float* a, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i];
}
__global__ void early(const float* a, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  c[i] = a[i];
}
__global__ void ternary(const float* a, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? a[i] : 0.0f;
  if (i < n) c[i] = v;
}
__global__ void clamp(float* u, float hi, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && u[i] > hi) u[i] = hi;
}
__global__ void stride(const float* a, float* c, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) c[i] = a[i];
}
__global__ void exact(float* c) {
  c[blockIdx.x * blockDim.x + threadIdx.x] = 0.0f;
}
void run(const float* a, float* c, int n) {
  guarded<<<(n + 255) / 256, 256>>>(a, c, n);
  early<<<(n + 255) / 256, 256>>>(a, c, n);
  ternary<<<(n + 255) / 256, 256>>>(a, c, n);
  stride<<<(n + 255) / 256, 256>>>(a, c, n);
  clamp<<<(n + 255) / 256, 256>>>(c, 1.0f, n);
  exact<<<n / 256, 256>>>(c);
}`);
  });

  it('fixes with an early return after the index when n is a parameter', async () => {
    await checkFix('missing-bounds-check', ADD + `void run(const float* a, const float* b, float* c, int n) {
  add<<<(n + 255) / 256, 256>>>(a, b, c, n);
}`, `__global__ void add(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  c[i] = a[i] + b[i];
}
void run(const float* a, const float* b, float* c, int n) {
  add<<<(n + 255) / 256, 256>>>(a, b, c, n);
}`);
  });

  it('offers no early return when a barrier follows', async () => {
    const code = `__global__ void k(const float* a, float* c, int n) {
  __shared__ float s[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = a[i];
  __syncthreads();
  c[i] = s[255 - threadIdx.x];
}
void run(const float* a, float* c, int n) { k<<<(n + 255) / 256, 256>>>(a, c, n); }`;
    const findings = await findingsOf('missing-bounds-check', code);
    assert.equal(findings.length, 2);
    const ctx = { model: await buildModelFromText(code, '/virtual/test.cu'), text: code, gpu: getGpu('h100-sxm') };
    assert.deepEqual(findings.flatMap((f) => findRule('missing-bounds-check')!.fix!(f, ctx)), []);
  });
});
