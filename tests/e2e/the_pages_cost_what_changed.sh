#!/bin/bash
# The catalogue and the pages cost what changed, and are byte for byte what
# a describe from scratch gives. Nights over the demo sites (three
# municipalities and the national dataset, one release each after the first
# night: 4 dataset pages and 4 release pages), with a pipeline that keeps the
# last national release:
# - first night: all 8 pages made;
# - nothing changed: publish says no release changed and writes nothing:
#   catalog.jsonld, index.html, every page and .describe/ keep their inode
#   and modification time;
# - one cell of Amersfoort's page changed (104 -> 105): Amersfoort and the
#   nation get 2.0.1, so their dataset pages and their 2.0.1 pages are made
#   (4) and the other 6 are not; Deventer's and Oude IJsselstreek's pages
#   keep their inode and time; the chart's sums of every budget_lines file
#   of the national release are kept under .describe/figures by the
#   checksum SHA256SUMS gives it;
# - odp prune (the national 2.0.0): its page says it was pruned; the next
#   night writes nothing again.
# After each, a copy of the portal without .describe/ described again by
# odp-publish gives the same catalogue and pages (diff -r).
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
D=portal/datasets
nat=$D/nl-gemeenten-pc-documenten

# the portal's catalogue and pages equal what a describe from scratch gives
from_scratch() {
    rm -rf scratch
    mkdir scratch
    cp -a portal work scratch/
    rm -rf scratch/portal/.describe
    "$ODP_BUILD/odp-publish" --pipeline p.json --workdir scratch/work --portal scratch/portal \
        >scratch/out 2>&1 || { cat scratch/out; fail "$1: publish from scratch failed"; }
    expect_contains scratch/out "pages made, 0 unchanged"
    diff -r -x .describe portal scratch/portal >scratch/diff ||
        { head -40 scratch/diff; fail "$1: the portal differs from a describe from scratch"; }
}
# inode and modification time of the catalogue, the index, the pages and .describe/
stamps() { stat -c "%n %i %.9Y" portal/catalog.jsonld portal/index.html portal/pages/* \
    portal/.describe/* "$@"; }

run >out1 2>&1 || { cat out1; fail "first night failed"; }
expect_contains out1 "catalogue and pages: 8 pages made, 0 unchanged"
[ -f portal/catalog.jsonld ] || fail "no catalog.jsonld"
from_scratch "first night"

stamps >before2
sleep 0.05
run >out2 2>&1 || { cat out2; fail "the unchanged night failed"; }
expect_contains out2 "catalogue and pages: no release changed, nothing written"
stamps >after2
diff before2 after2 || fail "the unchanged night wrote the catalogue, the index or a page"
from_scratch "nothing changed"

page=$T/sites/amersfoort.begroting-2018.nl/p412/bestuurlijke-ontwikkeling.html
sed -i 's|<td>104</td>|<td>105</td>|' "$page"
grep -q '<td>105</td>' "$page" || fail "the edit did not apply"
kept="portal/pages/GM0150-deventer-pc-documenten*.html portal/pages/GM1509-oude-ijsselstreek-pc-documenten*.html"
stat -c "%n %i %.9Y" $kept >before3
sleep 0.05
run >out3 2>&1 || { cat out3; fail "the one-cell night failed"; }
expect_eq "the national new release" "2.0.1" "$(readlink $nat/latest)"
expect_contains out3 "catalogue and pages: 4 pages made, 6 unchanged"
stat -c "%n %i %.9Y" $kept >after3
diff before3 after3 || fail "the one-cell night wrote an unchanged municipality's page"
grep -q 'budget_lines/GM0307.jsonl.zst' $nat/2.0.1/SHA256SUMS || fail "no budget lines in the national release"
grep -E ' budget_lines/GM[0-9]+\.jsonl\.zst$' $nat/2.0.1/SHA256SUMS | while read -r sha name; do
    [ -s "portal/.describe/figures/$sha.json" ] || fail "no kept sums for $name ($sha)"
done
# the national page's listing and chart are the municipalities' own, one
# after the other in CBS order (their ids cannot meet), however they were made
python3 - portal <<'PY' || fail "the national page is not its municipalities' listings and charts"
import os, sys
def part(name, start, end):
    # the page of the dataset's latest release
    v = os.readlink(f"{sys.argv[1]}/datasets/{name}/latest")
    t = open(f"{sys.argv[1]}/pages/{name}-{v}.html", encoding="utf-8").read()
    i = t.find(start)
    if i < 0:
        return ""
    return t[i + len(start):t.index(end, i + len(start))]
munis = ["GM0150-deventer-pc-documenten", "GM0307-amersfoort-pc-documenten",
         "GM1509-oude-ijsselstreek-pc-documenten"]
for start, end in (("<h2>Documents and pages</h2>\n", "<h2>"),
                   ("<h2>Budget lines per programme</h2>\n", "</main>")):
    nat = part("nl-gemeenten-pc-documenten", start, end)
    assert nat and nat == "".join(part(m, start, end) for m in munis), start
assert nat.count("<figure>") >= 2, "the chart has fewer than two municipalities' documents"
PY
from_scratch "one page changed"

"$ODP" prune --pipeline p.json --portal portal >prune.txt 2>&1 || { cat prune.txt; fail "odp prune failed"; }
expect_contains prune.txt "pruned nl-gemeenten-pc-documenten 2.0.0"
expect_contains portal/pages/nl-gemeenten-pc-documenten-2.0.0.html "This release was pruned"
from_scratch "after odp prune"
run >out5 2>&1 || { cat out5; fail "the night after the prune failed"; }
expect_contains out5 "catalogue and pages: no release changed, nothing written"
echo "ok"
