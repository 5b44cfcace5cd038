// `cuda-lens estimate` in process: the GEMM flag's one-element JSON array, a file's launches and GEMM
// calls with their parts, and usage errors for bad flags or unreadable files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../server/src/cli/estimate';
import { UsageError } from '../../server/src/cli/io';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('cli estimate', () => {
  it('prints one GEMM as a one-element JSON array with seconds', async () => {
    const c = capture();
    assert.strictEqual(await run(['--gemm', '4096,4096,4096', '--dtype', 'bf16', '--gpu', 'h100-sxm', '--format', 'json'], c.io), 0);
    const parsed = JSON.parse(c.out.join('\n'));
    assert.ok(Array.isArray(parsed) && parsed.length === 1);
    assert.strictEqual(parsed[0].dtype, 'bf16');
    // 2*4096^3 FLOP at 600-900 TFLOP/s.
    assert.ok(parsed[0].seconds > 1.5e-4 && parsed[0].seconds < 2.3e-4, String(parsed[0].seconds));
  });

  it('takes a batch and differs by GPU', async () => {
    const a = capture();
    const b = capture();
    await run(['--gemm', '1024,1024,1024,8', '--dtype', 'fp16', '--gpu', 'h100-sxm', '--format', 'json'], a.io);
    await run(['--gemm', '1024,1024,1024,8', '--dtype', 'fp16', '--gpu', 't4', '--format', 'json'], b.io);
    const [ha] = JSON.parse(a.out.join(''));
    const [tb] = JSON.parse(b.out.join(''));
    assert.strictEqual(ha.batch, 8);
    assert.ok(tb.seconds > 5 * ha.seconds);
  });

  it('rejects bad usage', async () => {
    const c = capture();
    await assert.rejects(run(['--gemm', '10,20', '--dtype', 'bf16'], c.io), UsageError);
    await assert.rejects(run(['--gemm', '10,20,30', '--dtype', 'int4'], c.io), UsageError);
    await assert.rejects(run(['--gemm', '10,20,30', '--gpu', 'nope'], c.io), UsageError);
    await assert.rejects(run([], c.io), UsageError);
    await assert.rejects(run([path.join(os.tmpdir(), 'does-not-exist-cuda-lens.cu')], c.io), UsageError);
  });

  it('lists every launch and GEMM call of a file with its parts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-est-'));
    const file = path.join(dir, 'k.cu');
    fs.writeFileSync(file, [
      '__global__ void scale(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= 2.0f; }',
      'int main() {',
      '  const int n = 1 << 20; float* x;',
      '  for (int r = 0; r < 10; ++r) scale<<<n / 256, 256>>>(x, n);',
      '  cublasHgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 2048, 2048, 2048, &al, a, 2048, b, 2048, &be, c, 2048);',
      '}',
    ].join('\n'));
    try {
      const c = capture();
      assert.strictEqual(await run([file, '--format', 'json'], c.io), 0);
      const entries = JSON.parse(c.out.join('\n'));
      const launch = entries.find((e: { kind: string }) => e.kind === 'launch');
      assert.strictEqual(launch.name, 'scale');
      assert.strictEqual(launch.line, 4);
      assert.deepStrictEqual(launch.grid, [4096, 1, 1]);
      assert.deepStrictEqual(launch.block, [256, 1, 1]);
      assert.strictEqual(launch.launchesPerRun, 10);
      for (const key of ['seconds', 'bound', 'launchOverheadSeconds', 'occupancy', 'assumptions']) assert.ok(key in launch, key);
      const gemm = entries.find((e: { kind: string }) => e.kind === 'gemm');
      assert.ok(gemm, 'the cublasHgemm call is listed');
      assert.strictEqual(gemm.line, 5);
      const t = capture();
      await run([file, '--gpu', 'a100-sxm-80gb'], t.io);
      assert.match(t.out.join('\n'), /line 4: scale<<<\(4096,1,1\), \(256,1,1\)>>>/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
