// `npm run bench`: parse, model and rule latency of the language server's per-keystroke path on a
// generated 10,000-line CUDA file, and memory growth over 1,000 edits (leaked wasm trees would show here).
// Prints one JSON object. Targets (2-core machine): full < 300 ms, incremental p95 < 15 ms, growth < 20 MB.
import { loadCudaLanguage } from '../server/src/parse/grammar';
import { Workspace } from '../server/src/lsp/workspace';
import { generateCudaFile } from './generate-cuda';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (x: number) => Math.round(x * 100) / 100;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main(): Promise<void> {
  await loadCudaLanguage();
  const text = generateCudaFile(10_000);
  const lines = text.split('\n');
  const uri = 'file:///bench/generated.cu';
  const workspace = new Workspace(() => undefined);

  // Warm-up: JIT and wasm compilation would otherwise count against the first measurement.
  workspace.open(uri, text, 0);
  workspace.analysis(uri);
  workspace.close(uri);

  let t = performance.now();
  workspace.open(uri, text, 1);
  const parseMs = performance.now() - t;
  const model = workspace.analysis(uri)!;
  const fullMs = performance.now() - t;
  t = performance.now();
  workspace.invalidateAll();
  workspace.analysis(uri);
  const modelAndRulesMs = performance.now() - t;

  // One-character edits inside kernel bodies: insert a space then delete it, alternating.
  const kernelLines = lines.map((l, i) => (l.includes('threadIdx.x') ? i : -1)).filter((i) => i >= 0);
  const times: number[] = [];
  let version = 2;
  const edit = (k: number) => {
    const line = kernelLines[k % kernelLines.length];
    const insert = k % 2 === 0;
    workspace.change(uri, [{
      range: { start: { line, character: 2 }, end: { line, character: insert ? 2 : 3 } },
      text: insert ? ' ' : '',
    }], version++);
    workspace.analysis(uri);
  };
  for (let k = 0; k < 200; k++) {
    const s = performance.now();
    edit(k);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);

  gc();
  const before = process.memoryUsage();
  for (let k = 0; k < 1000; k++) edit(k);
  gc();
  const after = process.memoryUsage();

  console.log(JSON.stringify({
    file: { lines: lines.length, kernels: model.model.kernels.length, launches: model.model.launches.length, findings: model.findings.length },
    fullParseMs: round(parseMs),
    fullParseModelRulesMs: round(fullMs),
    modelAndRulesOnlyMs: round(modelAndRulesMs),
    incrementalMs: { median: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times[times.length - 1]) },
    memoryAfter1000EditsMB: {
      rssGrowth: round((after.rss - before.rss) / 2 ** 20),
      heapGrowth: round((after.heapUsed - before.heapUsed) / 2 ** 20),
      rss: round(after.rss / 2 ** 20),
    },
    targets: { fullParseModelRulesMs: 300, incrementalP95Ms: 15, rssGrowthMB: 20 },
  }, null, 2));
  workspace.trees.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
