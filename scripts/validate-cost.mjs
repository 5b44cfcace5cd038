// Accuracy of the cost model against measured data: per data file of ../shared/data, the median and
// 90th-percentile absolute percentage error of the model's times. GEMM rows go through the GEMM model
// (750 rows); the hand-written naive and tiled kernels go through the program model built from their
// source (scripts/validate-kernels/*.cu with SIZE set per row), as `cuda-lens estimate` does.
// Then the H100 SXM measurements of docs/measurements: the kernel rows of h100-sxm-measure.csv (estimated
// from scripts/device/kernels, warm: without the first-launch cost), the rewrite samples before and after
// (h100-sxm-rewrites.csv, at the manifest's device sizes, warm) and the ../shared/cuda-bench programs
// (h100-sxm-cuda-bench.txt: kernel_ms over each program's launch loop from a cold start, held against
// the estimate's per-launch `seconds`, which spreads the first launch's cost over the loop).
// Run with `npm run validate-cost` (builds first); `--details` prints every row. Reads ../shared relative
// to the repository root.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '..', 'shared', 'data');
const cost = await import('../server/src/cost/index.ts');
const { estimateGemm, estimateProgram, getGpu } = cost.default ?? cost;
const constants = await import('../server/src/cost/constants.ts');
const modelModule = await import('../server/src/model/index.ts');
const { buildModelFromText } = modelModule.default ?? modelModule;
const rewriteModule = await import('../server/src/rewrite/index.ts');
const { applyEdits, findRewrite } = rewriteModule.default ?? rewriteModule;

function readCsv(file) {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return rows.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i], v])));
}

function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

const pct = (v) => `${(v * 100).toFixed(1)}%`;
function report(label, errors) {
  if (errors.length === 0) return;
  console.log(`  ${label.padEnd(34)} n=${String(errors.length).padStart(3)}  median ${pct(quantile(errors, 0.5)).padStart(6)}  p90 ${pct(quantile(errors, 0.9)).padStart(6)}`);
}
const ape = (model, measured) => Math.abs(model - measured) / measured;

if (!existsSync(dataDir)) {
  console.error(`validate-cost: no data folder at ${dataDir}`);
  process.exit(2);
}
const h100 = getGpu('h100-sxm');

// 1. XLA's H100 GEMM table: bf16 and f32 (which XLA runs on TF32 tensor cores; the model's fp32 default).
{
  const rows = readCsv(join(dataDir, 'gemm-h100-xla.csv'));
  const byDtype = new Map();
  for (const r of rows) {
    const dtype = r.dtype.startsWith('bf16') ? 'bf16' : r.dtype.startsWith('f32') ? 'fp32' : undefined;
    if (!dtype) continue;
    const est = estimateGemm(h100, +r.m, +r.n, +r.k, +r.b, dtype);
    const e = ape(est.seconds * 1e6, +r.implied_time_us);
    for (const key of [dtype, 'all']) (byDtype.get(key) ?? byDtype.set(key, []).get(key)).push(e);
  }
  console.log(`gemm-h100-xla.csv (H100 SXM, XLA/cuBLAS GEMMs):`);
  for (const [k, v] of byDtype) report(k === 'all' ? 'all GEMMs' : `${k} GEMMs`, v);
}

// 2. The benchmark repository's H100 rows: cuBLAS variants through the GEMM model, naive and tiled
//    kernels through the CLI on their source.
{
  const rows = readCsv(join(dataDir, 'gemm-h100-kernels.csv'));
  const cublas = { cublas_tc: ['fp16', 'tf32'], cublas_tf32: ['tf32', 'tf32'], cublas: ['fp32', 'simt'] };
  const errors = new Map();
  const push = (k, e) => (errors.get(k) ?? errors.set(k, []).get(k)).push(e);
  const details = [];
  {
    for (const r of rows) {
      const measuredUs = +r.ms * 1000;
      const size = +r.M;
      if (r.kernel in cublas) {
        const [dtype, fp32Math] = cublas[r.kernel];
        const est = estimateGemm(h100, +r.M, +r.N, +r.K, 1, dtype, { fp32Math });
        const e = ape(est.seconds * 1e6, measuredUs);
        // The FP32 SIMT rows at 512 and 1024 include one-time setup (data README): reported apart.
        push(r.kernel === 'cublas' && size <= 1024 ? 'cublas FP32 (512, 1024: setup included)' : `${r.kernel} (${dtype})`, e);
        details.push([r.kernel, size, measuredUs, est.seconds * 1e6]);
      } else if (r.kernel === 'naive' || r.kernel === 'tiled') {
        const src = readFileSync(join(root, 'scripts', 'validate-kernels', `${r.kernel}_matmul.cu`), 'utf8')
          .replace(/#define SIZE \d+/, `#define SIZE ${size}`);
        const file = `${r.kernel}_matmul.cu`;
        const model = await buildModelFromText(src, file);
        const launch = estimateProgram(model, h100, { text: src }).launches[0];
        const modelUs = launch.kernelSeconds * 1e6;
        push(`${r.kernel} kernel (from source)`, ape(modelUs, measuredUs));
        details.push([r.kernel, size, measuredUs, modelUs]);
      }
    }
  }
  console.log(`gemm-h100-kernels.csv (H100 80GB HBM3, square sizes 512-8192):`);
  for (const [k, v] of errors) report(k, v);
  if (process.argv.includes('--details')) {
    for (const [kernel, size, meas, model] of details) {
      console.log(`    ${kernel.padEnd(12)} ${String(size).padStart(5)}  measured ${meas.toFixed(1).padStart(9)} us  model ${model.toFixed(1).padStart(9)} us`);
    }
  }
  console.log('  (wmma rows: hand-written WMMA kernels are not modeled)');
}

// 3. H100 SXM measurements taken for this project (docs/measurements).
const measurements = join(root, 'docs', 'measurements');
const details = process.argv.includes('--details');
const row = (name, meas, model) => {
  if (details) console.log(`    ${name.padEnd(30)} measured ${meas.toFixed(1).padStart(9)} us  model ${model.toFixed(1).padStart(9)} us  ${(((model - meas) / meas) * 100).toFixed(0).padStart(4)}%`);
  return ape(model, meas);
};
const warmSeconds = (l) => l.seconds - (l.firstLaunchSeconds ?? 0) / (l.launchesPerRun ?? 1);
async function launchesOf(src, file) {
  const model = await buildModelFromText(src, file);
  return estimateProgram(model, h100, { text: src }).launches;
}
{
  const text = readFileSync(join(measurements, 'h100-sxm-measure.csv'), 'utf8');
  const kernelDir = join(root, 'scripts', 'device', 'kernels');
  const byKernel = new Map();
  for (const f of readdirSync(kernelDir).filter((f) => f.endsWith('.cu'))) {
    for (const l of await launchesOf(readFileSync(join(kernelDir, f), 'utf8'), f)) if (!byKernel.has(l.kernelName)) byKernel.set(l.kernelName, l);
  }
  const { GRAPH_LAUNCH_SECONDS } = constants.default ?? constants;
  const errors = [];
  console.log('h100-sxm-measure.csv kernel rows (H100 SXM, warm, per launch):');
  for (const line of text.slice(text.indexOf('kernel,grid')).trim().split(/\r?\n/).slice(1)) {
    const [name, , , us] = line.split(',');
    const graph = name.endsWith('_graph');
    const l = byKernel.get(graph ? name.slice(0, -'_graph'.length) : name);
    if (!l) continue;
    const modelUs = (graph ? Math.max(l.kernelSeconds, GRAPH_LAUNCH_SECONDS) : warmSeconds(l)) * 1e6;
    errors.push(row(name, +us, modelUs));
  }
  report('kernels from source', errors);
}
{
  const manifest = JSON.parse(readFileSync(join(root, 'samples', 'rewrite', 'manifest.json'), 'utf8'));
  const measured = new Map(readCsv(join(measurements, 'h100-sxm-rewrites.csv')).map((r) => [r.sample, r]));
  const errors = [];
  console.log('h100-sxm-rewrites.csv (rewrite samples at device sizes, warm, per run):');
  for (const entry of manifest.samples) {
    const base = entry.file.replace(/\.cu$/, '');
    const m = measured.get(base);
    if (!m) continue;
    let text = readFileSync(join(root, 'samples', 'rewrite', entry.file), 'utf8');
    for (const [name, value] of Object.entries(entry.device)) text = text.replace(new RegExp(`(#define\\s+${name}\\s+).*`), `$1${value}`);
    const model = await buildModelFromText(text, entry.file);
    const at = text.indexOf(entry.at);
    const position = { line: text.slice(0, at).split('\n').length - 1, character: at - (text.lastIndexOf('\n', at - 1) + 1) };
    const r = findRewrite(entry.rewrite).apply({ position }, { model, text, gpu: h100 });
    const sides = [['before', text, +m.before_ms]];
    if ('edits' in r) sides.push(['after', applyEdits(text, r.edits), +m.after_ms]);
    for (const [side, src, ms] of sides) {
      const total = (await launchesOf(src, entry.file)).reduce((s, l) => s + warmSeconds(l) * (l.launchesPerRun ?? 1), 0);
      errors.push(row(`${base} ${side}`, ms * 1000, total * 1e6));
    }
  }
  report('rewrite samples before and after', errors);
}
{
  const benchDir = join(root, '..', 'shared', 'cuda-bench');
  const text = readFileSync(join(measurements, 'h100-sxm-cuda-bench.txt'), 'utf8');
  const errors = [];
  console.log('h100-sxm-cuda-bench.txt (../shared/cuda-bench, cold start, per launch over the loop):');
  for (const m of text.matchAll(/^(\w+): PASS kernel_ms=([\d.]+)/gm)) {
    const file = join(benchDir, `${m[1]}.cu`);
    if (!existsSync(file)) continue;
    const [l] = await launchesOf(readFileSync(file, 'utf8'), `${m[1]}.cu`);
    const perLaunchUs = (+m[2] * 1000) / (l.launchesPerRun ?? 1);
    errors.push(row(`${m[1]} (${l.kernelName} x${l.launchesPerRun ?? 1})`, perLaunchUs, l.seconds * 1e6));
  }
  report('cuda-bench programs', errors);
}
