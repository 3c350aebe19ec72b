#!/bin/bash
# The demo pipeline over the five seed pages publishes a release whose every
# seed number is right (expected values written by hand from the seed texts,
# see check_seeds.py), with checksums that verify.
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
python3 "$ODP_SRC/tests/e2e/check_seeds.py" --municipality GM0150 portal/datasets/GM0150-deventer-pc-documenten/latest
echo "ok"
