#!/bin/bash
# bench/fetch/run.sh [N]: the fetch benchmark. Serves a synthetic site of N
# pages (default 5000, 30-70 KB each) with nginx on loopback and measures
# odp-fetch's cold crawl and its unchanged re-crawl (all 304): pages/s, peak
# memory (max RSS), CPU time per page, and odp's share of one core. Prints a
# table; timings live here, never in tests.
# NET_DELAY_MS=D: odp-fetch and curl reach nginx through latency_proxy.py, which
# holds every chunk D ms each way: a network to wait on, as with a real
# municipal server. ODP_TIMING then sets the time odp-fetch waited on the
# network against the time it spent in the SQLite ledger.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-5000}
BUILD=${ODP_BUILD:-$here/build}
work=$(mktemp -d)
trap 'bash "$here/scripts/sites-server.sh" stop "$work/srv"; rm -rf "$work"' EXIT
host=bench.begroting-2026.nl
python3 "$here/bench/fetch/gen_site.py" "$work/sites" "$host" "$N"
bytes=$(du -sb "$work/sites" | cut -f1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bash "$here/scripts/sites-server.sh" start "$work/srv" "$port" "$work/sites"
proxy=""
if [ -n "${NET_DELAY_MS:-}" ]; then
    nginx_port=$port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    python3 "$here/bench/fetch/latency_proxy.py" "$port" "$nginx_port" "$NET_DELAY_MS" &
    proxy=$!
    trap 'kill $proxy; bash "$here/scripts/sites-server.sh" stop "$work/srv"; rm -rf "$work"' EXIT
    for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
fi
cat > "$work/p.json" <<J
{ "name": "bench", "crawl": { "delay_ms": 0, "per_host": ${PER_HOST:-4} },
  "sources": [ { "id": "bench", "cbs_code": "GM9999", "municipality": "Bench",
                 "doc_type": "begroting", "year": 2026, "url": "http://$host/",
                 "max_pages": 100000 } ] }
J
measure() { # LABEL
    ODP_TIMING=1 /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$BUILD/odp-fetch" -q \
        --pipeline "$work/p.json" --workdir "$work/wd" --resolve "$host:80:127.0.0.1:$port"
    read -r wall user sys rss < "$work/time"
    pages=$((N + 50))
    python3 - "$1" "$wall" "$user" "$sys" "$rss" "$pages" <<'PY'
import sys
label, wall, user, sys_, rss, pages = sys.argv[1], *map(float, sys.argv[2:])
cpu = user + sys_
print(f"{label:<22} {pages:>6.0f} pages {wall:>7.2f} s {pages / wall:>8.0f} pages/s "
      f"{rss / 1024:>6.1f} MB peak {cpu * 1e6 / pages:>7.0f} us CPU/page "
      f"{100 * cpu / wall:>5.1f}% of a core")
PY
}
echo "fetch benchmark: $N pages + 50 chapters, $((bytes / 1024 / 1024)) MB, per_host ${PER_HOST:-4}, delay 0, nginx on loopback${NET_DELAY_MS:+ behind ${NET_DELAY_MS} ms each way}"
measure "cold crawl"
measure "unchanged re-crawl"
echo "re-crawl: $(grep -c '" 304 ' "$work/srv/access.log") responses 304, $(grep -c '" 200 ' "$work/srv/access.log") 200 in all"

# The peer: curl's own command-line client fetching the same URLs with
# --parallel (the same number of connections), every answer a 304, nothing parsed or stored.
python3 - "$work/wd" "$host" "$port" > "$work/curl.cfg" <<'PY'
import json, sys
m = json.load(open(f"{sys.argv[1]}/fetch/bench.json"))
for p in m["pages"]:
    url = p["url"].replace(sys.argv[2], f"127.0.0.1:{sys.argv[3]}", 1)
    print(f'url = "{url}"\noutput = "/dev/null"')
PY
/usr/bin/time -f "%e %U %S %M" -o "$work/time" curl -s --no-progress-meter -Z --parallel-max "${PER_HOST:-4}" \
    -H "Host: $host" -H "If-Modified-Since: $(date -u -R -d tomorrow | sed 's/+0000/GMT/')" \
    -K "$work/curl.cfg"
read -r wall user sys rss < "$work/time"
python3 -c "import sys; w,u,s=map(float,sys.argv[1:4]); n=int(sys.argv[4]); print(f'{\"curl --parallel (peer)\":<22} {n:>6} pages {w:>7.2f} s {n/w:>8.0f} pages/s {float(sys.argv[5])/1024:>6.1f} MB peak {(u+s)*1e6/n:>7.0f} us CPU/page {100*(u+s)/w:>5.1f}% of a core')" "$wall" "$user" "$sys" "$N" "$rss"
