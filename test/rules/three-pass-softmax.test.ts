// Caret table for three-pass-softmax: block-per-row and thread-per-row softmax with separate max, sum of
// exponentials and normalise loops fire; online (two-pass) softmax, layer norm and a lone max stay silent.
import { strict as assert } from 'assert';
import { checkRule } from './harness';

describe('three-pass-softmax', () => {
  it('fires on a block-per-row softmax, at the max pass, relating the other two', async () => {
    const [f] = await checkRule('three-pass-softmax', `
__global__ void softmax(const float* x, float* y, int cols) {
  extern __shared__ float buf[];
  const float* xr = x + blockIdx.x * cols;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) m = fmaxf(m, xr[c]);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ three-pass-softmax: 3 passes
  buf[threadIdx.x] = m;
  __syncthreads();
  float rowmax = buf[0];
  float sum = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) sum += expf(xr[c] - rowmax);
  for (int c = threadIdx.x; c < cols; c += blockDim.x) y[blockIdx.x * cols + c] = expf(xr[c] - rowmax) / sum;
}`);
    assert.equal(f.related?.length, 2);
    assert.match(f.message, /line 6.*line 11.*line 12/);
    assert.match(f.message, /4 row-sized memory transfers.*instead of 4, 25% less/);
  });

  it('fires on a thread-per-row softmax that writes exponentials then rescales them', async () => {
    await checkRule('three-pass-softmax', `
__global__ void softmax_rows(const float* x, float* y, int rows, int cols) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  float m = x[r * cols];
  for (int c = 1; c < cols; ++c) if (x[r * cols + c] > m) m = x[r * cols + c];
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ three-pass-softmax
  float s = 0.0f;
  for (int c = 0; c < cols; ++c) { float e = __expf(x[r * cols + c] - m); y[r * cols + c] = e; s += e; }
  for (int c = 0; c < cols; ++c) y[r * cols + c] /= s;
}`);
  });

  it('fires on four passes: exponentials written, then summed, then normalised (block per row)', async () => {
    const [f] = await checkRule('three-pass-softmax', `
__global__ void softmax4(const float* inp, float* out, int C) {
  const float* x = inp + blockIdx.x * C;
  float maxval = -INFINITY;
  for (int i = threadIdx.x; i < C; i += blockDim.x) maxval = fmaxf(maxval, x[i]);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ three-pass-softmax: 4 passes
  for (int i = threadIdx.x; i < C; i += blockDim.x) out[blockIdx.x * C + i] = expf(x[i] - maxval);
  const float* y = out + blockIdx.x * C;
  float sumval = 0.0f;
  for (int i = threadIdx.x; i < C; i += blockDim.x) sumval += y[i];
  for (int i = threadIdx.x; i < C; i += blockDim.x) out[blockIdx.x * C + i] = y[i] / sumval;
}`);
    assert.match(f.message, /6 row-sized memory transfers/);
    assert.match(f.message, /50% less/);
    assert.equal(f.related?.length, 3);
  });

  it('fires on passes nested in a loop over rows (attention scores per query)', async () => {
    await checkRule('three-pass-softmax', `
__global__ void attn_softmax(const float* scores, float* probs, int T, int rows_per_thread) {
  int first = (blockIdx.x * blockDim.x + threadIdx.x) * rows_per_thread;
  for (int r = first; r < first + rows_per_thread; ++r) {
    float m = -INFINITY;
    for (int t = 0; t < T; ++t) m = fmaxf(m, scores[r * T + t]);
  //^^^^^^^^^^^^^^^^^^^^^^^^^^^ three-pass-softmax: 3 passes
    float s = 0.0f;
    for (int t = 0; t < T; ++t) s += expf(scores[r * T + t] - m);
    for (int t = 0; t < T; ++t) probs[r * T + t] = expf(scores[r * T + t] - m) / s;
  }
}`);
  });

  it('stays silent when the loop header is the only accumulation (exp pass without a sum)', async () => {
    await checkRule('three-pass-softmax', `
__global__ void notsoftmax(const float* x, float* y, int C) {
  float m = -INFINITY;
  for (int i = threadIdx.x; i < C; i += blockDim.x) m = fmaxf(m, x[i]);
  for (int i = threadIdx.x; i < C; i += blockDim.x) y[i] = expf(x[i] - m);
  for (int i = threadIdx.x; i < C; i += blockDim.x) y[i] = y[i] * 2.0f;
}`);
  });

  it('stays silent on online softmax, layer norm and a max-only kernel', async () => {
    await checkRule('three-pass-softmax', `
__global__ void online(const float* x, float* y, int cols) {
  float m = -INFINITY, s = 0.0f;
  for (int c = 0; c < cols; ++c) {
    float v = x[blockIdx.x * cols + c];
    float mn = fmaxf(m, v);
    s = s * expf(m - mn) + expf(v - mn);
    m = mn;
  }
  for (int c = 0; c < cols; ++c) y[blockIdx.x * cols + c] = expf(x[blockIdx.x * cols + c] - m) / s;
}
__global__ void layernorm(const float* x, float* y, int cols) {
  float sum = 0.0f, var = 0.0f;
  for (int c = 0; c < cols; ++c) sum += x[blockIdx.x * cols + c];
  float mean = sum / cols;
  for (int c = 0; c < cols; ++c) { float d = x[blockIdx.x * cols + c] - mean; var += d * d; }
  for (int c = 0; c < cols; ++c) y[blockIdx.x * cols + c] = (x[blockIdx.x * cols + c] - mean) * rsqrtf(var / cols);
}
__global__ void rowmax(const float* x, float* y, int cols) {
  float m = -INFINITY;
  for (int c = 0; c < cols; ++c) m = fmaxf(m, x[blockIdx.x * cols + c]);
  y[blockIdx.x] = m;
}`);
  });
});
