// Physical behaviours of the kernel cost model, each on a pair of kernels that differ in one respect:
// resident blocks and bytes in flight (Little's law), scattered sector writes, barrier steps on a block's
// critical path, loop unrolling, block dispatch, the launch pace with and without a graph or a sync per
// iteration, and the first launch's one-time cost. The pairs come from the H100 SXM measurements in
// docs/measurements.
import * as assert from 'assert';
import { buildModelFromText } from '../../server/src/model';
import { estimateProgram } from '../../server/src/cost';
import { getGpu } from '../../server/src/cost/gpus';
import { FIRST_LAUNCH_SECONDS, GRAPH_LAUNCH_SECONDS, LAUNCH_CPU_SECONDS } from '../../server/src/cost/constants';
import { loopMemoryParallelism } from '../../server/src/cost/latency';
import { loopTrips } from '../../server/src/cost/values';
import { leavesPartialSectors } from '../../server/src/cost/warp-access';
import type { KernelLoop } from '../../server/src/model/types';

const h100 = getGpu('h100-sxm');

async function launches(text: string) {
  const model = await buildModelFromText(text, 'physics.cu');
  return estimateProgram(model, h100, { text }).launches;
}

const GRID_STRIDE_SUM = (grid: string, block: number) => `
__global__ void sum(const float* x, float* out, int n) {
  float v = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += x[i];
  if (v == 12345.0f) out[0] = v;
}
int main() { const int n = 1 << 24; float *x, *o; sum<<<${grid}, ${block}>>>(x, o, n); }
`;

describe('cost/physics', () => {
  it('reaches less bandwidth with fewer resident warps (grid-stride loop on a small grid)', async () => {
    // 256 blocks of 512 leave 2 blocks per SM with one load in flight per warp; 1056 x 256 fill the SMs.
    const [few] = await launches(GRID_STRIDE_SUM('256', 512));
    const [full] = await launches(GRID_STRIDE_SUM('1056', 256));
    assert.strictEqual(few.bytes, full.bytes);
    assert.strictEqual(few.bound, 'latency');
    // H100 SXM: 54-65 us for the 256 x 512 sum of 64 MB (cuda-bench b02), where a full grid streams it in ~30.
    assert.ok(few.kernelSeconds > 1.5 * full.kernelSeconds, `${few.kernelSeconds} vs ${full.kernelSeconds}`);
  });

  it('charges strided stores more than strided loads of the same count', async () => {
    const transpose = (body: string) => `
__global__ void t(const float* in, float* out, int n) {
  int x = blockIdx.x * 32 + threadIdx.x;
  int y = blockIdx.y * 8 + threadIdx.y;
  ${body}
}
int main() { const int n = 4096; float *a, *b; dim3 block(32, 8), grid(n / 32, n / 8); t<<<grid, block>>>(a, b, n); }
`;
    const [store] = await launches(transpose('out[x * n + y] = in[y * n + x];'));
    const [load] = await launches(transpose('out[y * n + x] = in[x * n + y];'));
    // A strided 4-byte store writes its whole 32-byte sector; strided reads share sectors through L2.
    assert.ok(store.kernelSeconds > 2 * load.kernelSeconds, `${store.kernelSeconds} vs ${load.kernelSeconds}`);
    assert.ok((store.bytes as number) > 4 * (load.bytes as number));
  });

  it('counts a store as scattered only when the warp leaves its sectors partly written', () => {
    const shape = { block: [256, 1, 1] as [number, number, number], activeLanes: 32 };
    // y[4 * i + j] for j = 0..3 (unrolled): every sector filled by the warp's four stores.
    assert.strictEqual(leavesPartialSectors([4, 0, 0], 4, shape, 4, 4), false);
    // The same store once: 16 sectors, a quarter of each written.
    assert.strictEqual(leavesPartialSectors([4, 0, 0], 4, shape, 1, 0), true);
    // out[x * 4096 + y + j], j += 8: each lane its own row, one float per sector per step.
    assert.strictEqual(leavesPartialSectors([4096, 0, 0], 4, shape, 4, 32), true);
  });

  it('makes a barrier-heavy tree reduction slower than a streaming read of the same bytes', async () => {
    const program = (body: string) => `
__global__ void k(const float* x, float* partial, int n) {
  __shared__ float s[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  ${body}
}
int main() { const int n = 1 << 24; float *x, *p; k<<<n / 256, 256>>>(x, p, n); }
`;
    const [tree] = await launches(program(`s[threadIdx.x] = x[i];
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = s[0];`));
    const [stream] = await launches(program(`float v = x[i];
  if (v == 12345.0f) partial[blockIdx.x] = v;`));
    assert.ok(Math.abs((tree.bytes as number) - (stream.bytes as number)) / (stream.bytes as number) < 0.05);
    assert.strictEqual(tree.bound, 'latency');
    // H100 SXM: 77.9 us for the tree reduction of 64 MB, where one 4-byte load per thread streams it in ~35.
    assert.ok(tree.kernelSeconds > 1.5 * stream.kernelSeconds, `${tree.kernelSeconds} vs ${stream.kernelSeconds}`);
  });

  it('keeps loads of unrolled loops in flight together, not those of runtime-step loops', () => {
    const loop = (fields: Partial<KernelLoop>): KernelLoop => ({ hasBarrier: false, ...fields } as KernelLoop);
    assert.strictEqual(loopMemoryParallelism(loop({ step: 1, stepOp: '+' }), 1000), 4);
    assert.strictEqual(loopMemoryParallelism(loop({ gridStride: true, stepOp: '+' }), 64), 1);
    assert.strictEqual(loopMemoryParallelism(loop({ tripCount: 4, step: 8, stepOp: '+' }), 4), 4);
    assert.strictEqual(loopMemoryParallelism(loop({ step: 1, stepOp: '+', hasBarrier: true }), 1000), 1);
  });

  it('counts the barrier steps of a halving loop that stops when one warp is left', () => {
    const halving = (bound: number) => ({ hasBarrier: true, stepOp: '>>', step: 1, bound: { terms: [], constant: bound } } as unknown as KernelLoop);
    const value = (sym: string) => (sym === 'blockDim.x' ? 256 : undefined);
    // s = 128, 64, ..., 1 for `s > 0`; s = 128, 64 for `s > 32` (the warp-shuffle tail does the rest).
    assert.strictEqual(loopTrips(halving(0), value, 256).trips, 8);
    assert.strictEqual(loopTrips(halving(32), value, 256).trips, 2);
  });

  it('lets a grid-stride loop over an unknown size cover the default size once, however large the grid', () => {
    const loop = { hasBarrier: false, gridStride: true, stepOp: '+' } as unknown as KernelLoop;
    const none = () => undefined;
    assert.deepStrictEqual(loopTrips(loop, none, 32768 * 256), { trips: 1, assumed: true });
    assert.deepStrictEqual(loopTrips(loop, none, 256 * 256), { trips: 16, assumed: true });
  });

  it('bounds grids of tiny blocks by the block dispatch rate', async () => {
    const blend = (block: number) => `
__global__ void blend(const float* a, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = 2.0f * a[i];
}
int main() { const int n = 1 << 25; float *a, *o; blend<<<(n + ${block} - 1) / ${block}, ${block}>>>(a, o, n); }
`;
    const [tiny] = await launches(blend(32));
    const [wide] = await launches(blend(256));
    // H100 SXM (block_size sample): 633 us with 32-thread blocks, 148 us with 256.
    assert.ok(tiny.kernelSeconds > 3 * wide.kernelSeconds, `${tiny.kernelSeconds} vs ${wide.kernelSeconds}`);
  });

  it('paces a loop of tiny launches by the CPU and a graph replay by the GPU', async () => {
    const text = `
__global__ void step(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] = x[i] * 0.5f + 1.0f; }
int main() {
  const int n = 4096; float* x; cudaStream_t s; cudaGraph_t g; cudaGraphExec_t e;
  for (int r = 0; r < 1000; ++r) step<<<n / 256, 256, 0, s>>>(x, n);
  cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal);
  for (int r = 0; r < 1000; ++r) step<<<n / 256, 256, 0, s>>>(x, n);
  cudaStreamEndCapture(s, &g);
  cudaGraphInstantiate(&e, g, 0);
  for (int k = 0; k < 5; ++k) cudaGraphLaunch(e, s);
}
`;
    const [loop, captured] = await launches(text);
    assert.strictEqual(loop.bound, 'launch');
    assert.ok(Math.abs(loop.seconds - (loop.firstLaunchSeconds ?? 0) / 1000 - LAUNCH_CPU_SECONDS) < 1e-12);
    // The kernel itself is shorter than a graph's per-launch pace would hide: a graph replays it at
    // about its own GPU time (1.02 us measured on H100 SXM), well under the CPU launch time.
    assert.ok(captured.kernelSeconds < LAUNCH_CPU_SECONDS / 2, `${captured.kernelSeconds}`);
    assert.ok(captured.seconds >= GRAPH_LAUNCH_SECONDS && captured.seconds < 2 * GRAPH_LAUNCH_SECONDS, `${captured.seconds}`);
    assert.strictEqual(captured.launchesPerRun, 5000);
  });

  it('adds issue, kernel and wait when the launch loop synchronises every iteration', async () => {
    const text = `
__global__ void step(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] = x[i] * 0.5f + 1.0f; }
int main() {
  const int n = 4096; float* x;
  step<<<n / 256, 256>>>(x, n);
  for (int r = 0; r < 1000; ++r) step<<<n / 256, 256>>>(x, n);
  for (int r = 0; r < 1000; ++r) { step<<<n / 256, 256>>>(x, n); cudaDeviceSynchronize(); }
}
`;
    const [, loop, synced] = await launches(text);
    // H100 SXM: 4.1 us per back-to-back launch, 10.2 us with cudaDeviceSynchronize() after each.
    assert.ok(synced.seconds > 2.2 * loop.seconds, `${synced.seconds} vs ${loop.seconds}`);
    assert.ok(synced.seconds > 8e-6 && synced.seconds < 12e-6, `${synced.seconds}`);
    assert.ok(!synced.graphSavingSeconds);
  });

  it('spreads the program\'s first launch over the launches of its loop, once, not over a single launch', async () => {
    const text = `
__global__ void k(float* x) { x[blockIdx.x * 256 + threadIdx.x] *= 2.0f; }
int main() {
  float* x;
  for (int r = 0; r < 10; ++r) k<<<4096, 256>>>(x);
  k<<<4096, 256>>>(x);
}
`;
    const [first, later] = await launches(text);
    assert.strictEqual(first.firstLaunchSeconds, FIRST_LAUNCH_SECONDS);
    assert.ok(Math.abs(first.seconds - (first.kernelSeconds + FIRST_LAUNCH_SECONDS / 10)) < 1e-12);
    assert.ok(Math.abs((first.totalSeconds as number) - (10 * first.kernelSeconds + FIRST_LAUNCH_SECONDS)) < 1e-12);
    assert.strictEqual(later.firstLaunchSeconds, undefined);
    assert.strictEqual(later.seconds, later.kernelSeconds);
    // A kernel launched once is reported as its kernel time, as a profiler measures it.
    const [single] = await launches(text.replace(/for \(int r = 0; r < 10; \+\+r\) /, ''));
    assert.strictEqual(single.launchesPerRun, 1);
    assert.strictEqual(single.seconds, single.kernelSeconds);
    // The module holds every kernel of the file: a second kernel's loop finds it loaded.
    const two = text.replace('__global__ void k(', '__global__ void k2(float* x) { x[threadIdx.x] = 0.0f; }\n__global__ void k(')
      .replace('  k<<<4096, 256>>>(x);\n}', '  for (int r = 0; r < 10; ++r) k2<<<1, 32>>>(x);\n}');
    const [, second] = await launches(two);
    assert.strictEqual(second.kernelName, 'k2');
    assert.strictEqual(second.firstLaunchSeconds, undefined);
  });
});
