// estimateProgram on real CUDA snippets through the program model: memory-bound streaming kernels sized
// by their bytes, coalescing, launch overhead over host loops, occupancy limiters, registers from
// __launch_bounds__, stated assumptions for unknown sizes, and cuBLAS calls.
import * as assert from 'assert';
import { buildModelFromText } from '../../server/src/model';
import { estimateProgram } from '../../server/src/cost';
import { getGpu } from '../../server/src/cost/gpus';
import { DRAM_EFFICIENCY } from '../../server/src/cost/constants';

const h100 = getGpu('h100-sxm');

async function estimate(text: string, gpu = h100) {
  const model = await buildModelFromText(text, 'snippet.cu');
  return estimateProgram(model, gpu, { text });
}

const VECTOR_ADD = `
__global__ void add(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
int main() {
  const int n = 1 << 24;
  float *a, *b, *c;
  add<<<(n + 255) / 256, 256>>>(a, b, c, n);
}
`;

describe('cost/estimateProgram', () => {
  it('times a streaming kernel by its DRAM bytes', async () => {
    const [e] = (await estimate(VECTOR_ADD)).launches;
    assert.strictEqual(e.kernelName, 'add');
    assert.strictEqual(e.line, 9);
    assert.deepStrictEqual(e.grid, [65536, 1, 1]);
    assert.deepStrictEqual(e.block, [256, 1, 1]);
    assert.strictEqual(e.bound, 'memory');
    const bytes = 3 * 4 * (1 << 24);
    assert.ok(Math.abs((e.bytes as number) - bytes) / bytes < 0.01, `${e.bytes} bytes`);
    const streaming = bytes / (h100.memoryBandwidthGBps * 1e9 * DRAM_EFFICIENCY);
    assert.ok(e.kernelSeconds > streaming && e.kernelSeconds < streaming * 1.2, `${e.kernelSeconds} vs ${streaming}`);
  });

  it('charges whole sectors for strided (uncoalesced) reads', async () => {
    const strided = VECTOR_ADD.replace('c[i] = a[i] + b[i]', 'c[i] = a[i * 32] + b[i]');
    const [base] = (await estimate(VECTOR_ADD)).launches;
    const [worse] = (await estimate(strided)).launches;
    // a[i * 32]: each lane its own 32-byte sector, 8x the bytes of a coalesced 4-byte read.
    assert.ok((worse.bytes as number) > 3 * (base.bytes as number), `${worse.bytes} vs ${base.bytes}`);
    assert.ok(worse.kernelSeconds > 2.5 * base.kernelSeconds);
  });

  it('is slower on a GPU with less bandwidth', async () => {
    const [h] = (await estimate(VECTOR_ADD)).launches;
    const [t4] = (await estimate(VECTOR_ADD, getGpu('t4'))).launches;
    assert.ok(t4.kernelSeconds / h.kernelSeconds > 5);
  });

  it('multiplies launch costs by the host loop trip count and prices a CUDA graph', async () => {
    const text = `
__global__ void tiny(float* x) { x[threadIdx.x] += 1.0f; }
int main() {
  float* x;
  for (int step = 0; step < 1000; ++step) tiny<<<1, 32>>>(x);
}
`;
    const [e] = (await estimate(text)).launches;
    assert.strictEqual(e.launchesPerRun, 1000);
    assert.strictEqual(e.bound, 'launch');
    assert.ok(e.launchOverheadSeconds > 0);
    assert.ok(Math.abs((e.totalSeconds as number) - 1000 * e.seconds) < 1e-12);
    assert.ok((e.graphSavingSeconds as number) > 0.3 * (e.totalSeconds as number));
  });

  it('prices launches inside a stream capture at the graph rate', async () => {
    const text = `
__global__ void tiny(float* x) { x[threadIdx.x] += 1.0f; }
int main() {
  float* x; cudaStream_t s; cudaGraph_t g;
  for (int i = 0; i < 100; ++i) tiny<<<1, 32, 0, s>>>(x);
  cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal);
  for (int i = 0; i < 100; ++i) tiny<<<1, 32, 0, s>>>(x);
  cudaStreamEndCapture(s, &g);
}
`;
    const [loop, captured] = (await estimate(text)).launches;
    assert.strictEqual(loop.line, 5);
    assert.strictEqual(captured.line, 7);
    assert.ok(captured.seconds < loop.seconds, `${captured.seconds} vs ${loop.seconds}`);
    assert.ok(!captured.graphSavingSeconds);
    assert.ok((loop.graphSavingSeconds as number) > 0);
  });

  it('names shared memory as the occupancy limiter for a big static tile', async () => {
    const text = `
__global__ void big(float* x) {
  __shared__ float tile[12288];
  tile[threadIdx.x] = x[blockIdx.x * 256 + threadIdx.x];
  __syncthreads();
  x[blockIdx.x * 256 + threadIdx.x] = tile[255 - threadIdx.x];
}
int main() { float* x; big<<<4096, 256>>>(x); }
`;
    const [e] = (await estimate(text)).launches;
    assert.strictEqual(e.occupancy?.limiter, 'shared-memory');
    assert.strictEqual(e.occupancy?.activeBlocksPerSm, 4);
  });

  it('takes registers from __launch_bounds__ and from ptxas when given', async () => {
    const text = `
__global__ void __launch_bounds__(1024, 2) k(float* x) { x[blockIdx.x * 1024 + threadIdx.x] *= 2.0f; }
int main() { float* x; k<<<1024, 1024>>>(x); }
`;
    const [lb] = (await estimate(text)).launches;
    assert.strictEqual(lb.occupancy?.registersSource, 'launch-bounds');
    assert.strictEqual(lb.occupancy?.registersPerThread, 32);
    const model = await buildModelFromText(text, 'snippet.cu');
    const [px] = estimateProgram(model, h100, { text, registers: new Map([['k', 64]]) }).launches;
    assert.strictEqual(px.occupancy?.registersSource, 'ptxas');
    assert.strictEqual(px.occupancy?.limiter, 'registers');
    assert.strictEqual(px.occupancy?.fraction, 0.5);
  });

  it('states the default it used for an unknown size', async () => {
    const text = `
__global__ void scale(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= 2.0f; }
void run(float* x, int n) { scale<<<(n + 127) / 128, 128>>>(x, n); }
`;
    const [e] = (await estimate(text)).launches;
    assert.ok(e.assumptions.some((a) => /^n unknown: assumed 1048576/.test(a)), e.assumptions.join('; '));
    assert.deepStrictEqual(e.grid, [8192, 1, 1]);
  });

  it('reads sizes from the launching function first', async () => {
    const text = `
__global__ void scale(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= 2.0f; }
void small(float* x) { const int n = 1024; scale<<<n / 256, 256>>>(x, n); }
void large(float* x) { const int n = 1 << 24; scale<<<n / 256, 256>>>(x, n); }
`;
    const [a, b] = (await estimate(text)).launches;
    assert.deepStrictEqual(a.grid, [4, 1, 1]);
    assert.deepStrictEqual(b.grid, [65536, 1, 1]);
  });

  it('finds a tiled matrix product faster than a naive one of the same size', async () => {
    const naive = `
__global__ void mm(const float* a, const float* b, float* c, int n) {
  int r = blockIdx.y * blockDim.y + threadIdx.y, col = blockIdx.x * blockDim.x + threadIdx.x;
  float s = 0.0f;
  for (int k = 0; k < n; ++k) s += a[r * n + k] * b[k * n + col];
  c[r * n + col] = s;
}
int main() { const int n = 2048; float *a, *b, *c; dim3 blk(16, 16), grd(n / 16, n / 16); mm<<<grd, blk>>>(a, b, c, n); }
`;
    const tiled = `
#define T 32
__global__ void mm(const float* a, const float* b, float* c, int n) {
  __shared__ float sa[T][T], sb[T][T];
  int r = blockIdx.y * T + threadIdx.y, col = blockIdx.x * T + threadIdx.x;
  float s = 0.0f;
  for (int t = 0; t < n / T; ++t) {
    sa[threadIdx.y][threadIdx.x] = a[r * n + t * T + threadIdx.x];
    sb[threadIdx.y][threadIdx.x] = b[(t * T + threadIdx.y) * n + col];
    __syncthreads();
    for (int k = 0; k < T; ++k) s += sa[threadIdx.y][k] * sb[k][threadIdx.x];
    __syncthreads();
  }
  c[r * n + col] = s;
}
int main() { const int n = 2048; float *a, *b, *c; dim3 blk(T, T), grd(n / T, n / T); mm<<<grd, blk>>>(a, b, c, n); }
`;
    const [n] = (await estimate(naive)).launches;
    const [t] = (await estimate(tiled)).launches;
    assert.ok(t.seconds < 0.8 * n.seconds, `tiled ${t.seconds} vs naive ${n.seconds}`);
    // 2 * 2048^3 FLOP at the measured ~5 TFLOP/s of naive kernels on H100 is ~3.4 ms; stay within 2x.
    assert.ok(n.seconds > 1.7e-3 && n.seconds < 7e-3, `${n.seconds}`);
  });

  it('counts shared-memory bank conflicts of a column walk and their fix by padding', async () => {
    const kernel = (pad: number) => `
__global__ void cols(const float* in, float* out) {
  __shared__ float t[32][32 + ${pad}];
  for (int r = 0; r < 32; ++r) t[r][threadIdx.x] = in[(blockIdx.x * 32 + r) * 32 + threadIdx.x];
  __syncthreads();
  float s = 0.0f;
  for (int r = 0; r < 32; ++r) s += t[threadIdx.x][r];
  out[blockIdx.x * 32 + threadIdx.x] = s;
}
int main() { float *in, *out; cols<<<65536, 32>>>(in, out); }
`;
    const [conflicted] = (await estimate(kernel(0))).launches;
    const [padded] = (await estimate(kernel(1))).launches;
    const wavefronts = (e: typeof padded) => Number(/^([\d.e+]+) wavefronts/.exec(e.breakdown.find((b) => b.label === 'L1/shared')!.value)![1]);
    // t[threadIdx.x][r] with 32 floats per row: all 32 lanes in one bank, 32 wavefronts instead of 1.
    assert.ok(wavefronts(conflicted) > 10 * wavefronts(padded), `${wavefronts(conflicted)} vs ${wavefronts(padded)}`);
    assert.ok(conflicted.kernelSeconds > padded.kernelSeconds);
  });

  it('serialises same-address atomics, counting only the threads that pass the guard', async () => {
    const kernel = (guard: string) => `
__global__ void k(const float* x, float* total) {
  float v = x[blockIdx.x * 256 + threadIdx.x];
  ${guard} atomicAdd(total, v);
}
int main() { float *x, *t; k<<<65536, 256>>>(x, t); }
`;
    const [once] = (await estimate(kernel('if (threadIdx.x == 0)'))).launches;
    const [all] = (await estimate(kernel(''))).launches;
    // 65536 block-leader atomics on one address: ~1 per clock, tens of µs; every thread: 256x that.
    assert.ok(once.kernelSeconds < 1e-4, `${once.kernelSeconds}`);
    assert.ok(all.kernelSeconds > 50 * once.kernelSeconds, `${all.kernelSeconds} vs ${once.kernelSeconds}`);
  });

  it('models cuBLAS GEMM calls', async () => {
    const text = `
#include <cublas_v2.h>
int main() {
  cublasHandle_t h; float *a, *b, *c; float one = 1.0f, zero = 0.0f;
  cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 4096, 4096, 4096, &one, a, 4096, b, 4096, &zero, c, 4096);
}
`;
    const { gemms } = await estimate(text);
    assert.strictEqual(gemms.length, 1);
    assert.strictEqual(gemms[0].line, 5);
    assert.strictEqual(gemms[0].m, 4096);
    // Default math mode: FP32 on CUDA cores, well under the FP32 peak of 66.9 TFLOP/s.
    assert.ok(gemms[0].tflops < 60 && gemms[0].tflops > 30, `${gemms[0].tflops}`);
  });
});
