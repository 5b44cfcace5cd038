// cuBLAS GEMM timings for the cost model: a few square and skinny shapes in FP32 (CUDA cores, cuBLAS's
// default math), TF32, FP16 and BF16 (tensor cores, FP32 accumulate), each warmed up and timed with
// events over repeated calls. Prints CSV rows `gemm,m,n,k,dtype,us`.
#include <cstdio>
#include <cstdlib>
#include <cublas_v2.h>
#include <cuda_runtime.h>

#define CK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
  std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(e_)); std::exit(1); } } while (0)
#define CB(call) do { cublasStatus_t s_ = (call); if (s_ != CUBLAS_STATUS_SUCCESS) { \
  std::fprintf(stderr, "%s:%d: cuBLAS status %d\n", __FILE__, __LINE__, (int)s_); std::exit(1); } } while (0)

struct Dtype { const char* name; cudaDataType_t ab; cudaDataType_t c; cublasComputeType_t compute; size_t bytes; };

int main() {
  const Dtype dtypes[] = {
    {"fp32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, 4},
    {"tf32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32, 4},
    {"fp16", CUDA_R_16F, CUDA_R_16F, CUBLAS_COMPUTE_32F, 2},
    {"bf16", CUDA_R_16BF, CUDA_R_16BF, CUBLAS_COMPUTE_32F, 2},
  };
  const int shapes[][3] = {
    {256, 256, 256}, {1024, 1024, 1024}, {2048, 2048, 2048}, {4096, 4096, 4096}, {8192, 8192, 8192},
    {4096, 4096, 256}, {8192, 256, 8192}, {1000, 1000, 1000}, {16896, 256, 4096}, {17024, 256, 4096},
  };
  // Buffers sized for the largest operand of any shape (A is m x k, B is k x n, C is m x n).
  size_t maxElems = 0;
  for (const auto& s : shapes) {
    const size_t m = s[0], n = s[1], k = s[2];
    for (size_t e : {m * k, k * n, m * n}) maxElems = e > maxElems ? e : maxElems;
  }
  void *a, *b, *c;
  CK(cudaMalloc(&a, maxElems * 4)); CK(cudaMalloc(&b, maxElems * 4)); CK(cudaMalloc(&c, maxElems * 4));
  CK(cudaMemset(a, 0, maxElems * 4)); CK(cudaMemset(b, 0, maxElems * 4));
  cublasHandle_t h;
  CB(cublasCreate(&h));
  cudaEvent_t e0, e1;
  CK(cudaEventCreate(&e0)); CK(cudaEventCreate(&e1));
  const float one = 1.0f, zero = 0.0f;
  for (const Dtype& d : dtypes) {
    for (const auto& s : shapes) {
      const int m = s[0], n = s[1], k = s[2];
      auto call = [&] {
        CB(cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &one, a, d.ab, m, b, d.ab, k, &zero, c, d.c, m,
                        d.compute, CUBLAS_GEMM_DEFAULT));
      };
      for (int i = 0; i < 3; ++i) call();
      CK(cudaDeviceSynchronize());
      // Enough repetitions for ~20 ms of work, at least 5 and at most 200.
      CK(cudaEventRecord(e0)); call(); CK(cudaEventRecord(e1)); CK(cudaEventSynchronize(e1));
      float once = 0.0f; CK(cudaEventElapsedTime(&once, e0, e1));
      int iters = (int)(20.0f / (once > 1e-3f ? once : 1e-3f));
      iters = iters < 5 ? 5 : iters > 200 ? 200 : iters;
      CK(cudaEventRecord(e0));
      for (int i = 0; i < iters; ++i) call();
      CK(cudaEventRecord(e1)); CK(cudaEventSynchronize(e1));
      float ms = 0.0f; CK(cudaEventElapsedTime(&ms, e0, e1));
      std::printf("gemm,%d,%d,%d,%s,%.3f\n", m, n, k, d.name, ms * 1000.0f / iters);
    }
  }
  CB(cublasDestroy(h));
  return 0;
}
