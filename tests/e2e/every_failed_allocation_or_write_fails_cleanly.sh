#!/bin/bash
# Fault injection in the manner of SQLite's and curl's torture tests: a small
# pipeline (two seed sources of pipelines/demo.json, a second night that adds
# one source to a portal of the other) is run stage by stage (fetch, extract,
# transform, publish), and each stage is run again with its N-th allocation
# failing (ODP_FAULT_ALLOC=N, lib/xalloc.h) and with its N-th write, flush,
# fsync, rename or link failing (ODP_FAULT_WRITE=N, lib/fault.h), under
# AddressSanitizer with LeakSanitizer on. Each faulted run must
#   - end with exit status 1 (a write failure of one source may give 3, partly
#     failed; a write whose failure the stage may ignore, a cache, gives 0
#     only when the output is the uninterrupted one), never a signal, and no
#     sanitizer report (no crash, no leak, no undefined behaviour);
#   - say what failed: "out of memory allocating N bytes", or
#     "PATH: cannot ...: No space left on device / Input/output error";
#   - leave no temporary file, staging folder or half-written file, in the
#     work directory or the portal;
#   - leave the portal, file by file and release by release, wholly old or
#     wholly new (tests/e2e/old_or_new.py);
#   - be completed by a rerun of the stage: the same output as an
#     uninterrupted run, the same portal.
# How many points: an uninterrupted run with ODP_FAULT_COUNT=1 prints its
# totals. Each stage and kind has a budget of runs (below): a total within it
# is tried at every N (extract's 17 writes), a larger one at every k-th N
# (k = total / budget, rounded up; the first and the last N always). That
# keeps the test under a minute in CI (about 140 runs, some 16 s of CPU),
# where every N would take hours: the allocations number in the thousands
# (publish: about 57,000, most of them jansson reading the schemas) and each
# N is a run of the stage, the publish ones with a rerun.
# ODP_FAULT_EVERY=1 tries every N of every stage (offline; see the README),
# ODP_FAULT_EVERY=write (or alloc) every N of that kind;
# ODP_FAULT_SCALE=10 tries ten times as many; ODP_FAULT_STAGES="transform
# publish" limits the faulted runs to those stages.
. "$(dirname "$0")/lib.sh"
[ "${ODP_SANITIZE:-}" = ON ] || {
    echo "SKIP: fault injection is judged under AddressSanitizer: build with -DODP_SANITIZE=ON"
    exit 77
}
start_sites
cd "$T"
pipeline() { # OUT SOURCE...
    python3 - "$ODP_SRC/pipelines/demo.json" "${@:2}" > "$1" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"] if s["id"] in sys.argv[2:]]
assert len(p["sources"]) == len(sys.argv[2:])
json.dump(p, sys.stdout)
PY
}
pipeline one.json amersfoort-begroting-2018
pipeline two.json amersfoort-begroting-2018 deventer-jaarverslag-2015
# a sanitizer report must not be taken for odp's own exit status 1
export ASAN_OPTIONS=detect_leaks=1:exitcode=86 LSAN_OPTIONS=exitcode=86
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
unset ODP_FAULT_ALLOC ODP_FAULT_WRITE ODP_FAULT_AT ODP_FAULT_COUNT

# the old portal: a first night with one source
"$ODP" run -q --jobs 1 --pipeline one.json --workdir w.fetch --portal old "${RESOLVE[@]}" ||
    fail "the first night"
stage() { # STAGE WORKDIR PORTAL [VAR=N]: run odp-STAGE of two.json
    local extra=()
    case $1 in
    fetch) extra=("${RESOLVE[@]}") ;;
    publish) extra=(--portal "$3") ;;
    esac
    env ${4:+"$4"} "$ODP_BUILD/odp-$1" -q --jobs 1 --pipeline two.json --workdir "$2" "${extra[@]}"
}
# What a stage writes in the work directory, compared after a rerun (the
# ledger and the run reports hold times and attempts; they are not compared).
outputs_of() {
    case $1 in
    fetch) echo raw ;;
    extract) echo extract ;;
    transform) echo records quarantine ;;
    publish) echo ;;
    esac
}
stages=(fetch extract transform publish)
declare -A allocs writes
prev=w.fetch
# the second night, uninterrupted and counted: w.STAGE is the work directory
# before STAGE, w.done after publish; want is the portal it gives
for i in 0 1 2 3; do
    st=${stages[$i]}
    next=w.${stages[$((i + 1))]:-done}
    cp -a "$prev" "$next"
    [ "$st" = publish ] && cp -a old want
    ODP_FAULT_COUNT=1 stage "$st" "$next" want 2>"count.$st" || { cat "count.$st" >&2; fail "uninterrupted $st"; }
    allocs[$st]=$(sed -n 's/^odp: fault count: \([0-9]*\) allocations$/\1/p' "count.$st")
    writes[$st]=$(sed -n 's/^odp: fault count: \([0-9]*\) writes$/\1/p' "count.$st")
    [ -n "${allocs[$st]}" ] && [ "${allocs[$st]}" -gt 100 ] || fail "$st counted ${allocs[$st]:-no} allocations"
    [ -n "${writes[$st]}" ] && [ "${writes[$st]}" -gt 3 ] || fail "$st counted ${writes[$st]:-no} writes"
    prev=$next
done
python3 "$ODP_SRC/tests/e2e/old_or_new.py" old want old >/dev/null || fail "old_or_new.py cannot tell old from old"
diff -rq old want >/dev/null && fail "the second night changed nothing in the portal: nothing to test"

# points N to try: every N up to the budget, then every k-th (the last always)
points() { # TOTAL BUDGET KIND
    local total=$1 budget=$(($2 * ${ODP_FAULT_SCALE:-1})) k=1
    case ${ODP_FAULT_EVERY:-} in 1 | "$3") budget=$total ;; esac
    [ "$total" -gt "$budget" ] && k=$(((total + budget - 1) / budget))
    seq 1 "$k" "$total"
    [ $(((total - 1) % k)) -eq 0 ] || echo "$total"
}
# budgets (runs per stage and kind), from what a run of each costs
declare -A budget=([fetch.alloc]=12 [fetch.write]=16 [extract.alloc]=20 [extract.write]=30
    [transform.alloc]=20 [transform.write]=30 [publish.alloc]=10 [publish.write]=20)
injected=0 absorbed=0 unreached=0
report=""
for i in 0 1 2 3; do
    st=${stages[$i]}
    before=w.$st after=w.${stages[$((i + 1))]:-done}
    case " ${ODP_FAULT_STAGES:-${stages[*]}} " in *" $st "*) ;; *) continue ;; esac
    for kind in alloc write; do
        if [ $kind = alloc ]; then total=${allocs[$st]} var=ODP_FAULT_ALLOC; else total=${writes[$st]} var=ODP_FAULT_WRITE; fi
        tried=0
        for n in $(points "$total" "${budget[$st.$kind]}" $kind); do
            what="$st with $var=$n"
            rm -rf fw fp
            cp -a "$before" fw
            [ "$st" = publish ] && cp -a old fp
            set +e
            ODP_FAULT_COUNT=1 stage "$st" fw fp "$var=$n" 2>err
            rc=$?
            set -e
            # fetch's count varies a little from run to run (transfers end in
            # any order): a point past this run's own total was not reached
            if [ $kind = alloc ]; then reached=$(sed -n 's/^odp: fault count: \([0-9]*\) allocations$/\1/p' err)
            else reached=$(sed -n 's/^odp: fault count: \([0-9]*\) writes$/\1/p' err); fi
            if [ "${reached:-0}" -lt "$n" ]; then
                [ $rc -eq 0 ] || { cat err >&2; fail "$what: exit status $rc though the fault was not reached"; }
                unreached=$((unreached + 1))
                continue
            fi
            if grep -qE 'Sanitizer|runtime error|SUMMARY:' err; then
                cat err >&2
                fail "$what: a sanitizer report"
            fi
            [ $rc -lt 128 ] || fail "$what: ended by a signal (status $rc)"
            if [ $kind = alloc ]; then
                [ $rc -eq 1 ] || { cat err >&2; fail "$what: exit status $rc, not 1"; }
                grep -qE '^odp: out of memory allocating [0-9]+ bytes$' err ||
                    { cat err >&2; fail "$what: no 'out of memory allocating N bytes'"; }
            elif [ $rc -eq 0 ]; then
                absorbed=$((absorbed + 1))
                [ -z "${ODP_FAULT_VERBOSE:-}" ] || { echo "absorbed: $what" >&2; cat err >&2; }
            else
                [ $rc -eq 1 ] || [ $rc -eq 3 ] || { cat err >&2; fail "$what: exit status $rc"; }
                grep -qE '[^ ]+: cannot [a-z ]+: (No space left on device|Input/output error)|: cannot link .*: Input/output error' err ||
                    { cat err >&2; fail "$what: no error naming the path that could not be written"; }
            fi
            left=$(find fw $([ "$st" = publish ] && echo fp) \( -name '.*.tmp*' -o -name '.staging-*' -o -name '.jsonl-*' \
                -o -name '.extsort-*' -o -name '.workbook.tmp*' -o -name '.share.tmp' \) -print)
            [ -z "$left" ] || fail "$what: left temporary files: $left"
            [ "$st" != publish ] || python3 "$ODP_SRC/tests/e2e/old_or_new.py" old want fp ||
                fail "$what: the portal is neither old nor new"
            # a rerun completes what the failed run left
            if [ $rc -ne 0 ]; then
                stage "$st" fw fp 2>err.rerun || { cat err.rerun >&2; fail "$what: the rerun failed"; }
            fi
            for d in $(outputs_of "$st"); do
                [ ! -e "$after/$d" ] && [ ! -e "fw/$d" ] && continue
                diff -r "$after/$d" "fw/$d" >&2 || fail "$what: $d differs from an uninterrupted run after a rerun"
            done
            [ "$st" != publish ] || diff -r --no-dereference want fp >&2 ||
                fail "$what: the portal differs from an uninterrupted one after a rerun"
            tried=$((tried + 1))
        done
        injected=$((injected + tried))
        report+=" $st.$kind $tried/$total"
    done
done
echo "ok ($injected fault points injected, each failed cleanly:$report; $absorbed write failures were absorbed with the same output; $unreached points past a run's own total)"
