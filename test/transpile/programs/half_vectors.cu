// __half and __nv_bfloat16 conversions and arithmetic, __half2, vector types (float4 loads through
// reinterpret_cast, make_float4, float3, int2) and __ldg.
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include "check.h"

__global__ void half_axpy(const __half* x, __half* y, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    __half ha = __float2half(a);
    y[i] = __hadd(__hmul(ha, x[i]), y[i]);
  }
}

__global__ void half2_scale(__half2* v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) v[i] = __hmul2(v[i], __floats2half2_rn(2.0f, 0.5f));
}

__global__ void bf16_round(const float* in, __nv_bfloat16* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = __float2bfloat16(in[i]);
}

__global__ void vec4_ops(const float* __restrict__ in, float4* out, float3* cross, int2* idx, int n4) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n4) return;
  float4 v = reinterpret_cast<const float4*>(in)[i];
  float s = __ldg(&in[4 * i]);
  out[i] = make_float4(v.x + s, v.y * 2.0f, v.z - v.w, v.w);
  float3 a = make_float3(v.x, v.y, v.z), b = make_float3(v.y, v.z, v.w);
  cross[i] = make_float3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
  idx[i] = make_int2(i, 4 * i + 3);
}

int main() {
  const int n = 1000;
  int bad = 0;
  __half hx[n], hy[n];
  float fx[n], fy[n];
  for (int i = 0; i < n; ++i) {
    fx[i] = next_unit() * 4 - 2; fy[i] = next_unit();
    hx[i] = __float2half(fx[i]); hy[i] = __float2half(fy[i]);
  }
  __half *dx, *dy;
  CK(cudaMalloc(&dx, sizeof hx)); CK(cudaMalloc(&dy, sizeof hy));
  CK(cudaMemcpy(dx, hx, sizeof hx, cudaMemcpyHostToDevice));
  CK(cudaMemcpy(dy, hy, sizeof hy, cudaMemcpyHostToDevice));
  half_axpy<<<(n + 127) / 128, 128>>>(dx, dy, 1.5f, n);
  __half out[n];
  CK(cudaMemcpy(out, dy, sizeof out, cudaMemcpyDeviceToHost));
  // nvcc may contract __hadd(__hmul(a, b), c) into one half-precision FMA (a single rounding), so allow one
  // half-precision rounding step (2^-10 relative) of difference.
  for (int i = 0; i < n; ++i) {
    float want = 1.5f * __half2float(hx[i]) + __half2float(hy[i]);
    if (fabsf(__half2float(out[i]) - want) > 2e-3f * (1.0f + fabsf(want))) ++bad;
  }
  if (__half2float(__float2half(0.1f)) != 0.0999755859375f) ++bad;
  if (__half2float(__float2half(65504.0f)) != 65504.0f) ++bad;

  __half2 h2[n / 2];
  for (int i = 0; i < n / 2; ++i) h2[i] = __floats2half2_rn(fx[i], fy[i]);
  __half2* d2;
  CK(cudaMalloc(&d2, sizeof h2));
  CK(cudaMemcpy(d2, h2, sizeof h2, cudaMemcpyHostToDevice));
  half2_scale<<<4, 128>>>(d2, n / 2);
  CK(cudaMemcpy(h2, d2, sizeof h2, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n / 2; ++i) {
    if (__low2float(h2[i]) != __half2float(__float2half(__half2float(__float2half(fx[i])) * 2.0f))) ++bad;
    if (__high2float(h2[i]) != __half2float(__float2half(__half2float(__float2half(fy[i])) * 0.5f))) ++bad;
  }

  float* dfx;
  __nv_bfloat16* db;
  CK(cudaMalloc(&dfx, sizeof fx)); CK(cudaMalloc(&db, n * sizeof(__nv_bfloat16)));
  CK(cudaMemcpy(dfx, fx, sizeof fx, cudaMemcpyHostToDevice));
  bf16_round<<<8, 128>>>(dfx, db, n);
  __nv_bfloat16 hb[n];
  CK(cudaMemcpy(hb, db, sizeof hb, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) if (fabsf(__bfloat162float(hb[i]) - fx[i]) > fabsf(fx[i]) / 128.0f) ++bad;

  const int n4 = n / 4;
  float4* d4; float3* d3; int2* di;
  CK(cudaMalloc(&d4, n4 * sizeof(float4))); CK(cudaMalloc(&d3, n4 * sizeof(float3))); CK(cudaMalloc(&di, n4 * sizeof(int2)));
  vec4_ops<<<2, 128>>>(dfx, d4, d3, di, n4);
  float4 o4[n4]; float3 o3[n4]; int2 oi[n4];
  CK(cudaMemcpy(o4, d4, sizeof o4, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(o3, d3, sizeof o3, cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(oi, di, sizeof oi, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n4; ++i) {
    const float* v = fx + 4 * i;
    if (o4[i].x != v[0] + v[0] || o4[i].y != v[1] * 2.0f || o4[i].z != v[2] - v[3] || o4[i].w != v[3]) ++bad;
    if (!near(o3[i].x, v[1] * v[3] - v[2] * v[2], 1e-6)) ++bad;
    if (oi[i].x != i || oi[i].y != 4 * i + 3) ++bad;
  }
  return finish("half_vectors", bad);
}
