#!/bin/bash
# Keys are enforced before anything is published: records with a fact_id twice,
# or a budget line whose fact_id names no fact, fail their dataset with an error
# naming the key and the URLs, publish exits 3, and the portal keeps its
# previous release byte for byte. Records come from the real odp-extract and
# odp-transform (tests/transform/odp_records.py) and are then edited by hand
# as a broken transform would leave them.
. "$(dirname "$0")/lib.sh"
cd "$T"
page="$ODP_SRC/demo/sites/deventer2026.perspectiefnota.nl/p23716/domein-dienstverlening.html"
ODP_BUILD="$ODP_BUILD" python3 - "$ODP_SRC" "$T/work" "$page" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/tests/transform")
import odp_records
h = "http://deventer2026.perspectiefnota.nl"
odp_records.run([{"id": "deventer-perspectiefnota-2026", "cbs_code": "GM0150",
                  "municipality": "Deventer", "doc_type": "perspectiefnota", "year": 2026,
                  "url": h + "/",
                  "pages": [(h + "/p3203/domein-dienstverlening", sys.argv[3]),
                            (h + "/p3207/domein-dienstverlening", sys.argv[3])]}], workdir=sys.argv[2])
PY
PL=work/pipeline.json
R=work/records/deventer-perspectiefnota-2026
d=portal/datasets/GM0150-deventer-pc-documenten
"$ODP" publish -q --pipeline $PL --workdir work --portal portal || fail "first publish"
expect_eq "first release" "2.0.0" "$(readlink $d/latest)"
(cd portal && find . -type f -o -type l | sort | xargs -d '\n' sha256sum) > before.sums 2>/dev/null || true
cp -a $R records.good

# a fact of p3203 written a second time with the page of p3207 (as colliding ids would)
P=GM0150-perspectiefnota-2026
python3 - $R/facts.jsonl "$P" <<'PY'
import json, sys
path, P = sys.argv[1], sys.argv[2]
lines = open(path).read().splitlines()
f = next(json.loads(l) for l in lines if json.loads(l)["fact_id"] == P + "/p3203-domein-dienstverlening#t2/r4c4")
f["page_id"] = P + "/p3207-domein-dienstverlening"
open(path, "a").write(json.dumps(f) + "\n")
PY
set +e
"$ODP" publish -q --pipeline $PL --workdir work --portal portal 2>dup.err
rc=$?
set -e
expect_eq "exit status of a duplicate key" 3 "$rc"
expect_contains dup.err "facts: fact_id \"$P/p3203-domein-dienstverlening#t2/r4c4\" twice: http://deventer2026.perspectiefnota.nl/p3203/domein-dienstverlening and http://deventer2026.perspectiefnota.nl/p3207/domein-dienstverlening"
expect_contains work/status/_publish.publish.json "then odp rerun --stage publish"
(cd portal && find . -type f -o -type l | sort | xargs -d '\n' sha256sum) > after.sums 2>/dev/null || true
diff before.sums after.sums || fail "the portal changed after a refused publish"
expect_eq "releases after a refused publish" "2.0.0" "$(ls $d | grep -v latest)"

# a budget line that names a fact that is not there
rm -rf $R && cp -a records.good $R
python3 - $R/budget_lines.jsonl "$P" <<'PY'
import json, sys
path, P = sys.argv[1], sys.argv[2]
lines = open(path).read().splitlines()
i = json.loads(lines[0]) if lines else None
if i is None:
    sys.exit("FAIL: the page gave no budget lines to copy")
i["fact_id"] = P + "/p3207-domein-dienstverlening#t9/r1c1"
open(path, "a").write(json.dumps(i) + "\n")
PY
set +e
"$ODP" publish -q --pipeline $PL --workdir work --portal portal 2>fk.err
rc=$?
set -e
expect_eq "exit status of a dangling foreign key" 3 "$rc"
expect_contains fk.err "budget_lines: fact_id \"$P/p3207-domein-dienstverlening#t9/r1c1\" names no row of facts:"
(cd portal && find . -type f -o -type l | sort | xargs -d '\n' sha256sum) > after2.sums 2>/dev/null || true
diff before.sums after2.sums || fail "the portal changed after a refused publish"

# the records put right: publishing goes on (nothing changed since 2.0.0)
rm -rf $R && cp -a records.good $R
"$ODP" publish -q --pipeline $PL --workdir work --portal portal || fail "publish after the fix"
expect_eq "release after the fix" "2.0.0" "$(readlink $d/latest)"
