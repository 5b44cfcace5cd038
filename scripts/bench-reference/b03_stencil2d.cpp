// Reference for b03: 5-point Jacobi on 2048^2, 20 sweeps ping-pong, rows spread over threads.
#include "common.h"
int main() {
  const int n = 2048, sweeps = 20;
  float *a = (float*)malloc(sizeof(float) * n * n), *b = (float*)malloc(sizeof(float) * n * n), *h = (float*)malloc(sizeof(float) * n * n);
  for (int i = 0; i < n * n; ++i) h[i] = a[i] = rand_unit();
  double t0 = now_ms();
  for (int s = 0; s < sweeps; ++s) {
#pragma omp parallel for
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        float c = a[y * n + x], l = x > 0 ? a[y * n + x - 1] : 0.0f, r = x < n - 1 ? a[y * n + x + 1] : 0.0f;
        float u = y > 0 ? a[(y - 1) * n + x] : 0.0f, d = y < n - 1 ? a[(y + 1) * n + x] : 0.0f;
        b[y * n + x] = 0.2f * (c + l + r + u + d);
      }
    float* t = a; a = b; b = t;
  }
  double ms = now_ms() - t0;
  // Check sampled points against a serial run of the same sweeps (outside the timed region).
  float *r = (float*)malloc(sizeof(float) * n * n), *t = (float*)malloc(sizeof(float) * n * n);
  for (int i = 0; i < n * n; ++i) r[i] = h[i];
  for (int s = 0; s < sweeps; ++s) {
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        float c = r[y * n + x], l = x > 0 ? r[y * n + x - 1] : 0.0f, rr = x < n - 1 ? r[y * n + x + 1] : 0.0f;
        float u = y > 0 ? r[(y - 1) * n + x] : 0.0f, d = y < n - 1 ? r[(y + 1) * n + x] : 0.0f;
        t[y * n + x] = 0.2f * (c + l + rr + u + d);
      }
    float* tmp = r; r = t; t = tmp;
  }
  int bad = 0;
  for (int i = 0; i < n * n; i += 97) if (!close_enough(a[i], r[i], 1e-4f, 1e-5f)) ++bad;
  std::printf("b03_stencil2d(ref): %s kernel_ms=%.3f\n", bad ? "FAIL" : "PASS", ms);
  return bad ? 1 : 0;
}
