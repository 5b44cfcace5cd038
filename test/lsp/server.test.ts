// Real LSP sessions over stdio with the built server: initialize, open every sample, incremental edits,
// diagnostics within 1 s of each change, custom requests, robustness against garbage, clean shutdown.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LspSession } from './session';

const SAMPLES = path.resolve(__dirname, '..', '..', 'samples');
const sampleFiles = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.cu')).sort();
const uriOf = (name: string) => `file://${path.join(SAMPLES, name)}`;

describe('language server over stdio', () => {
  let session: LspSession;
  before(async () => {
    session = new LspSession();
  });
  after(() => session.kill());

  it('answers initialize with the capabilities it serves', async () => {
    const result = await session.initialize({ targetGpu: 'h100-sxm' });
    const caps = result.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(caps.inlayHintProvider, 'inlay hints');
    assert.ok(caps.hoverProvider, 'hover');
    assert.ok(caps.codeLensProvider, 'code lens');
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('quickfix') && kinds.includes('source.fixAll.cudaLens'));
    assert.equal(result.serverInfo?.name, 'cuda-lens');
  });

  it('publishes diagnostics within 1 s for every sample', async () => {
    assert.ok(sampleFiles.length > 0);
    for (const name of sampleFiles) {
      const start = Date.now();
      const published = await session.open(uriOf(name), fs.readFileSync(path.join(SAMPLES, name), 'utf8'));
      const elapsed = Date.now() - start;
      assert.ok(elapsed < 1000, `${name}: diagnostics after ${elapsed} ms`);
      for (const d of published.diagnostics) {
        assert.equal(d.source, 'cuda-lens');
        assert.ok(typeof d.code === 'string' && d.codeDescription?.href.endsWith(`${d.code}.md`));
      }
    }
  });

  /** A kernel and a host function whose body is `launches` (line 5), and the inlay hints of its lines. */
  const launching = (launches: string) => ['__global__ void k(float* x, int n) {', '  int i = blockIdx.x * blockDim.x + threadIdx.x;',
    '  if (i < n) x[i] *= 2.0f;', '}', 'void run(float* x) {', `  ${launches}`, '}', ''].join('\n');
  const hintsOf = (uri: string) => session.connection.sendRequest('textDocument/inlayHint', {
    textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
  }) as Promise<{ label: string; tooltip?: { value: string } }[]>;

  it('gives each of two launches of one kernel on one line its own estimate', async () => {
    const uri = 'file:///virtual/same-line.cu';
    await session.open(uri, launching('k<<<4, 256>>>(x, 1024); k<<<4096, 256>>>(x, 1 << 20);'));
    const hints = await hintsOf(uri);
    assert.equal(hints.length, 2);
    assert.match(hints[0].tooltip!.value, /\(4, 1, 1\) × \(256, 1, 1\)/);
    assert.match(hints[1].tooltip!.value, /\(4096, 1, 1\) × \(256, 1, 1\)/);
  });

  it('applies incremental edits: a launch edited in place changes the hints to the new grid', async () => {
    const uri = 'file:///virtual/edit.cu';
    await session.open(uri, launching('k<<<4, 256>>>(x, 1024);'));
    const hints = () => hintsOf(uri);
    const before = await hints();
    assert.equal(before.length, 1);
    assert.match(before[0].tooltip!.value, /\(4, 1, 1\) × \(256, 1, 1\)/);
    // Replace "4" by "4096" (one incremental change) and wait for the new version's diagnostics.
    const start = Date.now();
    await session.change(uri, [{ range: { start: { line: 5, character: 6 }, end: { line: 5, character: 7 } }, text: '4096' }]);
    assert.ok(Date.now() - start < 1000);
    const after = await hints();
    assert.equal(after.length, 1);
    assert.match(after[0].tooltip!.value, /\(4096, 1, 1\) × \(256, 1, 1\)/);
  });

  it('keeps serving through random edits and garbage documents', async () => {
    const uri = 'file:///virtual/garbage.cu';
    let text = fs.readFileSync(path.join(SAMPLES, sampleFiles[0]), 'utf8');
    await session.open(uri, text);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const junk = ['<<<', '>>>', '{', '}', '__syncthreads();', '#define X(', '"', '/*', '\u0000\u00ff', 'template<', ';;'];
    for (let i = 0; i < 60; i++) {
      const lines = text.split('\n');
      const line = rand(lines.length);
      const ch = rand(lines[line].length + 1);
      const piece = junk[rand(junk.length)];
      const delLen = Math.min(rand(4), lines[line].length - ch);
      lines[line] = lines[line].slice(0, ch) + piece + lines[line].slice(ch + delLen);
      text = lines.join('\n');
      await session.change(uri, [{ range: { start: { line, character: ch }, end: { line, character: ch + delLen } }, text: piece }]);
    }
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)).toString('latin1');
    await session.open('file:///virtual/binary.cu', binary);
    await session.open('file:///virtual/empty.cu', '');
    await session.open('file:///virtual/notcuda.cu', 'SELECT * FROM kernels WHERE 1 = 1; <html></html>');
    const hover = await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: 0, character: 0 },
    });
    assert.ok(hover === null || typeof hover === 'object');
  });

  it('shuts down cleanly', async () => {
    const code = await session.shutdown();
    assert.equal(code, 0);
  });
});
