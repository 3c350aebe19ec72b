#!/bin/bash
# Fetch against a scriptable faulty server (tests/fetch/fault_server.py):
# 503 with Retry-After: 2 and 429 with an HTTP-date 3 s ahead are retried and
# succeed, and the retry comes no sooner than the server asked (measured at the
# server; the crawler's own first backoff is under a second, so a crawler
# that ignores the header fails here); a
# stalled body and a truncated body are errors, never pages; a redirect loop
# and a redirect to another host are recorded, not followed; 404 and 410 are
# recorded without retries; robots.txt keeps a path from being requested; a
# Windows-1252 page is stored as UTF-8; an oversized body is refused; one bad
# page never stops the others.
. "$(dirname "$0")/lib.sh"
cd "$T"
start_fault_server requests.log
cat > pipeline.json <<'J'
{ "name": "faults",
  "crawl": { "timeout_s": 3, "low_speed_s": 2, "max_attempts": 3, "delay_ms": 0,
             "max_body_bytes": 100000 },
  "sources": [ { "id": "faultville", "cbs_code": "GM9999", "municipality": "Faultville",
                 "doc_type": "begroting", "year": 2026,
                 "url": "http://faultville.begroting-2026.nl/" } ] }
J
"$ODP_BUILD/odp-fetch" --pipeline pipeline.json --workdir work \
    --resolve "faultville.begroting-2026.nl:80:127.0.0.1:$PORT" 2>err || { cat err; fail "fetch exited $?"; }
count() { grep -c "^GET $1 $2\$" requests.log || true; }
expect_eq "robots.txt requests" 1 "$(count /robots.txt 200)"
expect_eq "503 then 200" "1 1" "$(count /p2/flaky 503) $(count /p2/flaky 200)"
expect_eq "429 then 200" "1 1" "$(count /p3/busy 429) $(count /p3/busy 200)"
expect_eq "stalled body tried max_attempts times" 3 "$(count /p4/stall 200-stalled)"
expect_eq "410 not retried" 1 "$(count /p7/gone 410)"
expect_eq "404 not retried" 1 "$(count /p8/missing 404)"
expect_eq "robots-disallowed path requested" 0 "$(grep -c '/p9/' requests.log || true)"
expect_eq "other host requested" 0 "$(grep -c 'elders' requests.log || true)"
expect_contains err "/p9/geheim: disallowed by robots.txt, not fetched"
expect_contains err "/p5/truncated: truncated body"
expect_contains err "/p6/loop: redirect loop"
expect_contains err "/p13/huge: body larger than 100000 bytes"
expect_eq "an oversized body is not retried" 1 "$(count /p13/huge 200)"
expect_contains err "/p11/away: redirected to another host (https://elders.example.org/p1/x), not followed"
python3 - requests.log.arrivals <<'PY'
import sys
t = {}
for line in open(sys.argv[1]):
    s, _, _, path = line.split()
    t.setdefault(path, []).append(float(s))
for path, asked in (("/p2/flaky", 2), ("/p3/busy", 2)):
    gap = t[path][1] - t[path][0]
    # /p3/busy's HTTP-date has whole seconds: 3 s ahead is at least 2 s
    if not asked - 0.1 <= gap < asked + 10:
        sys.exit(f"FAIL: {path}: the retry came {gap:.2f} s after the first request; "
                 f"Retry-After asked for {asked} s")
    print(f"{path}: retried after {gap:.2f} s (Retry-After: {asked} s at least)")
PY
python3 - work/fetch/faultville.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
pages = {p["url"].rsplit("/", 1)[1]: p for p in m["pages"]}
def expect(what, want, got):
    if want != got:
        sys.exit(f"FAIL: {what}: expected {want!r}, got {got!r}")
expect("ok pages", ["ok", "flaky", "busy", "ansi", "moved"],
       [k for k, p in pages.items() if "sha256" in p])
for bad in ("stall", "truncated", "loop", "gone", "missing", "away", "huge"):
    expect(bad + " has no stored body", False, "sha256" in pages[bad])
expect("410 status", 410, pages["gone"]["http_status"])
expect("moved final url", "http://faultville.begroting-2026.nl/p1/ok", pages["moved"]["final_url"])
expect("ansi charset", "windows-1252", pages["ansi"]["charset"])
sha = pages["ansi"]["sha256"]
text = open(f"work/raw/{sha[:2]}/{sha}", encoding="utf-8").read()
expect("ansi as UTF-8", True, "Café kost € 5." in text)
expect("external link recorded", {"elders.example.org": "https://elders.example.org/p1/x"},
       m["external_links"])
PY
echo "ok"
