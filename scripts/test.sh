#!/bin/bash
# test.sh: install what is missing, build with AddressSanitizer and
# UndefinedBehaviorSanitizer and warnings as errors, and run every test with
# ctest (it prints the closing summary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DODP_SANITIZE=ON -DODP_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)" --timeout 300
