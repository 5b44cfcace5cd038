// Rewrite sample "tile a naive GEMM": C = A * B with one thread per output reading both operands from
// global memory in the k-loop. Sizes are deliberately not multiples of any tile so the tiled rewrite's
// bounds checks are exercised. The host checks the product and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_M
#define SAMPLE_M 300
#define SAMPLE_N 260
#define SAMPLE_K 270
#endif

__global__ void matmul(const float* A, const float* B, float* C, int M, int N, int K) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < M && col < N) {
    float sum = 0.0f;
    for (int k = 0; k < K; ++k) sum += A[row * K + k] * B[k * N + col];
    C[row * N + col] = sum;
  }
}

static void run(const float* dA, const float* dB, float* dC, int M, int N, int K) {
  dim3 block(16, 16);
  dim3 grid((N + block.x - 1) / block.x, (M + block.y - 1) / block.y);
  matmul<<<grid, block>>>(dA, dB, dC, M, N, K);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int M = SAMPLE_M, N = SAMPLE_N, K = SAMPLE_K;
  float* hA = (float*)malloc((size_t)M * K * sizeof(float));
  float* hB = (float*)malloc((size_t)K * N * sizeof(float));
  float* hC = (float*)malloc((size_t)M * N * sizeof(float));
  for (int i = 0; i < M * K; ++i) hA[i] = next_input() - 0.5f;
  for (int i = 0; i < K * N; ++i) hB[i] = next_input() - 0.5f;
  float *dA, *dB, *dC;
  CUDA_CHECK(cudaMalloc(&dA, (size_t)M * K * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dB, (size_t)K * N * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dC, (size_t)M * N * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(dA, hA, (size_t)M * K * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dB, hB, (size_t)K * N * sizeof(float), cudaMemcpyHostToDevice));
  run(dA, dB, dC, M, N, K);
#ifdef SAMPLE_TIMING
  time_runs("tile_gemm", [&] { run(dA, dB, dC, M, N, K); });
#endif
  CUDA_CHECK(cudaMemcpy(hC, dC, (size_t)M * N * sizeof(float), cudaMemcpyDeviceToHost));
  // Large device-timing sizes check a sample of rows so the host reference stays fast.
  const int rowStep = M > 512 ? 97 : 1;
  int wrong = 0, checked = 0;
  for (int r = 0; r < M; r += rowStep) {
    for (int c = 0; c < N; ++c) {
      float want = 0.0f;
      for (int k = 0; k < K; ++k) want += hA[r * K + k] * hB[k * N + c];
      if (!nearly_equal(hC[r * N + c], want, 1e-3f, 1e-4f)) ++wrong;
      ++checked;
    }
  }
  CUDA_CHECK(cudaFree(dA)); CUDA_CHECK(cudaFree(dB)); CUDA_CHECK(cudaFree(dC));
  free(hA); free(hB); free(hC);
  return finish("tile_gemm", wrong, checked);
}
