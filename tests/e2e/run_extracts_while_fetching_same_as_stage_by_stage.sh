#!/bin/bash
# odp run extracts pages while fetch is still fetching (odp-extract follows
# odp-fetch), and what it leaves is what the stages run one after the other
# leave: the demo pipeline (five sources on nginx) plus one source whose host
# refuses connections, crawled once by `odp run`; then the same raw store
# extracted, transformed and published stage by stage in a copy of the work
# directory. extract/, records/, the extract statuses (but their clock) and
# the portal must be the same, the source whose fetch failed has no extract
# status, and extract's log says it extracted pages before fetch ended.
# Extract syncs its outputs once, at the end: odp run killed (SIGKILL) while
# extract follows leaves the marker that says so, and the next run redoes
# the outputs written after it (synced: same boot) and ends with the same
# extract/; after a restart, an output written after the marker (a power loss
# may have emptied it) is extracted again, not taken as done.
. "$(dirname "$0")/lib.sh"
start_sites
cd "$T"
# 60 ms between requests: the 43-page document takes seconds to fetch
python3 - "$ODP_SRC/pipelines/demo.json" > p.json <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
d["crawl"] = {"delay_ms": 60, "max_attempts": 1}
d["sources"].append({"id": "unreachable-2026", "cbs_code": "GM0150", "municipality": "Deventer",
                     "doc_type": "begroting", "year": 2026,
                     "url": "http://unreachable.begroting-2026.nl/"})
json.dump(d, sys.stdout, indent=1)
P
rc=0
"$ODP" run --jobs 2 --pipeline p.json --workdir A --portal PA "${RESOLVE[@]}" \
    --resolve unreachable.begroting-2026.nl:80:127.0.0.1:1 >run.err 2>&1 || rc=$?
expect_eq "exit status of the run (one source failed)" 3 "$rc"
expect_contains run.err 'source "deventer-begroting-2025": 43 pages extracted (0 unchanged), 0 failed'
# overlap: extract's own count of the pages it wrote before odp run said fetch had ended
before=$(sed -n 's/^odp-extract: \([0-9]*\) pages extracted while fetch ran, [0-9]* after it$/\1/p' run.err)
[ -n "$before" ] || { cat run.err; fail "odp run's extract did not follow fetch"; }
[ "$before" -gt 0 ] || fail "no page was extracted while fetch ran"
[ ! -e A/status/unreachable-2026.extract.json ] ||
    fail "a source whose fetch failed was extracted: $(cat A/status/unreachable-2026.extract.json)"
"$ODP" status --workdir A >status.out 2>&1 || true
grep -q 'unreachable-2026.*skipped' status.out || { cat status.out; fail "odp status does not show extract skipped after the failed fetch"; }
[ ! -e A/extract/.unsynced ] || fail "extract left its unsynced marker after success"

# the stages one after the other, from the same fetch
cp -a A B
rm -rf B/extract B/records B/publish B/status/*.extract.json B/status/*.transform.json
src=(--source deventer-jaarverslag-2015 --source deventer-begroting-2025
     --source amersfoort-begroting-2018 --source oude-ijsselstreek-begroting-2021
     --source deventer-perspectiefnota-2026)
"$ODP" extract --jobs 2 --pipeline p.json --workdir B "${src[@]}" 2>extract.err ||
    { cat extract.err; fail "odp extract exited $?"; }
"$ODP" transform --quiet --jobs 2 --pipeline p.json --workdir B "${src[@]}" ||
    fail "odp transform exited $?"
rc=0
"$ODP" publish --quiet --jobs 2 --pipeline p.json --workdir B --portal PB >publish.err 2>&1 || rc=$?
expect_eq "exit status of publish (one source has no records)" 3 "$rc"
diff -r A/extract B/extract || fail "extract/ differs from the stages run one by one"
diff -r A/records B/records || fail "records/ differ from the stages run one by one"
diff -r --no-dereference PA PB || fail "the portal differs from the stages run one by one"
diff <(grep '^odp-extract: source ' run.err) <(grep '^odp-extract: source ' extract.err) ||
    fail "extract's per-source log differs"
for f in A/status/*.extract.json; do
    python3 - "$f" "B/status/$(basename "$f")" <<'P' || fail "$(basename "$f") differs"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
for d in (a, b):  # the clock ticks between the two runs
    d.pop("started_at", None), d.pop("finished_at", None)
sys.exit(a != b)
P
done

# killed while extract follows fetch: the marker is left, the rerun completes
# and removes it
"$ODP" run --quiet --jobs 2 --pipeline p.json --workdir K --portal PK "${RESOLVE[@]}" \
    --resolve unreachable.begroting-2026.nl:80:127.0.0.1:1 >/dev/null 2>&1 &
RUN=$!
for i in $(seq 200); do
    [ "$(ls K/extract 2>/dev/null | grep -c jsonl)" -ge 5 ] && break
    sleep 0.05
done
STAGES=$(pgrep -P "$RUN" || true)
[ -n "$STAGES" ] || fail "odp run ended before it could be killed"
kill -9 "$RUN" $STAGES 2>/dev/null || true  # a stage may just have ended
wait "$RUN" 2>/dev/null || true
for c in $STAGES; do  # they hold the work directory's lock until they are gone
    for i in $(seq 100); do kill -0 "$c" 2>/dev/null || break; sleep 0.05; done
done
[ -e K/status/deventer-begroting-2025.fetch.json ] &&
    fail "the fetch ended before the kill (the test did not kill a following extract)"
[ -e K/extract/.unsynced ] || fail "no marker after a kill before extract's sync"
rc=0
"$ODP" run --quiet --jobs 2 --pipeline p.json --workdir K --portal PK "${RESOLVE[@]}" \
    --resolve unreachable.begroting-2026.nl:80:127.0.0.1:1 >rerun.err 2>&1 || rc=$?
expect_eq "exit status of the run after the kill" 3 "$rc"
# a temporary file the kill cut short stays, ignored (atomic_file.h)
diff -r -x ".*.tmp.*" A/extract K/extract || fail "the run after a kill left other extract/ files"
[ ! -e K/extract/.unsynced ] || fail "the run after a kill left the marker"

# the marker of a run before a restart (another boot id): an output written
# after it (here emptied, as a power loss may) is not taken as done
cp -a A P
echo "an-earlier-boot" > P/extract/.unsynced
touch -d '2 minutes ago' P/extract/.unsynced
touch -d '3 minutes ago' P/extract/*.jsonl
# (a glob, not ls | head: head's early exit is a SIGPIPE for ls, which
# pipefail and set -e turn into the test's silent end)
outputs=(P/extract/*.jsonl)
victim=${outputs[0]}
: > "$victim"
"$ODP" extract --jobs 2 --pipeline p.json --workdir P "${src[@]}" 2>p.err ||
    { cat p.err; fail "odp extract after a marker exited $?"; }
diff -r A/extract P/extract || fail "an output written after the marker was taken as done"
[ ! -e P/extract/.unsynced ] || fail "the marker was left after a successful extract"
# 61 pages, of which only the emptied one was extracted again
unchanged=$(sed -n 's/^odp-extract: source .* pages extracted (\([0-9]*\) unchanged).*/\1/p' p.err |
            awk "{ n += \$1 } END { print n }")
expect_eq "pages kept after the marker" 60 "$unchanged"
echo "ok"
