#!/bin/bash
# odp run extracts pages while fetch is still fetching (odp-extract follows
# odp-fetch), and what it leaves is what the stages run one after the other
# leave: the demo pipeline (five sources on nginx) plus one source whose host
# refuses connections, crawled once by `odp run`; then the same raw store
# extracted, transformed and published stage by stage in a copy of the work
# directory. extract/, records/, the extract statuses (but their clock) and
# the portal must be the same, the source whose fetch failed has no extract
# status, and extract's log says it extracted pages before fetch ended.
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
echo "ok"
