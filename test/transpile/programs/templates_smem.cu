// Templates and dynamic shared memory: a kernel templated on type, block size and a functor, a templated
// warp reduction helper (inlined into the kernel), and one extern __shared__ buffer carved into two arrays.
#include "check.h"

struct Square { template <typename T> __host__ __device__ T operator()(T v) const { return v * v; } };
struct Negate { template <typename T> __host__ __device__ T operator()(T v) const { return -v; } };

template <typename T>
__device__ __forceinline__ T warp_reduce(T v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  return v;
}

template <typename T, int BLOCK, typename Op>
__global__ void map_reduce(const T* in, T* out, int n, Op op) {
  extern __shared__ unsigned char smem[];
  T* vals = reinterpret_cast<T*>(smem);
  int* counts = reinterpret_cast<int*>(smem + BLOCK * sizeof(T));
  int i = blockIdx.x * BLOCK + threadIdx.x;
  vals[threadIdx.x] = i < n ? op(in[i]) : T(0);
  counts[threadIdx.x] = i < n ? 1 : 0;
  __syncthreads();
  T v = vals[threadIdx.x];
  __syncthreads();  // every warp has read its values before lane 0s overwrite vals[0..BLOCK/32)
  v = warp_reduce<T>(v);
  if ((threadIdx.x & 31) == 0) vals[threadIdx.x / 32] = v;
  __syncthreads();
  if (threadIdx.x < 32) {
    T w = threadIdx.x < BLOCK / 32 ? vals[threadIdx.x] : T(0);
    w = warp_reduce(w);
    if (threadIdx.x == 0) out[blockIdx.x] = w + T(counts[0] * 0);
  }
}

template <typename T, int BLOCK, typename Op>
int check(const char* name, Op op, double tol) {
  const int n = 3000, blocks = (n + BLOCK - 1) / BLOCK;
  T* h = new T[n];
  for (int i = 0; i < n; ++i) h[i] = (T)(next_unit() * 10);
  T *d, *dout;
  CK(cudaMalloc(&d, n * sizeof(T)));
  CK(cudaMalloc(&dout, blocks * sizeof(T)));
  CK(cudaMemcpy(d, h, n * sizeof(T), cudaMemcpyHostToDevice));
  map_reduce<T, BLOCK><<<blocks, BLOCK, BLOCK * (sizeof(T) + sizeof(int))>>>(d, dout, n, op);
  T* got = new T[blocks];
  CK(cudaMemcpy(got, dout, blocks * sizeof(T), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int b = 0; b < blocks; ++b) {
    double want = 0;
    for (int t = 0; t < BLOCK && b * BLOCK + t < n; ++t) want += (double)op(h[b * BLOCK + t]);
    if (!near((double)got[b], want, tol)) ++bad;
  }
  std::printf("  %s: %d bad\n", name, bad);
  delete[] h; delete[] got;
  cudaFree(d); cudaFree(dout);
  return bad;
}

int main() {
  int bad = check<float, 128>("float/square", Square(), 1e-5);
  bad += check<int, 256>("int/negate", Negate(), 0);
  bad += check<double, 64>("double/square", Square(), 1e-12);
  return finish("templates_smem", bad);
}
