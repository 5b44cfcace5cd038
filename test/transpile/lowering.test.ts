// Checks the shape of lowered kernels and the translator's diagnostics on small inline programs.
import * as assert from 'assert';
import { transpileText } from '../../server/src/transpile/index';

async function lower(src: string) {
  const out = await transpileText(src, '/virtual/test.cu', { readFile: () => undefined });
  return { text: out.main.content, diags: out.diagnostics };
}

describe('transpile: kernel lowering', () => {
  it('keeps a kernel without barriers as one simd thread loop', async () => {
    const { text } = await lower(`__global__ void add(float* a, const float* b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  a[i] += b[i];
}`);
    assert.match(text, /void add\(dim3 gridDim, dim3 blockDim, size_t __cl_shmem, float\* a, const float\* b, int n\)/);
    assert.match(text, /#pragma omp parallel for/);
    assert.strictEqual(text.match(/#pragma omp simd/g)?.length, 1);
    assert.match(text, /if \(i >= n\) \{ continue; \}/);
    assert.doesNotMatch(text, /__global__/);
  });

  it('splits at barriers, keeps a block-uniform loop as a loop and moves cross-barrier values to arrays', async () => {
    const { text } = await lower(`__global__ void red(const float* x, float* out) {
  __shared__ float s[256];
  float v = x[blockIdx.x * 256 + threadIdx.x];
  s[threadIdx.x] = v;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w >>= 1) {
    if (threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = s[0] + v;
}`);
    assert.match(text, /for \(int w = blockDim\.x \/ 2; w > 0; w >>= 1\) \{/);
    assert.match(text, /float v___s\[__nt\];\s*auto\* const v_ = v___s;/);
    assert.match(text, /out\[blockIdx\.x\] = s\[0\] \+ v_\[__t\]/);
    assert.match(text, /float s\[256\];/);
    assert.strictEqual(text.match(/for \(int __tx/g)?.length, 3);
  });

  it('runs a divergent loop around a warp collective under masks', async () => {
    const { text } = await lower(`__global__ void k(int* out, const int* steps) {
  int n = steps[threadIdx.x];
  while (n > 0) { out[threadIdx.x] += __shfl_xor_sync(0xffffffffu, n, 1); --n; }
}`);
    assert.match(text, /divergent loop/);
    assert.match(text, /__cl::shfl_xor\(__x\d+, __t, __nt, 1, 32\)/);
  });

  it('inlines a device function that holds a shuffle', async () => {
    const { text } = await lower(`__device__ float wsum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  return v;
}
__global__ void k(float* x) { float s = wsum(x[threadIdx.x]); if (threadIdx.x == 0) x[0] = s; }`);
    assert.match(text, /inlined wsum\(\)/);
    assert.match(text, /__cl::shfl_down\(/);
  });

  it('loops only over the threads that pass a bounds check', async () => {
    const { text } = await lower(`__global__ void saxpy(float a, const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`);
    assert.match(text, /__tx < __cl::tid_limit_from\(blockIdx\.x \* blockDim\.x, n, blockDim\.x\)/);
    assert.doesNotMatch(text, /if \(i < n\)/);
  });

  it('interchanges a grid-stride loop with the thread loop', async () => {
    const { text } = await lower(`__global__ void scale(float* x, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) x[i] *= 2.0f;
}`);
    assert.match(text, /interchanged with the thread loop/);
    assert.match(text, /int i = __chunk\d* \+ \(int\)__tx;/);
  });

  it('rewrites launches and keeps host code', async () => {
    const { text } = await lower(`__global__ void k(int* p) { p[threadIdx.x] = 1; }
int main() { int* d; cudaMalloc(&d, 64); k<<<2, 32, 0, 0>>>(d); cudaDeviceSynchronize(); return 0; }`);
    assert.match(text, /__cl::launch\("k", dim3\(2\), dim3\(32\), \(size_t\)\(0\), \(cudaStream_t\)\(0\)/);
    assert.match(text, /cudaDeviceSynchronize\(\);/);
    assert.match(text, /#include "cuda_lens_runtime.h"/);
  });
});

describe('transpile: diagnostics', () => {
  it('reports a barrier inside a switch with a stable id and an #error', async () => {
    const { text, diags } = await lower(`__global__ void k(int m) {
  switch (m) { case 0: __syncthreads(); break; default: break; }
}`);
    assert.deepStrictEqual(diags.map((d) => d.id), ['barrier-in-switch']);
    assert.strictEqual(diags[0].range.start.line, 1);
    assert.match(text, /#error "cuda-lens \[barrier-in-switch\]/);
  });

  it('reports CUDA API calls without a CPU mapping', async () => {
    const { text, diags } = await lower(`int main() { cudaArray_t a; cudaMallocArray(&a, 0, 4, 4); return 0; }`);
    assert.deepStrictEqual(diags.map((d) => [d.id, d.severity]), [['unknown-api', 'error']]);
    assert.match(text, /#error "cuda-lens \[unknown-api\]: cudaMallocArray/);
  });

  it('warns about calls the runtime cannot honour', async () => {
    const { diags } = await lower(`int main() { void* p; cudaIpcOpenMemHandle(&p, 0, 0); return 0; }`);
    assert.deepStrictEqual(diags.map((d) => [d.id, d.severity]), [['unsupported-api', 'warning']]);
  });

  it('reports launches inside kernels', async () => {
    const { diags } = await lower(`__global__ void child(int* p) {}
__global__ void parent(int* p) { child<<<1, 1>>>(p); }`);
    assert.deepStrictEqual(diags.map((d) => d.id), ['dynamic-parallelism']);
  });
});
