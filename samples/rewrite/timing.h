// Device timing for the rewrite samples, compiled in only with -DSAMPLE_TIMING=<reps> (the device script
// scripts/device/rewrites.sh): runs the sample's launch function <reps> times between two CUDA events and
// prints the mean milliseconds per run, so a sample can be timed before and after its rewrite.
#pragma once
#include <cstdio>

template <typename Run>
static void time_runs(const char* name, Run run) {
  run();  // warm-up: module load and first-touch costs are not what the rewrite changes
  cudaEvent_t start, stop;
  CUDA_CHECK(cudaEventCreate(&start));
  CUDA_CHECK(cudaEventCreate(&stop));
  CUDA_CHECK(cudaEventRecord(start));
  for (int r = 0; r < SAMPLE_TIMING; ++r) run();
  CUDA_CHECK(cudaEventRecord(stop));
  CUDA_CHECK(cudaEventSynchronize(stop));
  float ms = 0.0f;
  CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
  std::printf("%s: kernel_ms=%.5f\n", name, ms / SAMPLE_TIMING);
}
