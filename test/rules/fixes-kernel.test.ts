// Checks the quick fixes of the kernel-group rules on their samples: every finding's first fix (the code
// action's edits, combined as `cuda-lens fix` combines them) is applied to samples/<rule>.cu; the result
// must contain the expected change, silence the rule, still compile with `nvcc -c`, and its C++/OpenMP
// translation must print the same PASS line as the original sample's translation.
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

const exec = promisify(execFile);
const SAMPLES = path.join(__dirname, '..', '..', 'samples');

/** Fixable rules, the GPU their sample is checked against, and text the fixed sample must contain. */
const CASES: { rule: string; gpu: string; expect: RegExp[] }[] = [
  { rule: 'shared-bank-conflict', gpu: 'h100-sxm', expect: [/__shared__ float tile\[TILE\]\[TILE \+ 1\];/] },
  { rule: 'missing-restrict', gpu: 'h100-sxm', expect: [/const float\* __restrict__ a, const float\* __restrict__ b, float\* __restrict__ out/] },
  { rule: 'fp64-on-consumer-gpu', gpu: 'rtx4090', expect: [/x\[i\] \* 0\.5f \+ 1\.0f/] },
];

async function available(tool: string): Promise<boolean> {
  return exec(tool, ['--version']).then(() => true, () => false);
}

async function fixedSample(ruleId: string, gpuId: string): Promise<{ file: string; original: string; fixed: string }> {
  const file = path.join(SAMPLES, `${ruleId}.cu`);
  const original = fs.readFileSync(file, 'utf8');
  const rule = findRule(ruleId);
  assert.ok(rule?.fix, `${ruleId} has no fix`);
  const gpu = getGpu(gpuId);
  const ctx = { model: await buildModelFromText(original, file), text: original, gpu };
  const findings = rule.check(ctx);
  assert.ok(findings.length > 0, `${ruleId} stays silent on its own sample`);
  const fixed = applyEdits(original, nonOverlapping(findings.map((f) => rule.fix?.(f, ctx)[0]?.edits ?? [])));
  const again = rule.check({ model: await buildModelFromText(fixed, file), text: fixed, gpu });
  assert.deepEqual(again.map((f) => f.message), [], `${ruleId} still fires on its fixed sample`);
  return { file, original, fixed };
}

/** The PASS/FAIL line of the C++/OpenMP translation, built with g++ as the transpiler contract says. */
async function translatedResult(text: string, file: string, dir: string): Promise<string> {
  const main = writeTranslation(await transpileText(text, file), dir);
  const exe = path.join(dir, 'program');
  await exec('g++', ['-std=c++17', '-O2', '-fopenmp', '-I', SAMPLES, '-I', dir, main, '-o', exe], { timeout: 300000 });
  const { stdout } = await exec(exe, [], { timeout: 120000 });
  return stdout.split('\n').find((l) => /: (PASS|FAIL)\b/.test(l)) ?? `no result line in ${JSON.stringify(stdout)}`;
}

describe('quick fixes of the kernel rules on their samples', function () {
  this.timeout(900000);
  let tmp = '';
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-fixes-kernel-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.rule}: the fix makes the expected change and silences the rule`, async () => {
      const { fixed } = await fixedSample(c.rule, c.gpu);
      for (const re of c.expect) assert.match(fixed, re);
    });

    it(`${c.rule}: the fixed sample compiles with nvcc -c`, async function () {
      if (!(await available('nvcc'))) this.skip();
      const { fixed } = await fixedSample(c.rule, c.gpu);
      const src = path.join(tmp, `${c.rule}.cu`);
      const obj = path.join(tmp, `${c.rule}.o`);
      fs.writeFileSync(src, fixed);
      await exec('nvcc', ['-c', '-I', SAMPLES, src, '-o', obj], { timeout: 300000 });
      assert.ok(fs.statSync(obj).size > 0);
    });

    it(`${c.rule}: the CPU translation of the fixed sample prints the original's PASS line`, async function () {
      if (!(await available('g++'))) this.skip();
      const { file, original, fixed } = await fixedSample(c.rule, c.gpu);
      const before = await translatedResult(original, file, path.join(tmp, `${c.rule}-before`));
      const after = await translatedResult(fixed, file, path.join(tmp, `${c.rule}-after`));
      assert.match(before, /: PASS/);
      assert.equal(after, before);
    });
  }
});
