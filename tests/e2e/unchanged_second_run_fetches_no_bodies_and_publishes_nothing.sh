#!/bin/bash
# A second run over unchanged sites costs one conditional GET per page (all
# 304, no body, seen in nginx's access log; robots.txt is read once per host
# and run), says nothing with --quiet, exits 0, extracts and transforms nothing
# again, and publishes no new release.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
run() { "$ODP" run --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal "${RESOLVE[@]}" "$@"; }
run --quiet >out1 2>&1 || { cat out1; fail "first run failed"; }
first=$(wc -l < "$SRV/access.log")
# pages: Deventer begroting 2025 43 (3 inleiding, programma's, 8 x 4 programme
# pages, 3 paragrafen, 2 financiële begroting, 2 bijlagen), Oude IJsselstreek
# 2021 15 (2 inleiding, 5 programmes, dekkingsmiddelen, 4 paragrafen, overzicht,
# 2 bijlagen), one page each of the three other seed sites: 61
expect_eq "requests of the first run (5 robots.txt, 5 roots, 61 pages)" 71 "$first"
expect_eq "robots.txt requests of the first run" 5 "$(grep -c 'GET /robots.txt ' "$SRV/access.log")"
grep -q '" 200 ' "$SRV/access.log" || fail "first run got no 200s"
run --quiet >out2 2>&1 || { cat out2; fail "second run failed"; }
[ -s out2 ] && { cat out2; fail "--quiet printed something on success"; }
tail -n +$((first + 1)) "$SRV/access.log" | grep -v 'GET /robots.txt ' > second.log
expect_eq "page requests of the second run (5 roots, 61 pages)" 66 "$(wc -l < second.log)"
expect_eq "non-304 responses in the second run" 0 "$(grep -vc '" 304 ' second.log || true)"
# and costs no downstream work: nothing extracted or transformed again
run >out3 2>&1 || { cat out3; fail "third run failed"; }
expect_contains out3 'odp-extract: source "deventer-begroting-2025": 43 pages extracted (43 unchanged), 0 failed'
expect_contains out3 'odp-transform: source "deventer-begroting-2025": inputs unchanged, records kept'
expect_contains out3 'odp-publish: dataset nl-gemeenten-pc-documenten: inputs unchanged, stays at 2.0.0 (nothing built)'
for d in portal/datasets/*/; do
    expect_eq "$d releases" "2.0.0" "$(ls "$d" | grep -v latest)"
done
echo "ok"
