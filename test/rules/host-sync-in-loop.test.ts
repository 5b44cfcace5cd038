// Caret table for host-sync-in-loop: device syncs and blocking copies inside loops that launch kernels;
// near-misses with the sync after the loop, async copies, device-to-device copies and loops without launches.
import { checkRule } from './harness';

const K = '__global__ void step(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] += 1.0f; }\n';

describe('host-sync-in-loop', () => {
  it('reports syncs and blocking copies inside a launch loop', async () => {
    await checkRule('host-sync-in-loop', K + `
void run(float* d, float* h, int n, cudaStream_t s) {
  for (int it = 0; it < 100; ++it) {
    step<<<(n + 255) / 256, 256>>>(d, n);
    cudaDeviceSynchronize();
  //^^^^^^^^^^^^^^^^^^^^^^^ host-sync-in-loop: inside the loop that launches \`step\`
    cudaMemcpy(h, d, sizeof(float), cudaMemcpyDeviceToHost);
  //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ host-sync-in-loop: blocking cudaMemcpy
  }
  for (int epoch = 0; epoch < 10; ++epoch) {
    for (int b = 0; b < 50; ++b) step<<<(n + 255) / 256, 256, 0, s>>>(d, n);
    cudaStreamSynchronize(s);
  //^^^^^^^^^^^^^^^^^^^^^^^^ host-sync-in-loop
  }
}`);
  });

  it('counts launches made through a helper function called in the loop', async () => {
    await checkRule('host-sync-in-loop', K + `
void advance(float* d, int n) {
  step<<<(n + 255) / 256, 256>>>(d, n);
}
void report(float* h) { h[0] = 0.0f; }
void run(float* d, float* h, int n) {
  for (int it = 0; it < 100; ++it) {
    advance(d, n);
    cudaDeviceSynchronize();
  //^^^^^^^^^^^^^^^^^^^^^^^ host-sync-in-loop: kernels through \`advance()\`
  }
  for (int it = 0; it < 100; ++it) {
    report(h);
    cudaDeviceSynchronize();
  }
}`);
  });

  it('stays silent for work done once on the way out of the loop', async () => {
    await checkRule('host-sync-in-loop', K + `
void run(float* d, float* h, int n, int iters, cudaGraphExec_t exec, cudaStream_t s) {
  for (int it = 0; it < iters; ++it) {
    cudaGraphLaunch(exec, s);
    cudaStreamSynchronize(s);
    if (h[0] < 1e-3f) {
      step<<<(n + 255) / 256, 256, 0, s>>>(d, n);
      cudaStreamSynchronize(s);
      break;
    }
  }
}`);
  });

  it('stays silent for a sync after the loop, async or device-to-device copies, and loops without launches', async () => {
    await checkRule('host-sync-in-loop', K + `
void run(float* d, float* d2, float* h, int n, cudaStream_t s) {
  for (int it = 0; it < 100; ++it) {
    step<<<(n + 255) / 256, 256, 0, s>>>(d, n);
    cudaMemcpyAsync(h, d, sizeof(float), cudaMemcpyDeviceToHost, s);
    cudaMemcpy(d2, d, n * sizeof(float), cudaMemcpyDeviceToDevice);
  }
  cudaDeviceSynchronize();
  for (int i = 0; i < 4; ++i) cudaMemcpy(h + i, d + i, sizeof(float), cudaMemcpyDeviceToHost);
}`);
  });
});
