// naive-gemm: one thread per output element, a k-loop that reads a row of A and a column of B straight from
// global memory: 2 loads per multiply-add. Tiling both operands through shared memory (TILE x TILE tiles,
// as in the CUDA C++ Programming Guide's matrix multiplication example) divides those loads by TILE.
#include "sample_check.h"

__global__ void matmul_naive(const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C, int M, int N, int K) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < M && col < N) {
    float acc = 0.0f;
    for (int k = 0; k < K; ++k) acc += A[row * K + k] * B[k * N + col];
    C[row * N + col] = acc;
  }
}

int main() {
  const int M = 96, N = 80, K = 64;
  float *hA = (float*)malloc(M * K * sizeof(float)), *hB = (float*)malloc(K * N * sizeof(float));
  float* hC = (float*)malloc(M * N * sizeof(float));
  for (int i = 0; i < M * K; ++i) hA[i] = next_input() - 0.5f;
  for (int i = 0; i < K * N; ++i) hB[i] = next_input() - 0.5f;
  float *dA, *dB, *dC;
  CUDA_CHECK(cudaMalloc(&dA, M * K * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dB, K * N * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dC, M * N * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(dA, hA, M * K * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dB, hB, K * N * sizeof(float), cudaMemcpyHostToDevice));
  dim3 block(16, 16);
  dim3 grid((N + 15) / 16, (M + 15) / 16);
  matmul_naive<<<grid, block>>>(dA, dB, dC, M, N, K);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(hC, dC, M * N * sizeof(float), cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      float want = 0.0f;
      for (int k = 0; k < K; ++k) want += hA[i * K + k] * hB[k * N + j];
      if (!nearly_equal(hC[i * N + j], want, 1e-3f, 1e-4f)) ++wrong;
    }
  CUDA_CHECK(cudaFree(dA));
  CUDA_CHECK(cudaFree(dB));
  CUDA_CHECK(cudaFree(dC));
  free(hA); free(hB); free(hC);
  return finish("naive_gemm", wrong, M * N);
}
