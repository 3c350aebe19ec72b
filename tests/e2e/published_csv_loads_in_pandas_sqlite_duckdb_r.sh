#!/bin/bash
# Every CSV of a published release loads in the tools portal users have, with
# the column types of its datapackage.json, and hand-known seed values survive
# each of them (seed 004's -1.000 stays exactly -1000, seed 002's 6,3 is 6.3,
# ids and codes stay text): pandas (Debian's python3-pandas), the sqlite3 shell's
# .import, DuckDB (npm @duckdb/node-api, pinned in tests/consumers and installed
# by scripts/install-test-consumers.sh) and R's read.csv. Every reader is
# required: one that is missing or cannot be installed fails the test, it never
# skips. Expected values: tests/e2e/consumers.py, by hand.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3   # Debian's python, which has python3-pandas (not a pyenv one)
C="$ODP_SRC/tests/e2e/consumers.py"
"$PY" -c 'import pandas' 2>/dev/null || fail "python3-pandas is missing (scripts/install-deps.sh installs it)"
command -v sqlite3 >/dev/null || fail "the sqlite3 shell is missing (scripts/install-deps.sh installs it)"
start_sites
cd "$T"
"$ODP" run -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal "${RESOLVE[@]}" ||
    fail "odp run exited $?"
rel="$T/portal/datasets/nl-gemeenten-pc-documenten/latest"

"$PY" "$C" pandas "$rel" > pandas.dump || fail "pandas could not read the release"
"$PY" "$C" compare pandas "$rel" pandas.dump

"$PY" "$C" sqlite-sql "$rel" > import.sql
sqlite3 :memory: < import.sql > sqlite.dump || fail "sqlite3 .import failed"
"$PY" "$C" compare sqlite "$rel" sqlite.dump

# DuckDB: its npm package at the version tests/consumers/package-lock.json pins,
# installed by the project's script; a DuckDB that cannot be installed fails
# the test (it never skips)
command -v node >/dev/null || fail "node is missing (scripts/install-deps.sh installs it)"
modules=$(bash "$ODP_SRC/scripts/install-test-consumers.sh") ||
    fail "cannot install @duckdb/node-api (scripts/install-test-consumers.sh)"
[ -d "$modules/@duckdb/node-api" ] || fail "$modules has no @duckdb/node-api"
"$PY" "$C" duckdb-js "$rel" > duck.cjs
DUCKDB_MODULES="$modules" node duck.cjs > duckdb.dump || fail "DuckDB could not read the release"
"$PY" "$C" compare duckdb "$rel" duckdb.dump

command -v Rscript >/dev/null || fail "Rscript is missing (scripts/install-deps.sh installs r-base-core)"
"$PY" "$C" r-script "$rel" > read.R
LANG=C.UTF-8 LC_ALL=C.UTF-8 Rscript read.R > r.dump || fail "R read.csv could not read the release"
"$PY" "$C" compare r "$rel" r.dump
echo "ok"
