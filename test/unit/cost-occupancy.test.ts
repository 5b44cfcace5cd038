// Occupancy: resident blocks per SM and the limiting resource, checked against hand arithmetic from the
// per-SM limits in the GPU table.
import * as assert from 'assert';
import { getGpu } from '../../server/src/cost/gpus';
import { launchBoundsRegisterCap, occupancy } from '../../server/src/cost/occupancy';

const h100 = getGpu('h100-sxm');

describe('cost/occupancy', () => {
  it('is full for 256 threads, no shared memory and 32 registers', () => {
    const o = occupancy(h100, 256, 0, 32);
    assert.strictEqual(o.fraction, 1);
    assert.strictEqual(o.activeBlocksPerSm, 8);
  });

  it('is limited by shared memory: 48 KB + 1 KB reserved per block fits 4 times in 228 KB', () => {
    const o = occupancy(h100, 256, 48 * 1024, 32);
    assert.strictEqual(o.limiter, 'shared-memory');
    assert.strictEqual(o.activeBlocksPerSm, 4);
    assert.strictEqual(o.fraction, (4 * 8) / 64);
  });

  it('counts no reserved shared memory before sm_80 (V100: 2 x 48 KB in 96 KB)', () => {
    const o = occupancy(getGpu('v100-sxm2'), 256, 48 * 1024, 32);
    assert.strictEqual(o.activeBlocksPerSm, 2);
  });

  it('is limited by registers: 128 per thread leave room for 16 warps', () => {
    const o = occupancy(h100, 256, 0, 128);
    assert.strictEqual(o.limiter, 'registers');
    assert.strictEqual(o.activeBlocksPerSm, 2);
    assert.strictEqual(o.fraction, 0.25);
  });

  it('is limited by the block-slot limit for tiny blocks', () => {
    const o = occupancy(h100, 32, 0, 32);
    assert.strictEqual(o.limiter, 'blocks');
    assert.strictEqual(o.fraction, 32 / 64);
  });

  it('rounds partial warps up (48 threads take 2 warps)', () => {
    const o = occupancy(getGpu('t4'), 48, 0, 32);
    assert.strictEqual(o.activeBlocksPerSm, 16);
    assert.strictEqual(o.activeWarpsPerSm, 32);
  });

  it('reports launches that cannot run', () => {
    assert.ok(occupancy(h100, 2048, 0, 32).error);
    assert.ok(occupancy(h100, 256, 300 * 1024, 32).error);
    assert.strictEqual(occupancy(h100, 256, 300 * 1024, 32).fraction, 0);
  });

  it('derives the register cap of __launch_bounds__', () => {
    assert.strictEqual(launchBoundsRegisterCap(h100, 256, 2), 128);
    assert.strictEqual(launchBoundsRegisterCap(h100, 1024, 2), 32);
    assert.strictEqual(launchBoundsRegisterCap(h100, 128, 1), 255);
  });
});
