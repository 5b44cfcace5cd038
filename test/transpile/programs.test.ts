// Each feature program under programs/ is valid CUDA that checks its own results; its translation must
// build with g++ and print "<name>: PASS" on the CPU.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { translateAndBuild, exec, pool, programsDir, Built } from './build-helpers';

const programs = fs.readdirSync(programsDir).filter((f) => f.endsWith('.cu')).sort();

describe('transpile: feature programs build and pass on the CPU', function () {
  this.timeout(900000);
  const built = new Map<string, Built>();
  before(async () => {
    const results = await pool(programs, 2, (p) => translateAndBuild(path.join(programsDir, p)));
    programs.forEach((p, i) => built.set(p, results[i]));
  });
  for (const p of programs) {
    it(p, async () => {
      const b = built.get(p)!;
      assert.ok(b.exe, `g++ failed:\n${b.compileErrors.split('\n').filter((l) => /error/.test(l)).slice(0, 8).join('\n')}`);
      assert.deepStrictEqual(b.output.diagnostics.filter((d) => d.severity === 'error'), []);
      const r = await exec(b.exe!, [], 120000, { ...process.env, OMP_NUM_THREADS: '2' });
      assert.strictEqual(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /: PASS\b/);
    });
  }
});
