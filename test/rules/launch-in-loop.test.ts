// Caret table for launch-in-loop: small launches repeated by a host loop, directly or through a helper that
// launches; near-misses with enough work per launch, few iterations, launches recorded in a stream capture,
// and launches outside loops.
import { strict as assert } from 'assert';
import { checkRule } from './harness';

const K = '__global__ void step(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] = 0.5f * x[i] + 1.0f; }\n';

describe('launch-in-loop', () => {
  it('reports a small kernel launched many times, with the loop as related information', async () => {
    const [f] = await checkRule('launch-in-loop', K + `
void run(float* x) {
  const int n = 4096;
  for (int s = 0; s < 100; ++s) {
    step<<<(n + 255) / 256, 256>>>(x, n);
  //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ launch-in-loop: CUDA graph
  }
  int it = 0;
  while (it < 1000) {
    step<<<16, 256>>>(x, n);
  //^^^^^^^^^^^^^^^^^^^^^^^ launch-in-loop
    ++it;
  }
}`);
    assert.equal(f.related?.[0].range.start.line, 4, "the for loop header");
  });

  it('stays silent with enough work per launch, few iterations, stream capture or no loop', async () => {
    await checkRule('launch-in-loop', K + `
void run(float* x, cudaStream_t stream) {
  const int big = 1 << 24, n = 4096;
  for (int s = 0; s < 100; ++s) step<<<(big + 255) / 256, 256>>>(x, big);
  for (int s = 0; s < 2; ++s) step<<<16, 256>>>(x, n);
  cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal);
  for (int s = 0; s < 100; ++s) step<<<16, 256, 0, stream>>>(x, n);
  cudaGraph_t graph;
  cudaStreamEndCapture(stream, &graph);
  step<<<16, 256>>>(x, n);
}`);
  });

  it('stays silent for a launch on the way out of the loop', async () => {
    await checkRule('launch-in-loop', K + `
void run(float* x, const float* err) {
  const int n = 4096;
  for (int s = 0; s < 100; ++s) {
    if (err[s] < 1e-3f) {
      step<<<16, 256>>>(x, n);
      return;
    }
  }
}`);
  });

  it('follows a helper that launches, called in a loop, and reports at the call', async () => {
    const [f] = await checkRule('launch-in-loop', K + `
void advance(float* x, int n) {
  step<<<(n + 255) / 256, 256>>>(x, n);
  step<<<(n + 255) / 256, 256>>>(x, n);
}
int main() {
  float* x;
  const int n = 4096;
  for (int s = 0; s < 100; ++s) advance(x, n);
                              //^^^^^^^^^^^^^ launch-in-loop: \`advance()\` launches \`step\` (2 launches
  advance(x, n);
  return 0;
}`);
    assert.match(f.message, /100 times/);
    assert.equal(f.related?.length, 3, 'the loop and the helper\'s two launches');
    assert.equal(f.related?.[1].range.start.line, 3, 'the first launch in the helper');
  });

  it('stays silent for helpers with enough work, few calls, a capture, or their own loop', async () => {
    await checkRule('launch-in-loop', K + `
void big(float* x, int n) { step<<<(n + 255) / 256, 256>>>(x, n); }
void small(float* x, int n) { step<<<16, 256>>>(x, n); }
void looping(float* x, int n) {
  for (int k = 0; k < 8; ++k) step<<<16, 256>>>(x, n);
//                            ^^^^^^^^^^^^^^^^^^^^^^^ launch-in-loop: \`step\` is launched in a loop
}
void run(float* x, cudaStream_t stream) {
  const int many = 1 << 24;
  for (int s = 0; s < 100; ++s) big(x, many);
  for (int s = 0; s < 2; ++s) small(x, 4096);
  cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal);
  for (int s = 0; s < 100; ++s) small(x, 4096);
  cudaGraph_t graph;
  cudaStreamEndCapture(stream, &graph);
  for (int s = 0; s < 100; ++s) looping(x, 4096);
}`);
  });

  it('stays silent when the grid size is unknown', async () => {
    await checkRule('launch-in-loop', K + `
void run(float* x, int n) {
  for (int s = 0; s < 100; ++s) step<<<(n + 255) / 256, 256>>>(x, n);
}`);
  });
});
