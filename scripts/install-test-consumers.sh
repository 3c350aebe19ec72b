#!/bin/bash
# install-test-consumers.sh: install the npm packages the tests read the portal
# with, as its users and the national harvester do (DuckDB, and the SHACL
# engine that runs the DCAT-AP-NL shapes), at the versions pinned in
# tests/consumers/package-lock.json, with `npm ci` into a cache directory
# outside the source tree. Prints that directory's node_modules on stdout.
#
# It installs only when the lock file changed since the last install, so a
# second call costs nothing. It exits non-zero (with npm's log on stderr) when
# it cannot install: the tests that need these packages fail then, they do
# not skip. It does not install node or npm (scripts/deps.txt does).
set -euo pipefail
src="$(cd "$(dirname "$0")/../tests/consumers" && pwd)"
dir="${ODP_CONSUMERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/odp-test-consumers}"
command -v npm >/dev/null || { echo "install-test-consumers: npm is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
mkdir -p "$dir"
# npm trusts the certificate authorities the rest of the machine trusts (curl,
# apt, git read /etc/ssl/certs), also those a site adds for its own TLS proxy.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
# One installer at a time: tests run in parallel under ctest.
exec 9>"$dir/.lock"
flock 9
if ! cmp -s "$src/package-lock.json" "$dir/package-lock.json" || [ ! -d "$dir/node_modules" ]; then
    cp "$src/package.json" "$src/package-lock.json" "$dir/"
    if ! timeout 300 npm ci --no-audit --no-fund --prefix "$dir" >"$dir/npm.log" 2>&1; then
        cat "$dir/npm.log" >&2
        rm -f "$dir/package-lock.json"   # so the next call tries again
        echo "install-test-consumers: npm ci in $dir failed (log above)" >&2
        if grep -qE 'SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT|CERT_UNTRUSTED' "$dir/npm.log"; then
            echo "install-test-consumers: npm could not verify the registry's certificate: a TLS" \
                 "proxy with a certificate authority of its own sits between this machine and the" \
                 "npm registry; add that authority to /usr/local/share/ca-certificates/ and run" \
                 "update-ca-certificates, then run this again" >&2
        fi
        exit 1
    fi
fi
echo "$dir/node_modules"
