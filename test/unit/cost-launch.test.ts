// Launch overhead: a launch costs at least the CPU's issue time, loops multiply it, and a CUDA graph
// saves the difference only for repeated small kernels.
import * as assert from 'assert';
import { launchOverhead } from '../../server/src/cost/launch';
import { GRAPH_LAUNCH_SECONDS, LAUNCH_CPU_SECONDS } from '../../server/src/cost/constants';

describe('cost/launch', () => {
  it('makes a tiny kernel cost the CPU launch time', () => {
    const c = launchOverhead(1e-6);
    assert.strictEqual(c.perLaunchSeconds, LAUNCH_CPU_SECONDS);
    assert.ok(c.launchBound);
    assert.strictEqual(c.graphSavingSeconds, 0);
  });

  it('scales linearly with the loop trip count', () => {
    const one = launchOverhead(1e-6, 1);
    const many = launchOverhead(1e-6, 1000);
    assert.strictEqual(many.launches, 1000);
    assert.ok(Math.abs(many.totalSeconds - 1000 * one.perLaunchSeconds) < 1e-12);
    assert.ok(Math.abs(many.graphSavingSeconds - 1000 * (LAUNCH_CPU_SECONDS - GRAPH_LAUNCH_SECONDS)) < 1e-12);
  });

  it('prices a launch captured into a graph at the graph rate', () => {
    const c = launchOverhead(1e-6, 50, { inGraph: true });
    assert.strictEqual(c.perLaunchSeconds, GRAPH_LAUNCH_SECONDS);
    assert.strictEqual(c.graphSavingSeconds, 0);
  });

  it('hides the launch cost behind a long kernel', () => {
    const c = launchOverhead(1e-3, 50);
    assert.strictEqual(c.overheadSeconds, 0);
    assert.strictEqual(c.graphSavingSeconds, 0);
    assert.ok(!c.launchBound);
  });
});
