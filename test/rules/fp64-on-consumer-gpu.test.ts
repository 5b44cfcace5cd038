// Caret table for fp64-on-consumer-gpu: on GPUs with FP64 at 1/32 of FP32 or slower, double literals that
// promote float arithmetic and double data in kernels fire; literals folded at compile time, suffixed
// literals, host code and fast-FP64 GPUs stay silent. The fix adds the `f` suffix.
import { strict as assert } from 'assert';
import { checkFix, checkRule, findingsOf } from './harness';

const KERNEL = `
__global__ void k(float* a) {
  float x = a[threadIdx.x];
  a[threadIdx.x] = x * 0.5;
}`;

describe('fp64-on-consumer-gpu', () => {
  it('fires on double literals that promote float arithmetic, with the GPU rates', async () => {
    const [f] = await checkRule('fp64-on-consumer-gpu', `
__device__ float helper(float x) { return x * 0.5 + 1.0f; }
                                            //^^^ fp64-on-consumer-gpu: 1/64 of its 82.6 TFLOP/s FP32
__global__ void k(float* a) {
  float x = a[threadIdx.x];
  float y = 0.0f;
  y *= 2.5;
     //^^^ fp64-on-consumer-gpu: \`y *= 2.5\` is computed in double
  if (x > 1e-3) y = pow(x, 2.0);
        //^^^^ fp64-on-consumer-gpu
                         //^^^ fp64-on-consumer-gpu: double overload
  a[threadIdx.x] = y + (-0.25 * x);
                      //^^^^^ fp64-on-consumer-gpu
}`, 'rtx4090');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /1\.29 TFLOP\/s FP64 on RTX 4090/);
  });

  it('fires once per function on double data, counting the uses', async () => {
    await checkRule('fp64-on-consumer-gpu', `
__global__ void dsum(const double* d, float* out) {
                   //^^^^^^^^^^^^^^^ fp64-on-consumer-gpu: 3 uses of \`double\`
  double acc = 0.0;
  acc += d[threadIdx.x] * 0.5;
  out[threadIdx.x] = (float)(acc / (double)blockDim.x);
}`, 't4');
  });

  it('stays silent on literals converted at compile time, suffixed literals and host code', async () => {
    await checkRule('fp64-on-consumer-gpu', `
__global__ void k(float* a) {
  float y = 1.0;
  const float third = 1.0 / 3.0;
  y = 0.5;
  a[threadIdx.x] = fmaxf(a[threadIdx.x], 0.0) * third + y * 2.0f + 1e-5f;
}
__global__ void debug(const float* a, char* bytes) {
  printf("a = %f\\n", (double)a[threadIdx.x]);
  bytes[threadIdx.x] = sizeof(double);
}
int main() { double s = 0.0; s = s * 0.5; return (int)s; }`, 'rtx4090');
  });

  it('on GPUs with fast FP64 (H100, A100) reports literals as info and leaves double data alone', async () => {
    const [h100] = await findingsOf('fp64-on-consumer-gpu', KERNEL, 'h100-sxm');
    assert.equal(h100.severity, 'info');
    assert.match(h100.message, /conversions/);
    assert.equal((await findingsOf('fp64-on-consumer-gpu', KERNEL, 'a100-sxm-80gb'))[0]?.severity, 'info');
    assert.equal((await findingsOf('fp64-on-consumer-gpu', KERNEL, 'l4'))[0]?.severity, 'warning');
    const data = '__global__ void d(double* x) { x[threadIdx.x] = x[threadIdx.x] * x[threadIdx.x]; }';
    assert.equal((await findingsOf('fp64-on-consumer-gpu', data, 'h100-sxm')).length, 0);
    assert.equal((await findingsOf('fp64-on-consumer-gpu', data, 'rtx4090')).length, 1);
  });

  it('fix: appends f to the literal', async () => {
    await checkFix('fp64-on-consumer-gpu', KERNEL, KERNEL.replace('0.5', '0.5f'), 'rtx4090');
  });
});
