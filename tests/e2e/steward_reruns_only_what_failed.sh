#!/bin/bash
# A steward's night: one of three sources answers 500, the run exits 3 with the
# others published and odp status naming the failure with its URL; the server
# is fixed, `odp rerun --stage fetch --failed` requests only that source's
# pages, and the national release gains its data (MINOR version up, with
# CHANGES.json and CHANGES.md listing the facts added).
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
start_fault_server broken.log
FPORT=$PORT
python3 - "$ODP_SRC/pipelines/demo.json" > pipeline.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["crawl"] = {"max_attempts": 2, "delay_ms": 0}
p["sources"] = [s for s in p["sources"] if s["id"] in ("deventer-begroting-2025", "amersfoort-begroting-2018")]
p["sources"].append({"id": "brokenburg-begroting-2026", "cbs_code": "GM9994", "municipality": "Brokenburg",
                     "doc_type": "begroting", "year": 2026, "url": "http://broken.begroting-2026.nl/"})
json.dump(p, sys.stdout, indent=2)
PY
R=("${RESOLVE[@]}" --resolve "broken.begroting-2026.nl:80:127.0.0.1:$FPORT")
set +e
"$ODP" run -q --pipeline pipeline.json --workdir work --portal portal "${R[@]}" 2>run1.err
rc=$?
set -e
expect_eq "exit status with one source failing" 3 "$rc"
expect_eq "national release" "2.0.0" "$(readlink portal/datasets/nl-gemeenten-pc-documenten/latest)"
"$ODP" status --workdir work > status.txt
expect_contains status.txt "brokenburg-begroting-2026          failed     skipped    skipped    http://broken.begroting-2026.nl/: HTTP 500"
expect_contains status.txt "next: odp rerun --stage fetch --failed"
expect_contains status.txt "report: work/reports/run-1.html (and .json)"
expect_contains work/reports/run-1.html '<tr class="failed"><td>brokenburg-begroting-2026</td><td>fetch</td><td>failed</td>'
expect_contains work/reports/run-1.json '"error": "http://broken.begroting-2026.nl/: HTTP 500"' 
"$ODP" status --workdir work --json > status.json
python3 -c "import json,sys; s=json.load(open('status.json')); sys.exit(0 if s['exit_status']==3 and s['next']=='odp rerun --stage fetch --failed' else 1)" ||
    fail "odp status --json: $(cat status.json)"

touch broken.log.fixed
nginx_before=$(wc -l < "$SRV/access.log")
broken_before=$(wc -l < broken.log)
"$ODP" rerun -q --stage fetch --failed --pipeline pipeline.json --workdir work --portal portal \
    "${R[@]}" 2>rerun.err || { cat rerun.err; fail "rerun exited $?"; }
expect_eq "requests to the healthy sites during the rerun" "$nginx_before" "$(wc -l < "$SRV/access.log")"
tail -n +$((broken_before + 1)) broken.log | sort > rerun.requests
expect_eq "requests of the rerun" "GET / 200
GET /p1/financien 200
GET /p2/wonen 200
GET /robots.txt 404" "$(cat rerun.requests)"
expect_eq "national release after the rerun" "2.1.0" "$(readlink portal/datasets/nl-gemeenten-pc-documenten/latest)"
grep -q '^GM9994-begroting-2026/p2-wonen#t1/r3c2,' portal/datasets/nl-gemeenten-pc-documenten/latest/facts/GM9994.csv ||
    fail "the fixed source's facts are not in the release"
python3 - portal/datasets/nl-gemeenten-pc-documenten <<'PY'
import json, sys
d = sys.argv[1]
first = json.load(open(f"{d}/2.0.0/CHANGES.json"))
c = json.load(open(f"{d}/2.1.0/CHANGES.json"))
want = {"previous_version": "2.0.0", "version": "2.1.0", "added_count": 6, "removed_count": 0,
        "changed_count": 0}
got = {k: c[k] for k in want}
if got != want or not first["first_release"]:
    sys.exit(f"FAIL: CHANGES.json: {got}, first release {first['first_release']}")
added = {a["fact_id"]: a["new"] for a in c["added"]}
if added.get("GM9994-begroting-2026/p2-wonen#t1/r3c2") != {"status": "ok", "value": "1250", "raw": "1.250"}:
    sys.exit(f"FAIL: CHANGES.json added: {added}")
md = open(f"{d}/2.1.0/CHANGES.md").read()
if "Since 2.0.0: 6 facts added, 0 removed, 0 changed" not in md:
    sys.exit("FAIL: CHANGES.md: " + md[:300])
PY
"$ODP" status --workdir work > status2.txt
expect_contains status2.txt "brokenburg-begroting-2026          ok 2       ok 2       ok 6"
echo "ok"
