#!/usr/bin/env python3
"""Every record is validated against its schema, also on the fast path.

transform validates facts, budget lines, indicators and sections without
building a jansson object (jsonschema_validate_fields). This runs the real
odp-extract and odp-transform on every fixture page (tests/fixtures/extract/,
this folder's fixtures), then hands each dataset's records to schema_fields,
which compares that fast path's verdict with the general validator's
(jsonschema_validate) on each record and on broken variants of it: each field
left out, set to the wrong type, to null, to a string outside its enum or
pattern, and an extra property. The contract's schemas must be decided by the
fast path every time, with the general validator's verdict.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import odp_records  # noqa: E402

SRC = os.environ.get("ODP_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("ODP_BUILD", "build")
FIX = os.path.join(SRC, "tests", "fixtures", "extract")
OWN = os.path.join(SRC, "tests", "transform", "fixtures")
TOOL = os.path.join(BUILD, "tests", "schema", "schema_fields")

sources = []
for d in (FIX, OWN):
    for html in sorted(glob.glob(os.path.join(d, "*.html"))):
        sources.append(odp_records.fixture_source(os.path.basename(html)[:-5], d))
wd = tempfile.mkdtemp(prefix="odp-flat-validation-")
failures = []
try:
    r = odp_records.run(sources, workdir=wd)
    seen = 0
    for ds in ("facts", "budget_lines", "indicators", "sections"):
        files = sorted(glob.glob(os.path.join(wd, "records", "*", ds + ".jsonl")))
        files = [f for f in files if os.path.getsize(f) > 0]
        if not files:
            failures.append(f"{ds}: no records from the fixtures")
            continue
        seen += len(r.get(ds, []))
        p = subprocess.run([TOOL, os.path.join(SRC, "schemas", ds + ".schema.json")] + files,
                           capture_output=True, text=True)
        print(p.stdout.strip())
        if p.returncode != 0:
            failures.append(f"{ds}: schema_fields exited {p.returncode}: {p.stdout}{p.stderr}")
    if seen < 100:
        failures.append(f"only {seen} records: the fixtures were not transformed")
finally:
    shutil.rmtree(wd, ignore_errors=True)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
