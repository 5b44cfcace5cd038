#!/usr/bin/env bash
# Measures, on the GPU of this machine, what the cost model predicts: cuBLAS GEMM times (gemm_bench.cu)
# and the kernels of scripts/device/kernels/ (one program each, timed with events over many launches).
# Needs only nvcc (with cuBLAS) and a GPU; builds into a temporary folder and writes the CSV to
# $OUT/measure.csv when $OUT is set, else to stdout. Compare with: node scripts/compare-device.mjs FILE
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

# The GPU's architecture (e.g. 90 for H100), so nvcc builds native code; sm_90 if the query fails.
cc="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n1 | tr -d ' .' || true)"
arch="sm_${cc:-90}"
gpu="$(nvidia-smi --query-gpu=name,clocks.max.sm,clocks.max.mem --format=csv,noheader 2>/dev/null | head -n1 || echo unknown)"

programs=(vector_add saxpy_grid_stride matmul_naive matmul_tiled reduce_shared transpose launch_loop)
pids=()
for p in "${programs[@]}"; do
  nvcc -O3 -arch="$arch" -o "$build/$p" "$here/kernels/$p.cu" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
# cuBLAS may be missing from a bare nvcc install: then the GEMM section is skipped, not the kernels.
have_gemm=1
nvcc -O3 -arch="$arch" -o "$build/gemm_bench" "$here/gemm_bench.cu" -lcublas || { have_gemm=0; echo "measure.sh: cuBLAS not available, GEMMs skipped" >&2; }

if [[ "${1:-}" == "--compile-only" ]]; then
  echo "compiled ${#programs[@]} kernel programs$([[ $have_gemm == 1 ]] && echo ' and gemm_bench') for $arch"
  exit 0
fi

out="/dev/stdout"
if [[ -n "${OUT:-}" ]]; then mkdir -p "$OUT"; out="$OUT/measure.csv"; fi
{
  echo "# gpu: $gpu; arch: $arch; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kind,m,n,k,dtype,us"
  if [[ $have_gemm == 1 ]]; then timeout 180 "$build/gemm_bench" || echo "# gemm_bench failed (exit $?)"; fi
  echo
  echo "kernel,grid,block,us_per_launch"
  for p in "${programs[@]}"; do timeout 60 "$build/$p" || echo "# $p failed (exit $?)"; done
} > "$out"
if [[ "$out" != "/dev/stdout" ]]; then cat "$out"; fi
