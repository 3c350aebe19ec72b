#!/usr/bin/env python3
"""check_fixture.py: compare the extractor's output for one fixture with the
hand-written expectation.

    check_fixture.py --driver extract_file [--known known_failures.txt] DIR/NAME

runs `extract_file DIR/NAME.html`, reads DIR/NAME.expected.json and reports
every mismatch as `NAME: table N: row 'LABEL' col 'LABEL': ...`.

The expectation (every key optional; what is absent is not checked):
  {"table_count": N,
   "tables": [{"index": ordinal (default: position in this list, from 1),
               "title", "title_source", "scale", "scale_source",
               "sign_convention", "sign_source", "header_rows",
               "cells": [{"row_label", "col_label", "raw",
                          "row_code", "row_path"}],
               "slots": [{"row", "col", "text"}]}],
   "key_figures": [{"label", "amount_raw", "share_raw", "total_raw", "scale"}]}
A body cell is named by its row's label (and code and path when given) and
its column label path; its raw text must equal "raw" ("" for an empty cell,
which must then be present as a cell). A slot (row and column from 1) is read
through the table's grid, the spans as extract expanded them: "text" is that of
the cell covering it, null for a slot no cell covers.

Exit 0 when it matches, 1 when it does not. A fixture named in the known
failures file (NAME<whitespace>reason) is reported as a known failure and
exits 0; if it passes, that is reported too, so the list can be pruned.
"""
import argparse
import json
import os
import subprocess
import sys

TABLE_KEYS = ("title", "title_source", "scale", "scale_source", "scale_raw", "scale_applies",
              "sign_convention",
              "sign_source", "header_rows")
FIGURE_KEYS = ("label", "amount_raw", "share_raw", "total_raw", "scale")


def body_cells(t):
    """(row_label, row_code, row_path, col_label, raw, row, col) per body cell."""
    by_row = {b["row"]: b for b in t["body"]}
    out = []
    panels = t.get("panels") or []
    for r, c, text, _rs, _cs, _th in t["cells"]:
        b = by_row.get(r)
        if b is None or c in (b.get("label_col"), b.get("code_col")) or c in panels:
            continue
        # a cell of a panel (activa | passiva side by side) is labelled by its panel's label
        p = max((i for i, first in enumerate(panels) if c >= first), default=None)
        label = b.get("label") if p is None else b["panel_labels"][p]
        out.append({"row_label": label, "row_code": b.get("code") if p is None else None,
                    "row_path": " > ".join(b.get("path") or []) if p is None else "",
                    "col_label": " > ".join(t["col_levels"][c - 1]), "raw": text, "row": r, "col": c})
    return out


def check_table(name, n, exp, got, errs):
    where = f"{name}: table {n}"
    for k in TABLE_KEYS:
        if k in exp and exp[k] != got.get(k):
            errs.append(f"{where}: {k}: expected {exp[k]!r}, got {got.get(k)!r}")
    for e in exp.get("slots", []):
        r, c = e["row"], e["col"]
        grid = got.get("grid") or []
        k = grid[r - 1][c - 1] if r <= len(grid) and c <= len(grid[r - 1]) else None
        text = got["cells"][k - 1][2] if k else None
        if k is None or text != e["text"]:
            errs.append(f"{where}: slot r{r}c{c}: expected {e['text']!r}, got {text!r}"
                        f"{' (outside the grid)' if k is None else ''}")
    cells = body_cells(got)
    for e in exp.get("cells", []):
        keys = [k for k in ("row_label", "row_code", "row_path", "col_label") if k in e]
        cand = [c for c in cells if all(c[k] == e[k] for k in keys)]
        label = f"{where}: row {e.get('row_label')!r} col {e.get('col_label')!r}"
        if "row_path" in e:
            label += f" (path {e['row_path']!r})"
        if not cand:
            rows = sorted({c["row_label"] or "" for c in cells if c["col_label"] == e.get("col_label")})
            cols = sorted({c["col_label"] for c in cells if c["row_label"] == e.get("row_label")})
            hint = (f"row found, its columns: {cols}" if cols else
                    f"column found, its rows: {rows[:8]}" if rows else "neither row nor column found")
            errs.append(f"{label}: missing ({hint})")
        elif not any(c["raw"] == e["raw"] for c in cand):
            errs.append(f"{label}: expected raw {e['raw']!r}, got "
                        f"{[c['raw'] for c in cand]!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--known")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("fixture", help="path without .html / .expected.json")
    a = ap.parse_args()
    name = os.path.basename(a.fixture)
    with open(a.fixture + ".expected.json", encoding="utf-8") as f:
        exp = json.load(f)
    p = subprocess.run([a.driver, a.fixture + ".html"], capture_output=True, text=True)
    errs = []
    if p.returncode != 0:
        errs.append(f"{name}: extractor exited {p.returncode}: {p.stderr.strip()}")
    recs = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    tables = [r for r in recs if r["type"] == "table"]
    figures = [r for r in recs if r["type"] == "key_figure"]
    if "table_count" in exp and exp["table_count"] != len(tables):
        errs.append(f"{name}: table_count: expected {exp['table_count']}, got {len(tables)}")
    for i, et in enumerate(exp.get("tables", []), 1):
        n = et.get("index", i)
        if n > len(tables):
            errs.append(f"{name}: table {n}: missing (the page has {len(tables)} tables)")
            continue
        check_table(name, n, et, tables[n - 1], errs)
    if "key_figures" in exp:
        ef = exp["key_figures"]
        if len(ef) != len(figures):
            errs.append(f"{name}: key_figures: expected {len(ef)}, got {len(figures)}: "
                        f"{[(f['label'], f['amount_raw']) for f in figures]}")
        for i, (e, g) in enumerate(zip(ef, figures), 1):
            for k in FIGURE_KEYS:
                if k in e and e[k] != g.get(k):
                    errs.append(f"{name}: key_figure {i} ({e.get('label')}): {k}: "
                                f"expected {e[k]!r}, got {g.get(k)!r}")
    known = {}
    if a.known and os.path.exists(a.known):
        for line in open(a.known, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                k, _, why = line.partition(" ")
                known[k] = why.strip()
    for e in errs:
        print(e)
    ncells = sum(len(t.get("cells", [])) for t in exp.get("tables", []))
    if name in known:
        if errs:
            print(f"{name}: KNOWN FAILURE ({len(errs)} mismatches): {known[name]}")
        else:
            print(f"{name}: listed as a known failure but PASSES now: remove it from the list")
        return 0
    if errs:
        print(f"{name}: FAIL ({len(errs)} mismatches)")
        return 1
    print(f"{name}: ok ({len(exp.get('tables', []))} tables, {ncells} cells, "
          f"{len(exp.get('key_figures', []))} key figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
