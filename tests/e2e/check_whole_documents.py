#!/usr/bin/env python3
"""Check a portal published from the whole-document sample sites, with pandas.

  check_whole_documents.py pages MANIFEST PORTAL ACCESS_LOG
      every page the generator's manifest (demo/sites/whole-documents.json)
      lists for a document is in pages.csv once, and nothing else is; nginx's
      access log shows each page fetched once and no request for a URL the
      manifest says must not be crawled (robots.txt, outside the path)
  check_whole_documents.py keys PORTAL
      in every published release of every dataset: each resource's primary key
      is unique and never empty, every foreign key resolves

The expected pages come from the generator's manifest, never from odp's
output. The primary keys are written here by hand from the data contract
(§5 and the resources' one-row-per sentences); the foreign keys are the chain
facts -> tables -> pages -> documents, plus whatever else datapackage.json
declares. Exits 1 with every violation listed (the first 20 of each).
"""
import json
import os
import sys
from urllib.parse import urlsplit

import pandas as pd

# by hand, from the contract
PRIMARY = {
    "documents": ["document_id"],
    "pages": ["page_id"],
    "tables": ["table_id"],
    "facts": ["fact_id"],
    "sections": ["page_id", "ordinal"],
    "indicators": ["fact_id"],
    "budget_lines": ["fact_id"],
    "key_figures": ["page_id", "ordinal"],
    "checks": ["check_id"],
}
FOREIGN = [  # (resource, field, referenced resource, referenced field)
    ("facts", "table_id", "tables", "table_id"),
    ("facts", "page_id", "pages", "page_id"),
    ("facts", "document_id", "documents", "document_id"),
    ("tables", "page_id", "pages", "page_id"),
    ("pages", "document_id", "documents", "document_id"),
]
failures = []


def read(rel, name):
    """A resource as one table: its CSV file, or (the national release) its
    per-municipality parts in the order datapackage.json lists them."""
    pkg = json.load(open(os.path.join(rel, "datapackage.json")))
    res = next(r for r in pkg["resources"] if r["name"] == name)
    paths = res["path"] if isinstance(res["path"], list) else [res["path"]]
    return pd.concat([pd.read_csv(os.path.join(rel, p), dtype=str, keep_default_na=False)
                      for p in paths], ignore_index=True)


def releases(portal):
    base = os.path.join(portal, "datasets")
    for ds in sorted(os.listdir(base)):
        for v in sorted(os.listdir(os.path.join(base, ds))):
            p = os.path.join(base, ds, v)
            if v != "latest" and os.path.isdir(p) and not os.path.islink(p):
                yield f"{ds}/{v}", p


def check_keys(portal):
    n = 0
    for name, rel in releases(portal):
        n += 1
        pkg = json.load(open(os.path.join(rel, "datapackage.json")))
        declared = {r["name"]: r.get("schema", {}) for r in pkg["resources"]}
        frames = {r: read(rel, r) for r in declared}
        for res, key in PRIMARY.items():
            if res not in frames:
                failures.append(f"{name}: no resource {res}")
                continue
            got = declared[res].get("primaryKey")
            got = [got] if isinstance(got, str) else got
            if got != key:
                failures.append(f"{name}: {res} declares primaryKey {got}, the contract says {key}")
        keys = dict(PRIMARY)
        for res, sch in declared.items():
            pk = sch.get("primaryKey")
            if pk and res not in keys:
                keys[res] = [pk] if isinstance(pk, str) else pk
        for res, key in keys.items():
            df = frames.get(res)
            if df is None:
                continue
            empty = df[(df[key] == "").any(axis=1)]
            if len(empty):
                failures.append(f"{name}: {res}: {len(empty)} rows with an empty {key}")
            dup = df[df.duplicated(key, keep=False)].sort_values(key)
            if len(dup):
                ex = dup[key + (["url"] if "url" in df else [])].head(20).to_string(index=False)
                failures.append(f"{name}: {res}: {df.duplicated(key).sum()} duplicate {key} "
                                f"of {len(df)} rows, e.g.\n{ex}")
        fks = list(FOREIGN)
        for res, sch in declared.items():
            for fk in sch.get("foreignKeys", []):
                f, ref = fk["fields"], fk["reference"]
                t = (res, f if isinstance(f, str) else f[0], ref["resource"],
                     ref["fields"] if isinstance(ref["fields"], str) else ref["fields"][0])
                if t not in fks:
                    fks.append(t)
        for res, field, ref, rfield in fks:
            if res not in frames or ref not in frames:
                continue
            vals = frames[res][field]
            vals = vals[vals != ""]  # an empty foreign key is a null, allowed
            missing = sorted(set(vals) - set(frames[ref][rfield]))
            if missing:
                failures.append(f"{name}: {res}.{field} -> {ref}.{rfield}: {len(missing)} values "
                                f"do not resolve, e.g. {missing[:5]}")
    if n == 0:
        failures.append(f"no release under {portal}")
    return n


def check_pages(manifest, portal, log):
    m = json.load(open(manifest, encoding="utf-8"))
    rel = os.path.join(portal, "datasets", "nl-gemeenten-pc-documenten", "latest")
    pages = read(rel, "pages")
    dups = pages[pages.duplicated("url", keep=False)]
    if len(dups):
        failures.append(f"pages.csv lists {len(dups)} rows of repeated URLs: {sorted(set(dups.url))[:5]}")
    # the access log: "GET /path HTTP/1.1" status, per host by the Host the
    # request named is not logged, so paths are compared per document's host
    # set; the hosts' paths do not overlap
    requests = []
    for line in open(log, encoding="utf-8", errors="replace"):
        parts = line.split('"')
        if len(parts) > 2:
            req = parts[1].split(" ")
            status = parts[2].split()[0]
            if len(req) >= 2:
                requests.append((req[0], req[1], status))
    counts = {}
    for meth, path, status in requests:
        counts[path] = counts.get(path, 0) + 1
    for d in m["documents"]:
        doc = d["document_id"]
        want = sorted(d["pages"])
        got = sorted(pages[pages.document_id == doc].url)
        if got != want:
            failures.append(f"{doc}: pages.csv has {len(got)} pages, the manifest {len(want)}; "
                            f"missing {sorted(set(want) - set(got))[:10]}, "
                            f"not in the document {sorted(set(got) - set(want))[:10]}")
        for u in want:
            path = urlsplit(u).path
            if counts.get(path, 0) != 1:
                failures.append(f"{doc}: {path} requested {counts.get(path, 0)} times, expected once")
        for u, why in d["not_crawled"].items():
            s = urlsplit(u)
            if urlsplit(d["root"]).netloc != s.netloc:
                continue  # another host: not served here at all
            if counts.get(s.path):
                failures.append(f"{doc}: {s.path} ({why}) was requested")
            if u in set(pages.url):
                failures.append(f"{doc}: {u} ({why}) is in pages.csv")
    # nothing but robots.txt, the roots and the manifest's pages was asked for
    allowed = {"/robots.txt"} | {urlsplit(d["root"]).path for d in m["documents"]}
    allowed |= {urlsplit(u).path for d in m["documents"] for u in d["pages"]}
    other = sorted({p for _, p, _ in requests} - allowed)
    if other:
        failures.append(f"requests for paths that are no page of the documents: {other[:10]}")
    return sum(len(d["pages"]) for d in m["documents"])


def main():
    what = sys.argv[1]
    if what == "keys":
        n = check_keys(sys.argv[2])
        msg = f"keys unique and resolving in {n} releases"
    elif what == "pages":
        n = check_pages(sys.argv[2], sys.argv[3], sys.argv[4])
        msg = f"the {n} pages of the manifest fetched and published once each"
    else:
        sys.exit(f"usage: {sys.argv[0]} keys PORTAL | pages MANIFEST PORTAL ACCESS_LOG")
    if failures:
        for f in failures:
            print("FAIL: " + f, file=sys.stderr)
        sys.exit(1)
    print("check_whole_documents: " + msg)


if __name__ == "__main__":
    main()
