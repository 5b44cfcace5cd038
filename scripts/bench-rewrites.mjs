// `npm run bench:rewrites`: each rewrite sample's predicted speedup on h100-sxm and rtx4090 (the gain the
// code action title promises), read from samples/rewrite/manifest.json. With `--emit DIR` it also writes
// every sample before and after its rewrite (for h100-sxm, at the manifest's device sizes) for the device
// timing script scripts/device/rewrites.sh. Runs under tsx (`node --import tsx`), which loads the server's
// TypeScript directly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCudaLanguage } from '../server/src/parse/grammar.ts';
import { getGpu } from '../server/src/cost/gpus.ts';
import { buildModelFromText } from '../server/src/model/index.ts';
import { applyEdits, findRewrite } from '../server/src/rewrite/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sampleDir = path.join(root, 'samples', 'rewrite');
const manifest = JSON.parse(fs.readFileSync(path.join(sampleDir, 'manifest.json'), 'utf8'));
const GPUS = ['h100-sxm', 'rtx4090'];

/** Replaces `#define NAME value` defaults with the device sizes. */
function withDefines(text, defines) {
  let out = text;
  for (const [name, value] of Object.entries(defines)) {
    out = out.replace(new RegExp(`(#define\\s+${name}\\s+).*`), `$1${value}`);
  }
  return out;
}

function positionOf(text, needle) {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not found`);
  const line = text.slice(0, offset).split('\n').length - 1;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

async function predict(entry, text, gpuId, file) {
  const model = await buildModelFromText(text, file);
  const result = findRewrite(entry.rewrite).apply({ position: positionOf(text, entry.at) }, { model, text, gpu: getGpu(gpuId) });
  return result;
}

const emitArg = process.argv.indexOf('--emit');
const emitDir = emitArg > 0 ? path.resolve(process.argv[emitArg + 1]) : undefined;
await loadCudaLanguage();
if (emitDir) {
  fs.mkdirSync(path.join(emitDir, 'rewrite'), { recursive: true });
  fs.copyFileSync(path.join(root, 'samples', 'sample_check.h'), path.join(emitDir, 'sample_check.h'));
  fs.copyFileSync(path.join(sampleDir, 'timing.h'), path.join(emitDir, 'rewrite', 'timing.h'));
}
const rows = [];
for (const entry of manifest.samples) {
  const file = path.join(sampleDir, entry.file);
  const text = fs.readFileSync(file, 'utf8');
  const row = { sample: entry.file, rewrite: entry.rewrite };
  for (const gpu of GPUS) {
    const r = await predict(entry, text, gpu, file);
    row[gpu] = 'title' in r ? (/est\. ≈?([\d.]+)×/.exec(r.title)?.[1] ?? '?') : `not offered: ${r.notOffered}`;
    if (gpu === 'h100-sxm') row.title = 'title' in r ? r.title : '';
  }
  if (emitDir) {
    const big = withDefines(text, entry.device);
    const r = await predict(entry, big, 'h100-sxm', file);
    if (!('edits' in r)) throw new Error(`${entry.file}: ${r.notOffered}`);
    const base = entry.file.replace(/\.cu$/, '');
    fs.writeFileSync(path.join(emitDir, 'rewrite', `${base}.before.cu`), big);
    fs.writeFileSync(path.join(emitDir, 'rewrite', `${base}.after.cu`), applyEdits(big, r.edits));
    fs.appendFileSync(path.join(emitDir, 'predicted.csv'), `${base},${entry.rewrite},${/est\. ≈?([\d.]+)×/.exec(r.title)?.[1]}\n`);
    row['h100 (device sizes)'] = /est\. ≈?([\d.]+)×/.exec(r.title)?.[1];
  }
  rows.push(row);
}
console.table(rows.map(({ title, ...rest }) => rest));
for (const r of rows) console.log(`${r.sample}: ${r.title}`);
