#!/bin/bash
# odp-publish killed with SIGKILL at every write and rename in turn
# (ODP_FAULT_AT=N, see lib/fault.h) leaves every dataset of the portal wholly
# at its old release or wholly at the new one, never a half-written release;
# old releases are never modified; a rerun completes the publish.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
python3 - "$ODP_SRC/pipelines/demo.json" > four.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"] if s["id"] != "amersfoort-begroting-2018"]
json.dump(p, sys.stdout)
PY
"$ODP" run -q --pipeline four.json --workdir w4 --portal old "${RESOLVE[@]}" || fail "first run"
"$ODP" run -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir w5 --portal w5portal "${RESOLVE[@]}" ||
    fail "run"
# what an uninterrupted publish of the new data onto the old portal gives
cp -a old want
"$ODP_BUILD/odp-publish" -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir w5 --portal want ||
    fail "reference publish"
(cd old && find ./datasets -path './datasets/*/[0-9]*' -type f -print0 | sort -z | xargs -0 sha256sum) > old.sums
check_portal() { # PORTAL
    python3 - "$1" <<'PY'
import hashlib, os, sys
portal = sys.argv[1]
for ds in sorted(os.listdir(f"{portal}/datasets")):
    d = f"{portal}/datasets/{ds}"
    releases = sorted(x for x in os.listdir(d) if x[0].isdigit())
    latest = os.readlink(f"{d}/latest") if os.path.islink(f"{d}/latest") else None
    for rel in releases:  # every release in place is whole: its SHA256SUMS holds
        for line in open(f"{d}/{rel}/SHA256SUMS"):
            h, name = line.split()
            if hashlib.sha256(open(f"{d}/{rel}/{name}", "rb").read()).hexdigest() != h:
                sys.exit(f"FAIL: {d}/{rel}/{name} is not whole")
    # a release put in place but not yet announced by latest is whole too
    if latest is not None and latest not in releases:
        sys.exit(f"FAIL: {d}: latest points at {latest}, not a release")
PY
}
n=0
while :; do
    n=$((n + 1))
    [ $n -le 400 ] || fail "publish never completed"
    rm -rf p && cp -a old p
    set +e
    ODP_FAULT_AT=$n "$ODP_BUILD/odp-publish" -q --pipeline "$ODP_SRC/pipelines/demo.json" \
        --workdir w5 --portal p 2>/dev/null
    rc=$?
    set -e
    check_portal p
    # the old releases are untouched
    (cd p && sha256sum --quiet -c ../old.sums) || fail "kill at point $n modified an old release"
    [ $rc -eq 137 ] || break   # not killed: every fault point passed
    "$ODP_BUILD/odp-publish" -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir w5 --portal p ||
        fail "the rerun after a kill at point $n failed"
    check_portal p
    diff -r want/datasets p/datasets >&2 || fail "the rerun after a kill at point $n differs from an uninterrupted publish"
done
echo "ok ($((n - 1)) kill points, each left the portal old or new and was completed by a rerun)"
