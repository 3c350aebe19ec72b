#!/usr/bin/python3
"""bench_pyjsonschema.py file|memory SCHEMA FILE LIMIT: python-jsonschema
(Debian's python3-jsonschema, run with /usr/bin/python3) on the first LIMIT
records of a JSON Lines file, as bench/validate/run.sh compares it with odp's
validator. python-jsonschema is about 100 times slower than the others, so
run.sh gives it a slice and reports records/s, which do not depend on N here
(each record is validated on its own).

"file": reads the slice line by line and times json.loads alone, then
json.loads + is_valid (best of 2 rounds each). "memory": loads the slice
first (untimed), then times is_valid alone. The validator is built once
(Draft202012Validator, the schema checked first); is_valid stops at the first
error, as odp's fast mode; "format" is not asserted (the facts schema has
none). Output: "RESULT name records seconds invalid" lines.
"""
import itertools
import json
import sys
import time

import jsonschema
from jsonschema import Draft202012Validator

mode, schema_path, path, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)


def lines():
    with open(path, encoding="utf-8") as f:
        yield from itertools.islice(f, limit)


def result(name, n, secs, invalid):
    print(f"RESULT {name} {n} {secs:.6f} {invalid}", flush=True)


first = json.loads(next(lines()))
if (not validator.is_valid(first) or validator.is_valid({**first, "value": "6,3"})
        or validator.is_valid({**first, "extra": True})):
    sys.exit("bench_pyjsonschema: sanity check failed on the first record")
print(f"python-jsonschema {getattr(jsonschema, '__version__', '?')} from {jsonschema.__file__}",
      file=sys.stderr)

if mode == "file":
    best_parse = best_both = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        n = 0
        for line in lines():
            json.loads(line)
            n += 1
        best_parse = min(best_parse, time.perf_counter() - t0)
        t0 = time.perf_counter()
        invalid = 0
        for line in lines():
            invalid += not validator.is_valid(json.loads(line))
        best_both = min(best_both, time.perf_counter() - t0)
    result("py_json_loads", n, best_parse, 0)
    result("pyjsonschema_parse_validate", n, best_both, invalid)
else:
    recs = [json.loads(line) for line in lines()]
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        invalid = sum(not validator.is_valid(r) for r in recs)
        best = min(best, time.perf_counter() - t0)
    result("pyjsonschema_validate", len(recs), best, invalid)
