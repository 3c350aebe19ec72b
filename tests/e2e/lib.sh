# lib.sh: shared helpers of the end-to-end tests (sourced).
#   T        a fresh temporary directory, removed at exit
#   ODP      the odp front command of the build under test
#   start_sites [ROOT]   serve sample sites with nginx; sets PORT and RESOLVE (array)
#   fail MSG / expect_eq WHAT EXPECTED ACTUAL / expect_contains FILE TEXT
set -euo pipefail
: "${ODP_BUILD:?set ODP_BUILD to the build directory}"
: "${ODP_SRC:?set ODP_SRC to the source directory}"
ODP="$ODP_BUILD/odp"
T=$(mktemp -d)
SRV="$T/srv"
FAULT_PID=""
cleanup() {
    [ -n "$FAULT_PID" ] && kill "$FAULT_PID" 2>/dev/null
    [ -n "${KEEP:-}" ] && { echo "kept $T" >&2; return; }
    bash "$ODP_SRC/scripts/sites-server.sh" stop "$SRV" 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

expect_eq() {
    [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

expect_contains() {
    grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$1 does not contain: $2"; }
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_sites() {
    local root=${1:-$ODP_SRC/demo/sites}
    PORT=$(free_port)
    mkdir -p "$SRV"
    bash "$ODP_SRC/scripts/sites-server.sh" start "$SRV" "$PORT" "$root"
    RESOLVE=()
    for site in "$root"/*/; do
        RESOLVE+=(--resolve "$(basename "$site"):80:127.0.0.1:$PORT")
    done
}

# start_fault_server LOGFILE: the scriptable faulty server (tests/fetch/
# fault_server.py) on a free port; sets PORT, stopped at exit.
start_fault_server() {
    PORT=$(free_port)
    python3 "$ODP_SRC/tests/fetch/fault_server.py" "$PORT" "$1" &
    FAULT_PID=$!
    for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
}
