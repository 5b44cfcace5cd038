// Caret table for occupancy-limiter: launches under 50% theoretical occupancy with the limiter named
// (shared memory, registers from ptxas); near-misses at or above 50% and launches with unknown sizes.
import { strict as assert } from 'assert';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { findRule } from '../../server/src/rules';
import { checkRule } from './harness';

const BIG = `__global__ void big(float* x) {
  __shared__ float tile[12288];
  tile[threadIdx.x] = x[threadIdx.x];
  __syncthreads();
  x[threadIdx.x] = tile[127 - threadIdx.x];
}
`;
const EXT = '__global__ void e(float* x) { extern __shared__ float buf[]; buf[threadIdx.x] = x[threadIdx.x]; __syncthreads(); x[threadIdx.x] = buf[0]; }\n';

describe('occupancy-limiter', () => {
  it('names shared memory when 48 KB per block leaves 4 blocks of 4 warps per SM', async () => {
    // H100 SXM: 228 KB per SM / (48 KB + 1 KB reserved) = 4 blocks x 4 warps = 16 of 64 warps (25%).
    await checkRule('occupancy-limiter', BIG + EXT + `
void run(float* x) {
  big<<<1024, 128>>>(x);
            //^^^ occupancy-limiter: 25% theoretical occupancy on H100 SXM (16 of 64 warps per SM), limited by shared-memory
  e<<<1024, 128, 40 * 1024>>>(x);
               //^^^^^^^^^ occupancy-limiter: limited by shared-memory
}`);
  });

  it('stays silent at 50% or more and when sizes are unknown', async () => {
    await checkRule('occupancy-limiter', BIG + EXT + `
void run(float* x, int threads, int bytes) {
  big<<<1024, 512>>>(x);
  e<<<1024, 256, 4096>>>(x);
  e<<<1024, 128, bytes>>>(x);
  e<<<1024, threads, 0>>>(x);
  e<<<1024, 32>>>(x);
}`);
  });

  it('names registers when ptxas reported them', async () => {
    const code = EXT + 'void run(float* x) {\n  e<<<1024, 256>>>(x);\n}\n';
    const model = await buildModelFromText(code, '/virtual/regs.cu');
    const rule = findRule('occupancy-limiter')!;
    const ctx = { model, text: code, gpu: getGpu('h100-sxm') };
    assert.deepEqual(rule.check(ctx), [], 'silent without ptxas numbers');
    // 128 registers x 256 threads = 32768 per block: 2 blocks of 8 warps = 16 of 64 warps (25%).
    const resources = new Map([['e', { registers: 128, spillStoreBytes: 0, spillLoadBytes: 0 }]]);
    const [f] = rule.check({ ...ctx, resources });
    assert.ok(f && /limited by registers/.test(f.message) && /25%/.test(f.message), f?.message);
  });
});
