// Accuracy of the cost model against measured data: per data file of ../shared/data, the median and
// 90th-percentile absolute percentage error of the model's times. GEMM rows go through the GEMM model
// (750 rows); the hand-written naive and tiled kernels go through the program model built from their
// source (scripts/validate-kernels/*.cu with SIZE set per row), as `cuda-lens estimate` does.
// Run with `npm run validate-cost` (builds first). Reads ../shared/data relative to the repository root.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '..', 'shared', 'data');
const cost = await import('../server/src/cost/index.ts');
const { estimateGemm, estimateProgram, getGpu } = cost.default ?? cost;
const modelModule = await import('../server/src/model/index.ts');
const { buildModelFromText } = modelModule.default ?? modelModule;

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
