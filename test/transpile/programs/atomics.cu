// Atomics on floats and doubles (atomicAdd), integer min/max/inc/CAS, and a float atomic max built from
// atomicCAS on the bit pattern, on global and shared memory.
#include "check.h"

__device__ float atomic_max_float(float* addr, float v) {
  int* ia = (int*)addr;
  int old = *ia, assumed;
  do {
    assumed = old;
    if (__int_as_float(assumed) >= v) break;
    old = atomicCAS(ia, assumed, __float_as_int(v));
  } while (assumed != old);
  return __int_as_float(old);
}

__global__ void accumulate(const float* x, int n, float* fsum, double* dsum, int* imin, int* imax,
                           unsigned* ticket, float* fmax_out) {
  __shared__ float block_sum;
  if (threadIdx.x == 0) block_sum = 0.0f;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    atomicAdd(&block_sum, x[i]);
    atomicAdd(dsum, (double)x[i]);
    int q = (int)(x[i] * 1000.0f);
    atomicMin(imin, q);
    atomicMax(imax, q);
    atomicInc(ticket, 0xffffffffu);
    atomic_max_float(fmax_out, x[i]);
  }
  __syncthreads();
  if (threadIdx.x == 0) atomicAdd(fsum, block_sum);
}

int main() {
  const int n = 20000;
  float* h = new float[n];
  for (int i = 0; i < n; ++i) h[i] = next_unit();
  float *dx, *dfs, *dfm;
  double* dds;
  int *dmin, *dmax;
  unsigned* dt;
  CK(cudaMalloc(&dx, n * sizeof(float)));
  CK(cudaMalloc(&dfs, sizeof(float))); CK(cudaMalloc(&dfm, sizeof(float))); CK(cudaMalloc(&dds, sizeof(double)));
  CK(cudaMalloc(&dmin, sizeof(int))); CK(cudaMalloc(&dmax, sizeof(int))); CK(cudaMalloc(&dt, sizeof(unsigned)));
  CK(cudaMemcpy(dx, h, n * sizeof(float), cudaMemcpyHostToDevice));
  CK(cudaMemset(dfs, 0, sizeof(float))); CK(cudaMemset(dfm, 0, sizeof(float))); CK(cudaMemset(dds, 0, sizeof(double)));
  CK(cudaMemset(dt, 0, sizeof(unsigned)));
  int big = 1 << 30, small = -(1 << 30);
  CK(cudaMemcpy(dmin, &big, sizeof(int), cudaMemcpyHostToDevice));
  CK(cudaMemcpy(dmax, &small, sizeof(int), cudaMemcpyHostToDevice));
  accumulate<<<16, 128>>>(dx, n, dfs, dds, dmin, dmax, dt, dfm);
  float fs, fm; double ds; int mn, mx; unsigned t;
  CK(cudaMemcpy(&fs, dfs, sizeof fs, cudaMemcpyDeviceToHost)); CK(cudaMemcpy(&fm, dfm, sizeof fm, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(&ds, dds, sizeof ds, cudaMemcpyDeviceToHost)); CK(cudaMemcpy(&mn, dmin, sizeof mn, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(&mx, dmax, sizeof mx, cudaMemcpyDeviceToHost)); CK(cudaMemcpy(&t, dt, sizeof t, cudaMemcpyDeviceToHost));
  double want = 0; float wmax = 0; int wmin = big, wmx = small;
  for (int i = 0; i < n; ++i) {
    want += h[i];
    wmax = h[i] > wmax ? h[i] : wmax;
    int q = (int)(h[i] * 1000.0f);
    wmin = q < wmin ? q : wmin;
    wmx = q > wmx ? q : wmx;
  }
  int bad = 0;
  if (!near(fs, want, 1e-4)) ++bad;
  if (!near(ds, want, 1e-9)) ++bad;
  if (mn != wmin || mx != wmx) ++bad;
  if (t != (unsigned)n) ++bad;
  if (fm != wmax) ++bad;
  delete[] h;
  return finish("atomics", bad);
}
