#!/usr/bin/env python3
"""old_or_new.py OLD NEW GOT: GOT (a portal after a publish that failed) is,
dataset by dataset, either OLD (the portal before that publish) or NEW (what
an uninterrupted publish gives): every file and link of a dataset is in OLD or
NEW with the same bytes or target, every release folder is whole (the same
tree as the release of that name in OLD or NEW), every latest link points at
a release that is there, and nothing else is there: no temporary file, no
staging folder. The portal-wide files (catalogue, pages) are the old or the
new ones, or, when the publish failed for some datasets only (it goes on
with the others), whole and naming only releases that are there. Prints
what differs and exits 1.

old_or_new.py OLD NEW -: judges many portals in one process (a fault test
judges hundreds): reads one GOT path a line from stdin and answers each with
a line "ok" or "bad" on stdout (what differs on stderr), until stdin ends."""
import filecmp
import json
import os
import re
import sys

old, new = sys.argv[1:3]
RELEASE = re.compile(r"datasets/[^/]+/[0-9][^/]*$")


def tree(root):
    """Relative paths of every file, link and folder under root."""
    out = set()
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def same(a, b):
    if os.path.islink(a) or os.path.islink(b):
        return os.path.islink(a) and os.path.islink(b) and os.readlink(a) == os.readlink(b)
    if os.path.isdir(a) or os.path.isdir(b):
        return os.path.isdir(a) and os.path.isdir(b)
    return os.path.isfile(a) and os.path.isfile(b) and filecmp.cmp(a, b, shallow=False)


def same_tree(a, b):
    if tree(a) != tree(b):
        return False
    return all(same(os.path.join(a, r), os.path.join(b, r)) for r in tree(a))


def whole_and_true(p, got, bad):
    """A portal-wide file written for a mix of old and new datasets: whole
    (it parses, or the page is complete) and every release it names is
    there."""
    text = open(p, encoding="utf-8", errors="replace").read()
    if p.endswith((".json", ".jsonld")):
        try:
            json.loads(text)
        except ValueError:
            return False
    elif p.endswith(".html") and "</html>" not in text:
        return False
    for ds, version in set(re.findall(r"datasets/([A-Za-z0-9-]+)/([0-9][0-9.]*[0-9])/", text)):
        if not os.path.isdir(os.path.join(got, "datasets", ds, version)):
            bad.append(f"{os.path.relpath(p, got)}: names release {ds}/{version}, which is not there")
    return True


def judge(got):
    """What makes got neither old nor new, one line each (empty: it is)."""
    bad = []
    g = tree(got) if os.path.isdir(got) else set()
    for r in sorted(g):
        p = os.path.join(got, r)
        inside = re.match(r"(datasets/[^/]+/[0-9][^/]*)/", r)
        if inside:
            continue  # judged with its release folder
        # .describe/ is publish's bookkeeping (load/describe.c), judged as a
        # portal-wide file; a hidden name anywhere else, or in it, is temporary
        bookkeeping = r == ".describe" or (r.startswith(".describe/") and
                                           not os.path.basename(r).startswith("."))
        if os.path.basename(r).startswith(".") and not bookkeeping:
            bad.append(f"{r}: a temporary file or folder was left")
            continue
        if RELEASE.match(r):
            if not any(os.path.isdir(os.path.join(x, r)) and same_tree(os.path.join(x, r), p)
                       for x in (old, new)):
                bad.append(f"{r}: a release that is neither the old nor the new one (not whole)")
            continue
        portal_wide = not r.startswith("datasets/") and os.path.isfile(p)
        # a catalogue or page never names a release that is not there, also
        # when it is the new one written before a dataset failed
        whole = portal_wide and whole_and_true(p, got, bad)
        if not any(os.path.lexists(os.path.join(x, r)) and same(os.path.join(x, r), p)
                   for x in (old, new)) and not whole:
            bad.append(f"{r}: neither the old nor the new file")
        if os.path.basename(r) == "latest" and os.path.islink(p):
            if not os.path.isdir(os.path.join(os.path.dirname(p), os.readlink(p))):
                bad.append(f"{r}: points at {os.readlink(p)}, which is not there")
    # a file both the old and the new portal have cannot have gone
    for r in sorted(both):
        if r not in g and not re.match(r"datasets/[^/]+/[0-9][^/]*/", r):
            bad.append(f"{r}: in the old and the new portal, gone after the failed publish")
    return [f"{got}/{b}" for b in bad]


both = tree(old) & tree(new)
if sys.argv[3] == "-":
    for line in sys.stdin:
        bad = judge(line.rstrip("\n"))
        for b in bad:
            print(b, file=sys.stderr)
        print("bad" if bad else "ok", flush=True)
    sys.exit(0)
bad = judge(sys.argv[3])
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
