#!/usr/bin/env python3
"""Check a published release against the seed pages' values.

Every expected value below is written by hand from the seed texts in
shared/seeds/ (and the markup decisions in demo/sites/README.md); none is
produced by odp. Reads the release's CSV files with the standard library only.

usage: check_seeds.py [--municipality GM0150] RELEASE_DIR
"""
import csv
import hashlib
import json
import os
import sys

args = sys.argv[1:]
only = None
if args and args[0] == "--municipality":
    only, args = args[1], args[2:]
rel = args[0]
failures = []


def load(name):
    # a table, or (the national release) its parts per municipality in CBS order
    part_dir = os.path.join(rel, name)
    files = ([os.path.join(part_dir, p) for p in sorted(os.listdir(part_dir)) if p.endswith(".csv")]
             if os.path.isdir(part_dir) else [os.path.join(rel, name + ".csv")])
    rows = []
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            rows += list(csv.DictReader(f))
    return rows


def check(what, expected, actual):
    if expected != actual:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")


def want(gm):
    return only is None or only == gm


documents = {d["document_id"]: d for d in load("documents")}
pages = {p["page_id"]: p for p in load("pages")}
sections = load("sections")
tables = {t["table_id"]: t for t in load("tables")}
facts = {f["fact_id"]: f for f in load("facts")}
budget = load("budget_lines")
indicators = load("indicators")
keyfig = load("key_figures")

# documents: one per source of the municipality / pipeline
exp_docs = {
    "GM0150-jaarverslag-2015", "GM0150-begroting-2025", "GM0150-perspectiefnota-2026",
    "GM0307-begroting-2018", "GM1509-begroting-2021"}
check("documents", {d for d in exp_docs if want(d[:6])}, set(documents))

# datapackage: every resource's bytes and hash match the file
pkg = json.load(open(os.path.join(rel, "datapackage.json")))
sums = dict(reversed(l.split("  ", 1)) for l in open(os.path.join(rel, "SHA256SUMS")).read().split("\n") if l)
for r in pkg["resources"]:
    if isinstance(r["path"], list):  # parts: each in SHA256SUMS, in CBS order
        check(r["name"] + " parts in order", sorted(r["path"]), r["path"])
        for part in r["path"]:
            data = open(os.path.join(rel, part), "rb").read()
            check(part + " hash", sums.get(part), hashlib.sha256(data).hexdigest())
        continue
    data = open(os.path.join(rel, r["path"]), "rb").read()
    check(r["name"] + " bytes", len(data), r["bytes"])
    check(r["name"] + " hash", "sha256:" + hashlib.sha256(data).hexdigest(), r["hash"])
check("version", "2.0.0", pkg["version"])

if want("GM0150"):
    # --- seed 004: Deventer perspectiefnota 2026, "Nieuw beleid" tables ---
    doc = "GM0150-perspectiefnota-2026"
    check("seed 004 pdf link (backslashes normalised)",
          "http://deventer2026.perspectiefnota.nl/assets/docs/Perspectiefnota_2026.pdf",
          documents[doc]["pdf_url"])
    check("seed 004 platform", "pid", documents[doc]["platform"])
    page = doc + "/p23716-domein-dienstverlening"
    check("seed 004 page title", "Domein dienstverlening", pages[page]["title"])
    check("seed 004 table count", "2", pages[page]["table_count"])
    for n in (1, 2):
        t = tables[f"{page}#t{n}"]
        check(f"seed 004 t{n} scale", "1000", t["scale"])
        check(f"seed 004 t{n} sign", "minus_is_disadvantage", t["sign_convention"])
        check(f"seed 004 t{n} legend", "bedragen x €1.000 (-/- = Nadeel)", t["sign_legend"])
        check(f"seed 004 t{n} kind", "budget", t["kind"])
        check(f"seed 004 t{n} cols", "7", t["cols"])
    # rows: (table, grid row, Nr., Omschrijving, Programma, raw 2026..2029, value 2026..2029)
    rows = [
        (1, 3, "11", "Pilots met AI", "13", ["-50", "-50", "-", "-"], ["-50", "-50", "0", "0"]),
        (2, 3, "20", "Continuering meester gezelfonds", "13", ["0", "-300", "-300", "-300"],
         ["0", "-300", "-300", "-300"]),
        (2, 4, "21", "Raadsadviseur", "1", ["-132"] * 4, ["-132"] * 4),
        (2, 5, "22", "Reiskostenregeling", "13", ["-1.000"] * 4, ["-1000"] * 4),
    ]
    for (t, r, nr, label, prog, raws, values) in rows:
        for i, year in enumerate((2026, 2027, 2028, 2029)):
            fid = f"{page}#t{t}/r{r}c{4 + i}"
            f = facts.get(fid)
            if f is None:
                failures.append(f"seed 004 missing fact {fid}")
                continue
            check(fid + " row_label", label, f["row_label"])
            check(fid + " row_code", nr, f["row_code"])
            check(fid + " period", str(year), f["period"])
            check(fid + " raw", raws[i], f["raw"])
            check(fid + " value", values[i], f["value"])
            check(fid + " status", "ok", f["status"])
            check(fid + " scale", "1000", f["scale"])
            check(fid + " amount_eur", str(int(values[i]) * 1000), f["amount_eur"])
            check(fid + " sign", "minus_is_disadvantage", f["sign_convention"])
            check(fid + " col_label", str(year), f["col_label"])
        lines = [b for b in budget if b["line_label"] == label]
        check(f"seed 004 {label} budget lines", 4, len(lines))
        for b in lines:
            check(f"{label} programme", prog, b["programme"])
            check(f"{label} line_code", nr, b["line_code"])
            check(f"{label} scale", "1000", b["scale"])
            check(f"{label} {b['period']} value", values[int(b["period"]) - 2026], b["value"])
    # every non-empty body cell is a fact: 4 rows x 7 cells
    check("seed 004 facts", 28, sum(1 for f in facts.values() if f["page_id"] == page))

    # --- seed 001: Deventer begroting 2025, the header widget ---
    page = "GM0150-begroting-2025/p21636-burger-en-bestuur"
    kf = [k for k in keyfig if k["page_id"] == page]
    check("seed 001 key figures",
          [("lasten", "9153000", "434408000", "0.0", "1000"),
           ("baten", "1289000", "413051000", "0.0", "1000")],
          [(k["label"], k["amount_eur"], k["total_eur"], k["share_pct"], k["scale"]) for k in kf])
    s1 = [s for s in sections if s["page_id"] == page]
    check("seed 001 widget not in the text", False, any("9.153" in s["text"] for s in s1))
    check("seed 001 first prose", True, s1[0]["text"].startswith(
        "In dit programma gaat het om de relatie van de gemeente met de inwoner"))
    check("seed 001 39 raadsleden", True, "Ze bestaat uit 39 raadsleden" in s1[0]["text"])

    # --- seed 000: Deventer jaarverslag 2015, "Open overheid" ---
    page = "GM0150-jaarverslag-2015/p3612-open-overheid"
    s0 = [s for s in sections if s["page_id"] == page]
    check("seed 000 headings", ["Ambitie", "Maatschappelijke effecten", "Gerealiseerd in 2015"],
          [s["heading"] for s in s0])
    check("seed 000 ambitie", "In Deventer is de samenleving aan zet, in al zijn aspecten. De "
          "gemeente is nabij en innovatief, heeft een goed gevoel voor de nieuwe verhoudingen, en "
          "stimuleert en versterkt het netwerk. De gemeente leert hierin voortdurend.", s0[0]["text"])
    bullets = s0[1]["text"].split("\n")
    check("seed 000 bullets", 5, len(bullets))
    check("seed 000 bullet 4", "- Burgers ervaren de gemeente als meest nabije overheid", bullets[3])
    check("seed 000 bullet 5", "- “Doen we de juiste dingen en doen we ze goed?” is een voortdurend "
          "gesprek in en met de samenleving.", bullets[4])
    check("seed 000 last words", True, s0[2]["text"].endswith(
        "Daarmee zet Deventer een nieuwe stap om zich als meest nabije overheid te manifesteren."))

if want("GM0307"):
    # --- seed 002: Amersfoort begroting 2018, indicator table ---
    page = "GM0307-begroting-2018/p412-bestuurlijke-ontwikkeling"
    t = tables[page + "#t1"]
    check("seed 002 kind", "indicator", t["kind"])
    check("seed 002 header rows", "2", t["header_rows"])
    check("seed 002 cols", "11", t["cols"])
    check("seed 002 title", "Indicatoren", t["title"])
    check("seed 002 scale (none on an indicator table)", "", t["scale"])
    got = sorted((i["indicator_name"], i["measure"], i["period"], i["value"], i["raw"], i["series"])
                 for i in indicators if i["page_id"] == page)
    check("seed 002 indicators", sorted([
        ("Aantal keren dat de gemeenteraad vragen stelt aan het AmersfoortPanel", "realisatie",
         "2016", "104", "104", "gemeente"),
        ("Waardering wijze waarop gemeente burgers en organisaties betrekt bij (de uitvoering van) "
         "het beleid en de samenwerking zoekt", "realisatie", "2015", "6.3", "6,3", "gemeente"),
    ]), got)
    f = facts[page + "#t1/r3c6"]
    check("seed 002 6,3 col_label", "Realisatie cijfers > 2015", f["col_label"])
    # the empty year cells are kept: 9 years x 2 rows, 2 filled
    empty = [f for f in facts.values() if f["page_id"] == page and f["status"] == "empty"]
    check("seed 002 empty year cells", 16, len(empty))
    check("seed 002 streef empty", "Streefcijfers > 2017", facts[page + "#t1/r3c8"]["col_label"])
    s2 = [s["heading"] for s in sections if s["page_id"] == page]
    check("seed 002 headings", ["Ambitie", "Indicatoren", "Overzicht Indicatoren", "Doelstellingen",
                                "Onze inzet", "Bestuurlijke ontwikkeling", "Deregulering",
                                "Samenwerking", "Maatregelen", "Gerelateerde links"], s2)

if want("GM1509"):
    # --- seed 003: Oude IJsselstreek begroting 2021 (begrotingonline) ---
    page = "GM1509-begroting-2021/programma-programma-4-de-dienstverlenende-gemeente"
    check("seed 003 platform", "begrotingsapp", documents["GM1509-begroting-2021"]["platform"])
    check("seed 003 programme", ("4", "De dienstverlenende gemeente"),
          (pages[page]["programme_number"], pages[page]["programme_title"]))
    s3 = [s for s in sections if s["page_id"] == page]
    check("seed 003 headings", [
        "Inleiding", "Programma 4/5 | De dienstverlenende gemeente en bedrijfsvoering-", "Waarom",
        "Waarmee", "Betrouwbare overheid", "Hoe", "Brede welvaart",
        "Programma 4 De dienstverlenende gemeente", "Wat doen we hiervoor?",
        "Wat geven we eraan uit?", "Maatschappelijke effecten", "Doelen en acties",
        "1- Datalab Gelderland Oost", "2- Doorontwikkelen dienstverlening", "Raadsplanning",
        "Wat kost het?", "Beleidsmatige ontwikkelingen.", "Autonome ontwikkelingen.",
        "Wat zijn onze reguliere taken in dit programma."], [s["heading"] for s in s3])
    check("seed 003 no navigation links", False, any("Terug naar navigatie" in s["text"] for s in s3))
    effects = [s for s in s3 if s["heading"] == "Maatschappelijke effecten"][0]["text"]
    check("seed 003 effects list", True, effects.startswith(
        "- We zijn een betrouwbare overheid door goede dienstverlening te leveren.\n"
        "- We zijn een betrouwbare overheid door een veilige omgeving te bieden."))
    check("seed 003 path", "Programma 4 De dienstverlenende gemeente > Doelen en acties > "
          "1- Datalab Gelderland Oost", s3[12]["heading_path"])

if failures:
    print("\n".join("FAIL: " + f for f in failures), file=sys.stderr)
    sys.exit(1)
print(f"check_seeds: all seed values hold in {rel}")
