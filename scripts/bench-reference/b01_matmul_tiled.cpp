// Reference for b01: C = A * B (512^3), rows of C spread over threads, i-k-j loop order, 5 repetitions.
#include "common.h"
int main() {
  const int n = 512, reps = 5;
  float *A = (float*)malloc(sizeof(float) * n * n), *B = (float*)malloc(sizeof(float) * n * n), *C = (float*)malloc(sizeof(float) * n * n);
  for (int i = 0; i < n * n; ++i) { A[i] = rand_unit() - 0.5f; B[i] = rand_unit() - 0.5f; }
  double t0 = now_ms();
  for (int r = 0; r < reps; ++r) {
#pragma omp parallel for
    for (int i = 0; i < n; ++i) {
      float* c = C + (size_t)i * n;
      for (int j = 0; j < n; ++j) c[j] = 0.0f;
      for (int k = 0; k < n; ++k) {
        float a = A[(size_t)i * n + k];
        const float* b = B + (size_t)k * n;
        for (int j = 0; j < n; ++j) c[j] += a * b[j];
      }
    }
  }
  double ms = now_ms() - t0;
  int bad = 0;
  for (int i = 0; i < n; i += 37) for (int j = 0; j < n; j += 29) {
    float w = 0.0f; for (int k = 0; k < n; ++k) w += A[i * n + k] * B[k * n + j];
    if (!close_enough(C[i * n + j], w, 1e-3f, 1e-3f)) ++bad;
  }
  std::printf("b01_matmul_tiled(ref): %s kernel_ms=%.3f\n", bad ? "FAIL" : "PASS", ms);
  return bad ? 1 : 0;
}
