#!/bin/bash
# The datapackage.json of every published release (each municipality and the
# national union) validates against the Frictionless Data Package v2 profile,
# checked with odp's own validator (odp validate). Without the profiles
# (../shared/data/frictionless-profiles/) the test is SKIPPED, never passed.
. "$(dirname "$0")/lib.sh"
DATA="${ODP_SHARED_DATA:-$ODP_SRC/../shared/data}"
P="$DATA/frictionless-profiles/2.0/datapackage.json"
if [ ! -f "$P" ]; then
    echo "SKIPPED: no Data Package v2 profile at $P (put frictionless-profiles/ in $DATA or set ODP_SHARED_DATA)"
    exit 77
fi
export ODP_SHARED_DATA="$DATA"
start_sites
cd "$T"
"$ODP" run -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal "${RESOLVE[@]}" ||
    fail "odp run exited $?"
pkgs=(portal/datasets/*/latest/datapackage.json)
expect_eq "published data packages" 4 "${#pkgs[@]}"
"$ODP" validate "$P" "${pkgs[@]}" > validate.out 2>&1 || { cat validate.out; fail "a published datapackage.json does not conform"; }
# the check can fail: a package without resources is refused
python3 - "${pkgs[0]}" > broken.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); p["resources"] = []; json.dump(p, sys.stdout)
PY
if "$ODP" validate "$P" broken.json > broken.out 2>&1; then fail "a package with no resources was accepted"; fi
expect_contains broken.out "/resources"
echo "ok (${#pkgs[@]} published data packages conform to Data Package v2)"
