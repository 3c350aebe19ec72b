#!/usr/bin/env python3
"""The checks dataset: each sum a table states about itself, checked exactly.

Every expected number below is worked out by hand from the fixture's cells
(the sums are written out in the comments), never taken from odp's output.
A check that should not exist must not: each fixture's set of check_ids is
compared whole.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import odp_records  # noqa: E402

SRC = os.environ.get("ODP_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(SRC, "tests", "fixtures", "extract")
OWN = os.path.join(SRC, "tests", "transform", "fixtures")
failures = []


def check(what, expected, actual):
    if expected != actual:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")


# fixture -> (fixtures dir, document year, {check_id suffix: (kind, stated, computed, diff, status)})
H, O, N = "holds", "off", "not_checkable"
cases = {
    # Leiden: baten printed negative, so Saldo = Lasten + Baten.
    # group 1: 0 + -62.455 = -62.455 ...; group 2: 689 + -285.548 = -284.859 (Begroting 2021)
    "leiden_2022_meerjarenraming_groups": (FIX, 2022, {
        "#t1/r6c2/saldo-row": ("saldo", "-62455", "-62455", "0", H),
        "#t1/r6c3/saldo-row": ("saldo", "-64335", "-64335", "0", H),
        "#t1/r6c4/saldo-row": ("saldo", "-59609", "-59609", "0", H),
        "#t1/r6c5/saldo-row": ("saldo", "-60220", "-60220", "0", H),
        "#t1/r6c6/saldo-row": ("saldo", "-60793", "-60793", "0", H),
        "#t1/r6c7/saldo-row": ("saldo", "-60793", "-60793", "0", H),
        "#t1/r10c2/saldo-row": ("saldo", "-286875", "-286875", "0", H),  # 0 - 286.875
        "#t1/r10c3/saldo-row": ("saldo", "-284859", "-284859", "0", H),  # 689 - 285.548
        "#t1/r10c4/saldo-row": ("saldo", "-293450", "-293450", "0", H),  # 241 - 293.691
        "#t1/r10c5/saldo-row": ("saldo", "-292357", "-292357", "0", H),  # 435 - 292.792
        "#t1/r10c6/saldo-row": ("saldo", "-296184", "-296184", "0", H),  # 449 - 296.633
        "#t1/r10c7/saldo-row": ("saldo", "-301224", "-301224", "0", H),  # 421 - 301.645
    }),
    # Zaanstad voorjaarsnota: (A) = rows 1 + 2 (row 1 "Totaal saldo begroting 2025" has nothing
    # above it: an opening figure, not a claim); 2025: 0 + 3.973 = 3.973, later years row 2 empty.
    # (B) = rows 3..5: 2025: 553 - 869 + 0 = -316, stated -937, off by -621;
    # 2026: -3.219 - 825 - 7.730 = -11.774, stated 10.077, off by 21.851;
    # 2027: -2.376 - 1.367 - 7.730 = -11.473 (off 25.794); 2028: 76 - 1.889 - 7.730 = -9.543
    # (off 29.424); 2029: -2.971 - 2.721 - 7.730 = -13.422 (off 31.646). The fixture keeps only
    # three of the real table's rows, so the source as cut does not add up, and that is reported.
    "zaanstad_2025_voorjaarsnota_numbered": (FIX, 2025, {
        "#t1/r4c3/total": ("total", "3973", "3973", "0", H),
        "#t1/r4c4/total": ("total", "18708", "18708", "0", H),
        "#t1/r4c5/total": ("total", "17333", "17333", "0", H),
        "#t1/r4c6/total": ("total", "18458", "18458", "0", H),
        "#t1/r4c7/total": ("total", "22192", "22192", "0", H),
        "#t1/r9c3/total": ("total", "-937", "-316", "-621", O),
        "#t1/r9c4/total": ("total", "10077", "-11774", "21851", O),
        "#t1/r9c5/total": ("total", "14321", "-11473", "25794", O),
        "#t1/r9c6/total": ("total", "19881", "-9543", "29424", O),
        "#t1/r9c7/total": ("total", "18224", "-13422", "31646", O),
    }),
    # Zaanstad najaarsnota: Subtotaal journaal = row 8; Saldo 2025 = 153 + -1.658 = -1.505
    "zaanstad_2025_najaarsnota_section_legend": (FIX, 2025, {
        "#t1/r3c3/total": ("total", "153", "153", "0", H),
        "#t1/r3c4/total": ("total", "-1658", "-1658", "0", H),
        "#t1/r3c5/total": ("total", "-1505", "-1505", "0", H),
        "#t1/r2c5/saldo-col": ("saldo", "-1505", "-1505", "0", H),
        "#t1/r3c5/saldo-col": ("saldo", "-1505", "-1505", "0", H),
    }),
    # Den Haag reserves: the unlabelled last row is the total; "-" counts as 0.
    # t2: 8.993 + 8.970 = 17.963; 3.400 + "-" = 3.400; 4.429 + 1.993 = 6.422; 7.964 + 6.977 = 14.941
    "denhaag_2018_reserves_split_headers": (FIX, 2018, {
        "#t1/r5c3/total": ("total", "6000", "6000", "0", H),
        "#t1/r5c4/total": ("total", "0", "0", "0", H),
        "#t1/r5c5/total": ("total", "6000", "6000", "0", H),
        "#t1/r5c6/total": ("total", "1000", "1000", "0", H),
        "#t1/r5c7/total": ("total", "500", "500", "0", H),
        "#t1/r5c8/total": ("total", "6500", "6500", "0", H),
        "#t2/r6c3/total": ("total", "17963", "17963", "0", H),
        "#t2/r6c4/total": ("total", "0", "0", "0", H),
        "#t2/r6c5/total": ("total", "17963", "17963", "0", H),
        "#t2/r6c6/total": ("total", "3400", "3400", "0", H),
        "#t2/r6c7/total": ("total", "6422", "6422", "0", H),
        "#t2/r6c8/total": ("total", "14941", "14941", "0", H),
    }),
    # Nieuwegein: full euros, lasten and baten positive, saldo = baten - lasten;
    # 0.2: 1.344.900 - 2.559.100 = -1.214.200; 0.64: 1.108.600 - 1.509.800 = -401.200
    "nieuwegein_2018_full_euros_taakveld": (FIX, 2018, {
        "#t1/r3c5/saldo-col": ("saldo", "-2823800", "-2823800", "0", H),
        "#t1/r4c5/saldo-col": ("saldo", "0", "0", "0", H),
        "#t1/r5c5/saldo-col": ("saldo", "-1214200", "-1214200", "0", H),
        "#t1/r6c5/saldo-col": ("saldo", "11697400", "11697400", "0", H),
        "#t1/r7c5/saldo-col": ("saldo", "-401200", "-401200", "0", H),
        "#t1/r8c5/saldo-col": ("saldo", "82188900", "82188900", "0", H),
    }),
    # Deventer perspectiefnota: "Totaal autonome ontwikkelingen" -944 over one row of -240
    # (the fixture quotes only that row): off by -944 - -240 = -704 in each year.
    "perspectiefnota_deventer_2026_legend_cells": (FIX, 2026, {
        f"#t2/r4c{c}/total": ("total", "-944", "-240", "-704", O) for c in (3, 4, 5, 6)}),
    # Deventer jaarverslag 2016 widget: Verschil = Begroot - Rekening.
    # 18.679 - 18.142 = 537 holds; -6.718 - -3.531 = -3.187, stated -3.188: off by -1.
    # No table on the page: the four amounts cannot be checked against one.
    "widget_deventer_jaarverslag_2016_triple": (FIX, 2016, {
        "#k1/widget_vs_table": ("widget_vs_table", "18679", None, None, N),
        "#k2/widget_vs_table": ("widget_vs_table", "18142", None, None, N),
        "#k3/verschil": ("other", "537", "537", "0", H),
        "#k4/widget_vs_table": ("widget_vs_table", "-6718", None, None, N),
        "#k5/widget_vs_table": ("widget_vs_table", "-3531", None, None, N),
        "#k6/verschil": ("other", "-3188", "-3187", "-1", O),
    }),
    # Constructed: widget (x EUR 1.000) against the table's Begroting 2019 column, in euros.
    # lasten 14.857.000 = 14.857.000; baten 86.287.000 vs 86.278.000: off by 9.000.
    # Saldo = baten - lasten: 86.000 - 14.100 = 71.900; 86.100 - 14.600 = 71.500;
    # 86.278 - 14.857 = 71.421; 86.300 - 14.900 = 71.400, stated 71.401: off by 1.
    "widget_and_table_tiel_2019": (OWN, 2019, {
        "#t1/r4c2/saldo-row": ("saldo", "71900", "71900", "0", H),
        "#t1/r4c3/saldo-row": ("saldo", "71500", "71500", "0", H),
        "#t1/r4c4/saldo-row": ("saldo", "71421", "71421", "0", H),
        "#t1/r4c5/saldo-row": ("saldo", "71401", "71400", "1", O),
        "#k1/widget_vs_table": ("widget_vs_table", "14857000", "14857000", "0", H),
        "#k2/widget_vs_table": ("widget_vs_table", "86287000", "86278000", "9000", O),
    }),
    # Groningen's tree: 01 = 01.1 + 01.2, each subprogramme = its Lasten - Baten (net cost).
    # 01, 2019: 52.328 + 41.495 = 93.823; 2020: 51.244 + 37.687 = 88.931; 2021: 49.837 + 35.795
    # = 85.632; 2022: 48.835 + 35.762 = 84.597. 01.1: 61.149 - 8.821 = 52.328; 60.165 - 8.921 =
    # 51.244; 58.857 - 9.021 = 49.836 (stated 49.837: off by 1); 57.855 - 9.021 = 48.834 (48.835).
    # 01.2: 197.184 - 155.690 = 41.494 (41.495); 194.268 - 156.582 = 37.686 (37.687);
    # 192.677 - 156.882 = 35.795; 192.644 - 156.882 = 35.762. 02 over 02.4 alone (the fixture
    # keeps one of its subprogrammes): -21.682 vs -26.486, off by 4.804; -2.762 vs -7.699 (4.937);
    # 19.996 vs 14.872 (5.124); 24.772 vs 19.681 (5.091). 02.4: 22.292 - 48.778 = -26.486;
    # 24.883 - 32.583 = -7.700 (stated -7.699: off by 1); 25.858 - 10.986 = 14.872;
    # 25.860 - 6.179 = 19.681.
    "groningen_2019_deelprogramma_tree": (FIX, 2019, {
        "#t1/r2c2/total-tree": ("total", "93823", "93823", "0", H),
        "#t1/r2c3/total-tree": ("total", "88931", "88931", "0", H),
        "#t1/r2c4/total-tree": ("total", "85632", "85632", "0", H),
        "#t1/r2c5/total-tree": ("total", "84597", "84597", "0", H),
        "#t1/r3c2/saldo-tree": ("saldo", "52328", "52328", "0", H),
        "#t1/r3c3/saldo-tree": ("saldo", "51244", "51244", "0", H),
        "#t1/r3c4/saldo-tree": ("saldo", "49837", "49836", "1", O),
        "#t1/r3c5/saldo-tree": ("saldo", "48835", "48834", "1", O),
        "#t1/r6c2/saldo-tree": ("saldo", "41495", "41494", "1", O),
        "#t1/r6c3/saldo-tree": ("saldo", "37687", "37686", "1", O),
        "#t1/r6c4/saldo-tree": ("saldo", "35795", "35795", "0", H),
        "#t1/r6c5/saldo-tree": ("saldo", "35762", "35762", "0", H),
        "#t1/r9c2/total-tree": ("total", "-21682", "-26486", "4804", O),
        "#t1/r9c3/total-tree": ("total", "-2762", "-7699", "4937", O),
        "#t1/r9c4/total-tree": ("total", "19996", "14872", "5124", O),
        "#t1/r9c5/total-tree": ("total", "24772", "19681", "5091", O),
        "#t1/r10c2/saldo-tree": ("saldo", "-26486", "-26486", "0", H),
        "#t1/r10c3/saldo-tree": ("saldo", "-7699", "-7700", "1", O),
        "#t1/r10c4/saldo-tree": ("saldo", "14872", "14872", "0", H),
        "#t1/r10c5/saldo-tree": ("saldo", "19681", "19681", "0", H),
    }),
}

# Drimmelen (trailing minus): lasten printed negative, so saldo = baten + lasten.
# Burger en Bestuur, primitief: 329 + -4.977 = -4.648, stated -4.649: off by -1 (rounding in the
# source, reported as it is); bijgesteld: 329 + -5.230 = -4.901, stated -4.900: off by 1.
# Subtotaal programma's sums rows 1, 2 and 4 of the fixture (3 and 5 are not in it):
# baten 329 + 3.040 + 4.407 = 7.776, stated 15.350: off by 7.574.
drimmelen = {
    "#t1/r3c4/saldo-col": ("saldo", "-4649", "-4648", "-1", O),
    "#t1/r3c7/saldo-col": ("saldo", "-4900", "-4901", "1", O),
    "#t1/r3c10/saldo-col": ("saldo", "-4390", "-4390", "0", H),  # 739 - 5.129
    "#t1/r9c4/saldo-col": ("saldo", "46", "46", "0", H),  # dividend 46, lasten "-"
    "#t1/r10c4/saldo-col": ("saldo", "-127", "-127", "0", H),  # "-" + 127-
    "#t1/r6c2/total": ("total", "15350", "7776", "7574", O),
    "#t1/r6c3/total": ("total", "-48949", "-38946", "-10003", O),  # -4.977 - 7.978 - 25.991
}

for name, (d, year, expected) in cases.items():
    r = odp_records.run([odp_records.fixture_source(name, d, year=year)])
    page = f"GM0150-begroting-{year}/p1-{name.replace('_', '-')}"
    got = {c["check_id"][len(page):]: c for c in r.get("checks", [])}
    check(f"{name} check ids", sorted(expected), sorted(got))
    for cid, (kind, stated, computed, diff, status) in expected.items():
        c = got.get(cid)
        if not c:
            continue
        check(f"{name}{cid}", (kind, stated, computed, diff, status),
              (c["kind"], c["stated_value"], c["computed_value"], c["difference"], c["status"]))
    check(f"{name} quarantine", [], r.get("_quarantine", []))

r = odp_records.run([odp_records.fixture_source("drimmelen_2021_trailing_minus", FIX, year=2021)])
page = "GM0150-begroting-2021/p1-drimmelen-2021-trailing-minus"
got = {c["check_id"][len(page):]: c for c in r["checks"]}
for cid, exp in drimmelen.items():
    c = got.get(cid)
    check(f"drimmelen{cid}", exp, c and (c["kind"], c["stated_value"], c["computed_value"],
                                         c["difference"], c["status"]))
# 9 columns x Subtotaal, and 3 measures x 7 rows of saldo columns (the group row has none)
check("drimmelen check count", 9 + 21, len(r["checks"]))
c = got["#t1/r3c4/saldo-col"]
check("drimmelen saldo cells used", f"{page}#t1/r3c3 {page}#t1/r3c2", c["fact_ids"])
check("drimmelen saldo stated cell", f"{page}#t1/r3c4", c["stated_fact_id"])
# the rule names the columns and the row, so a steward can redo it by hand
check("drimmelen saldo rule", '"Primitieve begroting > Saldo" = "Primitieve begroting > Lasten" + '
      '"Primitieve begroting > Baten", in 1 Burger en Bestuur (row 3)', c["rule"])
c = got["#t1/r6c2/total"]
check("drimmelen total cells used", " ".join(f"{page}#t1/r{r}c2" for r in (3, 4, 5)), c["fact_ids"])
st = r["_status"][0]["checks"]
check("drimmelen run report counts", {"holds": 14, "off": 16, "not_checkable": 0}, st)

# seed 001 (demo site): a widget with no budget table on the page: two checks, not checkable
seed = os.path.join(SRC, "demo", "sites", "deventer.begroting-2025.nl", "p21636",
                    "burger-en-bestuur.html")
r = odp_records.run([{"id": "deventer-begroting-2025", "cbs_code": "GM0150",
                      "municipality": "Deventer", "doc_type": "begroting", "year": 2025,
                      "url": "http://deventer.begroting-2025.nl/",
                      "pages": [("http://deventer.begroting-2025.nl/p21636/burger-en-bestuur", seed)]}])
check("seed 001 checks", [
    ("GM0150-begroting-2025/p21636-burger-en-bestuur#k1/widget_vs_table", "9153000", N),
    ("GM0150-begroting-2025/p21636-burger-en-bestuur#k2/widget_vs_table", "1289000", N)],
    [(c["check_id"], c["stated_value"], c["status"]) for c in r["checks"]])

if failures:
    print("\n".join("FAIL: " + f for f in failures), file=sys.stderr)
    sys.exit(1)
print("checks: every expected check holds, is off by the hand-computed amount, or is not checkable")
