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
 * Fraction of the datasheet DRAM bandwidth a streaming kernel reaches when it keeps enough bytes in
 * flight: 87-91% for FP32 element-wise kernels on A100 PCIe and V100 (NeuSight measurements); STREAM-like
 * copies on H100 report ~90%. Kernels with fewer bytes in flight fall short of it through the latency
 * bound (a 4-byte-per-thread vector add reached 80% on H100 SXM: docs/measurements/h100-sxm-measure.csv).
 */
export const DRAM_EFFICIENCY = 0.88;

/**
 * Fraction of the datasheet bandwidth that scattered 32-byte sector writes reach: a warp store whose lanes
 * hit 32 different sectors (4 bytes each, a row apart) writes partial sectors all over the DRAM pages
 * instead of streaming full lines. On H100 SXM the naive transpose (16M such stores, 537 MB of sectors
 * plus 64 MB of coalesced reads) took 317 us, ~1.9 TB/s of 3.35: docs/measurements/h100-sxm-measure.csv.
 */
export const SCATTERED_WRITE_EFFICIENCY = 0.55;

/**
 * How the memory side of a kernel combines: DRAM bandwidth, latency (block critical paths over the
 * resident blocks) and the L1/shared-memory pipe. They overlap only in part: as one nears its limit its
 * queues grow and delay the others (a load waits behind queued requests, a warp stalled on shared-memory
 * wavefronts issues no loads), so near the knee a kernel is slower than the largest alone. We take the
 * root-sum-square (a p-norm with p = 2), a stated simplification of a closed queueing network. It gives
 * the 80% of peak that the vector add, SAXPY and the shared transpose reached on H100 SXM, and the
 * one-row-per-thread softmax whose L1 and DRAM times add (docs/measurements/h100-sxm-measure.csv,
 * h100-sxm-rewrites.csv).
 */
export const MEMORY_PIPES_NORM = 2;

/**
 * Fixed time of one cuBLAS GEMM call on the GPU besides its tiles: launch latency, pipeline prologue
 * and epilogue. The smallest GEMMs of the XLA H100 table (256^3, 5.0 us) bound it from above.
 */
export const GEMM_FIXED_SECONDS = 3.5e-6;

/**
 * CPU time of one `<<<>>>` launch call, which paces back-to-back launches of short kernels: 3.0 us per
 * launch measured on H100 SXM for a 16-block kernel in a loop of 1000, 4.1 us in a loop of 2000
 * (docs/measurements/h100-sxm-measure.csv, docs/rules/launch-in-loop.md); public launch benchmarks on
 * other GPUs report ~4 us. A CUDA graph replays the same kernels at ~1.0 us each (1.02 and 1.07 us
 * measured on H100 SXM; NVIDIA, "Getting Started with CUDA Graphs", 2019, reports the same order).
 */
export const LAUNCH_CPU_SECONDS = 3.5e-6;
export const GRAPH_LAUNCH_SECONDS = 1.0e-6;

/**
 * What waiting for the GPU costs each iteration of a launch loop that synchronises every time, besides
 * the launch's CPU issue and the kernel (which no longer overlap): the last kernel's drain, the completion
 * reaching the CPU and the CPU waking up. Measured on H100 SXM with a ~1 us kernel: 10.2 us per synced
 * iteration against 4.1 back to back (docs/rules/host-sync-in-loop.md): 10.2 - 3.5 - 1.1 = ~5.5 us.
 */
export const SYNC_WAIT_SECONDS = 5.5e-6;

/**
 * GPU time every kernel spends besides its blocks' work when kernels run back to back: the grid's launch
 * latency and the drain of its last blocks. A graph replays a 16-block kernel whose blocks each make one
 * DRAM round trip (~0.5 us) at 1.02 us per kernel on H100 SXM, which leaves ~0.5 us for the rest
 * (docs/measurements/h100-sxm-measure.csv).
 */
export const KERNEL_FIXED_SECONDS = 0.5e-6;

/**
 * One-time cost of a program's first kernel launch: since CUDA 12.2 modules load lazily, at the first
 * launch of one of their kernels (CUDA C++ Programming Guide, "Lazy Loading"), so a timed loop without a
 * warm-up launch pays it once. Measured on H100 SXM: the shared-memory transpose took 605 us for 10
 * launches timed from a cold start (docs/measurements/h100-sxm-cuda-bench.txt, b05) and 49.4 us per launch
 * after a warm-up (h100-sxm-measure.csv): 111 us once. Spread over the launches of a loop in `seconds`.
 */
export const FIRST_LAUNCH_SECONDS = 110e-6;

/**
 * DRAM load latency in cycles under load, as a block waiting for its data sees it: ~520-660 cycles idle
 * (pointer chase) on A100, H800 and RTX 4090 (Luo et al., "Benchmarking and Dissecting the Nvidia Hopper
 * GPU Architecture", 2024), more once many loads queue. 800 is the value H100 SXM shows for a grid-stride
 * sum with one load in flight per warp (2 blocks of 512 threads per SM: 16M floats in 54 us once the
 * first-launch cost is taken out; docs/measurements/h100-sxm-cuda-bench.txt, b02).
 */
export const DRAM_LATENCY_CYCLES = 800;

/** L2 hit latency in cycles: ~200-285 on the same GPUs (Luo et al., 2024). */
export const L2_LATENCY_CYCLES = 250;

/**
 * One block-wide barrier step on a block's critical path: the shared-memory loads and store of a tree
 * reduction step (~30 cycles each, Luo et al. 2024) and the `__syncthreads()` that waits for the slowest
 * warp. Measured on H100 SXM: the block sum of 32M floats took 152 us with 8 barrier steps after its
 * first one and 113 us with the last five replaced by warp shuffles (docs/measurements/
 * h100-sxm-rewrites.csv, warp_shuffle_tail): 39 us over 124 rounds of 8 blocks per SM = ~120 cycles a step.
 */
export const SYNC_STEP_CYCLES = 120;

/** One warp shuffle on the critical path: a register exchange with ~30 cycles of latency (Luo et al. 2024). */
export const SHUFFLE_STEP_CYCLES = 30;

/**
 * Cycles per warp from a block's end to the next block's start on the same SM (block retire, warp setup
 * and dispatch, the first instructions): the part of the H100 block-sum lifetime (1810 cycles for an
 * 8-warp block with 4 barrier steps and 5 shuffles, docs/measurements/h100-sxm-rewrites.csv) that neither
 * DRAM latency nor barriers explain is ~300 cycles, ~38 a warp. The 32-warp blocks of the padded 8192²
 * transpose (324 us, same file) need the same per-warp cost: a block's warps start one after another.
 */
export const BLOCK_LAUNCH_CYCLES_PER_WARP = 38;

/**
 * Cycles between two block starts on one SM: an SM takes on a new block no faster than this, which bounds
 * grids of many tiny blocks. Measured on H100 SXM: 32M elements in 32-thread blocks (7,944 blocks per SM,
 * 32 resident) took 633 us, ~158 cycles a block, against 148 us with 256-thread blocks
 * (docs/measurements/h100-sxm-rewrites.csv, block_size).
 */
export const BLOCK_DISPATCH_CYCLES = 150;

/**
 * Board power while idle-but-clocked as a fraction of TDP; power then rises linearly with utilization to
 * TDP. A stated simplification (H100 SXM idles ~70-100 W of 700 W; GEMMs at full tilt sit near TDP).
 */
export const IDLE_POWER_FRACTION = 0.15;

/** Bytes of one DRAM sector: the unit a global memory request fetches (CUDA C++ Best Practices Guide). */
export const SECTOR_BYTES = 32;

/**
 * The shortest time a kernel that touches memory takes, back to back: the fixed part plus one block's
 * DRAM round trip, ~1.0 us (a 16-block kernel replayed from a graph: 1.02 us on H100 SXM,
 * docs/measurements/h100-sxm-measure.csv). Read by the rewrites' before/after figures.
 */
export const MIN_KERNEL_SECONDS = 1.0e-6;
