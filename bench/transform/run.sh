#!/usr/bin/env bash
# bench/transform/run.sh [N]: odp-transform on N (default 2000) synthetic pages
# (bench/extract/gen_pages.py), one core: facts/s, records/s, peak memory, and
# the share of the time spent validating records against their schemas
# (the same run with ODP_BENCH_SKIP_VALIDATION=1). The pages are extracted
# first with odp-extract (not timed here: bench/extract/run.sh measures it).
# Builds a Release odp (no sanitizers) into $BENCH_BUILD (default
# /tmp/odp-bench-transform). Prints one line per mode.
set -euo pipefail
n=${1:-2000}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_BUILD:-/tmp/odp-bench-transform}
mkdir -p "$out"
cmake -S "$src" -B "$out/build" -DCMAKE_BUILD_TYPE=Release -DODP_SANITIZE=OFF >/dev/null
cmake --build "$out/build" --target odp-extract odp-transform -j"$(nproc)" >/dev/null
python3 "$src/bench/extract/gen_pages.py" "$out/pages" "$n"
wd=$out/work
rm -rf "$wd"
python3 - "$out/pages" "$wd" <<'PY'
import hashlib, json, os, sys
pages, wd = sys.argv[1], sys.argv[2]
os.makedirs(f"{wd}/fetch")
man = {"source": "bench", "title": None, "pdf_url": None, "pages": []}
for name in sorted(os.listdir(pages)):
    data = open(os.path.join(pages, name), "rb").read()
    sha = hashlib.sha256(data).hexdigest()
    os.makedirs(f"{wd}/raw/{sha[:2]}", exist_ok=True)
    open(f"{wd}/raw/{sha[:2]}/{sha}", "wb").write(data)
    man["pages"].append({"url": f"http://bench.begroting-2026.nl/{name[:-5]}/pagina",
                         "http_status": 200, "sha256": sha,
                         "content_fetched_at": "2026-01-02T03:04:05Z"})
json.dump(man, open(f"{wd}/fetch/bench.json", "w"))
json.dump({"name": "bench", "portal": {"base_url": "http://localhost/", "publisher": "bench", "publisher_uri": "http://localhost/",
           "license": "CC-BY-4.0", "contact": {"email": "b@example.nl"},
           "user_agent_contact": "http://localhost/"},
           "sources": [{"id": "bench", "cbs_code": "GM0150", "municipality": "Deventer",
                        "doc_type": "begroting", "year": 2026,
                        "url": "http://bench.begroting-2026.nl/"}]},
          open(f"{wd}/pipeline.json", "w"))
PY
"$out/build/odp-extract" -q --pipeline "$wd/pipeline.json" --workdir "$wd"
# per core = over the process's CPU time (user + sys), which other load on the
# machine does not inflate the way it does wall time (printed beside it)
echo "mode pages facts records cpu_s wall_s facts_per_cpu_s records_per_cpu_s peak_rss_kb"
for mode in validate skip_validation; do
  rm -f "$wd/records/bench/.inputs"
  env=()
  [ $mode = skip_validation ] && env=(ODP_BENCH_SKIP_VALIDATION=1)
  /usr/bin/time -f "%U %S %e %M" -o "$out/time" env "${env[@]}" \
    taskset -c 0 "$out/build/odp-transform" -q --pipeline "$wd/pipeline.json" --workdir "$wd"
  read -r usr sys wall rss < "$out/time"
  facts=$(wc -l < "$wd/records/bench/facts.jsonl")
  records=$(cat "$wd"/records/bench/*.jsonl | wc -l)
  python3 -c "import sys; n,f,r,u,s,w,m,mode=sys.argv[1:]; c=float(u)+float(s); print(mode, n, f, r, round(c,2), w, int(int(f)/c), int(int(r)/c), m)" \
    "$n" "$facts" "$records" "$usr" "$sys" "$wall" "$rss" "$mode"
done
