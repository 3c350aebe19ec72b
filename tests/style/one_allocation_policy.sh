#!/usr/bin/env bash
# one_allocation_policy.sh [ROOT]: odp's one allocation policy (lib/xalloc.h,
# README "Layout") kept true. Fails (exit 1), naming each file:line, when
# code under lib/ extract/ fetch/ transform/ load/ odp/ calls malloc, calloc,
# realloc, strdup or strndup itself instead of the x* functions, so every
# allocation dies the same way and is reached by ODP_FAULT_ALLOC. lib/xalloc.c
# is the one place that calls them. A call inside a comment or a string is
# not one.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
exec python3 - "$root" <<'PY'
import os, re, sys

root = sys.argv[1]
CALL = re.compile(r"(?<![\w.>])(malloc|calloc|realloc|strdup|strndup)\s*\(")
# comments and string or character literals blanked (newlines kept)
TOKENS = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
bad = []
for d in ("lib", "extract", "fetch", "transform", "load", "odp"):
    for dirpath, _, files in os.walk(os.path.join(root, d)):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            if not f.endswith((".c", ".h")) or rel == os.path.join("lib", "xalloc.c"):
                continue
            text = open(path, encoding="utf-8", errors="replace").read()
            code = TOKENS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
            for m in CALL.finditer(code):
                line = code.count("\n", 0, m.start()) + 1
                bad.append(f"{rel}:{line}: {m.group(1)}() called directly; use x{m.group(1)}() (lib/xalloc.h)")
if bad:
    print("\n".join(bad))
    print(f"one_allocation_policy: {len(bad)} direct allocation call(s)")
    sys.exit(1)
print("one_allocation_policy: every allocation goes through lib/xalloc.h")
PY
