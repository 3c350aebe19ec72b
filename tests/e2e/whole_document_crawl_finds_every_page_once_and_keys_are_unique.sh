#!/bin/bash
# Whole documents (demo/sites, made by demo/make_whole_documents.py), crawled
# from their roots as pipelines/demo.json names them: every page the
# generator's manifest lists is fetched and published once, nothing outside the
# document's path or disallowed by robots.txt is requested; in every published
# release every primary key is unique and every foreign key resolves (read
# with pandas, keys by hand from the contract, check_whole_documents.py); a
# second night publishes nothing.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3   # Debian's python, which has python3-pandas
"$PY" -c 'import pandas' 2>/dev/null || fail "python3-pandas is missing (scripts/install-deps.sh installs it)"
mkdir "$T/sites"
cp -r "$ODP_SRC/demo/sites/deventer.begroting-2025.nl" "$ODP_SRC/demo/sites/oude-ijsselstreek.begrotingonline.nl" "$T/sites/"
start_sites "$T/sites"
cd "$T"
"$PY" - "$ODP_SRC/pipelines/demo.json" > pipeline.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"]
                if s["id"] in ("deventer-begroting-2025", "oude-ijsselstreek-begroting-2021")]
assert len(p["sources"]) == 2 and not any("pages" in s for s in p["sources"]), "demo.json changed"
print(json.dumps(p))
PY
"$ODP" run --pipeline pipeline.json --workdir work --portal portal "${RESOLVE[@]}" >night1.out 2>&1 ||
    { cat night1.out; fail "night 1 exited $?"; }
# by hand: 43 + 15 pages (demo/sites/README.md), one robots.txt Disallow each
expect_contains night1.out 'source "deventer-begroting-2025": 43 pages (0 unchanged, 0 resumed), 0 failed, 1 disallowed by robots.txt'
expect_contains night1.out 'source "oude-ijsselstreek-begroting-2021": 15 pages (0 unchanged, 0 resumed), 0 failed, 1 disallowed by robots.txt'
"$PY" "$ODP_SRC/tests/e2e/check_whole_documents.py" pages "$ODP_SRC/demo/sites/whole-documents.json" \
    portal "$SRV/access.log" || fail "pages"
"$PY" "$ODP_SRC/tests/e2e/check_whole_documents.py" keys portal || fail "keys"
"$ODP" run --pipeline pipeline.json --workdir work --portal portal "${RESOLVE[@]}" >night2.out 2>&1 ||
    { cat night2.out; fail "night 2 exited $?"; }
for d in portal/datasets/*/; do
    expect_eq "$d releases after an unchanged night" "2.0.0" "$(ls "$d" | grep -v latest | tr '\n' ' ' | sed 's/ $//')"
done
expect_contains night2.out 'odp-publish: dataset nl-gemeenten-pc-documenten: inputs unchanged, stays at 2.0.0 (nothing built)'
echo "ok"
