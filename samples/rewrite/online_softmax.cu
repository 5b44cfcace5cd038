// Rewrite sample "online softmax": row-wise softmax, one thread per row, in three passes over the row
// (max, sum of exponentials, normalize). Online softmax computes the max and the rescaled sum in one
// pass, so each row is read twice instead of three times. The host checks every value and prints PASS.
#include "../sample_check.h"
#ifdef SAMPLE_TIMING
#include "timing.h"
#endif

#ifndef SAMPLE_ROWS
#define SAMPLE_ROWS 2048
#define SAMPLE_COLS 1000
#endif

__global__ void softmax_rows(const float* x, float* y, int rows, int cols) {
  int row = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= rows) return;
  float mx = -INFINITY;
  for (int c = 0; c < cols; ++c) mx = fmaxf(mx, x[row * cols + c]);
  float sum = 0.0f;
  for (int c = 0; c < cols; ++c) sum += expf(x[row * cols + c] - mx);
  for (int c = 0; c < cols; ++c) y[row * cols + c] = expf(x[row * cols + c] - mx) / sum;
}

static void run(const float* dx, float* dy, int rows, int cols) {
  softmax_rows<<<(rows + 127) / 128, 128>>>(dx, dy, rows, cols);
  CUDA_CHECK(cudaGetLastError());
}

int main() {
  const int rows = SAMPLE_ROWS, cols = SAMPLE_COLS;
  const size_t bytes = (size_t)rows * cols * sizeof(float);
  float *hx = (float*)malloc(bytes), *hy = (float*)malloc(bytes);
  for (int i = 0; i < rows * cols; ++i) hx[i] = 8.0f * next_input() - 4.0f;
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, bytes));
  CUDA_CHECK(cudaMalloc(&dy, bytes));
  CUDA_CHECK(cudaMemcpy(dx, hx, bytes, cudaMemcpyHostToDevice));
  run(dx, dy, rows, cols);
#ifdef SAMPLE_TIMING
  time_runs("online_softmax", [&] { run(dx, dy, rows, cols); });
#endif
  CUDA_CHECK(cudaMemcpy(hy, dy, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int r = 0; r < rows; ++r) {
    float mx = hx[r * cols];
    for (int c = 1; c < cols; ++c) mx = std::fmax(mx, hx[r * cols + c]);
    double sum = 0.0;
    for (int c = 0; c < cols; ++c) sum += std::exp((double)(hx[r * cols + c] - mx));
    for (int c = 0; c < cols; ++c)
      if (!nearly_equal(hy[r * cols + c], (float)(std::exp((double)(hx[r * cols + c] - mx)) / sum), 1e-3f, 1e-6f)) ++wrong;
  }
  CUDA_CHECK(cudaFree(dx)); CUDA_CHECK(cudaFree(dy));
  free(hx); free(hy);
  return finish("online_softmax", wrong, rows * cols);
}
