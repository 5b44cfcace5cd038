// Helpers shared by the sample programs: a CUDA error-check macro, deterministic inputs and a result
// check that prints "<name>: PASS" so tests can compare the CUDA program with its CPU translation.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cmath>

#define CUDA_CHECK(call)                                                        \
  do {                                                                          \
    cudaError_t status_ = (call);                                               \
    if (status_ != cudaSuccess) {                                               \
      std::fprintf(stderr, "%s failed: %s\n", #call, cudaGetErrorString(status_)); \
      std::exit(2);                                                             \
    }                                                                           \
  } while (0)

static unsigned int sample_seed = 2024u;
static inline float next_input() {
  sample_seed = sample_seed * 1103515245u + 12345u;
  return (float)((sample_seed >> 9) & 0x3FFF) / 16384.0f;
}

static inline bool nearly_equal(float got, float want, float rel = 1e-4f, float abs_tol = 1e-5f) {
  return std::fabs(got - want) <= abs_tol + rel * std::fabs(want);
}

static inline int finish(const char* name, int wrong, int total) {
  if (wrong == 0) {
    std::printf("%s: PASS (%d values)\n", name, total);
    return 0;
  }
  std::printf("%s: FAIL (%d of %d values wrong)\n", name, wrong, total);
  return 1;
}
