// Table for register-spill: it reads ptxas resource usage from the rule context, so the cases pass a
// resources map directly: spills reported at the kernel name, silence without spills or without ptxas.
import { strict as assert } from 'assert';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { findRule } from '../../server/src/rules';
import type { KernelResources } from '../../server/src/rules/types';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ptxasResources } from '../../server/src/cost/ptxas';
import { checkRule } from './harness';

const CODE = `__global__ void __launch_bounds__(256, 4) heavy(float* x) {
  float acc[64];
  for (int j = 0; j < 64; ++j) acc[j] = x[j * blockDim.x + threadIdx.x];
  float s = 0.0f;
  for (int j = 0; j < 64; ++j) s += acc[(j * 7) & 63];
  x[threadIdx.x] = s;
}
__global__ void light(float* x) { x[threadIdx.x] += 1.0f; }
`;

async function run(resources?: Map<string, KernelResources>) {
  const model = await buildModelFromText(CODE, '/virtual/spill.cu');
  return findRule('register-spill')!.check({ model, text: CODE, gpu: getGpu('h100-sxm'), resources });
}

describe('register-spill', () => {
  it('is silent when ptxas did not run (no resources)', async () => {
    await checkRule('register-spill', CODE);
    assert.deepEqual(await run(), []);
  });

  it('reports spill stores and loads at the kernel name, mentioning __launch_bounds__', async () => {
    const findings = await run(new Map([
      ['heavy', { registers: 64, spillStoreBytes: 96, spillLoadBytes: 128 }],
      ['light', { registers: 8, spillStoreBytes: 0, spillLoadBytes: 0 }],
    ]));
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.deepEqual([f.range.start.line, f.range.start.character, f.range.end.character], [0, 42, 47]);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /96 bytes of spill stores and 128 bytes of spill loads/);
    assert.match(f.message, /__launch_bounds__\(256, 4\)/);
  });

  it('reports the spills ptxas finds in samples/register-spill.cu (needs nvcc)', async function () {
    this.timeout(120000);
    const file = path.join(__dirname, '..', '..', 'samples', 'register-spill.cu');
    const text = fs.readFileSync(file, 'utf8');
    const gpu = getGpu('h100-sxm');
    const ptxas = await ptxasResources(file, text, gpu);
    if (ptxas.error && ptxas.kernels.length === 0) this.skip();
    const resources = new Map(ptxas.kernels.map((k) => [k.name, k]));
    const model = await buildModelFromText(text, file);
    const findings = findRule('register-spill')!.check({ model, text, gpu, resources });
    assert.deepEqual(findings.map((f) => f.range.start.line), [6], findings.map((f) => f.message).join('\n'));
  });

  it('reports through `cuda-lens check --ptxas` and stays silent without it (needs nvcc)', async function () {
    this.timeout(120000);
    const root = path.join(__dirname, '..', '..');
    const cli = path.join(root, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) this.skip();
    const sample = path.join(root, 'samples', 'register-spill.cu');
    const ids = (extra: string[]) => (JSON.parse(execFileSync(process.execPath, [cli, 'check', sample, '--format', 'json', ...extra],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { ruleId: string; line: number }[])
      .filter((f) => f.ruleId === 'register-spill').map((f) => f.line);
    assert.deepEqual(ids([]), []);
    const withPtxas = ids(['--ptxas']);
    if (withPtxas.length === 0 && !(await ptxasResources(sample, fs.readFileSync(sample, 'utf8'), getGpu('h100-sxm'))).kernels.length) this.skip();
    assert.deepEqual(withPtxas, [7]);
  });
});
