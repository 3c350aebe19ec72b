#!/bin/bash
# demo.sh: install what is missing, build, and run the whole pipeline offline
# on the bundled sample sites (demo/sites/), served by nginx on loopback under
# their real host names. The release lands in ./portal, the work files in
# ./odp-work.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "demo: built odp $(./build/odp --version | cut -d' ' -f2)"

port=${ODP_DEMO_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
srv=$(mktemp -d)
trap 'bash scripts/sites-server.sh stop "$srv"; rm -rf "$srv"' EXIT
bash scripts/sites-server.sh start "$srv" "$port"
echo "demo: sample sites served by nginx on 127.0.0.1:$port"

resolve=()
for site in demo/sites/*/; do
    host=$(basename "$site")
    resolve+=(--resolve "$host:80:127.0.0.1:$port")
done
set +e
./build/odp run --pipeline pipelines/demo.json --workdir odp-work --portal portal "${resolve[@]}"
rc=$?
set -e
echo "demo: odp run exited with $rc"
[ $rc -eq 0 ] || exit $rc

echo
echo "== The portal: $(pwd)/portal"
for d in portal/datasets/*/; do
    id=$(basename "$d")
    echo "  $id  version $(readlink "$d/latest")  ($(ls "$d/latest/" | wc -l) files)"
done
nl=portal/datasets/nl-gemeenten-pc-documenten/latest
echo
echo "== What it holds ($nl):"
for r in documents pages sections tables facts indicators budget_lines key_figures; do
    printf "  %-13s %5d rows\n" "$r" $(( $(wc -l < "$nl/$r.csv") - 1 ))
done
echo
echo "== Seed 004, Deventer perspectiefnota 2026: budget line 22 (bedragen x €1.000, -/- = nadeel)"
grep 'Reiskostenregeling' "$nl/budget_lines.csv" | cut -d, -f5-7,10,12-16 | head -4
echo "== Seed 002, Amersfoort begroting 2018: indicators"
cut -d, -f2,9-12 "$nl/indicators.csv" | tail -n +2
echo "== Seed 001, Deventer begroting 2025: the programme's key figures"
cut -d, -f4-7,9 "$nl/key_figures.csv"
echo
echo "Checksums: $nl/SHA256SUMS; verify with: (cd $nl && sha256sum -c SHA256SUMS)"
