// shared-bank-conflict: row sums of 32x32 tiles. The tile is loaded row by row (conflict-free), then lane x
// sums row x: `tile[threadIdx.x][k]` puts all 32 lanes in bank k of an unpadded [32][32] float tile, a
// 32-way conflict. The quick fix pads the tile to [32][33].
#include "sample_check.h"
#define TILE 32
#define ROWS 8

__global__ void tile_row_sums(const float* __restrict__ in, float* __restrict__ out, int n) {
  __shared__ float tile[TILE][TILE];
  const float* src = in + (size_t)blockIdx.x * TILE * TILE;
  for (int j = 0; j < TILE; j += ROWS) tile[threadIdx.y + j][threadIdx.x] = src[(threadIdx.y + j) * TILE + threadIdx.x];
  __syncthreads();
  if (threadIdx.y == 0) {
    float acc = 0.0f;
    for (int k = 0; k < TILE; ++k) acc += tile[threadIdx.x][k];
    out[blockIdx.x * TILE + threadIdx.x] = acc;
  }
}

int main() {
  const int tiles = 64, n = tiles * TILE * TILE;
  float* h = (float*)malloc(n * sizeof(float));
  float* r = (float*)malloc(tiles * TILE * sizeof(float));
  for (int i = 0; i < n; ++i) h[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&dout, tiles * TILE * sizeof(float)));
  CUDA_CHECK(cudaMemcpy(din, h, n * sizeof(float), cudaMemcpyHostToDevice));
  tile_row_sums<<<tiles, dim3(TILE, ROWS)>>>(din, dout, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(r, dout, tiles * TILE * sizeof(float), cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int t = 0; t < tiles; ++t)
    for (int x = 0; x < TILE; ++x) {
      float want = 0.0f;
      for (int k = 0; k < TILE; ++k) want += h[t * TILE * TILE + x * TILE + k];
      if (!nearly_equal(r[t * TILE + x], want)) ++wrong;
    }
  CUDA_CHECK(cudaFree(din));
  CUDA_CHECK(cudaFree(dout));
  free(h); free(r);
  return finish("shared_bank_conflict", wrong, tiles * TILE);
}
