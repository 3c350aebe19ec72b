#!/usr/bin/env python3
"""gen_pages.py OUTDIR [N]: write N (default 2000) realistic p-id platform pages
for the extractor benchmark: breadcrumb, programme header widget, headed prose
sections, indicator blocks (Realisatie/Streefcijfers with empty cells), budget
tables with multi-row headers, legends and trailing-minus or N-prefixed
amounts, taakveld overviews with codes, and the build stamp. Deterministic
(seeded), so runs compare."""
import os
import random
import sys

WORDS = ("gemeente inwoners beleid programma zorg wijk veiligheid budget ontwikkeling "
         "samenwerking uitvoering woningen onderwijs economie duurzaamheid participatie "
         "voorzieningen jeugd openbare ruimte regio investering kosten resultaat").split()


def prose(rng, n):
    s = " ".join(rng.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def amount(rng, style):
    v = rng.randint(-99999, 999999)
    txt = f"{abs(v):,}".replace(",", ".")
    if style == "trailing":
        return txt + ("-" if v < 0 else "")
    if style == "n":
        return ("N " if v < 0 else "V ") + txt
    return ("-" if v < 0 else "") + txt


def indicator_block(rng, name):
    years = list(range(2019, 2024))
    vals = [f"{rng.uniform(0, 100):.1f}".replace(".", ",") if rng.random() < .7 else "" for _ in years]
    h = [f'<tr><td colspan="6">{name}</td></tr>',
         '<tr><td colspan="5">Realisatie cijfers</td><td>Streefcijfers</td></tr>',
         "<tr>" + "".join(f"<td>{y}</td>" for y in years) + "<td>2023</td></tr>",
         "<tr>" + "".join(f"<td>{v}</td>" for v in vals) + "<td></td></tr>",
         '<tr><td>Bron:</td><td colspan="5">CBS</td></tr>',
         f'<tr><td>Toelichting:</td><td colspan="5">{prose(rng, 25)}</td></tr>']
    return "<table>\n" + "\n".join(h) + "\n</table>"


def budget_table(rng, rows):
    style = rng.choice(["plain", "trailing", "n"])
    years = list(range(2024, 2030))
    out = ['<table>', '<caption>bedragen x €1.000 (-/- = Nadeel)</caption>' if rng.random() < .5 else "",
           '<thead><tr><th rowspan="2">Omschrijving</th><th>Rekening</th><th colspan="2">Begroting</th>'
           '<th colspan="3">Meerjarenraming</th></tr>',
           "<tr>" + "".join(f"<th>{y}</th>" for y in years) + "</tr></thead><tbody>"]
    for g in ("Lasten", "Baten"):
        out.append(f'<tr><td colspan="7"><strong>{g}</strong></td></tr>')
        for i in range(rows):
            code = f"{rng.randint(0, 8)}.{rng.randint(1, 9)}"
            out.append(f"<tr><td>{code} {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}</td>" +
                       "".join(f"<td>{amount(rng, style)}</td>" for _ in years) + "</tr>")
    out.append("<tr><td>Saldo</td>" + "".join(f"<td>{amount(rng, style)}</td>" for _ in years) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def taakveld_table(rng, rows):
    out = ['<p>(bedragen x € 1.000)</p>', "<table>",
           "<tr><td>Taakveld</td><td>Omschrijving</td><td>Lasten</td><td>Baten</td><td>Saldo</td></tr>"]
    for _ in range(rows):
        out.append(f"<tr><td>{rng.randint(0, 8)}.{rng.randint(1, 82)}</td><td>{prose(rng, 3)}</td>" +
                   "".join(f"<td>{amount(rng, 'plain')}</td>" for _ in range(3)) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def page(rng, i):
    title = f"Programma {i % 9 + 1}: {prose(rng, 3)[:-1]}"
    parts = ["<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
             f"<title>{title} - Begroting 2026</title>",
             '<link rel="stylesheet" href="/assets/css/site.css"></head><body>',
             '<header><nav class="menu"><ul>' +
             "".join(f'<li><a href="/p{1000 + k}/x">Programma {k}</a></li>' for k in range(1, 12)) +
             "</ul></nav></header>",
             f'<nav class="breadcrumb"><a href="/">Begroting 2026</a> › <span>{title}</span></nav>',
             "<main>", f"<h1>{title}</h1>",
             '<div class="kerncijfers"><div>Lasten</div><div>€ ' + amount(rng, "plain").lstrip("-") +
             '</div><div>12,1 %</div><div>Baten</div><div>€ ' + amount(rng, "plain").lstrip("-") +
             "</div><div>3,4 %</div></div>"]
    for s in range(rng.randint(3, 7)):
        parts.append(f"<h2>{prose(rng, 4)[:-1]}</h2>")
        for _ in range(rng.randint(1, 4)):
            parts.append(f"<p>{prose(rng, rng.randint(30, 120))}</p>")
        if rng.random() < .3:
            parts.append("<ul>" + "".join(f"<li>{prose(rng, 12)}</li>" for _ in range(4)) + "</ul>")
        r = rng.random()
        if r < .35:
            for k in range(rng.randint(1, 4)):
                parts.append(indicator_block(rng, prose(rng, 5)[:-1]))
        elif r < .7:
            parts.append(budget_table(rng, rng.randint(3, 12)))
        elif r < .85:
            parts.append(taakveld_table(rng, rng.randint(10, 40)))
    parts += ["</main>", "<footer><p>Deze pagina is gebouwd op 09/29/2025 16:36:49 met de export "
              "van 09/29/2025 16:21:06</p></footer>", "</body></html>"]
    return "\n".join(parts)


def main():
    outdir = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(20260101)
    for i in range(n):
        with open(os.path.join(outdir, f"p{20000 + i}.html"), "w", encoding="utf-8") as f:
            f.write(page(rng, i))


if __name__ == "__main__":
    main()
