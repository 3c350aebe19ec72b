#!/bin/bash
# A national pipeline has thousands of sources (342 municipalities, several
# documents each). odp run hands every stage the sources still going, one
# --source each: a run of 36 municipalities x 2 documents = 72 sources (more
# than any fixed list the options once had: 64) goes through every stage and
# publishes every municipality, each with both its documents, and the
# national dataset with all 72. Then one stage is rerun for all 72 by name.
. "$(dirname "$0")/lib.sh"
cd "$T"
mapfile -t hosts < <(python3 "$ODP_SRC/bench/national/gen_sites.py" sites p.json 36 2 2)
[ "${#hosts[@]}" -eq 72 ] || fail "gen_sites.py made ${#hosts[@]} sources, not 72"
start_sites "$T/sites"
"$ODP" run -q --jobs 2 --pipeline p.json --workdir w --portal portal "${RESOLVE[@]}" 2>err ||
    { rc=$?; cat err >&2; fail "odp run of 72 sources exited $rc"; }
python3 - portal <<'PY' || fail "the portal does not hold every source"
import csv, glob, io, os, sys
portal = sys.argv[1]
muni = sorted(d for d in os.listdir(f"{portal}/datasets") if d.startswith("GM"))
assert len(muni) == 36, f"{len(muni)} municipality datasets, not 36"
for d in muni:
    docs = list(csv.DictReader(open(f"{portal}/datasets/{d}/latest/documents.csv", encoding="utf-8")))
    kinds = sorted(r["doc_type"] for r in docs)
    assert kinds == ["begroting", "jaarverslag"], f"{d}: documents {kinds}"
nat = f"{portal}/datasets/nl-gemeenten-pc-documenten/latest"
rows = []
for f in sorted(glob.glob(f"{nat}/documents/*.csv")) or [f"{nat}/documents.csv"]:
    rows += list(csv.DictReader(open(f, encoding="utf-8")))
assert len(rows) == 72, f"the national dataset has {len(rows)} documents, not 72"
PY
# every source by name, as a steward reruns a stage
args=()
for id in $(python3 -c 'import json,sys; print(" ".join(s["id"] for s in json.load(open("p.json"))["sources"]))'); do
    args+=(--source "$id")
done
"$ODP_BUILD/odp-transform" -q --pipeline p.json --workdir w "${args[@]}" 2>err ||
    { rc=$?; cat err >&2; fail "odp-transform with 72 --source options exited $rc"; }
echo "ok (72 sources in one night: 36 municipalities with 2 documents each, and the national dataset)"
