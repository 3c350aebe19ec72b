#!/usr/bin/env python3
"""gen_facts.py N OUT: N realistic `facts` records as JSON Lines, deterministic.

Records are shaped exactly like schemas/facts.schema.json (every property,
nothing else) and look like what odp-transform writes: documents of Dutch
municipalities (begroting, jaarverslag, perspectiefnota, ...), pages per policy
domain, tables of three kinds cut into rows x columns:

  - budget tables: a code and a label column (status text), then year or
    measure columns with Dutch numbers ("-1.000", "12.345", "-", "p.m."),
    value the exact decimal ("-1000"), unit EUR, scale from the legend,
    amount_eur = value x scale, a sign convention;
  - indicator tables: label, unit column, years with "12,5" / "67%" / "n.v.t.",
    unit "%" or null, no scale or amount;
  - text tables: descriptions and explanations (status text, value null).

Empty cells under a year column appear with status "empty" and raw "".
Same N, same bytes: the generator uses its own seeded random.Random.
"""
import json
import re
import random
import sys

MUNICIPALITIES = [
    ("GM0150", "Deventer"), ("GM0307", "Amersfoort"), ("GM1509", "Oude IJsselstreek"),
    ("GM0363", "Amsterdam"), ("GM0344", "Utrecht"), ("GM0599", "Rotterdam"),
    ("GM0518", "'s-Gravenhage"), ("GM0014", "Groningen"), ("GM0193", "Zwolle"),
    ("GM0202", "Arnhem"), ("GM0268", "Nijmegen"), ("GM0772", "Eindhoven"),
    ("GM0855", "Tilburg"), ("GM0935", "Maastricht"), ("GM0080", "Leeuwarden"),
    ("GM0106", "Assen"), ("GM0153", "Enschede"), ("GM0200", "Apeldoorn"),
]
DOC_TYPES = ["begroting", "jaarverslag", "perspectiefnota", "voorjaarsnota", "najaarsnota",
             "bestuursrapportage"]
DOMAINS = [
    ("domein-dienstverlening", "Dienstverlening"), ("veiligheid", "Veiligheid"),
    ("verkeer-vervoer-en-waterstaat", "Verkeer, vervoer en waterstaat"),
    ("economie", "Economie"), ("onderwijs", "Onderwijs"),
    ("sport-cultuur-en-recreatie", "Sport, cultuur en recreatie"),
    ("sociaal-domein", "Sociaal domein"), ("volksgezondheid-en-milieu", "Volksgezondheid en milieu"),
    ("volkshuisvesting-ruimtelijke-ordening-en-stedelijke-vernieuwing",
     "Volkshuisvesting, ruimtelijke ordening en stedelijke vernieuwing"),
    ("bestuur-en-ondersteuning", "Bestuur en ondersteuning"),
    ("financien/algemene-dekkingsmiddelen", "Algemene dekkingsmiddelen"),
    ("paragrafen/weerstandsvermogen-en-risicobeheersing", "Weerstandsvermogen en risicobeheersing"),
]
BUDGET_ROWS = [
    ("0.1", "Bestuur"), ("0.2", "Burgerzaken"), ("0.4", "Overhead"),
    ("1.1", "Crisisbeheersing en brandweer"), ("1.2", "Openbare orde en veiligheid"),
    ("2.1", "Verkeer en vervoer"), ("2.2", "Parkeren"), ("3.1", "Economische ontwikkeling"),
    ("4.2", "Onderwijshuisvesting"), ("5.1", "Sportbeleid en activering"),
    ("5.6", "Media"), ("6.1", "Samenkracht en burgerparticipatie"),
    ("6.3", "Inkomensregelingen"), ("6.71", "Maatwerkdienstverlening 18+"),
    ("6.72", "Maatwerkdienstverlening 18-"), ("7.2", "Riolering"), ("7.3", "Afval"),
    ("8.1", "Ruimtelijke ordening"), ("8.3", "Wonen en bouwen"),
    ("11", "Pilots met AI"), ("12", "Digitalisering dienstverlening"),
    ("13", "Extra inzet handhaving"), (None, "Lasten"), (None, "Baten"),
    (None, "Saldo van baten en lasten"), (None, "Toevoegingen aan reserves"),
    (None, "Onttrekkingen aan reserves"), (None, "Resultaat"),
]
GROUPS = ["", "", "Programma 1 Veiligheid", "Programma 2 Fysieke leefomgeving > Taakveld 2.1",
          "Lasten", "Baten", "Mutaties reserves", "Nieuw beleid > Structureel",
          "Autonome ontwikkelingen > Incidenteel"]
INDICATORS = [
    "Verwijzingen Halt per 10.000 jongeren", "Winkeldiefstallen per 1.000 inwoners",
    "Geweldsmisdrijven per 1.000 inwoners", "Percentage werkloze jongeren",
    "Banen per 1.000 inwoners in de leeftijd 15 - 64 jaar", "Absoluut verzuim per 1.000 leerlingen",
    "Niet-sporters (%)", "Demografische druk (%)", "Omvang huishoudelijk restafval (kg/inwoner)",
    "Waardering wijze waarop gemeente burgers en organisaties betrekt bij (de uitvoering van) "
    "het beleid en de samenwerking zoekt",
    "Gemiddelde WOZ-waarde (x 1.000 euro)", "Formatie (fte per 1.000 inwoners)",
]
SOURCES = ["CBS", "Waarstaatjegemeente.nl", "Eigen registratie", "Verwey-Jonker Instituut", "DUO"]
TEXTS = [
    "Uitvoering conform planning", "Zie toelichting bij de jaarrekening",
    "De kosten vallen hoger uit door de loon- en prijsontwikkeling",
    "Incidenteel voordeel als gevolg van vrijval van de voorziening",
    "Dekking uit de algemene reserve", "Betreft een technische correctie",
    "Het college stelt voor om dit bedrag structureel op te nemen in de begroting",
]
SIGNS = ["minus_is_disadvantage", "minus_is_disadvantage", "plus_is_disadvantage",
         "minus_is_expense", "n_is_disadvantage", "none_stated", "none_stated"]
SCALES = [1000, 1000, 1000, 1, 1000000]


def dutch(n, decimals=0):
    """An integer or decimal written the Dutch way: 1.234.567 / -12,5."""
    neg = n < 0
    n = abs(n)
    whole = int(n)
    s = f"{whole:,}".replace(",", ".")
    if decimals:
        frac = f"{n - whole:.{decimals}f}"[2:]
        s += "," + frac
    return ("-" if neg else "") + s


def canon(n, decimals=0):
    """The exact decimal odp stores: -1000, 12.5."""
    if decimals:
        s = f"{n:.{decimals}f}".rstrip("0").rstrip(".")
        return "0" if s in ("-0", "") else s
    return str(int(n))


def shift(value, scale):
    """value x scale as an exact decimal string (scale a power of ten)."""
    neg = value.startswith("-")
    v = value.lstrip("-")
    whole, _, frac = v.partition(".")
    zeros = len(str(scale)) - 1
    frac = frac + "0" * max(0, zeros - len(frac))
    digits = (whole + frac[:zeros]).lstrip("0") or "0"
    rest = frac[zeros:].rstrip("0")
    out = digits + ("." + rest if rest else "")
    return ("-" if neg and out != "0" else "") + out


AMBIGUOUS = re.compile(r"^-?[0-9]{1,3}\.[0-9]{3}$")
AMBIGUOUS_NOTE = "read as thousands: its column prints no decimal points"


def budget_cell(rng, scale):
    r = rng.random()
    if r < 0.05:
        return "", None, "empty"
    if r < 0.10:
        return "-", "0", "ok"
    if r < 0.12:
        return rng.choice(["p.m.", "PM"]), None, "pm"
    if r < 0.13:
        return "n.v.t.", None, "not_applicable"
    mag = rng.choice([10, 100, 1000, 10000, 100000]) if scale < 1000000 else rng.choice([1, 10, 100])
    n = rng.randint(-mag, mag * 3)
    if scale == 1000000 and rng.random() < 0.5:
        x = n / 10
        return dutch(x, 1), canon(x, 1), "ok"
    return dutch(n), canon(n), "ok"


def indicator_cell(rng):
    r = rng.random()
    if r < 0.10:
        return "", None, "empty", None
    if r < 0.14:
        return rng.choice(["n.v.t.", "n.n.b.", "?"]), None, rng.choice(["not_applicable", "unknown"]), None
    if r < 0.40:
        x = round(rng.uniform(0, 100), 1)
        return dutch(x, 1) + "%", canon(x, 1), "ok", "%"
    x = round(rng.uniform(0, 500), rng.choice([0, 1, 2]))
    d = len(repr(x).split(".")[1]) if "." in repr(x) and not repr(x).endswith(".0") else 0
    return dutch(x, d), canon(x, d), "ok", None


def generate(n, out):
    rng = random.Random(20261123)
    written = 0
    doc_no = 0
    while written < n:
        code, _ = MUNICIPALITIES[doc_no % len(MUNICIPALITIES)]
        dtype = DOC_TYPES[(doc_no // len(MUNICIPALITIES)) % len(DOC_TYPES)]
        year = 2015 + (doc_no * 7) % 12
        doc_no += 1
        document_id = f"{code}-{dtype}-{year}"
        for slug, _title in rng.sample(DOMAINS, rng.randint(5, len(DOMAINS))):
            if "/" not in slug and rng.random() < 0.5:
                slug = f"programmas/{slug}"
            page_id = f"{document_id}/{slug}"
            for t in range(1, rng.randint(2, 6)):
                table_id = f"{page_id}#t{t}"
                kind = rng.choices(["budget", "indicator", "text"], [12, 6, 1])[0]
                sign = rng.choice(SIGNS)
                scale = rng.choice(SCALES)
                if kind == "budget":
                    years = list(range(year, year + rng.choice([1, 4, 4, 4])))
                    measure_cols = [(f"Begroting {y}", y, "begroting") for y in years]
                    if dtype in ("jaarverslag", "najaarsnota", "bestuursrapportage"):
                        measure_cols = [(f"Begroting primitief {year}", year,
                                         "begroting_primitief"),
                                        (f"Begroting na wijziging {year}", year,
                                         "begroting_na_wijziging"),
                                        (f"Realisatie {year}", year, "realisatie"),
                                        (f"Verschil {year}", year, "verschil")]
                    elif dtype == "perspectiefnota":
                        measure_cols = [(str(y), y, "other") for y in years]
                    cols = [("Nr.", None, "other", "code"), ("Omschrijving", None, "other", "label")]
                    cols += [(l, p, m, "num") for l, p, m in measure_cols]
                    if rng.random() < 0.3:
                        cols.append(("Toelichting", None, "other", "text"))
                    header = rng.choice(["", "Bedragen x € 1.000 > ", "Meerjarenraming > "])
                    rows = rng.sample(BUDGET_ROWS, rng.randint(3, 12))
                elif kind == "indicator":
                    years = list(range(year - 3, year + 1))
                    cols = [("Indicator", None, "other", "label")]
                    if rng.random() < 0.4:
                        cols.append(("Eenheid", None, "other", "unit"))
                    cols += [(f"Realisatie cijfers > {y}", y, "realisatie", "num") for y in years]
                    cols.append((f"Streefwaarde {year + 1}", year + 1, "streefwaarde", "num"))
                    if rng.random() < 0.4:
                        cols.append(("Bron", None, "other", "source"))
                    header = ""
                    rows = [(None, l) for l in rng.sample(INDICATORS, rng.randint(2, 6))]
                else:
                    cols = [("Onderwerp", None, "other", "label"), ("Toelichting", None, "other", "text")]
                    header = ""
                    rows = [(None, l) for l in rng.sample(INDICATORS + TEXTS, rng.randint(2, 5))]
                group = rng.choice(GROUPS)
                for r, (row_code, row_label) in enumerate(rows, start=3):
                    if kind != "budget":
                        row_code = None
                    for c, (clabel, period, measure, ckind) in enumerate(cols, start=1):
                        value = amount = unit = cscale = None
                        if ckind == "code":
                            if not row_code:
                                continue
                            raw, status = row_code, "text"
                        elif ckind == "label":
                            raw, status = row_label, "text"
                        elif ckind == "text":
                            raw = rng.choice(TEXTS) if rng.random() < 0.6 else ""
                            status = "text" if raw else "empty"
                            if not raw:
                                continue
                        elif ckind == "unit":
                            raw, status = rng.choice(["Aantal", "%", "Per 1.000 inwoners", "Kg"]), "text"
                        elif ckind == "source":
                            raw, status = rng.choice(SOURCES), "text"
                        elif kind == "budget":
                            raw, value, status = budget_cell(rng, scale)
                            if status == "ok":
                                unit, cscale = "EUR", scale
                                amount = shift(value, scale)
                        else:
                            raw, value, status, unit = indicator_cell(rng)
                        rec = {
                            "fact_id": f"{table_id}/r{r}c{c}",
                            "table_id": table_id,
                            "page_id": page_id,
                            "document_id": document_id,
                            "row": r,
                            "col": c,
                            "row_label": row_label,
                            "row_code": row_code,
                            "row_path": group,
                            "col_label": (header + clabel) if ckind == "num" else clabel,
                            "period": period,
                            "measure": measure,
                            "raw": raw,
                            "value": value,
                            "status": status,
                            "unit": unit,
                            "scale": cscale,
                            "amount_eur": amount,
                            "sign_convention": sign,
                            # transform's note on a 1.000-shaped number
                            "value_note": AMBIGUOUS_NOTE
                            if status == "ok" and AMBIGUOUS.match(raw)
                            else None,
                        }
                        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
                        out.write("\n")
                        written += 1
                        if written == n:
                            return


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_facts.py N OUT")
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
        generate(int(sys.argv[1]), f)
