#!/bin/bash
# robots.txt as RFC 9309 says, against the fault server (tests/fetch/
# fault_server.py), in one odp run over five hosts: a robots.txt answering 503
# makes the whole host disallowed for the night (nothing else is requested, the
# source fails with that reason in the run report, the others go on: exit 3);
# 403 allows everything; of a 5 MiB robots.txt the first 500 KiB count; five
# redirects are followed to the rules; Crawl-delay: 1 spaces the requests by
# at least a second (measured at the server; crawl.delay_ms is 0).
. "$(dirname "$0")/lib.sh"
cd "$T"
start_fault_server requests.log
python3 > pipeline.json <<'PY'
import json
hosts = ["r503", "r403", "rbig", "rredir", "rdelay"]
print(json.dumps({"name": "robots", "crawl": {"max_attempts": 2, "delay_ms": 0},
    "sources": [{"id": h, "cbs_code": f"GM99{80 + i}", "municipality": h.capitalize(),
                 "doc_type": "begroting", "year": 2026,
                 "url": f"http://{h}.begroting-2026.nl/"} for i, h in enumerate(hosts)]}))
PY
R=()
for h in r503 r403 rbig rredir rdelay; do R+=(--resolve "$h.begroting-2026.nl:80:127.0.0.1:$PORT"); done
set +e
"$ODP" run --pipeline pipeline.json --workdir work --portal portal "${R[@]}" >out 2>err
rc=$?
set -e
expect_eq "exit status (one source failed, the others published)" 3 "$rc"
req() { awk -v h="$1.begroting-2026.nl" '$2 == h { print $3 " " $4 }' requests.log.arrivals; }
expect_eq "requests to the host whose robots.txt answers 503 (tried max_attempts times)" \
    "GET /robots.txt
GET /robots.txt" "$(req r503)"
expect_eq "requests to the host whose robots.txt answers 403" \
    "GET / GET /p1/een GET /p2/twee GET /robots.txt" "$(req r403 | sort -k2 | paste -sd' ')"
expect_eq "requests to the host with a 5 MiB robots.txt" \
    "GET /robots.txt GET / GET /p1/een" "$(req rbig | paste -sd' ')"
expect_contains err "http://rbig.begroting-2026.nl/robots.txt: larger than 512000 bytes; only its first 512000 bytes are read"
expect_eq "requests to the host whose robots.txt is five redirects away" \
    "GET /robots.txt GET /robots-1.txt GET /robots-2.txt GET /robots-3.txt GET /robots-4.txt GET /robots-5.txt GET / GET /p1/een" \
    "$(req rredir | paste -sd' ')"
expect_contains err "http://r503.begroting-2026.nl/robots.txt: HTTP 503; robots.txt could not be read, so the whole host counts as disallowed for this run"
python3 - work/reports/run-1.json <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
res = {(r["source"], r["stage"]): r for r in run["results"]}
f = res[("r503", "fetch")]
want = ("http://r503.begroting-2026.nl/robots.txt: HTTP 503; robots.txt could not be read, so "
        "the whole host counts as disallowed for this run (RFC 9309 §2.3.1.4)")
if f["outcome"] != "failed" or not f["error"].startswith(want):
    sys.exit(f"FAIL: the run report for r503: {f}")
for h in ("r403", "rbig", "rredir", "rdelay"):
    if res[(h, "fetch")]["outcome"] != "ok":
        sys.exit(f"FAIL: the run report for {h}: {res[(h, 'fetch')]}")
PY
python3 - requests.log.arrivals <<'PY'
import sys
t = {}
for line in open(sys.argv[1]):
    s, host, _, path = line.split()
    if host.startswith("rdelay."):
        t[path] = float(s)
gaps = [t["/p1/een"] - t["/"], t["/p2/twee"] - t["/p1/een"]]
# Crawl-delay: 1 (the pipeline's delay_ms is 0): no two requests less than
# about a second apart; an upper bound only against waiting far too long
if not all(0.9 <= g < 10 for g in gaps):
    sys.exit(f"FAIL: Crawl-delay 1: seconds between requests {gaps}")
print(f"Crawl-delay 1: {gaps[0]:.2f} s and {gaps[1]:.2f} s between requests")
PY
echo "ok"
