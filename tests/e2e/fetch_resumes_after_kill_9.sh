#!/bin/bash
# odp-fetch killed with SIGKILL in the middle of a crawl leaves no corrupt
# store entry, and the next run resumes: pages the killed run had recorded in
# the ledger are not requested again, and the crawl completes.
. "$(dirname "$0")/lib.sh"
cd "$T"
start_fault_server requests.log
cat > pipeline.json <<'J'
{ "name": "slow", "crawl": { "delay_ms": 0 },
  "sources": [ { "id": "slow", "cbs_code": "GM9998", "municipality": "Slowtown",
                 "doc_type": "begroting", "year": 2026, "url": "http://slow.begroting-2026.nl/" } ] }
J
fetch() { exec "$ODP_BUILD/odp-fetch" --pipeline pipeline.json --workdir work -q \
              --resolve "slow.begroting-2026.nl:80:127.0.0.1:$PORT"; }
(fetch 2>run1.err) &  # exec: $! is odp-fetch itself
PID=$!
for i in $(seq 200); do
    n=$(grep -c pagina requests.log 2>/dev/null || true)
    [ "${n:-0}" -ge 12 ] && break
    sleep 0.05
done
kill -9 $PID
wait $PID 2>/dev/null || true
[ "$(grep -c 'pagina' requests.log)" -lt 40 ] || fail "the crawl finished before the kill"
# every store entry is whole: its name is the SHA-256 of its bytes
for f in $(find work/raw -type f ! -name '.*'); do
    [ "$(sha256sum < "$f" | cut -d' ' -f1)" = "$(basename "$f")" ] || fail "corrupt store entry $f"
done
python3 - > done_before.txt <<'PY'
import sqlite3
db = sqlite3.connect("work/ledger.sqlite")
for (url,) in db.execute("SELECT url FROM fetch_pages WHERE status='ok' AND url LIKE '%pagina%'"):
    print(url.split("80", 1)[-1].split(".nl", 1)[-1])
PY
n_done=$(wc -l < done_before.txt)
[ "$n_done" -ge 5 ] || fail "only $n_done pages recorded before the kill"
lines=$(wc -l < requests.log)
(fetch 2>run2.err) || { cat run2.err; fail "the resumed run failed"; }
tail -n +$((lines + 1)) requests.log > run2.log
while read -r path; do
    grep -q "^GET $path " run2.log && fail "$path was fetched again after the resume"
done < done_before.txt
expect_eq "pages fetched by the resumed run" $((40 - n_done)) "$(grep -c 'pagina.* 200$' run2.log)"
python3 - <<'PY' || exit 1
import json, sys
m = json.load(open("work/fetch/slow.json"))
ok = [p for p in m["pages"] if "sha256" in p]
if len(ok) != 40:
    sys.exit(f"FAIL: the manifest has {len(ok)} pages, expected 40")
PY
echo "ok ($n_done pages recorded before the kill were not fetched again)"
