#!/bin/bash
# Every executable answers --help and --version with exit 0, rejects an unknown
# option with exit 2 and a hint, and odp rejects an unknown command with exit 2.
. "$(dirname "$0")/lib.sh"
cd "$T"
for exe in odp odp-fetch odp-extract odp-transform odp-publish odp-releases; do
    "$ODP_BUILD/$exe" --help >help.out || fail "$exe --help exited $?"
    grep -q "usage:" help.out || fail "$exe --help shows no usage"
    "$ODP_BUILD/$exe" --version >ver.out || fail "$exe --version exited $?"
    grep -q "0\.1\.0" ver.out || fail "$exe --version: $(cat ver.out)"
done
for exe in odp-fetch odp-extract odp-transform odp-publish odp-releases; do
    set +e; "$ODP_BUILD/$exe" --no-such-option >/dev/null 2>err; rc=$?; set -e
    expect_eq "$exe unknown option" 2 "$rc"
    expect_contains err "--help"
done
set +e; "$ODP" frobnicate 2>err; rc=$?; set -e
expect_eq "unknown command" 2 "$rc"
expect_contains err "'frobnicate' is not an odp command"
set +e; "$ODP" run --jobs zero 2>err; rc=$?; set -e
expect_eq "bad --jobs" 2 "$rc"
"$ODP" fetch --help | grep -q -- "--resolve" || fail "odp fetch --help does not reach odp-fetch"
"$ODP" prune --help | grep -q -- "--dry-run" || fail "odp prune --help does not say --dry-run"
"$ODP" releases --help | grep -q "usage: odp releases" || fail "odp releases --help does not reach odp-releases"
echo "ok"
