// The GPU database: all 13 ids of the design, consistent per-SM limits, a source on every row, and a
// clear error for an unknown id.
import * as assert from 'assert';
import { DEFAULT_GPU_ID, GPU_IDS, getGpu, listGpus } from '../../server/src/cost/gpus';

const DESIGN_IDS = ['h100-sxm', 'h100-pcie', 'h200', 'a100-sxm-80gb', 'a100-pcie-40gb', 'l40s', 'l4',
  'rtx4090', 'rtx4070', 'rtx3090', 'v100-sxm2', 't4', 'b200'];

describe('cost/gpus', () => {
  it('lists exactly the 13 GPU ids of the design', () => {
    assert.deepStrictEqual([...GPU_IDS].sort(), [...DESIGN_IDS].sort());
    assert.strictEqual(listGpus().length, 13);
    assert.strictEqual(getGpu(DEFAULT_GPU_ID).id, 'h100-sxm');
  });

  it('throws a clear error naming the known ids for an unknown id', () => {
    assert.throws(() => getGpu('h1000'), (e: Error) => /unknown GPU id "h1000"/.test(e.message) && e.message.includes('rtx4090'));
  });

  for (const gpu of listGpus()) {
    it(`${gpu.id}: cites sources and has consistent limits`, () => {
      assert.ok(gpu.sources.specs.length > 20, 'specs source');
      assert.ok(gpu.sources.limits.length > 20, 'limits source');
      assert.strictEqual(gpu.maxWarpsPerSm * gpu.warpSize, gpu.maxThreadsPerSm);
      assert.ok(gpu.maxSharedMemPerBlockKB <= gpu.sharedMemPerSmKB);
      assert.ok(gpu.smCount > 0 && gpu.boostClockMhz > 500 && gpu.memoryBandwidthGBps > 100);
      // FP32 peak = SMs x FP32 lanes x 2 x clock: lanes per SM must come out as 64 or 128.
      const lanes = ((gpu.peakTflops.fp32 as number) * 1e12) / (gpu.smCount * 2 * gpu.boostClockMhz * 1e6);
      assert.ok(Math.abs(lanes - 128) < 8 || Math.abs(lanes - 64) < 4, `${lanes.toFixed(1)} FP32 lanes per SM`);
    });
  }
});
