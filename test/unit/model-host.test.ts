// Host-side facts of the program model on fragments: launch configurations through macros, dim3 forms and
// local constants, launches inside macros and lambdas, host loop nests with trip counts, CUDA runtime calls
// with how their result is used, and cuBLAS/cuBLASLt GEMMs with M, N, K, batch and data type.
import * as assert from 'assert';
import { buildModelFromText, type ProgramModel } from '../../server/src/model';
import { isMutatedIn } from '../../server/src/model/host';

const build = (src: string): Promise<ProgramModel> => buildModelFromText(src, 'fragment.cu');
const KERNEL = '__global__ void k(float* p, int n) { p[threadIdx.x] = 0.0f; }\n';

describe('model: host code', () => {
  it('resolves launch configurations through function-like macros, enums, casts and sizeof', async () => {
    const m = await build(`${KERNEL}
#define DIV_UP(a, b) (((a) + (b) - 1) / (b))
enum { kWarps = 4, kLanes = 32 };
void run(float* p) {
  const size_t n = (size_t)1 << 22;
  k<<<DIV_UP(n, kWarps * kLanes), kWarps * kLanes, 2 * kLanes * sizeof(float)>>>(p, (int)n);
}`);
    const [l] = m.launches;
    // 2^22 / 128 = 32768
    assert.deepStrictEqual([l.grid.x, l.block.x, l.sharedBytes], [32768, 128, 256]);
    assert.strictEqual(l.sharedText, '2 * kLanes * sizeof(float)');
  });

  it('reads every dim3 form and follows component assignments in statement order', async () => {
    const m = await build(`${KERNEL}
void run(float* p) {
  dim3 a = dim3(4, 2);
  dim3 b{8, 8, 2};
  dim3 c = 96;
  dim3 d;
  d.x = 10;
  k<<<a, b>>>(p, 1);
  k<<<c, dim3(16, 16)>>>(p, 1);
  k<<<d, 64>>>(p, 1);
}`);
    assert.deepStrictEqual(m.launches.map((l) => [l.grid.total, l.block.total]), [[8, 128], [96, 256], [10, 64]]);
    assert.deepStrictEqual([m.launches[0].block.x, m.launches[0].block.y, m.launches[0].block.z], [8, 8, 2]);
  });

  it('does not treat reassigned locals or parameters as constants', async () => {
    const m = await build(`${KERNEL}
const int n = 1000;
void run(float* p, int blocks) {
  int threads = 128;
  if (blocks > 4) threads = 256;
  k<<<blocks, threads>>>(p, n);
  int fixed = 64;
  k<<<n / fixed, fixed>>>(p, n);
}
void shadow(float* p, int n) {
  k<<<n, 32>>>(p, n);
}`);
    assert.deepStrictEqual(m.launches.map((l) => [l.grid.x, l.block.x]), [[undefined, undefined], [15, 64], [undefined, 32]]);
  });

  it('binds a launcher parameter that every call site passes the same constant for', async () => {
    const m = await build(`${KERNEL}
void once(float* p, int n) { k<<<n / 256, 256>>>(p, n); }
void twice(float* p, int n) { k<<<n / 256, 256>>>(p, n); }
void helper(float* p) { const int big = 1 << 20; once(p, big); twice(p, big); }
int main() {
  float* p;
  const int small = 4096;
  twice(p, small);
  helper(p);
}`);
    assert.deepStrictEqual(m.launches.map((l) => [l.enclosingFunction, l.grid.x, l.args[1].value]), [
      ['once', 4096, 1 << 20],
      ['twice', undefined, undefined],
    ]);
  });

  it('finds launches inside macro bodies, macro arguments and lambdas', async () => {
    const m = await build(`${KERNEL}
#define RUN(kern, count) kern<<<((count) + 255) / 256, 256>>>(buf, count)
#define LAUNCH_CHECKED(call) do { call; cudaGetLastError(); } while (0)
void go(float* buf) {
  RUN(k, 4096);
  LAUNCH_CHECKED((k<<<8, 64>>>(buf, 512)));
  auto f = [&](int m) { k<<<m / 128, 128>>>(buf, m); };
  f(1024);
}`);
    assert.deepStrictEqual(m.launches.map((l) => [l.kernelName, l.grid.x, l.block.x, l.wrappingMacro]), [
      ['k', 16, 256, 'RUN'],
      ['k', 8, 64, 'LAUNCH_CHECKED'],
      ['k', undefined, 128, undefined],
    ]);
    // The expanded launch is placed on the macro invocation `RUN(k, 4096);` (0-based line 5).
    assert.strictEqual(m.launches[0].range.start.line, 5);
    assert.ok(m.launches.every((l) => l.kernel?.name === 'k'));
  });

  it('records the host loop nest around a launch with trip counts where constant', async () => {
    const m = await build(`${KERNEL}
#define STEPS 12
void go(float* p, int dyn) {
  for (int e = 0; e < STEPS; ++e)
    for (int b = 0; b < 64; b += 16) {
      int w = 0;
      while (w < dyn) { k<<<1, 32>>>(p, 32); ++w; }
      for (int r = 0; r < dyn; ++r) k<<<2, 32>>>(p, 32);
    }
  for (auto& item : {1, 2}) k<<<3, 32>>>(p, item);
}`);
    assert.deepStrictEqual(m.launches.map((l) => l.hostLoops.map((h) => [h.kind, h.variable, h.tripCount])), [
      [['for', 'e', 12], ['for', 'b', 4], ['while', undefined, undefined]],
      [['for', 'e', 12], ['for', 'b', 4], ['for', 'r', undefined]],
      [['range-for', 'item', undefined]],
    ]);
  });

  it('links template-instantiated launches and sizes their shared memory from the template arguments', async () => {
    const m = await build(`
template <typename T, int TILE>
__global__ void tk(T* p) { __shared__ T s[TILE][TILE]; s[threadIdx.y][threadIdx.x] = p[0]; }
void go(double* d, float* f) {
  tk<double, 8><<<1, dim3(8, 8)>>>(d);
  tk<float, 16><<<1, dim3(16, 16)>>>(f);
}`);
    assert.deepStrictEqual(m.launches.map((l) => [l.templateArgs, l.templateBindings, l.staticSharedBytes]), [
      [['double', '8'], { TILE: 8 }, 8 * 8 * 8],
      [['float', '16'], { TILE: 16 }, 16 * 16 * 4],
    ]);
  });

  it('records runtime calls with whether their result is used and the check macro around them', async () => {
    const m = await build(`
#define CHECK(x) do { if ((x) != cudaSuccess) abort(); } while (0)
void go(float* d, float* h, int n) {
  CHECK(cudaMalloc(&d, n));
  cudaMemcpy(d, h, n, cudaMemcpyHostToDevice);
  cudaError_t e = cudaDeviceSynchronize();
  if (cudaGetLastError() != cudaSuccess) return;
  (void)cudaFree(d);
  checkCudaErrors(cudaStreamSynchronize(0));
  for (int i = 0; i < 4; ++i) cudaMemsetAsync(d, 0, n);
}`);
    assert.deepStrictEqual(m.runtimeCalls.map((c) => [c.name, c.resultUsed, c.wrappingMacro, c.hostLoops.length]), [
      ['cudaMalloc', true, 'CHECK', 0],
      ['cudaMemcpy', false, undefined, 0],
      ['cudaDeviceSynchronize', true, undefined, 0],
      ['cudaGetLastError', true, undefined, 0],
      ['cudaFree', false, undefined, 0],
      ['cudaStreamSynchronize', true, 'checkCudaErrors', 0],
      ['cudaMemsetAsync', false, undefined, 1],
    ]);
    assert.strictEqual(m.runtimeCalls[4].explicitlyDiscarded, true);
    assert.deepStrictEqual(m.runtimeCalls[1].args, ['d', 'h', 'n', 'cudaMemcpyHostToDevice']);
    assert.ok(m.macros.get('CHECK')?.params?.length === 1);
  });

  it('reads M, N, K, batch and data type of cuBLAS GEMMs', async () => {
    const m = await build(`
const int M = 4096, N = 2048, K = 1024;
void go(cublasHandle_t h, float* a, float* b, float* c, __half* ha, __half* hb, __half* hc, int dyn) {
  float one = 1.0f, zero = 0.0f;
  cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, M, N, K, &one, a, M, b, K, &zero, c, M);
  cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, M, N, K, &one, ha, CUDA_R_16F, M, hb, CUDA_R_16F, K, &zero, hc, CUDA_R_16F, M,
               CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
  cublasSgemmStridedBatched(h, CUBLAS_OP_N, CUBLAS_OP_N, 64, 64, 64, &one, a, 64, 4096, b, 64, 4096, &zero, c, 64, 4096, 32);
  cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, dyn, N, K, &one, a, CUDA_R_32F, dyn, b, CUDA_R_32F, K, &zero, c, CUDA_R_32F, dyn,
               CUBLAS_COMPUTE_32F_FAST_TF32, CUBLAS_GEMM_DEFAULT);
  cublasHgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 128, 128, 128, nullptr, ha, 128, hb, 128, nullptr, hc, 128);
}`);
    assert.deepStrictEqual(m.gemmCalls.map((g) => [g.name, g.m, g.n, g.k, g.batch, g.dtype]), [
      ['cublasSgemm', 4096, 2048, 1024, 1, 'fp32'],
      ['cublasGemmEx', 4096, 2048, 1024, 1, 'fp16'],
      ['cublasSgemmStridedBatched', 64, 64, 64, 32, 'fp32'],
      ['cublasGemmEx', undefined, 2048, 1024, 1, 'tf32'],
      ['cublasHgemm', 128, 128, 128, 1, 'fp16'],
    ]);
    assert.ok(m.gemmCalls.every((g) => m.runtimeCalls.includes(g)));
  });

  it('turns SGEMM into TF32 when the file enables TF32 tensor-op math, and reads cuBLASLt layouts', async () => {
    const m = await build(`
void go(cublasHandle_t h, cublasLtHandle_t lt, float* a, float* b, float* c, void* ws) {
  cublasSetMathMode(h, CUBLAS_TF32_TENSOR_OP_MATH);
  float one = 1.0f, zero = 0.0f;
  cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 512, 512, 512, &one, a, 512, b, 512, &zero, c, 512);
  cublasLtMatmulDesc_t op;
  cublasLtMatrixLayout_t la, lb, lc;
  cublasLtMatmulDescCreate(&op, CUBLAS_COMPUTE_32F, CUDA_R_32F);
  cublasLtMatrixLayoutCreate(&la, CUDA_R_16BF, 1024, 256, 1024);
  cublasLtMatrixLayoutCreate(&lb, CUDA_R_16BF, 256, 768, 256);
  cublasLtMatrixLayoutCreate(&lc, CUDA_R_16BF, 1024, 768, 1024);
  cublasLtMatmul(lt, op, &one, a, la, b, lb, &zero, c, lc, c, lc, nullptr, ws, 0, 0);
}`);
    assert.deepStrictEqual(m.gemmCalls.map((g) => [g.name, g.m, g.n, g.k, g.dtype]), [
      ['cublasSgemm', 512, 512, 512, 'tf32'],
      ['cublasLtMatmul', 1024, 768, 256, 'bf16'],
    ]);
  });

  it('treats cudaLaunchKernel as a launch', async () => {
    const m = await build(`${KERNEL}
void go(float* p, int n) {
  void* args[] = {&p, &n};
  cudaLaunchKernel((void*)k, dim3(40), dim3(256), args, 0, nullptr);
}`);
    assert.deepStrictEqual(m.launches.map((l) => [l.kernelName, l.grid.x, l.block.x, l.sharedBytes, !!l.kernel]), [['k', 40, 256, 0, true]]);
  });

  it('tells reassigned, incremented and address-taken locals from ones only declared', () => {
    const body = `{ int a = 1; int b = 2; b = 3; int c = 0; ++c; int d = 4; init(&d); int e = 5; e += 1;
      int f = 6; use(f == 2, f <= 3, x.f = 1, p->f = 2, &f[0]); int g; std::cin >> g; }`;
    const mutated = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].filter((n) => isMutatedIn(body, n));
    assert.deepStrictEqual(mutated, ['b', 'c', 'd', 'e', 'g']);
  });
});
