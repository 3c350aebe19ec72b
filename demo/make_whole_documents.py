#!/usr/bin/env python3
"""make_whole_documents.py: generate the whole-document sample sites of the demo.

Two of the bundled sample sites are grown from one seed page into a whole
document as its site serves it (research source-platforms.md §1 and §3):

  deventer.begroting-2025.nl            the p-id platform: a root with the
      document's navigation tree, chapters, 8 programmes each with the same
      sub-pages /p{id}/inleiding, /p{id}/beleidsindicatoren and
      /p{id}/wat-mag-het-kosten (slugs that repeat), paragrafen, the financial
      overview, bijlagen, the build stamp on every page, robots.txt
  oude-ijsselstreek.begrotingonline.nl  begrotingonline: a host root listing
      the host's documents, the document root /begroting-2021/ and its pages
      /begroting-2021/programma/{slug}; a second document (1e-berap-2021) on
      the same host, linked but outside the document's path

The seed pages themselves (p21636/burger-en-bestuur.html and
begroting-2021/programma/programma-4-de-dienstverlenende-gemeente.html) are
never written here: they stay as rebuilt from the seeds. Every other word and
number is invented, shaped like the research's pages (Dutch thousands dots and
decimal commas, `bedragen x €1.000` legends, BBV indicator names and units).
Numbers come from a hash of their place, so the output is the same on every
run and on every machine. No randomness, no clock.

It also writes demo/sites/whole-documents.json, the manifest the end-to-end
tests read: per document the root, every page URL a crawl from the root must
find (once), and the linked URLs it must not fetch, with why.

It deliberately does not render JavaScript sites (begrotingsapp's live sites
are JavaScript; this static rebuild is what `render` would produce) and does
not touch the other three seed sites.

usage: python3 demo/make_whole_documents.py   (from anywhere; writes in demo/sites)
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SITES = os.path.join(HERE, "sites")
STYLE = ("body{font-family:sans-serif;max-width:60em;margin:0 auto;padding:0 1em}"
         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .4em}"
         "nav ul{list-style:none;padding:0}nav li{display:inline;margin-right:1em}"
         ".chart{min-height:2em;background:#eee}")
written = []


def h(*parts):
    """A deterministic number in [0, 1) from where a value stands."""
    d = hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(d[:8], "big") / 2**64


def nl_int(n):
    """12345 -> '12.345', -1234 -> '-1.234' (Dutch thousands dots)."""
    s = f"{abs(n):,}".replace(",", ".")
    return "-" + s if n < 0 else s


def nl_dec(x, places=1):
    """6.25 -> '6,3' (Dutch decimal comma)."""
    s = f"{x:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(host, rel, text):
    path = os.path.join(SITES, host, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    written.append(os.path.join(host, rel))


def page(title, doc, menu, crumbs, body, footer=None, before_main=""):
    """A whole page: <title>, menu, breadcrumb, <main>, footer."""
    m = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for u, t in menu)
    bc = " › ".join(f'<a href="{u}">{esc(t)}</a>' for u, t in crumbs[:-1])
    bc += (" › " if len(crumbs) > 1 else "") + f"<span>{esc(crumbs[-1][1])}</span>"
    out = ["<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(title)} - {esc(doc)}</title>", f"<style>{STYLE}</style>", "</head>",
           "<body>", f'<header><nav class="menu"><ul>{m}</ul></nav></header>',
           f'<nav class="breadcrumb">{bc}</nav>', before_main, "<main>", body, "</main>"]
    if footer:
        out.append(f"<footer><p>{footer}</p></footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(x for x in out if x)


def table(header, rows, caption=None, legend_row=None):
    """A table: optional caption, optional legend row spanning all columns,
    one header row of <th>, body rows of <td>."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead>")
    if legend_row:
        out.append(f'<tr><th colspan="{len(header)}">{esc(legend_row)}</th></tr>')
    out.append("<tr>" + "".join(f"<th>{esc(c)}</th>" for c in header) + "</tr>")
    out.append("</thead>")
    out.append("<tbody>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def prose(*key):
    """Two or three sentences of plausible Dutch policy prose."""
    s = [
        "De gemeente werkt samen met inwoners, ondernemers en maatschappelijke partners.",
        "We houden de uitgaven binnen de kaders die de raad heeft gesteld.",
        "De resultaten volgen we met de indicatoren op deze pagina's.",
        "Waar het kan, werken we regionaal samen met de gemeenten in de regio.",
        "Nieuwe wetgeving vraagt om aanpassing van onze werkwijze.",
        "We investeren in de kwaliteit van de openbare ruimte en in de dienstverlening.",
        "De kosten stijgen door de loon- en prijsontwikkeling.",
        "In de komende jaren evalueren we het beleid en stellen we het waar nodig bij.",
    ]
    i = int(h(*key) * len(s))
    return " ".join(s[(i + k * 3) % len(s)] for k in range(3))


# ---------------------------------------------------------------------------
# Deventer Begroting 2025 (p-id platform)
# ---------------------------------------------------------------------------
DV = "deventer.begroting-2025.nl"
DV_DOC = "Begroting 2025"
DV_STAMP = "Deze pagina is gebouwd op 11/14/2024 16:36:49 met de export van 11/14/2024 16:21:06"
DV_TOTAL_LASTEN, DV_TOTAL_BATEN = 434408, 413051  # the seed's municipal totals
YEARS_DV = ["Rekening 2023", "Begroting 2024", "Begroting 2025", "Meerjarenraming 2026",
            "Meerjarenraming 2027", "Meerjarenraming 2028"]

# (id, slug, title, lasten 2025, baten 2025 (x €1.000), indicators)
# Burger en bestuur is seed 001: its page and widget (€ 9.153 / € 1.289) are real.
DV_PROGRAMMES = [
    (21636, "burger-en-bestuur", "Burger en bestuur", 9153, 1289, [
        ("Formatie", "Fte per 1.000 inwoners", "eigen begroting", 1),
        ("Bezetting", "Fte per 1.000 inwoners", "eigen gegevens", 1),
        ("Apparaatskosten", "Kosten per inwoner", "eigen begroting", 0),
        ("Externe inhuur", "Kosten als % van totale loonsom + totale kosten inhuur externen",
         "eigen begroting", 1),
        ("Overhead", "% van totale lasten", "eigen begroting", 1)]),
    (21640, "veiligheid", "Veiligheid", 14327, 1904, [
        ("Verwijzingen Halt", "Aantal per 1.000 jongeren", "Bureau Halt", 1),
        ("Winkeldiefstallen", "Aantal per 1.000 inwoners", "CBS", 1),
        ("Geweldsmisdrijven", "Aantal per 1.000 inwoners", "CBS", 1),
        ("Diefstallen uit woning", "Aantal per 1.000 inwoners", "CBS", 1),
        ("Vernielingen en beschadigingen (in de openbare ruimte)", "Aantal per 1.000 inwoners",
         "CBS", 1)]),
    (21644, "mobiliteit-en-bereikbaarheid", "Mobiliteit en bereikbaarheid", 21846, 9117, [
        ("Ziekenhuisopname na verkeersongeval met een motorvoertuig", "%", "VeiligheidNL", 1),
        ("Overige vervoersongevallen met een gewonde fietser", "%", "VeiligheidNL", 1)]),
    (21648, "economie", "Economie", 6412, 3275, [
        ("Functiemenging", "%", "LISA", 1),
        ("Vestigingen (van bedrijven)", "Aantal per 1.000 inwoners in de leeftijd 15-64 jaar",
         "LISA", 1)]),
    (21652, "onderwijs", "Onderwijs", 18935, 2406, [
        ("Absoluut verzuim", "Aantal per 1.000 leerlingen", "DUO", 1),
        ("Relatief verzuim", "Aantal per 1.000 leerlingen", "DUO", 1),
        ("Vroegtijdig schoolverlaters zonder startkwalificatie (vsv-ers)",
         "% deelnemers aan het VO en MBO onderwijs", "DUO", 1)]),
    (21656, "sport-en-cultuur", "Sport en cultuur", 27518, 6830, [
        ("Niet-sporters", "%", "Gezondheidsenquête (CBS, RIVM)", 1)]),
    (21660, "sociaal-domein", "Sociaal domein", 198744, 61382, [
        ("Banen", "Aantal per 1.000 inwoners in de leeftijd 15-64 jaar", "LISA", 1),
        ("Netto arbeidsparticipatie", "% van de werkzame beroepsbevolking ten opzichte van de "
         "beroepsbevolking", "CBS", 1),
        ("Personen met een bijstandsuitkering", "Aantal per 10.000 inwoners", "CBS", 1),
        ("Jongeren met jeugdhulp", "% van alle jongeren tot 18 jaar", "CBS", 1),
        ("Wmo-cliënten met een maatwerkarrangement", "Aantal per 10.000 inwoners", "CBS", 0)]),
    (21664, "wonen-en-leefomgeving", "Wonen en leefomgeving", 63209, 48770, [
        ("Omvang huishoudelijk restafval", "Kg per inwoner", "CBS", 0),
        ("Hernieuwbare elektriciteit", "%", "Rijkswaterstaat", 1),
        ("Nieuw gebouwde woningen", "Aantal per 1.000 woningen", "BAG", 1),
        ("Demografische druk", "%", "CBS", 1),
        ("Gemiddelde WOZ-waarde", "Duizend euro", "CBS", 0)]),
]
# A value fixed by hand (not hashed), so a test can change it and know both values:
# Veiligheid, Winkeldiefstallen, Realisatie 2023.
FIXED_INDICATOR = {("veiligheid", "Winkeldiefstallen", "Realisatie 2023"): "2,6"}
# indicator base levels (the gemeente's value around which years vary)
IND_BASE = {"Formatie": 7.4, "Bezetting": 6.9, "Apparaatskosten": 712, "Externe inhuur": 11.3,
            "Overhead": 9.8, "Verwijzingen Halt": 9.1, "Winkeldiefstallen": 2.4,
            "Geweldsmisdrijven": 4.9, "Diefstallen uit woning": 1.8,
            "Vernielingen en beschadigingen (in de openbare ruimte)": 5.6,
            "Ziekenhuisopname na verkeersongeval met een motorvoertuig": 8.0,
            "Overige vervoersongevallen met een gewonde fietser": 12.0, "Functiemenging": 53.2,
            "Vestigingen (van bedrijven)": 118.4, "Absoluut verzuim": 1.6,
            "Relatief verzuim": 24.0, "Vroegtijdig schoolverlaters zonder startkwalificatie (vsv-ers)": 1.9,
            "Niet-sporters": 47.5, "Banen": 842.6, "Netto arbeidsparticipatie": 67.1,
            "Personen met een bijstandsuitkering": 431.0, "Jongeren met jeugdhulp": 12.4,
            "Wmo-cliënten met een maatwerkarrangement": 690, "Omvang huishoudelijk restafval": 132,
            "Hernieuwbare elektriciteit": 14.8, "Nieuw gebouwde woningen": 9.3,
            "Demografische druk": 70.2, "Gemiddelde WOZ-waarde": 298}


def dv_series(lasten25, key):
    """Six yearly amounts (x €1.000) around the 2025 amount."""
    out = []
    for i in range(6):
        if i == 2:
            out.append(lasten25)
        else:
            f = 1 + (i - 2) * 0.021 + (h(key, i) - 0.5) * 0.06
            out.append(int(round(lasten25 * f)))
    return out


def dv_menu():
    return [("/", DV_DOC)]


def dv_write_programme_pages():
    pages = []
    for pid, slug, title, lasten, baten, inds in DV_PROGRAMMES:
        prog_url = f"/p{pid}/{slug}"
        crumbs = [("/", DV_DOC), (prog_url, title)]
        subs = [(pid + 1, "inleiding", "Inleiding"),
                (pid + 2, "beleidsindicatoren", "Beleidsindicatoren"),
                (pid + 3, "wat-mag-het-kosten", "Wat mag het kosten?")]
        if slug != "burger-en-bestuur":  # the seed page stays as rebuilt from the seed
            widget = "\n".join([
                '<div class="kengetallen">',
                f'<div class="kengetal"><p class="label">Begrote lasten excl. reserves <span class="eenheid">(bedragen x €1.000)</span> <span class="bedrag">€&nbsp;{nl_int(lasten)}</span></p><p class="totaal">€&nbsp;{nl_int(DV_TOTAL_LASTEN)}</p><p class="aandeel">{nl_dec(100 * lasten / DV_TOTAL_LASTEN)}&nbsp;%</p></div>',
                f'<div class="kengetal"><p class="label">Begrote Baten excl. reserves <span class="eenheid">(bedragen x €1.000)</span> <span class="bedrag">€&nbsp;{nl_int(baten)}</span></p><p class="totaal">€&nbsp;{nl_int(DV_TOTAL_BATEN)}</p><p class="aandeel">{nl_dec(100 * baten / DV_TOTAL_BATEN)}&nbsp;%</p></div>',
                "</div>"])
            links = "".join(f'<li><a href="/p{i}/{s}">{esc(t)}</a></li>' for i, s, t in subs)
            body = "\n".join([f"<h1>{esc(title)}</h1>", widget,
                              f"<p>In dit programma gaat het om {esc(title.lower())}. "
                              f"{prose(slug, 'p')}</p>",
                              "<h2>Meer informatie</h2>", f'<ul class="meer-informatie">{links}</ul>'])
            write(DV, f"p{pid}/{slug}.html",
                  page(title, DV_DOC, dv_menu() + [(prog_url, title)], crumbs, body, DV_STAMP))
        pages.append(prog_url)
        # Inleiding
        i, s, t = subs[0]
        body = "\n".join([
            f"<h1>{t}</h1>", f"<p>{prose(slug, 'inl', 1)}</p>",
            "<h2>Wat willen we bereiken?</h2>", f"<p>{prose(slug, 'inl', 2)}</p>",
            "<h2>Wat gaan we daarvoor doen?</h2>",
            "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in (
                f"We voeren het uitvoeringsprogramma {title.lower()} uit.",
                "We rapporteren twee keer per jaar aan de raad.")) + "</ul>",
            f'<p class="terug"><a href="{prog_url}">ga terug</a></p>'])
        write(DV, f"p{i}/{s}.html", page(t, DV_DOC, dv_menu() + [(prog_url, title)],
                                         crumbs + [(f"/p{i}/{s}", t)], body, DV_STAMP))
        pages.append(f"/p{i}/{s}")
        # Beleidsindicatoren: one BBV table (research §3.3, teylingen/beverwijk shape)
        i, s, t = subs[1]
        cols = ["Realisatie 2021", "Realisatie 2022", "Realisatie 2023", "Nederland 2023"]
        rows = []
        for name, unit, bron, places in inds:
            base = IND_BASE[name]
            cells = []
            for c, col in enumerate(cols):
                fixed = FIXED_INDICATOR.get((slug, name, col))
                if fixed:
                    cells.append(fixed)
                    continue
                if col == "Realisatie 2021" and h(slug, name, "nnb") < 0.15:
                    cells.append("n.n.b.")
                    continue
                v = base * (1 + (h(slug, name, col) - 0.5) * 0.2)
                cells.append(nl_dec(v, places) if places else nl_int(int(round(v))))
            rows.append([name, unit] + cells + [bron])
        body = "\n".join([
            f"<h1>{t}</h1>",
            "<p>De beleidsindicatoren zijn voorgeschreven in het Besluit begroting en "
            "verantwoording (BBV). Bron werkelijk en toelichting cijfers: waarstaatjegemeente.nl</p>",
            table(["Indicator", "Eenheid"] + cols + ["Bron"], rows),
            "<p>n.n.b. = niet nader bekend</p>",
            f'<p class="terug"><a href="{prog_url}">ga terug</a></p>'])
        write(DV, f"p{i}/{s}.html", page(t, DV_DOC, dv_menu() + [(prog_url, title)],
                                         crumbs + [(f"/p{i}/{s}", t)], body, DV_STAMP))
        pages.append(f"/p{i}/{s}")
        # Wat mag het kosten?: lasten, baten, saldo, reserves, resultaat (x €1.000)
        i, s, t = subs[2]
        L = dv_series(lasten, (slug, "lasten"))
        B = dv_series(baten, (slug, "baten"))
        S = [b - x for b, x in zip(B, L)]
        T = [int(round(abs(x) * 0.02 * h(slug, "toev", k))) for k, x in enumerate(L)]
        O = [int(round(abs(x) * 0.03 * h(slug, "ontt", k))) for k, x in enumerate(L)]
        R = [sv - tv + ov for sv, tv, ov in zip(S, T, O)]
        rows = [["Lasten"] + [nl_int(x) for x in L], ["Baten"] + [nl_int(x) for x in B],
                ["Saldo van baten en lasten"] + [nl_int(x) for x in S],
                ["Toevoeging reserves"] + [nl_int(x) for x in T],
                ["Onttrekking reserves"] + [nl_int(x) for x in O],
                ["Geraamd resultaat"] + [nl_int(x) for x in R]]
        body = "\n".join([
            f"<h1>{t}</h1>", f"<p>{prose(slug, 'kosten')}</p>",
            table(["Omschrijving"] + YEARS_DV, rows, caption="bedragen x €1.000"),
            "<h2>Toelichting</h2>",
            f"<p>De lasten in 2025 zijn € {nl_int(L[2] - L[1])} duizend "
            f"{'hoger' if L[2] >= L[1] else 'lager'} dan in 2024.</p>",
            f'<p class="terug"><a href="{prog_url}">ga terug</a></p>'])
        write(DV, f"p{i}/{s}.html", page(t, DV_DOC, dv_menu() + [(prog_url, title)],
                                         crumbs + [(f"/p{i}/{s}", t)], body, DV_STAMP))
        pages.append(f"/p{i}/{s}")
    return pages


def dv_simple(pid, slug, title, chapter, body_html):
    url = f"/p{pid}/{slug}"
    body = f"<h1>{esc(title)}</h1>\n{body_html}"
    write(DV, f"p{pid}/{slug}.html", page(title, DV_DOC, dv_menu(),
                                          [("/", DV_DOC), ("/", chapter), (url, title)],
                                          body, DV_STAMP))
    return url


def dv_write_other_pages():
    pages = {}
    # Inleiding
    pages["aanbiedingsbrief"] = dv_simple(21620, "aanbiedingsbrief", "Aanbiedingsbrief", "Inleiding",
                                          f"<p>Geachte leden van de raad,</p>\n<p>{prose('brief', 1)}</p>\n"
                                          f"<p>{prose('brief', 2)}</p>\n<p>Het college van burgemeester en wethouders</p>")
    pages["leeswijzer"] = dv_simple(21621, "leeswijzer", "Leeswijzer", "Inleiding",
                                    f"<p>{prose('leeswijzer')}</p>\n<h2>Opbouw van de begroting</h2>\n"
                                    "<p>Per programma leest u wat we willen bereiken, wat we daarvoor doen en "
                                    "wat het mag kosten. Bedragen zijn in duizenden euro's, tenzij anders vermeld.</p>")
    # Financieel beeld: legend as the table's first row, (-/- = Nadeel), a total row
    labels = ["Saldo meerjarenbegroting 2024-2027", "Loon- en prijsontwikkeling",
              "Algemene uitkering gemeentefonds", "Autonome ontwikkelingen", "Nieuw beleid"]
    rows, tot = [], [0, 0, 0, 0]
    for n, lab in enumerate(labels):
        vals = [int(round((h("fb", lab, k) - 0.45) * 4000)) for k in range(4)]
        tot = [a + b for a, b in zip(tot, vals)]
        rows.append([str(n + 1), lab] + [nl_int(v) for v in vals])
    rows.append(["", "Totaal financieel beeld"] + [nl_int(v) for v in tot])
    pages["financieel-beeld"] = dv_simple(
        21622, "financieel-beeld", "Financieel beeld", "Inleiding",
        f"<p>{prose('fb')}</p>\n" + table(["Nr.", "Omschrijving", "2025", "2026", "2027", "2028"], rows,
                                          legend_row="bedragen x €1.000 (-/- = Nadeel)"))
    # Programma's: overview of lasten per programme with a total
    rows, tot = [], [0] * 4
    for pid, slug, title, lasten, baten, _ in DV_PROGRAMMES:
        L = dv_series(lasten, (slug, "lasten"))[2:]
        tot = [a + b for a, b in zip(tot, L)]
        rows.append([title] + [nl_int(x) for x in L])
    rows.append(["Totaal lasten programma's"] + [nl_int(x) for x in tot])
    links = "".join(f'<li><a href="/p{p[0]}/{p[1]}">{esc(p[2])}</a></li>' for p in DV_PROGRAMMES)
    pages["programmas"] = dv_simple(
        21630, "programmas", "Programma's", "Programma's",
        f"<p>De begroting kent acht programma's.</p>\n<ul>{links}</ul>\n" +
        table(["Programma", "Begroting 2025", "Meerjarenraming 2026", "Meerjarenraming 2027",
               "Meerjarenraming 2028"], rows, caption="Lasten per programma (bedragen x €1.000)"))
    # Paragrafen
    woon = [("OZB woningen (gemiddelde WOZ-waarde)", 312, 329), ("Afvalstoffenheffing", 297, 318),
            ("Rioolheffing", 221, 228)]
    rows = [[a, f"€ {nl_int(x)}", f"€ {nl_int(y)}", f"{nl_dec(100 * (y - x) / x)}%"] for a, x, y in woon]
    rows.append(["Totaal woonlasten meerpersoonshuishouden", f"€ {nl_int(sum(w[1] for w in woon))}",
                 f"€ {nl_int(sum(w[2] for w in woon))}", ""])
    pages["lokale-heffingen"] = dv_simple(
        21670, "lokale-heffingen", "Lokale heffingen", "Paragrafen",
        f"<p>{prose('heffingen')}</p>\n<h2>Woonlasten</h2>\n" +
        table(["Omschrijving", "2024", "2025", "Stijging"], rows))
    kg = [("Netto schuldquote", [82, 88, 91, 93]), ("Netto schuldquote gecorrigeerd voor alle verstrekte leningen", [78, 84, 87, 90]),
          ("Solvabiliteitsratio", [21, 19, 18, 18]), ("Structurele exploitatieruimte", [1.4, 0.6, 0.2, -0.3]),
          ("Grondexploitatie", [9, 8, 7, 7]), ("Belastingcapaciteit", [104, 106, 107, 107])]
    rows = [[a] + [(nl_dec(v) if isinstance(v, float) else str(v)) + "%" for v in vs] for a, vs in kg]
    pages["weerstandsvermogen"] = dv_simple(
        21671, "weerstandsvermogen-en-risicobeheersing", "Weerstandsvermogen en risicobeheersing",
        "Paragrafen",
        f"<p>{prose('weerstand')}</p>\n<h2>Financiële kengetallen</h2>\n" +
        table(["Kengetallen", "Rekening 2023", "Begroting 2024", "Begroting 2025", "Meerjarenraming 2026"], rows))
    pages["financiering"] = dv_simple(21672, "financiering", "Financiering", "Paragrafen",
                                      f"<p>{prose('financiering', 1)}</p>\n<h2>Renterisico</h2>\n<p>{prose('financiering', 2)}</p>")
    # Financiële begroting: baten and lasten per programme, two tables with totals
    tabs = []
    for what, idx in (("Lasten", 3), ("Baten", 4)):
        rows, tot = [], [0] * 4
        for p in DV_PROGRAMMES:
            v = dv_series(p[idx], (p[1], what.lower()))[2:]
            tot = [a + b for a, b in zip(tot, v)]
            rows.append([p[2]] + [nl_int(x) for x in v])
        rows.append([f"Totaal {what.lower()}"] + [nl_int(x) for x in tot])
        tabs.append(f"<h2>{what}</h2>\n" + table(["Programma", "Begroting 2025", "Meerjarenraming 2026",
                                                   "Meerjarenraming 2027", "Meerjarenraming 2028"],
                                                  rows, caption=f"{what} (bedragen x €1.000)"))
    pages["overzicht"] = dv_simple(21680, "overzicht-van-baten-en-lasten", "Overzicht van baten en lasten",
                                   "Financiële begroting", "\n".join(tabs))
    pages["positie"] = dv_simple(21681, "uiteenzetting-financiele-positie", "Uiteenzetting financiële positie",
                                 "Financiële begroting", f"<p>{prose('positie', 1)}</p>\n<p>{prose('positie', 2)}</p>")
    # Bijlagen: taakvelden (codes are text: 0.10 is not 0.1)
    tv = [("0.1", "Bestuur"), ("0.2", "Burgerzaken"), ("0.4", "Overhead"), ("0.10", "Mutaties reserves"),
          ("1.1", "Crisisbeheersing en brandweer"), ("1.2", "Openbare orde en veiligheid"),
          ("2.1", "Verkeer en vervoer"), ("3.1", "Economische ontwikkeling"),
          ("4.2", "Onderwijshuisvesting"), ("5.2", "Sportaccommodaties"),
          ("6.1", "Samenkracht en burgerparticipatie"), ("7.3", "Afval"), ("8.3", "Wonen en bouwen")]
    rows = []
    for code, name in tv:
        la = int(round(500 + h("tv", code, "l") * 20000))
        ba = int(round(la * h("tv", code, "b")))
        rows.append([code, name, nl_int(la), nl_int(ba), nl_int(ba - la)])
    pages["taakvelden"] = dv_simple(21690, "taakvelden", "Overzicht baten en lasten per taakveld", "Bijlagen",
                                    table(["Taakveld", "Omschrijving", "Lasten", "Baten", "Saldo"], rows,
                                          caption="Taakvelden (bedragen x €1.000)"))
    pages["begrippenlijst"] = dv_simple(21691, "begrippenlijst", "Begrippenlijst", "Bijlagen",
                                        "<dl><dt>BBV</dt><dd>Besluit begroting en verantwoording provincies en gemeenten</dd>"
                                        "<dt>Taakveld</dt><dd>Indeling van de lasten en baten die het Rijk voorschrijft.</dd></dl>")
    # a page the site's robots.txt disallows: linked from the root, never fetched
    pages["concept"] = dv_simple(21699, "concept-begrotingswijziging", "Concept begrotingswijziging",
                                 "Bijlagen", "<p>Dit concept is nog niet vastgesteld.</p>")
    return pages


def dv_root(prog_pages, other):
    def li(u, t):
        return f'<li><a href="{u}">{esc(t)}</a></li>'
    progs = []
    for pid, slug, title, *_ in DV_PROGRAMMES:
        progs.append(f'<li><a href="/p{pid}/{slug}">{esc(title)}</a><ul>'
                     f'{li(f"/p{pid + 1}/inleiding", "Inleiding")}'
                     f'{li(f"/p{pid + 2}/beleidsindicatoren", "Beleidsindicatoren")}'
                     f'{li(f"/p{pid + 3}/wat-mag-het-kosten", "Wat mag het kosten?")}</ul></li>')
    tree = "\n".join([
        '<nav class="inhoud"><ul>',
        f'<li>Inleiding<ul>{li(other["aanbiedingsbrief"], "Aanbiedingsbrief")}'
        f'{li(other["leeswijzer"], "Leeswijzer")}{li(other["financieel-beeld"], "Financieel beeld")}</ul></li>',
        f'<li><a href="{other["programmas"]}">Programma\'s</a><ul>', *progs, "</ul></li>",
        f'<li>Paragrafen<ul>{li(other["lokale-heffingen"], "Lokale heffingen")}'
        f'{li(other["weerstandsvermogen"], "Weerstandsvermogen en risicobeheersing")}'
        f'{li(other["financiering"], "Financiering")}</ul></li>',
        f'<li>Financiële begroting<ul>{li(other["overzicht"], "Overzicht van baten en lasten")}'
        f'{li(other["positie"], "Uiteenzetting financiële positie")}</ul></li>',
        f'<li>Bijlagen<ul>{li(other["taakvelden"], "Overzicht baten en lasten per taakveld")}'
        f'{li(other["begrippenlijst"], "Begrippenlijst")}'
        f'{li(other["concept"], "Concept begrotingswijziging")}</ul></li>',
        "</ul></nav>"])
    text = "\n".join([
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        "<title>Begroting 2025 - Gemeente Deventer</title>", f"<style>{STYLE}</style>", "</head>",
        "<body>", '<header><nav class="menu"><ul><li><a href="/">Begroting 2025</a></li></ul></nav></header>',
        "<main>", "<h1>Begroting 2025</h1>", tree,
        '<p class="download"><a href="/assets/docs/Begroting_2025.pdf">Download pdf</a></p>',
        '<ul class="externe-links">',
        '<li><a href="https://www.deventer.nl/">Gemeente Deventer</a></li>',
        '<li><a href="https://deventer.begroting-2026.nl/">Begroting 2026</a></li>',
        '<li><a href="/toegankelijkheidsverklaring">Toegankelijkheidsverklaring</a></li>',
        "</ul>", "</main>", f"<footer><p>{DV_STAMP}</p></footer>", "</body>", "</html>", ""])
    write(DV, "index.html", text)
    write(DV, "toegankelijkheidsverklaring.html",
          page("Toegankelijkheidsverklaring", DV_DOC, dv_menu(), [("/", DV_DOC), ("/toegankelijkheidsverklaring", "Toegankelijkheidsverklaring")],
               "<h1>Toegankelijkheidsverklaring</h1>\n<p>Deze website streeft naar toegankelijkheid.</p>", DV_STAMP))
    write(DV, "robots.txt", "User-agent: *\nDisallow: /p21699/\n")


# ---------------------------------------------------------------------------
# Oude IJsselstreek Begroting 2021 (begrotingonline)
# ---------------------------------------------------------------------------
OY = "oude-ijsselstreek.begrotingonline.nl"
OY_DOC = "Begroting 2021"
OY_ROOT = "/begroting-2021/"
YEARS_OY = ["Rekening 2019", "Begroting 2020", "Begroting 2021", "Raming 2022", "Raming 2023",
            "Raming 2024"]
# Programmes 1, 4 and 5 are named as in the document's PDF copy (research §3.4);
# 2 and 3 are invented. Programme 4 is seed 003 and stays as rebuilt.
OY_PROGRAMMES = [
    (1, "programma-1-de-gemeente-waar-het-goed-wonen-is", "De gemeente waar het goed wonen is", 24318, 9874),
    (2, "programma-2-een-leefbare-gemeente", "Een leefbare gemeente", 31562, 12208),
    (3, "programma-3-een-ondernemende-gemeente", "Een ondernemende gemeente", 5127, 1893),
    (4, "programma-4-de-dienstverlenende-gemeente", "De dienstverlenende gemeente", 3988, 912),
    (5, "programma-5-bedrijfsvoering-overhead", "Bedrijfsvoering / overhead", 11476, 504),
]


def oy_page(slug, title, sections, crumbs_mid=None):
    """A begrotingonline page: the in-page navigation of its h2 sections and
    the 'Terug naar navigatie - X' back-links (research §1.2)."""
    url = f"{OY_ROOT}programma/{slug}"
    nav = "".join(f'<li><a href="#{hid}">{esc(ht)}</a></li>' for hid, ht, _ in sections)
    parts = [f"<h1>{esc(title)}</h1>"]
    for hid, ht, html in sections:
        parts += [f'<h2 id="{hid}">{esc(ht)}</h2>',
                  f'<div class="terug-naar-navigatie"><a href="#navigatie">Terug naar navigatie - '
                  f'{esc(title)} - {esc(ht)}</a></div>', html]
    crumbs = [(OY_ROOT, OY_DOC)] + (crumbs_mid or []) + [(url, title)]
    write(OY, f"begroting-2021/programma/{slug}.html",
          page(title, OY_DOC, [(OY_ROOT, OY_DOC), (url, title)], crumbs, "\n".join(parts),
               before_main=f'<nav id="navigatie" class="paginanavigatie"><ul>{nav}</ul></nav>'))
    return url


def oy_budget(key, lasten, baten):
    L = dv_series(lasten, (key, "oy-lasten"))
    B = dv_series(baten, (key, "oy-baten"))
    rows = [["Lasten"] + [nl_int(x) for x in L], ["Baten"] + [nl_int(x) for x in B],
            ["Saldo"] + [nl_int(b - x) for b, x in zip(B, L)]]
    return "<p>bedragen x €1.000</p>\n" + table([""] + YEARS_OY, rows), L, B


def oy_write():
    pages = []
    pages.append(oy_page("inleiding", "Inleiding", [
        ("inleiding", "Inleiding", f"<p>{prose('oy', 'inl', 1)}</p><p>{prose('oy', 'inl', 2)}</p>")]))
    pages.append(oy_page("leeswijzer", "Leeswijzer", [
        ("leeswijzer", "Leeswijzer", "<p>De begroting bestaat uit vijf programma's, de paragrafen en "
                                     "de financiële begroting. Bedragen zijn x €1.000.</p>")]))
    for n, slug, title, lasten, baten in OY_PROGRAMMES:
        if n == 4:  # seed 003
            pages.append(f"{OY_ROOT}programma/{slug}")
            continue
        full = f"Programma {n}: {title}"
        tab, _, _ = oy_budget(slug, lasten, baten)
        pages.append(oy_page(slug, full, [
            ("inleiding", "Inleiding", f"<p>{prose('oy', slug, 1)}</p>"),
            ("waarom", "Waarom", f"<p>{prose('oy', slug, 2)}</p>"),
            ("waarmee", "Waarmee", f"<p>{prose('oy', slug, 3)}</p>"),
            ("hoe", "Hoe", "<ul><li>We betrekken inwoners vroeg bij plannen.</li>"
                           "<li>We werken samen in de Achterhoek.</li></ul>"),
            ("wat-kost-het", "Wat kost het?", tab)]))
    # algemene dekkingsmiddelen
    rows = []
    for lab in ("Lokale heffingen", "Algemene uitkeringen", "Dividend", "Saldo financieringsfunctie",
                "Onvoorzien"):
        rows.append([lab] + [nl_int(int(round((h("oy-adm", lab, k) - 0.1) * 40000))) for k in range(6)])
    pages.append(oy_page("algemene-dekkingsmiddelen", "Algemene dekkingsmiddelen", [
        ("overzicht", "Overzicht algemene dekkingsmiddelen",
         "<p>bedragen x €1.000</p>\n" + table(["Omschrijving"] + YEARS_OY, rows))]))
    # paragrafen
    for slug, title in (("paragraaf-lokale-heffingen", "Paragraaf lokale heffingen"),
                        ("paragraaf-financiering", "Paragraaf financiering"),
                        ("paragraaf-bedrijfsvoering", "Paragraaf bedrijfsvoering")):
        pages.append(oy_page(slug, title, [("inleiding", "Inleiding", f"<p>{prose('oy', slug)}</p>")]))
    kg = [("Netto schuldquote", ["54%", "61%", "66%"]), ("Solvabiliteitsratio", ["27%", "25%", "24%"]),
          ("Structurele exploitatieruimte", ["0,8%", "0,4%", "-/- 0,2%"]),
          ("Belastingcapaciteit", ["112%", "114%", "115%"])]
    pages.append(oy_page("paragraaf-weerstandsvermogen-en-risicobeheersing",
                         "Paragraaf weerstandsvermogen en risicobeheersing", [
        ("kengetallen", "Financiële kengetallen",
         table(["Kengetallen", "Rekening 2019", "Begroting 2020", "Begroting 2021"],
               [[a] + v for a, v in kg]))]))
    # overzicht van baten en lasten: per programme, a total row
    rows, tl, tb = [], [0] * 6, [0] * 6
    for n, slug, title, lasten, baten in OY_PROGRAMMES:
        _, L, B = oy_budget(slug, lasten, baten)
        tl = [a + b for a, b in zip(tl, L)]
        tb = [a + b for a, b in zip(tb, B)]
        rows.append([f"{n} {title}"] + [nl_int(x) for x in L])
    rows.append(["Totaal lasten"] + [nl_int(x) for x in tl])
    pages.append(oy_page("overzicht-van-baten-en-lasten", "Overzicht van baten en lasten", [
        ("lasten", "Lasten per programma", "<p>bedragen x €1.000</p>\n" + table(["Programma"] + YEARS_OY, rows))]))
    # bijlage F: indicators of all programmes in one table (wassenaar/beverwijk shape)
    inds = [("1", "Nieuw gebouwde woningen", "Aantal per 1.000 woningen", "BAG", 6.8),
            ("1", "Demografische druk", "%", "CBS", 78.4),
            ("2", "Omvang huishoudelijk restafval", "Kg per inwoner", "CBS", 96.0),
            ("2", "Hernieuwbare elektriciteit", "%", "Rijkswaterstaat", 21.3),
            ("3", "Functiemenging", "%", "LISA", 47.9),
            ("3", "Vestigingen (van bedrijven)", "Aantal per 1.000 inwoners in de leeftijd 15-64 jaar", "LISA", 131.2),
            ("5", "Formatie", "Fte per 1.000 inwoners", "eigen begroting", 6.1),
            ("5", "Overhead", "% van totale lasten", "eigen begroting", 11.2)]
    rows = []
    for prog, name, unit, bron, base in inds:
        rows.append([prog, name, unit] + [nl_dec(base * (1 + (h("oy", name, k) - 0.5) * 0.2))
                                          for k in range(3)] + [bron])
    pages.append(oy_page("bijlage-f-indicatoren", "Bijlage F: Indicatoren", [
        ("indicatoren", "Beleidsindicatoren",
         table(["Progr.", "Indicator", "Eenheid", "Realisatie 2018", "Realisatie 2019", "Nederland 2019",
                "Bron"], rows))]))
    rows = []
    for code, name in (("0.1", "Bestuur"), ("0.2", "Burgerzaken"), ("1.1", "Crisisbeheersing en brandweer"),
                       ("2.1", "Verkeer en vervoer"), ("6.1", "Samenkracht en burgerparticipatie"),
                       ("7.2", "Riolering"), ("8.1", "Ruimtelijke ordening")):
        la = int(round(300 + h("oy-tv", code) * 9000))
        ba = int(round(la * h("oy-tv", code, "b")))
        rows.append([code, name, nl_int(la), nl_int(ba)])
    pages.append(oy_page("bijlage-g-taakvelden", "Bijlage G: Overzicht geraamde baten en lasten taakvelden", [
        ("taakvelden", "Taakvelden", "<p>bedragen x €1.000</p>\n" + table(["Taakveld", "Omschrijving", "Lasten", "Baten"], rows))]))
    concept = oy_page("concept-begrotingswijziging", "Concept begrotingswijziging", [
        ("concept", "Concept", "<p>Dit concept is nog niet vastgesteld.</p>")])
    # the document root: the navigation tree of the document
    def li(u, t):
        return f'<li><a href="{u}">{esc(t)}</a></li>'
    p = {u.rsplit("/", 1)[1]: u for u in pages}
    tree = "\n".join([
        '<nav class="inhoud"><ul>',
        # a link relative to the document root, as sites write them too
        f'<li>Inleiding<ul>{li(p["inleiding"], "Inleiding")}{li("programma/leeswijzer", "Leeswijzer")}</ul></li>',
        "<li>Programma's<ul>" + "".join(li(f"{OY_ROOT}programma/{s}", f"Programma {n}: {t}")
                                        for n, s, t, *_ in OY_PROGRAMMES) + "</ul></li>",
        f'<li>Algemene dekkingsmiddelen<ul>{li(p["algemene-dekkingsmiddelen"], "Algemene dekkingsmiddelen")}</ul></li>',
        "<li>Paragrafen<ul>" + "".join(li(p[s], t) for s, t in (
            ("paragraaf-lokale-heffingen", "Lokale heffingen"),
            ("paragraaf-weerstandsvermogen-en-risicobeheersing", "Weerstandsvermogen en risicobeheersing"),
            ("paragraaf-financiering", "Financiering"), ("paragraaf-bedrijfsvoering", "Bedrijfsvoering"))) + "</ul></li>",
        f'<li>Financiële begroting<ul>{li(p["overzicht-van-baten-en-lasten"], "Overzicht van baten en lasten")}</ul></li>',
        f'<li>Bijlagen<ul>{li(p["bijlage-f-indicatoren"], "Bijlage F: Indicatoren")}'
        f'{li(p["bijlage-g-taakvelden"], "Bijlage G: Taakvelden")}{li(concept, "Concept begrotingswijziging")}</ul></li>',
        "</ul></nav>"])
    write(OY, "begroting-2021/index.html", "\n".join([
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        "<title>Begroting 2021 - Gemeente Oude IJsselstreek</title>", f"<style>{STYLE}</style>", "</head>",
        "<body>", f'<header><nav class="menu"><ul><li><a href="/">Oude IJsselstreek</a></li><li><a href="{OY_ROOT}">Begroting 2021</a></li></ul></nav></header>',
        "<main>", "<h1>Begroting 2021</h1>", tree,
        '<p class="download"><a href="/assets/docs/Begroting_2021.pdf">Download pdf</a></p>',
        '<ul class="externe-links">',
        '<li><a href="https://www.oude-ijsselstreek.nl/">Gemeente Oude IJsselstreek</a></li>',
        # the same host's other document: outside this document's path, never crawled
        '<li><a href="/1e-berap-2021/programma/inleiding">1e Bestuursrapportage 2021</a></li>',
        '<li><a href="https://oude-ijsselstreek.begrotingsapp.nl/begroting-2022">Begroting 2022</a></li>',
        "</ul>", "</main>", "</body>", "</html>", ""]))
    # the host root: the list of the host's documents
    write(OY, "index.html", "\n".join([
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        "<title>Gemeente Oude IJsselstreek - Financiële documenten</title>", f"<style>{STYLE}</style>",
        "</head>", "<body>", "<main>", "<h1>Financiële documenten</h1>",
        '<ul class="documenten">', f'<li><a href="{OY_ROOT}">Begroting 2021</a></li>',
        '<li><a href="/1e-berap-2021/">1e Bestuursrapportage 2021</a></li>', "</ul>",
        "</main>", "</body>", "</html>", ""]))
    # the other document of the host, with a slug this one has too
    write(OY, "1e-berap-2021/index.html", "\n".join([
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        "<title>1e Bestuursrapportage 2021 - Gemeente Oude IJsselstreek</title>", "</head>", "<body>",
        "<main>", "<h1>1e Bestuursrapportage 2021</h1>",
        '<nav class="inhoud"><ul><li><a href="/1e-berap-2021/programma/inleiding">Inleiding</a></li></ul></nav>',
        "</main>", "</body>", "</html>", ""]))
    write(OY, "1e-berap-2021/programma/inleiding.html",
          page("Inleiding", "1e Bestuursrapportage 2021", [("/1e-berap-2021/", "1e Bestuursrapportage 2021")],
               [("/1e-berap-2021/", "1e Bestuursrapportage 2021"), ("/1e-berap-2021/programma/inleiding", "Inleiding")],
               "<h1>Inleiding</h1>\n<p>De bouw van de 9 molens van het windpark Den Tol is begonnen.</p>"))
    write(OY, "assets/docs/Begroting_2021.pdf", "%PDF-1.4 placeholder\n")
    write(OY, "robots.txt", "User-agent: *\nDisallow: /begroting-2021/programma/concept-\n")
    return pages, concept


def main():
    for seed in (os.path.join(DV, "p21636", "burger-en-bestuur.html"),
                 os.path.join(OY, "begroting-2021", "programma", "programma-4-de-dienstverlenende-gemeente.html")):
        if not os.path.isfile(os.path.join(SITES, seed)):
            sys.exit(f"make_whole_documents: the seed page {seed} is missing")
    prog = dv_write_programme_pages()
    other = dv_write_other_pages()
    dv_root(prog, other)
    dv_pages = [other[k] for k in ("aanbiedingsbrief", "leeswijzer", "financieel-beeld", "programmas")]
    dv_pages += prog + [other[k] for k in ("lokale-heffingen", "weerstandsvermogen", "financiering",
                                           "overzicht", "positie", "taakvelden", "begrippenlijst")]
    oy_pages, oy_concept = oy_write()
    manifest = {
        "about": "Written by demo/make_whole_documents.py: the pages a crawl from each root must "
                 "find, once each, and the linked URLs it must not fetch.",
        "documents": [
            {"source": "deventer-begroting-2025", "document_id": "GM0150-begroting-2025",
             "platform": "pid", "root": f"http://{DV}/",
             "pages": sorted(f"http://{DV}{u}" for u in dv_pages),
             "not_crawled": {f"http://{DV}{other['concept']}": "disallowed by robots.txt",
                             f"http://{DV}/toegankelijkheidsverklaring": "not a page of the document",
                             "https://deventer.begroting-2026.nl/": "another host",
                             "https://www.deventer.nl/": "another host"}},
            {"source": "oude-ijsselstreek-begroting-2021", "document_id": "GM1509-begroting-2021",
             "platform": "begrotingsapp", "root": f"http://{OY}{OY_ROOT}",
             "pages": sorted(f"http://{OY}{u}" for u in oy_pages),
             "not_crawled": {f"http://{OY}{oy_concept}": "disallowed by robots.txt",
                             f"http://{OY}/1e-berap-2021/programma/inleiding": "outside the document's path",
                             "https://oude-ijsselstreek.begrotingsapp.nl/begroting-2022": "another host",
                             "https://www.oude-ijsselstreek.nl/": "another host"}},
        ]}
    with open(os.path.join(SITES, "whole-documents.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    n = sum(len(d["pages"]) for d in manifest["documents"])
    print(f"make_whole_documents: {len(written)} files written, {n} pages in "
          f"{len(manifest['documents'])} whole documents")


if __name__ == "__main__":
    main()
