#!/bin/bash
# odp extract --jobs 2 writes byte-for-byte the same extraction files, the same
# log and the same stage status as --jobs 1, on a site of every extractor
# fixture (tests/fixtures/extract/) plus one page served under two URLs, which
# is extracted once.
. "$(dirname "$0")/lib.sh"
cd "$T"
site=sites/fixtures.begroting-2026.nl
mkdir -p "$site"
n=0
{
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fixtures</title></head><body><ul>'
    for f in "$ODP_SRC"/tests/fixtures/extract/*.html; do
        n=$((n + 1))
        mkdir -p "$site/p$((1000 + n))"
        slug=$(basename "$f" .html | tr _ -)
        cp "$f" "$site/p$((1000 + n))/$slug.html"
        echo "<li><a href=\"/p$((1000 + n))/$slug\">$(basename "$f")</a></li>"
    done
    mkdir -p "$site/p999"
    cp "$site/p1001/"*.html "$site/p999/same-content-twice.html"
    echo '<li><a href="/p999/same-content-twice">again</a></li></ul></body></html>'
} > "$site/index.html"
start_sites "$T/sites"
cat > pipeline.json <<'J'
{ "name": "jobs", "crawl": { "delay_ms": 0, "per_host": 4 },
  "sources": [ { "id": "fixtures", "cbs_code": "GM9995", "municipality": "Fixtureburg",
                 "doc_type": "begroting", "year": 2026, "url": "http://fixtures.begroting-2026.nl/" } ] }
J
"$ODP" fetch --pipeline pipeline.json --workdir work1 "${RESOLVE[@]}" 2>fetch.err ||
    { cat fetch.err; fail "fetch exited $?"; }
cp -a work1 work2
"$ODP" extract --pipeline pipeline.json --workdir work1 --jobs 1 2>one.err || fail "--jobs 1 exited $?"
"$ODP" extract --pipeline pipeline.json --workdir work2 --jobs 2 2>two.err || fail "--jobs 2 exited $?"
# every fixture, and the copy (same content: one file; the index is no page)
expect_eq "extraction files" $n "$(ls work1/extract | wc -l)"
expect_contains one.err "source \"fixtures\": $((n + 1)) pages extracted (0 unchanged), 0 failed"
diff -r work1/extract work2/extract || fail "--jobs 2 wrote other extraction files than --jobs 1"
diff one.err two.err || fail "--jobs 2 logged otherwise than --jobs 1"
python3 - work1/status/fixtures.extract.json work2/status/fixtures.extract.json <<'P' ||
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
for d in (a, b):  # the clock may tick between the two runs
    d.pop("started_at", None), d.pop("finished_at", None)
sys.exit(a != b)
P
    fail "--jobs 2 wrote another stage status"
# and a second run finds every page extracted already
"$ODP" extract --pipeline pipeline.json --workdir work2 --jobs 2 2>again.err || fail "rerun exited $?"
expect_contains again.err "source \"fixtures\": $((n + 1)) pages extracted ($((n + 1)) unchanged), 0 failed"
echo "ok"
