#!/bin/bash
# A record that fails its schema goes to the run's quarantine with each error
# (instance pointer, schema path, message) and is not published; the other
# records of the same page are. The run exits 3 (partly failed, README) and
# odp status shows the count. (A schema copy that allows raw texts of at most
# 3 characters makes the seed 004 cells "-1.000" and "-300" invalid.) A budget
# line built from a quarantined fact is quarantined with it (naming that
# fact), so the release's foreign keys hold and publish goes on. Two seed
# sources, so every count below is counted by hand from their pages.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
cp -r "$ODP_SRC/schemas" schemas
python3 - <<'PY'
import json
p = "schemas/facts.schema.json"
s = json.load(open(p))
s["properties"]["raw"]["maxLength"] = 3
json.dump(s, open(p, "w"), indent=2)
PY
export ODP_SCHEMA_DIR="$T/schemas"
python3 - "$ODP_SRC/pipelines/demo.json" > two.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"]
                if s["id"] in ("deventer-perspectiefnota-2026", "amersfoort-begroting-2018")]
json.dump(p, sys.stdout)
PY
set +e
"$ODP" run --pipeline two.json --workdir work --portal portal \
    "${RESOLVE[@]}" 2>err
rc=$?
set -e
# quarantined records are data the night did not publish: partly failed (README)
expect_eq "exit status of a run with quarantined records" 3 "$rc"
# 15 facts, and the budget lines of the 11 value cells among them
expect_contains err 'odp-transform: error: source "deventer-perspectiefnota-2026": 26 records failed their schema and were quarantined'
# and amersfoort's two indicator names (longer than 3 too), label cells with no line of their own
expect_contains err "odp: 28 records failed their schema and were quarantined, not published; the rest was published"
grep -q 'sources failed' err && fail "a source is reported as failed"
"$ODP" status --workdir work > status || fail "odp status exited $?"
grep -E '^  deventer-perspectiefnota-2026 +ok [0-9]+ +ok [0-9]+ +ok 28 \(26q\)' status ||
    { cat status; fail "odp status does not show the 26 quarantined records"; }
expect_contains status "exit status: 3"
python3 - <<'PY'
import csv, json, sys
q = [json.loads(l) for l in open("work/quarantine/deventer-perspectiefnota-2026.jsonl")]
def fail(m):
    sys.exit("FAIL: " + m)
facts_q = [x for x in q if x["dataset"] == "facts"]
lines_q = [x for x in q if x["dataset"] == "budget_lines"]
# the 11 value cells among the 15 (-1.000 4x, -300 3x, -132 4x) each had a budget line
if (len(facts_q), len(lines_q), len(q)) != (15, 11, 26):
    fail(f"{len(facts_q)} facts and {len(lines_q)} budget lines quarantined of {len(q)}, expected 15 and 11")
for x in lines_q:
    e = x["errors"][0]
    if (e["instance_path"], e["schema_path"]) != ("/fact_id", "#/x-foreign-keys") or \
            x["record"]["fact_id"] not in {f["record"]["fact_id"] for f in facts_q} or \
            x["record"]["fact_id"] not in e["message"]:
        fail(f"budget line quarantined without naming its fact: {x}")
q = facts_q
raws = sorted({x["record"]["raw"] for x in q})
# hand-counted from seed 004: longer than 3 characters are the labels
# (4: "Pilots met AI", ...), -1.000 (4x), -300 (3x) and -132 (4x): 15 of 28
if raws != ["-1.000", "-132", "-300", "Continuering meester gezelfonds", "Pilots met AI",
            "Raadsadviseur", "Reiskostenregeling"]:
    fail(f"quarantined raws {raws}")
e = q[0]["errors"][0]
if (q[0]["dataset"], q[0]["schema"], e["instance_path"], e["schema_path"]) != (
        "facts", "schemas/facts.schema.json", "/raw", "#/properties/raw/maxLength"):
    fail(f"error shape {q[0]['dataset']} {e}")
import glob
facts = [f for p in sorted(glob.glob("portal/datasets/nl-gemeenten-pc-documenten/latest/facts/*.csv"))
         for f in csv.DictReader(open(p))]
if not facts:
    fail("the national release has no facts")
ids = {f["fact_id"] for f in facts}
if any(x["record"]["fact_id"] in ids for x in q):
    fail("a quarantined fact was published")
lines = [b for p in sorted(glob.glob("portal/datasets/nl-gemeenten-pc-documenten/latest/budget_lines/*.csv"))
         for b in csv.DictReader(open(p))]
if not lines:
    fail("the national release has no budget lines")
if any(b["fact_id"] not in ids for b in lines):
    fail("a published budget line names a fact that is not published")
kept = [f for f in facts if f["page_id"].endswith("domein-dienstverlening")]
if len(kept) != 28 - 15:
    fail(f"{len(kept)} facts of the page published, expected 13")
PY
echo "ok"
