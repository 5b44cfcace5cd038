// Caret table for scalar-loads: four (or two) consecutive scalar reads per thread, written out or as a
// short loop, fire; unit-stride reads, unaligned bases, writes and stencils stay silent.
import { checkRule } from './harness';

describe('scalar-loads', () => {
  it('fires on four consecutive float reads per thread, at the first one', async () => {
    await checkRule('scalar-loads', `
__global__ void sum4(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3];
                  //^^^^^^^^ scalar-loads: one 16-byte \`float4\` load
}`);
  });

  it('fires on a short constant loop over consecutive ints', async () => {
    await checkRule('scalar-loads', `
__global__ void sum4(const int* x, int* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int s = 0;
  for (int j = 0; j < 4; ++j) s += x[i * 4 + j];
                                 //^^^^^^^^^^^^ scalar-loads: \`int4\`
  y[i] = s;
}`);
  });

  it('fires through a per-thread pointer into the array', async () => {
    await checkRule('scalar-loads', `
__global__ void viaptr(const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  const float* p = x + 4 * i;
  y[i] = p[0] + p[1] + p[2] + p[3];
       //^^^^ scalar-loads: of \`x\`
}`);
  });

  it('fires with float2 on pairs (complex numbers stored interleaved)', async () => {
    await checkRule('scalar-loads', `
__global__ void mag(const float* z, float* m) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float re = z[2 * i];
           //^^^^^^^^ scalar-loads: \`float2\`
  float im = z[2 * i + 1];
  m[i] = re * re + im * im;
}`);
  });

  it('stays silent on unit-stride stencils, unaligned bases, writes and doubles', async () => {
    await checkRule('scalar-loads', `
__global__ void stencil(const float* x, float* y, const double* d, int cols, int row) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  y[i] = x[i - 1] + x[i] + x[i + 1];
  float a = x[row * cols + 4 * threadIdx.x] + x[row * cols + 4 * threadIdx.x + 1] + x[row * cols + 4 * threadIdx.x + 2] + x[row * cols + 4 * threadIdx.x + 3];
  y[4 * i] = a; y[4 * i + 1] = a; y[4 * i + 2] = a; y[4 * i + 3] = a;
  y[i] += (float)(d[2 * i] + d[2 * i + 1]);
}`);
  });

  it('stays silent when the reads are not a complete aligned run', async () => {
    await checkRule('scalar-loads', `
__global__ void gaps(const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  y[i] = x[4 * i + 1] + x[4 * i + 3] + x[2 * i + 1] + x[2 * i + 2];
}`);
  });
});
