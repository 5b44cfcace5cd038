// LSP features beyond diagnostics, over a real stdio session: the CPU translation preview follows edits,
// hover and code lens show the cost model, the report lists every launch, a target-GPU change reaches the
// hints, and code actions offer fixes, "disable rule", "show documentation" and fix-all.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LspSession } from './session';

const SAMPLES = path.resolve(__dirname, '..', '..', 'samples');
const PROGRAM = [
  '__global__ void scale(float* x, float a, int n) {',
  '  int i = blockIdx.x * blockDim.x + threadIdx.x;',
  '  if (i < n) x[i] = a * x[i];',
  '}',
  'int main() {',
  '  const int n = 1 << 22;',
  '  float* x;',
  '  cudaMalloc(&x, n * sizeof(float));',
  '  scale<<<(n + 255) / 256, 256>>>(x, 2.0f, n);',
  '  cudaDeviceSynchronize();',
  '  return 0;',
  '}',
  '',
].join('\n');

type Hint = { label: string; tooltip?: { value: string } };
const whole = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

describe('language server features over stdio', () => {
  let session: LspSession;
  const uri = 'file:///virtual/features.cu';
  before(async () => {
    session = new LspSession();
    await session.initialize({ targetGpu: 'h100-sxm' });
    await session.open(uri, PROGRAM);
  });
  after(() => session.kill());

  const hints = () => session.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: whole }) as Promise<Hint[]>;

  it('translates the open document to C++/OpenMP and follows edits', async () => {
    const first = await session.connection.sendRequest('cudaLens/translation', { uri }) as { text: string; problems: string[] };
    assert.match(first.text, /\bscale\b/);
    assert.match(first.text, /#pragma omp/);
    assert.doesNotMatch(first.text, /__global__/);
    // Rename the kernel in place (definition and launch) and ask again.
    await session.change(uri, [
      { range: { start: { line: 8, character: 2 }, end: { line: 8, character: 7 } }, text: 'scale_twice' },
      { range: { start: { line: 0, character: 16 }, end: { line: 0, character: 21 } }, text: 'scale_twice' },
    ]);
    const second = await session.connection.sendRequest('cudaLens/translation', { uri }) as { text: string };
    assert.match(second.text, /\bscale_twice\b/);
  });

  it('hovers a launch with the cost breakdown and assumptions', async () => {
    const hover = await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: 8, character: 4 },
    }) as { contents: { value: string } } | null;
    assert.ok(hover, 'hover on the launch');
    assert.match(hover.contents.value, /grid × block \| \(16384, 1, 1\) × \(256, 1, 1\)/);
    assert.match(hover.contents.value, /memory-bound|latency-bound|launch-bound|compute-bound/);
    const none = await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: 6, character: 3 },
    });
    assert.equal(none, null, 'no hover away from launches');
  });

  it('puts a cost code lens and a translation lens on each kernel', async () => {
    const lenses = await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as { range: { start: { line: number } }; command: { title: string; command: string } }[];
    const titles = lenses.map((l) => l.command.title);
    assert.ok(titles.some((t) => /^est\. per launch on H100 SXM: [\d.]+ (µs|ms|ns)/.test(t)), titles.join(' | '));
    assert.ok(lenses.some((l) => l.command.command === 'cudaLens.showCpuTranslation'));
    assert.ok(lenses.every((l) => l.range.start.line === 0));
  });

  it('reports every launch in the estimate report', async () => {
    const report = await session.connection.sendRequest('cudaLens/estimateReport', { uri }) as { markdown: string };
    assert.match(report.markdown, /\| 9 \| scale_twice \| \(16384,1,1\) × \(256,1,1\) \|/);
  });

  it('changes the hints when the target GPU changes', async () => {
    const before = await hints();
    assert.equal(before.length, 1);
    const announced = await session.updateSettings({ targetGpu: 't4' });
    assert.equal(announced.id, 't4');
    const after = await hints();
    assert.equal(after.length, 1);
    assert.notEqual(after[0].label, before[0].label, 'a T4 (320 GB/s) must not estimate like an H100 (3350 GB/s)');
    assert.match(after[0].tooltip!.value, /T4/);
    await session.updateSettings({ targetGpu: 'h100-sxm' });
  });

  it('lists the 13 GPUs for the picker', async () => {
    const gpus = await session.connection.sendRequest('cudaLens/listGpus') as { id: string }[];
    assert.equal(gpus.length, 13);
    assert.ok(gpus.some((g) => g.id === 'rtx4090'));
  });

  it('offers the quick fix, disable-rule, documentation and fix-all actions', async () => {
    const sampleUri = `file://${path.join(SAMPLES, 'missing-bounds-check.cu')}`;
    const published = await session.open(sampleUri, fs.readFileSync(path.join(SAMPLES, 'missing-bounds-check.cu'), 'utf8'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'missing-bounds-check');
    assert.ok(diagnostic, 'the sample reports missing-bounds-check');
    const actions = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: sampleUri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    }) as { title: string; kind: string; data?: unknown; command?: { command: string; arguments: unknown[] } }[];
    const fix = actions.find((a) => a.kind === 'quickfix' && a.data);
    assert.ok(fix, `a quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    const resolved = await session.connection.sendRequest('codeAction/resolve', fix) as { edit: { changes: Record<string, { newText: string }[]> } };
    const edits = Object.values(resolved.edit.changes).flat();
    assert.ok(edits.some((e) => /if \(i >= n\) return;/.test(e.newText)));
    assert.ok(actions.some((a) => a.command?.command === 'cudaLens.disableRule' && a.command.arguments[0] === 'missing-bounds-check'));
    assert.ok(actions.some((a) => a.command?.command === 'cudaLens.showRuleDocs'));
    const fixAll = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: sampleUri }, range: whole, context: { diagnostics: [], only: ['source.fixAll.cudaLens'] },
    }) as { kind: string; edit?: unknown }[];
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.cudaLens');
    assert.ok(fixAll[0].edit);
  });

  it('honours a per-rule level from the settings', async () => {
    const sampleUri = `file://${path.join(SAMPLES, 'missing-bounds-check.cu')}`;
    const waiting = session.waitForDiagnostics(sampleUri, (p) => !p.diagnostics.some((d) => d.code === 'missing-bounds-check'));
    await session.updateSettings({ targetGpu: 'h100-sxm', rules: { 'missing-bounds-check': 'off' } });
    await waiting;
  });
});
