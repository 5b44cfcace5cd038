// `cuda-lens transpile`: writes buildable output and its support files beside -o, reports diagnostics,
// rejects bad usage; --profile makes the program report per-kernel CPU time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../server/src/cli/transpile';
import { UsageError } from '../../server/src/cli/io';
import { exec } from './build-helpers';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => { out.push(t); }, err: (t: string) => { err.push(t); } }, out, err };
}

describe('cuda-lens transpile (CLI)', function () {
  this.timeout(300000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-cli-'));
  const cu = path.join(dir, 'src', 'scale.cu');
  fs.mkdirSync(path.dirname(cu), { recursive: true });
  fs.writeFileSync(cu, `#include <cstdio>
#include <cuda_runtime.h>
#include <cooperative_groups/reduce.h>
__global__ void scale(float* x, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= s;
}
int main() {
  const int n = 1000;
  float* x;
  cudaMallocManaged(&x, n * sizeof(float));
  for (int i = 0; i < n; ++i) x[i] = i;
  scale<<<(n + 127) / 128, 128>>>(x, 2.0f, n);
  cudaDeviceSynchronize();
  int bad = 0;
  for (int i = 0; i < n; ++i) bad += x[i] != 2.0f * i;
  std::printf("scale: %s\\n", bad ? "FAIL" : "PASS");
  return bad != 0;
}
`);

  it('writes out.cpp, the runtime header and stand-ins that build with the contract command', async () => {
    const out = path.join(dir, 'out', 'scale.cpp');
    const { io, err } = captureIo();
    assert.strictEqual(await run([cu, '-o', out, '--profile'], io), 0, err.join('\n'));
    for (const f of ['scale.cpp', 'cuda_lens_runtime.h', 'cuda_runtime.h', 'cooperative_groups/reduce.h', 'cuda_fp16.h']) {
      assert.ok(fs.existsSync(path.join(dir, 'out', f)), f);
    }
    const exe = path.join(dir, 'out', 'scale');
    const cc = await exec('g++', ['-std=c++17', '-O2', '-fopenmp', '-I', path.dirname(cu), '-I', path.dirname(out), out, '-o', exe]);
    assert.strictEqual(cc.code, 0, cc.stderr);
    const r = await exec(exe, []);
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /scale: PASS/);
    assert.match(r.stderr, /\[cuda-lens profile\] scale: 1 launches, [\d.]+ ms CPU time/);
  });

  it('exits 1 and prints diagnostics with their ids when something cannot be translated', async () => {
    const bad = path.join(dir, 'bad.cu');
    fs.writeFileSync(bad, '__global__ void k(int m) { switch (m) { case 0: __syncthreads(); } }\n');
    const { io, err } = captureIo();
    assert.strictEqual(await run([bad, '-o', path.join(dir, 'bad', 'bad.cpp')], io), 1);
    assert.match(err.join('\n'), /bad\.cu:1:\d+: error \[barrier-in-switch\]/);
  });

  it('rejects a missing -o and unreadable input as usage errors', async () => {
    const { io } = captureIo();
    await assert.rejects(run([cu], io), UsageError);
    await assert.rejects(run([path.join(dir, 'missing.cu'), '-o', path.join(dir, 'x.cpp')], io), UsageError);
  });
});
