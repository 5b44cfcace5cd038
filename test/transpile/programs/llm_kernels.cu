// LLM-style kernels: a warp-per-row layer norm with cooperative-groups tiles, cg::reduce, an early return
// before the collectives and streaming loads/stores (__ldcs/__stcs), and a block softmax with warp
// reductions through helpers and partial results in dynamic shared memory.
#include "check.h"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;
__global__ void row_norm_per_warp(float* __restrict__ out, float* __restrict__ mean, float* __restrict__ rstd,
                                    const float*  __restrict__ inp, const float*  __restrict__ weight,
                                    const float* __restrict__ bias, int N, int C) {
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
    int idx = blockIdx.x * warp.meta_group_size() + warp.meta_group_rank();
    if(idx >= N) { return; }
    const float* x = inp + idx * C;
    float sum = 0.0f;
    for (int i = warp.thread_rank(); i < C; i += warp.size()) { sum += x[i]; }
    sum = cg::reduce(warp, sum, cg::plus<float>{});
    float m = sum / C;
    if(warp.thread_rank() == 0 && mean != nullptr) { __stcs(mean + idx, m); }
    sum = 0.0f;
    for (int i = warp.thread_rank(); i < C; i += warp.size()) { float diff = x[i] - m; sum += diff * diff; }
    sum = cg::reduce(warp, sum, cg::plus<float>{});
    float s = rsqrtf(sum / C + 1e-5f);
    if(warp.thread_rank() == 0 && rstd != nullptr) { __stcs(rstd + idx, s); }
    float* o = out + idx * C;
    for (int c = warp.thread_rank(); c < C; c += warp.size()) {
        float n = s * (__ldcs(x+c) - m);
        __stcs(o+c, n * weight[c] + bias[c]);
    }
}
__device__ float warp_max(float val) { for (int offset = 16; offset > 0; offset /= 2) val = fmaxf(val, __shfl_xor_sync(0xFFFFFFFF, val, offset)); return val; }
__device__ float warp_sum(float val) { for (int offset = 16; offset > 0; offset /= 2) val += __shfl_xor_sync(0xFFFFFFFF, val, offset); return val; }
__global__ void row_softmax_block(float* out, const float* inp, int N, int C) {
    extern __shared__ float shared[];
    int idx = blockIdx.x; int tid = threadIdx.x; int wid = threadIdx.x / 32; int lane = threadIdx.x % 32;
    int nwarps = blockDim.x / 32;
    float* warp_max_part = shared; float* warp_sum_part = &shared[nwarps];
    const float* x = inp + idx * C;
    float maxval = -INFINITY;
    for (int i = tid; i < C; i += blockDim.x) maxval = fmaxf(maxval, x[i]);
    maxval = warp_max(maxval);
    if (lane == 0) warp_max_part[wid] = maxval;
    __syncthreads();
    if (tid == 0) { float val = warp_max_part[tid]; for (int i = 1; i < nwarps; i++) val = fmaxf(val, warp_max_part[i]); warp_max_part[0] = val; }
    __syncthreads();
    float offset = warp_max_part[0];
    for (int i = tid; i < C; i += blockDim.x) out[idx * C + i] = expf(x[i] - offset);
    x = out + idx * C;
    float sumval = 0.0f;
    for (int i = tid; i < C; i += blockDim.x) sumval += x[i];
    sumval = warp_sum(sumval);
    if (lane == 0) warp_sum_part[wid] = sumval;
    __syncthreads();
    if (tid == 0) { float val = warp_sum_part[tid]; for (int i = 1; i < nwarps; ++i) val += warp_sum_part[i]; warp_sum_part[0] = val; }
    __syncthreads();
    float sum = warp_sum_part[0];
    for (int i = tid; i < C; i += blockDim.x) out[idx * C + i] = x[i] / sum;
}
int main() {
  const int N = 37, C = 300;
  float *inp, *out, *w, *b, *mean, *rstd, *sm;
  cudaMallocManaged(&inp, N * C * 4); cudaMallocManaged(&out, N * C * 4); cudaMallocManaged(&w, C * 4); cudaMallocManaged(&b, C * 4);
  cudaMallocManaged(&mean, N * 4); cudaMallocManaged(&rstd, N * 4); cudaMallocManaged(&sm, N * C * 4);
  for (int i = 0; i < N * C; ++i) inp[i] = sinf(i * 0.37f) * 3;
  for (int c = 0; c < C; ++c) { w[c] = 1 + 0.01f * c; b[c] = 0.1f * (c % 5); }
  row_norm_per_warp<<<(N * 32 + 127) / 128, 128>>>(out, mean, rstd, inp, w, b, N, C);
  row_softmax_block<<<N, 128, 2 * 4 * sizeof(float)>>>(sm, inp, N, C);
  cudaDeviceSynchronize();
  int bad = 0;
  for (int r = 0; r < N; ++r) {
    double m = 0, v = 0, mx = -1e30, s = 0;
    for (int c = 0; c < C; ++c) { m += inp[r * C + c]; mx = fmax(mx, inp[r * C + c]); }
    m /= C;
    for (int c = 0; c < C; ++c) { double d = inp[r * C + c] - m; v += d * d; s += exp(inp[r * C + c] - mx); }
    double rs = 1 / sqrt(v / C + 1e-5);
    if (fabs(mean[r] - m) > 1e-4 || fabs(rstd[r] - rs) > 1e-3 * rs) ++bad;
    for (int c = 0; c < C; ++c) {
      if (fabs(out[r * C + c] - ((inp[r * C + c] - m) * rs * w[c] + b[c])) > 1e-3) ++bad;
      if (fabs(sm[r * C + c] - exp(inp[r * C + c] - mx) / s) > 1e-5) ++bad;
    }
  }
  return finish("llm_kernels", bad);
}
