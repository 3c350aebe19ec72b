#!/usr/bin/env python3
"""Cell exactness on pages rebuilt from the research text (tests/fixtures/rebuilt/,
kept apart from the extractor fixtures): every value cell's number, amount in
euros (the scale) and sign convention, typed by hand below from the page text,
against what odp-extract + odp-transform publish, and its row label.

Prints the share of exact cells; fails below 97 %, or when a table's value cells
lose their row labels. Cells this release does not get right are listed in
KNOWN with the reason, and still count as misses in the figure.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import odp_records  # noqa: E402

SRC = os.environ.get("ODP_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
DIR = os.path.join(SRC, "tests", "fixtures", "rebuilt")
N, P = "none_stated", "plus_is_disadvantage"

# page: (sign, [(row_label, row_path, col_label, value, amount_eur), ...]); None = no number
LISSE_COLS = ["Realisatie 2018", "Realisatie 2019", "Begroting 2020", "Begroting 2021", "Nederland"]
lisse = []
for label, vals in [
        ("Gemiddelde WOZ-waarde", ["258", "278", "220", "220", "248"]),
        ("Nieuwgebouwde woningen", ["15.22", "11.5", "7.9", "7.9", "9.2"]),
        ("Demografische druk", ["78", "79", "78", "78", "69.8"]),
        ("Omvang huishoudelijk restafval", ["46", None, "46", "46", "172"]),
        ("Hernieuwbare elektriciteit*", ["4.5", None, "3.4", "3.4", "18.5"]),
        ("Verwijzingen Halt", ["95", "116", "240", "240", "132"]),
        ("Winkeldiefstallen", ["1.8", None, "1", "1", "2.2"])]:
    for col, v in zip(LISSE_COLS, vals):
        lisse.append((label, "", col, v, None))  # indicators: no amount in euros

NK_COLS = ["Begroting 2018", "Begroting na wijziging 2018", "Rekening", "Verschil"]
nieuwkoop = []
for label, vals, amounts in [
        ("0.10 Mutaties reserves", ["0", "2815", "2755", "-59"], ["0", "2815000", "2755000", "-59000"]),
        ("0.3 Beheer overige gebouwen en gro", ["175", "205", "240", "35"],
         ["175000", "205000", "240000", "35000"]),
        ("3.1 Economische ontwikkeling", ["1064", "406", "339", "-67"],
         ["1064000", "406000", "339000", "-67000"]),
        ("3.2 Fysieke bedrijfsinfrastructuur", ["2235", "1710", "872", "-838"],
         ["2235000", "1710000", "872000", "-838000"]),
        ("3.3 Bedrijvenloket en bedrijfsrege", ["66", "66", "86", "20"],
         ["66000", "66000", "86000", "20000"]),
        ("3.4 Economische promotie", ["165", "318", "336", "18"], ["165000", "318000", "336000", "18000"]),
        ("5.5 Cultureel erfgoed", ["0", "1", "0", "-1"], ["0", "1000", "0", "-1000"]),
        ("5.7 Openbaar groen en (openlucht)", ["42", "27", "28", "1"], ["42000", "27000", "28000", "1000"]),
        ("8.1 Ruimtelijke Ordening", ["772", "744", "773", "29"], ["772000", "744000", "773000", "29000"]),
        ("8.2 Grondexploitatie (niet-bedrijv", ["17952", "18150", "28838", "10688"],
         ["17952000", "18150000", "28838000", "10688000"]),
        ("8.3 Wonen en bouwen", ["1105", "1322", "1775", "453"], ["1105000", "1322000", "1775000", "453000"])]:
    for col, v, a in zip(NK_COLS, vals, amounts):
        nieuwkoop.append((label, "1 Ruimtelijke ontwikkeling", col, v, a))
for col, v, a in zip(NK_COLS, ["23576", "25763", "36041", "10278"],
                     ["23576000", "25763000", "36041000", "10278000"]):
    nieuwkoop.append(("Subtotaal", "", col, v, a))

OSS_COLS = ["Begroting 2022 primitief", "Begroting 2022 na wijziging", "Rekening 2022", "Verschil"]
oss = []
for path, rows in [
        ("1 Bestuur en dienstverlening", [("Lasten", ["14210", "15002", "14876", "126"]),
                                          ("Baten", ["-3120", "-3340", "-3512", "172"]),
                                          ("Saldo", ["11090", "11662", "11364", "298"])]),
        ("2 Veiligheid", [("Lasten", ["9874", "10120", "10315", "-195"]),
                          ("Baten", ["-412", "-430", "-398", "-32"]),
                          ("Saldo", ["9462", "9690", "9917", "-227"])]),
        ("Totaal", [("Lasten", ["24084", "25122", "25191", "-69"]),
                    ("Baten", ["-3532", "-3770", "-3910", "140"]),
                    ("Saldo", ["20552", "21352", "21281", "71"])])]:
    for label, vals in rows:
        for col, v in zip(OSS_COLS, vals):
            oss.append((label, path, col, v, v + "000"))  # x 1.000: three zeros, by hand

balans = []
for label, col, v in [
        ("Kosten verbonden aan het sluiten van geldleningen en het saldo van agio en disagio",
         "31-12-2017", "129"),
        ("Kosten verbonden aan het sluiten van geldleningen en het saldo van agio en disagio",
         "31-12-2016", "137"),
        ("Kosten van onderzoek en ontwikkeling", "31-12-2017", "320"),
        ("Kosten van onderzoek en ontwikkeling", "31-12-2016", "362"),
        ("Bijdragen aan activa in eigendom van derden", "31-12-2017", "3021"),
        ("Bijdragen aan activa in eigendom van derden", "31-12-2016", "3166"),
        ("Sub-totaal", "31-12-2017", "3470"), ("Sub-totaal", "31-12-2016", "3665"),
        # the passiva side: its own labels in column 4
        ("Algemene reserve", "31-12-2017", "10059"), ("Algemene reserve", "31-12-2016", "15559"),
        ("Bestemmingsreserves", "31-12-2017", "62092"), ("Bestemmingsreserves", "31-12-2016", "60084"),
        ("Gerealiseerde resultaat", "31-12-2017", "4053"),
        ("Gerealiseerde resultaat", "31-12-2016", "1969"),
        ("Sub-totaal", "31-12-2017", "76204"), ("Sub-totaal", "31-12-2016", "77612")]:
    balans.append((label, "", col, v, v + "000"))

PAGES = {"lisse_2021_indicators": (2021, N, lisse),
         "nieuwkoop_2018_taakveld_stub": (2018, N, nieuwkoop),
         "oss_2022_programme_summary": (2022, P, oss),
         "deventer_2017_balans": (2017, N, balans)}

total = exact = labelled = 0
misses, lost_labels, wrong_labels = [], [], []
# Row labels this release gets wrong, known and why (fact ids as "NAME: FACT_ID"); listed so
# a fix shows up here. Empty: the balance's passiva, side by side with its activa, are
# labelled by their own column (extract's panels).
KNOWN_WRONG_LABELS = set()
for name, (year, sign, cells) in PAGES.items():
    r = odp_records.run([odp_records.fixture_source(name, DIR, year=year)])
    if name == "oss_2022_programme_summary":
        # by hand: 3 groups x 4 columns of Saldo = Lasten + Baten (baten printed negative,
        # also the Verschil column's 126 + 172 = 298), and 3 total rows x 4 columns against
        # the two programmes (14.210 + 9.874 = 24.084, ..., 298 + -227 = 71): all 24 hold
        st = sorted(c["status"] for c in r.get("checks", []))
        if st != ["holds"] * 24:
            misses.append(f"{name}: checks: expected 24 that hold, got {st}")
            total += 1
    facts = [f for f in r.get("facts", []) if f["status"] != "text" or f["value"]]
    used = set()
    for label, path, col, value, amount in cells:
        total += 1
        # the fact in that column whose value is the one printed, first by label
        cand = [f for f in facts if f["col_label"] == col and f["fact_id"] not in used]
        same_label = [f for f in cand if f["row_label"] == label and f["row_path"] == path]
        pick = next((f for f in same_label if f["value"] == value), None)
        if pick is None:
            pick = next((f for f in cand if f["value"] == value), None)
        if pick is None:
            misses.append(f"{name}: {path + ' > ' if path else ''}{label} / {col}: no fact with "
                          f"value {value!r}")
            continue
        used.add(pick["fact_id"])
        got = (pick["value"], pick["amount_eur"], pick["sign_convention"])
        want = (value, amount, sign)
        if got == want:
            exact += 1
        else:
            misses.append(f"{name}: {pick['fact_id']}: expected {want}, got {got}")
        if (pick["row_label"], pick["row_path"]) == (label, path):
            labelled += 1
        else:
            wrong_labels.append(f"{name}: {pick['fact_id']}: row {label!r} (path {path!r}), "
                                f"got {pick['row_label']!r} (path {pick['row_path']!r})")
        if not pick["row_label"]:
            lost_labels.append(pick["fact_id"])

share = 100.0 * exact / total if total else 0.0
for m in misses:
    print("miss:", m)
got_wrong = {w.split(": row ")[0] for w in wrong_labels}
for w in wrong_labels:
    print("wrong row label" + (" (known)" if w.split(": row ")[0] in KNOWN_WRONG_LABELS else "") +
          ":", w)
print(f"rebuilt pages: {exact} of {total} value cells exact ({share:.1f} %: value, amount in "
      f"euros, sign); {labelled} of {total} with their row label and path "
      f"({100.0 * labelled / total:.1f} %)")
unexpected = got_wrong - KNOWN_WRONG_LABELS
fixed = KNOWN_WRONG_LABELS - got_wrong
if fixed:
    print(f"known wrong labels now right, prune KNOWN_WRONG_LABELS: {sorted(fixed)}")
fail = total < 130 or share < 97.0 or lost_labels or unexpected or fixed
if lost_labels:
    print(f"value cells without a row label: {lost_labels[:5]}")
sys.exit(1 if fail else 0)
