// 4096 x 4096 FP32 transpose two ways: straight from global memory (writes strided by a row) and
// through a padded 32 x 33 shared tile with 32 x 8 blocks (both sides coalesced).
#include "timing.cuh"
#define TD 32
#define RW 8

__global__ void transpose_naive(const float* in, float* out, int n) {
  int x = blockIdx.x * TD + threadIdx.x;
  int y = blockIdx.y * TD + threadIdx.y;
  for (int j = 0; j < TD; j += RW) out[x * n + y + j] = in[(y + j) * n + x];
}

__global__ void transpose_shared(const float* in, float* out, int n) {
  __shared__ float tile[TD][TD + 1];
  int x = blockIdx.x * TD + threadIdx.x;
  int y = blockIdx.y * TD + threadIdx.y;
  for (int j = 0; j < TD; j += RW) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * n + x];
  __syncthreads();
  int ox = blockIdx.y * TD + threadIdx.x;
  int oy = blockIdx.x * TD + threadIdx.y;
  for (int j = 0; j < TD; j += RW) out[(oy + j) * n + ox] = tile[threadIdx.x][threadIdx.y + j];
}

int main() {
  const int n = 4096;
  float *in, *out;
  CK(cudaMalloc(&in, sizeof(float) * n * n)); CK(cudaMalloc(&out, sizeof(float) * n * n));
  CK(cudaMemset(in, 0, sizeof(float) * n * n));
  dim3 block(TD, RW), grid(n / TD, n / TD);
  float naive = time_launches([&] { transpose_naive<<<grid, block>>>(in, out, n); }, 3, 50);
  report("transpose_naive", grid, block, naive);
  float shared = time_launches([&] { transpose_shared<<<grid, block>>>(in, out, n); }, 3, 50);
  report("transpose_shared", grid, block, shared);
  return 0;
}
