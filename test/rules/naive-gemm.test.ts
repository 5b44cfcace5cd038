// Caret table for naive-gemm: one-output-per-thread matrix products reading A and B from global memory in
// the k-loop fire (NN and NT layouts); tiled kernels, matrix-vector products, convolutions and
// register-tiled kernels stay silent.
import { strict as assert } from 'assert';
import { checkRule } from './harness';

describe('naive-gemm', () => {
  it('fires on the textbook kernel, at the k-loop, with the bandwidth ceiling', async () => {
    const [f] = await checkRule('naive-gemm', `
__global__ void matmul(const float* A, const float* B, float* C, int M, int N, int K) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < M && col < N) {
    float acc = 0.0f;
    for (int k = 0; k < K; ++k) acc += A[row * K + k] * B[k * N + col];
  //^^^^^^^^^^^^^^^^^^^^^^^^^^^ naive-gemm: 0.25 FLOP/byte
    C[row * N + col] = acc;
  }
}`);
    assert.equal(f.severity, 'info');
    // 3350 GB/s x 0.25 FLOP/B = 0.84 TFLOP/s, 1.3% of 66.9 TFLOP/s on H100 SXM.
    assert.match(f.message, /0\.84 TFLOP\/s/);
    assert.match(f.message, /1\.3% of its 66\.9 TFLOP\/s FP32 peak/);
    assert.equal(f.related?.length, 2);
  });

  it('fires on a transposed B and on doubles (with the FP64 peak)', async () => {
    await checkRule('naive-gemm', `
__global__ void nt(const double* A, const double* Bt, double* C, int n) {
  int i = blockIdx.y * blockDim.y + threadIdx.y, j = blockIdx.x * blockDim.x + threadIdx.x;
  double s = 0;
  for (int k = 0; k < n; k++) { s += A[i * n + k] * Bt[j * n + k]; }
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ naive-gemm: FP64 peak
  C[i * n + j] = s;
}`);
  });

  it('fires on a flat thread index split into row and column', async () => {
    await checkRule('naive-gemm', `
__global__ void mm1d(const float* A, const float* B, float* C, int N) {
  int idx = blockIdx.x * blockDim.x + threadIdx.x;
  int row = idx / N, col = idx % N;
  if (row < N) {
    float s = 0.0f;
    for (int k = 0; k < N; ++k) s += A[row * N + k] * B[k * N + col];
  //^^^^^^^^^^^^^^^^^^^^^^^^^^^ naive-gemm
    C[idx] = s;
  }
}`);
  });

  it('stays silent on a shared-memory tiled kernel', async () => {
    await checkRule('naive-gemm', `
#define TILE 16
__global__ void tiled(const float* A, const float* B, float* C, int N) {
  __shared__ float As[TILE][TILE], Bs[TILE][TILE];
  int row = blockIdx.y * TILE + threadIdx.y, col = blockIdx.x * TILE + threadIdx.x;
  float acc = 0.0f;
  for (int t = 0; t < N / TILE; ++t) {
    As[threadIdx.y][threadIdx.x] = A[row * N + t * TILE + threadIdx.x];
    Bs[threadIdx.y][threadIdx.x] = B[(t * TILE + threadIdx.y) * N + col];
    __syncthreads();
    for (int k = 0; k < TILE; ++k) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    __syncthreads();
  }
  C[row * N + col] = acc;
}`);
  });

  it('stays silent on a matrix-vector product, a small convolution and register tiling', async () => {
    await checkRule('naive-gemm', `
__global__ void gemv(const float* A, const float* x, float* y, int N) {
  int row = blockIdx.x * blockDim.x + threadIdx.x;
  float s = 0.0f;
  for (int k = 0; k < N; ++k) s += A[row * N + k] * x[k];
  y[row] = s;
}
__global__ void conv(const float* in, const float* w, float* out, int W) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  float s = 0.0f;
  for (int k = 0; k < 5; ++k) s += in[(y + k) * W + x] * w[k * 5 + y];
  out[y * W + x] = s;
}
__global__ void rowdot(const float* a, const float* b, float* out, int K) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int r = i / 4;
  float s = 0.0f;
  for (int k = 0; k < K; ++k) s += a[r * K + k] * b[r * K + k];
  out[i] = s;
}
__global__ void reg2(const float* A, const float* B, float* C, int N) {
  int row = 2 * (blockIdx.y * blockDim.y + threadIdx.y), col = blockIdx.x * blockDim.x + threadIdx.x;
  float c0 = 0.0f, c1 = 0.0f;
  for (int k = 0; k < N; ++k) { float b = B[k * N + col]; c0 += A[row * N + k] * b; c1 += A[(row + 1) * N + k] * b; }
  C[row * N + col] = c0; C[(row + 1) * N + col] = c1;
}`);
  });
});
