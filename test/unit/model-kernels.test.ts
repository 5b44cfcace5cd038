// Kernel-side facts of the program model on small fragments: affine index forms, memory spaces, loops,
// barriers with their guards, thread-dependent locals, early returns, atomics and warp intrinsics,
// qualifiers, templates and __launch_bounds__.
import * as assert from 'assert';
import { buildModelFromText, coefficientOf, formToString, withLoopStarts, type Kernel, type MemoryAccess } from '../../server/src/model';

async function kernel(src: string, name?: string): Promise<Kernel> {
  const m = await buildModelFromText(src, 'fragment.cu');
  const k = name ? m.kernels.find((x) => x.name === name) : m.kernels[0];
  assert.ok(k, `kernel ${name ?? '(first)'} not found`);
  return k;
}

const forms = (a: MemoryAccess): string[] => a.indices.map((f) => (f ? formToString(f) : '?'));

describe('model: kernel bodies', () => {
  it('flattens a strided global index into one affine form', async () => {
    const k = await kernel(`
__global__ void k(float* a, int stride) {
  a[(blockIdx.x * blockDim.x + threadIdx.x) * stride] = 0.0f;
}`);
    const [acc] = k.accesses;
    assert.strictEqual(acc.space, 'global');
    assert.ok(acc.isWrite && !acc.isRead);
    const f = acc.indices[0];
    assert.ok(f);
    assert.strictEqual(coefficientOf(f, 'stride', 'threadIdx.x'), 1);
    assert.strictEqual(coefficientOf(f, 'blockDim.x', 'blockIdx.x', 'stride'), 1);
    assert.strictEqual(coefficientOf(f, 'threadIdx.x'), 0);
    assert.strictEqual(f.constant, 0);
  });

  it('gives one form per subscript of a 2-D shared tile and sizes it from #define and constexpr', async () => {
    const k = await kernel(`
#define T 16
constexpr int PAD = 1;
__global__ void k(const float* in) {
  __shared__ float tile[T][T + PAD];
  tile[threadIdx.y][threadIdx.x] = in[threadIdx.x];
  __syncthreads();
}`);
    assert.deepStrictEqual(k.sharedArrays.map((s) => [s.name, s.dims, s.bytes]), [['tile', [16, 17], 16 * 17 * 4]]);
    const write = k.accesses.find((a) => a.array === 'tile');
    assert.ok(write);
    assert.strictEqual(write.space, 'shared');
    assert.deepStrictEqual(forms(write), ['threadIdx.y', 'threadIdx.x']);
    assert.deepStrictEqual(write.indexTexts, ['threadIdx.y', 'threadIdx.x']);
  });

  it('substitutes locals derived from the thread index and keeps loop variables as symbols', async () => {
    const k = await kernel(`
__global__ void k(const float* x, float* y, int n, int cols) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  for (int j = 0; j < 8; ++j) y[row * cols + col + j] = x[col * cols + row];
}`);
    const [read, write] = k.accesses;
    assert.strictEqual(read.array, 'x');
    assert.strictEqual(coefficientOf(read.indices[0]!, 'cols', 'threadIdx.x'), 1);
    assert.strictEqual(coefficientOf(read.indices[0]!, 'threadIdx.y'), 1);
    assert.strictEqual(write.array, 'y');
    assert.strictEqual(coefficientOf(write.indices[0]!, 'j'), 1);
    assert.strictEqual(coefficientOf(write.indices[0]!, 'threadIdx.x'), 1);
    assert.strictEqual(write.loops.length, 1);
    assert.deepStrictEqual(k.loops.map((l) => [l.variable, l.tripCount]), [['j', 8]]);
    assert.deepStrictEqual(k.threadDependentLocals.sort(), ['col', 'row']);
  });

  it('recognises a grid-stride loop and reads its first iteration with withLoopStarts', async () => {
    const k = await kernel(`
__global__ void k(const float* __restrict__ x, float* __restrict__ y, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) y[i] = 2.0f * x[i];
}`);
    const [loop] = k.loops;
    assert.strictEqual(loop.gridStride, true);
    assert.strictEqual(loop.threadDependent, true);
    assert.strictEqual(loop.stepOp, '+');
    assert.strictEqual(loop.step, undefined);
    assert.strictEqual(coefficientOf(loop.stepForm!, 'blockDim.x', 'gridDim.x'), 1);
    assert.strictEqual(loop.boundText, 'n');
    const read = k.accesses.find((a) => a.array === 'x')!;
    assert.deepStrictEqual(forms(read), ['i']);
    const first = withLoopStarts(read.indices[0]!, read.loops)!;
    assert.strictEqual(coefficientOf(first, 'threadIdx.x'), 1);
    assert.strictEqual(coefficientOf(first, 'blockDim.x', 'blockIdx.x'), 1);
  });

  it('finds the induction variable of while and do-while loops', async () => {
    const k = await kernel(`
__global__ void k(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  while (i < n) { y[i] = x[i]; i += blockDim.x * gridDim.x; }
  int j = 0;
  do { y[j] = 0.0f; j++; } while (j < 8);
  int w = 0;
  while (w < n) { w = w * 2 + 1; }
}`);
    assert.deepStrictEqual(k.loops.map((l) => [l.kind, l.variable, l.gridStride, l.tripCount]), [
      ['while', 'i', true, undefined],
      ['do', 'j', false, 8],
      ['while', undefined, undefined, undefined],
    ]);
    assert.strictEqual(coefficientOf(k.loops[0].init!, 'threadIdx.x'), 1);
    assert.deepStrictEqual(k.accesses.slice(0, 3).map((a) => forms(a)[0]), ['i', 'i', 'j']);
  });

  it('counts trips of constant loops including halving and doubling strides', async () => {
    const k = await kernel(`
#define N 256
__global__ void k(float* s) {
  for (int a = 0; a < 10; a += 3) s[a] = 0;
  for (int b = 128; b > 0; b >>= 1) s[b] = 0;
  for (int c = 1; c < N; c *= 2) s[c] = 0;
  for (int d = -2; d <= 2; ++d) s[d + 2] = 0;
  for (int e = 10; e > 0; --e) s[e] = 0;
}`);
    assert.deepStrictEqual(k.loops.map((l) => l.tripCount), [4, 8, 8, 5, 10]);
    assert.deepStrictEqual(k.loops.map((l) => l.stepOp), ['+', '>>', '*', '+', '-']);
  });

  it('marks guards that depend on threadIdx, also through a local, and lists barriers with their guards', async () => {
    const k = await kernel(`
__global__ void k(float* s_out, int n) {
  __shared__ float s[256];
  int tid = threadIdx.x;
  s[tid] = 1.0f;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (blockIdx.x == 0) __syncthreads();
  if (tid < 32) {
    __syncthreads();
  }
}`);
    assert.deepStrictEqual(k.barriers.map((b) => b.guards.map((g) => [g.kind, g.conditionText, g.threadDependent])), [
      [],
      [['for', 'stride > 0', false]],
      [['if', 'blockIdx.x == 0', false]],
      [['if', 'tid < 32', true]],
    ]);
    const inner = k.accesses.filter((a) => a.guards?.some((g) => g.conditionText === 'tid < stride'));
    assert.deepStrictEqual(inner.map((a) => forms(a)[0]), ['stride + threadIdx.x', 'threadIdx.x']);
    assert.ok(k.loops[0].hasBarrier);
    assert.deepStrictEqual(k.threadDependentLocals, ['tid']);
  });

  it('records early returns with their guards but not the final return', async () => {
    const k = await kernel(`
__global__ void k(float* a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  a[i] = 0;
  return;
}`);
    assert.strictEqual(k.returns.length, 1);
    assert.deepStrictEqual(k.returns[0].guards.map((g) => [g.conditionText, g.threadDependent]), [['i >= n', true]]);
  });

  it('keeps pointers derived from parameters in global memory with their base offset', async () => {
    const k = await kernel(`
__global__ void k(const float* x, float* y, int cols) {
  const float* row = x + blockIdx.x * cols;
  float* out = &y[blockIdx.x * cols];
  out[threadIdx.x] = row[threadIdx.x];
}`);
    const [read, write] = k.accesses;
    assert.deepStrictEqual([read.array, read.space, read.baseArray], ['row', 'global', 'x']);
    assert.strictEqual(coefficientOf(read.baseOffset!, 'blockIdx.x', 'cols'), 1);
    assert.deepStrictEqual([write.array, write.space, write.baseArray], ['out', 'global', 'y']);
  });

  it('tells local arrays, constant memory and dynamic shared memory apart', async () => {
    const k = await kernel(`
__constant__ float coef[4];
__global__ void k(float* y) {
  extern __shared__ float dyn[];
  float regs[4];
  regs[threadIdx.x % 4] = coef[threadIdx.x % 4];
  dyn[threadIdx.x] = regs[0];
  y[threadIdx.x] = dyn[threadIdx.x];
}`);
    const spaces = Object.fromEntries(k.accesses.map((a) => [a.array, a.space]));
    assert.deepStrictEqual(spaces, { coef: 'constant', regs: 'local', dyn: 'shared', y: 'global' });
    assert.deepStrictEqual(k.sharedArrays.map((s) => [s.name, s.isExtern, s.dims]), [['dyn', true, [undefined]]]);
  });

  it('lists file-scope shared arrays in the kernels that use them', async () => {
    const m = await buildModelFromText(`
extern __shared__ float dynamic_smem[];
__shared__ int table[4][8];
__global__ void uses_both(float* out) {
  dynamic_smem[threadIdx.x] = table[threadIdx.x % 4][0];
  out[threadIdx.x] = dynamic_smem[threadIdx.x];
}
__global__ void uses_none(float* out) { out[0] = 0.0f; }
void go(float* p) { uses_both<<<1, 32, 128>>>(p); }`, 'fragment.cu');
    const [both, none] = m.kernels;
    assert.deepStrictEqual(both.sharedArrays.map((s) => [s.name, s.isExtern, s.dims, s.bytes]), [['table', false, [4, 8], 128], ['dynamic_smem', true, [undefined], undefined]]);
    assert.deepStrictEqual(both.accesses.map((a) => [a.array, a.space]), [['table', 'shared'], ['dynamic_smem', 'shared'], ['dynamic_smem', 'shared'], ['out', 'global']]);
    assert.deepStrictEqual(none.sharedArrays, []);
    assert.strictEqual(m.launches[0].staticSharedBytes, 128);
  });

  it('records atomics as read-modify-write accesses and warp intrinsics by name', async () => {
    const k = await kernel(`
__global__ void k(const int* keys, int* hist, float* total, float v) {
  atomicAdd(&hist[keys[threadIdx.x]], 1);
  atomicAdd(total, v);
  unsigned mask = __ballot_sync(0xffffffff, v > 0.0f);
  v += __shfl_down_sync(0xffffffff, v, 16);
  __syncwarp();
}`);
    assert.deepStrictEqual(k.atomics.map((a) => a.name), ['atomicAdd', 'atomicAdd']);
    const atomic = k.accesses.filter((a) => a.atomic);
    assert.deepStrictEqual(atomic.map((a) => [a.array, a.indexTexts[0], a.isRead, a.isWrite]), [['hist', 'keys[threadIdx.x]', true, true], ['total', '0', true, true]]);
    assert.strictEqual(atomic[0].indices[0], undefined);
    assert.deepStrictEqual(atomic[1].indices.map((f) => f && formToString(f)), ['0']);
    assert.ok(k.accesses.some((a) => a.array === 'keys' && !a.atomic && a.isRead));
    assert.deepStrictEqual(k.warpIntrinsics.map((w) => w.name), ['__ballot_sync', '__shfl_down_sync']);
    assert.deepStrictEqual(k.barriers.map((b) => b.kind), ['__syncwarp']);
  });

  it('reads cooperative-groups barriers and shuffles', async () => {
    const k = await kernel(`
namespace cg = cooperative_groups;
__global__ void k(float* out) {
  cg::thread_block block = cg::this_thread_block();
  auto tile = cg::tiled_partition<32>(block);
  float v = out[block.thread_rank()];
  v += tile.shfl_down(v, 1);
  block.sync();
  cg::sync(block);
  if (block.thread_rank() == 0) out[0] = v;
}`);
    assert.deepStrictEqual(k.barriers.map((b) => b.kind), ['cg.sync', 'cg.sync']);
    assert.deepStrictEqual(k.warpIntrinsics.map((w) => w.name), ['tile.shfl_down']);
    // thread_rank() of the block is its linearized thread index; a tile's rank is not affine.
    const read = k.accesses.find((a) => a.isRead && a.array === 'out')!;
    assert.strictEqual(formToString(read.indices[0]!), 'blockDim.x*blockDim.y*threadIdx.z + blockDim.x*threadIdx.y + threadIdx.x');
    assert.ok(k.accesses.find((a) => a.isWrite)?.guards?.[0].threadDependent);
    assert.ok(k.threadDependentLocals.includes('v'));
  });

  it('resolves block-stride loops written with cooperative groups', async () => {
    const k = await kernel(`
__global__ void k(const float* in, float* out, int n) {
  auto block = cooperative_groups::this_thread_block();
  cooperative_groups::thread_block_tile<32> warp = cooperative_groups::tiled_partition<32>(block);
  for (int i = block.thread_rank(); i < n; i += block.size()) out[i] = in[i];
  for (int j = warp.thread_rank(); j < n; j += warp.size()) out[j] = 0.0f;
  out[block.group_index().x * block.group_dim().x + block.thread_index().x] = 1.0f;
}`);
    const [blockLoop, tileLoop] = k.loops;
    assert.strictEqual(coefficientOf(blockLoop.init!, 'threadIdx.x'), 1);
    assert.strictEqual(coefficientOf(blockLoop.stepForm!, 'blockDim.x', 'blockDim.y', 'blockDim.z'), 1);
    assert.strictEqual(blockLoop.threadDependent, true);
    assert.deepStrictEqual([tileLoop.init, tileLoop.step], [undefined, 32]);
    const last = k.accesses[k.accesses.length - 1];
    assert.strictEqual(formToString(last.indices[0]!), 'blockDim.x*blockIdx.x + threadIdx.x');
  });

  it('reads 24-bit multiplies (__umul24, __mul24) as products, as older CUDA code computes indices', async () => {
    const m = await buildModelFromText(`
__global__ void k(float* out, int w) {
  int i = __umul24(blockIdx.x, blockDim.x) + threadIdx.x;
  out[__mul24(threadIdx.x, w)] = out[i];
  out[__umul24(threadIdx.x)] = 0.0f;
}`, '/t.cu');
    const [read, write, odd] = m.kernels[0].accesses;
    assert.deepStrictEqual(forms(read), ['blockDim.x*blockIdx.x + threadIdx.x']);
    assert.deepStrictEqual(forms(write), ['threadIdx.x*w']);
    assert.deepStrictEqual(forms(odd), ['?'], 'one argument is no 24-bit multiply');
  });

  it('reads qualifiers, template parameters and __launch_bounds__', async () => {
    const m = await buildModelFromText(`
#define MAXT 256
template <typename T, int BLOCK = 128>
__global__ void __launch_bounds__(MAXT, 2) k(const T* __restrict__ in, T* out, int n) {
  __shared__ T buf[BLOCK];
  buf[threadIdx.x] = in[threadIdx.x];
}
__host__ __device__ inline int twice(int v) { return 2 * v; }
__device__ float helper(float v) { return v; }
void host_only() {}
`, 'fragment.cu');
    const [k] = m.kernels;
    assert.deepStrictEqual(k.templateParams, ['T', 'BLOCK']);
    assert.deepStrictEqual(k.templateDefaults, { BLOCK: '128' });
    assert.deepStrictEqual(k.launchBounds, { maxThreads: 256, minBlocks: 2 });
    assert.deepStrictEqual(k.params.map((p) => [p.name, p.isPointer, p.isConst, p.isRestrict, p.baseType]), [
      ['in', true, true, true, 'T'],
      ['out', true, false, false, 'T'],
      ['n', false, false, false, 'int'],
    ]);
    // The template default sizes the shared array; its element type is only known per instantiation.
    assert.deepStrictEqual(k.sharedArrays.map((s) => [s.dims, s.dimTexts, s.bytes]), [[[128], ['BLOCK'], undefined]]);
    assert.deepStrictEqual(m.deviceFunctions.map((f) => [f.name, f.kind]), [['twice', 'host-device'], ['helper', 'device']]);
    assert.deepStrictEqual(m.hostFunctions.map((f) => f.name), ['host_only']);
  });

  it('counts a member store through a subscript as a write of the element, with the vector element size', async () => {
    const k = await kernel(`
__global__ void k(float4* a, float* b) {
  a[threadIdx.x].x = 1.0f;
  b[threadIdx.x] = a[threadIdx.x].y;
}`);
    assert.deepStrictEqual(k.accesses.map((a) => [a.array, a.isRead, a.isWrite, a.elementBytes]), [
      ['a', false, true, 16],
      ['a', true, false, 16],
      ['b', false, true, 4],
    ]);
  });

  it('reports ranges as 0-based lines and UTF-16 columns', async () => {
    const k = await kernel(`// é
__global__ void k(float* a) { /* ü */ a[threadIdx.x] = 1.0f; }`);
    assert.deepStrictEqual(k.nameRange, { start: { line: 1, character: 16 }, end: { line: 1, character: 17 } });
    assert.deepStrictEqual(k.accesses[0].range.start, { line: 1, character: 38 });
  });
});
