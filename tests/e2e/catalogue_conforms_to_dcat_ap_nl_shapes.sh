#!/bin/bash
# Every catalog.jsonld odp publishes conforms to DCAT-AP-NL 3.0 as the national
# harvester checks it: Geonovum's official shapes (../shared/data/dcat-ap-nl-shacl:
# dcat-ap-SHACL.ttl + dcat-ap-nl-SHACL.ttl + the two class-range files), run by
# the npm SHACL engine rdf-validate-shacl (installed by
# scripts/install-test-consumers.sh at its pinned version), give 0 results.
# Two portals: the demo after two runs (four sources, then five: the national
# series gets a second release), and a whole document of 40 pages (a generated
# p-id style site, licence CC0-1.0). The recommended-properties file's warnings
# are printed (README says what was decided for each) and must be exactly the
# expected kinds, so a new one is noticed.
# The test fails (never skips) when the shapes are present and the engine
# cannot be installed.
. "$(dirname "$0")/lib.sh"
SH="$ODP_SRC/../shared/data/dcat-ap-nl-shacl"
if [ ! -f "$SH/dcat-ap-nl-SHACL.ttl" ]; then
    echo "SKIPPED: $SH is not there (the official shapes)"
    exit 77
fi
MODULES=$(bash "$ODP_SRC/scripts/install-test-consumers.sh") || fail "cannot install the SHACL engine (scripts/install-test-consumers.sh)"
command -v node >/dev/null || fail "node is missing (scripts/install-deps.sh installs it)"
VALIDATE="$ODP_SRC/tests/consumers/shacl.mjs"
REQUIRED=("$SH/dcat-ap-SHACL.ttl" "$SH/dcat-ap-nl-SHACL.ttl" "$SH/dcat-ap-nl-SHACL-klassebereik.ttl"
          "$SH/dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl")

# conforms CATALOG: 0 results against the required shapes; the warnings of the
# recommended ones are only the kinds decided on (path and message)
conforms() {
    local cat=$1 name=$2
    node "$VALIDATE" "$MODULES" "$cat" "${REQUIRED[@]}" > "$name.shacl" ||
        fail "$name: the SHACL engine did not run"
    echo "$name: required shapes: $(tail -1 "$name.shacl")"
    if ! tail -1 "$name.shacl" | grep -q '^results: 0 '; then
        head -40 "$name.shacl" >&2
        fail "$name: catalog.jsonld breaks DCAT-AP-NL 3.0 (results above)"
    fi
    # the engine saw the catalogue: at least one triple per file published
    local files triples
    files=$(cat "$(dirname "$cat")"/datasets/*/*/SHA256SUMS | wc -l)
    triples=$(tail -1 "$name.shacl" | sed 's/.* in \([0-9]*\) triples/\1/')
    [ "$triples" -gt "$files" ] || fail "$name: only $triples triples for $files files"
    node "$VALIDATE" "$MODULES" "$cat" "$SH/dcat-ap-nl-SHACL-aanbevolen.ttl" > "$name.recommended" ||
        fail "$name: the SHACL engine did not run on the recommended shapes"
    echo "$name: recommended shapes: $(tail -1 "$name.recommended")"
    # what is left, by hand: no data service (dcat:accessService) and no
    # documentation page (foaf:page) exist; dct:conformsTo is given where a
    # file has a schema (CSV and JSON Lines: datapackage.json), not elsewhere
    grep -v '^results:' "$name.recommended" | awk -F'\t' '{print $1 "\t" $3}' | sort -u > "$name.kinds"
    printf '%s\n' $'Warning\thttp://purl.org/dc/terms/conformsTo' \
                  $'Warning\thttp://www.w3.org/ns/dcat#accessService' \
                  $'Warning\thttp://xmlns.com/foaf/0.1/page' > want.kinds
    diff want.kinds "$name.kinds" >&2 || fail "$name: the recommended shapes warn about other properties than decided"
    grep -v '^results:' "$name.recommended" | awk -F'\t' '$3 == "http://purl.org/dc/terms/conformsTo" {print $2}' |
        grep -E '\.(csv|jsonl\.zst)$' && fail "$name: a CSV or JSON Lines file has no dct:conformsTo"
    return 0
}

# the demo sites and a generated whole document (every page of a 40-page
# site), served together
host=zwolle.begroting-2026.nl
cp -r "$ODP_SRC/demo/sites" "$T/sites"
python3 "$ODP_SRC/bench/fetch/gen_site.py" "$T/sites" "$host" 40
start_sites "$T/sites"
cd "$T"
/usr/bin/python3 - "$ODP_SRC/pipelines/demo.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
json.dump(p, open("five.json", "w"))
p["sources"] = [s for s in p["sources"] if s["id"] != "amersfoort-begroting-2018"]
json.dump(p, open("four.json", "w"))
PY
"$ODP" run -q --pipeline four.json --workdir work --portal portal "${RESOLVE[@]}" || fail "first demo run"
"$ODP" run -q --pipeline five.json --workdir work --portal portal "${RESOLVE[@]}" || fail "second demo run"
[ -d portal/datasets/nl-gemeenten-pc-documenten/2.1.0 ] || fail "the second run published no second release"
conforms portal/catalog.jsonld demo

cat > whole.json <<J
{ "name": "whole", "crawl": { "delay_ms": 0 },
  "portal": { "base_url": "https://data.zwolle.example/", "publisher": "Gemeente Zwolle",
              "publisher_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0193",
              "license": "CC0-1.0", "contact": { "email": "opendata@zwolle.example" } },
  "sources": [ { "id": "zwolle-begroting-2026", "cbs_code": "GM0193", "municipality": "Zwolle",
                 "doc_type": "begroting", "year": 2026, "url": "http://$host/" } ] }
J
"$ODP" run -q --pipeline whole.json --workdir work2 --portal portal2 "${RESOLVE[@]}" || fail "whole-document run"
pages=$(zstd -dc portal2/datasets/GM0193-zwolle-pc-documenten/latest/pages.jsonl.zst | wc -l)
[ "$pages" -ge 40 ] || fail "the whole document gave $pages pages, not the 40 generated"
conforms portal2/catalog.jsonld whole-document
echo "ok"
