#!/usr/bin/env python3
"""The JSON-Schema-Test-Suite through the command line, as a user runs it.

usage: suite_cli.py ODP_VALIDATE SUITE_DIR DRAFT GROUP

DRAFT is draft2020-12 or draft7, GROUP required (tests/DRAFT/*.json),
optional (tests/DRAFT/optional/*.json) or format (optional/format, with
--format-assert). Each case's schema is written to a file unchanged (no
$schema is added: a draft-07 case is run with --dialect
http://json-schema.org/draft-07/schema, a 2020-12 one with its default) and
its instances to a JSON Lines file, one per line; odp-validate --lines reports
the invalid ones as FILE:LINE, so each instance's verdict is read from its line.
The suite's remotes are served with --map http://localhost:1234/=SUITE/remotes.

Prints the pass count per file and `DRAFT GROUP: PASSED/TOTAL` at the end.
Exit status 1 when a required case fails or no case ran; optional and format
groups only report.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

validate, suite, draft, group = sys.argv[1:5]
sub = {"required": "", "optional": "optional", "format": "optional/format"}[group]
d = os.path.join(suite, "tests", draft, sub)
if not os.path.isdir(d):
    print(f"SKIPPED: {d} is not there (the JSON-Schema-Test-Suite)")
    sys.exit(77)
dialect = {"draft2020-12": "https://json-schema.org/draft/2020-12/schema",
           "draft7": "http://json-schema.org/draft-07/schema"}[draft]
files = sorted(f for f in os.listdir(d) if f.endswith(".json"))
passed = total = 0
failed_cases = []
with tempfile.TemporaryDirectory() as tmp:
    schema_path = os.path.join(tmp, "schema.json")
    data_path = os.path.join(tmp, "data.jsonl")
    for name in files:
        with open(os.path.join(d, name), encoding="utf-8") as f:
            cases = json.load(f)
        fp = ft = 0
        for case in cases:
            with open(schema_path, "w", encoding="utf-8") as f:
                json.dump(case["schema"], f)
            with open(data_path, "w", encoding="utf-8") as f:
                for t in case["tests"]:
                    f.write(json.dumps(t["data"]) + "\n")
            cmd = [validate, "--lines", "--dialect", dialect,
                   "--map", "http://localhost:1234/=" + os.path.join(suite, "remotes")]
            if group == "format":
                cmd.append("--format-assert")
            r = subprocess.run(cmd + [schema_path, data_path], capture_output=True, text=True)
            invalid = {int(m.group(1)) for m in re.finditer(r"^" + re.escape(data_path) + r":(\d+): ",
                                                             r.stdout, re.M)}
            for i, t in enumerate(case["tests"], 1):
                ft += 1
                # status 2 (a schema the CLI refuses) fails every case of it
                ok = r.returncode in (0, 1) and ((i not in invalid) == t["valid"])
                fp += ok
                if not ok:
                    failed_cases.append(f"{name}: {case['description']}: {t['description']} "
                                        f"(status {r.returncode}{': ' + r.stderr.strip() if r.returncode == 2 else ''})")
        print(f"{draft}/{sub + '/' if sub else ''}{name}: {fp}/{ft}")
        passed += fp
        total += ft
for c in failed_cases[:30]:
    print("FAIL " + c)
print(f"{draft} {group} through odp-validate: {passed}/{total}")
if total == 0 or (group == "required" and passed != total):
    sys.exit(1)
