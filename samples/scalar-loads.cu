// scalar-loads: each thread sums a group of four consecutive floats with four 4-byte loads; one float4 load
// (`reinterpret_cast<const float4*>(x)[i]`) would fetch the group with a single 16-byte instruction.
#include "sample_check.h"

__global__ void group_sums(const float* __restrict__ x, float* __restrict__ sums, int groups) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < groups) sums[i] = x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3];
}

int main() {
  const int groups = 1 << 16;
  float* h = (float*)malloc(4 * groups * sizeof(float));
  float* r = (float*)malloc(groups * sizeof(float));
  for (int i = 0; i < 4 * groups; ++i) h[i] = next_input();
  float *dx, *ds;
  CUDA_CHECK(cudaMalloc(&dx, 4 * groups * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&ds, groups * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(dx, h, 4 * groups * sizeof(float), cudaMemcpyHostToDevice));
  group_sums<<<(groups + 255) / 256, 256>>>(dx, ds, groups);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, ds, groups * sizeof(float), cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < groups; ++i)
    if (!nearly_equal(r[i], h[4 * i] + h[4 * i + 1] + h[4 * i + 2] + h[4 * i + 3])) ++wrong;
  CUDA_CHECK(cudaFree(dx));
  CUDA_CHECK(cudaFree(ds));
  free(h); free(r);
  return finish("scalar_loads", wrong, groups);
}
