#!/usr/bin/python3
"""Page keys (transform/page_key.h) on a whole document: pages that repeat a slug
under different p-ids get different page_ids, and two URLs that map to one key
(/p1/a.html and /p1/a) never give two pages with one id: the second is not
published and the transform status names both URLs.

Expected ids are written by hand from the rule in page_key.h.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import odp_records  # noqa: E402

SRC = os.environ.get("ODP_SRC", ".")
FIX = os.path.join(SRC, "tests", "transform", "fixtures")
html = os.path.join(FIX, "widget_and_table_tiel_2019.html")
failures = []


def check(what, expected, actual):
    if expected != actual:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")


host = "http://beverwijk.begroting-2020.nl"
src = {"id": "beverwijk-begroting-2020", "cbs_code": "GM0375", "municipality": "Beverwijk",
       "doc_type": "begroting", "year": 2020, "url": host + "/",
       "pages": [(host + "/p3203/beleidsindicatoren", html),
                 (host + "/p3207/beleidsindicatoren", html),
                 (host + "/p3207/beleidsindicatoren.html", html)]}
r = odp_records.run([src])
pages = sorted((p["page_id"], p["url"], p["slug"]) for p in r["pages"])
check("pages", [("GM0375-begroting-2020/p3203-beleidsindicatoren", host + "/p3203/beleidsindicatoren",
                 "beleidsindicatoren"),
                ("GM0375-begroting-2020/p3207-beleidsindicatoren", host + "/p3207/beleidsindicatoren",
                 "beleidsindicatoren")], pages)
ids = [f["fact_id"] for f in r["facts"]]
check("fact_ids unique", len(ids), len(set(ids)))
check("facts of both pages", {"GM0375-begroting-2020/p3203-beleidsindicatoren",
                              "GM0375-begroting-2020/p3207-beleidsindicatoren"},
      {f["page_id"] for f in r["facts"]})
check("the two pages have the same number of facts",
      sum(f["page_id"].endswith("p3203-beleidsindicatoren") for f in r["facts"]),
      sum(f["page_id"].endswith("p3207-beleidsindicatoren") for f in r["facts"]))
err = r["_status"][0]["error"] or ""
check("status names the second URL, the id and the first URL", True,
      err.startswith(host + "/p3207/beleidsindicatoren.html: page_id "
                     "\"GM0375-begroting-2020/p3207-beleidsindicatoren\" is the id of "
                     + host + "/p3207/beleidsindicatoren too"))
check("documents.page_count", 2, r["documents"][0]["page_count"])
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok: 2 pages, %d facts, one key collision reported" % len(ids))
