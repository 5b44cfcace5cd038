// Cooperative groups: thread_block sync, tiled_partition<32> and <16>, tile shuffles, cg::reduce with
// cg::plus and cg::greater, thread_rank / meta_group_rank, and a helper taking the tile by reference.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include "check.h"
namespace cg = cooperative_groups;

__device__ float tile_sum(const cg::thread_block_tile<32>& tile, float v) {
  for (int o = tile.size() / 2; o > 0; o /= 2) v += tile.shfl_down(v, o);
  return v;
}

__global__ void group_sums(const float* in, float* warp_out, float* half_max, float* block_out, int n) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
  auto half = cg::tiled_partition<16>(block);
  __shared__ float partial[8];
  int i = blockIdx.x * blockDim.x + block.thread_rank();
  float v = i < n ? in[i] : 0.0f;
  float s = tile_sum(warp, v);
  if (warp.thread_rank() == 0) {
    warp_out[blockIdx.x * 8 + warp.meta_group_rank()] = s;
    partial[warp.meta_group_rank()] = s;
  }
  float hm = cg::reduce(half, v, cg::greater<float>());
  if (half.thread_rank() == 0) half_max[i / 16] = hm;
  block.sync();
  if (warp.meta_group_rank() == 0) {
    float p = warp.thread_rank() < blockDim.x / 32 ? partial[warp.thread_rank()] : 0.0f;
    float total = cg::reduce(warp, p, cg::plus<float>());
    if (warp.thread_rank() == 0) block_out[blockIdx.x] = total;
  }
}

int main() {
  const int threads = 256, blocks = 4, n = threads * blocks - 10;
  float h[threads * blocks];
  for (int i = 0; i < threads * blocks; ++i) h[i] = i < n ? next_unit() : 0.0f;
  float *din, *dw, *dh, *db;
  CK(cudaMalloc(&din, sizeof h));
  CK(cudaMalloc(&dw, blocks * 8 * sizeof(float)));
  CK(cudaMalloc(&dh, threads * blocks / 16 * sizeof(float)));
  CK(cudaMalloc(&db, blocks * sizeof(float)));
  CK(cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice));
  group_sums<<<blocks, threads>>>(din, dw, dh, db, n);
  float w[blocks * 8], hm[threads * blocks / 16], bs[blocks];
  CK(cudaMemcpy(w, dw, sizeof w, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(hm, dh, sizeof hm, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(bs, db, sizeof bs, cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; ++b) {
    double bt = 0;
    for (int k = 0; k < 8; ++k) {
      double s = 0;
      for (int l = 0; l < 32; ++l) s += h[b * threads + k * 32 + l];
      if (!near(w[b * 8 + k], s, 1e-5)) ++bad;
      bt += s;
    }
    if (!near(bs[b], bt, 1e-5)) ++bad;
  }
  for (int g = 0; g < threads * blocks / 16; ++g) {
    float m = h[g * 16];
    for (int l = 1; l < 16; ++l) m = h[g * 16 + l] > m ? h[g * 16 + l] : m;
    if (hm[g] != m) ++bad;
  }
  return finish("coop_groups", bad);
}
