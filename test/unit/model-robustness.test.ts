// The model never throws and stays cheap: empty, binary, half-typed, macro-heavy, deeply nested and 5 MB
// inputs; a 10,000-line file within a time budget; and a rebuild after an edit (which reuses unchanged
// functions from the per-function cache) equals a build from scratch.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadCudaLanguage, parseText } from '../../server/src/parse/grammar';
import { buildModelFromText, buildProgramModel, type ProgramModel } from '../../server/src/model';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'model');
const programs = ['elementwise.cu', 'tiles.cu', 'reductions.cu', 'rows.cu', 'host_flow.cu'].map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));

/** Deterministic pseudo-random bytes (LCG) so a failure reproduces. */
function garbage(length: number, seed: number): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out += String.fromCharCode((s >>> 16) & 0xff);
  }
  return out;
}

/** A many-kernel file like the benchmark's: small kernels, each with a host function that launches it. */
function generated(lines: number): string {
  const out = ['#define BLOCK 256', 'const int N = 1 << 20;'];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `__global__ void k${i}(const float* __restrict__ a, float* b, int n) {`,
      '  __shared__ float s[BLOCK];',
      '  int t = blockIdx.x * blockDim.x + threadIdx.x;',
      '  if (t < n) s[threadIdx.x] = a[t] * 2.0f;',
      '  __syncthreads();',
      '  for (int j = t; j < n; j += blockDim.x * gridDim.x) b[j] += s[threadIdx.x] + a[j];',
      '}',
      `void host${i}(float* a, float* b) {`,
      '  dim3 block(BLOCK);',
      `  for (int s = 0; s < 10; ++s) k${i}<<<(N + BLOCK - 1) / BLOCK, block>>>(a, b, N);`,
      '  cudaDeviceSynchronize();',
      '}',
    );
  }
  return out.join('\n');
}

/** A model as plain JSON without the per-build parts (syntax nodes, file name). */
function plain(m: ProgramModel): unknown {
  return JSON.parse(JSON.stringify(m, (k, v) => (k === 'node' ? undefined : k === 'file' ? 'F' : v instanceof Map ? [...v] : v)));
}

let fileCounter = 0;
/** A fresh file name, so nothing is reused from an earlier build's cache. */
const freshName = (): string => `/robust/fresh-${fileCounter++}.cu`;

describe('model: robustness and cost', () => {
  before(() => loadCudaLanguage());

  it('builds an empty model from empty, blank and binary input', async () => {
    for (const text of ['', '   \n\t\n', garbage(4096, 1), garbage(20000, 7), '\u0000'.repeat(100)]) {
      const m = await buildModelFromText(text, freshName());
      assert.deepStrictEqual([m.kernels.length, m.launches.length], [0, 0]);
    }
  });

  it('never throws on half-typed programs (every prefix at a stride) and keeps the kernels it can see', async () => {
    for (const program of programs) {
      for (let cut = 0; cut < program.length; cut += 89) {
        const m = await buildModelFromText(program.slice(0, cut), freshName());
        assert.ok(Array.isArray(m.kernels));
      }
    }
    // A kernel whose body is cut off mid-statement is still a kernel.
    const m = await buildModelFromText('__global__ void k(float* a, int n) {\n  int i = threadIdx.x;\n  if (i < n) a[i', freshName());
    assert.deepStrictEqual(m.kernels.map((k) => k.name), ['k']);
  });

  it('survives macro-heavy code, unbalanced and deeply nested input', async () => {
    const inputs = [
      '#define K(name) __global__ void name(float* p) { p[0] = 0; }\nK(a) K(b)\n#define L(x) x<<<1, 1>>>(0)\nvoid f() { L(a); L(L(b)); }\n',
      `void f() { k<<<${'('.repeat(3000)}1${')'.repeat(3000)}, 32>>>(p); }`,
      `__global__ void k(float* a) { ${'if (threadIdx.x) {'.repeat(400)} __syncthreads(); ${'}'.repeat(400)} }`,
      `int x = ${'1 + '.repeat(5000)}1;`,
      '__global__ void k(float* a) { a[[[[[ = ]]]; for (;;) { while ( } } <<< >>> }}}}',
      '#define A A\n#define B(x) B(x)\nvoid f() { k<<<A, B(1)>>>(); }',
    ];
    for (const text of inputs) await buildModelFromText(text, freshName());
    const nested = await buildModelFromText(inputs[2], freshName());
    assert.strictEqual(nested.kernels.length, 1);
  });

  it('builds a 5 MB file', async function () {
    this.timeout(120000);
    let text = '';
    while (text.length < 5 * 1024 * 1024) text += programs.join('\n').replace(/\bmain\b/g, `main${text.length}`);
    const m = await buildModelFromText(text, freshName());
    assert.ok(m.kernels.length > 1000, `${m.kernels.length} kernels`);
  });

  it('builds the model of a 10,000-line file in a time proportional to parsing it', async () => {
    const text = generated(10000);
    const parses: number[] = [];
    const builds: number[] = [];
    let model: ProgramModel | undefined;
    for (let r = 0; r < 4; r++) {
      const t0 = performance.now();
      const tree = parseText(text);
      const t1 = performance.now();
      try {
        model = buildProgramModel(tree, text, freshName());
      } finally {
        tree.delete();
      }
      parses.push(t1 - t0);
      builds.push(performance.now() - t1);
    }
    assert.strictEqual(model?.kernels.length, model?.launches.length);
    assert.ok((model?.kernels.length ?? 0) > 800);
    // Wall-clock bounds fail on a busy machine; the parse of the same text is the yardstick. Walking the tree
    // once or a few times costs a small multiple of parsing it (about 2-3x measured on an idle machine);
    // anything quadratic in the file size blows far past the bound.
    const parse = Math.min(...parses);
    const build = Math.min(...builds);
    assert.ok(build < 8 * parse, `model ${build.toFixed(1)} ms vs parse ${parse.toFixed(1)} ms`);
  });

  it('rebuilds after an edit to the same result as a build from scratch, and faster', async () => {
    const file = '/robust/edited.cu';
    let text = generated(3000);
    const first = parseText(text);
    buildProgramModel(first, text, file);
    first.delete();
    // Insert two lines above most functions, change one launch, and shift one kernel's start column.
    text = text.replace('const int N = 1 << 20;', 'const int N = 1 << 20;\n// a comment\n');
    text = text.replace('k7<<<(N + BLOCK - 1) / BLOCK, block>>>', 'k7<<<(N + BLOCK - 1) / BLOCK, 128>>>');
    text = text.replace('__global__ void k9(', '  __global__ void k9(');
    const tree = parseText(text);
    try {
      const t0 = performance.now();
      const cached = buildProgramModel(tree, text, file);
      const cachedMs = performance.now() - t0;
      const t1 = performance.now();
      const scratch = buildProgramModel(tree, text, freshName());
      const scratchMs = performance.now() - t1;
      assert.deepStrictEqual(plain(cached), plain(scratch));
      assert.strictEqual(cached.launches[7].block.x, 128);
      assert.strictEqual(cached.kernels[20].range.start.line, scratch.kernels[20].range.start.line);
      assert.ok(cachedMs < scratchMs, `rebuild ${cachedMs.toFixed(1)} ms vs scratch ${scratchMs.toFixed(1)} ms`);
    } finally {
      tree.delete();
    }
  });
});
