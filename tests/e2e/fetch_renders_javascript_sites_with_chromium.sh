#!/bin/bash
# A site whose pages a script builds (as begrotingsapp's) is reported per page
# as an empty application shell when fetched plainly. With "render": "chromium"
# headless chromium builds the pages and odp waits for the application: the
# test app (tests/e2e/render-app, served by nginx) fills each page only after a
# 200 ms timer and a data request, so a DOM taken at the load event would be
# "Laden...". Its tables are stored, its links followed; a page that never
# settles (its text changes forever, or it requests data forever) is reported
# as an error for that page and not stored, while the other pages are.
. "$(dirname "$0")/lib.sh"
command -v "${ODP_CHROMIUM:-chromium}" >/dev/null || { echo "SKIPPED: chromium is not installed (apt-get install chromium)"; exit 77; }
cd "$T"
cp -r "$ODP_SRC/tests/e2e/render-app" sites
start_sites "$T/sites"
pipeline() {
    cat <<J
{ "name": "app", "crawl": { "delay_ms": 0, "timeout_s": 8 },
  "sources": [ { "id": "app", "cbs_code": "GM9995", "municipality": "Appeldorp",
                 "doc_type": "begroting", "year": 2021, $1
                 "url": "http://app.begrotingsapp.nl/begroting-2021/" } ] }
J
}
pipeline "" > plain.json
set +e
"$ODP_BUILD/odp-fetch" --pipeline plain.json --workdir plain "${RESOLVE[@]}" 2>plain.err
rc=$?
set -e
expect_eq "plain fetch of an application" 1 "$rc"
expect_contains plain.err 'http://app.begrotingsapp.nl/begroting-2021/: an empty JavaScript application shell; its content needs "render": "chromium" on source "app"'
expect_contains plain.err 'no pages of the document were found'

pipeline '"render": "chromium", "pages": [
  "http://app.begrotingsapp.nl/begroting-2021/programma/een",
  "http://app.begrotingsapp.nl/begroting-2021/programma/twee",
  "http://app.begrotingsapp.nl/begroting-2021/programma/onrustig",
  "http://app.begrotingsapp.nl/begroting-2021/programma/bezig"],' > render.json
set +e
"$ODP_BUILD/odp-fetch" --pipeline render.json --workdir rendered "${RESOLVE[@]}" 2>render.err
rc=$?
set -e
cat render.err
# a failed page fails only itself (as in fetch_survives_a_faulty_server)
expect_eq "rendered fetch with two pages that never settle" 0 "$rc"
python3 - <<'PY'
import json, sys
m = json.load(open("rendered/fetch/app.json"))
pages = {p["url"].rsplit("/", 1)[1]: p for p in m["pages"]}
if sorted(pages) != ["bezig", "een", "onrustig", "twee"]:
    sys.exit(f"FAIL: pages found {sorted(pages)}")
cells = {"een": ("1.234", "-567"), "twee": ("2.468", "89")}
for name, (lasten, baten) in cells.items():
    p = pages[name]
    if p.get("rendered") != "chromium" or "shell_sha256" not in p or "error" in p:
        sys.exit(f"FAIL: {name} not recorded as rendered: {p}")
    sha = p["sha256"]
    dom = open(f"rendered/raw/{sha[:2]}/{sha}", encoding="utf-8").read()
    want = (f"<h1>Programma {name}</h1><table><tbody><tr><td>Lasten</td><td>{lasten}</td></tr>"
            f"<tr><td>Baten</td><td>{baten}</td></tr></tbody></table>")
    if want not in dom or "Laden..." in dom:
        sys.exit(f"FAIL: the stored DOM of {name} is not the application's page:\n{dom}")
# a page that did not settle is an error and has no stored copy (its shell is
# not the page)
for name in ("onrustig", "bezig"):
    p = pages[name]
    if "error" not in p or "sha256" in p or "rendered" in p:
        sys.exit(f"FAIL: {name} should be a failed page without content: {p}")
PY
expect_contains render.err 'http://app.begrotingsapp.nl/begroting-2021/programma/onrustig: the page did not settle within 8 s: its content kept changing'
expect_contains render.err 'http://app.begrotingsapp.nl/begroting-2021/programma/bezig: the page did not settle within 8 s: it kept making requests (the last: http://app.begrotingsapp.nl/data/bezig.json?'
# the stored pages read as pages with their tables
"$ODP_BUILD/odp-extract" --pipeline render.json --workdir rendered 2>extract.err ||
    { cat extract.err; fail "extract of the rendered pages exited $?"; }
python3 - <<'PY'
import glob, json, sys
m = json.load(open("rendered/fetch/app.json"))
pages = {p["url"].rsplit("/", 1)[1]: p for p in m["pages"]}
files = glob.glob("rendered/extract/*.jsonl")
if len(files) != 2:
    sys.exit(f"FAIL: extracted {files}, expected een and twee only")
want = {"een": [[1, 1, "Lasten"], [1, 2, "1.234"], [2, 1, "Baten"], [2, 2, "-567"]],
        "twee": [[1, 1, "Lasten"], [1, 2, "2.468"], [2, 1, "Baten"], [2, 2, "89"]]}
for name, cells in want.items():
    (f,) = glob.glob(f"rendered/extract/{pages[name]['sha256']}.*.jsonl")
    recs = [json.loads(l) for l in open(f, encoding="utf-8")]
    tables = [r for r in recs if r["type"] == "table"]
    if recs[0].get("title") != f"Programma {name}" or len(tables) != 1 or \
            [c[:3] for c in tables[0]["cells"]] != cells:
        sys.exit(f"FAIL: {name} extracted as {recs}")
PY
echo "ok"
