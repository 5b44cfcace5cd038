// Caret table for launch-grid-too-small: grids with fewer blocks than SMs, and grids whose last wave is
// under half full; near-misses with full grids, unknown sizes and a GPU with fewer SMs.
import { checkRule } from './harness';

const K = '__global__ void k(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= 2.0f; }\n';

describe('launch-grid-too-small', () => {
  it('reports fewer blocks than SMs on the target GPU', async () => {
    await checkRule('launch-grid-too-small', K + `
void run(float* x) {
  const int n = 4096;
  k<<<(n + 255) / 256, 256>>>(x, n);
    //^^^^^^^^^^^^^^^ launch-grid-too-small: 116 SMs of H100 SXM
  k<<<1, 32>>>(x, 32);
    //^ launch-grid-too-small: 1 block of 32 threads
}`);
  });

  it('reports a last wave under half full (tail effect)', async () => {
    // 256-thread blocks: 8 per SM on H100 SXM, so one wave is 132 x 8 = 1056 blocks; 1200 = 1 wave + 144.
    await checkRule('launch-grid-too-small', K + `
void run(float* x) {
  k<<<1200, 256>>>(x, 1200 * 256);
    //^^^^ launch-grid-too-small: only 14% full
}`);
  });

  it('stays silent on grids that fill the GPU or whose size is unknown', async () => {
    await checkRule('launch-grid-too-small', K + `
void run(float* x, int m) {
  const int n = 1 << 20;
  k<<<(n + 255) / 256, 256>>>(x, n);
  k<<<2000, 256>>>(x, 2000 * 256);
  k<<<(m + 255) / 256, 256>>>(x, m);
  k<<<132 * 40, 256>>>(x, 132 * 40 * 256);
}`);
  });

  it('judges against the target GPU\'s SM count', async () => {
    // T4 has 40 SMs: 64 blocks are enough there, and they all fit in its first wave (40 x 4 blocks).
    await checkRule('launch-grid-too-small', K + `
void run(float* x) {
  k<<<64, 256>>>(x, 64 * 256);
}`, 't4');
  });
});
