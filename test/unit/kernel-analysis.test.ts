// Unit tests of the analysis helpers shared by the kernel rules: per-lane evaluation of conditions
// (which lanes of a warp take a branch), locals defined once, election guards, warp lane offsets.
import { strict as assert } from 'assert';
import { laneSplit, singleDefinitions } from '../../server/src/rules/analysis/lanes';
import { isElectionGuard } from '../../server/src/rules/analysis/guards';
import { warpOffsets, strideAlong } from '../../server/src/rules/analysis/thread-stride';
import type { AffineForm, Guard } from '../../server/src/model/types';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const guard = (conditionText: string, threadDependent = true): Guard => ({ file: 'f.cu', range, kind: 'if', conditionText, threadDependent });

describe('kernel analysis helpers', () => {
  it('reads locals defined once and drops reassigned ones', () => {
    const defs = singleDefinitions('{ int tid = threadIdx.x; int lane = tid & 31; int i = 0; i += 2; unsigned w = tid / 32; int a = 1, b = 2; }');
    assert.equal(defs.get('tid'), 'threadIdx.x');
    assert.equal(defs.get('lane'), 'tid & 31');
    assert.equal(defs.get('w'), 'tid / 32');
    assert.ok(!defs.has('i'), 'i is assigned again');
    assert.ok(!defs.has('a'), 'declarator lists are left out');
  });

  it('counts the lanes that take a condition, per warp, through locals and the block shape', () => {
    const defs = new Map([['lane', 'threadIdx.x % 32'], ['warp', 'threadIdx.x / 32']]);
    assert.deepEqual(laneSplit('threadIdx.x % 2 == 0', defs, undefined, new Map()), [16, 16, 16, 16]);
    assert.deepEqual(laneSplit('lane == 0', defs, undefined, new Map()), [1, 1, 1, 1]);
    assert.deepEqual(laneSplit('warp % 2 == 0', defs, undefined, new Map()), [32, 0, 32, 0]);
    assert.deepEqual(laneSplit('threadIdx.y == 0', defs, { x: 16, y: 16, z: 1 }, new Map()), [16, 0, 0, 0]);
    assert.deepEqual(laneSplit('threadIdx.x < N', defs, undefined, new Map([['N', 40]])), [32, 8, 0, 0]);
    assert.equal(laneSplit('x[threadIdx.x] > 0', defs, undefined, new Map()), undefined, 'data-dependent');
  });

  it('tells an election (one lane) from a guard that admits a whole warp', () => {
    assert.ok(isElectionGuard(guard('threadIdx.x == 0'), new Set()));
    assert.ok(isElectionGuard(guard('i < n && tid == 0'), new Set(['tid', 'i'])));
    assert.ok(isElectionGuard(guard('tile.thread_rank() == 0', false), new Set()));
    assert.ok(!isElectionGuard(guard('i < n'), new Set(['i'])));
    assert.ok(!isElectionGuard(guard('tid == 0 || tid == 1'), new Set(['tid'])));
    assert.ok(!isElectionGuard(guard('i < n && flag == 1'), new Set(['i'])), 'the equality is on uniform data');
  });

  it('maps lanes onto thread indices for strides', () => {
    const form: AffineForm = { terms: [{ coef: 33, vars: ['threadIdx.x'] }, { coef: 1, vars: ['threadIdx.y'] }], constant: 0 };
    assert.deepEqual(warpOffsets(form, { x: 32, y: 8, z: 1 })?.slice(0, 3), [0, 33, 66]);
    assert.deepEqual(warpOffsets(form, { x: 16, y: 16, z: 1 })?.slice(15, 18), [495, 1, 34]);
    const symbolic: AffineForm = { terms: [{ coef: 1, vars: ['n', 'threadIdx.x'] }], constant: 0 };
    assert.equal(warpOffsets(symbolic, { x: 32, y: 1, z: 1 }), undefined);
    assert.deepEqual(strideAlong(symbolic, 'threadIdx.x'), { terms: [{ coef: 1, vars: ['n'] }], constant: 0 });
  });
});
