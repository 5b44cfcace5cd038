// FP32 matrix product C = A * B with one thread per output element, reading A's row and B's column from
// global memory in the k loop (no shared memory). `npm run validate-cost` estimates this file at each
// size of ../shared/data/gemm-h100-kernels.csv by rewriting the SIZE define below.
#define SIZE 1024

__global__ void matmul_naive(const float* a, const float* b, float* c, int m, int n, int k) {
  int r = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (r < m && col < n) {
    float sum = 0.0f;
    for (int i = 0; i < k; ++i) sum += a[r * k + i] * b[i * n + col];
    c[r * n + col] = sum;
  }
}

int main() {
  const int m = SIZE, n = SIZE, k = SIZE;
  float *a, *b, *c;
  cudaMalloc(&a, sizeof(float) * m * k);
  cudaMalloc(&b, sizeof(float) * k * n);
  cudaMalloc(&c, sizeof(float) * m * n);
  dim3 threads(16, 16);
  dim3 blocks((n + 15) / 16, (m + 15) / 16);
  matmul_naive<<<blocks, threads>>>(a, b, c, m, n, k);
  cudaDeviceSynchronize();
  cudaFree(a); cudaFree(b); cudaFree(c);
  return 0;
}
