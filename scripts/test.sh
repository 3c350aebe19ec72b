#!/bin/bash
# test.sh: install what is missing, build with AddressSanitizer and
# UndefinedBehaviorSanitizer and warnings as errors, and run every test with
# ctest (it prints the closing summary).
#
# The npm test consumers (DuckDB, the SHACL engine) are installed first, from
# tests/consumers/package-lock.json. A test may skip only when the shared test
# data (../shared/data: the JSON-Schema-Test-Suite, the DCAT-AP-NL shapes, ...)
# is not there; with it present, a skipped test fails the run, so CI cannot
# pass without running what it claims to.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-test-consumers.sh >/dev/null
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DODP_SANITIZE=ON -DODP_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
rc=0
ctest --output-on-failure -j"$(nproc)" --timeout 300 2>&1 | tee ctest.log || rc=$?
if [ -d ../../shared/data ] && grep -q '\*\*\*Skipped' ctest.log; then
    echo "test.sh: these tests were skipped although ../shared/data is there:" >&2
    grep '\*\*\*Skipped' ctest.log >&2
    rc=1
fi
exit "$rc"
