// Cooperative groups with run-time tile sizes (tiled_partition(block, n) returns a thread_group) and a
// reduction helper that synchronizes its group and returns from both branches of a trailing if/else.
#include <cooperative_groups.h>
#include "check.h"
using namespace cooperative_groups;

__device__ int group_sum(thread_group g, int* scratch, int v) {
  int r = g.thread_rank();
  for (int half = g.size() / 2; half > 0; half /= 2) {
    scratch[r] = v;
    g.sync();
    if (r < half) v += scratch[r + half];
    g.sync();
  }
  if (g.thread_rank() == 0) return v;
  else return -1;
}

__global__ void sums(int* block_out, int* tile_out, int tile) {
  extern __shared__ int scratch[];
  thread_block block = this_thread_block();
  int rank = block.thread_rank();
  int s = group_sum(block, scratch, rank + 1);
  if (rank == 0) block_out[blockIdx.x] = s;
  block.sync();
  thread_group part = tiled_partition(block, tile);
  int base = rank - (int)part.thread_rank();
  int t = group_sum(part, scratch + base, (int)part.thread_rank() * 2);
  if (part.thread_rank() == 0) tile_out[blockIdx.x * (blockDim.x / tile) + rank / tile] = t;
}

int main() {
  const int blocks = 3, threads = 128, tile = 16;
  int *db, *dt;
  CK(cudaMalloc(&db, blocks * sizeof(int)));
  CK(cudaMalloc(&dt, blocks * (threads / tile) * sizeof(int)));
  sums<<<blocks, threads, threads * sizeof(int)>>>(db, dt, tile);
  int hb[blocks], ht[blocks * (threads / tile)];
  CK(cudaMemcpy(hb, db, sizeof hb, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(ht, dt, sizeof ht, cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; ++b) if (hb[b] != threads * (threads + 1) / 2) ++bad;
  for (int i = 0; i < blocks * (threads / tile); ++i) if (ht[i] != tile * (tile - 1)) ++bad;
  return finish("cg_dynamic_tiles", bad);
}
