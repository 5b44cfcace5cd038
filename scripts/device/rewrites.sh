#!/usr/bin/env bash
# Times every rewrite sample before and after its rewrite on a real GPU and writes
# $OUT/rewrites.csv (sample, rewrite, predicted, before_ms, after_ms, measured speedup, PASS flags)
# and the programs' output to $OUT/rewrites.log.
# Inputs: a folder made by `npm run bench:rewrites -- --emit DIR` (samples at device sizes, before and
# after, plus predicted.csv); pass it as $1 or REWRITES_DIR, else it is generated here when node exists.
# Budget: under 3 minutes on an H100 (compiles run 4 at a time; each program times 10-20 runs).
set -euo pipefail
OUT=${OUT:-$(pwd)/rewrites-out}
DIR=${1:-${REWRITES_DIR:-}}
ARCH=${ARCH:-sm_90}
mkdir -p "$OUT"
if [ -z "$DIR" ]; then
  DIR=$(mktemp -d)
  npm run --silent bench:rewrites -- --emit "$DIR" > "$OUT/bench.txt"
fi
DIR=$(cd "$DIR" && pwd)
BUILD=$(mktemp -d)
cd "$DIR/rewrite"
export BUILD ARCH
ls *.cu | xargs -P 4 -I{} sh -c 'b=$(basename {} .cu); case "$b" in tile_gemm*) r=5;; *) r=20;; esac; nvcc -O3 -arch=$ARCH -DSAMPLE_TIMING=$r -o "$BUILD/$b" {} 2> "$BUILD/$b.log" || echo "compile failed: {}" >&2'
echo "sample,rewrite,predicted,before_ms,after_ms,measured,before_pass,after_pass" > "$OUT/rewrites.csv"
while IFS=, read -r base rewrite predicted; do
  run() {
    if [ -x "$BUILD/$base.$1" ]; then timeout 60 "$BUILD/$base.$1" 2>&1 || true; else echo "compile failed"; fi
  }
  before=$(run before); after=$(run after)
  printf '== %s before\n%s\n== %s after\n%s\n' "$base" "$before" "$base" "$after" >> "$OUT/rewrites.log"
  bms=$(echo "$before" | sed -n 's/.*kernel_ms=\([0-9.]*\).*/\1/p' | head -1)
  ams=$(echo "$after" | sed -n 's/.*kernel_ms=\([0-9.]*\).*/\1/p' | head -1)
  speed=$(awk -v b="${bms:-0}" -v a="${ams:-0}" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "" }')
  bp=$(echo "$before" | grep -q ': PASS' && echo PASS || echo FAIL)
  ap=$(echo "$after" | grep -q ': PASS' && echo PASS || echo FAIL)
  echo "$base,$rewrite,$predicted,$bms,$ams,$speed,$bp,$ap" >> "$OUT/rewrites.csv"
done < "$DIR/predicted.csv"
# Compiler messages of any program that failed to build, in the same log.
for f in "$BUILD"/*.log; do
  if [ -s "$f" ]; then { echo "== $(basename "$f")"; cat "$f"; } >> "$OUT/rewrites.log"; fi
done
cat "$OUT/rewrites.csv"
