// The program model on complete CUDA programs (test/fixtures/model): every kernel and every launch is
// found, with grid, block and shared memory resolved to numbers wherever the source makes them constant.
// Expected sizes are worked out by hand from the fixture sources (ceil divisions noted inline).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildModelFromText, type LaunchSite, type ProgramModel } from '../../server/src/model';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'model');

async function load(name: string): Promise<ProgramModel> {
  const file = path.join(FIXTURES, name);
  return buildModelFromText(fs.readFileSync(file, 'utf8'), file);
}

type Xyz = [number | undefined, number | undefined, number | undefined];
const xyz = (d: { x?: number; y?: number; z?: number }): Xyz => [d.x, d.y, d.z];

/** Launches as `kernel grid block` triples in source order. */
function shape(launches: LaunchSite[]): { kernel: string; grid: Xyz; block: Xyz }[] {
  return launches.map((l) => ({ kernel: l.kernelName, grid: xyz(l.grid), block: xyz(l.block) }));
}

describe('model: complete programs', () => {
  it('elementwise.cu: a non-const but never reassigned block size and a block size from a header macro', async () => {
    const m = await load('elementwise.cu');
    assert.deepStrictEqual(m.kernels.map((k) => k.name), ['add_arrays', 'scale_all']);
    assert.deepStrictEqual(shape(m.launches), [
      // ceil(50000 / 512) = 98
      { kernel: 'add_arrays', grid: [98, 1, 1], block: [512, 1, 1] },
      { kernel: 'scale_all', grid: [32, 1, 1], block: [128, 1, 1] },
    ]);
    assert.ok(m.launches.every((l) => l.kernel && l.kernel.name === l.kernelName));
    assert.ok(m.includes.some((p) => p.endsWith('check.cuh')));
    // Constant arguments carry their values (the problem size for the cost model).
    assert.deepStrictEqual(m.launches[0].args.map((a) => [a.text, a.value]), [['x', undefined], ['y', undefined], ['z', undefined], ['count', 50000]]);
    assert.deepStrictEqual(m.launches[1].args.map((a) => a.value), [50000, 0.5, undefined]);
  });

  it('tiles.cu: dim3 from #defines, two dim3 in one declaration, static shared sizes', async () => {
    const m = await load('tiles.cu');
    assert.deepStrictEqual(m.kernels.map((k) => k.name), ['tiled_product', 'flip']);
    assert.deepStrictEqual(shape(m.launches), [
      { kernel: 'tiled_product', grid: [4, 8, 1], block: [32, 32, 1] },
      // ceil(1000 / 32) = 32, ceil(70 / 32) = 3; 32 / 4 = 8 rows per block
      { kernel: 'flip', grid: [32, 3, 1], block: [32, 8, 1] },
    ]);
    assert.deepStrictEqual(m.launches.map((l) => l.block.total), [1024, 256]);
    assert.deepStrictEqual(m.launches.map((l) => l.staticSharedBytes), [2 * 32 * 32 * 4, 32 * 33 * 4]);
    const flip = m.kernels[1];
    assert.deepStrictEqual(flip.sharedArrays.map((s) => s.dims), [[32, 33]]);
    assert.deepStrictEqual(flip.loops.map((l) => l.tripCount), [4, 4]);
  });

  it('reductions.cu: shared reduction, warp shuffles in a device function, histogram atomics', async () => {
    const m = await load('reductions.cu');
    assert.deepStrictEqual(m.kernels.map((k) => k.name), ['tree_sum', 'rows_sum', 'bins']);
    assert.deepStrictEqual(m.deviceFunctions.map((f) => f.name), ['lane_sum']);
    assert.deepStrictEqual(shape(m.launches), [
      { kernel: 'tree_sum', grid: [2048, 1, 1], block: [512, 1, 1] },
      { kernel: 'rows_sum', grid: [640, 1, 1], block: [256, 1, 1] },
      { kernel: 'bins', grid: [96, 1, 1], block: [128, 1, 1] },
    ]);
    const [tree, , bins] = m.kernels;
    assert.deepStrictEqual(tree.atomics.map((a) => a.name), ['atomicAdd']);
    assert.strictEqual(tree.barriers.length, 2);
    assert.deepStrictEqual(bins.atomics.map((a) => a.name), ['atomicAdd', 'atomicAdd']);
    assert.deepStrictEqual(m.deviceFunctions[0].body?.warpIntrinsics.map((w) => w.name), ['__shfl_down_sync']);
    // LANES / 2 = 16 halving to 1: five steps.
    assert.deepStrictEqual(m.deviceFunctions[0].body?.loops.map((l) => l.tripCount), [5]);
  });

  it('rows.cu: dynamic shared memory bytes, a 2-D block from dim3, __constant__ weights', async () => {
    const m = await load('rows.cu');
    assert.deepStrictEqual(m.kernels.map((k) => k.name), ['row_softmax', 'warp_norm', 'smooth']);
    assert.deepStrictEqual(shape(m.launches), [
      { kernel: 'row_softmax', grid: [300, 1, 1], block: [64, 1, 1] },
      // ceil(300 / 8) = 38
      { kernel: 'warp_norm', grid: [38, 1, 1], block: [32, 8, 1] },
      // n = 300 * 1000; ceil(300000 / 256) = 1172
      { kernel: 'smooth', grid: [1172, 1, 1], block: [256, 1, 1] },
    ]);
    assert.strictEqual(m.launches[0].sharedBytes, 64 * 4);
    assert.deepStrictEqual(m.kernels[0].sharedArrays.map((s) => [s.name, s.isExtern]), [['scratch', true]]);
    assert.strictEqual(m.launches[2].staticSharedBytes, (256 + 4) * 4);
    assert.deepStrictEqual(m.deviceVariables?.map((v) => [v.name, v.space, v.bytes]), [['taps', 'constant', 20]]);
    const constantReads = m.kernels[2].accesses.filter((a) => a.space === 'constant');
    assert.deepStrictEqual(constantReads.map((a) => a.array), ['taps']);
  });

  it('host_flow.cu: template launches, streams, loops with trip counts, graph capture, three-kernel scan', async () => {
    const m = await load('host_flow.cu');
    assert.deepStrictEqual(m.kernels.map((k) => k.name), ['bias', 'step', 'chunk_scan', 'tails_scan', 'add_tails']);
    assert.deepStrictEqual(shape(m.launches), [
      // run_bias<T>(v, n) is called once, from main, with n = 8192: ceil(8192 / 64) = 128; kB is constexpr.
      { kernel: 'bias', grid: [128, 1, 1], block: [64, 1, 1] },
      { kernel: 'step', grid: [64, 1, 1], block: [128, 1, 1] },
      { kernel: 'step', grid: [64, 1, 1], block: [128, 1, 1] },
      { kernel: 'step', grid: [32, 1, 1], block: [256, 1, 1] },
      { kernel: 'step', grid: [32, 1, 1], block: [256, 1, 1] },
      { kernel: 'chunk_scan', grid: [32, 1, 1], block: [256, 1, 1] },
      { kernel: 'tails_scan', grid: [1, 1, 1], block: [32, 1, 1] },
      { kernel: 'add_tails', grid: [32, 1, 1], block: [256, 1, 1] },
    ]);
    const [biasLaunch, s1, s2, loop, captured] = m.launches;
    assert.deepStrictEqual(biasLaunch.templateArgs, ['T', 'kB']);
    assert.deepStrictEqual(biasLaunch.templateBindings, { B: 64 });
    assert.strictEqual(biasLaunch.enclosingFunction, 'run_bias');
    assert.deepStrictEqual([s1.stream, s2.stream, loop.stream, captured.stream], ['s1', 's2', undefined, 's1']);
    assert.deepStrictEqual(loop.hostLoops.map((h) => [h.kind, h.variable, h.tripCount]), [['for', 'it', 25]]);
    assert.deepStrictEqual(captured.hostLoops.map((h) => h.tripCount), [25]);
    assert.deepStrictEqual(s1.hostLoops, []);
    const names = m.runtimeCalls.map((c) => c.name);
    for (const n of ['cudaStreamBeginCapture', 'cudaStreamEndCapture', 'cudaGraphInstantiate', 'cudaGraphLaunch']) assert.ok(names.includes(n), n);
    const sync = m.runtimeCalls.find((c) => c.name === 'cudaStreamSynchronize');
    assert.deepStrictEqual([sync?.resultUsed, sync?.wrappingMacro], [false, undefined]);
    const capture = m.runtimeCalls.find((c) => c.name === 'cudaStreamBeginCapture');
    assert.deepStrictEqual([capture?.resultUsed, capture?.wrappingMacro], [true, 'CUDA_OK']);
  });
});
