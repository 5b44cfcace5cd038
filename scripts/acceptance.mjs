// `npm run acceptance`: translates every program of ../shared/cuda-suite with `cuda-lens transpile`, builds
// it with g++ -std=c++17 -O2 -fopenmp, runs it and requires "<name>: PASS" from each. Prints a table and
// exits 1 if any program fails to translate, build or pass.
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot, run, translateAndBuild, pool } from './transpile-run.mjs';

const suite = resolve(repoRoot, '..', 'shared', 'cuda-suite');
if (!existsSync(suite)) { console.error(`acceptance: ${suite} not found`); process.exit(2); }
const outRoot = join(repoRoot, 'test-output', 'acceptance');
const programs = readdirSync(suite).filter((f) => f.endsWith('.cu')).sort().map((f) => join(suite, f));

const results = await pool(programs, 2, async (cu) => {
  const b = await translateAndBuild(cu, outRoot);
  if (!b.exe) return { name: b.name, status: `${b.stage.toUpperCase()} FAILED`, detail: b.error };
  const r = await run(b.exe, [], { timeout: 120000 });
  const passed = r.code === 0 && /: PASS\b/.test(r.stdout) && !/: FAIL\b/.test(r.stdout);
  return { name: b.name, status: passed ? 'PASS' : `RUN FAILED (exit ${r.code})`, runMs: r.ms,
    detail: passed ? '' : (r.stdout + r.stderr).trim().split('\n').slice(-3).join('\n') };
});

const w = Math.max(...results.map((r) => r.name.length));
console.log(`${'program'.padEnd(w)}  result                run ms`);
for (const r of results) {
  console.log(`${r.name.padEnd(w)}  ${r.status.padEnd(20)}  ${r.runMs !== undefined ? r.runMs.toFixed(0).padStart(6) : '     -'}`);
  if (r.detail) console.log(r.detail.split('\n').map((l) => '    ' + l).join('\n'));
}
const passed = results.filter((r) => r.status === 'PASS').length;
console.log(`\nacceptance: ${passed}/${results.length} PASS`);
process.exit(passed === results.length ? 0 : 1);
