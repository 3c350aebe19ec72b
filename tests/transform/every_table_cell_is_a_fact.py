#!/usr/bin/env python3
"""Principle 1: nothing in a source table is lost.

For every table fixture (tests/fixtures/extract/), the seed pages with tables
(demo/sites/) and this folder's own fixtures, the cells are counted here
independently of odp: Python's html.parser reads the <table>s, this file
expands colspan/rowspan itself, and every non-empty cell below the table's
header block must be a fact at the same grid row and column with the same
text. The header block is the number of header rows the extract fixture's
hand-written expectation states, plus legend rows ("bedragen x € 1.000 ...")
and title rows (one cell across the whole table) above them; cells there are
column labels and titles, not facts.
"""
import glob
import json
import os
import re
import sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import odp_records  # noqa: E402

SRC = os.environ.get("ODP_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(SRC, "tests", "fixtures", "extract")
failures = []


class Tables(HTMLParser):
    """Each top-level <table> as a list of rows, each row a list of
    (text, rowspan, colspan). Text inside <br> counts as a space."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.depth, self.cell = [], 0, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.tables[-1].append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell = [[], int(a.get("rowspan") or 1), int(a.get("colspan") or 1)]
            self.tables[-1][-1].append(self.cell)
        elif tag == "br" and self.cell is not None:
            self.cell[0].append(" ")

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None and self.depth == 1:
            self.cell[0].append(data)


def norm(s):
    s = s.replace("\u00a0", " ").replace("\u00ad", "")
    return re.sub(r"\s+", " ", s).strip()


def grid(rows):
    """{(row, col): text} of origin cells, grid coordinates from 1."""
    taken, out = set(), {}
    for r, row in enumerate(rows, 1):
        c = 1
        for parts, rs, cs in row:
            while (r, c) in taken:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            out[(r, c)] = norm("".join(parts))
            c += cs
    return out


LEGEND = re.compile(r"bedrag(en)?\s*(x|\*|in)|x\s*€", re.I)


def check_page(name, html_path, header_rows, records, page_id):
    p = Tables()
    p.feed(open(html_path, encoding="utf-8").read())
    facts = [f for f in records.get("facts", []) if f["page_id"] == page_id]
    if len(p.tables) != len(header_rows):
        failures.append(f"{name}: {len(p.tables)} tables in the HTML, {len(header_rows)} expected")
        return 0
    total = 0
    for n, (rows, hdr) in enumerate(zip(p.tables, header_rows), 1):
        g = grid(rows)
        # legend and title rows above the header: one non-empty cell naming the scale,
        # or one cell across the whole table
        width = max(c for (_, c) in g) if g else 0
        legend = 0
        for r in range(1, len(rows) + 1):
            texts = [t for (rr, _), t in g.items() if rr == r and t]
            whole = len(rows[r - 1]) == 1 and rows[r - 1][0][2] >= width
            if len(texts) == 1 and (LEGEND.search(texts[0]) or whole):
                legend = r
            else:
                break
        first_body = legend + hdr + 1
        want = {k: t for k, t in g.items() if t and k[0] >= first_body}
        tid = f"{page_id}#t{n}"
        got = {(f["row"], f["col"]): norm(f["raw"]) for f in facts
               if f["table_id"] == tid and f["raw"].strip()}
        if got != want:
            lost = sorted(set(want) - set(got))
            extra = sorted(set(got) - set(want))
            diff = sorted(k for k in set(want) & set(got) if want[k] != got[k])
            failures.append(f"{name} t{n}: {len(want)} non-empty cells, {len(got)} facts; "
                            f"not facts: {[(k, want[k]) for k in lost][:5]}; "
                            f"facts not cells: {[(k, got[k]) for k in extra][:5]}; "
                            f"text differs: {[(k, want[k], got[k]) for k in diff][:5]}")
        total += len(want)
    return total


count = 0
for exp in sorted(glob.glob(os.path.join(FIX, "*.expected.json"))):
    name = os.path.basename(exp)[:-len(".expected.json")]
    e = json.load(open(exp, encoding="utf-8"))
    hdr = [t["header_rows"] for t in e.get("tables", [])]
    if not hdr:
        continue
    src = odp_records.fixture_source(name, FIX)
    r = odp_records.run([src])
    count += check_page(name, src["pages"][0][1], hdr, r,
                        f"GM0150-begroting-2026/p1-{name.replace('_', '-')}")

# the seeds with tables: 002 (one indicator table, two header rows) and 004 (two tables:
# legend row, then one header row)
seeds = [("amersfoort-begroting-2018", "GM0307", "amersfoort.begroting-2018.nl",
          "p412/bestuurlijke-ontwikkeling", 2018, [2], "p412-bestuurlijke-ontwikkeling"),
         ("deventer-perspectiefnota-2026", "GM0150", "deventer2026.perspectiefnota.nl",
          "p23716/domein-dienstverlening", 2026, [1, 1], "p23716-domein-dienstverlening")]
for sid, gm, host, path, year, hdr, key in seeds:
    html = os.path.join(SRC, "demo", "sites", host, path + ".html")
    doc_type = sid.split("-")[-2]
    r = odp_records.run([{"id": sid, "cbs_code": gm, "municipality": "x", "doc_type": doc_type,
                          "year": year, "url": f"http://{host}/",
                          "pages": [(f"http://{host}/{path}", html)]}])
    count += check_page(sid, html, hdr, r, f"{gm}-{doc_type}-{year}/{key}")

# this folder's own fixtures (one header row per table, by reading them)
OWN = os.path.join(SRC, "tests", "transform", "fixtures")
for name, hdr in (("widget_and_table_tiel_2019", [1]), ("leudal_2019_decimal_points", [1, 1])):
    src = odp_records.fixture_source(name, OWN)
    r = odp_records.run([src])
    count += check_page(name, src["pages"][0][1], hdr, r,
                        f"GM0150-begroting-2026/p1-{name.replace('_', '-')}")

if count < 500:
    failures.append(f"only {count} cells were compared: the fixtures were not read")
if failures:
    print("\n".join("FAIL: " + f for f in failures), file=sys.stderr)
    sys.exit(1)
print(f"every non-empty table cell is a fact ({count} cells)")
