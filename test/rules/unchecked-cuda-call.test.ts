// Caret table for unchecked-cuda-call: dropped cudaError_t results and launches whose launch error is never
// read; near-misses for checked, assigned, (void)-discarded calls and launches followed by a check.
import { checkFix, checkRule } from './harness';

const PRELUDE = `#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { printf("%s\\n", cudaGetErrorString(e_)); exit(1); } } while (0)
__global__ void k(float* x) { x[threadIdx.x] = 1.0f; }
`;

describe('unchecked-cuda-call', () => {
  it('reports runtime calls whose error is dropped', async () => {
    await checkRule('unchecked-cuda-call', PRELUDE + `
void run(float* h, size_t bytes) {
  float* d;
  cudaMalloc(&d, bytes);
//^^^^^^^^^^^^^^^^^^^^^ unchecked-cuda-call: Wrap it in CHECK(...)
  CHECK(cudaMemcpy(d, h, bytes, cudaMemcpyHostToDevice));
  cudaError_t err = cudaMemset(d, 0, bytes);
  if (cudaDeviceSynchronize() != cudaSuccess) return;
  (void)cudaFree(d);
  cudaFree(d);
//^^^^^^^^^^^ unchecked-cuda-call
  printf("%s\\n", cudaGetErrorString(err));
}`);
  });

  it('reports launches not followed by cudaGetLastError before the next synchronisation', async () => {
    await checkRule('unchecked-cuda-call', PRELUDE + `
void run(float* d) {
  k<<<1, 32>>>(d);
//^^^^^^^^^^^^^^^ unchecked-cuda-call: cudaGetLastError
  CHECK(cudaDeviceSynchronize());
  k<<<1, 32>>>(d);
  CHECK(cudaGetLastError());
  for (int i = 0; i < 10; ++i) k<<<1, 32>>>(d);
  CHECK(cudaPeekAtLastError());
  k<<<1, 32>>>(d);
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaGetLastError());
}`);
  });

  it('accepts a launcher function whose callers read the launch error right after calling it', async () => {
    await checkRule('unchecked-cuda-call', PRELUDE + `
void launch_k(float* d) {
  k<<<1, 32>>>(d);
}
void launch_unchecked(float* d) {
  k<<<1, 32>>>(d);
//^^^^^^^^^^^^^^^ unchecked-cuda-call
}
void run(float* d) {
  launch_k(d);
  CHECK(cudaGetLastError());
  launch_unchecked(d);
  CHECK(cudaDeviceSynchronize());
}`);
  });

  it('does not mistake a project helper named cudaCheck for a runtime call', async () => {
    await checkRule('unchecked-cuda-call', `
void cudaCheck(cudaError_t error, const char* file, int line) { if (error != cudaSuccess) exit(1); }
#define cudaCheck(err) (cudaCheck(err, __FILE__, __LINE__))
void run(float** d) {
  cudaCheck(cudaMalloc(d, 64));
  cudaCheck(cudaDeviceSynchronize());
}`);
  });

  it('wraps a dropped call in the file\'s check macro', async () => {
    await checkFix('unchecked-cuda-call', PRELUDE + `
void run(float* d) {
  cudaFree(d);
}`, PRELUDE + `
void run(float* d) {
  CHECK(cudaFree(d));
}`);
  });

  it('adds a launch check with the file\'s check macro', async () => {
    await checkFix('unchecked-cuda-call', PRELUDE + `
void run(float* d) {
  k<<<1, 32>>>(d);
  CHECK(cudaDeviceSynchronize());
}`, PRELUDE + `
void run(float* d) {
  k<<<1, 32>>>(d);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
}`);
  });
});
