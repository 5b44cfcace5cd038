// Rules re-run after every keystroke reuse findings of unchanged functions (rules/analysis/per-function.ts).
// These edits check that the reuse never serves stale findings: an edit inside a kernel, an edit of a launch
// in host code that a kernel's finding depends on, and lines inserted above a kernel (findings must move).
// After each edit the incremental findings must equal those of an analysis of the same text from scratch.
import { strict as assert } from 'assert';
import { loadCudaLanguage } from '../../server/src/parse/grammar';
import { DocumentTrees } from '../../server/src/parse/trees';
import { buildProgramModel, WorkspaceIndex } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { runRules } from '../../server/src/rules/run';
import type { Finding } from '../../server/src/rules/types';
import { filesWithFunctions } from '../../server/src/model';
import { filesWithFindings } from '../../server/src/rules/analysis/per-function';
import { Workspace } from '../../server/src/lsp/workspace';
import { SCALE_SHIFT } from '../fixtures/fusable-pair';

const SOURCE = `#define W 32
__global__ void transpose(float* out, const float* in) {
  __shared__ float tile[32][32];
  tile[threadIdx.y][threadIdx.x] = in[threadIdx.y * W + threadIdx.x];
  __syncthreads();
  out[threadIdx.y * W + threadIdx.x] = tile[threadIdx.x][threadIdx.y];
}

__global__ void col(float* a, int n) { a[threadIdx.x * n] = 0.0f; }

void run(float* a, float* b) {
  transpose<<<1, dim3(32, 32)>>>(a, b);
  col<<<64, dim3(1, 256)>>>(a, 100);
}
`;

/** Launch rules whose inputs sit outside the launching function: the launched kernel, a file-scope value
 *  the launch passes (launch-in-loop's estimate), the next launch's kernel (fusable-kernels), an opt-in call
 *  elsewhere in the file (launch-block-size). */
const LAUNCHES = `#define N 4096
int reps = 1;

__global__ void scale(const float* x, float* y, int n, int reps) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = 0.0f;
  for (int r = 0; r < reps; ++r) v += x[i + r * n];
  if (i < n) y[i] = v;
}

__global__ void shift(const float* y, float* z, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) z[i] = y[i] + 1.0f;
}

__global__ void big(float* a) {
  extern __shared__ float buf[];
  buf[threadIdx.x] = a[threadIdx.x];
  __syncthreads();
  a[threadIdx.x] = buf[threadIdx.x ^ 1];
}

void run(float* x, float* y, float* z) {
  for (int s = 0; s < 100; ++s) {
    scale<<<N / 256, 256>>>(x, y, N, reps);
    shift<<<N / 256, 256>>>(y, z, N);
  }
  big<<<1, 1000, 100000>>>(x);
}

int main() {
  float *x, *y, *z;
  run(x, y, z);
  return 0;
}
`;

/** `step` is called in a loop and defined after main; whether it launches changes under main's feet. */
const HELPERS = `__global__ void tiny(float* a) { a[threadIdx.x] = 0.0f; }

int main() {
  float* a;
  for (int i = 0; i < 100; ++i) step(a);
  return 0;
}

void step(float* a) {
  a = a;
}

void later(float* a) { tiny<<<1, 32>>>(a); }
`;

const VIA_MACRO = `#define RUN(p, n) do { tiny<<<1, 32>>>(p); run(p, n); } while (0)
__global__ void tiny(float* a) { a[threadIdx.x] = 0.0f; }

int main() {
  float* a;
  RUN(a, 2048);
  return 0;
}

void run(float* p, int n) {
  p = p;
}
`;

const BOUND = `__global__ void k(float* a, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] = 0.0f; }

int main() {
  float* a;
  const int n = 1 << 12;
  step(a, n);
  return 0;
}

void step(float* a, int n) {
  a = a;
}
`;

const OVERLOADS = `${SCALE_SHIFT}void run(float* x, float* y, float* z) {
  scale<<<4096, 256>>>(x, y, 1 << 20);
}
void peek(float* h, float* y) {
  h = h;
}
void run(float* x, float* y, float* z, int) {
  shift<<<4096, 256>>>(y, z, 1 << 20);
}
`;

const SAME_LINE = `__global__ void work(float* a, int n) {
  for (int j = 0; j < n; ++j) a[blockIdx.x * blockDim.x + threadIdx.x] += 1.0f;
}

void other() { int n = 1; }

void run(float* a) {
  for (int s = 0; s < 100; ++s) work<<<4, 32>>>(a, n);
} int n = 1;
`;

const gpu = getGpu('h100-sxm');
let fresh = 0;

/** Reads `#include "name"` targets from `headers` by file name (none by default). */
type Headers = Record<string, string>;
const readerOf = (headers: Headers) => (path: string) => headers[path.slice(path.lastIndexOf('/') + 1)];

/** Findings of `text` analysed from scratch, as JSON (what the language server sends): in a folder no cache
 *  has seen (headers included, so no model object is shared with the incremental runs), with the folder
 *  renamed back. */
function fromScratch(text: string, file: string, headers: Headers = {}): Finding[] {
  const trees = new DocumentTrees();
  const folder = file.slice(0, file.lastIndexOf('/'));
  const otherFolder = `/fresh-${fresh++}`;
  const other = `${otherFolder}${file.slice(folder.length)}`;
  const tree = trees.open(`file://${other}`, text, 1);
  const model = buildProgramModel(tree, text, other, { index: new WorkspaceIndex(), readFile: readerOf(headers) });
  const findings = runRules({ model, text, gpu });
  trees.dispose();
  return JSON.parse(JSON.stringify(findings).split(`${otherFolder}/`).join(`${folder}/`));
}

/** A document edited as the language server edits it, analysed after every edit and checked each time
 *  against an analysis of the same text from scratch. */
class EditedDocument {
  private readonly trees = new DocumentTrees();
  private readonly index = new WorkspaceIndex();
  private readonly uri: string;
  private version = 2;

  /** `liveTree`: the rules get the document's tree, as in the language server (else they parse on demand). */
  constructor(private readonly file: string, source: string, private readonly liveTree: boolean, private readonly headers: Headers = {}) {
    this.uri = `file://${file}`;
    this.trees.open(this.uri, source, 1);
  }

  text = (): string => this.trees.get(this.uri)!.text;

  analyse = (): Finding[] => {
    const { tree, text } = this.trees.get(this.uri)!;
    const model = buildProgramModel(tree, text, this.file, { index: this.index, readFile: readerOf(this.headers) });
    const findings = runRules({ model, text, gpu, ...(this.liveTree ? { tree } : {}) });
    assert.deepEqual(JSON.parse(JSON.stringify(findings)), fromScratch(text, this.file, this.headers));
    return findings;
  };

  /** Replaces the first occurrence of `from` (on one line) and analyses. */
  replace = (from: string, to: string): Finding[] => {
    const line = this.text().split('\n').findIndex((l) => l.includes(from));
    const character = this.text().split('\n')[line].indexOf(from);
    return this.edit(line, character, character + from.length, to);
  };

  edit = (line: number, from: number, to: number, text: string): Finding[] => {
    this.trees.change(this.uri, [{ range: { start: { line, character: from }, end: { line, character: to } }, text }], this.version++);
    return this.analyse();
  };

  dispose(): void {
    this.trees.dispose();
  }
}

describe('incremental rule runs', () => {
  before(async () => { await loadCudaLanguage(); });

  it('re-reports exactly what a fresh analysis reports after edits inside and outside a kernel', () => {
    const doc = new EditedDocument('/incremental/doc.cu', SOURCE, false);
    const { analyse, edit } = doc;
    const of = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);
    const lineOf = (text: string) => doc.text().split('\n').findIndex((l) => l.includes(text));

    const first = analyse();
    assert.equal(of(first, 'shared-bank-conflict').length, 1, 'the column read of a [32][32] tile conflicts');
    assert.equal(of(first, 'uncoalesced-global-access').length, 0, 'blockDim.x == 1: one lane per warp along x');
    analyse(); // the same text again: everything from the memo

    // Inside the kernel: pad the tile, the conflict goes; unpad it, the conflict comes back.
    const decl = lineOf('__shared__ float tile');
    const padded = doc.text().split('\n')[decl].lastIndexOf('32'); // the inner dimension
    assert.equal(of(edit(decl, padded, padded + 2, '33'), 'shared-bank-conflict').length, 0);
    assert.equal(of(edit(decl, padded, padded + 2, '32'), 'shared-bank-conflict').length, 1);

    // Outside the kernel: `col` keeps its text, but its launch now runs 256 threads along x.
    const launch = lineOf('col<<<');
    const dims = doc.text().split('\n')[launch].indexOf('dim3(1, 256)');
    const wide = edit(launch, dims, dims + 'dim3(1, 256)'.length, 'dim3(256, 1)');
    assert.equal(of(wide, 'uncoalesced-global-access').length, 1, 'the strided store is now reported');
    const narrow = edit(launch, dims, dims + 'dim3(256, 1)'.length, 'dim3(1, 256)');
    assert.equal(of(narrow, 'uncoalesced-global-access').length, 0);

    // Lines inserted above every function: the reused findings move with their kernels.
    const before = of(analyse(), 'shared-bank-conflict')[0].range.start.line;
    const moved = edit(0, 0, 0, '// header\n\n');
    assert.equal(of(moved, 'shared-bank-conflict')[0].range.start.line, before + 2);
    doc.dispose();
  });

  it('re-reports what a fresh analysis reports after edits that launch rules read through other functions', () => {
    const doc = new EditedDocument('/incremental/launches.cu', LAUNCHES, true);
    const { analyse, replace } = doc;
    const count = (findings: Finding[], rule: string, kernel: string) =>
      findings.filter((f) => f.ruleId === rule && f.message.includes(`\`${kernel}\``)).length;

    const first = analyse();
    assert.equal(count(first, 'launch-in-loop', 'scale'), 1, 'a 16-block kernel launched 100 times');
    assert.equal(count(first, 'fusable-kernels', 'shift'), 1, 'shift reads what scale wrote, element by element');
    const blockSize = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'launch-block-size').length;
    assert.equal(blockSize(first), 2, "big's 1000-thread block and its 100 KB of shared memory without opt-in");
    analyse(); // the same text again: everything from the memos

    // More work per launch, in the kernel and through the file-scope `reps` its launch passes.
    assert.equal(count(replace('r < reps;', 'r < reps * 100000;'), 'launch-in-loop', 'scale'), 0);
    assert.equal(count(replace('r < reps * 100000;', 'r < reps;'), 'launch-in-loop', 'scale'), 1);
    assert.equal(count(replace('int reps = 1;', 'int reps = 100000;'), 'launch-in-loop', 'scale'), 0);
    assert.equal(count(replace('int reps = 100000;', 'int reps = 1;'), 'launch-in-loop', 'scale'), 1);
    // The consumer no longer reads element i: the pair cannot be fused.
    assert.equal(count(replace('z[i] = y[i] + 1.0f', 'z[i] = y[i + 1] + 1.0f'), 'fusable-kernels', 'shift'), 0);
    assert.equal(count(replace('z[i] = y[i + 1] + 1.0f', 'z[i] = y[i] + 1.0f'), 'fusable-kernels', 'shift'), 1);
    // Raising the shared-memory limit anywhere in the file answers the opt-in finding of big's launch.
    const optIn = replace('  float *x, *y, *z;', '  float *x, *y, *z;\n  cudaFuncSetAttribute(big, cudaFuncAttributeMaxDynamicSharedMemorySize, 100000);');
    assert.equal(blockSize(optIn), 1);
    doc.dispose();
  });

  it('re-walks callers when a function starts or stops launching, or shares a launcher\'s name', () => {
    const ruleOf = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);
    const doc = new EditedDocument('/incremental/helpers.cu', HELPERS, true);
    assert.equal(ruleOf(doc.analyse(), 'launch-in-loop').length, 0);
    // main keeps its text, but `step` now launches: the loop in main repeats the launch.
    assert.equal(ruleOf(doc.replace('  a = a;', '  tiny<<<1, 32>>>(a);'), 'launch-in-loop').length, 1);
    // A second `step` (an overload) makes the name ambiguous: no longer followed as a launcher.
    assert.equal(ruleOf(doc.replace('void later(float* a) {', 'void step (int   a) {'), 'launch-in-loop').length, 0);
    assert.equal(ruleOf(doc.replace('void step (int   a) {', 'void later(float* a) {'), 'launch-in-loop').length, 1);
    assert.equal(ruleOf(doc.replace('  tiny<<<1, 32>>>(a);', '  a = a;'), 'launch-in-loop').length, 0);
    doc.dispose();

    // main reaches `run` only through a macro: main's text does not change when run starts launching.
    const viaMacro = new EditedDocument('/incremental/macro.cu', VIA_MACRO, true);
    assert.equal(ruleOf(viaMacro.analyse(), 'launch-block-size').length, 0);
    assert.equal(ruleOf(viaMacro.replace('  p = p;', '  tiny<<<1, n>>>(p);'), 'launch-block-size').length, 1, 'run is bound to n = 2048');
    assert.equal(ruleOf(viaMacro.replace('  tiny<<<1, n>>>(p);', '  p = p;'), 'launch-block-size').length, 0);
    viaMacro.dispose();

    // The constant main passes binds the parameter of a function once it launches.
    const bound = new EditedDocument('/incremental/bound.cu', BOUND, true);
    assert.equal(ruleOf(bound.analyse(), 'launch-grid-too-small').length, 0);
    assert.equal(ruleOf(bound.replace('  a = a;', '  k<<<n / 256, 256>>>(a, n);'), 'launch-grid-too-small').length, 1);
    bound.dispose();
  });

  it('reports no header launch from the includer, and keeps findings of overloaded launchers true to the text', () => {
    // A header's launches belong to the header's own analysis: none is reported from here, before or after
    // an edit on the lines where its positions fall in this file.
    const header = '__global__ void tiny(float* a) { a[threadIdx.x] = 0.0f; }\nvoid loop(float* a) {\n' +
      '  for (int s = 0; s < 100; ++s) {\n    tiny<<<1, 32>>>(a);\n  }\n}\n';
    const main = '#include "loop.cuh"\nint main() {\n  float* a;\n  loop(a);                      if (!a) return 1;\n  a = 0;\n}\n';
    const doc = new EditedDocument('/incremental/main.cu', main, true, { 'loop.cuh': header });
    const inHeader = (findings: Finding[]) => findings.filter((f) => f.file.endsWith('loop.cuh')).length;
    assert.equal(inHeader(doc.analyse()), 0);
    assert.equal(inHeader(doc.replace('if (!a) return 1;', 'if (!a) a = a+1;')), 0);
    doc.dispose();

    // Two overloads of `run` around a function that copies the intermediate out: never one fusion.
    const fusion = new EditedDocument('/incremental/overloads.cu', OVERLOADS, true);
    assert.equal(fusion.analyse().filter((f) => f.ruleId === 'fusable-kernels').length, 0);
    fusion.replace('  h = h;', '  cudaMemcpy(h, y, 4, cudaMemcpyDeviceToHost);');
    fusion.dispose();

    // A host local on the launching function's last line, after its closing brace, is file scope.
    const local = new EditedDocument('/incremental/same-line.cu', SAME_LINE, true);
    local.analyse();
    local.replace('} int n = 1;', '} int n = 100000000;');
    local.dispose();
  });

  it('drops the memos of a document when it is closed, and rebuilds them when it is reopened', () => {
    const workspace = new Workspace(() => undefined);
    const uri = 'file:///closing/transpose.cu';
    workspace.open(uri, SOURCE, 1);
    const findings = workspace.analysis(uri)!.findings;
    assert.ok(findings.length > 0);
    assert.ok(filesWithFunctions().includes('/closing/transpose.cu'));
    assert.ok(filesWithFindings().includes('/closing/transpose.cu'));
    workspace.close(uri);
    assert.ok(!filesWithFunctions().includes('/closing/transpose.cu'));
    assert.ok(!filesWithFindings().includes('/closing/transpose.cu'));
    workspace.open(uri, SOURCE, 1);
    assert.deepEqual(workspace.analysis(uri)!.findings, findings);
    workspace.close(uri);
  });
});
