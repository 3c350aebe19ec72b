#!/bin/bash
# --jobs N runs sources (extract, transform) and datasets (publish) N at once;
# the portal is byte for byte the same for N=1 and N=2: every release, the
# national parts, the catalogue and the pages (diff -r, symlinks included).
# The pages are fetched once (fetch times are data), then transformed and
# published from the same raw store with each N.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
PL="$ODP_SRC/pipelines/demo.json"
"$ODP" run --quiet --jobs 1 --pipeline "$PL" --workdir work1 --portal portal1 "${RESOLVE[@]}" \
    >out1 2>&1 || { cat out1; fail "run with --jobs 1 failed"; }
cp -a work1 work2
rm -rf work2/records work2/extract work2/publish
for stage in extract transform publish; do
    portal=(); [ $stage = publish ] && portal=(--portal portal2)
    "$ODP" $stage --quiet --jobs 2 --pipeline "$PL" --workdir work2 "${portal[@]}" \
        >out2 2>&1 || { cat out2; fail "$stage with --jobs 2 failed"; }
done
[ -f portal2/datasets/nl-gemeenten-pc-documenten/2.0.0/facts/GM0150.csv ] ||
    fail "the run published no national release"
diff -r --no-dereference portal1 portal2 || fail "--jobs 1 and --jobs 2 give different portals"
echo "ok"
