#!/bin/bash
# A bad pipeline file is rejected before any work starts (no work directory,
# no request), with exit 2 and "FILE:LINE: source "ID": why".
. "$(dirname "$0")/lib.sh"
cd "$T"
check() { # FILE EXPECTED-MESSAGE
    set +e
    "$ODP" run --pipeline "$1" --workdir work --portal portal 2>err
    local rc=$?
    set -e
    expect_eq "$1: exit status" 2 "$rc"
    expect_contains err "$2"
    [ -e work ] && fail "$1: a work directory was created"
    [ -e portal ] && fail "$1: a portal was created"
    return 0
}
head='{
  "name": "t",
  "sources": ['
ok='    { "id": "ok-source", "cbs_code": "GM0150", "municipality": "Deventer",
      "doc_type": "begroting", "year": 2025, "url": "https://deventer.begroting-2025.nl/" },'

printf '%s\n%s\n' "$head" "$ok" > bad_url.json
cat >> bad_url.json <<'J'
    { "id": "begroting-2026", "cbs_code": "GM0150", "municipality": "Deventer",
      "doc_type": "begroting", "year": 2026,
      "url": "ftp://deventer.begroting-2026.nl/" }
  ]
}
J
check bad_url.json 'bad_url.json:8: source "begroting-2026": url must start with http:// or https://'

printf '%s\n%s\n' "$head" "$ok" > bad_type.json
cat >> bad_type.json <<'J'
    { "id": "nota", "cbs_code": "GM0150", "municipality": "Deventer",
      "doc_type": "kadernota", "year": 2026, "url": "https://x.nl/" }
  ]
}
J
check bad_type.json 'bad_type.json:7: source "nota": doc_type must be one of'

printf '%s\n%s\n' "$head" "$ok" > dup.json
cat >> dup.json <<'J'
    { "id": "ok-source", "cbs_code": "GM0150", "municipality": "Deventer",
      "doc_type": "begroting", "year": 2026, "url": "https://x.nl/" }
  ]
}
J
check dup.json 'dup.json:6: source "ok-source": id is used twice (also on line 4)'

printf '%s\n' "$head" > code.json
cat >> code.json <<'J'
    { "id": "zwolle", "cbs_code": "GM193", "municipality": "Zwolle",
      "doc_type": "begroting", "year": 2026, "url": "https://x.nl/" }
  ]
}
J
check code.json 'code.json:4: source "zwolle": cbs_code must be GM followed by four digits'

printf '%s\n' "$head" > typo.json
cat >> typo.json <<'J'
    { "id": "zwolle", "cbs_code": "GM0193", "municipality": "Zwolle",
      "doc_type": "begroting", "year": 2026, "url": "https://x.nl/",
      "pagse": [] }
  ]
}
J
check typo.json 'typo.json:6: source "zwolle": unknown key "pagse"'

printf '%s\n' "$head" > host.json
cat >> host.json <<'J'
    { "id": "zwolle", "cbs_code": "GM0193", "municipality": "Zwolle",
      "doc_type": "begroting", "year": 2026, "url": "https://zwolle.begroting-2026.nl/",
      "pages": ["https://evil.example.com/p1/x"] }
  ]
}
J
check host.json 'host.json:6: source "zwolle": pages[0] (https://evil.example.com/p1/x) is not on the source'"'"'s host zwolle.begroting-2026.nl'

printf '{\n  "name": "t",\n  "sources": [\n    { "id": "a" \n  ]\n}\n' > syntax.json
check syntax.json 'syntax.json:5:3: not valid JSON'

echo '{ "name": "t", "sources": [] }' > empty.json
check empty.json 'empty.json:1: "sources" must be a non-empty array'

check missing.json 'missing.json: cannot open'

# what the hand-written checks do not cover, schemas/pipeline.schema.json does
cat > portal.json <<'J'
{ "name": "t",
  "portal": { "publisher": "Gemeente Deventer",
              "publisher_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0150",
              "contact": { "email": 42 } },
  "sources": [ { "id": "a", "cbs_code": "GM0150", "municipality": "Deventer",
                 "doc_type": "begroting", "year": 2025, "url": "https://x.nl/" } ] }
J
check portal.json 'portal.json:4: /portal/contact/email: 42 is an integer, not string'
# what DCAT-AP-NL requires of the catalogue: the publisher's URI and a contact
cat > publisher.json <<'J'
{ "name": "t",
  "portal": { "publisher": "Gemeente Deventer",
              "contact": { "email": "opendata@example.nl" } },
  "sources": [ { "id": "a", "cbs_code": "GM0150", "municipality": "Deventer",
                 "doc_type": "begroting", "year": 2025, "url": "https://x.nl/" } ] }
J
check publisher.json 'publisher.json:2: /portal: required property "publisher_uri" is missing'
cat > crawl.json <<'J'
{ "name": "t", "crawl": { "per_host": 0 },
  "sources": [ { "id": "a", "cbs_code": "GM0150", "municipality": "Deventer",
                 "doc_type": "begroting", "year": 2025, "url": "https://x.nl/" } ] }
J
check crawl.json 'crawl.json:1: crawl.per_host must be an integer from 1 to 16'
cat > extra.json <<'J'
{ "name": "t",
  "schedule": "nightly",
  "sources": [ { "id": "a", "cbs_code": "GM0150", "municipality": "Deventer",
                 "doc_type": "begroting", "year": 2025, "url": "https://x.nl/" } ] }
J
check extra.json 'extra.json:2: /: property "schedule" is not allowed'
# every pipeline the project ships is valid, checked the way stewards can
for p in "$ODP_SRC"/pipelines/*.json; do
    "$ODP" validate "$ODP_SRC/schemas/pipeline.schema.json" "$p" || fail "$p is not a valid pipeline file"
done
# and names each municipality with the code the reference table gives it
python3 - "$ODP_SRC" <<'PY'
import csv, glob, json, sys
src = sys.argv[1]
ref = {r["cbs_code"]: r["name"] for r in csv.DictReader(open(f"{src}/pipelines/reference/municipalities.csv"))}
alias = {"Den Haag": "'s-Gravenhage", "Nuenen": "Nuenen, Gerwen en Nederwetten"}
for path in glob.glob(f"{src}/pipelines/*.json"):
    for s in json.load(open(path))["sources"]:
        name = alias.get(s["municipality"], s["municipality"])
        if s["cbs_code"].startswith("GM99"):
            continue  # the test fixtures' made-up towns
        if ref.get(s["cbs_code"]) != name:
            sys.exit(f"FAIL: {path}: source {s['id']}: {s['cbs_code']} is {ref.get(s['cbs_code'])}, not {name}")
PY
echo "ok"
