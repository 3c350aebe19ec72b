#!/usr/bin/env bash
# fuzz/run.sh: build and run the libFuzzer targets (fuzz/targets.cmake lists
# them: page number robots url charset pipeline extract_reader record_scan
# row_view changes_head legend) with clang, ASan and UBSan, undefined
# behaviour fatal.
#
#   fuzz/run.sh TARGET [SECONDS]   fuzz for SECONDS (default 60) with a random
#                                  seed: for finding new bugs. The corpus grows
#                                  across runs in $ODP_FUZZ_BUILD/corpus/TARGET.
#   fuzz/run.sh TARGET --runs N    exactly N inputs with seed 1 from the seed
#                                  corpus alone: the same inputs every time for
#                                  the same code (what CI runs).
#   fuzz/run.sh TARGET --cpu N     fuzz until the fuzzer has used N seconds of
#                                  CPU (user + system), however long that takes
#                                  in wall time; for the CPU-hour below, run at
#                                  idle priority beside other work.
#   fuzz/run.sh --build            build every target (CI's setup step).
#   fuzz/run.sh all SECONDS        each target in turn for SECONDS.
#
# One CPU-hour per target (the release check of issue 20), two at a time on
# two cores, at idle priority so other work goes first:
#   for t in page number robots url charset pipeline extract_reader \
#            record_scan row_view changes_head legend; do
#     chrt --idle 0 fuzz/run.sh $t --cpu 3600 | tee /tmp/fuzz-$t.log; done
# The last line of each run gives its figures (runs, cov, ft, corpus size).
#
# Seeds: fuzz/corpus/TARGET/ (written from the fixtures and unit tests), every
# earlier finding (fuzz/regressions/TARGET/), and for page also the extractor
# fixtures, the demo sites' pages and fuzz/regressions/*.html. A finding is
# left in $ODP_FUZZ_BUILD/artifacts/TARGET/; reproduce it with
# $ODP_FUZZ_BUILD/cmake/fuzz_TARGET FILE, keep it in fuzz/regressions/TARGET/
# (ctest fuzz_replay_TARGET then replays it in every build, clang or not).
#
# Exit status: 0 no finding; 1 a finding; 2 the build failed or the target
# did not run its inputs; 77 clang is missing (ctest: skipped).
# Environment: ODP_FUZZ_BUILD (default /tmp/odp-fuzz-build), CC (default
# clang), ODP_FUZZ_NO_BUILD=1 (use the binaries --build made; ctest).
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${ODP_FUZZ_BUILD:-/tmp/odp-fuzz-build}
cc=${CC:-clang}
targets=$(sed -n 's/^odp_fuzz_target(\([a-z_]*\).*/\1/p' "$src/fuzz/targets.cmake")

command -v "$cc" >/dev/null || { echo "SKIPPED: $cc is not installed"; exit 77; }

build() { # build [TARGET]: configure once, then build fuzz_TARGET (or all)
  if [ ! -f "$out/cmake/CMakeCache.txt" ]; then
    CC=$cc cmake -S "$src/fuzz" -B "$out/cmake" >"$out/configure.log" 2>&1 ||
      { cat "$out/configure.log"; echo "fuzz: configure failed"; return 2; }
  fi
  cmake --build "$out/cmake" --target "${1:-fuzz_all}" -j"$(nproc)" >"$out/build.log" 2>&1 ||
    { tail -40 "$out/build.log"; echo "fuzz: build of ${1:-every target} failed"; return 2; }
}

mkdir -p "$out"
case "${1:-}" in
--build)
  build && echo "fuzz: built $(echo $targets | wc -w) targets in $out/cmake"
  exit ;;
all)
  rc=0
  for t in $targets; do "$0" "$t" "${2:-60}" || rc=1; done
  exit $rc ;;
"" | -*)
  sed -n '2,/^set -uo/p' "$0" | sed '$d'
  exit 2 ;;
esac

t=$1
shift
echo "$targets" | grep -qx "$t" || { echo "fuzz: no target '$t' (targets: $targets)"; exit 2; }
bin=$out/cmake/fuzz_$t
if [ "${ODP_FUZZ_NO_BUILD:-0}" != 1 ]; then
  build "fuzz_$t" || exit 2
fi
[ -x "$bin" ] || { echo "fuzz: $bin was not built"; exit 2; }

corpus=$out/corpus/$t
art=$out/artifacts/$t
want=0
cpu=0
if [ "${1:-}" = --cpu ]; then
  cpu=${2:?--cpu takes a number of seconds}
  limit=()
  what="$cpu CPU-seconds"
elif [ "${1:-}" = --runs ]; then
  want=${2:?--runs takes a number}
  limit=(-seed=1 -runs="$want")
  what="$want inputs (seed 1)"
  rm -rf "$corpus" # what earlier runs added would change the inputs
else
  limit=(-max_total_time="${1:-60}")
  what="${1:-60} s"
fi
mkdir -p "$corpus" "$art"
cp "$src/fuzz/corpus/$t"/* "$corpus/" 2>/dev/null
cp "$src/fuzz/regressions/$t"/* "$corpus/" 2>/dev/null
opts=(-timeout=10 -rss_limit_mb=2048)
case $t in
page)
  cp "$src"/tests/fixtures/extract/*.html "$src"/fuzz/regressions/*.html "$corpus/" 2>/dev/null
  find "$src/demo/sites" -name '*.html' -exec cp {} "$corpus/" \; 2>/dev/null
  opts+=(-max_len=65536) ;;
number) opts+=(-max_len=64 -timeout=5) ;;
pipeline | changes_head | extract_reader) opts+=(-max_len=16384) ;;
*) opts+=(-max_len=4096 -timeout=5) ;;
esac
[ -n "$(ls -A "$corpus")" ] || { echo "fuzz: no seed inputs for $t"; exit 2; }

echo "fuzz_$t: $what on $(ls "$corpus" | wc -l) seed inputs"
log=$out/$t.log
"$bin" "${limit[@]}" "${opts[@]}" -artifact_prefix="$art/" -print_final_stats=1 \
  "$corpus" >"$log" 2>&1 &
pid=$!
if [ "$cpu" -gt 0 ]; then
  # utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks; the
  # comm field (2) has no spaces here (fuzz_NAME). SIGINT makes libFuzzer
  # print its final figures and exit 72 (clang 14's libFuzzer has no
  # -interrupted_exit_code); that exit is the planned end, not a finding.
  tick=$(getconf CLK_TCK)
  while kill -0 "$pid" 2>/dev/null; do
    used=$(awk -v t="$tick" '{ print int(($14 + $15) / t) }' "/proc/$pid/stat" 2>/dev/null)
    [ "${used:-0}" -ge "$cpu" ] && { kill -INT "$pid"; break; }
    sleep 5
  done
fi
wait "$pid"
rc=$?
if [ "$cpu" -gt 0 ] && [ "$rc" -eq 72 ] && grep -q 'libFuzzer: run interrupted' "$log"; then
  rc=0
fi
tail -n 25 "$log"
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
if [ "$rc" -ne 0 ]; then
  echo "fuzz_$t: FINDING (exit $rc) after ${runs:-?} runs, see $log and $art/"
  exit 1
fi
# A run that executed nothing, or fewer inputs than asked, did not test.
if [ -z "$runs" ] || [ "$runs" -lt "$want" ] || [ "$runs" -eq 0 ]; then
  echo "fuzz_$t: did not run its inputs (executed: ${runs:-none}), see $log"
  exit 2
fi
echo "fuzz_$t: no finding in $what: $runs runs, cov $cov, ft $ft, corpus $corp"
