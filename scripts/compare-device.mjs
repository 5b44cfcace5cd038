// Model vs measured for a device run of scripts/device/measure.sh: reads its measure.csv, estimates
// each GEMM with the GEMM model and each kernel row from the source program in scripts/device/kernels/
// (the same file the device ran), and prints both with the ratio and the median/p90 error.
// Usage: node --import tsx scripts/compare-device.mjs path/to/measure.csv [--gpu ID]
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cost = await import('../server/src/cost/index.ts');
const { estimateGemm, estimateProgram, getGpu } = cost.default ?? cost;
const modelModule = await import('../server/src/model/index.ts');
const { buildModelFromText } = modelModule.default ?? modelModule;
const constants = await import('../server/src/cost/constants.ts');
const { GRAPH_LAUNCH_SECONDS } = constants.default ?? constants;

const args = process.argv.slice(2);
const csvPath = args.find((a) => !a.startsWith('--'));
if (!csvPath) {
  console.error('usage: node --import tsx scripts/compare-device.mjs measure.csv [--gpu ID]');
  process.exit(2);
}
const text = readFileSync(csvPath, 'utf8');
const gpuFlag = args.indexOf('--gpu');
const header = /^# gpu: ([^;]*)/m.exec(text)?.[1] ?? '';
const guessed = /H200/i.test(header) ? 'h200' : /H100.*PCIe/i.test(header) ? 'h100-pcie' : /A100/i.test(header) ? 'a100-sxm-80gb' : 'h100-sxm';
const gpu = getGpu(gpuFlag >= 0 ? args[gpuFlag + 1] : guessed);
console.log(`device: ${header || 'unknown'}; model GPU: ${gpu.id}`);

// Kernel name -> the estimate of its launch in the device program that contains it.
const kernelDir = join(root, 'scripts', 'device', 'kernels');
const estimates = new Map();
for (const f of readdirSync(kernelDir).filter((f) => f.endsWith('.cu'))) {
  const src = readFileSync(join(kernelDir, f), 'utf8');
  const model = await buildModelFromText(src, f);
  for (const l of estimateProgram(model, gpu, { text: src }).launches) if (!estimates.has(l.kernelName)) estimates.set(l.kernelName, l);
}

const rows = [];
let section = '';
for (const line of text.split(/\r?\n/)) {
  if (!line || line.startsWith('#')) continue;
  if (line.startsWith('kind,') || line.startsWith('kernel,')) { section = line.split(',')[0]; continue; }
  const f = line.split(',');
  if (section === 'kind' && f[0] === 'gemm') {
    const [, m, n, k, dtype, us] = f;
    const simt = dtype === 'fp32';
    const est = estimateGemm(gpu, +m, +n, +k, 1, simt ? 'fp32' : dtype, { fp32Math: simt ? 'simt' : 'tf32' });
    rows.push([`gemm ${m}x${n}x${k} ${dtype}`, +us, est.seconds * 1e6]);
  } else if (section === 'kernel') {
    const [name, , , us] = f;
    const graph = name.endsWith('_graph');
    const est = estimates.get(graph ? name.slice(0, -'_graph'.length) : name);
    if (!est) { rows.push([name, +us, NaN]); continue; }
    // A graph replays the launches at the graph rate; a host loop pays the CPU launch cost. The device
    // programs warm each launch up, so the first launch's one-time cost is left out.
    const steady = est.seconds - (est.firstLaunchSeconds ?? 0) / (est.launchesPerRun ?? 1);
    const modelUs = graph ? Math.max(est.kernelSeconds, GRAPH_LAUNCH_SECONDS) * 1e6 : steady * 1e6;
    rows.push([name, +us, modelUs]);
  }
}

const errors = [];
for (const [name, meas, model] of rows) {
  const ratio = model / meas;
  if (Number.isFinite(ratio)) errors.push(Math.abs(ratio - 1));
  console.log(`${name.padEnd(32)} measured ${meas.toFixed(2).padStart(10)} us  model ${Number.isFinite(model) ? model.toFixed(2).padStart(10) : '         -'} us  model/measured ${Number.isFinite(ratio) ? ratio.toFixed(2) : '-'}`);
}
const sorted = errors.sort((a, b) => a - b);
const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
if (sorted.length) console.log(`n=${sorted.length}  median error ${(q(0.5) * 100).toFixed(1)}%  p90 ${(q(0.9) * 100).toFixed(1)}%`);
