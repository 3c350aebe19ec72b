#!/usr/bin/env python3
"""bench_read_html.py FILE...: the peer: pandas.read_html (lxml flavour) on the
same pages, tables only, one process. Prints the columns of bench_extract:
mode jobs pages bytes wall_s cpu_s pages_per_s pages_per_cpu_s MB_per_cpu_s peak_rss_kb"""
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
c0 = time.process_time()
tables = 0
for d in docs:
    try:
        tables += len(pd.read_html(io.StringIO(d), flavor="lxml"))
    except ValueError:  # a page without tables
        pass
s = time.perf_counter() - t0
c = time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"pandas_read_html 1 {len(docs)} {nbytes} {s:.3f} {c:.3f} {len(docs) / s:.1f} "
      f"{len(docs) / c:.1f} {nbytes / c / 1e6:.2f} {rss}")
print(f"# pandas {pd.__version__}, {tables} tables", file=sys.stderr)
