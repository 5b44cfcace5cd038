// Where each rewrite must stay away (it cannot guarantee the same results there) and says why, next to
// the closest case where it is offered. Pure function calls on inline CUDA; the end-to-end checks of the
// offered rewrites live in samples.test.ts.
import { strict as assert } from 'assert';
import { loadCudaLanguage } from '../../server/src/parse/grammar';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { findRewrite } from '../../server/src/rewrite';
import { isFix } from '../../server/src/rewrite/types';
import { positionOf } from './verify';

async function ask(id: string, code: string, at: string, gpu = 'h100-sxm') {
  const file = '/virtual/snippet.cu';
  const ctx = { model: await buildModelFromText(code, file), text: code, gpu: getGpu(gpu) };
  return findRewrite(id)!.apply({ position: positionOf(code, at) }, ctx);
}

async function offered(id: string, code: string, at: string) {
  const r = await ask(id, code, at);
  assert.ok(isFix(r), `not offered: ${'notOffered' in r ? r.notOffered : ''}`);
  return r;
}

async function refused(id: string, code: string, at: string, why: RegExp) {
  const r = await ask(id, code, at);
  assert.ok(!isFix(r), `offered: ${isFix(r) ? r.title : ''}`);
  assert.match(r.notOffered, why);
}

const ELEMENTWISE = `
__global__ void scale(const float* x, float* t, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) t[i] = 2.0f * x[i];
}
__global__ void shift(const float* t, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = T_READ + 1.0f;
}
void run(const float* x, float* t, float* y, int n) {
  scale<<<(n + 255) / 256, 256>>>(x, t, n);
  shift<<<(n + 255) / 256, 256>>>(t, y, n);
}`;

describe('where rewrites are offered and where not', () => {
  before(() => loadCudaLanguage());

  describe('fuse-kernels', () => {
    it('fuses when the second kernel reads the element the same thread wrote', async () => {
      const fix = await offered('fuse-kernels', ELEMENTWISE.replace('T_READ', 't[i]'), 'shift<<<');
      assert.match(fix.edits.map((e) => e.newText).join('\n'), /scale_shift_fused<<<\(n \+ 255\) \/ 256, 256>>>\(x, t, n, y\)/);
    });
    it('refuses when the second kernel reads a neighbour of what the first wrote', async () => {
      await refused('fuse-kernels', ELEMENTWISE.replace('T_READ', 't[i + 1]'), 'shift<<<', /read at another index/);
    });
    it('fuses two grid-stride kernels into one grid-stride loop', async () => {
      const gs = (name: string, body: string, params: string) => `
__global__ void ${name}(${params}) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) ${body}
}`;
      const code = gs('scale', 't[i] = 2.0f * x[i];', 'const float* x, float* t, int n') + gs('shift', 'y[i] = t[i] + 1.0f;', 'const float* t, float* y, int n') + `
void run(const float* x, float* t, float* y, int n) {
  scale<<<264, 256>>>(x, t, n);
  shift<<<264, 256>>>(t, y, n);
}`;
      const fix = await offered('fuse-kernels', code, 'shift<<<');
      const text = fix.edits.map((e) => e.newText).join('\n');
      assert.match(text, /for \(int i = blockIdx\.x \* blockDim\.x \+ threadIdx\.x; i < n; i \+= blockDim\.x \* gridDim\.x\) \{\s*t\[i\] = 2\.0f \* x\[i\];\s*y\[i\] = t\[i\] \+ 1\.0f;/);
      await refused('grid-stride', code, 'scale<<<', /already a grid-stride loop/);
    });
    it('refuses launches with different blocks', async () => {
      await refused('fuse-kernels', ELEMENTWISE.replace('T_READ', 't[i]').replace('shift<<<(n + 255) / 256, 256', 'shift<<<(n + 127) / 128, 128'), 'shift<<<', /differ in grid, block/);
    });
  });

  describe('cuda-graph', () => {
    const loop = (body: string) => `
__global__ void step(float* u, int n, int t) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) u[i] += t; }
void run(float* u, int n) {
  for (int t = 0; t < 100; ++t) {
    ${body}
  }
}`;
    it('captures a loop whose launches do not change between iterations', async () => {
      const fix = await offered('cuda-graph', loop('step<<<(n + 255) / 256, 256>>>(u, n, 3);'), 'step<<<');
      const text = fix.edits[0].newText;
      assert.match(text, /cudaStreamBeginCapture/);
      assert.match(text, /cudaGraphLaunch/);
      assert.ok(text.indexOf('step<<<') < text.indexOf('cudaStreamEndCapture'), 'the launch is captured');
    });
    it('keeps an error check in the captured body', async () => {
      const fix = await offered('cuda-graph', loop('step<<<(n + 255) / 256, 256>>>(u, n, 3);\n    CHECK(cudaGetLastError());'), 'step<<<');
      const text = fix.edits[0].newText;
      assert.ok(text.indexOf('CHECK(cudaGetLastError());') < text.indexOf('cudaStreamEndCapture'), 'the check stays inside the capture');
    });
    it('refuses when an argument is the loop variable', async () => {
      await refused('cuda-graph', loop('step<<<(n + 255) / 256, 256>>>(u, n, t);'), 'step<<<', /uses `t`, which changes every iteration/);
    });
    it('refuses when the host does something else in the loop', async () => {
      await refused('cuda-graph', loop('step<<<(n + 255) / 256, 256>>>(u, n, 3);\n    std::swap(u, u);'), 'step<<<', /does more than launch kernels/);
    });
  });

  describe('tile-gemm', () => {
    const gemm = (index: string) => `
__global__ void mm(const float* A, const float* B, float* C, int M, int N, int K) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < M && col < N) {
    float acc = 0.0f;
    for (int k = 0; k < K; ++k) acc += ${index};
    C[row * N + col] = acc;
  }
}
void run(const float* A, const float* B, float* C) {
  mm<<<dim3(32, 32), dim3(16, 16)>>>(A, B, C, 512, 512, 512);
}`;
    it('tiles a row-major product with a tile from the candidates', async () => {
      const fix = await offered('tile-gemm', gemm('A[row * K + k] * B[k * N + col]'), 'for (int k');
      assert.match(fix.title, /Tile with (8|16|32)×\1 shared tiles/);
      assert.match(fix.edits.map((e) => e.newText).join('\n'), /__shared__ float tileA/);
    });
    it('keeps an alpha/beta epilogue on the accumulated sum', async () => {
      const code = gemm('A[row * K + k] * B[k * N + col]')
        .replace('int M, int N, int K)', 'int M, int N, int K, float alpha, float beta)')
        .replace('C[row * N + col] = acc;', 'C[row * N + col] = alpha * acc + beta * C[row * N + col];')
        .replace('(A, B, C, 512, 512, 512)', '(A, B, C, 512, 512, 512, 2.0f, 0.5f)');
      const fix = await offered('tile-gemm', code, 'for (int k');
      assert.match(fix.edits[0].newText, /C\[row \* N \+ col\] = alpha \* acc\w*\[i\w*\] \+ beta \* C\[row \* N \+ col\];/);
    });
    it('accepts the column declared first and the product written B·A', async () => {
      const code = gemm('B[k * N + col] * A[row * K + k]').replace(
        /(  int row = .*\n)(  int col = .*\n)/, '$2$1');
      assert.ok(code.indexOf('int col') < code.indexOf('int row'));
      const fix = await offered('tile-gemm', code, 'for (int k');
      assert.match(fix.edits[0].newText, /\? A\[\w+ \* K \+ \w+\] : 0\.0f/);
    });
    it('refuses double operands (its tiles hold floats)', async () => {
      await refused('tile-gemm', gemm('A[row * K + k] * B[k * N + col]').replace('const float* A, const float* B, float* C', 'const double* A, const double* B, double* C'), 'for (int k', /not a float array/);
    });
    it('refuses a transposed operand it does not handle', async () => {
      await refused('tile-gemm', gemm('A[k * M + row] * B[k * N + col]'), 'for (int k', /not the row-major/);
    });
  });

  describe('warp-shuffle-tail', () => {
    const reduce = (block: number) => `
__global__ void sum(const float* in, float* out) {
  __shared__ float s[256];
  unsigned int tid = threadIdx.x;
  s[tid] = in[blockIdx.x * blockDim.x + tid];
  __syncthreads();
  for (unsigned int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (tid < k) s[tid] += s[tid + k];
    __syncthreads();
  }
  if (tid == 0) out[blockIdx.x] = s[0];
}
void run(const float* in, float* out) { sum<<<64, ${block}>>>(in, out); }`;
    it('finishes with shuffles for 256-thread blocks', async () => {
      const fix = await offered('warp-shuffle-tail', reduce(256), 'for (unsigned int k');
      assert.match(fix.edits[0].newText, /__shfl_down_sync/);
      assert.match(fix.edits[0].newText, /k > 32/);
    });
    it('handles a braced max step', async () => {
      const code = reduce(128).replace('if (tid < k) s[tid] += s[tid + k];', 'if (tid < k) { s[tid] = fmaxf(s[tid], s[tid + k]); }');
      const fix = await offered('warp-shuffle-tail', code, 'for (unsigned int k');
      assert.match(fix.edits[0].newText, /= fmaxf\(\w+, __shfl_down_sync\(0xffffffffu, \w+, \w+\)\);/);
    });
    it('refuses 32-thread blocks, where the loop never reaches 64 partial sums', async () => {
      await refused('warp-shuffle-tail', reduce(32), 'for (unsigned int k', /power of two of at least 64/);
    });
  });

  describe('block-size', () => {
    const kernel = (extra: string, threads: number) => `
__global__ void k(const float* a, float* b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) { ${extra} b[i] = a[i] * 2.0f; }
}
void run(const float* a, float* b) {
  const int n = 1 << 24;
  const int threads = ${threads};
  k<<<(n + threads - 1) / threads, threads>>>(a, b, n);
}`;
    it('raises 32-thread blocks and predicts a gain', async () => {
      const fix = await offered('block-size', kernel('', 32), 'k<<<');
      assert.match(fix.title, /^Use 256-thread blocks/);
      assert.match(fix.edits[0].newText, /^256$/);
    });
    it('refuses when the kernel uses barriers (it may depend on its block size)', async () => {
      await refused('block-size', kernel('__syncthreads();', 32), 'k<<<', /may depend on its block size/);
    });
    it('refuses when the block size already reaches full occupancy', async () => {
      await refused('block-size', kernel('', 256), 'k<<<', /already reach/);
    });
  });

  describe('grid-stride', () => {
    it('refuses kernels with shared memory', async () => {
      const code = `
__global__ void k(const float* a, float* b, int n) {
  __shared__ float s[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) b[i] = a[i];
}
void run(const float* a, float* b, int n) { k<<<(n + 255) / 256, 256>>>(a, b, n); }`;
      await refused('grid-stride', code, 'k<<<', /not a one-element-per-thread kernel/);
    });
  });

  describe('vectorize-loads', () => {
    const loop = (index: string) => `
__global__ void k(const float* x, float* y, int n) {
  int base = 4 * (blockIdx.x * blockDim.x + threadIdx.x);
  for (int j = 0; j < 4; ++j) {
    if (base + j < n) y[base + j] = 3.0f * x[${index}];
  }
}`;
    it('adds a float4 path guarded by range and alignment, keeping the scalar loop', async () => {
      const fix = await offered('vectorize-loads', loop('base + j'), 'x[base');
      const text = fix.edits[0].newText;
      assert.match(text, /if \(base \+ 3 < n && /);
      assert.match(text, /& 15\) == 0/);
      assert.match(text, /\} else \{\s*for \(int j = 0; j < 4; \+\+j\)/);
    });
    it('refuses a strided access in the loop', async () => {
      await refused('vectorize-loads', loop('base + 2 * j'), 'x[base', /is not `x\[base \+ j\]`/);
    });
  });

  describe('vectorize-elementwise', () => {
    it('does not shadow a parameter with its generated names', async () => {
      const code = `
__global__ void fill(float* y, int n, float v) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] += v;
}
void run(float* y, int n) { fill<<<(n + 127) / 128, 128>>>(y, n, 1.5f); }`;
      const text = (await offered('vectorize-elementwise', code, 'fill<<<')).edits[0].newText;
      assert.doesNotMatch(text, /\bint v\b/);
      assert.match(text, /y_v\.x \+= v;/);
    });
    it('refuses a neighbour access', async () => {
      const code = `
__global__ void k(const float* a, float* b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) b[i] = a[i + 1];
}
void run(const float* a, float* b, int n) { k<<<(n + 255) / 256, 256>>>(a, b, n); }`;
      await refused('vectorize-elementwise', code, 'k<<<', /is not the thread's own element/);
    });
    it('refuses when one buffer is passed as two arrays', async () => {
      const code = `
__global__ void k(const float* a, float* b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) b[i] = a[i] * 2.0f;
}
void run(float* a, int n) { k<<<(n + 255) / 256, 256>>>(a, a, n); }`;
      await refused('vectorize-elementwise', code, 'k<<<', /one buffer as two arrays/);
    });
  });

  describe('pad-shared', () => {
    it('refuses an array also used through a pointer (padding would break its layout)', async () => {
      const code = `
__global__ void k(const float* in, float* out) {
  __shared__ float t[32][32];
  t[threadIdx.y][threadIdx.x] = in[threadIdx.y * 32 + threadIdx.x];
  __syncthreads();
  float* p = &t[0][0];
  out[threadIdx.y * 32 + threadIdx.x] = t[threadIdx.x][threadIdx.y] + p[threadIdx.x];
}`;
      await refused('pad-shared', code, 't[threadIdx.x][threadIdx.y]', /used other than as t\[\.\.\]\[\.\.\]/);
    });
  });

  describe('online-softmax', () => {
    it('refuses passes over different ranges', async () => {
      const code = `
__global__ void sm(const float* x, float* y, int cols) {
  int row = blockIdx.x;
  float mx = -INFINITY;
  for (int c = 0; c < cols; ++c) mx = fmaxf(mx, x[row * cols + c]);
  float sum = 0.0f;
  for (int c = 1; c < cols; ++c) sum += expf(x[row * cols + c] - mx);
  for (int c = 0; c < cols; ++c) y[row * cols + c] = expf(x[row * cols + c] - mx) / sum;
}`;
      await refused('online-softmax', code, 'for (int c = 0; c < cols; ++c) mx', /no `mx = -INFINITY/);
    });
  });
});
