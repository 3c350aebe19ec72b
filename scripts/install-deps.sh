#!/bin/bash
# install-deps.sh: install the Debian 12 packages odp needs to build, test and
# run its demo, when they are missing. The packages are the third column of
# scripts/deps.txt, the same list CMake checks the libraries from. Uses sudo
# when not run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t packages < <(awk '!/^#/ && NF >= 3 { print $3 }' "$here/deps.txt")
missing=()
for p in "${packages[@]}"; do
    # A Node.js from elsewhere (NodeSource's nodejs bundles npm and conflicts
    # with Debian's npm package) serves as well as Debian's.
    case $p in nodejs|npm) command -v node >/dev/null && command -v npm >/dev/null && continue ;; esac
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
