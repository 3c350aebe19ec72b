#!/usr/bin/env python3
"""gen_sites.py OUTDIR PIPELINE S P [D]: write S municipality sites of P pages each
(bench/extract/gen_pages.py's realistic p-id pages: breadcrumb, header widget,
prose, indicator, budget and taakveld tables, the build stamp, about 75 KB a
page) and the pipeline file that crawls them from their roots.

Site s is `{host_slug}.begroting-2026.nl` for the s-th municipality of
pipelines/reference/municipalities.csv (so S <= 63); page i is served at
/p{20000+i}/programma-{i} and the root page lists every page, as the
document's table of contents does. The navigation of every page lists the
site's own pages (gen_pages.py's fixed navigation points at pages that do not
exist here). With D > 1 each municipality publishes D documents (begroting,
jaarverslag, voorjaarsnota, ...), each its own site and source
`{host_slug}.{doc}-2026.nl`: S x D sources. Deterministic, so runs compare."""
import csv
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "extract"))
import gen_pages  # noqa: E402


def site(outdir, host, name, pages, seed):
    root = os.path.join(outdir, host)
    os.makedirs(root, exist_ok=True)
    links = [(f"/p{20000 + i}/programma-{i}", f"Programma {i}") for i in range(pages)]
    gen_pages.NAV = ('<aside class="sidebar"><nav class="toc" aria-label="Inhoudsopgave"><ul>' +
                     "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in links) +
                     "</ul></nav></aside>")
    rng = random.Random(seed)
    for i, (url, _) in enumerate(links):
        html = gen_pages.page(rng, i)
        for k in range(1, 12):  # the header menu: to pages that exist
            html = html.replace(f'href="/p{1000 + k}/x"', f'href="{links[k % pages][0]}"')
        d = os.path.join(root, url.strip("/").split("/")[0])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(root, url.strip("/") + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
    with open(os.path.join(root, "index.html"), "w", encoding="utf-8") as f:
        f.write(f"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
                f"<title>Begroting 2026 {name}</title></head><body><h1>Begroting 2026</h1>"
                + gen_pages.NAV + "</body></html>")
    with open(os.path.join(root, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /zoeken\n")


DOCS = ["begroting", "jaarverslag", "voorjaarsnota", "bestuursrapportage"]


def main():
    outdir, pipeline, s, p = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    docs = DOCS[:int(sys.argv[5]) if len(sys.argv) > 5 else 1]
    ref = os.path.join(here, "..", "..", "pipelines", "reference", "municipalities.csv")
    rows = [r for r in csv.DictReader(open(ref, encoding="utf-8")) if not r["valid_to"]]
    if s > len(rows):
        sys.exit(f"gen_sites.py: at most {len(rows)} sites (municipalities.csv)")
    sources = []
    for k, r in enumerate(rows[:s]):
        for d, doc in enumerate(docs):
            host = f"{r['host_slug']}.{doc}-2026.nl"
            site(outdir, host, r["name"], p, 1000 + k + 100 * d)
            sources.append({"id": f"{r['host_slug']}-{doc}-2026", "cbs_code": r["cbs_code"],
                            "municipality": r["name"], "doc_type": doc, "year": 2026,
                            "url": f"http://{host}/", "max_pages": p + 100})
    import json
    with open(pipeline, "w") as f:
        json.dump({"name": "national-bench", "crawl": {"delay_ms": 0, "per_host": 2},
                   "sources": sources}, f, indent=1)
    for src in sources:
        print(src["url"].split("/")[2])


if __name__ == "__main__":
    main()
