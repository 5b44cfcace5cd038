// GEMM model behaviour: wave quantization at SM-count multiples, tensor-core speedups per dtype, the
// per-call floor, the memory bound for thin GEMMs, energy, and fallbacks on GPUs without a unit.
import * as assert from 'assert';
import { estimateGemm } from '../../server/src/cost/gemm';
import { getGpu } from '../../server/src/cost/gpus';

const h100 = getGpu('h100-sxm');

describe('cost/gemm', () => {
  it('steps up when the tile count passes a multiple of the SM count (wave quantization)', () => {
    // 128-row tiles of a 256-wide output: M = 128 * t gives t tiles of 128x256, one per SM.
    const at = (t: number) => estimateGemm(h100, 128 * t, 256, 8192, 1, 'bf16').seconds;
    const within = at(132) / at(131);
    const across = at(133) / at(132);
    assert.ok(within < 1.02, `131 -> 132 tiles: x${within.toFixed(3)}`);
    assert.ok(across > 1.25, `132 -> 133 tiles: x${across.toFixed(3)} (a partial second wave)`);
  });

  it('runs 16-bit GEMMs on tensor cores several times faster than FP32 on CUDA cores', () => {
    const simt = estimateGemm(h100, 4096, 4096, 4096, 1, 'fp32', { fp32Math: 'simt' }).seconds;
    const tf32 = estimateGemm(h100, 4096, 4096, 4096, 1, 'tf32').seconds;
    const bf16 = estimateGemm(h100, 4096, 4096, 4096, 1, 'bf16').seconds;
    const fp8 = estimateGemm(h100, 4096, 4096, 4096, 1, 'fp8').seconds;
    assert.ok(simt / bf16 > 8, `bf16 speedup over SIMT x${(simt / bf16).toFixed(1)}`);
    assert.ok(tf32 / bf16 > 1.6 && tf32 / bf16 < 2.5, `bf16 over tf32 x${(tf32 / bf16).toFixed(2)}`);
    assert.ok(bf16 / fp8 > 1.5, `fp8 over bf16 x${(bf16 / fp8).toFixed(2)}`);
  });

  it('stays below the achievable tensor peak and near it for large square GEMMs', () => {
    const e = estimateGemm(h100, 8192, 8192, 8192, 1, 'fp16');
    const peak = h100.peakTflops.fp16 as number;
    assert.ok(e.tflops < 0.87 * peak && e.tflops > 0.6 * peak, `${e.tflops.toFixed(0)} of ${peak} TFLOP/s`);
    assert.strictEqual(e.bound, 'compute');
  });

  it('never goes below the fixed per-call cost and calls tiny GEMMs launch-bound', () => {
    const e = estimateGemm(h100, 64, 64, 64, 1, 'bf16');
    assert.ok(e.seconds >= 3e-6 && e.seconds < 8e-6, `${e.seconds}`);
    assert.strictEqual(e.bound, 'launch');
  });

  it('calls a GEMM with a tiny K memory-bound (the output write dominates)', () => {
    const e = estimateGemm(h100, 16384, 16384, 8, 1, 'bf16');
    assert.strictEqual(e.bound, 'memory');
    const outputBytes = 16384 * 16384 * 2;
    assert.ok(e.seconds > outputBytes / (h100.memoryBandwidthGBps * 1e9), 'slower than writing C at peak bandwidth');
  });

  it('scales with batch', () => {
    const one = estimateGemm(h100, 2048, 2048, 2048, 1, 'bf16').seconds;
    const eight = estimateGemm(h100, 2048, 2048, 2048, 8, 'bf16').seconds;
    assert.ok(eight / one > 5 && eight / one < 9, `x${(eight / one).toFixed(2)}`);
  });

  it('estimates energy between idle and TDP power', () => {
    const e = estimateGemm(h100, 4096, 4096, 4096, 1, 'bf16');
    const watts = e.energyJoules / e.seconds;
    assert.ok(watts > 0.15 * h100.tdpWatts && watts <= h100.tdpWatts, `${watts} W`);
    assert.ok(e.assumptions.some((a) => /TDP/.test(a)));
  });

  it('falls back to CUDA cores on a GPU without TF32 tensor cores and says so', () => {
    const v100 = getGpu('v100-sxm2');
    const e = estimateGemm(v100, 4096, 4096, 4096, 1, 'tf32');
    assert.ok(e.tflops < (v100.peakTflops.fp32 as number), `${e.tflops} TFLOP/s on CUDA cores`);
    assert.ok(e.assumptions.some((a) => /no TF32/.test(a)));
  });

  it('is faster on a bigger GPU', () => {
    const h = estimateGemm(h100, 4096, 4096, 4096, 1, 'bf16').seconds;
    const a = estimateGemm(getGpu('a100-sxm-80gb'), 4096, 4096, 4096, 1, 'bf16').seconds;
    const l4 = estimateGemm(getGpu('l4'), 4096, 4096, 4096, 1, 'bf16').seconds;
    assert.ok(h < a && a < l4);
  });

  it('rejects non-positive sizes', () => {
    assert.throws(() => estimateGemm(h100, 0, 16, 16, 1, 'bf16'), /positive/);
  });
});
