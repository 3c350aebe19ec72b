#!/usr/bin/env python3
"""gen_pages.py OUTDIR [N] [--bare]: write N (default 2000) realistic p-id
platform pages for the extractor benchmark: breadcrumb, programme header
widget, headed prose sections, indicator blocks (Realisatie/Streefcijfers with
empty cells), budget tables with multi-row headers, legends and trailing-minus
or N-prefixed amounts, taakveld overviews with codes, and the build stamp.

Around that content, as on the real sites, every page carries the whole
document's navigation (chapters and their pages), a cookie banner, inline
scripts and a footer: pages average about 75 KB, as the corpus the issue was
measured on (2,000 pages, 151 MB). --bare leaves that out (about 20 KB a
page: the content alone). Deterministic (seeded), so runs compare."""
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


def site_navigation():
    """The document's table of contents, the same on every page: 12 chapters
    of 25 pages, each with a collapsible sub-list, as p-id sites render it."""
    out = ['<aside class="sidebar"><nav class="toc" aria-label="Inhoudsopgave"><ul class="toc-level-1">']
    for c in range(1, 13):
        out.append(f'<li class="toc-item has-children"><button class="toc-toggle" aria-expanded="false" '
                   f'aria-controls="toc-{c}"><span class="sr-only">Open</span></button>'
                   f'<a class="toc-link" href="/p{1000 + c}/hoofdstuk-{c}">Hoofdstuk {c}</a>'
                   f'<ul class="toc-level-2" id="toc-{c}">')
        for k in range(1, 26):
            out.append(f'<li class="toc-item"><a class="toc-link" href="/p{2000 + 25 * c + k}/'
                       f'paragraaf-{c}-{k}" title="Paragraaf {c}.{k}">{c}.{k} Paragraaf {k}</a></li>')
        out.append("</ul></li>")
    out.append("</ul></nav></aside>")
    return "".join(out)


SCRIPTS = ("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
           + "".join(f"gtag('config','site-{k}',{{'anonymize_ip':true,'page_group':'begroting-{k}'}});"
                     for k in range(120)) + "</script>"
           + '<script type="application/ld+json">{"@context":"https://schema.org","@type":"WebSite",'
           + '"name":"Begroting 2026","potentialAction":{"@type":"SearchAction","target":"/zoeken?q={q}"}}'
           + "</script>")

BANNER = ('<div class="cookie-banner" role="dialog" aria-live="polite"><p>Deze website gebruikt '
          'functionele en analytische cookies om het gebruik te meten. ' * 4 +
          '</p><button class="btn btn-primary" type="button">Akkoord</button>'
          '<a class="btn btn-link" href="/cookies">Meer informatie</a></div>')

FOOTER = ('<footer class="site-footer"><div class="container"><ul class="footer-links">' +
          "".join(f'<li><a href="/{w}">{w.capitalize()}</a></li>' for w in
                  ("contact", "toegankelijkheid", "privacy", "cookies", "colofon", "sitemap",
                   "downloads", "zoeken")) + "</ul>")

NAV = site_navigation()


def page(rng, i, bare=False):
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
    stamp = ("<p>Deze pagina is gebouwd op 09/29/2025 16:36:49 met de export "
             "van 09/29/2025 16:21:06</p>")
    if bare:
        parts += ["</main>", f"<footer>{stamp}</footer>", "</body></html>"]
    else:
        parts.insert(3, SCRIPTS)
        parts.insert(5, BANNER + NAV)
        parts += ["</main>", f"{FOOTER}{stamp}</div></footer>", SCRIPTS, "</body></html>"]
    return "\n".join(parts)


def main():
    args = [a for a in sys.argv[1:] if a != "--bare"]
    bare = "--bare" in sys.argv
    outdir = args[0]
    n = int(args[1]) if len(args) > 1 else 2000
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(20260101)
    for i in range(n):
        with open(os.path.join(outdir, f"p{20000 + i}.html"), "w", encoding="utf-8") as f:
            f.write(page(rng, i, bare))


if __name__ == "__main__":
    main()
