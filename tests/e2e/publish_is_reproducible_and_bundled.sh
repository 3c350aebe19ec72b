#!/bin/bash
# The same input gives byte-identical releases (publishing twice into two
# portals), and each municipality release has its bundle: one .zip holding
# every data file under DATASET-VERSION/, with fixed times, covered by
# SHA256SUMS; no .tar.zst beside it (it held the same files again; README,
# which files each dataset gets).
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
grep -q "  GM0307-amersfoort-pc-documenten-2.0.0.zip$" "$rel/SHA256SUMS" || fail "zip not in SHA256SUMS"
ls "$rel" | grep -q '\.tar\.zst$' && fail "a .tar.zst bundle is still written"
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
# what is compressed already is stored, the rest deflated
for i in z.infolist():
    want_type = zipfile.ZIP_STORED if i.filename.endswith((".zst", ".xlsx")) else zipfile.ZIP_DEFLATED
    if i.compress_type != want_type:
        sys.exit(f"FAIL: {i.filename} has compression {i.compress_type}, expected {want_type}")
if len({i.date_time for i in z.infolist()}) != 1:
    sys.exit("FAIL: zip entries carry different times")
PY
echo "ok"
