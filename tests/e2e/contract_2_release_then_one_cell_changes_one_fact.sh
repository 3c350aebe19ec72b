#!/bin/bash
# A portal holding a release of contract 1 gets 2.0.0 from this code, with a
# CHANGES line that says why (page_id became {document_id}/{page_key}); then a
# night where one cell of one page changed gives a PATCH release whose CHANGES
# lists exactly that fact, and whose budget_lines differ in exactly the line
# built from it. The document repeats a slug (/p3203/... and /p3207/... hold the
# same page), as whole documents do: under the old slug ids these two pages
# shared every fact_id.
#
# The 1.x release is built by this code with ODP_CONTRACT_MAJOR=1 (release.c:
# a test hook that accepts only an earlier contract), so it is a real release
# as publish writes it. Records come from the real odp-extract and
# odp-transform (tests/transform/odp_records.py), no crawl needed.
. "$(dirname "$0")/lib.sh"
cd "$T"
page="$ODP_SRC/demo/sites/deventer2026.perspectiefnota.nl/p23716/domein-dienstverlening.html"
cp "$page" night1.html
# night 2: Raadsadviseur (row 4 of table 2), 2026 (column 4): -132 -> -133, on p3207 only
sed 's|<td>Raadsadviseur</td><td>1</td><td>-132</td>|<td>Raadsadviseur</td><td>1</td><td>-133</td>|' \
    "$page" > night2.html
cmp -s night1.html night2.html && fail "the edit did not apply"

records() { # records NIGHT2_HTML_FOR_P3207
    ODP_BUILD="$ODP_BUILD" python3 - "$ODP_SRC" "$T/work" "$T/night1.html" "$1" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/tests/transform")
import odp_records
h = "http://deventer2026.perspectiefnota.nl"
odp_records.run([{"id": "deventer-perspectiefnota-2026", "cbs_code": "GM0150",
                  "municipality": "Deventer", "doc_type": "perspectiefnota", "year": 2026,
                  "url": h + "/",
                  "pages": [(h + "/p3203/domein-dienstverlening", sys.argv[3]),
                            (h + "/p3207/domein-dienstverlening", sys.argv[4])]}], workdir=sys.argv[2])
PY
}
records "$T/night1.html"
PL=work/pipeline.json
d=portal/datasets/GM0150-deventer-pc-documenten
ODP_CONTRACT_MAJOR=1 "$ODP" publish -q --pipeline $PL --workdir work --portal portal || fail "publish 1"
expect_eq "release of contract 1" "1.0.0" "$(readlink $d/latest)"
"$ODP" publish -q --pipeline $PL --workdir work --portal portal || fail "publish 2"
expect_eq "first release of contract 2" "2.0.0" "$(readlink $d/latest)"
expect_contains $d/2.0.0/CHANGES.md "Contract 2: page_id is now {document_id}/{page_key}"
"$ODP" publish -q --pipeline $PL --workdir work --portal portal || fail "publish 3"
expect_eq "nothing changed: nothing published" "1.0.0
2.0.0" "$(ls $d | grep -v latest)"

records "$T/night2.html"
"$ODP" publish -q --pipeline $PL --workdir work --portal portal || fail "publish 4"
expect_eq "one changed value: PATCH" "2.0.1" "$(readlink $d/latest)"
python3 - "$d" <<'PY'
import csv, json, sys
d = sys.argv[1]
P = "GM0150-perspectiefnota-2026/"
c = json.load(open(f"{d}/2.0.0/CHANGES.json"))
note = c["note"] or ""
if not (c["previous_version"] == "1.0.0" and note.startswith("Contract 2: page_id is now "
        "{document_id}/{page_key}")):
    sys.exit(f"FAIL: 2.0.0 CHANGES: previous {c['previous_version']}, note {note!r}")
c = json.load(open(f"{d}/2.0.1/CHANGES.json"))
want = {"previous_version": "2.0.0", "note": None, "added_count": 0, "removed_count": 0,
        "changed_count": 1}
got = {k: c[k] for k in want}
if got != want:
    sys.exit(f"FAIL: 2.0.1 CHANGES counts: {got}")
ch = c["changed"]
fid = P + "p3207-domein-dienstverlening#t2/r4c4"
if len(ch) != 1 or ch[0]["fact_id"] != fid or ch[0]["old"]["value"] != "-132" \
        or ch[0]["new"]["value"] != "-133":
    sys.exit(f"FAIL: changed: {ch}")

def rows(v, name):
    with open(f"{d}/{v}/{name}.csv", newline="", encoding="utf-8") as f:
        return {tuple(r.items()) for r in csv.DictReader(f)}

for name in ("facts", "budget_lines"):
    a, b = rows("2.0.0", name), rows("2.0.1", name)
    old = [dict(r) for r in a - b]
    new = [dict(r) for r in b - a]
    if [r["fact_id"] for r in old] != [fid] or [r["fact_id"] for r in new] != [fid]:
        sys.exit(f"FAIL: {name}: rows that differ: old {old} new {new}")
    if (old[0]["value"], new[0]["value"]) != ("-132", "-133"):
        sys.exit(f"FAIL: {name}: values {old[0]['value']} -> {new[0]['value']}")
# the same cell of the other page with the same slug is untouched
f = {r[0][1]: dict(r) for r in rows("2.0.1", "facts")}
if f[P + "p3203-domein-dienstverlening#t2/r4c4"]["value"] != "-132":
    sys.exit("FAIL: p3203 changed too")
PY
