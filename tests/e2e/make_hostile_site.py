#!/usr/bin/env python3
"""Write a sample site whose page holds hostile text, and a pipeline for it.

The site is seed 004's page (demo/sites/deventer2026.perspectiefnota.nl) under
the host hostile.perspectiefnota.nl, with its headings, table cells, link text
and PDF link replaced by text that would run script in a browser if it were not
escaped, or be read as a formula by a spreadsheet. Every payload, when it runs,
sets document.title to PWNED or adds an element with id "pwned"; the tests look
for either.

usage: make_hostile_site.py SRC_DIR OUT_ROOT PIPELINE_FILE
"""
import os
import shutil
import sys

src, root, pipeline = sys.argv[1:4]
HOST = "hostile.perspectiefnota.nl"
site = os.path.join(root, HOST)
shutil.copytree(os.path.join(src, "demo/sites/deventer2026.perspectiefnota.nl"), site)

SCRIPT = "<script>document.title='PWNED'</script>"
IMG = "\"><img src=x onerror=\"document.title='PWNED'\">"
PAYLOADS = {
    # the page title and headings (text nodes in the source: entities there)
    "<h1>Domein dienstverlening</h1>":
        "<h1>Domein &lt;script&gt;document.title='PWNED'&lt;/script&gt; dienstverlening</h1>",
    "<h2>Inleiding</h2>":
        "<h2>Inleiding&quot;&gt;&lt;img src=x onerror=&quot;document.title='PWNED'&quot;&gt;</h2>",
    # table cells: markup as text, a javascript: link, spreadsheet formulas
    "<td>Pilots met AI</td>":
        "<td>&lt;script&gt;document.body.insertAdjacentHTML('beforeend','&lt;p id=pwned&gt;')"
        "&lt;/script&gt;Pilots met AI</td>",
    "<td>Continuering meester gezelfonds</td>":
        "<td><a href=\"javascript:document.title='PWNED'\">javascript:document.title='PWNED'</a></td>",
    "<td>Raadsadviseur</td>": "<td>=HYPERLINK(\"http://evil.example/\",\"klik\")</td>",
    "<td>Reiskostenregeling</td>": "<td>@SUM(1+1)&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>",
}
page = os.path.join(site, "p23716/domein-dienstverlening.html")
html = open(page, encoding="utf-8").read()
for old, new in PAYLOADS.items():
    if old not in html:
        sys.exit(f"make_hostile_site: {old!r} not in the page")
    html = html.replace(old, new, 1)
open(page, "w", encoding="utf-8").write(html)

index = os.path.join(site, "index.html")
html = open(index, encoding="utf-8").read()
html = html.replace("<title>Perspectiefnota 2026 - Gemeente Deventer</title>",
                    "<title>Perspectiefnota 2026 &lt;script&gt;document.title='PWNED'&lt;/script&gt;</title>")
html = html.replace('<a href="assets\\docs\\Perspectiefnota_2026.pdf">',
                    "<a href=\"javascript:document.title='PWNED'//.pdf\">")
open(index, "w", encoding="utf-8").write(html)

with open(pipeline, "w", encoding="utf-8") as f:
    f.write("""{ "name": "hostile", "crawl": { "delay_ms": 0 },
  "portal": { "publisher": "Test <b>publisher</b>", "license": "CC-BY-4.0",
              "publisher_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm9993",
              "contact": { "email": "opendata@example.nl" } },
  "sources": [ { "id": "hostile-perspectiefnota-2026", "cbs_code": "GM9993",
                 "municipality": "Hostiel", "doc_type": "perspectiefnota", "year": 2026,
                 "url": "http://%s/" } ] }
""" % HOST)
