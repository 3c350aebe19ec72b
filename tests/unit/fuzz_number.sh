#!/usr/bin/env bash
# tests/unit/fuzz_number.sh [RUNS]: build fuzz/fuzz_number.c with clang (libFuzzer +
# ASan + UBSan) and run exactly RUNS inputs (default 200000) with seed 1, on the
# corpus fuzz/number-corpus/ (every number form of research 5.5, one file each):
# the same inputs on every run of the same code, so CI does not depend on luck.
# Longer random runs: the same binary with -max_total_time=600.
# Exit status: 0 no finding, 1 a finding (the input is left in $out/artifacts/),
# 2 the build failed, 77 clang is missing (ctest: skipped).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${ODP_FUZZ_BUILD:-/tmp/odp-fuzz-number}
command -v "${CC:-clang}" >/dev/null || { echo "SKIPPED: clang is not installed"; exit 77; }
mkdir -p "$out/artifacts"
rm -rf "$out/corpus" && cp -r "$src/fuzz/number-corpus" "$out/corpus"
"${CC:-clang}" -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -fno-omit-frame-pointer -I"$src/lib" \
  "$src/fuzz/fuzz_number.c" "$src/lib/dutch_number.c" -o "$out/fuzz_number" || exit 2
runs=${1:-200000}
set +e
"$out/fuzz_number" -seed=1 -runs="$runs" -max_len=64 -timeout=5 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$out/corpus" 2>&1 | tail -12
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] && echo "fuzz_number: no finding in $runs runs (seed 1)" ||
  echo "fuzz_number: FINDING (exit $rc), see $out/artifacts/"
[ "$rc" -eq 0 ] && exit 0 || exit 1
