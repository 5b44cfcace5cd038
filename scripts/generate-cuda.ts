// Generates a large, realistic CUDA translation unit for benchmarks: many small kernels (element-wise,
// shared-memory reductions, tiled loops) with host code that launches them in loops.
export function generateCudaFile(targetLines: number): string {
  const out: string[] = ['#include <cuda_runtime.h>', '#define BLOCK 256', '#define TILE 16', ''];
  let k = 0;
  while (out.length < targetLines - 40) {
    out.push(
      `__global__ void scale_${k}(const float* __restrict__ x, float* __restrict__ y, float a, int n) {`,
      '  int i = blockIdx.x * blockDim.x + threadIdx.x;',
      '  if (i < n) y[i] = a * x[i] + 1.0f;',
      '}',
      '',
      `__global__ void reduce_${k}(const float* x, float* out, int n) {`,
      '  __shared__ float buf[BLOCK];',
      '  int tid = threadIdx.x;',
      '  int i = blockIdx.x * blockDim.x + threadIdx.x;',
      '  buf[tid] = i < n ? x[i] : 0.0f;',
      '  __syncthreads();',
      '  for (int s = blockDim.x / 2; s > 0; s >>= 1) {',
      '    if (tid < s) buf[tid] += buf[tid + s];',
      '    __syncthreads();',
      '  }',
      '  if (tid == 0) out[blockIdx.x] = buf[0];',
      '}',
      '',
      `__global__ void tile_${k}(const float* a, float* b, int w) {`,
      '  __shared__ float t[TILE][TILE + 1];',
      '  int x = blockIdx.x * TILE + threadIdx.x, y = blockIdx.y * TILE + threadIdx.y;',
      '  t[threadIdx.y][threadIdx.x] = a[y * w + x];',
      '  __syncthreads();',
      '  b[x * w + y] = t[threadIdx.y][threadIdx.x];',
      '}',
      '',
      `void run_${k}(float* dx, float* dy, int n) {`,
      '  for (int step = 0; step < 10; ++step) {',
      `    scale_${k}<<<(n + BLOCK - 1) / BLOCK, BLOCK>>>(dx, dy, 0.5f, n);`,
      `    reduce_${k}<<<(n + BLOCK - 1) / BLOCK, BLOCK>>>(dy, dx, n);`,
      '  }',
      `  tile_${k}<<<dim3(64, 64), dim3(TILE, TILE)>>>(dx, dy, 1024);`,
      '  cudaDeviceSynchronize();',
      '}',
      '',
    );
    k++;
  }
  out.push('int main() {', '  float *dx, *dy;', '  const int n = 1 << 20;',
    '  cudaMalloc(&dx, n * sizeof(float));', '  cudaMalloc(&dy, n * sizeof(float));');
  for (let i = 0; i < k && out.length < targetLines - 3; i++) out.push(`  run_${i}(dx, dy, n);`);
  out.push('  return 0;', '}');
  while (out.length < targetLines) out.push('// padding');
  return out.join('\n') + '\n';
}
