#!/usr/bin/env bash
# fuzz/run.sh [SECONDS | --runs N]: build fuzz_page with clang (libFuzzer +
# ASan + UBSan) and run it for SECONDS (default 60, a random seed: for finding
# new bugs) or for exactly N inputs with seed 1 (--runs: the same inputs every
# time for the same code, which is what CI runs), on a corpus seeded with the
# extractor fixtures (tests/fixtures/extract/*.html), the demo sites' pages and
# every earlier finding (fuzz/regressions/).
# Exit status: 0 when no crash was found, 1 on a finding (the crashing input is
# left in $OUT/artifacts/), 2 when the build fails.
# Environment: ODP_FUZZ_BUILD (default /tmp/odp-fuzz-build), CC (default clang).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${ODP_FUZZ_BUILD:-/tmp/odp-fuzz-build}
cc=${CC:-clang}
limit=(-max_total_time="${1:-60}")
what="${1:-60}s"
if [ "${1:-}" = --runs ]; then
  limit=(-seed=1 -runs="${2:?--runs takes a number}")
  what="$2 runs (seed 1)"
  rm -rf "$out/corpus" # what earlier runs added would change the inputs
fi
mkdir -p "$out/corpus" "$out/artifacts"

# Build: through CMake when the top-level project includes fuzz/, else directly.
if grep -q 'add_subdirectory(fuzz)' "$src/CMakeLists.txt"; then
  CC=$cc cmake -S "$src" -B "$out/cmake" -DODP_FUZZ=ON -DODP_TESTS=OFF >/dev/null || exit 2
  cmake --build "$out/cmake" --target fuzz_page -j"$(nproc)" >/dev/null || exit 2
  bin=$out/cmake/fuzz/fuzz_page
else
  pc=$(pkg-config --cflags --libs libxml-2.0 libutf8proc jansson)
  $cc -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
    -DODP_VERSION='"fuzz"' -DODP_SOURCE_DIR="\"$src\"" -I"$src/lib" -I"$src/extract" \
    "$src/fuzz/fuzz_page.c" "$src"/extract/{page,table_grid,text,widget,legend}.c \
    "$src"/lib/{error,strbuf,dutch_number,json_dump}.c $pc -lm -o "$out/fuzz_page" || exit 2
  bin=$out/fuzz_page
fi

cp "$src"/tests/fixtures/extract/*.html "$out/corpus/" 2>/dev/null || true
find "$src/demo/sites" -name '*.html' -exec cp {} "$out/corpus/" \; 2>/dev/null || true
cp "$src"/fuzz/regressions/*.html "$out/corpus/" 2>/dev/null || true
echo "fuzz_page: $what on $(ls "$out/corpus" | wc -l) corpus inputs"
"$bin" "${limit[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$out/corpus" 2>&1 | tail -25
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] && echo "fuzz_page: no crash in $what" || echo "fuzz_page: FINDING (exit $rc), see $out/artifacts/"
[ "$rc" -eq 0 ]
