#!/bin/bash
# A night costs what changed. After a first night over the demo sites:
# - a night with nothing changed builds no release: a build makes and
#   removes .staging-PID in the dataset's directory, which changes the
#   directory's modification time (tests run as root, so a read-only
#   directory would prove nothing); every dataset directory keeps its time,
#   the run exits 0 and logs "nothing built" for each;
# - a night where one cell of Amersfoort's page changed (104 -> 105) builds
#   Amersfoort's dataset and the national one only: the other municipalities'
#   directories keep their time again. The national release takes Deventer's
#   facts as a hard link of Deventer's own file (same inode, no copy), its
#   Amersfoort part is Amersfoort's new file, it has no workbook and no
#   bundles, and its CHANGES lists exactly the one changed fact.
. "$(dirname "$0")/lib.sh"
cp -r "$ODP_SRC/demo/sites" "$T/sites"
start_sites "$T/sites"
cd "$T"
run() { "$ODP" run --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal "${RESOLVE[@]}" "$@"; }
run --quiet >out1 2>&1 || { cat out1; fail "first night failed"; }
D=portal/datasets
ams=$D/GM0307-amersfoort-pc-documenten
dev=$D/GM0150-deventer-pc-documenten
oij=$D/GM1509-oude-ijsselstreek-pc-documenten
nat=$D/nl-gemeenten-pc-documenten

mtimes() { for d in "$@"; do stat -c "%n %.9Y" "$d"; done; }
mtimes $D/*/ > before2
sleep 0.05
run >out2 2>&1 || { cat out2; fail "the unchanged night failed"; }
mtimes $D/*/ > after2
diff before2 after2 || fail "the unchanged night wrote into a dataset directory (it built something)"
for d in "$ams" "$dev" "$oij" "$nat"; do
    expect_contains out2 "dataset $(basename "$d"): inputs unchanged, stays at 2.0.0 (nothing built)"
done

page=$T/sites/amersfoort.begroting-2018.nl/p412/bestuurlijke-ontwikkeling.html
sed -i 's|<td>104</td>|<td>105</td>|' "$page"
grep -q '<td>105</td>' "$page" || fail "the edit did not apply"
mtimes "$dev" "$oij" > before3
sleep 0.05
run >out3 2>&1 || { cat out3; fail "the one-cell night failed"; }
mtimes "$dev" "$oij" > after3
diff before3 after3 || fail "the one-cell night built an unchanged municipality"
expect_eq "Amersfoort's new release" "2.0.1" "$(readlink $ams/latest)"
expect_eq "the national new release" "2.0.1" "$(readlink $nat/latest)"
expect_eq "Deventer's releases" "2.0.0" "$(ls "$dev" | grep -v latest)"
expect_eq "Deventer's part is Deventer's file" "$(stat -c %i $dev/2.0.0/facts.csv)" \
    "$(stat -c %i $nat/2.0.1/facts/GM0150.csv)"
expect_eq "Amersfoort's part is Amersfoort's new file" "$(stat -c %i $ams/2.0.1/facts.csv)" \
    "$(stat -c %i $nat/2.0.1/facts/GM0307.csv)"
ls $nat/2.0.1 | grep -E '\.(xlsx|zip|tar\.zst)$' && fail "the national release has a workbook or bundle"
python3 - "$nat/2.0.1/CHANGES.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert (c["added_count"], c["removed_count"], c["changed_count"]) == (0, 0, 1), c
(ch,) = c["changed"]
assert ch["fact_id"].startswith("GM0307-begroting-2018/"), ch
assert (ch["old"]["raw"], ch["new"]["raw"]) == ("104", "105"), ch
PY
[ $? -eq 0 ] || fail "national CHANGES is not the one changed fact"
(cd $nat/2.0.1 && sha256sum -c --quiet SHA256SUMS) || fail "national SHA256SUMS does not check"
echo "ok"
