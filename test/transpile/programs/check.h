// Result checks shared by the translator's feature programs (each prints "<name>: PASS" or FAIL).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cmath>

#define CK(call)                                                                      \
  do {                                                                                \
    cudaError_t e_ = (call);                                                          \
    if (e_ != cudaSuccess) {                                                          \
      std::fprintf(stderr, "CUDA error %s at line %d\n", cudaGetErrorString(e_), __LINE__); \
      std::exit(2);                                                                   \
    }                                                                                 \
  } while (0)

static unsigned int seed_state = 777u;
static inline float next_unit() {
  seed_state = seed_state * 1103515245u + 12345u;
  return (float)((seed_state >> 9) & 0x7FFF) / 32768.0f;
}

static inline int finish(const char* name, int bad) {
  std::printf("%s: %s (%d bad)\n", name, bad ? "FAIL" : "PASS", bad);
  return bad ? 1 : 0;
}

static inline bool near(double got, double want, double tol) { return std::fabs(got - want) <= tol * (1.0 + std::fabs(want)); }
