// The ptxas bridge with the real nvcc (skipped where nvcc is not on the PATH): registers and spills per
// kernel, template and extern "C" names, caching per content, and clear errors.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { archOf, demangleBaseName, parsePtxasOutput, ptxasResources, registerSpills, registersByKernel, resourcesByKernel } from '../../server/src/cost/ptxas';
import { getGpu } from '../../server/src/cost/gpus';

function hasNvcc(): boolean {
  try {
    execFileSync('nvcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// 64 live accumulators under a 32-register cap (__launch_bounds__(1024, 2) on a 64K-register SM) must spill.
const SPILLING = `
__global__ void __launch_bounds__(1024, 2) heavy(const float* in, float* out) {
  float acc[64];
  #pragma unroll
  for (int j = 0; j < 64; ++j) acc[j] = in[threadIdx.x + j * 1024];
  #pragma unroll
  for (int r = 0; r < 8; ++r) {
    #pragma unroll
    for (int j = 0; j < 64; ++j) acc[j] = acc[j] * acc[(j + r + 1) & 63] + 1.0f;
  }
  float s = 0.0f;
  #pragma unroll
  for (int j = 0; j < 64; ++j) s += acc[j];
  out[blockIdx.x * 1024 + threadIdx.x] = s;
}
template <int B> __global__ void light(float* x) { x[threadIdx.x] += B; }
template __global__ void light<256>(float*);
extern "C" __global__ void plain(float* x) { x[0] = 1.0f; }
`;

describe('cost/ptxas', () => {
  it('demangles kernel base names', () => {
    assert.strictEqual(demangleBaseName('_Z5heavyPKfPf'), 'heavy');
    assert.strictEqual(demangleBaseName('_Z5lightILi256EEvPf'), 'light');
    assert.strictEqual(demangleBaseName('_ZN2ns6kernelEPf'), 'kernel');
    assert.strictEqual(demangleBaseName('plain'), 'plain');
  });

  it('parses a ptxas -v report', () => {
    const report = [
      "ptxas info    : Compiling entry function '_Z3fooPf' for 'sm_80'",
      'ptxas info    : Function properties for _Z3fooPf',
      '    16 bytes stack frame, 8 bytes spill stores, 12 bytes spill loads',
      'ptxas info    : Used 40 registers, 4096 bytes smem, 360 bytes cmem[0]',
    ].join('\n');
    assert.deepStrictEqual(parsePtxasOutput(report), [{
      name: 'foo', mangled: '_Z3fooPf', registers: 40, spillStoreBytes: 8, spillLoadBytes: 12, stackBytes: 16, sharedBytes: 4096,
    }]);
  });

  it('maps GPUs to their architecture', () => {
    assert.strictEqual(archOf(getGpu('h100-sxm')), 'sm_90');
    assert.strictEqual(archOf(getGpu('rtx4090')), 'sm_89');
  });

  describe('with the real nvcc', function () {
    before(function () {
      if (!hasNvcc()) this.skip();
    });

    it('reports registers and spills per kernel, and caches by content', async function () {
      this.timeout(120000);
      const gpu = getGpu('h100-sxm');
      const first = await ptxasResources('spill.cu', SPILLING, gpu);
      assert.strictEqual(first.error, undefined);
      assert.strictEqual(first.cached, false);
      const names = first.kernels.map((k) => k.name).sort();
      assert.deepStrictEqual(names, ['heavy', 'light', 'plain']);
      const heavy = first.kernels.find((k) => k.name === 'heavy')!;
      assert.ok(heavy.registers <= 32 && heavy.registers > 0, `${heavy.registers} registers`);
      const spills = registerSpills(first);
      assert.deepStrictEqual(spills.map((s) => s.kernelName), ['heavy']);
      assert.ok(spills[0].spillStoreBytes > 0);
      assert.ok(registersByKernel(first).get('light')! > 0);
      assert.ok(resourcesByKernel(first).get('heavy')!.spillLoadBytes > 0);
      const again = await ptxasResources('spill.cu', SPILLING, gpu);
      assert.strictEqual(again.cached, true);
    });

    it('returns the compiler error for broken code', async function () {
      this.timeout(120000);
      const res = await ptxasResources('broken.cu', '__global__ void k( { }', getGpu('h100-sxm'));
      assert.ok(res.error && /error/i.test(res.error), String(res.error));
      assert.deepStrictEqual(res.kernels, []);
    });
  });

  it('says when nvcc cannot be found', async () => {
    const res = await ptxasResources('x.cu', '__global__ void k() {}', getGpu('h100-sxm'), { nvccPath: 'no-such-nvcc-here' });
    assert.match(String(res.error), /not found/);
  });
});
