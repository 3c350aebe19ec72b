#!/bin/bash
# Fault injection in the manner of SQLite's and curl's torture tests: a small
# pipeline (two seed sources of pipelines/demo.json, a second night that adds
# one source to a portal of the other) is run stage by stage (fetch, extract,
# transform, publish), and each stage is run again with its N-th output
# operation failing (ODP_FAULT_WRITE=N: a create, write, flush, fsync,
# rename, link, symlink, mkdir or removal, lib/fault.h) and with its N-th
# allocation failing (ODP_FAULT_ALLOC=N, lib/xalloc.h), under
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
# Which N. Writes: every N of every stage (some 400 runs). Allocations number
# some 71,000 (publish alone 58,000, most of them jansson reading the
# schemas), hours as one run each; they are covered by an argument and a
# check. An allocation failure ends the stage at once (xalloc_die: a message,
# exit(1), the exit removing the tracked temporary files), so what the N-th
# leaves depends only on the output operations made before it and on what
# was tracked then. The uninterrupted run writes a trace (ODP_FAULT_TRACE)
# with the allocation count at each output operation and each change of the
# tracked set; between two such lines every N ends in the same state. So the
# test tries the first and the last N of every interval between two lines
# (and of the run's first and last allocation), and, as a check of the
# argument, a few N inside intervals drawn at random (ODP_FAULT_SEED, printed
# at the start, reproduces them; ODP_FAULT_SAMPLES per stage, default 4).
# The argument is also checked: every faulted run traces too, and two runs
# that failed after the same trace lines must leave the same files (an output
# operation without its fault_write would make them differ); a second
# uninterrupted run must give the same trace; every interval must be reached
# (a count can move by one or two with the pid's digits in temporary names:
# an interval both ends missed is tried again a few N around its first).
# fetch is the exception that is argued, not exact: its counts vary from run
# to run (two hosts' transfers end in any order), so its intervals are those
# of one run, reached as they fall, and a point past a run's own total is not
# reached.
# ODP_FAULT_EVERY=1 tries every N of every stage (offline, hours; see the
# README), ODP_FAULT_EVERY=alloc every allocation N; ODP_FAULT_STAGES="transform
# publish" limits the faulted runs to those stages.
# A run's time on a disk is mostly its fsyncs, which nothing here judges (a
# fault injected there is): the runs go to a tmpfs when there is one.
[ -n "${TMPDIR:-}" ] || { [ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm; } || true
. "$(dirname "$0")/lib.sh"
[ "${ODP_SANITIZE:-}" = ON ] || {
    echo "SKIP: fault injection is judged under AddressSanitizer: build with -DODP_SANITIZE=ON"
    exit 77
}
seed=${ODP_FAULT_SEED:-$((RANDOM * 32768 + RANDOM))}
samples=${ODP_FAULT_SAMPLES:-4}
echo "ODP_FAULT_SEED=$seed ODP_FAULT_SAMPLES=$samples"
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
unset ODP_FAULT_ALLOC ODP_FAULT_WRITE ODP_FAULT_AT ODP_FAULT_COUNT ODP_FAULT_TRACE

# the old portal: a first night with one source
"$ODP" run -q --jobs 1 --pipeline one.json --workdir w.fetch --portal old "${RESOLVE[@]}" ||
    fail "the first night"
stage() { # STAGE WORKDIR PORTAL [VAR=N]...: run odp-STAGE of two.json
    local st=$1 wd=$2 portal=$3 extra=()
    shift 3
    case $st in
    fetch) extra=("${RESOLVE[@]}") ;;
    publish) extra=(--portal "$portal") ;;
    esac
    env "$@" "$ODP_BUILD/odp-$st" -q --jobs 1 --pipeline two.json --workdir "$wd" "${extra[@]}"
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
count_of() { # KIND ERRFILE: the count ODP_FAULT_COUNT printed
    sed -n "s/^odp: fault count: \([0-9]*\) $1\$/\1/p" "$2"
}
stages=(fetch extract transform publish)
declare -A allocs writes
prev=w.fetch
# the second night, uninterrupted, counted and traced: w.STAGE is the work
# directory before STAGE, w.done after publish; want is the portal it gives.
# Each runs in fw (and fp) as the faulted runs do: a path's length is in the
# allocation count (a longer one grows a buffer once more).
for i in 0 1 2 3; do
    st=${stages[$i]}
    next=w.${stages[$((i + 1))]:-done}
    rm -rf fw fp
    cp -a "$prev" fw
    [ "$st" = publish ] && cp -a old fp
    stage "$st" fw fp ODP_FAULT_COUNT=1 ODP_FAULT_TRACE="$T/trace.$st" 2>"count.$st" ||
        { cat "count.$st" >&2; fail "uninterrupted $st"; }
    mv fw "$next"
    [ "$st" != publish ] || mv fp want
    allocs[$st]=$(count_of allocations "count.$st")
    writes[$st]=$(count_of writes "count.$st")
    [ -n "${allocs[$st]}" ] && [ "${allocs[$st]}" -gt 100 ] || fail "$st counted ${allocs[$st]:-no} allocations"
    [ -n "${writes[$st]}" ] && [ "${writes[$st]}" -gt 3 ] || fail "$st counted ${writes[$st]:-no} writes"
    # the trace has a line for every counted write, at a count within the run
    expect_eq "$st: writes in the trace" "${writes[$st]}" "$(grep -c '^write ' "trace.$st")"
    awk -v a="${allocs[$st]}" '$2 > a || $2 < last { exit 1 } { last = $2 }' "trace.$st" ||
        fail "$st: the trace's allocation counts are not ascending within the run's ${allocs[$st]}"
    # the argument needs the same trace in every run (fetch's varies)
    if [ "$st" != fetch ]; then
        rm -rf fw fp
        cp -a "$prev" fw
        [ "$st" = publish ] && cp -a old fp
        stage "$st" fw fp ODP_FAULT_TRACE="$T/trace2.$st" || fail "uninterrupted $st, again"
        cmp -s "trace.$st" "trace2.$st" || fail "$st: a second uninterrupted run gives another trace"
    fi
    prev=$next
done
python3 "$ODP_SRC/tests/e2e/old_or_new.py" old want old >/dev/null || fail "old_or_new.py cannot tell old from old"
python3 "$ODP_SRC/tests/e2e/old_or_new.py" old want want >/dev/null || fail "old_or_new.py cannot tell new from new"
diff -rq old want >/dev/null && fail "the second night changed nothing in the portal: nothing to test"
# every input of a faulted run is copied from these: they must not change
fingerprint() { (cd "$T" && find old want w.* -type f -print0 | sort -z | xargs -0 sha256sum); }
fingerprint >pristine.sums

# The allocation points of a stage: lines "end N I" (the first or the last N
# of interval I) and "sample N I", from its trace (see the top). Intervals are
# the runs of N between two distinct counts in the trace, 0 and the total.
alloc_points() { # STAGE
    python3 - "trace.$1" "${allocs[$1]}" "$seed" "$samples" "$1" "${ODP_FAULT_EVERY:-}" <<'PY'
import random, sys
trace, total, seed, samples, stage, every = sys.argv[1:]
total, samples = int(total), int(samples)
marks = sorted({0, total} | {int(l.split()[1]) for l in open(trace)})
intervals = [(a + 1, b) for a, b in zip(marks, marks[1:]) if b > a]
print("intervals", len(intervals))
if every in ("1", "alloc"):
    for i, (first, last) in enumerate(intervals):
        for n in range(first, last + 1):
            print("every", n, i)
    sys.exit()
ends = {}
counts = sorted(int(l.split()[1]) for l in open(trace))
for i, (first, last) in enumerate(intervals):
    ends[first] = ends[last] = i
    # a run failing in it writes the trace lines of the counts below first
    print("interval", i, sum(c < first for c in counts), first, last)
inside = [(i, f, l) for i, (f, l) in enumerate(intervals) if l - f >= 2]
rng = random.Random(f"{seed}:{stage}")
drawn = {}
for _ in range(samples if inside else 0):
    i, f, l = rng.choice(inside)
    drawn[rng.randrange(f + 1, l)] = i
for n in sorted(ends):
    print("end", n, ends[n])
for n in sorted(set(drawn) - set(ends)):
    print("sample", n, drawn[n])
PY
}

# One judge of the portals for the whole test (old_or_new.py OLD NEW -)
coproc JUDGE { python3 "$ODP_SRC/tests/e2e/old_or_new.py" old want -; }
judge_out=${JUDGE[0]} judge_in=${JUDGE[1]}
absorbed=0 unreached=0
# The files a failed run left, as a digest: their paths, and their bytes but
# for the ledger's, the status files', the reports' (they hold times) and
# publish's input digests (a cache keyed by inode, new in every copy).
left_state() { # STAGE
    (
        cd "$T"
        local roots="fw $([ "$1" = publish ] && echo fp)" skip
        skip=(! -path 'fw/ledger*' ! -path 'fw/status/*' ! -path 'fw/reports/*' ! -path 'fw/fetch/*'
            ! -path 'fw/publish/*')
        find $roots ! -path 'fw/ledger*' -printf '%y %p %l\n' | sort
        find $roots -type f "${skip[@]}" -print0 | sort -z | xargs -0 -r sha256sum
    ) | sha256sum
}
declare -A state_of first_of reached_interval
try() { # STAGE KIND N I: one faulted run of stages[I], judged
    local st=$1 kind=$2 n=$3 var rc reached verdict d before=w.$1 after state key
    after=w.${stages[$(($4 + 1))]:-done}
    [ "$kind" = alloc ] && var=ODP_FAULT_ALLOC || var=ODP_FAULT_WRITE
    local what="$st with $var=$n"
    rm -rf fw fp
    cp -a "$before" fw
    [ "$st" = publish ] && cp -a old fp
    rm -f trace.run
    set +e
    stage "$st" fw fp ODP_FAULT_COUNT=1 ODP_FAULT_TRACE="$T/trace.run" "$var=$n" 2>err
    rc=$?
    set -e
    touch trace.run
    # fetch's count varies a little from run to run (transfers end in any
    # order): a point past this run's own total was not reached
    reached=$(count_of "$([ "$kind" = alloc ] && echo allocations || echo writes)" err)
    if [ "${reached:-0}" -lt "$n" ]; then
        [ $rc -eq 0 ] || { cat err >&2; fail "$what: exit status $rc though the fault was not reached"; }
        unreached=$((unreached + 1))
        return
    fi
    if grep -qE 'Sanitizer|runtime error|SUMMARY:' err; then
        cat err >&2
        fail "$what: a sanitizer report"
    fi
    [ $rc -lt 128 ] || fail "$what: ended by a signal (status $rc)"
    if [ "$kind" = alloc ]; then
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
    # Every N of an allocation interval leaves the same files (the argument):
    # one that does not shows an output operation without its fault_write.
    # The interval is the run's own: how many trace lines it wrote before it
    # failed (a count can differ by one or two from the uninterrupted run's:
    # a temporary file's name holds the pid, whose digits vary).
    if [ "$kind" = alloc ]; then
        key=$st.$(wc -l <trace.run)
        reached_interval[$key]=1
        if [ "$st" != fetch ]; then
            state=$(left_state "$st")
            [ -z "${state_of[$key]:-}" ] || [ "${state_of[$key]}" = "$state" ] ||
                fail "$what leaves other files than N=${first_of[$key]}, which failed after the same output operations" \
                    "(a change on disk without fault_write between them?)"
            state_of[$key]=$state
            first_of[$key]=${first_of[$key]:-$n}
        fi
    fi
    if [ "$st" = publish ]; then
        echo "$T/fp" >&"$judge_in"
        read -r verdict <&"$judge_out" || fail "old_or_new.py ended"
        [ "$verdict" = ok ] || fail "$what: the portal is neither old nor new"
    fi
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
}

wreport="" areport="" sampled=0 runs=0
for i in 0 1 2 3; do
    st=${stages[$i]}
    case " ${ODP_FAULT_STAGES:-${stages[*]}} " in *" $st "*) ;; *) continue ;; esac
    for n in $(seq 1 "${writes[$st]}"); do try "$st" write "$n" "$i" </dev/null; done
    wreport+=" $st ${writes[$st]}/${writes[$st]}"
    runs=$((runs + writes[$st]))
    alloc_points "$st" >"points.$st"
    intervals=$(sed -n 's/^intervals //p' "points.$st")
    tried=0
    while read -r what n _; do
        case $what in intervals | interval) continue ;; esac
        try "$st" alloc "$n" "$i" </dev/null
        tried=$((tried + 1))
        [ "$what" = sample ] && sampled=$((sampled + 1))
    done <"points.$st"
    # an interval a count shift (above) made both its ends miss is tried again
    # at N a little before and after its first; fetch's varies too much
    covered=0
    while read -r what _ k first _; do
        [ "$what" = interval ] || continue
        for d in 0 -1 1 -2 2 -3 3; do
            [ -z "${reached_interval[$st.$k]:-}" ] && [ "$st" != fetch ] && [ $((first + d)) -ge 1 ] || break
            try "$st" alloc $((first + d)) "$i" </dev/null
            tried=$((tried + 1))
        done
        [ -z "${reached_interval[$st.$k]:-}" ] || covered=$((covered + 1))
    done <"points.$st"
    [ "$st" = fetch ] || [ "$covered" -eq "$intervals" ] ||
        fail "$st: $covered of $intervals allocation intervals reached"
    runs=$((runs + tried))
    areport+=" $st $covered/$intervals ($tried runs of ${allocs[$st]} N)"
done
exec {judge_in}>&-
fingerprint | cmp -s - pristine.sums || fail "a faulted run changed the uninterrupted runs' files it was copied from"
echo "ok ($runs faulted runs, each judged as above; write points tried/total (every N):$wreport;" \
    "allocation intervals tried/total:$areport; $sampled random samples inside intervals (ODP_FAULT_SEED=$seed);" \
    "$absorbed write failures absorbed with the same output; $unreached points past a run's own total)"
