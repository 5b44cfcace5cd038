// `npm run bench`: latency of the language server's per-keystroke path on a generated 10,000-line CUDA
// file, and memory growth over 1,000 edits (leaked wasm trees would show here). Prints one JSON object.
// - In process: full parse + model; incremental re-parse + model update after one-character edits; all
//   rules on a fresh model and after each edit, as the language server runs them.
// - Over a real LSP connection (`dist/server.js --stdio`): time from didOpen / didChange to the published
//   diagnostics, the latency the user sees (debounce included).
// Targets (2-core machine): full < 300 ms, incremental p95 < 15 ms, growth < 20 MB, diagnostics < 1 s.
import * as fs from 'fs';
import { loadCudaLanguage } from '../server/src/parse/grammar';
import { DocumentTrees, type TextChange } from '../server/src/parse/trees';
import { buildProgramModel, forgetFunctions, WorkspaceIndex } from '../server/src/model';
import { forgetFindings } from '../server/src/rules/analysis/per-function';
import { getGpu } from '../server/src/cost/gpus';
import { runRules } from '../server/src/rules/run';
import { LspSession, SERVER } from '../test/lsp/session';
import { generateCudaFile } from './generate-cuda';

const round = (x: number) => Math.round(x * 100) / 100;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Fresh builds measured after the warm-up; the median is reported, with every run. */
const FULL_RUNS = 5;
/** Builds (with rules) before measuring: V8 reaches its optimised code for the model's walkers only after
 *  a few files; the first build of a new server is reported on its own (`coldParseAndModelMs`). */
const WARM_UP_BUILDS = 3;

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { median: round(at(50)), p95: round(at(95)), max: round(sorted[sorted.length - 1]) };
}

/** The benchmark file, and the lines of kernel bodies that the edits touch. */
const TEXT = generateCudaFile(10_000);
const LINES = TEXT.split('\n');
const KERNEL_LINES = LINES.map((l, i) => (l.includes('threadIdx.x') ? i : -1)).filter((i) => i >= 0);

/** Edit number `k`: a space inserted at column 2 of a kernel line (even k) or deleted again (odd k). */
function oneCharEdit(k: number): TextChange {
  const line = KERNEL_LINES[(k * 7919) % KERNEL_LINES.length];
  const insert = k % 2 === 0;
  return { range: { start: { line, character: 2 }, end: { line, character: insert ? 2 : 3 } }, text: insert ? ' ' : '' };
}

function inProcess() {
  const uri = 'file:///bench/generated.cu';
  const file = '/bench/generated.cu';
  const gpu = getGpu('h100-sxm');
  const trees = new DocumentTrees();
  const index = new WorkspaceIndex();

  // Each build below uses a path of its own, so the model's per-file function cache never serves it; the
  // document is closed after it as the language server closes one (its memos dropped).
  const closeDocument = (name: string) => {
    trees.close(`file:///bench/${name}.cu`);
    forgetFunctions(`/bench/${name}.cu`);
    forgetFindings(`/bench/${name}.cu`);
  };
  const freshBuild = (name: string) => {
    const t = performance.now();
    const tree = trees.open(`file:///bench/${name}.cu`, TEXT, 0);
    const parseMs = performance.now() - t;
    const model = buildProgramModel(tree, TEXT, `/bench/${name}.cu`, { index: new WorkspaceIndex() });
    return { tree, model, parseMs, totalMs: performance.now() - t };
  };
  let coldMs = 0;
  for (let i = 0; i < WARM_UP_BUILDS; i++) {
    const { model, tree, totalMs } = freshBuild(`warm-up-${i}`);
    if (i === 0) coldMs = totalMs;
    runRules({ model, text: TEXT, gpu, tree });
    closeDocument(`warm-up-${i}`);
  }
  const full: number[] = [];
  const parse: number[] = [];
  for (let i = 0; i < FULL_RUNS; i++) {
    const { totalMs, parseMs } = freshBuild(`fresh-${i}`);
    full.push(totalMs);
    parse.push(parseMs);
    closeDocument(`fresh-${i}`);
  }

  const tree = trees.open(uri, TEXT, 1);
  const model = buildProgramModel(tree, TEXT, file, { index });
  let t = performance.now();
  const findings = runRules({ model, text: TEXT, gpu, tree });
  const rulesMs = performance.now() - t;

  // One-character edits inside kernel bodies: insert a space, then delete it, alternating.
  let version = 2;
  const edit = (k: number, withRules: boolean) => {
    const s = performance.now();
    trees.change(uri, [oneCharEdit(k)], version++);
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
  const liveTrees = trees.size;
  trees.dispose();

  return {
    file: { lines: LINES.length, kernels: model.kernels.length, launches: model.launches.length, findings: findings.length },
    fullParseMs: stats(parse).median,
    fullParseAndModelMs: stats(full).median,
    fullParseAndModelRunsMs: full.map(round),
    coldParseAndModelMs: round(coldMs),
    rulesMs: round(rulesMs),
    incrementalParseAndModelMs: stats(incremental),
    incrementalWithRulesMs: stats(withRules),
    // Retained memory after a forced GC: the JS heap plus external memory, which holds the parser's wasm
    // memory (a leaked tree grows it). RSS is reported too but moves by tens of MB either way from run to
    // run, as V8 grows and returns heap pages.
    memoryAfter1000EditsMB: {
      retainedGrowth: round((after.heapUsed + after.external - before.heapUsed - before.external) / 2 ** 20),
      heapGrowth: round((after.heapUsed - before.heapUsed) / 2 ** 20),
      externalGrowth: round((after.external - before.external) / 2 ** 20),
      rssGrowth: round((after.rss - before.rss) / 2 ** 20),
      rss: round(after.rss / 2 ** 20),
      liveTrees,
    },
  };
}

/** didOpen and 50 one-character edits over stdio, each waited for: milliseconds to the diagnostics of
 *  that document version. */
async function overLsp() {
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first');
  const session = new LspSession();
  try {
    await session.initialize({ targetGpu: 'h100-sxm' });
    const uri = 'file:///bench/lsp.cu';
    let t = performance.now();
    await session.open(uri, TEXT);
    const openMs = performance.now() - t;
    const edits: number[] = [];
    for (let k = 0; k < 50; k++) {
      t = performance.now();
      await session.change(uri, [oneCharEdit(k)]);
      edits.push(performance.now() - t);
    }
    return { didOpenToDiagnosticsMs: round(openMs), didChangeToDiagnosticsMs: stats(edits) };
  } finally {
    await session.shutdown().catch(() => session.kill());
  }
}

async function main(): Promise<void> {
  await loadCudaLanguage();
  const local = inProcess();
  const lsp = await overLsp();
  console.log(JSON.stringify({
    ...local,
    lsp,
    targets: { fullParseAndModelMs: 300, incrementalP95Ms: 15, retainedGrowthMB: 20, diagnosticsMs: 1000 },
  }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
