// Caret table for warp-divergence: if/else on a lane-varying predicate with real work on both sides fires
// (directly or through a local); warp-uniform predicates, one-warp splits, one-sided branches and cheap
// selects stay silent.
import { strict as assert } from 'assert';
import { checkRule } from './harness';
import { buildProgramModel } from '../../server/src/model';
import { loadCudaLanguage, parseText } from '../../server/src/parse/grammar';
import { getGpu } from '../../server/src/cost/gpus';
import { findRule } from '../../server/src/rules';

/** Both sides of the branch, after the line with the condition (annotations go between). */
const BODY = `    a[i] = sinf(a[i]) * 2.0f + b[i];
  } else {
    a[i] = cosf(b[i]) * 3.0f - a[i];
  }`;
const SIDES = `{\n${BODY}`;

describe('warp-divergence', () => {
  it('fires on threadIdx.x % 2 with work on both sides, at the condition', async () => {
    const [f] = await checkRule('warp-divergence', `
__global__ void k(float* a, const float* b) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (threadIdx.x % 2 == 0) {
    //^^^^^^^^^^^^^^^^^^^^ warp-divergence: 16 of 32 lanes
${BODY}
}`);
    assert.equal(f.severity, 'info');
  });

  it('fires through locals (lane, tid) and on lane-half splits in every warp', async () => {
    await checkRule('warp-divergence', `
__global__ void k(float* a, const float* b) {
  int tid = threadIdx.x;
  int lane = tid & 31;
  int i = blockIdx.x * blockDim.x + tid;
  if (lane < 16) {
    //^^^^^^^^^ warp-divergence
${BODY}
  if ((tid & 3) != 0) {
    //^^^^^^^^^^^^^^ warp-divergence: 24 of 32 lanes
${BODY}
}`);
  });

  it('stays silent on warp-uniform conditions and on a split inside one warp only', async () => {
    await checkRule('warp-divergence', `
__global__ void k(float* a, const float* b, int n) {
  int tid = threadIdx.x;
  int warp = tid / 32;
  int i = blockIdx.x * blockDim.x + tid;
  if (warp % 2 == 0) ${SIDES}
  if ((tid / 32) & 1) ${SIDES}
  if (tid < 16) ${SIDES}
  if (i < n) ${SIDES}
  if (blockIdx.x % 2) ${SIDES}
}`);
  });

  it('stays silent on one-sided branches and on cheap selects', async () => {
    await checkRule('warp-divergence', `
__global__ void k(float* a, const float* b) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (threadIdx.x % 2 == 0) { a[i] = sinf(a[i]) * 2.0f + b[i] * b[i]; }
  if (threadIdx.x % 2) a[i] = 1.0f; else a[i] = 2.0f;
  if (threadIdx.x % 2) a[i] = b[i] * 2.0f; else a[i] = b[i] + 1.0f;
}`);
  });

  it('counts one math function per side as substantial', async () => {
    await checkRule('warp-divergence', `
__global__ void k(float* a, const float* b) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (threadIdx.x & 1) a[i] = expf(b[i]); else a[i] = logf(b[i]);
    //^^^^^^^^^^^^^^^ warp-divergence
}`);
  });

  it('uses the launch block shape: threadIdx.y is warp-uniform in 32-wide blocks but not in 16-wide ones', async () => {
    await checkRule('warp-divergence', `
__global__ void wide(float* a, const float* b) {
  int i = threadIdx.y * blockDim.x + threadIdx.x;
  if (threadIdx.y % 2 == 0) ${SIDES}
}
__global__ void narrow(float* a, const float* b) {
  int i = threadIdx.y * blockDim.x + threadIdx.x;
  if (threadIdx.y % 2 == 0) {
    //^^^^^^^^^^^^^^^^^^^^ warp-divergence
${BODY}
}
void run(float* a, float* b) { wide<<<1, dim3(32, 8)>>>(a, b); narrow<<<1, dim3(16, 16)>>>(a, b); }`);
  });

  it('gives the same findings on a model built from a live tree (the language server path)', async () => {
    await loadCudaLanguage();
    const code = `__global__ void k(float* a, const float* b) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (threadIdx.x % 2 == 0) ${SIDES}\n}\n`;
    const tree = parseText(code);
    try {
      const model = buildProgramModel(tree, code, '/virtual/live.cu');
      assert.ok(model.kernels[0].node, 'the model keeps live nodes');
      const findings = findRule('warp-divergence')!.check({ model, text: code, gpu: getGpu('h100-sxm') });
      assert.deepEqual(findings.map((f) => f.range.start), [{ line: 2, character: 6 }]);
    } finally {
      tree.delete();
    }
  });
});
