#!/bin/bash
# Two sites are crawled at the same time (curl multi), and neither gets more
# than crawl.per_host (2) requests at once; every page arrives. With the
# default crawl.delay_ms (200), no two requests to a host start less than
# about 200 ms apart (measured at the server), also with two allowed at once.
. "$(dirname "$0")/lib.sh"
cd "$T"
start_fault_server requests.log
cat > pipeline.json <<'J'
{ "name": "two", "crawl": { "delay_ms": 0, "per_host": 2 },
  "sources": [
    { "id": "a", "cbs_code": "GM9997", "municipality": "A", "doc_type": "begroting", "year": 2026,
      "url": "http://slow.a-begroting-2026.nl/" },
    { "id": "b", "cbs_code": "GM9996", "municipality": "B", "doc_type": "begroting", "year": 2026,
      "url": "http://slow.b-begroting-2026.nl/" } ] }
J
"$ODP_BUILD/odp-fetch" --pipeline pipeline.json --workdir work -q \
    --resolve "slow.a-begroting-2026.nl:80:127.0.0.1:$PORT" \
    --resolve "slow.b-begroting-2026.nl:80:127.0.0.1:$PORT" || fail "fetch exited $?"
expect_eq "pages requested" 80 "$(grep -c 'pagina.* 200$' requests.log)"
python3 - requests.log.peaks <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
want = {"slow.a-begroting-2026.nl": 2, "slow.b-begroting-2026.nl": 2, "*": 4}
if p != want:
    sys.exit(f"FAIL: peak requests at once: expected {want}, got {p}")
PY

# the default delay: 200 ms between the starts of two requests to a host
cat > polite.json <<'J'
{ "name": "polite",
  "sources": [ { "id": "c", "cbs_code": "GM9995", "municipality": "C", "doc_type": "begroting",
                 "year": 2026, "url": "http://slow.c-begroting-2026.nl/", "max_pages": 8 } ] }
J
"$ODP_BUILD/odp-fetch" --pipeline polite.json --workdir work2 -q \
    --resolve "slow.c-begroting-2026.nl:80:127.0.0.1:$PORT" || fail "fetch exited $?"
python3 - requests.log.arrivals <<'PY'
import sys
t = sorted(float(l.split()[0]) for l in open(sys.argv[1]) if " slow.c-begroting-2026.nl " in l)
gaps = [b - a for a, b in zip(t, t[1:])]
# robots.txt, the root and 8 pages; 0.15 s leaves room for loopback jitter,
# while without the delay two requests would start together (per_host 2)
if len(t) != 10 or min(gaps) < 0.15:
    sys.exit(f"FAIL: {len(t)} requests, seconds between them: {[round(g, 3) for g in gaps]}")
print(f"per-host delay: {len(t)} requests, at least {min(gaps):.3f} s apart")
PY
echo "ok"
