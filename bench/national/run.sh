#!/bin/bash
# bench/national/run.sh [S] [P]: a national night at scale. S municipality
# sites (default 40) of P realistic pages each (default 50; gen_sites.py),
# served by nginx on loopback, and three nights of `odp run --jobs JOBS`
# (default: the number of cores): the first, one where nothing changed, and
# one where one number on one page of one site changed. Each night: wall
# time, CPU time (user + sys of odp and its stages), CPU / wall, peak memory
# of the largest process, and the bytes the night added to the portal (du,
# which counts a hard-linked file once). Then, in the same run, the floor:
# the national release's CSV files published by the command-line tools
# (sort, zstd -3, sha256sum), whose time publish is compared against.
#
# Builds a Release odp in build-bench-national/ unless ODP_BUILD names a build
# directory (compare two builds by running this twice, alternately, in the
# same period). Prints a table; no figure is asserted anywhere.
set -euo pipefail
S=${1:-40}
P=${2:-50}
JOBS=${JOBS:-$(nproc)}
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
B="${ODP_BUILD:-$SRC/build-bench-national}"
if [ -z "${ODP_BUILD:-}" ]; then
    cmake -S "$SRC" -B "$B" -DCMAKE_BUILD_TYPE=Release -DODP_TESTS=OFF >/dev/null
    cmake --build "$B" -j"$(nproc)" >/dev/null
fi
W=$(mktemp -d)
trap 'bash "$SRC/scripts/sites-server.sh" stop "$W/srv"; rm -rf "$W"' EXIT
mapfile -t hosts < <(python3 "$SRC/bench/national/gen_sites.py" "$W/sites" "$W/p.json" "$S" "$P")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bash "$SRC/scripts/sites-server.sh" start "$W/srv" "$port" "$W/sites"
resolve=()
for h in "${hosts[@]}"; do resolve+=(--resolve "$h:80:127.0.0.1:$port"); done
mkdir -p "$W/portal"
echo "national night: $S sites x $P pages = $((S * P)) pages ($(du -sm "$W/sites" | cut -f1) MB), odp run --jobs $JOBS, $(nproc) cores, build $B"
echo
echo "| night | wall s | CPU s | CPU / wall | peak MB | portal bytes added | exit |"
echo "|---|---:|---:|---:|---:|---:|---:|"
night() { # LABEL
    local before after rc=0
    before=$(du -sb "$W/portal" | cut -f1)
    # the machine is shared: what else ran says how far wall times can be read
    echo "  $1: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$W/load"
    /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$B/odp" run --quiet --jobs "$JOBS" \
        --pipeline "$W/p.json" --workdir "$W/wd" --portal "$W/portal" "${resolve[@]}" \
        >>"$W/log" 2>&1 || rc=$?
    after=$(du -sb "$W/portal" | cut -f1)
    # each stage's wall time, as odp run recorded it in the ledger (the
    # per-source stages run as one process each: their max is the stage's)
    python3 - "$W/wd/ledger.sqlite" "$1" >> "$W/publish-times" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
run = db.execute("SELECT max(run_id) FROM stage_results").fetchone()[0]
t = dict(db.execute("SELECT stage, max(seconds) FROM stage_results WHERE run_id=? GROUP BY stage", (run,)))
print(f"  {sys.argv[2]}: " + ", ".join(f"{k} {t[k]:.1f} s" for k in ("fetch", "extract", "transform", "publish") if k in t))
PY
    read -r wall user sys rss < "$W/time"
    python3 -c "import sys; l,w,u,s,m,b,rc=sys.argv[1:]; w=float(w); c=float(u)+float(s); print(f'| {l} | {w:.1f} | {c:.1f} | {c/w:.2f} | {int(m)//1024} | {int(b):,} | {rc} |')" \
        "$1" "$wall" "$user" "$sys" "$rss" "$((after - before))" "$rc"
}
night "first"
night "nothing changed"
# one number in one table cell of one page of the first site
python3 - "$W/sites/${hosts[0]}/p20003/programma-3.html" <<'PY'
import re, sys
path = sys.argv[1]
html = open(path, encoding="utf-8").read()
m = re.search(r"<td>(-?\d[\d.]*\d)</td>", html)
old = m.group(1)
new = old[:-1] + str((int(old[-1]) + 1) % 10)
open(path, "w", encoding="utf-8").write(html[:m.start(1)] + new + html[m.end(1):])
PY
night "one page changed"

# The floor: the national release's CSV files sorted, compressed (zstd -3)
# and checksummed by the command-line tools. A national release in parts
# (facts/GM0150.csv, ...) is the same tables split per municipality: the floor
# takes each table's parts together, as one file.
nat=$(readlink -f "$W/portal/datasets/nl-gemeenten-pc-documenten/latest")
mkdir -p "$W/floor-in"
for t in documents pages sections tables facts indicators budget_lines key_figures checks; do
    if [ -d "$nat/$t" ]; then
        for f in "$nat/$t"/*.csv; do tail -n +2 "$f"; done > "$W/floor-in/$t.csv"
    else
        tail -n +2 "$nat/$t.csv" > "$W/floor-in/$t.csv"
    fi
done
facts=$(wc -l < "$W/floor-in/facts.csv")
cat > "$W/floor.sh" <<'SH'
set -e
cd "$1"; out=$2
for f in *.csv; do
    LC_ALL=C sort -S 64M "$f" > "$out/$f"
    zstd -q -3 -f "$out/$f" -o "$out/$f.zst"
done
sha256sum "$out"/*.csv "$out"/*.zst > "$out/SHA256SUMS"
SH
mkdir -p "$W/floor"
/usr/bin/time -f "%e %U %S %M" -o "$W/time" bash "$W/floor.sh" "$W/floor-in" "$W/floor"
read -r wall user sys rss < "$W/time"
echo
echo "floor (sort + zstd -3 + sha256sum of the national release's 9 tables, $facts facts, $(du -sm "$W/floor-in" | cut -f1) MB of CSV): wall ${wall} s, CPU $(python3 -c "print(f'{$user + $sys:.1f}')") s"
echo "stage wall times per night (from the ledger):"
cat "$W/publish-times" 2>/dev/null || true
cat "$W/load"
echo "portal: $(du -sm "$W/portal" | cut -f1) MB in all"
