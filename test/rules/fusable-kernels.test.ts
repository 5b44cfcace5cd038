// Caret table for fusable-kernels: a producer and a consumer launched back to back over the same grid,
// and near-misses (neighbour reads, different grids, host work in between, unrelated arrays, a consumer
// that writes a buffer the producer reads at other elements).
import { checkRule } from './harness';

const KERNELS = `
__global__ void scale(const float* x, float* tmp, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) tmp[i] = 2.0f * x[i];
}
__global__ void add(const float* tmp, const float* y, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tmp[i] + y[i];
}
__global__ void partial(const float* tmp, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && threadIdx.x == 0) out[blockIdx.x] = tmp[i];
}
__global__ void diff(const float* tmp, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i + 1 < n) out[i] = tmp[i + 1] - tmp[i];
}
`;

describe('fusable-kernels', () => {
  it('reports an elementwise consumer launched right after its producer', async () => {
    await checkRule('fusable-kernels', KERNELS + `
void run(const float* x, float* tmp, const float* y, float* out, int n) {
  dim3 grid((n + 255) / 256), block(256);
  scale<<<grid, block>>>(x, tmp, n);
  add<<<grid, block>>>(tmp, y, out, n);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ fusable-kernels: \`add\` reads \`tmp[i]\`, the element the same thread of \`scale\`
}`);
  });

  it('reports a pair launched from a kernel (dynamic parallelism), not one split across overloads', async () => {
    await checkRule('fusable-kernels', KERNELS + `
__global__ void parent(const float* x, float* tmp, const float* y, float* out, int n) {
  scale<<<(n + 255) / 256, 256>>>(x, tmp, n);
  add<<<(n + 255) / 256, 256>>>(tmp, y, out, n);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ fusable-kernels
}
void run(const float* x, float* tmp, int n) {
  scale<<<(n + 255) / 256, 256>>>(x, tmp, n);
}
void peek(float* h, float* tmp) { cudaMemcpy(h, tmp, 4, cudaMemcpyDeviceToHost); }
void run(const float* tmp, const float* y, float* out, int n) {
  add<<<(n + 255) / 256, 256>>>(tmp, y, out, n);
}`);
  });

  it('includes the DRAM round trip when the sizes are known, across a sync in between', async () => {
    await checkRule('fusable-kernels', KERNELS + `
void run(const float* x, float* tmp, const float* y, float* out) {
  const int n = 1 << 20;
  scale<<<n / 256, 256>>>(x, tmp, n);
  cudaGetLastError();
  cudaDeviceSynchronize();
  add<<<n / 256, 256>>>(tmp, y, out, n);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ fusable-kernels: 8.4 MB written then read back
}`);
  });

  it('stays silent for neighbour reads, other grids, host work in between, unrelated arrays and cross-element writes', async () => {
    await checkRule('fusable-kernels', KERNELS + `
void run(const float* x, float* tmp, float* tmp2, const float* y, float* out, float* h, int n) {
  scale<<<(n + 255) / 256, 256>>>(x, tmp, n);
  diff<<<(n + 255) / 256, 256>>>(tmp, out, n);
  scale<<<(n + 255) / 256, 256>>>(x, tmp, n);
  add<<<(n + 127) / 128, 128>>>(tmp, y, out, n);
  scale<<<(n + 255) / 256, 256>>>(x, tmp, n);
  cudaMemcpy(h, tmp, n * sizeof(float), cudaMemcpyDeviceToHost);
  add<<<(n + 255) / 256, 256>>>(tmp, y, out, n);
  scale<<<(n + 255) / 256, 256>>>(x, tmp2, n);
  add<<<(n + 255) / 256, 256>>>(tmp, y, out, n);
  scale<<<(n + 255) / 256, 256>>>(x, tmp, n);
  partial<<<(n + 255) / 256, 256>>>(tmp, x, n);
}`);
  });
});
