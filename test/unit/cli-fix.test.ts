// `cuda-lens fix` as a user runs it: `node dist/cli.js fix <file> --rule ID [-o out]` in a child process.
// Checks the fixed text on stdout and in -o, that other text is untouched, and exit 2 for unknown rule
// ids, unreadable files and missing arguments.
import { strict as assert } from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function fix(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'fix', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const KERNEL = `__global__ void add(const float* a, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  c[i] = a[i] + 1.0f;
}
void run(const float* a, float* c, int n) {
  add<<<(n + 255) / 256, 256>>>(a, c, n);
}
`;

describe('cuda-lens fix (CLI)', function () {
  this.timeout(120000);
  let tmp: string;
  before(() => {
    if (!fs.existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-cli-fix-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints the fixed file on stdout', async () => {
    const file = path.join(tmp, 'add.cu');
    fs.writeFileSync(file, KERNEL);
    const r = await fix([file, '--rule', 'missing-bounds-check']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, KERNEL.replace('threadIdx.x;\n', 'threadIdx.x;\n  if (i >= n) return;\n'));
    assert.match(r.stderr, /1 fix\(es\) applied/);
    assert.equal(fs.readFileSync(file, 'utf8'), KERNEL, 'the input is not modified');
  });

  it('writes the result to -o and applies each finding\'s fix once', async () => {
    const out = path.join(tmp, 'fixed.cu');
    const r = await fix([path.join(root, 'samples', 'unchecked-cuda-call.cu'), '--rule', 'unchecked-cuda-call', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const fixed = fs.readFileSync(out, 'utf8');
    assert.match(fixed, /CUDA_CHECK\(cudaMemcpy\(r, d, bytes, cudaMemcpyDeviceToHost\)\);/);
    assert.match(fixed, /CUDA_CHECK\(cudaFree\(d\)\);/);
    assert.equal(fixed.match(/CUDA_CHECK\(cudaGetLastError\(\)\);/g)?.length, 1);
  });

  it('leaves a file without findings unchanged', async () => {
    const r = await fix([path.join(root, 'samples', 'vector_add.cu'), '--rule', 'missing-bounds-check']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd(), fs.readFileSync(path.join(root, 'samples', 'vector_add.cu'), 'utf8').trimEnd());
  });

  it('exits 2 for an unknown rule, an unreadable file or a missing --rule', async () => {
    const unknown = await fix([path.join(root, 'samples', 'vector_add.cu'), '--rule', 'no-such-rule']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown rule "no-such-rule"/);
    const missing = await fix([path.join(tmp, 'missing.cu'), '--rule', 'missing-bounds-check']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
    const noRule = await fix([path.join(root, 'samples', 'vector_add.cu')]);
    assert.equal(noRule.code, 2);
  });
});
