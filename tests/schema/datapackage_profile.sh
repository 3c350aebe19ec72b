#!/bin/bash
# The Frictionless Data Package v2 profiles are valid draft-07 schemas, and a
# hand-written datapackage.json validates against the datapackage profile
# while one with an empty resource list does not.
set -u
V="${ODP_BUILD:?}/odp-validate"
D="$(cd "$(dirname "$0")/data" && pwd)"
DATA="${ODP_SHARED_DATA:-${ODP_SRC:?}/../shared/data}"
P="$DATA/frictionless-profiles/2.0"
M="$DATA/json-schema-metaschemas/draft-07/schema.json"
if [ ! -f "$P/datapackage.json" ] || [ ! -f "$M" ]; then
  echo "SKIPPED: need $P and $M (put frictionless-profiles/ and json-schema-metaschemas/ in $DATA or set ODP_SHARED_DATA)"
  exit 77
fi
export ODP_SHARED_DATA="$DATA"
fails=0
"$V" "$M" "$P"/*.json || { echo "FAIL: a Data Package v2 profile does not validate against draft-07"; fails=1; }
"$V" "$P/datapackage.json" "$D/datapackage.json" || { echo "FAIL: sample datapackage.json rejected"; fails=1; }
out="$("$V" "$P/datapackage.json" "$D/datapackage-bad.json")"; rc=$?
if [ "$rc" != 1 ] || ! grep -q '/resources: has 0 items, fewer than 1' <<<"$out"; then
  echo "FAIL: empty resources accepted or reported badly (status $rc): $out"; fails=1
fi
[ "$fails" = 0 ] && echo "ok: profiles are draft-07 schemas, sample data package conforms"
exit $fails
