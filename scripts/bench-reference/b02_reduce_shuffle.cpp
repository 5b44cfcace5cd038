// Reference for b02: sum of 16M floats with an OpenMP reduction, 10 repetitions.
#include "common.h"
int main() {
  const int n = 1 << 24, reps = 10;
  float* x = (float*)malloc(sizeof(float) * n);
  double want = 0.0;
  for (int i = 0; i < n; ++i) { x[i] = rand_unit(); want += x[i]; }
  float got[10];
  double t0 = now_ms();
  for (int r = 0; r < reps; ++r) {
    float s = 0.0f;
#pragma omp parallel for reduction(+ : s)
    for (int i = 0; i < n; ++i) s += x[i];
    got[r] = s;
  }
  double ms = now_ms() - t0;
  int bad = 0;
  for (int r = 0; r < reps; ++r) if (!close_enough(got[r], (float)want, 1e-4f, 1.0f)) ++bad;
  std::printf("b02_reduce_shuffle(ref): %s kernel_ms=%.3f\n", bad ? "FAIL" : "PASS", ms);
  return bad ? 1 : 0;
}
