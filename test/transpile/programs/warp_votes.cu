// Warp shuffles and votes: an inclusive warp scan with __shfl_up_sync, a broadcast with __shfl_sync,
// butterfly max with __shfl_xor_sync, __ballot_sync + __popc, __any_sync / __all_sync, and __activemask
// inside a divergent branch.
#include "check.h"

__device__ int warp_inclusive_scan(int v) {
  int lane = threadIdx.x & 31;
  for (int d = 1; d < 32; d <<= 1) {
    int up = __shfl_up_sync(0xffffffffu, v, d);
    if (lane >= d) v += up;
  }
  return v;
}

__global__ void warp_ops(const int* in, int* scan, int* bcast, int* wmax, unsigned* ballots, int* votes,
                         unsigned* active, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = i < n ? in[i] : 0;
  scan[i] = warp_inclusive_scan(v);
  bcast[i] = __shfl_sync(0xffffffffu, v, 5);
  int m = v;
  for (int mask = 16; mask > 0; mask >>= 1) m = max(m, __shfl_xor_sync(0xffffffffu, m, mask));
  wmax[i] = m;
  unsigned b = __ballot_sync(0xffffffffu, v % 3 == 0);
  if ((threadIdx.x & 31) == 0) ballots[blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32] = b;
  int anyBig = __any_sync(0xffffffffu, v > 90);
  int allPos = __all_sync(0xffffffffu, v >= 0);
  votes[i] = anyBig * 2 + allPos + __popc(b) * 4;
  if (v % 2 == 1) active[i] = __activemask();
  else active[i] = 0;
}

int main() {
  const int threads = 96, blocks = 3, total = threads * blocks;
  int h[total];
  for (int i = 0; i < total; ++i) h[i] = (i * 37 + 11) % 101;
  int *din, *dscan, *dbc, *dmax, *dvotes;
  unsigned *dballot, *dact;
  CK(cudaMalloc(&din, sizeof h)); CK(cudaMalloc(&dscan, sizeof h)); CK(cudaMalloc(&dbc, sizeof h));
  CK(cudaMalloc(&dmax, sizeof h)); CK(cudaMalloc(&dvotes, sizeof h));
  CK(cudaMalloc(&dballot, total * sizeof(unsigned))); CK(cudaMalloc(&dact, total * sizeof(unsigned)));
  CK(cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice));
  warp_ops<<<blocks, threads>>>(din, dscan, dbc, dmax, dballot, dvotes, dact, total);
  CK(cudaGetLastError());
  int scan[total], bc[total], mx[total], votes[total];
  unsigned ballot[total], act[total];
  CK(cudaMemcpy(scan, dscan, sizeof h, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(bc, dbc, sizeof h, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(mx, dmax, sizeof h, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(votes, dvotes, sizeof h, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(ballot, dballot, total * sizeof(unsigned), cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(act, dact, total * sizeof(unsigned), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; ++b)
    for (int w = 0; w * 32 < threads; ++w) {
      int base = b * threads + w * 32, lanes = threads - w * 32 < 32 ? threads - w * 32 : 32;
      int run = 0, wm = 0, cnt = 0, anyBig = 0, allPos = 1;
      unsigned bal = 0, odd = 0;
      for (int l = 0; l < lanes; ++l) {
        int v = h[base + l];
        wm = v > wm ? v : wm;
        if (v % 3 == 0) { bal |= 1u << l; ++cnt; }
        if (v > 90) anyBig = 1;
        if (v % 2 == 1) odd |= 1u << l;
      }
      for (int l = 0; l < lanes; ++l) {
        int v = h[base + l];
        run += v;
        if (scan[base + l] != run) ++bad;
        if (bc[base + l] != h[base + 5]) ++bad;
        if (mx[base + l] != wm) ++bad;
        if (votes[base + l] != anyBig * 2 + allPos + cnt * 4) ++bad;
        if (v % 2 == 1 && act[base + l] != odd) ++bad;
      }
      if (ballot[b * (threads / 32) + w] != bal) ++bad;
    }
  return finish("warp_votes", bad);
}
