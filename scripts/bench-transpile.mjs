// `npm run bench:transpile`: translates ../shared/cuda-bench/*.cu, runs each translation with
// OMP_NUM_THREADS=1 and 2, runs the hand-written OpenMP versions in bench-reference/ the same way, and
// prints kernel_ms side by side with the ratio (translated / hand-written; goal <= 1.5). It also times the
// translation of a generated 2,000-line CUDA file (goal < 200 ms).
import { readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot, run, translateAndBuild, pool } from './transpile-run.mjs';

const benchDir = resolve(repoRoot, '..', 'shared', 'cuda-bench');
if (!existsSync(benchDir)) { console.error(`bench:transpile: ${benchDir} not found`); process.exit(2); }
const outRoot = join(repoRoot, 'test-output', 'bench-transpile');
const refDir = join(repoRoot, 'scripts', 'bench-reference');
mkdirSync(outRoot, { recursive: true });
const programs = readdirSync(benchDir).filter((f) => f.endsWith('.cu')).sort();
const threads = (process.env.BENCH_THREADS ?? '1,2').split(',');
const reps = Number(process.env.BENCH_REPS ?? 3);

const kernelMs = (out) => { const m = /kernel_ms=([\d.]+)/.exec(out); return m ? Number(m[1]) : NaN; };
/** Best of `reps` runs: the machine is shared, the minimum is the least disturbed measurement. */
async function best(exe, t) {
  let ms = Infinity, ok = true;
  for (let i = 0; i < reps; i++) {
    const r = await run(exe, [], { env: { ...process.env, OMP_NUM_THREADS: t }, timeout: 600000 });
    if (r.code !== 0 || !/PASS/.test(r.stdout)) ok = false;
    ms = Math.min(ms, kernelMs(r.stdout));
  }
  return { ms, ok };
}

const builds = await pool(programs, 2, async (p) => {
  const name = p.replace(/\.cu$/, '');
  const tr = await translateAndBuild(join(benchDir, p), outRoot);
  const refExe = join(outRoot, name, `${name}.ref`);
  const cc = await run('g++', ['-std=c++17', '-O2', '-fopenmp', join(refDir, `${name}.cpp`), '-o', refExe]);
  return { name, tr, refExe: cc.code === 0 ? refExe : undefined, refErr: cc.stderr };
});

const rows = [];
for (const b of builds) {
  if (!b.tr.exe || !b.refExe) {
    rows.push({ name: b.name, error: b.tr.error ?? b.refErr });
    continue;
  }
  for (const t of threads) {
    const tr = await best(b.tr.exe, t);
    const ref = await best(b.refExe, t);
    rows.push({ name: b.name, t, tr, ref });
  }
}

console.log('program              threads  translated ms  hand-written ms  ratio');
for (const r of rows) {
  if (r.error) { console.log(`${r.name.padEnd(20)} ERROR ${r.error.split('\n')[0]}`); continue; }
  const ratio = r.tr.ms / r.ref.ms;
  console.log(`${r.name.padEnd(20)} ${String(r.t).padStart(7)}  ${r.tr.ms.toFixed(1).padStart(13)}${r.tr.ok ? ' ' : '!'}` +
    ` ${r.ref.ms.toFixed(1).padStart(15)}${r.ref.ok ? ' ' : '!'} ${ratio.toFixed(2).padStart(6)}`);
}
console.log('(! = the program did not print PASS)');

// Translation speed on a 2,000-line file made of the bench and suite kernels, renamed per copy.
const { readFileSync } = await import('node:fs');
const suiteDir = resolve(repoRoot, '..', 'shared', 'cuda-suite');
const sources = [...programs.map((p) => join(benchDir, p)),
  ...readdirSync(suiteDir).filter((f) => f.endsWith('.cu')).sort().map((f) => join(suiteDir, f))]
  .map((f) => readFileSync(f, 'utf8').replace(/int main\(\)[\s\S]*$/, ''));
let text = '';
for (let i = 0; text.split('\n').length < 2000; i++) {
  text += sources[i % sources.length]
    .replace(/\b(__global__\s+void\s+)(\w+)/g, `$1$2_${i}`)
    .replace(/^#define (\w+)/gm, '#undef $1\n#define $1') + '\n';
}
const big = join(outRoot, 'big.cu');
writeFileSync(big, text);
const tt = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'time-transpile.ts'), big]);
console.log(`\ntranslating a ${text.split('\n').length}-line file: ${tt.stdout.trim()} (best of 5, after a warm-up; goal < 200 ms)`);
