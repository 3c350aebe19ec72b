#!/usr/bin/env python3
"""Write a synthetic work directory for odp-publish: one source whose records
hold N facts (budget tables of 10 rows x 5 years, one table per page, 50 pages
per document) and the budget lines of those facts, plus the pipeline file.

usage: gen_records.py N WORKDIR PIPELINE_FILE
"""
import json, os, random, sys

n, wd, pipeline = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(1)
src = "bench-begroting-2025"
rec = os.path.join(wd, "records", src)
os.makedirs(rec, exist_ok=True)
doc = "GM0150-begroting-2025"
T = "2025-11-01T00:00:00Z"
with open(os.path.join(rec, "documents.jsonl"), "w") as f:
    f.write(json.dumps({"document_id": doc, "cbs_code": "GM0150", "municipality": "Deventer",
                        "doc_type": "begroting", "doc_label": "begroting", "year": 2025, "seq": None,
                        "site_url": "http://bench.begroting-2025.nl/", "platform": "pid",
                        "title": "Begroting 2025", "pdf_url": None, "build_stamp": None,
                        "page_count": 0, "first_fetched_at": T, "last_changed_at": T}) + "\n")
files = {k: open(os.path.join(rec, k + ".jsonl"), "w")
         for k in ("pages", "tables", "facts", "budget_lines", "sections", "indicators", "key_figures")}
per_table = 50  # 10 rows x 5 year columns
tables = (n + per_table - 1) // per_table
made = 0
for t in range(tables):
    page = f"{doc}/programma-{t:06d}"
    table = f"{page}#t1"
    files["pages"].write(json.dumps({"page_id": page, "document_id": doc,
        "url": f"http://bench.begroting-2025.nl/p{t}/programma-{t:06d}", "slug": f"programma-{t:06d}",
        "title": f"Programma {t}", "breadcrumb": f"Begroting 2025 > Programma {t}",
        "programme_number": str(t % 12 + 1), "programme_title": f"Programma {t % 12 + 1}",
        "content_sha256": "0" * 64, "fetched_at": T, "table_count": 1, "section_count": 0}) + "\n")
    files["tables"].write(json.dumps({"table_id": table, "page_id": page, "ordinal": 1,
        "title": "Lasten", "heading_path": "Wat kost het?", "kind": "budget", "scale": 1000,
        "unit": "EUR", "sign_convention": "minus_is_disadvantage",
        "sign_legend": "bedragen x €1.000 (-/- = Nadeel)", "header_rows": 1, "rows": 11,
        "cols": 6, "source_xpath": None}) + "\n")
    for r in range(2, 12):
        label = f"Taakveld {t}.{r}"
        for c in range(2, 7):
            if made == n:
                break
            made += 1
            year = 2023 + c
            v = rnd.randint(-50000, 50000)
            raw = f"{v:,}".replace(",", ".")
            fid = f"{table}/r{r}c{c}"
            files["facts"].write(json.dumps({"fact_id": fid, "table_id": table, "page_id": page,
                "document_id": doc, "row": r, "col": c, "row_label": label, "row_code": f"{r}",
                "row_path": "", "col_label": str(year), "period": year, "measure": "begroot",
                "raw": raw, "value": str(v), "status": "ok", "unit": "EUR", "scale": 1000,
                "amount_eur": str(v * 1000), "sign_convention": "minus_is_disadvantage"}) + "\n")
            files["budget_lines"].write(json.dumps({"line_key": f"{table}/r{r}", "page_id": page,
                "document_id": doc, "table_id": table, "programme": str(t % 12 + 1),
                "line_label": label, "line_code": str(r), "line_group": "lasten",
                "measure": "begroot", "period": year, "structural": None,
                "amount_eur": str(v * 1000), "value": str(v), "scale": 1000,
                "sign_convention": "minus_is_disadvantage", "raw": raw, "fact_id": fid}) + "\n")
for f in files.values():
    f.close()
with open(pipeline, "w") as f:
    json.dump({"name": "bench", "portal": {"base_url": "http://localhost/", "publisher": "bench",
                                            "publisher_uri": "http://localhost/",
                                            "contact": {"email": "bench@example.nl"}},
               "sources": [{"id": src, "cbs_code": "GM0150", "municipality": "Deventer",
                            "doc_type": "begroting", "year": 2025,
                            "url": "http://bench.begroting-2025.nl/"}]}, f)
print(f"{made} facts in {tables} tables")
