#!/bin/bash
# demo.sh: install what is missing, build, and run the whole pipeline offline
# on the bundled sample sites (demo/sites/), served by nginx on loopback under
# their real host names. The release lands in ./portal, the work files in
# ./odp-work.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DODP_TESTS=OFF >/dev/null
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
python3 - "$nl" <<'PY'
import csv, json, os, sys
rel = sys.argv[1]
# the national release: each table in parts, one per municipality, in the
# order datapackage.json lists them (README, "The national dataset")
paths = {r["name"]: r["path"] if isinstance(r["path"], list) else [r["path"]]
         for r in json.load(open(os.path.join(rel, "datapackage.json")))["resources"]}
def rows(name):
    return [row for p in paths[name]
            for row in csv.DictReader(open(os.path.join(rel, p), encoding="utf-8"))]
print(f"== What it holds ({rel}):")
for r in ("documents", "pages", "sections", "tables", "facts", "indicators", "budget_lines",
          "key_figures"):
    print(f"  {r:<13} {len(rows(r)):5d} rows in {len(paths[r])} part(s)")
print()
print("== The documents, crawled from their roots")
facts = {}
for f in rows("facts"):
    facts[f["document_id"]] = facts.get(f["document_id"], 0) + 1
for d in rows("documents"):
    print(f"  {d['document_id']:<28} {int(d['page_count']):3d} pages {facts.get(d['document_id'], 0):5d} facts"
          f"  from {d['site_url']}")
print("== Seed 004, Deventer perspectiefnota 2026: line 22 (bedragen x €1.000, -/- = Nadeel)")
for b in rows("budget_lines"):
    if b["line_code"] == "22":
        print(f"  programma {b['programme']}  {b['line_label']}  {b['period']}: raw {b['raw']!r}"
              f" -> value {b['value']} x scale {b['scale']} = amount_eur {b['amount_eur']}"
              f"  ({b['sign_convention']})")
print("== Seed 002, Amersfoort begroting 2018: indicators")
for i in rows("indicators"):
    if i["document_id"] != "GM0307-begroting-2018":
        continue
    print(f"  {i['indicator_name'][:60]}...  {i['measure']} {i['period']}: raw {i['raw']!r} -> {i['value']}")
print("== Seed 001, Deventer begroting 2025: the programme's header figures (Burger en bestuur)")
for k in rows("key_figures"):
    if not k["page_id"].endswith("-burger-en-bestuur"):
        continue
    print(f"  {k['label']}: {k['raw']!r} x {k['scale']} = {k['amount_eur']} euro of a total of"
          f" {k['total_eur']} ({k['share_pct']} %)")
PY
echo
echo "Checksums: $nl/SHA256SUMS; verify with: (cd $nl && sha256sum -c SHA256SUMS)"
