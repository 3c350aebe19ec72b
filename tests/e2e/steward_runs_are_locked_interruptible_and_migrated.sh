#!/bin/bash
# Two runs never overlap (the second exits 4 naming the lock's holder); SIGTERM
# stops a run at a page boundary with the ledger consistent, and the next run
# completes it without fetching again what was done; the ledger keeps both
# runs. A ledger from an older odp is upgraded, never discarded.
. "$(dirname "$0")/lib.sh"
cd "$T"
start_fault_server requests.log
cat > pipeline.json <<'J'
{ "name": "slow", "crawl": { "delay_ms": 0 },
  "sources": [ { "id": "slow", "cbs_code": "GM9998", "municipality": "Slowtown",
                 "doc_type": "begroting", "year": 2026, "url": "http://slow.begroting-2026.nl/" } ] }
J
run() { exec "$ODP" run -q --pipeline pipeline.json --workdir work --portal portal \
            --resolve "slow.begroting-2026.nl:80:127.0.0.1:$PORT"; }
(run 2>run1.err) &
PID=$!
for i in $(seq 200); do
    n=$(grep -c pagina requests.log 2>/dev/null || true)
    [ "${n:-0}" -ge 8 ] && break
    sleep 0.05
done
set +e
(run 2>run2.err)
rc2=$?
set -e
expect_eq "a second run while the first holds the lock" 4 "$rc2"
expect_contains run2.err "odp: another odp run is working in work (pid $PID, started"
kill -TERM $PID
set +e
wait $PID
rc1=$?
set -e
expect_eq "the interrupted run's exit status" 1 "$rc1"
expect_contains run1.err "odp: stopped by signal 15; the next run resumes where this one stopped"
[ "$(grep -c pagina requests.log)" -lt 40 ] || fail "the run finished before SIGTERM"
done_before=$(python3 -c "
import sqlite3; db = sqlite3.connect('work/ledger.sqlite')
print(db.execute(\"SELECT count(*) FROM fetch_pages WHERE status='ok' AND url LIKE '%pagina%'\").fetchone()[0])")
lines=$(wc -l < requests.log)
(run 2>run3.err) || { cat run3.err; fail "the next run failed"; }
expect_eq "pages fetched by the next run" $((40 - done_before)) \
    "$(tail -n +$((lines + 1)) requests.log | grep -c 'pagina.* 200$')"
python3 - <<'PY'
import sqlite3, sys
db = sqlite3.connect("work/ledger.sqlite")
runs = db.execute("SELECT run_id, exit_status, interrupted FROM runs ORDER BY run_id").fetchall()
if runs != [(1, 1, 1), (2, 0, 0)]:
    sys.exit(f"FAIL: runs in the ledger: {runs}")
PY
"$ODP" status --workdir work --run 1 > status1.txt
expect_contains status1.txt "exit status: 1 (interrupted)"

# an old ledger (schema 1, as odp 0.1.0's first fetch wrote it) is migrated
mkdir old
python3 - <<'PY'
import sqlite3
db = sqlite3.connect("old/ledger.sqlite")
db.executescript("""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE fetch_runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT);
CREATE TABLE fetch_pages (source TEXT NOT NULL, url TEXT NOT NULL, run_id INTEGER NOT NULL,
  status TEXT NOT NULL, http_status INTEGER, etag TEXT, last_modified TEXT, build_stamp TEXT,
  sha256 TEXT, fetched_at TEXT, content_fetched_at TEXT, attempts INTEGER, last_error TEXT,
  entry TEXT NOT NULL, PRIMARY KEY (source, url));
INSERT INTO fetch_runs VALUES (1, 'slow', '2026-11-01T01:00:00Z', '2026-11-01T01:05:00Z', 'ok');
INSERT INTO fetch_pages VALUES ('slow', 'http://slow.begroting-2026.nl/p100/pagina-0', 1, 'ok',
  200, '"v1"', NULL, NULL, 'ab', '2026-11-01T01:00:01Z', '2026-11-01T01:00:01Z', 1, NULL, '{}');
""")
db.commit()
PY
set +e
"$ODP" status --workdir old >/dev/null 2>old.err
set -e
python3 - <<'PY'
import sqlite3, sys
db = sqlite3.connect("old/ledger.sqlite")
v = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
kept = db.execute("SELECT etag FROM fetch_pages").fetchall()
tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
if v != "3" or kept != [('"v1"',)] or not {"runs", "stage_results", "page_links"} <= tables:
    sys.exit(f"FAIL: migration: version {v}, rows {kept}, tables {sorted(tables)}")
PY
echo "ok"
