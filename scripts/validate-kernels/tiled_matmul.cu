// FP32 matrix product C = A * B staged through 32x32 shared-memory tiles: each block loads one tile of A
// and one of B per step, synchronizes, and accumulates from shared memory. `npm run validate-cost`
// estimates this file at each size of ../shared/data/gemm-h100-kernels.csv by rewriting SIZE below.
#define SIZE 1024
#define TS 32

__global__ void matmul_tiled(const float* a, const float* b, float* c, int m, int n, int k) {
  __shared__ float ta[TS][TS];
  __shared__ float tb[TS][TS];
  int r = blockIdx.y * TS + threadIdx.y;
  int col = blockIdx.x * TS + threadIdx.x;
  float sum = 0.0f;
  for (int t = 0; t < (k + TS - 1) / TS; ++t) {
    ta[threadIdx.y][threadIdx.x] = a[r * k + t * TS + threadIdx.x];
    tb[threadIdx.y][threadIdx.x] = b[(t * TS + threadIdx.y) * n + col];
    __syncthreads();
    for (int i = 0; i < TS; ++i) sum += ta[threadIdx.y][i] * tb[i][threadIdx.x];
    __syncthreads();
  }
  c[r * n + col] = sum;
}

int main() {
  const int m = SIZE, n = SIZE, k = SIZE;
  float *a, *b, *c;
  cudaMalloc(&a, sizeof(float) * m * k);
  cudaMalloc(&b, sizeof(float) * k * n);
  cudaMalloc(&c, sizeof(float) * m * n);
  dim3 threads(TS, TS);
  dim3 blocks((n + TS - 1) / TS, (m + TS - 1) / TS);
  matmul_tiled<<<blocks, threads>>>(a, b, c, m, n, k);
  cudaDeviceSynchronize();
  cudaFree(a); cudaFree(b); cudaFree(c);
  return 0;
}
