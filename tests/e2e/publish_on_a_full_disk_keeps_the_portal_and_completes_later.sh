#!/bin/bash
# A full disk during publish: the portal lives on a small tmpfs that another
# file fills up, and a second night that adds a source must publish onto it.
# Publish exits 1 with an error that names the path it could not write and
# "No space left on device", leaves no temporary file or staging folder, and
# the portal wholly old (every file and link as before). Once space is freed,
# the same publish completes and gives what it gives on a roomy disk.
# Needs mount(8) of a tmpfs: skipped with a message where that is refused,
# except as root (CI), where a refused mount fails the test.
. "$(dirname "$0")/lib.sh"
cd "$T"
mkdir disk
if ! mount -t tmpfs -o size=8m odp-full-disk "$T/disk" 2>mount.err; then
    [ "$(id -u)" = 0 ] && { cat mount.err >&2; fail "root cannot mount a tmpfs: the full-disk test cannot run"; }
    echo "SKIP: mounting a tmpfs needs root ($(cat mount.err))"
    exit 77
fi
trap 'umount "$T/disk" 2>/dev/null; cleanup' EXIT
start_sites
pipeline() { # OUT SOURCE...
    python3 - "$ODP_SRC/pipelines/demo.json" "${@:2}" > "$1" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"] if s["id"] in sys.argv[2:]]
assert len(p["sources"]) == len(sys.argv[2:])
json.dump(p, sys.stdout)
PY
}
pipeline one.json amersfoort-begroting-2018
pipeline two.json deventer-jaarverslag-2015 deventer-perspectiefnota-2026
portal=$T/disk/portal
# the first night publishes onto the small disk; the second night's earlier
# stages (their work directory is on another disk) are ready to publish
"$ODP" run -q --pipeline one.json --workdir w --portal "$portal" "${RESOLVE[@]}" || fail "the first night"
for st in fetch extract transform; do
    extra=()
    [ $st = fetch ] && extra=("${RESOLVE[@]}")
    "$ODP_BUILD/odp-$st" -q --pipeline two.json --workdir w "${extra[@]}" || fail "second night: $st"
done
cp -a "$portal" old
cp -a w w.ref
cp -a old want
"$ODP_BUILD/odp-publish" -q --pipeline two.json --workdir w.ref --portal want || fail "publish on a roomy disk"
need=$(du -sk want | cut -f1) had=$(du -sk old | cut -f1)
[ $((need - had)) -gt 256 ] || fail "the second night adds only $((need - had)) KiB: too little to fill a disk with"

# fill the disk, leaving nothing, 32 KiB (a file or two) or 256 KiB (most of
# a release): each fails at another write (before this was found, the first
# two ended in a SIGBUS in the mapped JSON Lines text)
msgs=""
for free in 0 32 256; do
    rm -f disk/filler
    dd if=/dev/zero of=disk/filler bs=64k 2>/dev/null || true
    truncate -s -$((free * 1024)) disk/filler
    [ "$(df --output=avail -k disk | tail -1)" -le $((free + 64)) ] || fail "the disk is not full: $(df -k disk)"
    set +e
    "$ODP_BUILD/odp-publish" -q --pipeline two.json --workdir w --portal "$portal" 2>err
    rc=$?
    set -e
    grep -qE 'Sanitizer|runtime error' err && { cat err >&2; fail "$free KiB free: a sanitizer report"; }
    expect_eq "exit status of a publish on a full disk ($free KiB free)" 1 "$rc"
    grep -qE "^odp-publish: error: .*$portal/[^ ]*: cannot [a-z ]+: No space left on device" err ||
        { cat err >&2; fail "$free KiB free: no error naming the path on the full disk"; }
    msg=$(grep -m1 -oE "$portal/[^ ]*: cannot [a-z ]+: No space left on device" err)
    msgs+=" ${free} KiB free: '${msg#"$T/"}';"
    # hidden names are temporary, but for publish's bookkeeping folder
    left=$(find "$portal" -name '.*' ! -path "$portal/.describe" -print)
    [ -z "$left" ] || fail "$free KiB free: a publish on a full disk left temporary files: $left"
    diff -r --no-dereference old "$portal" >&2 || fail "$free KiB free: the portal is not wholly old"
done

# space freed: the same publish completes, as on a roomy disk
rm disk/filler
"$ODP_BUILD/odp-publish" -q --pipeline two.json --workdir w --portal "$portal" 2>err ||
    { cat err >&2; fail "the publish after space was freed"; }
diff -r --no-dereference want "$portal" >&2 || fail "the publish after space was freed differs from one on a roomy disk"
echo "ok (publish on a full disk exits 1, names the path and leaves the portal wholly old:$msgs completed once space was freed)"
