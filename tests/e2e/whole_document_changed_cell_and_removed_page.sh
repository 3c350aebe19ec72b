#!/bin/bash
# On a whole document (a copy of demo/sites' Deventer begroting 2025, 43
# pages whose sub-page slugs repeat eight times): one number changed on one
# page gives a PATCH release whose CHANGES lists exactly that fact, with the
# old and new values, and changes exactly the indicator built from it; a page
# removed from the site (404) gives a PATCH release (the contract: values
# removed) without its facts. Expected ids and values are written by hand from
# the page's HTML and the contract's id rule (p-id: p{id}-{slug}).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3   # Debian's python, which has python3-pandas
"$PY" -c 'import pandas' 2>/dev/null || fail "python3-pandas is missing (scripts/install-deps.sh installs it)"
site="$T/sites/deventer.begroting-2025.nl"
mkdir "$T/sites"
cp -r "$ODP_SRC/demo/sites/deventer.begroting-2025.nl" "$T/sites/"
start_sites "$T/sites"
cd "$T"
"$PY" - "$ODP_SRC/pipelines/demo.json" > pipeline.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"] if s["id"] == "deventer-begroting-2025"]
print(json.dumps(p))
PY
night() { "$ODP" run --pipeline pipeline.json --workdir work --portal portal "${RESOLVE[@]}" >"night$1.out" 2>&1; }
night 1 || { cat night1.out; fail "night 1 exited $?"; }
D=portal/datasets/GM0150-deventer-pc-documenten
expect_eq "first release" "2.0.0" "$(readlink $D/latest)"

# night 2: Veiligheid's Beleidsindicatoren, Winkeldiefstallen, Realisatie 2023:
# 2,6 -> 2,9 (the row is the table's 3rd grid row, the column its 5th)
page="$site/p21642/beleidsindicatoren.html"
"$PY" - "$page" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
row = "<tr><td>Winkeldiefstallen</td><td>Aantal per 1.000 inwoners</td><td>2,2</td><td>2,4</td><td>2,6</td>"
assert s.count(row) == 1, "the Winkeldiefstallen row is not as the test expects"
open(p, "w", encoding="utf-8").write(s.replace(row, row[:-len("<td>2,6</td>")] + "<td>2,9</td>"))
PY
touch -d '+2 seconds' "$page"   # a new Last-Modified also within the same second
night 2 || { cat night2.out; fail "night 2 exited $?"; }
expect_eq "release after one changed cell (PATCH)" "2.0.1" "$(readlink $D/latest)"
expect_eq "national release after one changed cell" "2.0.1" "$(readlink portal/datasets/nl-gemeenten-pc-documenten/latest)"
"$PY" - "$D" <<'PY' || fail "night 2: CHANGES"
import json, sys
import pandas as pd
d = sys.argv[1]
fid = "GM0150-begroting-2025/p21642-beleidsindicatoren#t1/r3c5"
c = json.load(open(f"{d}/2.0.1/CHANGES.json"))
bad = []
if (c["added_count"], c["removed_count"], c["changed_count"]) != (0, 0, 1):
    bad.append(f"counts added/removed/changed {c['added_count']}/{c['removed_count']}/{c['changed_count']}, expected 0/0/1")
want = [{"fact_id": fid, "old": {"status": "ok", "value": "2.6", "raw": "2,6"},
         "new": {"status": "ok", "value": "2.9", "raw": "2,9"}}]
got = [{"fact_id": e["fact_id"], **{k: {x: str(v) for x, v in e[k].items()} for k in ("old", "new")}}
       for e in c["changed"][:5]]
if got != want:
    bad.append(f"changed: {json.dumps(c['changed'][:5], ensure_ascii=False)}")
md = open(f"{d}/2.0.1/CHANGES.md", encoding="utf-8").read()
if fid not in md:
    bad.append("CHANGES.md does not name " + fid)
# the indicator built from it changed, and nothing else in indicators or budget_lines
for res, key in (("indicators", "fact_id"), ("budget_lines", "fact_id")):
    a = pd.read_csv(f"{d}/2.0.0/{res}.csv", dtype=str, keep_default_na=False)
    b = pd.read_csv(f"{d}/2.0.1/{res}.csv", dtype=str, keep_default_na=False)
    m = a.merge(b, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    cols = [x for x in a.columns if x != key]
    diff = m[(m._merge != "both") | (m[[x + "_old" for x in cols]].values != m[[x + "_new" for x in cols]].values).any(axis=1)]
    if res == "indicators":
        if list(diff[key]) != [fid]:
            bad.append(f"indicators changed: {list(diff[key])[:5]}, expected [{fid}]")
        else:
            r = diff.iloc[0]
            if (r.value_old, r.value_new, r.raw_new, r.indicator_name_new, r.period_new) != ("2.6", "2.9", "2,9", "Winkeldiefstallen", "2023"):
                bad.append("indicator row: " + r.to_string())
    elif len(diff):
        bad.append(f"budget_lines changed: {list(diff[key])[:5]}")
if bad:
    sys.exit("FAIL: " + "\nFAIL: ".join(bad))
PY

# night 3: Mobiliteit en bereikbaarheid's Wat mag het kosten? is gone (404);
# its one table has 6 body rows of 7 cells (label + 6 years): 42 facts
rm "$site/p21647/wat-mag-het-kosten.html"
night 3; rc=$?
expect_eq "exit status of a night whose page is gone (404)" 0 "$rc"
expect_eq "release after a removed page (PATCH)" "2.0.2" "$(readlink $D/latest)"
"$PY" - "$D" <<'PY' || fail "night 3: CHANGES"
import json, sys
import pandas as pd
d = sys.argv[1]
pid = "GM0150-begroting-2025/p21647-wat-mag-het-kosten"
c = json.load(open(f"{d}/2.0.2/CHANGES.json"))
bad = []
if (c["added_count"], c["removed_count"], c["changed_count"]) != (0, 42, 0):
    bad.append(f"counts added/removed/changed {c['added_count']}/{c['removed_count']}/{c['changed_count']}, expected 0/42/0")
want = sorted(f"{pid}#t1/r{r}c{k}" for r in range(2, 8) for k in range(1, 8))
got = sorted(e["fact_id"] for e in c["removed"])
if got != want:
    bad.append(f"removed: {got[:5]}..., expected {want[:3]}...")
for res in ("pages", "facts", "tables", "budget_lines", "checks"):
    df = pd.read_csv(f"{d}/2.0.2/{res}.csv", dtype=str, keep_default_na=False)
    if (df.page_id == pid).any():
        bad.append(f"{res} still has rows of the removed page")
    if res == "pages" and len(df) != 42:
        bad.append(f"pages: {len(df)} rows, expected 42")
if bad:
    sys.exit("FAIL: " + "\nFAIL: ".join(bad))
PY
echo "ok"
