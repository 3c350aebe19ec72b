#!/usr/bin/env python3
"""bench_read_html.py FILE...: the peer: pandas.read_html (lxml flavour) on the
same pages, tables only. Prints: mode pages bytes seconds pages_per_s MB_per_s peak_rss_kb"""
import io
import resource
import sys
import time

import pandas as pd

docs = []
for p in sys.argv[1:]:
    with open(p, encoding="utf-8") as f:
        docs.append(f.read())
nbytes = sum(len(d.encode()) for d in docs)
t0 = time.perf_counter()
tables = 0
for d in docs:
    try:
        tables += len(pd.read_html(io.StringIO(d), flavor="lxml"))
    except ValueError:  # a page without tables
        pass
s = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"pandas_read_html {len(docs)} {nbytes} {s:.3f} {len(docs) / s:.1f} {nbytes / s / 1e6:.2f} {rss}")
print(f"# pandas {pd.__version__}, {tables} tables", file=sys.stderr)
