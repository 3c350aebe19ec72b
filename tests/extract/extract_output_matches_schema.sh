#!/bin/bash
# The format between extract and transform is written down in
# schemas/extract.schema.json: every fixture page's extract output must match
# it, record by record. Fails when no page was extracted (nothing checked).
#   extract_output_matches_schema.sh EXTRACT_FILE ODP_VALIDATE SRC_DIR
set -u
driver=$1 validate=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in "$src"/tests/fixtures/extract/*.html "$src"/tests/transform/fixtures/*.html \
         "$src"/demo/sites/*/*.html "$src"/demo/sites/*/*/*.html; do
    [ -f "$f" ] || continue
    out="$tmp/$n.jsonl"
    if ! "$driver" "$f" >"$out"; then
        echo "$f: the extractor failed" >&2
        exit 1
    fi
    echo "$f" >"$tmp/$n.name"
    n=$((n + 1))
done
if [ "$n" -lt 40 ]; then
    echo "only $n pages were extracted: the fixtures were not found under $src" >&2
    exit 1
fi
fail=0
for ((i = 0; i < n; i++)); do
    if ! "$validate" "$src/schemas/extract.schema.json" "$tmp/$i.jsonl"; then
        echo "  (page: $(cat "$tmp/$i.name"))" >&2
        fail=1
    fi
done
[ "$fail" = 0 ] && echo "extract output of $n pages matches schemas/extract.schema.json"
exit "$fail"
