// `cuda-lens check` with followed headers: a header's launches are the header's to report (checked from the
// includer they were once reported twice in a folder check, the second time at positions read in the wrong
// text), while what only the includer shows about a header kernel (its launch rounds the grid up) is still
// reported into the header; and a header's launch does not split a pair of the includer's launches.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SCALE_SHIFT } from '../fixtures/fusable-pair';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

const HEADER = `__global__ void tiny(float* a) { a[threadIdx.x] = 0.0f; }
void loop(float* a) {
  for (int s = 0; s < 100; ++s) {
    tiny<<<1, 32>>>(a);
  }
}
`;
const MAIN = `#include "loop.cuh"
int main() {
  float* a;
  loop(a);
  a = 0;
}
`;

/** One finding of `--format json` (1-based line and column). */
interface JsonFinding { ruleId: string; file: string; line: number; column: number }

function check(target: string): JsonFinding[] {
  // Exit 1 means "findings": execFileSync throws, with the output on the error.
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'check', target, '--format', 'json'], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  return JSON.parse(out) as JsonFinding[];
}

/** A header kernel without a bounds check, launched by the includer with a rounded-up grid. */
const KERNEL_HEADER = `__global__ void scale(float* a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  a[i] = 2.0f * a[i];
}
`;
const KERNEL_MAIN = `#include "scale.cuh"
int main() {
  float* a;
  const int n = 1000;
  scale<<<(n + 255) / 256, 256>>>(a, n);
  return 0;
}
`;

/** A header launch at line 11, column 11: between the includer's two launches at lines 11 and 12. */
const SPLITTER = `__global__ void tiny(float* a) { a[threadIdx.x] = 0.0f; }
void helper(float* a) {${'\n'.repeat(9)}          tiny<<<1, 32>>>(a);
}
`;
const PAIR = `#include "helper.cuh"
${SCALE_SHIFT}void run(float* x, float* y, float* z) {
  scale<<<4096, 256>>>(x, y, 1 << 20);
  shift<<<4096, 256>>>(y, z, 1 << 20);
}
`;

describe('cuda-lens check with a followed header', function () {
  this.timeout(60000);
  let tmp: string;
  const write = (dir: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(tmp, dir));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(tmp, dir, name), text);
    return path.join(tmp, dir);
  };
  before(() => {
    if (!fs.existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-headers-'));
    write('launches', { 'loop.cuh': HEADER, 'main.cu': MAIN });
    write('kernel', { 'scale.cuh': KERNEL_HEADER, 'main.cu': KERNEL_MAIN });
    write('pair', { 'helper.cuh': SPLITTER, 'main.cu': PAIR });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('does not report the header\'s launches when only the includer is checked', () => {
    assert.deepEqual(check(path.join(tmp, 'launches', 'main.cu')).filter((f) => f.file.endsWith('loop.cuh')), []);
  });

  it('reports each of the header\'s findings once, where the header alone puts them', () => {
    const key = (f: JsonFinding) => `${f.ruleId}@${f.line}:${f.column}`;
    const alone = check(path.join(tmp, 'launches', 'loop.cuh')).map(key).sort();
    assert.ok(alone.includes('launch-in-loop@4:5'), 'the launch in the header loop');
    const folder = check(path.join(tmp, 'launches')).filter((f) => f.file.endsWith('loop.cuh')).map(key).sort();
    assert.deepEqual(folder, alone);
  });

  it('reports into a header what only the includer shows: its launch rounds the grid up', () => {
    const found = check(path.join(tmp, 'kernel', 'main.cu')).filter((f) => f.ruleId === 'missing-bounds-check');
    assert.deepEqual(found.map((f) => `${path.basename(f.file)}:${f.line}`), ['scale.cuh:3']);
    assert.deepEqual(check(path.join(tmp, 'kernel', 'scale.cuh')).filter((f) => f.ruleId === 'missing-bounds-check'), []);
  });

  it('keeps a pair of the includer\'s launches that a header launch\'s position falls between', () => {
    const found = check(path.join(tmp, 'pair', 'main.cu')).filter((f) => f.ruleId === 'fusable-kernels');
    assert.deepEqual(found.map((f) => `${path.basename(f.file)}:${f.line}`), ['main.cu:12']);
  });
});
