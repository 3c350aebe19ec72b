#!/bin/bash
# --offline runs the whole pipeline from the raw store alone (no request
# reaches a server); a site on a loopback or private address is refused unless
# --resolve or crawl.allow_private names it, and no request is sent.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
"$ODP" run -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal \
    "${RESOLVE[@]}" || fail "online run failed"
bash "$ODP_SRC/scripts/sites-server.sh" stop "$SRV"
rm -rf portal
"$ODP" run -q --offline --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal \
    2>offline.err || { cat offline.err; fail "offline run failed"; }
python3 "$ODP_SRC/tests/e2e/check_seeds.py" portal/datasets/nl-gemeenten-pc-documenten/latest

rm -f "$SRV/access.log"
start_sites
cat > private.json <<J
{ "name": "p", "sources": [ { "id": "local", "cbs_code": "GM0150", "municipality": "Deventer",
  "doc_type": "begroting", "year": 2025, "url": "http://127.0.0.1:$PORT/" } ] }
J
set +e
"$ODP_BUILD/odp-fetch" --pipeline private.json --workdir w2 2>private.err
rc=$?
set -e
expect_eq "private address exit" 1 "$rc"
expect_contains private.err "refused: the host resolves to the private address 127.0.0.1"
expect_eq "requests that reached the server" 0 "$(grep -c . "$SRV/access.log" || true)"
sed 's/"name": "p",/"name": "p", "crawl": { "allow_private": true },/' private.json > allowed.json
set +e
"$ODP_BUILD/odp-fetch" --pipeline allowed.json --workdir w3 2>allowed.err
set -e
grep -q "refused" allowed.err && fail "allow_private did not allow the address"
[ "$(grep -c . "$SRV/access.log")" -gt 0 ] || fail "allow_private: no request reached the server"
echo "ok"
