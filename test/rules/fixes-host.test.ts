// Verifies the quick fixes of the launch/host/correctness rules on their samples: the first fix of every
// finding (the same edits as the code action and `cuda-lens fix`) is applied to samples/<rule>.cu, the
// rule no longer fires, the fixed file still compiles with `nvcc -c`, and its CPU translation prints the
// same PASS line as the original's.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { findRule } from '../../server/src/rules';
import { applyEdits, nonOverlapping } from '../../server/src/rules/edits';
import { transpileText, writeTranslation } from '../../server/src/transpile';

const run = promisify(execFile);
const SAMPLES = path.join(__dirname, '..', '..', 'samples');
const FIXABLE = ['missing-bounds-check', 'unchecked-cuda-call'];

async function hasTool(tool: string): Promise<boolean> {
  try {
    await run(tool, ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function fixSample(ruleId: string): Promise<{ original: string; fixed: string; file: string }> {
  const file = path.join(SAMPLES, `${ruleId}.cu`);
  const original = fs.readFileSync(file, 'utf8');
  const rule = findRule(ruleId)!;
  const ctx = { model: await buildModelFromText(original, file), text: original, gpu: getGpu('h100-sxm') };
  const findings = rule.check(ctx);
  assert.ok(findings.length > 0, `${ruleId} does not fire on its sample`);
  const fixed = applyEdits(original, nonOverlapping(findings.map((f) => rule.fix?.(f, ctx)[0]?.edits ?? [])));
  assert.notEqual(fixed, original, `${ruleId} offered no fix on its sample`);
  const after = rule.check({ model: await buildModelFromText(fixed, file), text: fixed, gpu: ctx.gpu });
  assert.deepEqual(after.map((f) => f.message), [], `${ruleId} still fires after its fixes`);
  return { original, fixed, file };
}

/** Translates to C++/OpenMP, builds with g++ and returns the program's PASS/FAIL line. */
async function cpuResult(text: string, file: string, dir: string): Promise<string> {
  const main = writeTranslation(await transpileText(text, file), dir);
  const exe = path.join(dir, 'prog');
  await run('g++', ['-std=c++17', '-O2', '-fopenmp', '-I', SAMPLES, '-I', dir, main, '-o', exe], { timeout: 240000 });
  const { stdout } = await run(exe, [], { timeout: 60000 });
  return stdout.split('\n').find((l) => /: (PASS|FAIL)/.test(l)) ?? `(no result line in ${JSON.stringify(stdout)})`;
}

describe('quick fixes of the launch/host/correctness rules on their samples', function () {
  this.timeout(600000);
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-fixes-host-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const ruleId of FIXABLE) {
    it(`${ruleId}: the fixed sample still compiles with nvcc -c`, async function () {
      const { fixed } = await fixSample(ruleId);
      if (!(await hasTool('nvcc'))) this.skip();
      const src = path.join(tmp, `${ruleId}.cu`);
      fs.writeFileSync(src, fixed);
      await run('nvcc', ['-c', '-I', SAMPLES, src, '-o', path.join(tmp, `${ruleId}.o`)], { timeout: 300000 });
      assert.ok(fs.statSync(path.join(tmp, `${ruleId}.o`)).size > 0);
    });

    it(`${ruleId}: the CPU translation of the fixed sample prints the same PASS line`, async function () {
      const { original, fixed, file } = await fixSample(ruleId);
      if (!(await hasTool('g++'))) this.skip();
      const before = await cpuResult(original, file, path.join(tmp, `${ruleId}-original`));
      const afterFix = await cpuResult(fixed, file, path.join(tmp, `${ruleId}-fixed`));
      assert.match(before, /: PASS/);
      assert.equal(afterFix, before);
    });
  }
});
