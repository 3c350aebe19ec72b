#!/bin/bash
# One source whose site cannot be reached fails alone: the others are
# published, the run exits 3 (partly failed) and the error names the URL.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
dead=$(free_port) # nothing listens there
python3 - "$ODP_SRC/pipelines/demo.json" > pipeline.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"].append({"id": "zwolle-begroting-2026", "cbs_code": "GM0193", "municipality": "Zwolle",
                     "doc_type": "begroting", "year": 2026, "url": "http://zwolle.begroting-2026.nl/"})
json.dump(p, sys.stdout, indent=2)
PY
set +e
"$ODP" run --pipeline pipeline.json --workdir work --portal portal "${RESOLVE[@]}" \
    --resolve "zwolle.begroting-2026.nl:80:127.0.0.1:$dead" >out 2>err
rc=$?
set -e
expect_eq "exit status" 3 "$rc"
expect_contains err 'source "zwolle-begroting-2026": http://zwolle.begroting-2026.nl/'
expect_contains err "1 of 6 sources failed: zwolle-begroting-2026 (fetch)"
[ -d portal/datasets/GM0193-zwolle-pc-documenten ] && fail "a dataset was published for the failed source"
python3 "$ODP_SRC/tests/e2e/check_seeds.py" portal/datasets/nl-gemeenten-pc-documenten/latest
echo "ok"
