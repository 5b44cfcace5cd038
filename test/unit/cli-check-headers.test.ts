// `cuda-lens check` on a file that includes a header with a launch in it: findings point into the file being
// checked, so the header's findings come once, from checking the header itself, at the header's positions
// (the includer's pass once re-reported them, read against its own text, with wrong columns).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

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

describe('cuda-lens check with a followed header', function () {
  this.timeout(60000);
  let tmp: string;
  before(() => {
    if (!fs.existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-headers-'));
    fs.writeFileSync(path.join(tmp, 'loop.cuh'), HEADER);
    fs.writeFileSync(path.join(tmp, 'main.cu'), MAIN);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reports nothing in the header when only the includer is checked', () => {
    assert.deepEqual(check(path.join(tmp, 'main.cu')).filter((f) => f.file.endsWith('loop.cuh')), []);
  });

  it('reports each of the header\'s findings once, where the header alone puts them', () => {
    const key = (f: JsonFinding) => `${f.ruleId}@${f.line}:${f.column}`;
    const alone = check(path.join(tmp, 'loop.cuh')).map(key).sort();
    assert.ok(alone.includes('launch-in-loop@4:5'), 'the launch in the header loop');
    const folder = check(tmp).filter((f) => f.file.endsWith('loop.cuh')).map(key).sort();
    assert.deepEqual(folder, alone);
  });
});
