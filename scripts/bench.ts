// `npm run bench`: latency of the language server's per-keystroke path on a generated 10,000-line CUDA
// file (full parse + model; incremental re-parse + model update after one-character edits; rules), and
// memory growth over 1,000 edits (leaked wasm trees would show here). Prints one JSON object.
// Targets (2-core machine): full < 300 ms, incremental p95 < 15 ms, growth < 20 MB.
import { loadCudaLanguage } from '../server/src/parse/grammar';
import { DocumentTrees } from '../server/src/parse/trees';
import { buildProgramModel, WorkspaceIndex } from '../server/src/model';
import { getGpu } from '../server/src/cost/gpus';
import { runRules } from '../server/src/rules/run';
import { generateCudaFile } from './generate-cuda';

const round = (x: number) => Math.round(x * 100) / 100;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { median: round(at(50)), p95: round(at(95)), max: round(sorted[sorted.length - 1]) };
}

async function main(): Promise<void> {
  await loadCudaLanguage();
  const text = generateCudaFile(10_000);
  const lines = text.split('\n');
  const uri = 'file:///bench/generated.cu';
  const file = '/bench/generated.cu';
  const gpu = getGpu('h100-sxm');
  const trees = new DocumentTrees();
  const index = new WorkspaceIndex();

  // Warm-up on another path: JIT and wasm compilation would otherwise count against the first measurement,
  // while the model's per-file function cache must not serve the fresh build measured below.
  const warmUri = 'file:///bench/warm-up.cu';
  trees.open(warmUri, text, 0);
  runRules({ model: buildProgramModel(trees.get(warmUri)!.tree, text, '/bench/warm-up.cu', { index }), text, gpu });
  trees.close(warmUri);

  let t = performance.now();
  const tree = trees.open(uri, text, 1);
  const parseMs = performance.now() - t;
  const model = buildProgramModel(tree, text, file, { index: new WorkspaceIndex() });
  const fullMs = performance.now() - t;
  t = performance.now();
  const findings = runRules({ model, text, gpu, tree });
  const rulesMs = performance.now() - t;

  // One-character edits inside kernel bodies: insert a space, then delete it, alternating.
  const kernelLines = lines.map((l, i) => (l.includes('threadIdx.x') ? i : -1)).filter((i) => i >= 0);
  let version = 2;
  const edit = (k: number, withRules: boolean) => {
    const line = kernelLines[(k * 7919) % kernelLines.length];
    const insert = k % 2 === 0;
    const s = performance.now();
    trees.change(uri, [{
      range: { start: { line, character: 2 }, end: { line, character: insert ? 2 : 3 } },
      text: insert ? ' ' : '',
    }], version++);
    const entry = trees.get(uri)!;
    const m = buildProgramModel(entry.tree, entry.text, file, { index });
    const modelMs = performance.now() - s;
    // As the language server runs them: with the live tree, after every model update.
    if (withRules) runRules({ model: m, text: entry.text, gpu, tree: entry.tree });
    return [modelMs, performance.now() - s];
  };
  const incremental: number[] = [];
  const withRules: number[] = [];
  for (let k = 0; k < 200; k++) incremental.push(edit(k, false)[0]);
  for (let k = 0; k < 100; k++) withRules.push(edit(k, true)[1]);

  gc();
  const before = process.memoryUsage();
  for (let k = 0; k < 1000; k++) edit(k, false);
  gc();
  const after = process.memoryUsage();

  console.log(JSON.stringify({
    file: { lines: lines.length, kernels: model.kernels.length, launches: model.launches.length, findings: findings.length },
    fullParseMs: round(parseMs),
    fullParseAndModelMs: round(fullMs),
    rulesMs: round(rulesMs),
    incrementalParseAndModelMs: stats(incremental),
    incrementalWithRulesMs: stats(withRules),
    memoryAfter1000EditsMB: {
      rssGrowth: round((after.rss - before.rss) / 2 ** 20),
      heapGrowth: round((after.heapUsed - before.heapUsed) / 2 ** 20),
      rss: round(after.rss / 2 ** 20),
      liveTrees: trees.size,
    },
    targets: { fullParseAndModelMs: 300, incrementalP95Ms: 15, rssGrowthMB: 20 },
  }, null, 2));
  trees.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
