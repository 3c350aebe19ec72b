#!/bin/bash
# A site whose pages a script builds (as begrotingsapp's) is reported per page
# as an empty application shell when fetched plainly; with "render": "chromium"
# headless chromium builds the pages, their DOM is stored and their links are
# followed, and the browser reaches no other host.
. "$(dirname "$0")/lib.sh"
command -v "${ODP_CHROMIUM:-chromium}" >/dev/null || { echo "SKIPPED: chromium is not installed (apt-get install chromium)"; exit 77; }
cd "$T"
start_fault_server requests.log
pipeline() {
    cat <<J
{ "name": "app", "crawl": { "delay_ms": 0 },
  "sources": [ { "id": "app", "cbs_code": "GM9995", "municipality": "Appeldorp",
                 "doc_type": "begroting", "year": 2021, $1
                 "url": "http://app.begrotingsapp.nl/begroting-2021/" } ] }
J
}
R=(--resolve "app.begrotingsapp.nl:80:127.0.0.1:$PORT")
pipeline "" > plain.json
set +e
"$ODP_BUILD/odp-fetch" --pipeline plain.json --workdir plain "${R[@]}" 2>plain.err
rc=$?
set -e
expect_eq "plain fetch of an application" 1 "$rc"
expect_contains plain.err 'http://app.begrotingsapp.nl/begroting-2021/: an empty JavaScript application shell; its content needs "render": "chromium" on source "app"'
expect_contains plain.err 'no pages of the document were found'

pipeline '"render": "chromium",' > render.json
"$ODP_BUILD/odp-fetch" --pipeline render.json --workdir rendered "${R[@]}" 2>render.err ||
    { cat render.err; fail "rendered fetch exited $?"; }
python3 - <<'PY'
import json, sys
m = json.load(open("rendered/fetch/app.json"))
pages = {p["url"].rsplit("/", 1)[1]: p for p in m["pages"]}
if sorted(pages) != ["een", "twee"]:
    sys.exit(f"FAIL: pages found {sorted(pages)}")
for name, p in pages.items():
    if p.get("rendered") != "chromium" or "shell_sha256" not in p:
        sys.exit(f"FAIL: {name} not recorded as rendered: {p}")
    sha = p["sha256"]
    dom = open(f"rendered/raw/{sha[:2]}/{sha}", encoding="utf-8").read()
    if f"<h1>Programma {name}</h1>" not in dom or "<td>1.234</td>" not in dom:
        sys.exit(f"FAIL: the stored DOM of {name} lacks the script's content")
PY
# the browser asked only the site itself (its requests arrive with this Host)
grep -v '^GET /\(robots.txt\|begroting-2021/\|app.js\|favicon.ico\)' requests.log && fail "unexpected requests"
echo "ok"
