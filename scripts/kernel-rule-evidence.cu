// Times the pattern each kernel-group rule reports against the fix its message suggests, on whatever GPU
// runs it, so the rule docs can quote measured ratios next to the model's numbers. Each pair computes the
// same result (checked); times are the median of 20 launches after a warm-up, from CUDA events.
// Build and run: nvcc -O3 -o evidence scripts/kernel-rule-evidence.cu && ./evidence
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <algorithm>
#include <vector>

#define CK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
  std::fprintf(stderr, "%s: %s\n", #call, cudaGetErrorString(e_)); std::exit(2); } } while (0)

template <typename Launch>
static float median_ms(Launch launch) {
  cudaEvent_t a, b;
  CK(cudaEventCreate(&a));
  CK(cudaEventCreate(&b));
  launch();
  CK(cudaDeviceSynchronize());
  std::vector<float> t;
  for (int r = 0; r < 20; ++r) {
    CK(cudaEventRecord(a));
    launch();
    CK(cudaEventRecord(b));
    CK(cudaEventSynchronize(b));
    float ms = 0.0f;
    CK(cudaEventElapsedTime(&ms, a, b));
    t.push_back(ms);
  }
  CK(cudaEventDestroy(a));
  CK(cudaEventDestroy(b));
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

/** `check` is "same result", "RESULTS DIFFER", or a note where the pair computes different things on purpose. */
static void report(const char* rule, const char* slow, float slow_ms, const char* fast, float fast_ms, const char* check) {
  std::printf("%-26s %-34s %8.4f ms | %-30s %8.4f ms | %5.2fx %s\n", rule, slow, slow_ms, fast, fast_ms, slow_ms / fast_ms, check);
}

static const char* same(bool ok) { return ok ? "same result" : "RESULTS DIFFER"; }

// uncoalesced-global-access: transpose with a strided store vs through a padded shared tile.
__global__ void transpose_strided(const float* in, float* out, int n) {
  int x = blockIdx.x * 32 + threadIdx.x, y = blockIdx.y * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8) out[x * n + (y + j)] = in[(y + j) * n + x];
}
// The tiled transpose: PAD = 1 gives the padded [32][33] tile (the fast side of both pairs), PAD = 0 the
// unpadded [32][32] tile of shared-bank-conflict (32-way conflicts on the column reads).
template <int PAD>
__global__ void transpose_tiled(const float* in, float* out, int n) {
  __shared__ float tile[32][32 + PAD];
  int x = blockIdx.x * 32 + threadIdx.x, y = blockIdx.y * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * n + x];
  __syncthreads();
  x = blockIdx.y * 32 + threadIdx.x;
  y = blockIdx.x * 32 + threadIdx.y;
  for (int j = 0; j < 32; j += 8) out[(y + j) * n + x] = tile[threadIdx.x][threadIdx.y + j];
}

// scalar-loads: four scalar loads per thread vs one float4.
__global__ void sum4_scalar(const float* x, float* y, int groups) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < groups) y[i] = x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3];
}
__global__ void sum4_vector(const float* x, float* y, int groups) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < groups) { float4 v = reinterpret_cast<const float4*>(x)[i]; y[i] = v.x + v.y + v.z + v.w; }
}

// naive-gemm vs a 32x32 shared-memory tiled product (n a multiple of 32).
__global__ void gemm_naive(const float* A, const float* B, float* C, int n) {
  int row = blockIdx.y * blockDim.y + threadIdx.y, col = blockIdx.x * blockDim.x + threadIdx.x;
  float acc = 0.0f;
  for (int k = 0; k < n; ++k) acc += A[row * n + k] * B[k * n + col];
  C[row * n + col] = acc;
}
__global__ void gemm_tiled(const float* A, const float* B, float* C, int n) {
  __shared__ float As[32][32], Bs[32][33];
  int row = blockIdx.y * 32 + threadIdx.y, col = blockIdx.x * 32 + threadIdx.x;
  float acc = 0.0f;
  for (int t = 0; t < n; t += 32) {
    As[threadIdx.y][threadIdx.x] = A[row * n + t + threadIdx.x];
    Bs[threadIdx.y][threadIdx.x] = B[(t + threadIdx.y) * n + col];
    __syncthreads();
    for (int k = 0; k < 32; ++k) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    __syncthreads();
  }
  C[row * n + col] = acc;
}

// shared-reduction-tail: barriers down to stride 1 vs stopping at 32 and finishing with shuffles.
__global__ void reduce_barriers(const float* in, float* out) {
  __shared__ float s[256];
  unsigned int tid = threadIdx.x;
  s[tid] = in[blockIdx.x * 256 + tid];
  __syncthreads();
  for (unsigned int stride = 128; stride > 0; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (tid == 0) out[blockIdx.x] = s[0];
}
__global__ void reduce_shuffle_tail(const float* in, float* out) {
  __shared__ float s[256];
  unsigned int tid = threadIdx.x;
  s[tid] = in[blockIdx.x * 256 + tid];
  __syncthreads();
  for (unsigned int stride = 128; stride >= 32; stride >>= 1) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  if (tid < 32) {
    float v = s[tid];
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    if (tid == 0) out[blockIdx.x] = v;
  }
}

// three-pass-softmax vs online softmax, one warp per row.
__device__ float wmax(float v) { for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o)); return v; }
__device__ float wsum(float v) { for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o); return v; }
__global__ void softmax_three_pass(const float* x, float* y, int cols) {
  const float* xr = x + (size_t)blockIdx.x * cols;
  float* yr = y + (size_t)blockIdx.x * cols;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += 32) m = fmaxf(m, xr[c]);
  m = wmax(m);
  float s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += 32) s += __expf(xr[c] - m);
  s = wsum(s);
  for (int c = threadIdx.x; c < cols; c += 32) yr[c] = __expf(xr[c] - m) / s;
}
__global__ void softmax_online(const float* x, float* y, int cols) {
  const float* xr = x + (size_t)blockIdx.x * cols;
  float* yr = y + (size_t)blockIdx.x * cols;
  float m = -INFINITY, s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += 32) {
    float v = xr[c], mn = fmaxf(m, v);
    s = s * __expf(m - mn) + __expf(v - mn);
    m = mn;
  }
  for (int o = 16; o > 0; o >>= 1) {
    float m2 = __shfl_xor_sync(0xffffffffu, m, o), s2 = __shfl_xor_sync(0xffffffffu, s, o);
    float mn = fmaxf(m, m2);
    s = s * __expf(m - mn) + s2 * __expf(m2 - mn);
    m = mn;
  }
  for (int c = threadIdx.x; c < cols; c += 32) yr[c] = __expf(xr[c] - m) / s;
}

// The same two softmax forms for long rows (one 1024-thread block per row), where a row no longer stays in
// cache between passes and the extra pass costs DRAM traffic.
__device__ float block_max(float v, float* red) {
  v = wmax(v);
  if (threadIdx.x % 32 == 0) red[threadIdx.x / 32] = v;
  __syncthreads();
  v = wmax(threadIdx.x < blockDim.x / 32 ? red[threadIdx.x % 32] : -INFINITY);
  __syncthreads();
  return v;
}
__device__ float block_sum(float v, float* red) {
  v = wsum(v);
  if (threadIdx.x % 32 == 0) red[threadIdx.x / 32] = v;
  __syncthreads();
  v = wsum(threadIdx.x < blockDim.x / 32 ? red[threadIdx.x % 32] : 0.0f);
  __syncthreads();
  return v;
}
__global__ void softmax_long_three_pass(const float* x, float* y, int cols) {
  __shared__ float red[32];
  const float* xr = x + (size_t)blockIdx.x * cols;
  float* yr = y + (size_t)blockIdx.x * cols;
  float m = -INFINITY;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) m = fmaxf(m, xr[c]);
  m = block_max(m, red);
  float s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) s += __expf(xr[c] - m);
  s = block_sum(s, red);
  for (int c = threadIdx.x; c < cols; c += blockDim.x) yr[c] = __expf(xr[c] - m) / s;
}
__global__ void softmax_long_online(const float* x, float* y, int cols) {
  __shared__ float red[32];
  const float* xr = x + (size_t)blockIdx.x * cols;
  float* yr = y + (size_t)blockIdx.x * cols;
  float m = -INFINITY, s = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) {
    float v = xr[c], mn = fmaxf(m, v);
    s = s * __expf(m - mn) + __expf(v - mn);
    m = mn;
  }
  float bm = block_max(m, red);
  s = block_sum(s * __expf(m - bm), red);
  for (int c = threadIdx.x; c < cols; c += blockDim.x) yr[c] = __expf(xr[c] - bm) / s;
}

// global-atomic-contention: every thread adds into one counter vs one atomic per block.
__global__ void count_every_thread(const float* x, unsigned int* total, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && x[i] > 0.5f) atomicAdd(total, 1u);
}
__global__ void count_per_block(const float* x, unsigned int* total, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned int v = __popc(__ballot_sync(0xffffffffu, i < n && x[i] > 0.5f));
  __shared__ unsigned int warps[32];
  if (threadIdx.x % 32 == 0) warps[threadIdx.x / 32] = v;
  __syncthreads();
  if (threadIdx.x < 32) {
    unsigned int w = threadIdx.x < blockDim.x / 32 ? warps[threadIdx.x] : 0u;
    for (int o = 16; o > 0; o >>= 1) w += __shfl_down_sync(0xffffffffu, w, o);
    if (threadIdx.x == 0) atomicAdd(total, w);
  }
}

// warp-divergence: even/odd lanes take different branches vs even/odd warps.
__global__ void branch_by_lane(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  if (threadIdx.x % 2 == 0) { for (int k = 0; k < 32; ++k) v = sinf(v) * 0.9f + 0.1f; }
  else { for (int k = 0; k < 32; ++k) v = cosf(v) * 0.9f - 0.1f; }
  y[i] = v;
}
__global__ void branch_by_warp(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  if ((threadIdx.x / 32) % 2 == 0) { for (int k = 0; k < 32; ++k) v = sinf(v) * 0.9f + 0.1f; }
  else { for (int k = 0; k < 32; ++k) v = cosf(v) * 0.9f - 0.1f; }
  y[i] = v;
}

// fp64-on-consumer-gpu: double literals in float math vs float literals.
__global__ void poly_double_literals(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  for (int k = 0; k < 64; ++k) v = v * 0.999 + 0.001;
  y[i] = v;
}
__global__ void poly_float_literals(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  for (int k = 0; k < 64; ++k) v = v * 0.999f + 0.001f;
  y[i] = v;
}

static bool close_arrays(const float* a, const float* b, size_t n, float tol) {
  std::vector<float> ha(n), hb(n);
  CK(cudaMemcpy(ha.data(), a, n * sizeof(float), cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(hb.data(), b, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (size_t i = 0; i < n; ++i) if (std::fabs(ha[i] - hb[i]) > tol * (1.0f + std::fabs(hb[i]))) return false;
  return true;
}

int main() {
  cudaDeviceProp p;
  CK(cudaGetDeviceProperties(&p, 0));
  std::printf("device: %s (%d SMs)\n", p.name, p.multiProcessorCount);
  const int n = 4096;                       // matrices n x n for transposes
  const size_t big = (size_t)n * n;         // 16M floats = 64 MB
  float *x, *y, *z;
  CK(cudaMalloc(&x, big * sizeof(float)));
  CK(cudaMalloc(&y, big * sizeof(float)));
  CK(cudaMalloc(&z, big * sizeof(float)));
  std::vector<float> h(big);
  unsigned int seed = 7u;
  for (size_t i = 0; i < big; ++i) { seed = seed * 1664525u + 1013904223u; h[i] = (float)((seed >> 8) & 0xFFFF) / 65536.0f; }
  CK(cudaMemcpy(x, h.data(), big * sizeof(float), cudaMemcpyHostToDevice));

  dim3 tb(32, 8), tg(n / 32, n / 32);
  float a = median_ms([&] { transpose_strided<<<tg, tb>>>(x, y, n); });
  float b = median_ms([&] { transpose_tiled<1><<<tg, tb>>>(x, z, n); });
  report("uncoalesced-global-access", "transpose, strided store", a, "tiled [32][33]", b, same(close_arrays(y, z, big, 0.0f)));
  a = median_ms([&] { transpose_tiled<0><<<tg, tb>>>(x, y, n); });
  report("shared-bank-conflict", "tiled [32][32] (32-way)", a, "tiled [32][33]", b, same(close_arrays(y, z, big, 0.0f)));

  const int groups = (int)(big / 4);
  a = median_ms([&] { sum4_scalar<<<(groups + 255) / 256, 256>>>(x, y, groups); });
  b = median_ms([&] { sum4_vector<<<(groups + 255) / 256, 256>>>(x, z, groups); });
  report("scalar-loads", "4 scalar loads / thread", a, "1 float4 load / thread", b, same(close_arrays(y, z, groups, 1e-6f)));

  const int gn = 1024;
  a = median_ms([&] { gemm_naive<<<dim3(gn / 32, gn / 32), dim3(32, 32)>>>(x, x + gn * gn, y, gn); });
  b = median_ms([&] { gemm_tiled<<<dim3(gn / 32, gn / 32), dim3(32, 32)>>>(x, x + gn * gn, z, gn); });
  report("naive-gemm", "1024^3 naive k-loop", a, "32x32 shared tiles", b, same(close_arrays(y, z, (size_t)gn * gn, 1e-4f)));

  const int blocks = (int)(big / 256);
  a = median_ms([&] { reduce_barriers<<<blocks, 256>>>(x, y); });
  b = median_ms([&] { reduce_shuffle_tail<<<blocks, 256>>>(x, z); });
  report("shared-reduction-tail", "barriers to stride 1", a, "stop at 32 + shuffles", b, same(close_arrays(y, z, blocks, 1e-5f)));

  const int rows = 16384, cols = 1024;
  a = median_ms([&] { softmax_three_pass<<<rows, 32>>>(x, y, cols); });
  b = median_ms([&] { softmax_online<<<rows, 32>>>(x, z, cols); });
  report("three-pass-softmax", "3 passes, 16384 x 1024", a, "online (2 passes)", b, same(close_arrays(y, z, (size_t)rows * cols, 1e-4f)));
  const int long_rows = 128, long_cols = 1 << 17;  // 128 rows of 512 KB: 64 MB in flight, more than the L2
  a = median_ms([&] { softmax_long_three_pass<<<long_rows, 1024>>>(x, y, long_cols); });
  b = median_ms([&] { softmax_long_online<<<long_rows, 1024>>>(x, z, long_cols); });
  report("three-pass-softmax", "3 passes, 128 x 128K", a, "online (2 passes)", b, same(close_arrays(y, z, (size_t)long_rows * long_cols, 1e-3f)));

  unsigned int* cnt;
  CK(cudaMalloc(&cnt, 2 * sizeof(unsigned int)));
  const int m = (int)big;
  a = median_ms([&] { count_every_thread<<<m / 256, 256>>>(x, cnt, m); });
  b = median_ms([&] { count_per_block<<<m / 256, 256>>>(x, cnt + 1, m); });
  unsigned int hc[2];
  CK(cudaMemset(cnt, 0, 2 * sizeof(unsigned int)));
  count_every_thread<<<m / 256, 256>>>(x, cnt, m);
  count_per_block<<<m / 256, 256>>>(x, cnt + 1, m);
  CK(cudaMemcpy(hc, cnt, sizeof(hc), cudaMemcpyDeviceToHost));
  report("global-atomic-contention", "16M atomics on one address", a, "1 atomic per block", b, same(hc[0] == hc[1]));

  const int dn = 1 << 22;
  a = median_ms([&] { branch_by_lane<<<dn / 256, 256>>>(x, y, dn); });
  b = median_ms([&] { branch_by_warp<<<dn / 256, 256>>>(x, z, dn); });
  report("warp-divergence", "branch on threadIdx.x % 2", a, "branch on warp index", b, "(lanes vs warps: same work)");

  a = median_ms([&] { poly_double_literals<<<dn / 256, 256>>>(x, y, dn); });
  b = median_ms([&] { poly_float_literals<<<dn / 256, 256>>>(x, z, dn); });
  report("fp64-on-consumer-gpu", "64 steps with 0.999 / 0.001", a, "0.999f / 0.001f", b, same(close_arrays(y, z, dn, 1e-3f)));

  CK(cudaFree(x)); CK(cudaFree(y)); CK(cudaFree(z)); CK(cudaFree(cnt));
  return 0;
}
