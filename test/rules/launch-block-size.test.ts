// Caret table for launch-block-size: blocks that waste warp lanes (warning) and launches that cannot run on
// the target GPU (error), with near-misses that must stay silent.
import { strict as assert } from 'assert';
import { checkRule } from './harness';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { runRules } from '../../server/src/rules/run';

const K = '__global__ void k(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] = 0.0f; }\n';
const EXT = '__global__ void e(float* x) { extern __shared__ float buf[]; buf[threadIdx.x] = x[threadIdx.x]; __syncthreads(); x[threadIdx.x] = buf[0]; }\n';

describe('launch-block-size', () => {
  it('warns on a block that is not a multiple of 32 threads', async () => {
    const [f] = await checkRule('launch-block-size', K + `
void run(float* x) {
  const int n = 10000;
  k<<<(n + 99) / 100, 100>>>(x, n);
                    //^^^ launch-block-size: 28 idle lanes
}`);
    assert.equal(f.severity, 'warning');
  });

  it('is an error above 1024 threads per block, naming the GPU limit', async () => {
    const [f] = await checkRule('launch-block-size', K + `
void run(float* x) {
  k<<<4, 2048>>>(x, 8192);
       //^^^^ launch-block-size: over the 1024-thread limit of H100 SXM
  dim3 block(32, 32, 2);
  k<<<1, block>>>(x, 2048);
       //^^^^^ launch-block-size: 2048 threads
}`);
    assert.equal(f.severity, 'error');
  });

  it('is an error when one dimension is over its limit', async () => {
    await checkRule('launch-block-size', K + `
void run(float* x) {
  dim3 block(1, 1, 128);
  k<<<1, block>>>(x, 128);
       //^^^^^ launch-block-size: limit of 64 for blockDim.z
}`);
  });

  it('is an error when the block exceeds the kernel\'s __launch_bounds__', async () => {
    await checkRule('launch-block-size', `
__global__ void __launch_bounds__(128) lb(float* x) { x[threadIdx.x] = 1.0f; }
void run(float* x) {
  lb<<<8, 256>>>(x);
        //^^^ launch-block-size: __launch_bounds__(128)
  lb<<<16, 128>>>(x);
}`);
  });

  it('is an error when shared memory exceeds what a block may use', async () => {
    await checkRule('launch-block-size', EXT + `
void run(float* x) {
  e<<<8, 256, 100 * 1024>>>(x);
            //^^^^^^^^^^ launch-block-size: cudaFuncSetAttribute
  e<<<8, 256, 32 * 1024>>>(x);
}`);
    await checkRule('launch-block-size', EXT + `
void run(float* x) {
  cudaFuncSetAttribute(e, cudaFuncAttributeMaxDynamicSharedMemorySize, 200 * 1024);
  e<<<8, 256, 200 * 1024>>>(x);
  e<<<8, 256, 240 * 1024>>>(x);
            //^^^^^^^^^^ launch-block-size: over the 227 KB a block may use
}`);
  });

  it('uses the target GPU\'s shared-memory limit', async () => {
    await checkRule('launch-block-size', EXT + `
void run(float* x) {
  cudaFuncSetAttribute(e, cudaFuncAttributeMaxDynamicSharedMemorySize, 96 * 1024);
  e<<<8, 256, 96 * 1024>>>(x);
            //^^^^^^^^^ launch-block-size: 64 KB
}`, 't4');
  });

  it('stays silent on warp multiples, small 2-D blocks, unknown sizes and one sub-warp block (not four)', async () => {
    await checkRule('launch-block-size', K + `
void run(float* x, int threads) {
  const int n = 1 << 20;
  k<<<(n + 255) / 256, 256>>>(x, n);
  dim3 tile(16, 16);
  k<<<64, tile>>>(x, n);
  k<<<64, 1024>>>(x, n);
  k<<<64, threads>>>(x, n);
  k<<<1, 32>>>(x, 32);
  k<<<1, 1>>>(x, 1);
  k<<<4, 1>>>(x, 4);
       //^ launch-block-size: 31 idle lanes
}`);
  });

  it('keeps its error escalation when settings carry the default level, and obeys a real override', async () => {
    const code = K + 'void run(float* x) { k<<<4, 2048>>>(x, 8192); k<<<4, 100>>>(x, 400); }\n';
    const ctx = { model: await buildModelFromText(code, '/virtual/levels.cu'), text: code, gpu: getGpu('h100-sxm') };
    const levels = (level: 'warning' | 'info') => runRules(ctx, { only: ['launch-block-size'], levels: { 'launch-block-size': level } })
      .map((f) => f.severity);
    // VS Code sends every declared setting with its default, so 'warning' here is no override.
    assert.deepEqual(levels('warning'), ['error', 'warning']);
    assert.deepEqual(levels('info'), ['info', 'info']);
  });
});
