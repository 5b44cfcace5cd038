// uncoalesced-global-access: a naive transpose. Consecutive threads read consecutive elements of a row
// (coalesced), but write them down a column of the output, `rows` elements apart: every lane of a warp
// stores into its own 32-byte sector, 8x the write traffic of a unit-stride store.
#include "sample_check.h"

__global__ void transpose_naive(const float* __restrict__ in, float* __restrict__ out, int rows, int cols) {
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  int row = blockIdx.y;
  if (col < cols) out[col * rows + row] = in[row * cols + col];
}

int main() {
  const int rows = 300, cols = 500;
  const size_t bytes = (size_t)rows * cols * sizeof(float);
  float* h = (float*)malloc(bytes);
  float* t = (float*)malloc(bytes);
  for (int i = 0; i < rows * cols; ++i) h[i] = next_input();
  float *din, *dout;
  CUDA_CHECK(cudaMalloc(&din, bytes));
  CUDA_CHECK(cudaMalloc(&dout, bytes));
  CUDA_CHECK(cudaMemcpy(din, h, bytes, cudaMemcpyHostToDevice));
  dim3 block(128);
  dim3 grid((cols + block.x - 1) / block.x, rows);
  transpose_naive<<<grid, block>>>(din, dout, rows, cols);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpy(t, dout, bytes, cudaMemcpyDeviceToHost));
  int wrong = 0;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      if (t[c * rows + r] != h[r * cols + c]) ++wrong;
  CUDA_CHECK(cudaFree(din));
  CUDA_CHECK(cudaFree(dout));
  free(h); free(t);
  return finish("uncoalesced_global_access", wrong, rows * cols);
}
