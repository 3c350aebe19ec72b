#!/bin/bash
# bench/validate/run.sh [N]: the validation benchmark (issue 7). Generates N
# (default 200,000) realistic `facts` records as JSON Lines (gen_facts.py,
# deterministic), then measures on that one file and schemas/facts.schema.json,
# in one run:
#
#   odp (lib/jsonschema_*.c on jansson) bench_file.c (target bench-validate-file)
#   ajv 8, Ajv2020, compiled once, node bench_ajv.js
#   python-jsonschema (Debian)          bench_pyjsonschema.py, /usr/bin/python3
#   Sourcemeta CLI (Blaze), if it runs  npm @sourcemeta/jsonschema, its own binary
#
# two figures each: parse + validate from the file, and validation alone of
# records already in memory (all of them, and "hot": the first 2,000 over and
# over, in the cache, for odp and ajv); plus each one's parser alone, peak
# memory (max
# RSS, /usr/bin/time %M) and, for odp, validation against jansson's build +
# json_dumps of a record (a proxy for validation's share of transform time).
# Every figure is one thread on one core. Prints one table. Timings live
# here, never in tests.
#
# npm packages go to bench/validate/.cache/npm (gitignored), as does the data
# file; python3-jsonschema is installed with apt-get when missing. Env:
# ODP_BUILD (build directory, default ./build), ROUNDS (file passes, best of,
# default 3), MEM_ROUNDS (in-memory validation, best of, default 10), PY_N
# (python-jsonschema's slice, default 10000).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bench=$here/bench/validate
N=${1:-200000}
ROUNDS=${ROUNDS:-3}
MEM_ROUNDS=${MEM_ROUNDS:-10}
PY_N=${PY_N:-10000}
[ "$PY_N" -le "$N" ] || PY_N=$N
BUILD=${ODP_BUILD:-$here/build}
cache=$bench/.cache
schema=$here/schemas/facts.schema.json
mkdir -p "$cache"
res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
say() { echo "== $*" >&2; }

# ---- 1. the records ----------------------------------------------------------
data=$cache/facts-$N.jsonl
if [ ! -s "$data" ]; then
    say "generating $N facts records"
    python3 "$bench/gen_facts.py" "$N" "$data.tmp"
    mv "$data.tmp" "$data"
fi
bytes=$(stat -c %s "$data")

# ---- 2. odp's bench program ---------------------------------------------------
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    say "configuring $BUILD (Release)"
    cmake -S "$here" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DODP_TESTS=OFF >/dev/null
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt")
case "$build_type" in Release|RelWithDebInfo) ;; *)
    say "warning: $BUILD is a '$build_type' build; timings want Release (ODP_BUILD=...)" ;;
esac
cmake --build "$BUILD" --target bench-validate-file -j"$(nproc)" >/dev/null

# ---- 3. the peers -------------------------------------------------------------
command -v node >/dev/null || { say "node is missing: apt-get install -y nodejs npm"; exit 1; }
npm_dir=$cache/npm
if [ ! -d "$npm_dir/node_modules/ajv" ]; then
    say "npm install ajv@8 into $npm_dir"
    mkdir -p "$npm_dir"
    npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error ajv@8 >&2
fi
sm_pkg=$npm_dir/node_modules/@sourcemeta/jsonschema
if [ ! -d "$sm_pkg" ] && [ ! -f "$cache/sourcemeta.failed" ]; then
    say "npm install @sourcemeta/jsonschema (optional)"
    npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
        @sourcemeta/jsonschema >&2 || { touch "$cache/sourcemeta.failed"; say "it did not install"; }
fi
sm_bin=""
arch=$(uname -m); [ "$arch" = aarch64 ] && arch=arm64
for b in "$sm_pkg/build/github-releases/jsonschema-linux-$arch" \
         "$sm_pkg/build/github-releases/jsonschema-linux-$arch-musl"; do
    if [ -x "$b" ] && "$b" version >/dev/null 2>&1; then sm_bin=$b; break; fi
done
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    say "apt-get install -y python3-jsonschema"
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y python3-jsonschema >&2
    else sudo apt-get install -y python3-jsonschema >&2; fi
fi

ajv_v=$(node -p "require('$npm_dir/node_modules/ajv/package.json').version")
py_v=$(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("jsonschema"))')
sm_v=$([ -n "$sm_bin" ] && "$sm_bin" version 2>/dev/null || echo "not available")

# ---- 4. the runs --------------------------------------------------------------
# run TAG CMD...: runs CMD under /usr/bin/time, keeps its RESULT lines (tagged
# with the run's peak memory) in $res/results.
run() {
    local tag=$1; shift
    /usr/bin/time -f "%M" -o "$res/time" "$@" > "$res/out" 2> "$res/err" || {
        cat "$res/err" >&2; say "$tag failed"; return 1; }
    local rss; rss=$(tail -1 "$res/time")
    sed -n "s/^RESULT /$tag $rss /p" "$res/out" >> "$res/results"
}
say "odp: file pass (jansson alone, jansson + validate), best of $ROUNDS"
run file "$BUILD/bench-validate-file" file "$schema" "$data" "$ROUNDS"
say "odp: in memory (validate alone best of $MEM_ROUNDS, build + dump)"
run memory "$BUILD/bench-validate-file" memory "$schema" "$data" "$MEM_ROUNDS"
say "ajv $ajv_v: file pass, in memory"
run file env NODE_PATH="$npm_dir/node_modules" node "$bench/bench_ajv.js" file "$schema" "$data" "$ROUNDS"
run memory env NODE_PATH="$npm_dir/node_modules" node "$bench/bench_ajv.js" memory "$schema" "$data" "$MEM_ROUNDS"
say "python-jsonschema $py_v: first $PY_N records"
run file /usr/bin/python3 -W ignore "$bench/bench_pyjsonschema.py" file "$schema" "$data" "$PY_N"
run memory /usr/bin/python3 -W ignore "$bench/bench_pyjsonschema.py" memory "$schema" "$data" "$PY_N"
if [ -n "$sm_bin" ]; then
    say "Sourcemeta CLI $sm_v: validate --fast (best of 2), validate --fast --benchmark --loop 5"
    best=""
    for _ in 1 2; do
        /usr/bin/time -f "%e %M" -o "$res/time" "$sm_bin" validate "$schema" "$data" --fast \
            > "$res/out" 2>&1 || { cat "$res/out" >&2; sm_bin=""; break; }
        read -r wall rss < "$res/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; best_rss=$rss; fi
    done
    if [ -n "$sm_bin" ]; then
        fails=$(grep -o '[0-9]* failed' "$res/out" | cut -d' ' -f1)
        echo "file $best_rss sourcemeta_parse_validate $N $best ${fails:-?}" >> "$res/results"
        # --benchmark prints each instance's mean time (us) over the loops;
        # their sum is validation alone (plus a clock read per instance).
        /usr/bin/time -f "%M" -o "$res/time" "$sm_bin" validate "$schema" "$data" --fast \
            --benchmark --loop 5 > "$res/out" 2> "$res/err" || true
        awk -v rss="$(tail -1 "$res/time")" '/: (PASS|FAIL) / { n++; s += $3; f += ($2 == "FAIL") }
            END { if (n) printf "memory %s sourcemeta_validate %d %.6f %d\n", rss, n, s / 1e6, f }' \
            "$res/out" >> "$res/results"
    fi
fi

# ---- 5. the table -------------------------------------------------------------
echo
python3 - "$res/results" "$N" "$bytes" "$PY_N" "$ajv_v" "$py_v" "$sm_v" "$(nproc)" <<'PY'
import sys
path, n, size, py_n, ajv_v, py_v, sm_v, cpus = sys.argv[1:]
r = {}
for line in open(path):
    tag, rss, name, recs, secs, invalid = line.split()
    r[name] = dict(rss=int(rss) / 1024, n=int(recs), s=float(secs), invalid=int(invalid),
                   rate=int(recs) / float(secs))

def rate(name):
    return f"{r[name]['rate']:,.0f}" if name in r else "not available"

def mem(name):
    return f"{r[name]['rss']:,.0f} MB" if name in r else ""

bad = {k: v["invalid"] for k, v in r.items() if v["invalid"]}
print(f"validate benchmark: {int(n):,} facts records, {int(size) / 1e6:.0f} MB "
      f"({int(size) / int(n):.0f} bytes/record), schemas/facts.schema.json; "
      f"records/s, one thread, {cpus} cores")
print()
rows = [
    ("odp (jansson + lib/jsonschema)", "jansson_parse", "odp_parse_validate", "odp_validate",
     "odp_validate_hot"),
    (f"ajv {ajv_v} (Ajv2020, node)", "json_parse", "ajv_parse_validate", "ajv_validate",
     "ajv_validate_hot"),
    (f"python-jsonschema {py_v} (*)", "py_json_loads", "pyjsonschema_parse_validate",
     "pyjsonschema_validate", None),
    (f"Sourcemeta CLI {sm_v} (**)", None, "sourcemeta_parse_validate", "sourcemeta_validate",
     None),
]
hdr = ("tool", "parse alone", "parse + validate", "validate alone", "alone, hot", "peak (file)",
       "peak (memory)")
w = (34, 13, 17, 15, 12, 12, 14)
print("  ".join(h.ljust(x) if i == 0 else h.rjust(x) for i, (h, x) in enumerate(zip(hdr, w))))
for label, p, pv, v, vh in rows:
    cells = (label, rate(p) if p else "-", rate(pv), rate(v), rate(vh) if vh else "-", mem(pv),
             mem(v))
    print("  ".join(c.ljust(x) if i == 0 else c.rjust(x) for i, (c, x) in enumerate(zip(cells, w))))
print()
if all(k in r for k in ("jansson_parse", "odp_parse_validate", "odp_validate_in_pass")):
    tp = r["jansson_parse"]["s"] / r["jansson_parse"]["n"]
    tpv = r["odp_parse_validate"]["s"] / r["odp_parse_validate"]["n"]
    tin = r["odp_validate_in_pass"]["s"] / r["odp_validate_in_pass"]["n"]
    print(f"odp from the file: jansson parse {tp * 1e6:.2f} us/record; validation clocked in the "
          f"pass {tin * 1e6:.2f} us/record = {100 * tin / tp:.0f} % of the parse (goal <= 25 %); "
          f"(parse + validate) - parse, pass against pass: {(tpv - tp) * 1e6:+.2f} us "
          f"({100 * (tpv - tp) / tp:+.0f} %, as noisy as the parse)")
if "ajv_validate" in r and "odp_validate" in r:
    print(f"validation alone: odp / ajv = {r['odp_validate']['rate'] / r['ajv_validate']['rate']:.2f}"
          f" (goal > 1)")
if "ajv_validate_hot" in r and "odp_validate_hot" in r:
    print(f"validation alone, hot (the first 2,000 records 100 times over, in the cache): "
          f"odp / ajv = {r['odp_validate_hot']['rate'] / r['ajv_validate_hot']['rate']:.2f}")
if all(k in r for k in ("jansson_build_dump", "odp_validate", "odp_validate_in_pass")):
    tb = r["jansson_build_dump"]["s"] / r["jansson_build_dump"]["n"]
    tin = r["odp_validate_in_pass"]["s"] / r["odp_validate_in_pass"]["n"]
    tv = r["odp_validate"]["s"] / r["odp_validate"]["n"]
    print(f"share of transform time, a PROXY (not odp-transform itself): jansson build + json_dumps "
          f"of a facts record {tb * 1e6:.2f} us; validating it {tin * 1e6:.2f} us fresh in cache, "
          f"{tv * 1e6:.2f} us cold: validation is {100 * min(tin, tv) / (min(tin, tv) + tb):.0f}-"
          f"{100 * max(tin, tv) / (max(tin, tv) + tb):.0f} % of build + validate + dump")
print(f"(*) python-jsonschema: the first {int(py_n):,} records only, records/s scaled from them")
print("(**) Sourcemeta: 'validate --fast' on the whole file as one process (its own JSON parser, "
      "file read whole); validate alone = sum of --benchmark's per-record means")
if bad:
    print("INVALID records reported (all should be valid):", bad)
    sys.exit(1)
PY
