#!/usr/bin/env python3
"""Generate a synthetic p-id style site of N pages for the fetch benchmark.

usage: gen_site.py DIR HOST N

Writes DIR/HOST/index.html (the root: 50 chapter links), DIR/HOST/p{c}/hoofdstuk-{c}.html
(each chapter links to its pages) and N pages DIR/HOST/p{id}/pagina-{i}.html of
realistic size (30-70 KB: a header widget, prose, two budget tables, a footer
with the build stamp), deterministic (seeded), so runs compare.
"""
import os
import random
import sys

out, host, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(20261123)
root = os.path.join(out, host)
os.makedirs(root, exist_ok=True)
WORDS = ("gemeente inwoners dienstverlening begroting programma raad college "
         "ontwikkeling samenwerking beleid middelen lasten baten reserve").split()


def prose(k):
    return " ".join(rnd.choice(WORDS) for _ in range(k)).capitalize() + "."


def table(rows):
    head = "<tr><td colspan='7'>bedragen x €1.000 (-/- = Nadeel)</td></tr>" \
           "<tr><td colspan='2'><strong>Omschrijving</strong></td><td><strong>Programma</strong></td>" + \
           "".join(f"<td><strong>{y}</strong></td>" for y in range(2026, 2030)) + "</tr>"
    body = "".join(
        f"<tr><td>{i}</td><td>{prose(4)}</td><td>{rnd.randint(1, 13)}</td>" +
        "".join(f"<td>{rnd.randint(-5000, 5000):,}</td>".replace(",", ".") for _ in range(4)) +
        "</tr>" for i in range(rows))
    return f"<table>{head}{body}</table>"


chapters = 50
per = (n + chapters - 1) // chapters
links = []
page_id = 1000
for c in range(chapters):
    items = []
    for j in range(per):
        i = c * per + j
        if i >= n:
            break
        page_id += 1
        path = f"/p{page_id}/pagina-{i}"
        items.append(f'<li><a href="{path}">Pagina {i}</a></li>')
        paras = "".join(f"<p>{prose(rnd.randint(60, 140))}</p>" for _ in range(rnd.randint(20, 45)))
        html = (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Pagina {i}</title>'
                f'</head><body><header><nav class="menu"><a href="/">Begroting 2026</a></nav></header>'
                f'<main><h1>Pagina {i}</h1><div class="kengetal"><p>Begrote lasten excl. reserves '
                f'(bedragen x €1.000) € {rnd.randint(1000, 99999):,}</p></div>'.replace(",", ".") +
                f"<h2>Wat willen we bereiken?</h2>{paras}<h2>Wat mag het kosten?</h2>"
                f"{table(rnd.randint(8, 25))}{table(rnd.randint(5, 15))}</main>"
                f"<footer><p>Deze pagina is gebouwd op 09/29/2025 16:36:49 met de export van "
                f"09/29/2025 16:21:06</p></footer></body></html>")
        d = os.path.join(root, f"p{page_id}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"pagina-{i}.html"), "w", encoding="utf-8") as f:
            f.write(html)
    cid = 100 + c
    d = os.path.join(root, f"p{cid}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"hoofdstuk-{c}.html"), "w", encoding="utf-8") as f:
        f.write(f"<html><body><main><h1>Hoofdstuk {c}</h1><ul>{''.join(items)}</ul></main></body></html>")
    links.append(f'<li><a href="/p{cid}/hoofdstuk-{c}">Hoofdstuk {c}</a></li>')
with open(os.path.join(root, "index.html"), "w", encoding="utf-8") as f:
    f.write(f"<html><head><title>Begroting 2026</title></head><body><ul>{''.join(links)}</ul></body></html>")
