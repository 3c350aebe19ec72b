#!/bin/bash
# Each release has {dataset}-{version}.xlsx for spreadsheet users, read back
# here with openpyxl (Debian's python3-openpyxl): a first sheet explaining the
# data with every column's description from the schemas, one sheet per
# resource with a frozen header row, numbers stored as numbers (seed 004's
# -1.000 is the number -1000, seed 002's 6,3 is 6.3), ids and codes as text;
# text a spreadsheet would take for a formula (= @ at the start) is a string
# cell, never a formula; a resource over the row limit is split over sheets with
# a note. The workbook is in SHA256SUMS and in the zip bundle. Each municipality's
# release has one; the national release (millions of rows at national scale)
# has none (README). Expected values are written by hand from the seed texts.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null || fail "python3-openpyxl is missing (scripts/install-deps.sh installs it)"
mkdir -p "$T/sites"
cp -r "$ODP_SRC/demo/sites/." "$T/sites/"
"$PY" "$ODP_SRC/tests/e2e/make_hostile_site.py" "$ODP_SRC" "$T/sites" "$T/hostile.json"
start_sites "$T/sites"
cd "$T"
"$ODP" run -q --pipeline "$ODP_SRC/pipelines/demo.json" --workdir work --portal portal "${RESOLVE[@]}" ||
    fail "odp run exited $?"
"$ODP" run -q --pipeline hostile.json --workdir hwork --portal hportal "${RESOLVE[@]}" ||
    fail "odp run of the hostile site exited $?"
# a row limit of 500 (a test hook) shows the split without a million rows
ODP_XLSX_MAX_ROWS=500 "$ODP_BUILD/odp-publish" -q --pipeline "$ODP_SRC/pipelines/demo.json" \
    --workdir work --portal small || fail "publish with a small row limit"
DEV=GM0150-deventer-pc-documenten
rel=portal/datasets/$DEV/2.0.0
x=$DEV-2.0.0.xlsx
grep -q "  $x\$" "$rel/SHA256SUMS" || fail "$x is not in SHA256SUMS"
"$PY" -c "import zipfile,sys; sys.exit('/$x' not in ''.join(zipfile.ZipFile('$rel/$DEV-2.0.0.zip').namelist()))" ||
    fail "$x is not in the zip bundle"
ls portal/datasets/nl-gemeenten-pc-documenten/2.0.0/*.xlsx 2>/dev/null && fail "the national release has a workbook"
"$PY" - portal/datasets "$ODP_SRC/schemas" hportal/datasets/GM9993-hostiel-pc-documenten/2.0.0 \
    small/datasets/$DEV/2.0.0 <<'PY'
import csv, json, os, sys, zipfile
import openpyxl
datasets, schemas, hostile, small = sys.argv[1:5]
failures = []
def check(what, expected, actual):
    if expected != actual:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")
def csv_rows(d, res):
    with open(os.path.join(d, res + ".csv"), newline="", encoding="utf-8") as f:
        return list(csv.reader(f))

RES = ["documents", "pages", "sections", "tables", "facts", "indicators", "budget_lines", "key_figures"]
workbooks = {}  # dataset: (release dir, workbook, {resource: sheet})
for ds in ("GM0150-deventer-pc-documenten", "GM0307-amersfoort-pc-documenten",
           "GM1509-oude-ijsselstreek-pc-documenten"):
    rel = os.path.join(datasets, ds, "2.0.0")
    wb = openpyxl.load_workbook(os.path.join(rel, f"{ds}-2.0.0.xlsx"))
    check(f"{ds} first sheet", "About", wb.sheetnames[0])
    check(f"{ds} resource sheets in order", RES, [s for s in wb.sheetnames if s in RES])
    sheets = {}
    for res in RES:
        ws = wb[res]
        check(f"{ds} {res} frozen header", "A2", ws.freeze_panes)
        rows = list(ws.iter_rows())
        want = csv_rows(rel, res)
        check(f"{ds} {res} header", want[0], [c.value for c in rows[0]])
        check(f"{ds} {res} rows", len(want), len(rows))
        sheets[res] = {"header": [c.value for c in rows[0]], "rows": rows[1:]}
    workbooks[ds] = (rel, wb, sheets)

def cell(ds, res, key, keyval, col):
    s = workbooks[ds][2][res]
    k, c = s["header"].index(key), s["header"].index(col)
    hits = [r[c] for r in s["rows"] if r[k].value == keyval]
    if len(hits) != 1:
        failures.append(f"{ds} {res} {keyval}: {len(hits)} rows")
        return None
    return hits[0]

def expect(ds, res, key, keyval, col, value, dtype):
    c = cell(ds, res, key, keyval, col)
    if c is not None:
        check(f"{res} {keyval} {col}", (value, dtype), (c.value, c.data_type))

D, A, O = ("GM0150-deventer-pc-documenten", "GM0307-amersfoort-pc-documenten",
           "GM1509-oude-ijsselstreek-pc-documenten")
P4 = "GM0150-perspectiefnota-2026/p23716-domein-dienstverlening"
P2 = "GM0307-begroting-2018/p412-bestuurlijke-ontwikkeling"
expect(D, "facts", "fact_id", P4 + "#t2/r5c4", "value", -1000, "n")
expect(D, "facts", "fact_id", P4 + "#t2/r5c4", "amount_eur", -1000000, "n")
expect(D, "facts", "fact_id", P4 + "#t2/r5c4", "raw", "-1.000", "s")
expect(D, "facts", "fact_id", P4 + "#t2/r5c4", "row_code", "22", "s")
expect(D, "facts", "fact_id", P4 + "#t2/r5c4", "period", 2026, "n")
expect(D, "facts", "fact_id", P4 + "#t2/r5c4", "scale", 1000, "n")
expect(D, "facts", "fact_id", P4 + "#t1/r3c6", "value", 0, "n")
expect(D, "facts", "fact_id", P4 + "#t1/r3c6", "raw", "-", "s")
expect(A, "facts", "fact_id", P2 + "#t1/r3c6", "value", 6.3, "n")
expect(A, "facts", "fact_id", P2 + "#t1/r3c6", "raw", "6,3", "s")
expect(A, "indicators", "fact_id", P2 + "#t1/r3c6", "value", 6.3, "n")
expect(D, "budget_lines", "fact_id", P4 + "#t2/r4c4", "programme", "1", "s")
expect(D, "budget_lines", "fact_id", P4 + "#t2/r4c4", "line_code", "21", "s")
expect(D, "budget_lines", "fact_id", P4 + "#t2/r4c4", "amount_eur", -132000, "n")
expect(O, "documents", "document_id", "GM1509-begroting-2021", "cbs_code", "GM1509", "s")
expect(O, "documents", "document_id", "GM1509-begroting-2021", "year", 2021, "n")
c = cell(O, "documents", "document_id", "GM1509-begroting-2021", "seq")
check("an absent seq is an empty cell", None, c.value if c is not None else "missing")
expect(D, "key_figures", "raw", "€ 9.153", "amount_eur", 9153000, "n")
expect(D, "key_figures", "raw", "€ 9.153", "total_eur", 434408000, "n")

rel, wb, sheets = workbooks[D]
# the About sheet: what the data is, and every column's description from the schemas
about = [tuple(c.value for c in r) for r in wb["About"].iter_rows()]
check("About names the dataset", ("Id", D), about[1][:2])
check("About names the version", ("Version", "2.0.0"), about[2][:2])
for res in RES:
    schema = json.load(open(os.path.join(schemas, res + ".schema.json")))
    for col, p in schema["properties"].items():
        row = (res, f"{col}: {p['description']}", p["x-table-type"])
        if not any(r[:3] == row for r in about):
            failures.append(f"About lacks the description of {res}.{col}")
pkg = json.load(open(os.path.join(rel, "datapackage.json")))
check("created is the data's time", pkg["created"].replace("T", " ").rstrip("Z"),
      str(wb.properties.created))

# hostile text: string cells, never formulas
hw = openpyxl.load_workbook(os.path.join(hostile, "GM9993-hostiel-pc-documenten-2.0.0.xlsx"))
ws = hw["facts"]
hdr = [c.value for c in next(ws.iter_rows())]
labels = {r[hdr.index("row_label")].value: r[hdr.index("row_label")].data_type for r in ws.iter_rows(min_row=2)}
for text in ('=HYPERLINK("http://evil.example/","klik")', '@SUM(1+1)"><img src=x onerror=alert(1)>'):
    check(f"hostile cell {text}", "s", labels.get(text))
with zipfile.ZipFile(os.path.join(hostile, "GM9993-hostiel-pc-documenten-2.0.0.xlsx")) as z:
    for n in z.namelist():
        if n.startswith("xl/worksheets/") and b"<f>" in z.read(n):
            failures.append(f"{n} holds a formula")

# over the row limit (500 here): split over sheets, in order, with a note;
# Deventer's facts (seed 004's 28 and the whole begroting's) are 501-1000 rows
sw = openpyxl.load_workbook(os.path.join(small, "GM0150-deventer-pc-documenten-2.0.0.xlsx"))
facts = csv_rows(small, "facts")
parts = [s for s in sw.sheetnames if s == "facts" or s.startswith("facts (")]
check("facts rows between 501 and 1000", True, 500 < len(facts) - 1 <= 1000)
check("facts split over", ["facts", "facts (2)"], parts)  # 500 + the rest
got = []
for s in parts:
    rows = [[("" if c.value is None else c.value) for c in r] for r in sw[s].iter_rows()]
    check(f"{s} header", facts[0], rows[0])
    got += [r[0] for r in rows[1:]]
check("split rows in order", [r[0] for r in facts[1:]], got)
notes = [r[1] for r in sw["About"].iter_rows(values_only=True) if r[1] and "split over the sheets" in str(r[1])]
check("a note on the split", 1, sum(1 for n in notes if n.startswith(f"facts has {len(facts) - 1} rows")))

if failures:
    print("\n".join("FAIL: " + f for f in failures), file=sys.stderr)
    sys.exit(1)
print("workbook: types, seed values, descriptions, hostile text and the split hold")
PY
echo "ok"
