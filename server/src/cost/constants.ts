// The few constants the cost model adds to the per-GPU specs. They are shared by every GPU (no per-GPU or
// per-shape fitting); each says where it comes from. Change one here and `npm run validate-cost` shows
// the effect on the measured data.

/**
 * Fraction of the dense tensor-core peak that the best cuBLAS kernels sustain on a large GEMM: 75-87% on
 * A100, H100 and B200 (stas00/ml-engineering, "maximum achievable matmul FLOPS": H100 BF16 80.3%,
 * A100 86.9%, B200 77.6%; an H100 cuBLAS FP16 sweep reached 77%). We take the middle of that range.
 */
export const TENSOR_EFFICIENCY = 0.8;

/**
 * Fraction of FP32 (CUDA core) peak that cuBLAS SGEMM reaches on large sizes: 47-50 of 67 TFLOP/s on
 * H100 (waynehacking8 bench.csv), 19.1 of 19.5 on A100 PCIe (NeuSight). About 0.75 covers both.
 */
export const SIMT_GEMM_EFFICIENCY = 0.75;

/**
 * Bytes per clock each SM can pull from L2 into shared memory: the NVIDIA A100 Tensor Core GPU
 * Architecture whitepaper gives 5120 B/clk of L2 read bandwidth for 108 SMs, 47 B/clk per SM. We use the
 * same per-SM figure for every GPU. It limits GEMM tiles with little reuse (small tiles).
 */
export const L2_BYTES_PER_CLOCK_PER_SM = 47;

/**
 * Fraction of the datasheet DRAM bandwidth a streaming kernel reaches: 87-91% for FP32 element-wise
 * kernels on A100 PCIe and V100 (NeuSight measurements); STREAM-like copies on H100 report ~90%.
 */
export const DRAM_EFFICIENCY = 0.88;

/**
 * Fixed time of one cuBLAS GEMM call on the GPU besides its tiles: launch latency, pipeline prologue
 * and epilogue. The smallest GEMMs of the XLA H100 table (256^3, 5.0 us) bound it from above.
 */
export const GEMM_FIXED_SECONDS = 3.5e-6;

/**
 * CPU time of one `<<<>>>` launch call (~4 us) and the per-kernel cost when the host waits for each
 * kernel (5-6 us); a CUDA graph replays kernels at ~1-2 us each (public launch benchmarks on RTX 5070 Ti
 * and B200; NVIDIA "Getting Started with CUDA Graphs", 2019, on V100).
 */
export const LAUNCH_CPU_SECONDS = 4e-6;
export const GRAPH_LAUNCH_SECONDS = 1.5e-6;

/**
 * Time every kernel spends besides its work: launch latency on the GPU, block dispatch and drain. An
 * empty kernel timed with events takes ~2 us on recent GPUs (same benchmarks as above).
 */
export const KERNEL_FIXED_SECONDS = 2e-6;

/**
 * DRAM load latency in cycles (pointer chase): ~520-660 cycles on A100, H800 and RTX 4090 (Luo et al.,
 * "Benchmarking and Dissecting the Nvidia Hopper GPU Architecture", 2024). Used for the latency bound.
 */
export const DRAM_LATENCY_CYCLES = 600;

/** L2 hit latency in cycles: ~200-285 on the same GPUs (Luo et al., 2024). */
export const L2_LATENCY_CYCLES = 250;

/**
 * Board power while idle-but-clocked as a fraction of TDP; power then rises linearly with utilization to
 * TDP. A stated simplification (H100 SXM idles ~70-100 W of 700 W; GEMMs at full tilt sit near TDP).
 */
export const IDLE_POWER_FRACTION = 0.15;

/** Bytes of one DRAM sector: the unit a global memory request fetches (CUDA C++ Best Practices Guide). */
export const SECTOR_BYTES = 32;

/** The shortest time any kernel takes: its fixed part with no work (read by rewrites' before/after figures). */
export const MIN_KERNEL_SECONDS = KERNEL_FIXED_SECONDS;
