#!/bin/bash
# install-deps.sh: install the Debian 12 packages odp needs to build, test and
# run its demo, when they are missing. Uses sudo when not run as root.
set -euo pipefail
packages=(
    build-essential cmake pkg-config     # toolchain
    libcurl4-openssl-dev                 # fetch: HTTP
    libxml2-dev                          # extract: HTML parsing
    libjansson-dev                       # JSON everywhere
    libssl-dev                           # SHA-256 (libcrypto)
    libutf8proc-dev                      # Unicode NFC of text
    libzstd-dev                          # .jsonl.zst in releases
    libsqlite3-dev                       # the state ledger
    libarchive-dev                       # release bundles (.tar.zst, .zip)
    libcmocka-dev                        # unit tests
    libpcre2-dev                         # JSON Schema "pattern" (validator)
    libidn2-dev                          # JSON Schema "idn-hostname" format
    chromium                             # rendering JavaScript-built pages (fetch)
    clang                                # the libFuzzer run of the page extractor
    nginx-light                          # the loopback HTTP server of the demo and tests
    python3                              # test checks read the published CSV with the stdlib
    python3-pandas sqlite3 r-base-core   # tests: the published CSV in pandas, sqlite3 and R
    libxlsxwriter-dev python3-openpyxl   # the release's .xlsx workbook, and its test
    python3-pyld                         # test: catalog.jsonld expanded as JSON-LD
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
