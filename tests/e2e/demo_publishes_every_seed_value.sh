#!/bin/bash
# The demo pipeline over the five seed pages publishes a release whose every
# seed number is right (expected values written by hand from the seed texts,
# see check_seeds.py), with checksums that verify; pages arrive gzip-compressed
# and are stored as the bytes the site holds.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
"$ODP" run --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal \
    "${RESOLVE[@]}" 2>run.err || { cat run.err; fail "odp run exited $?"; }
for d in portal/datasets/*/; do
    [ -L "$d/latest" ] || fail "$d has no latest link"
    (cd "$d/latest" && sha256sum --quiet -c SHA256SUMS) || fail "$d: SHA256SUMS does not verify"
done
expect_eq "datasets" "GM0150-deventer-pc-documenten GM0307-amersfoort-pc-documenten GM1509-oude-ijsselstreek-pc-documenten nl-gemeenten-pc-documenten" "$(ls portal/datasets | tr '\n' ' ' | sed 's/ $//')"
python3 "$ODP_SRC/tests/e2e/check_seeds.py" portal/datasets/nl-gemeenten-pc-documenten/latest
# the server sent the pages gzip-compressed; what was stored is the page itself
page="$ODP_SRC/demo/sites/deventer2026.perspectiefnota.nl/p23716/domein-dienstverlening.html"
sent=$(awk '$7 == "/p23716/domein-dienstverlening" && $9 == 200 {print $10}' "$SRV/access.log")
[ "$sent" -lt "$(stat -c %s "$page")" ] || fail "the page was not sent compressed ($sent bytes)"
sha=$(sha256sum < "$page" | cut -d' ' -f1)
grep -q "domein-dienstverlening,.*,$sha," portal/datasets/nl-gemeenten-pc-documenten/latest/pages/GM0150.csv ||
    fail "content_sha256 of the page is not the SHA-256 of its bytes ($sha)"
python3 "$ODP_SRC/tests/e2e/check_seeds.py" --municipality GM0150 portal/datasets/GM0150-deventer-pc-documenten/latest
echo "ok"
