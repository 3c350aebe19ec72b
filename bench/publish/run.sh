#!/bin/bash
# bench/publish/run.sh [N]: odp-publish on N synthetic facts (default 1,000,000;
# gen_records.py: budget tables, each fact also a budget line): wall time, peak
# memory, and bytes per fact of each format; then zstd and tar run by hand on
# the same CSV files as the peers. Builds a Release odp-publish in
# build-bench-publish/ (override with ODP_BUILD). Prints a table; no figure is
# asserted anywhere.
set -euo pipefail
N=${1:-1000000}
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
B="${ODP_BUILD:-$SRC/build-bench-publish}"
if [ -z "${ODP_BUILD:-}" ]; then
    cmake -S "$SRC" -B "$B" -DCMAKE_BUILD_TYPE=Release -DODP_TESTS=OFF >/dev/null
    cmake --build "$B" -j"$(nproc)" --target odp-publish >/dev/null
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
/usr/bin/python3 "$SRC/bench/publish/gen_records.py" "$N" "$W/wd" "$W/pipeline.json"
start=$(date +%s.%N)
/usr/bin/time -f "%e %M" -o "$W/time" "$B/odp-publish" --pipeline "$W/pipeline.json" \
    --workdir "$W/wd" --portal "$W/portal" 2>&1 |
    while IFS= read -r line; do echo "$(date +%s.%N) $line"; done > "$W/log"
read -r wall rss < "$W/time"
# when each dataset's release was in place (the rest: catalogue and pages)
python3 - "$start" "$W/log" <<'PY'
import sys
start = float(sys.argv[1])
for line in open(sys.argv[2]):
    t, msg = line.split(" ", 1)
    if "published" in msg:
        print(f"  {float(t) - start:7.1f} s  {msg.strip()}")
PY
rel="$W/portal/datasets/GM0150-deventer-pc-documenten/2.0.0"
size() { stat -c %s "$1"; }
per() { python3 -c "print(f'{$1 / $N:.1f}')"; }
facts_csv=$(size "$rel/facts.csv")
facts_zst=$(size "$rel/facts.jsonl.zst")
tarzst=$(size "$rel/GM0150-deventer-pc-documenten-2.0.0.tar.zst")
zip=$(size "$rel/GM0150-deventer-pc-documenten-2.0.0.zip")
xlsx=$(size "$rel/GM0150-deventer-pc-documenten-2.0.0.xlsx")
# the peers, by hand on the same files: zstd -9 of the CSV; tar | zstd -9 of the data files
t0=$(date +%s.%N)
zstd -q -9 -c "$rel/facts.csv" > "$W/facts.csv.zst"
t1=$(date +%s.%N)
(cd "$rel" && tar -cf - --sort=name ./*.csv ./*.jsonl.zst ./*.xlsx datapackage.json CHANGES.* | zstd -q -9 -c) > "$W/hand.tar.zst"
t2=$(date +%s.%N)
echo "odp-publish, $N facts (and as many budget lines), 2 datasets (the municipality and the national union)"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| wall time, whole publish | ${wall} s |"
echo "| peak memory (max RSS) | $((rss / 1024)) MB |"
echo "| facts.csv | $(per "$facts_csv") bytes/fact |"
echo "| facts.jsonl.zst | $(per "$facts_zst") bytes/fact |"
echo "| release .tar.zst (all files of one dataset) | $(per "$tarzst") bytes/fact |"
echo "| release .zip | $(per "$zip") bytes/fact |"
echo "| release .xlsx | $(per "$xlsx") bytes/fact |"
echo "| peer: zstd -9 facts.csv by hand | $(per "$(size "$W/facts.csv.zst")") bytes/fact, $(python3 -c "print(f'{$t1 - $t0:.1f}')") s |"
echo "| peer: tar + zstd -9 of the data files by hand | $(per "$(size "$W/hand.tar.zst")") bytes/fact, $(python3 -c "print(f'{$t2 - $t1:.1f}')") s |"
