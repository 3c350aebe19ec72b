#!/usr/bin/env python3
"""The table shapes of issue 17, published as a reader of the page would write
them: stub columns (row label, row path, programme), the table's own evidence
over the heading above it, the nearer legend, values with a period or unit in
the cell, header widgets labelled in attributes, and checks that add like with
like. Every expected value is typed from the fixture's text (the sums are
worked out in the comments), never taken from odp's output.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import odp_records  # noqa: E402

SRC = os.environ.get("ODP_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(SRC, "tests", "fixtures", "extract")
failures = []


def check(what, expected, actual):
    if expected != actual:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")


def run(name, year=2025):
    r = odp_records.run([odp_records.fixture_source(name, FIX, year=year)])
    check(f"{name} quarantine", [], r.get("_quarantine", []))
    # the page key of a p-id URL /p1/{slug} (DATA-CONTRACT.md §5): p1-{slug}
    page = f"GM0150-begroting-{year}/p1-{name.replace('_', '-')}"
    return r, page


def by(records, key):
    return {x[key]: x for x in records}


H, O, N = "holds", "off", "not_checkable"

# ---- 1 and 6: stub columns, checks of programmes x lasten/baten/saldo ----
r, page = run("stub_programmes_td_rowspan")
facts = by(r["facts"], "fact_id")
lines = by(r["budget_lines"], "fact_id")
F = ("row_label", "row_path", "col_label", "raw", "value", "scale", "amount_eur")
for cell, want in {
    "#t1/r2c3": ("Lasten", "1 Veiligheid", "Begroting 2025", "10.000", "10000", 1000, "10000000"),
    "#t1/r6c4": ("Baten", "2 Verkeer en vervoer", "Begroting 2026", "-1.100", "-1100", 1000,
                 "-1100000"),
    "#t1/r10c4": ("Saldo", "Totaal programma's", "Begroting 2026", "12.600", "12600", 1000,
                  "12600000"),
}.items():
    f = facts.get(page + cell)
    check(f"stub fact {cell}", want, f and tuple(f[k] for k in F))
# the stub cells are labels: a text fact each, never a number in a column named "Programma"
check("stub label cell", ("text", "other"),
      facts.get(page + "#t1/r2c2") and (facts[page + "#t1/r2c2"]["status"],
                                        facts[page + "#t1/r2c2"]["measure"]))
L = ("line_label", "programme", "line_group", "period", "amount_eur")
for cell, want in {
    "#t1/r2c3": ("Lasten", "1", "lasten", 2025, "10000000"),
    "#t1/r6c3": ("Baten", "2", "baten", 2025, "-1000000"),
    "#t1/r7c4": ("Saldo", "2", "saldo", 2026, "4100000"),
    # the total group names no programme
    "#t1/r8c3": ("Lasten", None, "lasten", 2025, "15000000"),
}.items():
    b = lines.get(page + cell)
    check(f"stub budget line {cell}", want, b and tuple(b[k] for k in L))
# Saldo = Lasten + Baten (baten printed negative) within each group:
# 10.000 + -2.000 = 8.000; 10.500 + -2.100 = 8.400; 5.000 + -1.000 = 4.000; 5.200 + -1.100 =
# 4.100; totaal 15.000 + -3.000 = 12.000; 15.800 + -3.200 = 12.600.
# The total group against the programmes, like with like: Lasten 10.000 + 5.000 = 15.000;
# 10.500 + 5.200 = 15.700, stated 15.800: off by 100. Baten -2.000 + -1.000 = -3.000;
# -2.100 + -1.100 = -3.200. Saldo 8.000 + 4.000 = 12.000; 8.400 + 4.100 = 12.500, stated
# 12.600: off by 100.
expected = {
    "#t1/r4c3/saldo-row": ("saldo", "8000", "8000", "0", H),
    "#t1/r4c4/saldo-row": ("saldo", "8400", "8400", "0", H),
    "#t1/r7c3/saldo-row": ("saldo", "4000", "4000", "0", H),
    "#t1/r7c4/saldo-row": ("saldo", "4100", "4100", "0", H),
    "#t1/r10c3/saldo-row": ("saldo", "12000", "12000", "0", H),
    "#t1/r10c4/saldo-row": ("saldo", "12600", "12600", "0", H),
    "#t1/r8c3/total-group": ("total", "15000", "15000", "0", H),
    "#t1/r8c4/total-group": ("total", "15800", "15700", "100", O),
    "#t1/r9c3/total-group": ("total", "-3000", "-3000", "0", H),
    "#t1/r9c4/total-group": ("total", "-3200", "-3200", "0", H),
    "#t1/r10c3/total-group": ("total", "12000", "12000", "0", H),
    "#t1/r10c4/total-group": ("total", "12600", "12500", "100", O),
}
got = {c["check_id"][len(page):]: c for c in r.get("checks", [])}
check("stub check ids", sorted(expected), sorted(got))
for cid, want in expected.items():
    c = got.get(cid)
    check(f"stub check {cid}", want, c and (c["kind"], c["stated_value"], c["computed_value"],
                                            c["difference"], c["status"]))
c = got.get("#t1/r8c4/total-group")
check("stub total rule", "Totaal programma's > Lasten (row 8) = 1 Veiligheid > Lasten (row 2) + "
      "2 Verkeer en vervoer > Lasten (row 5), column \"Begroting 2026\"", c and c["rule"])
check("stub total cells", f"{page}#t1/r2c4 {page}#t1/r5c4", c and c["fact_ids"])
c = got.get("#t1/r4c3/saldo-row")
check("stub saldo rule", "1 Veiligheid > Saldo (row 4) = 1 Veiligheid > Lasten (row 2) + "
      "1 Veiligheid > Baten (row 3), column \"Begroting 2025\"", c and c["rule"])

r, page = run("stub_taakvelden_th_scope")
facts = by(r["facts"], "fact_id")
f = facts.get(page + "#t1/r3c3")
check("th stub fact", ("Baten", "2.1 Verkeer en vervoer", "123", "123000"),
      f and (f["row_label"], f["row_path"], f["raw"], f["amount_eur"]))
f = facts.get(page + "#t2/r6c4")
check("th stub fact t2", ("Baten", "4 Onderwijs", "2026", "1.150"),
      f and (f["row_label"], f["row_path"], f["col_label"], f["raw"]))
lines = by(r["budget_lines"], "fact_id")
b = lines.get(page + "#t2/r5c3")
check("th stub programme", ("Lasten", "4", "lasten"),
      b and (b["line_label"], b["programme"], b["line_group"]))
# a taakveld is no programme
b = lines.get(page + "#t1/r2c3")
check("taakveld is no programme", ("Lasten", None), b and (b["line_label"], b["programme"]))
# Totaal: lasten 3.456 + 789 = 4.245, 3.500 + 800 = 4.300; baten 123 + 1.012 = 1.135,
# 130 + 1.050 = 1.180. Table 2: baten and lasten positive, saldo = baten - lasten:
# 600 - 2.400 = -1.800; 610 - 2.450 = -1.840; 1.100 - 7.100 = -6.000; 1.150 - 7.200 = -6.050.
expected = {
    "#t1/r6c3/total-group": ("total", "4245", "4245", "0", H),
    "#t1/r6c4/total-group": ("total", "4300", "4300", "0", H),
    "#t1/r7c3/total-group": ("total", "1135", "1135", "0", H),
    "#t1/r7c4/total-group": ("total", "1180", "1180", "0", H),
    "#t2/r4c3/saldo-row": ("saldo", "-1800", "-1800", "0", H),
    "#t2/r4c4/saldo-row": ("saldo", "-1840", "-1840", "0", H),
    "#t2/r7c3/saldo-row": ("saldo", "-6000", "-6000", "0", H),
    "#t2/r7c4/saldo-row": ("saldo", "-6050", "-6050", "0", H),
}
got = {c["check_id"][len(page):]: c for c in r.get("checks", [])}
check("th stub check ids", sorted(expected), sorted(got))
for cid, want in expected.items():
    c = got.get(cid)
    check(f"th stub check {cid}", want, c and (c["kind"], c["stated_value"], c["computed_value"],
                                               c["difference"], c["status"]))
check("no check is off without a stated rule", [],
      [c["check_id"] for c in r.get("checks", []) if c["status"] == "off" and "row" not in c["rule"]])

# ---- 2: the table's own evidence over the heading ----
r, page = run("evidence_money_table_under_indicator_heading")
tables = by(r["tables"], "table_id")
T = ("kind", "scale", "unit", "scale_source")
for t, want in {"#t1": ("budget", 1000, "EUR", "caption"),
                "#t2": ("budget", 1000, "EUR", "legend_row"),
                "#t3": ("budget", 1, "EUR", "none_stated"),
                "#t4": ("indicator", None, None, None)}.items():
    x = tables.get(page + t)
    check(f"evidence table {t}", want, x and tuple(x.get(k) for k in T))
facts = by(r["facts"], "fact_id")
for cell, want in {"#t1/r2c2": ("€ 12.345", "12345", "EUR", 1000, "12345000"),
                   "#t1/r4c3": ("€ -10.100", "-10100", "EUR", 1000, "-10100000"),
                   "#t2/r3c3": ("€ 810", "810", "EUR", 1000, "810000"),
                   "#t3/r2c2": ("€ 45.600", "45600", "EUR", 1, "45600"),
                   "#t4/r2c3": ("712,3", "712.3", None, None, None)}.items():
    f = facts.get(page + cell)
    check(f"evidence fact {cell}", want,
          f and (f["raw"], f["value"], f["unit"], f["scale"], f["amount_eur"]))
b = by(r["budget_lines"], "fact_id").get(page + "#t2/r4c2")
check("evidence budget line", ("Baten", "baten", 2025, "200000"),
      b and (b["line_label"], b["line_group"], b["period"], b["amount_eur"]))

# ---- 3: legend scope ----
r, page = run("legend_scope_whole_euros_later_table")
tables = by(r["tables"], "table_id")
for t, want in {"#t1": (1000, "paragraph_before"), "#t2": (1, "paragraph_before"),
                "#t3": (1000, "section_legend"), "#t4": (1, "heading"),
                "#t5": (1, "caption")}.items():
    x = tables.get(page + t)
    check(f"legend scope {t}", want, x and (x["scale"], x.get("scale_source")))
facts = by(r["facts"], "fact_id")
for cell, want in {"#t1/r2c2": "1250000", "#t2/r2c2": "245300", "#t3/r2c3": "91000",
                   "#t4/r2c2": "500000", "#t5/r2c2": "77.85"}.items():
    f = facts.get(page + cell)
    check(f"legend scope amount {cell}", want, f and f["amount_eur"])

# ---- 4: values with a period or unit in the cell ----
r, page = run("values_with_period_and_unit")
facts = by(r["facts"], "fact_id")
for cell, want in {"#t1/r2c3": ("€ 702 (2020)", "702", "ok", 2020, "EUR"),
                   "#t1/r2c4": ("2019: € 248", "248", "ok", 2019, "EUR"),
                   "#t1/r3c3": ("2019: 38 %", "38", "ok", 2019, "%"),
                   "#t1/r3c4": ("2019: 18,6 %", "18.6", "ok", 2019, "%"),
                   "#t1/r4c3": ("2020: 160 kg", "160", "ok", 2020, "kg"),
                   "#t1/r4c4": ("Nederland 2020: 1.234 ton", "1234", "ok", 2020, "ton")}.items():
    f = facts.get(page + cell)
    check(f"value {cell}", want, f and (f["raw"], f["value"], f["status"], f["period"], f["unit"]))
inds = by(r["indicators"], "fact_id")
i = inds.get(page + "#t1/r4c4")
check("value indicator", ("Fijn huishoudelijk restafval", "nederland", 2020, "1234"),
      i and (i["indicator_name"], i["series"], i["period"], i["value"]))

# ---- 5: header widget labelled in attributes ----
r, page = run("widget_labels_in_attributes")
k = [(x["label"], x["amount_eur"], x["share_pct"], x["total_eur"], x["scale"])
     for x in r.get("key_figures", [])]
check("widget from attributes", [("lasten", "5857597", "5.7", None, 1),
                                 ("baten", "493729", "0.5", None, 1)], k)

for f in failures:
    print(f)
print(f"table_shapes_by_hand: {'FAIL' if failures else 'ok'} ({len(failures)} failures)")
sys.exit(1 if failures else 0)
