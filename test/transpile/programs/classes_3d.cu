// A class with __host__ __device__ members and operators used on both sides, a struct with a constructor
// passed by value, a 3-D grid of 3-D blocks, and `#pragma unroll N` loops.
#include "check.h"

class Complex {
 public:
  __host__ __device__ Complex() : re_(0), im_(0) {}
  __host__ __device__ Complex(float re, float im) : re_(re), im_(im) {}
  __host__ __device__ Complex operator*(const Complex& o) const { return Complex(re_ * o.re_ - im_ * o.im_, re_ * o.im_ + im_ * o.re_); }
  __host__ __device__ Complex& operator+=(const Complex& o) { re_ += o.re_; im_ += o.im_; return *this; }
  __host__ __device__ float norm2() const { return re_ * re_ + im_ * im_; }
  __host__ __device__ float re() const { return re_; }
 private:
  float re_, im_;
};

struct Volume {
  int nx, ny, nz;
  __host__ __device__ Volume(int x, int y, int z) : nx(x), ny(y), nz(z) {}
  __host__ __device__ int at(int x, int y, int z) const { return (z * ny + y) * nx + x; }
};

__global__ void powers(const Complex* in, Complex* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Complex acc, p = in[i];
#pragma unroll 4
  for (int k = 0; k < 8; ++k) { acc += p; p = p * in[i]; }
  out[i] = acc;
}

__global__ void fill3d(int* vol, Volume v) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z * blockDim.z + threadIdx.z;
  if (x < v.nx && y < v.ny && z < v.nz) vol[v.at(x, y, z)] = x + 100 * y + 10000 * z + threadIdx.z * 1000000;
}

int main() {
  const int n = 500;
  Complex h[n];
  for (int i = 0; i < n; ++i) h[i] = Complex(next_unit() - 0.5f, next_unit() - 0.5f);
  Complex *d, *dout;
  CK(cudaMalloc(&d, sizeof h)); CK(cudaMalloc(&dout, sizeof h));
  CK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  powers<<<(n + 63) / 64, 64>>>(d, dout, n);
  Complex got[n];
  CK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    Complex acc, p = h[i];
    for (int k = 0; k < 8; ++k) { acc += p; p = p * h[i]; }
    if (!near(got[i].re(), acc.re(), 1e-5) || !near(got[i].norm2(), acc.norm2(), 1e-5)) ++bad;
  }
  Volume v(19, 13, 7);
  int* dv;
  int cells = v.nx * v.ny * v.nz;
  CK(cudaMalloc(&dv, cells * sizeof(int)));
  dim3 block(8, 4, 2), grid((v.nx + 7) / 8, (v.ny + 3) / 4, (v.nz + 1) / 2);
  fill3d<<<grid, block>>>(dv, v);
  int* hv = new int[cells];
  CK(cudaMemcpy(hv, dv, cells * sizeof(int), cudaMemcpyDeviceToHost));
  for (int z = 0; z < v.nz; ++z)
    for (int y = 0; y < v.ny; ++y)
      for (int x = 0; x < v.nx; ++x)
        if (hv[v.at(x, y, z)] != x + 100 * y + 10000 * z + (z % 2) * 1000000) ++bad;
  delete[] hv;
  return finish("classes_3d", bad);
}
