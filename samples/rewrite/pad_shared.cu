// Rewrite sample "pad a shared array": a tiled matrix transpose whose 32x32 shared tile is read by column,
// so the 32 threads of a warp hit the same bank (32-way conflict). Padding the inner dimension to 33
// spreads them over all banks. The host checks the transpose and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_ROWS
#define SAMPLE_ROWS 1000
#define SAMPLE_COLS 700
#endif
#define TILE 32

__global__ void transpose(const float* in, float* out, int rows, int cols) {
  __shared__ float tile[TILE][TILE];
  int x = blockIdx.x * TILE + threadIdx.x;
  int y = blockIdx.y * TILE + threadIdx.y;
  if (x < cols && y < rows) tile[threadIdx.y][threadIdx.x] = in[y * cols + x];
  __syncthreads();
  int tx = blockIdx.y * TILE + threadIdx.x;
  int ty = blockIdx.x * TILE + threadIdx.y;
  if (tx < rows && ty < cols) out[ty * rows + tx] = tile[threadIdx.x][threadIdx.y];
}

static void run(const float* din, float* dout, int rows, int cols) {
  dim3 block(TILE, TILE);
  dim3 grid((cols + TILE - 1) / TILE, (rows + TILE - 1) / TILE);
  transpose<<<grid, block>>>(din, dout, rows, cols);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int rows = SAMPLE_ROWS, cols = SAMPLE_COLS;
  const size_t bytes = (size_t)rows * cols * sizeof(float);
  float *hin = (float*)malloc(bytes), *hout = (float*)malloc(bytes);
  for (int i = 0; i < rows * cols; ++i) hin[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(din, hin, bytes, cudaMemcpyHostToDevice));
  run(din, dout, rows, cols);
#ifdef SAMPLE_TIMING
  time_runs("pad_shared", [&] { run(din, dout, rows, cols); });
#endif
  CUDA_CHECK(cudaMemcpy(hout, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (hout[c * rows + r] != hin[r * cols + c]) ++wrong;
  CUDA_CHECK(cudaFree(din)); CUDA_CHECK(cudaFree(dout));
  free(hin); free(hout);
  return finish("pad_shared", wrong, rows * cols);
}
