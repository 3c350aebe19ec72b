#!/bin/bash
# The same input gives byte-identical releases (publishing twice into two
# portals), and each release has its bundles: .tar.zst and .zip holding every
# data file under DATASET-VERSION/, with fixed owners, modes and times, all
# covered by SHA256SUMS.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
"$ODP" run -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal p1 "${RESOLVE[@]}" ||
    fail "run failed"
"$ODP" publish -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal p2 ||
    fail "second publish failed"
diff -r p1/datasets p2/datasets >/dev/null || { diff -r p1/datasets p2/datasets | head; fail "releases differ"; }
rel=p1/datasets/GM0307-amersfoort-pc-documenten/2.0.0
for f in "$rel"/*; do cmp -s "$f" "p2/${f#p1/}" || fail "$f differs"; done
(cd "$rel" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS"
grep -q "  GM0307-amersfoort-pc-documenten-2.0.0.tar.zst$" "$rel/SHA256SUMS" || fail "tar.zst not in SHA256SUMS"
grep -q "  GM0307-amersfoort-pc-documenten-2.0.0.zip$" "$rel/SHA256SUMS" || fail "zip not in SHA256SUMS"
tar --zstd -tvf "$rel/GM0307-amersfoort-pc-documenten-2.0.0.tar.zst" > tar.list
expect_contains tar.list "-rw-r--r-- 0/0"
expect_contains tar.list "GM0307-amersfoort-pc-documenten-2.0.0/facts.csv"
python3 - "$rel" <<'PY'
import os, sys, zipfile
rel = sys.argv[1]
z = zipfile.ZipFile(f"{rel}/GM0307-amersfoort-pc-documenten-2.0.0.zip")
names = z.namelist()
inner = sorted(n.split("/", 1)[1] for n in names)
want = sorted(f for f in os.listdir(rel) if f not in ("SHA256SUMS",) and not f.endswith((".zip", ".tar.zst")))
if inner != want:
    sys.exit(f"FAIL: zip holds {inner}, expected {want}")
for n in names:
    if z.read(n) != open(f"{rel}/{n.split('/', 1)[1]}", "rb").read():
        sys.exit(f"FAIL: {n} in the zip differs from the file")
if len({i.date_time for i in z.infolist()}) != 1:
    sys.exit("FAIL: zip entries carry different times")
PY
echo "ok"
