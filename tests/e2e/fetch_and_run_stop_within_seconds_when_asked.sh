#!/bin/bash
# SIGTERM ends a night at once, wherever it is: `odp run` stalled on a page
# that the server answers only after 120 s (curl's timeouts set far longer)
# passes the signal to its odp-fetch, and both are gone within a few seconds
# with exit status 1, the ledger consistent (the run recorded as interrupted,
# the stalled page not recorded at all) and no temporary file left; odp-fetch
# stalled on robots.txt itself stops the same way.
. "$(dirname "$0")/lib.sh"
cd "$T"
start_fault_server requests.log
mkpipeline() {
    cat <<J
{ "name": "stall", "crawl": { "delay_ms": 0, "timeout_s": 600, "low_speed_s": 600 },
  "sources": [ { "id": "stall", "cbs_code": "GM9979", "municipality": "Stilstand",
                 "doc_type": "begroting", "year": 2026, "url": "http://$1.begroting-2026.nl/" } ] }
J
}
# wait_for PATH HOST: until the server has seen the request arrive (at most 20 s)
wait_for() {
    for i in $(seq 200); do
        grep -q " $2.begroting-2026.nl GET $1\$" requests.log.arrivals 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$1 on $2 was never requested"
}
# stop PID: SIGTERM, then the seconds until it has exited (its status in $rc)
stop() {
    local t0=$(date +%s.%N)
    kill -TERM "$1"
    set +e
    wait "$1"
    rc=$?
    set -e
    secs=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
}

mkpipeline stall > stall.json
(exec "$ODP" run --pipeline stall.json --workdir work --portal portal \
      --resolve "stall.begroting-2026.nl:80:127.0.0.1:$PORT" 2>run.err) &
PID=$!
wait_for /p1/een stall
sleep 0.5
# odp-fetch, and the odp-extract that follows it
CHILDREN=$(pgrep -P "$PID" || true)
[ -n "$CHILDREN" ] || fail "odp run has no stage child while the page stalls"
stop "$PID"
# a crawler that lets the transfer under way finish would take 120 s
awk -v s="$secs" 'BEGIN { exit !(s < 5) }' || fail "odp run took $secs s to stop after SIGTERM"
expect_eq "odp run's exit status after SIGTERM" 1 "$rc"
for c in $CHILDREN; do
    kill -0 "$c" 2>/dev/null && fail "a stage child (pid $c) is still running"
done
[ ! -e work/status/stall.extract.json ] || fail "the stopped run recorded an extract status"
expect_contains run.err "odp: stopped by signal 15; the next run resumes where this one stopped"
python3 - <<'PY'
import json, sqlite3, sys
db = sqlite3.connect("work/ledger.sqlite")
def expect(what, want, got):
    if want != got:
        sys.exit(f"FAIL: {what}: expected {want!r}, got {got!r}")
expect("integrity", "ok", db.execute("PRAGMA integrity_check").fetchone()[0])
expect("runs (id, exit status, interrupted)", [(1, 1, 1)],
       db.execute("SELECT run_id, exit_status, interrupted FROM runs").fetchall())
expect("the stalled page in the ledger", [],
       db.execute("SELECT url FROM fetch_pages WHERE url LIKE '%/p1/een'").fetchall())
expect("the fetch run left open for the next run to resume", [(None,)],
       db.execute("SELECT finished_at FROM fetch_runs").fetchall())
PY
left=$(find work -name '*.tmp*' -o -name '.staging-*')
[ -z "$left" ] || fail "temporary files left behind: $left"
[ ! -e work/fetch/stall.json ] || fail "a manifest was written by the stopped run"
echo "odp run stopped in $secs s"

# odp run killed outright (SIGKILL: cron's timeout -s KILL, the OOM killer)
# cannot pass a signal on: its stage children stop all the same
(exec "$ODP" run --pipeline stall.json --workdir work3 --portal portal3 \
      --resolve "stall.begroting-2026.nl:80:127.0.0.1:$PORT" 2>run3.err) &
PID=$!
for i in $(seq 200); do
    [ "$(grep -c ' stall.begroting-2026.nl GET /p1/een$' requests.log.arrivals)" -ge 2 ] && break
    sleep 0.1
done
sleep 0.5
CHILDREN=$(pgrep -P "$PID" || true)
[ -n "$CHILDREN" ] || fail "the second odp run has no stage child while the page stalls"
kill -KILL "$PID"
wait "$PID" 2>/dev/null || true
for c in $CHILDREN; do
    for i in $(seq 50); do kill -0 "$c" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$c" 2>/dev/null && fail "stage child $c still runs 5 s after odp run was killed"
done
echo "odp run killed: its stage children stopped"

mkpipeline stallrobots > robots.json
(exec "$ODP_BUILD/odp-fetch" --pipeline robots.json --workdir work2 \
      --resolve "stallrobots.begroting-2026.nl:80:127.0.0.1:$PORT" 2>fetch.err) &
PID=$!
wait_for /robots.txt stallrobots
sleep 0.5
stop "$PID"
awk -v s="$secs" 'BEGIN { exit !(s < 5) }' || fail "odp-fetch took $secs s to stop while reading robots.txt"
expect_eq "odp-fetch's exit status after SIGTERM" 1 "$rc"
expect_contains fetch.err 'source "stall": stopped by a signal; the next run resumes'
echo "odp-fetch stopped in $secs s"
echo "ok"
