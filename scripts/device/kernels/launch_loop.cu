// Launch overhead: a small kernel (4096 elements) launched 1000 times back to back from a host loop,
// then the same 1000 launches captured once into a CUDA graph and replayed. Rows report time per launch.
#include "timing.cuh"

__global__ void small_step(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = x[i] * 0.5f + 1.0f;
}

int main() {
  const int n = 4096, steps = 1000;
  float* x;
  CK(cudaMalloc(&x, n * sizeof(float)));
  CK(cudaMemset(x, 0, n * sizeof(float)));
  dim3 block(256), grid(n / 256);
  cudaStream_t s;
  CK(cudaStreamCreate(&s));

  float loop = time_launches([&] {
    for (int r = 0; r < steps; ++r) small_step<<<grid, block, 0, s>>>(x, n);
  }, 1, 5);
  report("small_step", grid, block, loop / steps);

  cudaGraph_t graph;
  cudaGraphExec_t exec;
  CK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
  for (int r = 0; r < steps; ++r) small_step<<<grid, block, 0, s>>>(x, n);
  CK(cudaStreamEndCapture(s, &graph));
  CK(cudaGraphInstantiate(&exec, graph, 0));
  float graphed = time_launches([&] { CK(cudaGraphLaunch(exec, s)); }, 1, 5);
  report("small_step_graph", grid, block, graphed / steps);
  return 0;
}
