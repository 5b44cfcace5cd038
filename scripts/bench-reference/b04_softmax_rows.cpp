// Reference for b04: row softmax of 4096 x 1024, rows spread over threads, 10 repetitions.
#include "common.h"
int main() {
  const int rows = 4096, cols = 1024, reps = 10;
  float *x = (float*)malloc(sizeof(float) * rows * cols), *y = (float*)malloc(sizeof(float) * rows * cols);
  for (size_t i = 0; i < (size_t)rows * cols; ++i) x[i] = 6.0f * rand_unit() - 3.0f;
  double t0 = now_ms();
  for (int rep = 0; rep < reps; ++rep) {
#pragma omp parallel for
    for (int r = 0; r < rows; ++r) {
      const float* xr = x + (size_t)r * cols;
      float* yr = y + (size_t)r * cols;
      float m = -INFINITY;
      for (int c = 0; c < cols; ++c) m = fmaxf(m, xr[c]);
      float s = 0.0f;
      for (int c = 0; c < cols; ++c) { yr[c] = expf(xr[c] - m); s += yr[c]; }
      float inv = 1.0f / s;
      for (int c = 0; c < cols; ++c) yr[c] *= inv;
    }
  }
  double ms = now_ms() - t0;
  int bad = 0;
  for (int r = 0; r < rows; r += 61) {
    float m = -INFINITY; for (int c = 0; c < cols; ++c) m = fmaxf(m, x[(size_t)r * cols + c]);
    double s = 0; for (int c = 0; c < cols; ++c) s += std::exp(x[(size_t)r * cols + c] - m);
    for (int c = 0; c < cols; ++c) if (!close_enough(y[(size_t)r * cols + c], (float)(std::exp(x[(size_t)r * cols + c] - m) / s), 1e-3f, 1e-6f)) ++bad;
  }
  std::printf("b04_softmax_rows(ref): %s kernel_ms=%.3f\n", bad ? "FAIL" : "PASS", ms);
  return bad ? 1 : 0;
}
