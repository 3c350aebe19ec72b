#!/bin/bash
# Retention: the pipeline keeps every municipality release and the last
# national one. Two nights over the demo sites (the second changes one cell of
# Amersfoort's page, 104 -> 105) give every dataset 2.0.0 and Amersfoort and
# the nation 2.0.1. Then:
# - `odp releases` shows the national 2.0.0 as "to prune", everything else
#   kept or latest; `odp prune --dry-run` says so and removes nothing;
# - `odp prune` leaves the national 2.0.0 as a tombstone: datapackage.json,
#   CHANGES and TOMBSTONE.json only (no parts, no SHA256SUMS), the tombstone
#   naming the version, why, the release after it, and where each part lives
#   on: Deventer's unchanged part in the national 2.0.1, Amersfoort's old part
#   in Amersfoort's own 2.0.0 (by hand: the one-cell night changed only
#   Amersfoort's part);
# - nothing a user downloaded changed: every kept release still checks with
#   sha256sum -c, and the file the pruned release shared with Deventer is the
#   same inode as before;
# - its page and the catalogue say it was pruned and where it went; the
#   catalogue lists no file of it and names 2.0.1 as dct:isReplacedBy;
# - a second prune prunes nothing; the next night still publishes;
# - a retention setting of 0 is refused before any work, naming it.
. "$(dirname "$0")/lib.sh"
cp -r "$ODP_SRC/demo/sites" "$T/sites"
start_sites "$T/sites"
cd "$T"
python3 - "$ODP_SRC/pipelines/demo.json" p.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["retention"] = {"national_releases": 1}
json.dump(p, open(sys.argv[2], "w"), indent=2)
PY
run() { "$ODP" run --pipeline p.json --workdir work --portal portal "${RESOLVE[@]}" "$@"; }
run --quiet >out1 2>&1 || { cat out1; fail "first night failed"; }
sed -i 's|<td>104</td>|<td>105</td>|' "$T/sites/amersfoort.begroting-2018.nl/p412/bestuurlijke-ontwikkeling.html"
run --quiet >out2 2>&1 || { cat out2; fail "second night failed"; }
D=portal/datasets
nat=$D/nl-gemeenten-pc-documenten
ams=$D/GM0307-amersfoort-pc-documenten
dev=$D/GM0150-deventer-pc-documenten
expect_eq "the national releases" "2.0.0 2.0.1" "$(ls $nat | grep -v latest | xargs)"
dev_inode=$(stat -c %i $dev/2.0.0/facts.csv)
expect_eq "the national 2.0.0 shares Deventer's file" "$dev_inode" "$(stat -c %i $nat/2.0.0/facts/GM0150.csv)"

"$ODP" releases --pipeline p.json --portal portal >releases.txt 2>&1 || { cat releases.txt; fail "odp releases failed"; }
grep -Eq '^nl-gemeenten-pc-documenten +2\.0\.0 +to prune ' releases.txt || { cat releases.txt; fail "national 2.0.0 is not 'to prune'"; }
grep -Eq '^nl-gemeenten-pc-documenten +2\.0\.1 +latest ' releases.txt || fail "national 2.0.1 is not latest"
grep -Eq '^GM0307-amersfoort-pc-documenten +2\.0\.0 +kept ' releases.txt || fail "Amersfoort 2.0.0 is not kept"
expect_eq "releases to prune" "1" "$(grep -c 'to prune ' releases.txt)"
expect_contains releases.txt "retention: keep the last 1 national release"
expect_contains releases.txt "retention: keep every municipality release"

"$ODP" prune --dry-run --pipeline p.json --portal portal >dry.txt 2>&1 || fail "prune --dry-run failed"
expect_contains dry.txt "1 release to prune"
[ -f $nat/2.0.0/SHA256SUMS ] && [ -d $nat/2.0.0/facts ] || fail "--dry-run removed files"
[ -f $nat/2.0.0/TOMBSTONE.json ] && fail "--dry-run wrote a tombstone"

"$ODP" prune --pipeline p.json --portal portal >prune.txt 2>&1 || { cat prune.txt; fail "odp prune failed"; }
expect_contains prune.txt "pruned nl-gemeenten-pc-documenten 2.0.0"
expect_eq "what the pruned release keeps" "CHANGES.json CHANGES.md TOMBSTONE.json datapackage.json" \
    "$(ls $nat/2.0.0 | LC_ALL=C sort | xargs)"
python3 - "$nat/2.0.0/TOMBSTONE.json" <<'PY' || fail "the tombstone does not say where the data went"
import json, sys
t = json.load(open(sys.argv[1]))
assert t["dataset_id"] == "nl-gemeenten-pc-documenten" and t["version"] == "2.0.0", t
assert "keeps the last 1 national release" in t["reason"], t["reason"]
assert t["pruned_at"].endswith("Z") and t["pruned_at"][:2] == "20", t["pruned_at"]
assert t["superseded_by"] == "2.0.1" and t["superseded_by_path"] == "datasets/nl-gemeenten-pc-documenten/2.0.1/", t
f = {x["name"]: x for x in t["files"]}
assert f["facts/GM0150.csv"]["lives_on"]["path"] == "datasets/nl-gemeenten-pc-documenten/2.0.1/facts/GM0150.csv", f["facts/GM0150.csv"]
assert f["facts/GM0307.csv"]["lives_on"]["path"] == "datasets/GM0307-amersfoort-pc-documenten/2.0.0/facts.csv", f["facts/GM0307.csv"]
assert f["facts/GM0307.jsonl.zst"]["lives_on"]["path"] == "datasets/GM0307-amersfoort-pc-documenten/2.0.0/facts.jsonl.zst"
parts = [x for n, x in f.items() if "/" in n]
assert len(parts) == 3 * 9 * 2, len(parts)  # 3 municipalities x 9 tables x CSV and JSON Lines
assert all(x["lives_on"] for x in parts), [x["name"] for x in parts if not x["lives_on"]]
assert f["datapackage.json"]["lives_on"] is None  # the national 2.0.1 has its own
assert {d["cbs_code"] for d in t["documents"]} == {"GM0150", "GM0307", "GM1509"}, t["documents"]
PY
expect_eq "Deventer's file is untouched" "$dev_inode" "$(stat -c %i $dev/2.0.0/facts.csv)"
for r in $dev/2.0.0 $ams/2.0.0 $ams/2.0.1 $nat/2.0.1; do
    (cd $r && sha256sum -c --quiet SHA256SUMS) || fail "$r no longer checks"
done

page=portal/pages/nl-gemeenten-pc-documenten-2.0.0.html
expect_contains $page "This release was pruned on"
expect_contains $page 'href="nl-gemeenten-pc-documenten-2.0.1.html"'
expect_contains $page '../datasets/nl-gemeenten-pc-documenten/2.0.1/facts/GM0150.csv'
expect_contains portal/pages/nl-gemeenten-pc-documenten.html '2.0.0</a> (pruned)'
python3 - portal/catalog.jsonld <<'PY' || fail "the catalogue does not say where the release went"
import json, sys
g = json.load(open(sys.argv[1]))["@graph"]
ids = {n["@id"]: n for n in g if isinstance(n, dict) and "@id" in n}
old = next(n for i, n in ids.items() if i.endswith("datasets/nl-gemeenten-pc-documenten/2.0.0/"))
assert old["dct:isReplacedBy"]["@id"].endswith("datasets/nl-gemeenten-pc-documenten/2.0.1/"), old
assert not old.get("dcat:distribution"), old.get("dcat:distribution")
notes = json.dumps(old["adms:versionNotes"])
assert "Pruned on" in notes and "Verwijderd op" in notes, notes
assert not any("/nl-gemeenten-pc-documenten/2.0.0/facts" in i for i in ids), "a pruned file is still listed"
PY

# the catalogue with a pruned release still conforms to DCAT-AP-NL 3.0 (the
# official shapes, as catalogue_conforms_to_dcat_ap_nl_shapes runs them)
SH="$ODP_SRC/../shared/data/dcat-ap-nl-shacl"
if [ -f "$SH/dcat-ap-nl-SHACL.ttl" ]; then
    MODULES=$(bash "$ODP_SRC/scripts/install-test-consumers.sh") || fail "cannot install the SHACL engine"
    node "$ODP_SRC/tests/consumers/shacl.mjs" "$MODULES" portal/catalog.jsonld "$SH/dcat-ap-SHACL.ttl" \
        "$SH/dcat-ap-nl-SHACL.ttl" "$SH/dcat-ap-nl-SHACL-klassebereik.ttl" \
        "$SH/dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl" >shacl.txt || fail "the SHACL engine did not run"
    echo "catalogue with a pruned release: $(tail -1 shacl.txt)"
    tail -1 shacl.txt | grep -q '^results: 0 ' || { head -20 shacl.txt; fail "the catalogue with a pruned release breaks DCAT-AP-NL"; }
fi

"$ODP" prune --pipeline p.json --portal portal >prune2.txt 2>&1 || fail "second prune failed"
expect_contains prune2.txt "0 releases pruned"
run --quiet >out3 2>&1 || { cat out3; fail "the night after the prune failed"; }

python3 - p.json bad.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); p["retention"]["national_releases"] = 0
json.dump(p, open(sys.argv[2], "w"))
PY
rc=0; "$ODP" releases --pipeline bad.json --portal portal >bad.txt 2>&1 || rc=$?
expect_eq "exit status of a bad retention" "2" "$rc"
expect_contains bad.txt "retention.national_releases"
echo "ok"
