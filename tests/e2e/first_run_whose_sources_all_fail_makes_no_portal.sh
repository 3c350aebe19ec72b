#!/bin/bash
# A first run whose every source fails before publish (their site cannot be
# reached) exits 1 and names each failed source; publish has nothing to
# publish and nothing to describe, so it makes no portal folder and no pages,
# and says nothing about files it could not create. A later run that
# succeeds publishes into the same, new portal.
. "$(dirname "$0")/lib.sh"
cd "$T"
dead=$(free_port) # nothing listens there
cat > pipeline.json <<J
{ "name": "dood",
  "sources": [
    { "id": "zwolle-begroting-2026", "cbs_code": "GM0193", "municipality": "Zwolle",
      "doc_type": "begroting", "year": 2026, "url": "http://zwolle.begroting-2026.nl/" },
    { "id": "kampen-begroting-2026", "cbs_code": "GM0166", "municipality": "Kampen",
      "doc_type": "begroting", "year": 2026, "url": "http://kampen.begroting-2026.nl/" } ] }
J
set +e
"$ODP" run --pipeline pipeline.json --workdir work --portal portal \
    --resolve "zwolle.begroting-2026.nl:80:127.0.0.1:$dead" \
    --resolve "kampen.begroting-2026.nl:80:127.0.0.1:$dead" >out 2>err
rc=$?
set -e
expect_eq "exit status of a run whose every source failed" 1 "$rc"
# an unreachable host: its robots.txt cannot be read, so the host is not crawled (RFC 9309)
expect_contains err 'source "zwolle-begroting-2026": http://zwolle.begroting-2026.nl/robots.txt: Failed to connect'
expect_contains err 'odp-publish: error: source "zwolle-begroting-2026": no records to publish'
expect_contains err 'odp-publish: error: source "kampen-begroting-2026": no records to publish'
expect_contains err "odp: 2 of 2 sources failed: zwolle-begroting-2026 (fetch) kampen-begroting-2026 (fetch)"
grep -n 'cannot create\|catalog\|No such file' err && fail "publish reported files it could not create"
[ -e portal ] && fail "a portal was made though nothing was published"

# the same work directory and portal, once a site answers
start_sites
python3 - "$ODP_SRC/pipelines/demo.json" > one.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"] if s["id"] == "deventer-perspectiefnota-2026"]
json.dump(p, sys.stdout)
PY
"$ODP" run -q --pipeline one.json --workdir work --portal portal "${RESOLVE[@]}" 2>err2 ||
    { cat err2; fail "the run after the failed one exited $?"; }
[ -f portal/catalog.jsonld ] && [ -f portal/index.html ] || fail "the portal has no catalogue or index"
[ -f portal/datasets/GM0150-deventer-pc-documenten/latest/facts.csv ] || fail "nothing published"
echo "ok"
