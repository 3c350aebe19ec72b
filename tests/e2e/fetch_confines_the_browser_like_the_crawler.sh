#!/bin/bash
# The browser that renders a JavaScript site is confined as the crawler is: it
# reaches the site's own host and port at the address libcurl connected to
# (and vetted), nothing else. The test app's page "elders" requests another
# host name that resolves to this machine (localhost), the site's host on
# another port, and another loopback address (127.0.0.2), by fetch() and by an
# image; a canary listening there must see no connection, and the page is still
# stored with its table. A page that loads more than crawl.max_body_bytes is an
# error for that page.
. "$(dirname "$0")/lib.sh"
command -v "${ODP_CHROMIUM:-chromium}" >/dev/null || { echo "SKIPPED: chromium is not installed (apt-get install chromium)"; exit 77; }
cd "$T"
CANARY=$(free_port)
cp -r "$ODP_SRC/tests/e2e/render-app" sites
sed -i "s/@CANARY_PORT@/$CANARY/g" sites/app.begrotingsapp.nl/app.js
# the canary: accepts on both addresses and logs every connection it gets
python3 - "$CANARY" canary.log <<'PY' &
import socket, sys, threading
port, log = int(sys.argv[1]), sys.argv[2]
def serve(addr):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    open(log + "." + addr, "w").close()  # listening
    while True:
        c, peer = s.accept()
        with open(log, "a") as f:
            f.write(f"connection to {addr}:{port} from {peer}\n")
        c.close()
for a in ("127.0.0.1", "127.0.0.2"):
    threading.Thread(target=serve, args=(a,), daemon=True).start()
threading.Event().wait()
PY
CANARY_PID=$!
trap 'kill $CANARY_PID 2>/dev/null; cleanup' EXIT
for i in $(seq 50); do [ -e canary.log.127.0.0.1 ] && [ -e canary.log.127.0.0.2 ] && break; sleep 0.1; done
# the canary answers where the page points (so a browser that is not confined
# would reach it)
(exec 3<>/dev/tcp/127.0.0.2/$CANARY) || fail "the canary does not listen on 127.0.0.2"
(exec 3<>/dev/tcp/127.0.0.1/$CANARY) || fail "the canary does not listen on 127.0.0.1"
sleep 0.2
expect_eq "canary's own check" 2 "$(wc -l < canary.log)"
: > canary.log
start_sites "$T/sites"
pipeline() {
    cat <<J
{ "name": "app", "crawl": { "delay_ms": 0, "timeout_s": 8 $1 },
  "sources": [ { "id": "app", "cbs_code": "GM9995", "municipality": "Appeldorp",
                 "doc_type": "begroting", "year": 2021, "render": "chromium",
                 "pages": ["http://app.begrotingsapp.nl/begroting-2021/programma/elders"],
                 "url": "http://app.begrotingsapp.nl/begroting-2021/" } ] }
J
}
pipeline "" > render.json
"$ODP_BUILD/odp-fetch" --pipeline render.json --workdir w "${RESOLVE[@]}" 2>render.err ||
    { cat render.err; fail "rendered fetch exited $?"; }
sleep 0.5
[ -s canary.log ] && { cat canary.log; fail "the browser reached the canary"; }
python3 - <<'PY'
import json, sys
m = json.load(open("w/fetch/app.json"))
(p,) = m["pages"]
if p.get("rendered") != "chromium" or "error" in p:
    sys.exit(f"FAIL: elders not rendered: {p}")
dom = open(f"w/raw/{p['sha256'][:2]}/{p['sha256']}", encoding="utf-8").read()
if "<h1>Programma elders</h1><table><tbody><tr><td>Lasten</td><td>42</td></tr>" not in dom:
    sys.exit(f"FAIL: the stored DOM of elders lacks its table:\n{dom}")
PY
# the refused requests are counted (three by fetch(), three as images) and the
# first named (which one comes first is the browser's business)
expect_contains render.err 'http://app.begrotingsapp.nl/begroting-2021/programma/elders: rendered without 6 request(s) that failed or were refused, the first: http://'
grep -q 'the first: .*(net::ERR_NAME_NOT_RESOLVED)' render.err || { cat render.err; fail "the refusal is not named"; }
# the site itself saw only the shell, the script and the data
awk '{print $7}' "$SRV/access.log" | sort -u > paths
printf '%s\n' /app.js /begroting-2021/ /begroting-2021/programma/elders /data/begroting-2021/index.json \
    /data/begroting-2021/programma/elders.json /favicon.ico /robots.txt | sort > want
diff want paths || fail "the site got other requests than expected"

# a size limit per page: the root with its script and data is over 1000 bytes
# (shell 180 bytes, app.js 1700), so it fails and with it the source
pipeline ', "max_body_bytes": 1000' > small.json
set +e
"$ODP_BUILD/odp-fetch" --pipeline small.json --workdir small "${RESOLVE[@]}" 2>small.err
rc=$?
set -e
expect_eq "fetch of a source whose root is over the size limit" 1 "$rc"
expect_contains small.err 'source "app": http://app.begrotingsapp.nl/begroting-2021/: the page loaded more than 1000 bytes (crawl.max_body_bytes)'
echo "ok"
