#!/bin/bash
# A page that is no HTML page (binary data at a page URL) is reported with its
# URL by extract and left out; the other pages of its source are extracted,
# transformed and published, and odp status shows the error.
. "$(dirname "$0")/lib.sh"
cd "$T"
touch broken.log.fixed broken.log.empty
start_fault_server broken.log
cat > pipeline.json <<'J'
{ "name": "m", "crawl": { "delay_ms": 0 },
  "sources": [ { "id": "brokenburg", "cbs_code": "GM9994", "municipality": "Brokenburg",
                 "doc_type": "begroting", "year": 2026, "url": "http://broken.begroting-2026.nl/" } ] }
J
"$ODP" run --pipeline pipeline.json --workdir work --portal portal \
    --resolve "broken.begroting-2026.nl:80:127.0.0.1:$PORT" 2>err || { cat err; fail "run exited $?"; }
expect_contains err "odp-extract: error: http://broken.begroting-2026.nl/p3/leeg: not an HTML page (it holds binary data); the page is left out"
expect_contains err 'odp-extract: source "brokenburg": 2 pages extracted (0 unchanged), 1 failed'
expect_eq "facts published" 6 $(( $(wc -l < portal/datasets/nl-gemeenten-pc-documenten/latest/facts/GM9994.csv) - 1 ))
"$ODP" status --workdir work > status.txt
expect_contains status.txt "brokenburg                         ok 3       ok 2       ok 6       http://broken.begroting-2026.nl/p3/leeg: not an HTML page"
echo "ok"
