// Reference for b05: transpose of 4096 x 4096, rows spread over threads, 10 repetitions.
#include "common.h"
int main() {
  const int n = 4096, reps = 10;
  float *a = (float*)malloc(sizeof(float) * n * n), *b = (float*)malloc(sizeof(float) * n * n);
  for (size_t i = 0; i < (size_t)n * n; ++i) a[i] = (float)(i % 100003);
  double t0 = now_ms();
  for (int rep = 0; rep < reps; ++rep) {
#pragma omp parallel for
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c) b[(size_t)c * n + r] = a[(size_t)r * n + c];
  }
  double ms = now_ms() - t0;
  int bad = 0;
  for (int r = 0; r < n; r += 7) for (int c = 0; c < n; c += 5) if (b[(size_t)c * n + r] != a[(size_t)r * n + c]) ++bad;
  std::printf("b05_transpose(ref): %s kernel_ms=%.3f\n", bad ? "FAIL" : "PASS", ms);
  return bad ? 1 : 0;
}
