#!/bin/bash
# Two sites are crawled at the same time (curl multi), and neither gets more
# than crawl.per_host (2) requests at once; every page arrives.
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
echo "ok"
