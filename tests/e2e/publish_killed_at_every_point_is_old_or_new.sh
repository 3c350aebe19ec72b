#!/bin/bash
# odp-publish killed with SIGKILL at every write and rename in turn
# (ODP_FAULT_AT=N, see lib/fault.h) leaves every dataset of the portal wholly
# at its old release or wholly at the new one, never a half-written release;
# old releases are never modified; a rerun completes the publish. Publish
# runs with --jobs 1: fault points are counted per process, and with more
# jobs the process killed would be a dataset's child, not odp-publish.
# A kill is judged by what is on disk after it, which a tmpfs keeps as a disk
# does; a run's time on a disk is mostly fsyncs: the runs go to a tmpfs when
# there is one.
[ -n "${TMPDIR:-}" ] || { [ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm; } || true
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
"$ODP_BUILD/odp-publish" -q --jobs 1 --pipeline "$ODP_SRC/pipelines/demo.json" --workdir w5 --portal want ||
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
# Every file an uninterrupted publish adds or changes outside the release
# folders is written through atomic_file (a fault point before and one after
# its rename), and every new release has two (staged; in place before latest
# switches): a lower bound on the points a kill must be tried at, so a publish
# that lost its fault points cannot pass with "0 kill points".
min_points=$(python3 - old want <<'PY'
import filecmp, os, re, sys
old, want = sys.argv[1:]
n = 0
for root, dirs, files in os.walk(want):
    rel = os.path.relpath(root, want)
    if re.match(r"datasets/[^/]+/[0-9]", rel):
        continue
    for d in dirs:
        r = os.path.normpath(os.path.join(rel, d))
        if re.fullmatch(r"datasets/[^/]+/[0-9][^/]*", r) and not os.path.exists(os.path.join(old, r)):
            n += 2
    for f in files:
        r = os.path.join(rel, f)
        if os.path.islink(os.path.join(want, r)):
            continue
        o = os.path.join(old, r)
        if not os.path.exists(o) or not filecmp.cmp(o, os.path.join(want, r), shallow=False):
            n += 2
print(n)
PY
)
[ "$min_points" -ge 10 ] || fail "the reference publish changed too little to test ($min_points points)"
# same_portal WANT GOT: the whole portal is the same, files and links. Only an
# atomic write's temporary file (.NAME.tmp.PID) of a killed publish may be left
# over: the kill prevents its removal, it is hidden and never linked, and the
# file it was for is whole.
same_portal() {
    diff -r --no-dereference -x '.*.tmp.[0-9]*' "$1" "$2" >&2
}
n=0
while :; do
    n=$((n + 1))
    [ $n -le 400 ] || fail "publish never completed"
    rm -rf p && cp -a old p
    set +e
    ODP_FAULT_AT=$n "$ODP_BUILD/odp-publish" -q --jobs 1 --pipeline "$ODP_SRC/pipelines/demo.json" \
        --workdir w5 --portal p 2>"err.$n"
    rc=$?
    set -e
    check_portal p
    # the old releases are untouched
    (cd p && sha256sum --quiet -c ../old.sums) || fail "kill at point $n modified an old release"
    [ $rc -eq 137 ] || break   # not killed: every fault point passed
    "$ODP_BUILD/odp-publish" -q --jobs 1 --pipeline "$ODP_SRC/pipelines/demo.json" --workdir w5 --portal p ||
        fail "the rerun after a kill at point $n failed"
    check_portal p
    same_portal want p || fail "the rerun after a kill at point $n differs from an uninterrupted publish"
done
kills=$((n - 1))
# the publish that ran past every point completed, and gave what an
# uninterrupted one gives
[ $rc -eq 0 ] || { cat "err.$n" >&2; fail "the publish with no kill left (ODP_FAULT_AT=$n) exited $rc"; }
same_portal want p || fail "the publish past every kill point differs from an uninterrupted publish"
[ $kills -ge "$min_points" ] || fail "only $kills kill points, expected at least $min_points"
echo "ok ($kills kill points (at least $min_points expected), each left the portal old or new and was completed by a rerun)"
