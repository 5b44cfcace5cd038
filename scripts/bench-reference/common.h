// Shared by the hand-written OpenMP reference versions of ../shared/cuda-bench: the same deterministic
// inputs and tolerance as the CUDA programs, and a wall-clock timer around the timed loop.
#pragma once
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

static unsigned int lcg_state = 12345u;
static inline float rand_unit() {
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return (float)((lcg_state >> 8) & 0xFFFF) / 65536.0f;
}
static inline bool close_enough(float got, float want, float rel = 1e-4f, float abs_tol = 1e-5f) {
  return std::fabs(got - want) <= abs_tol + rel * std::fabs(want);
}
static inline double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
