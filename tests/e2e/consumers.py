#!/usr/bin/python3
"""Load a published release's CSV files the way its users do, and check that
hand-known seed values survive each reader.

Every expected value in CHECKS is written by hand from the seed texts in
shared/seeds/ (see check_seeds.py for where each comes from); none is produced
by odp. The column types each reader is given come from the release's own
datapackage.json, as a user would take them.

usage (run with Debian's /usr/bin/python3, which has python3-pandas):
  consumers.py pandas RELEASE_DIR
  consumers.py sqlite-sql RELEASE_DIR      SQL for `sqlite3` (stdout)
  consumers.py duckdb-js RELEASE_DIR       a CommonJS script for node (stdout)
  consumers.py r-script RELEASE_DIR        an R script for Rscript (stdout)
  consumers.py compare READER RELEASE_DIR DUMP_FILE
                                           check a reader's dump against CHECKS

A reader's dump is one JSON object per line: {"check": N, "value": V, "type": T}
with V the cell as the reader gives it (a number, a string, or null) and T the
reader's own name of the cell's type; and per resource {"rows": NAME, "n": N},
the rows the reader read, checked against the stdlib csv module's count.
"""
import json
import os
import sys
from decimal import Decimal

P4 = "GM0150-perspectiefnota-2026/p23716-domein-dienstverlening"
P2 = "GM0307-begroting-2018/p412-bestuurlijke-ontwikkeling"
BULLETS_4_5 = ("- Burgers ervaren de gemeente als meest nabije overheid\n"
               "- “Doen we de juiste dingen en doen we ze goed?” is een voortdurend gesprek in en "
               "met de samenleving.")

# (resource, {key column: value}, column, expected, kind)
#   kind: "number" (compared exactly as a decimal), "integer", "text", "null",
#   "text-end" (the text ends with expected)
CHECKS = [
    # seed 004: Reiskostenregeling, -1.000 x EUR 1.000 in 2026
    ("facts", {"fact_id": P4 + "#t2/r5c4"}, "value", "-1000", "number"),
    ("facts", {"fact_id": P4 + "#t2/r5c4"}, "amount_eur", "-1000000", "number"),
    ("facts", {"fact_id": P4 + "#t2/r5c4"}, "raw", "-1.000", "text"),
    ("facts", {"fact_id": P4 + "#t2/r5c4"}, "scale", "1000", "integer"),
    ("facts", {"fact_id": P4 + "#t2/r5c4"}, "row_code", "22", "text"),
    ("facts", {"fact_id": P4 + "#t2/r5c4"}, "period", "2026", "integer"),
    ("facts", {"fact_id": P4 + "#t2/r5c4"}, "table_id", P4 + "#t2", "text"),
    # seed 004: a lone dash counts as 0, the dash kept in raw
    ("facts", {"fact_id": P4 + "#t1/r3c6"}, "value", "0", "number"),
    ("facts", {"fact_id": P4 + "#t1/r3c6"}, "raw", "-", "text"),
    # seed 004: Raadsadviseur, programme 1, Nr. 21
    ("budget_lines", {"fact_id": P4 + "#t2/r4c4"}, "programme", "1", "text"),
    ("budget_lines", {"fact_id": P4 + "#t2/r4c4"}, "line_code", "21", "text"),
    ("budget_lines", {"fact_id": P4 + "#t2/r4c4"}, "value", "-132", "number"),
    ("budget_lines", {"fact_id": P4 + "#t2/r4c4"}, "amount_eur", "-132000", "number"),
    # seed 002: 6,3 in 2015
    ("facts", {"fact_id": P2 + "#t1/r3c6"}, "value", "6.3", "number"),
    ("facts", {"fact_id": P2 + "#t1/r3c6"}, "raw", "6,3", "text"),
    ("indicators", {"fact_id": P2 + "#t1/r3c6"}, "value", "6.3", "number"),
    ("indicators", {"fact_id": P2 + "#t1/r3c6"}, "period", "2015", "integer"),
    # seed 001: the header widget, EUR 9.153 x 1.000 of 434.408 x 1.000
    ("key_figures", {"page_id": "GM0150-begroting-2025/p21636-burger-en-bestuur", "ordinal": 1},
     "amount_eur", "9153000", "number"),
    ("key_figures", {"page_id": "GM0150-begroting-2025/p21636-burger-en-bestuur", "ordinal": 1},
     "total_eur", "434408000", "number"),
    ("key_figures", {"page_id": "GM0150-begroting-2025/p21636-burger-en-bestuur", "ordinal": 1},
     "raw", "€ 9.153", "text"),
    # documents: ids and codes stay text, a missing seq is missing
    ("documents", {"document_id": "GM1509-begroting-2021"}, "cbs_code", "GM1509", "text"),
    ("documents", {"document_id": "GM1509-begroting-2021"}, "year", "2021", "integer"),
    ("documents", {"document_id": "GM1509-begroting-2021"}, "seq", None, "null"),
    # seed 000: list items on their own lines, curly quotes intact
    ("sections", {"page_id": "GM0150-jaarverslag-2015/p3612-open-overheid", "ordinal": 2}, "text",
     BULLETS_4_5, "text-end"),
]

# the reader's type names that count as each kind
TYPES = {
    "pandas": {"number": {"float64"}, "integer": {"Int64"}, "text": {"str"}, "null": {"NA"}},
    "sqlite": {"number": {"integer", "real"}, "integer": {"integer"}, "text": {"text"},
               # the sqlite3 shell's .import reads an empty field as '', never NULL
               "null": {"text"}},
    "duckdb": {"number": {"DECIMAL"}, "integer": {"BIGINT"}, "text": {"VARCHAR"},
               "null": {"NULL"}},
    "r": {"number": {"numeric"}, "integer": {"integer"}, "text": {"character"},
          "null": {"NA"}},
}


def package(rel):
    with open(os.path.join(rel, "datapackage.json"), encoding="utf-8") as f:
        return json.load(f)


def fields(pkg, resource):
    for r in pkg["resources"]:
        if r["name"] == resource:
            return r["path"], [(f["name"], f["type"]) for f in r["schema"]["fields"]]
    sys.exit(f"FAIL: datapackage.json has no resource {resource}")


def paths(rel, r):
    """A resource's files: its path, or its list of paths (the national
    dataset's parts, one per municipality, read as one table in that order)."""
    p = r["path"]
    return [os.path.join(rel, x) for x in (p if isinstance(p, list) else [p])]


def csv_rows(files):
    import csv
    n = 0
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            n += sum(1 for _ in csv.DictReader(f))
    return n


def q(s):  # an SQL string literal
    return "'" + str(s).replace("'", "''") + "'"


def pandas_dump(rel):
    import pandas as pd
    pkg = package(rel)
    frames = {}
    for r in pkg["resources"]:
        dtype, dates = {}, []
        for f in r["schema"]["fields"]:
            t = f["type"]
            dtype[f["name"]] = {"integer": "Int64", "number": "float64"}.get(t, str)
            if t == "datetime":
                dates.append(f["name"])
        # one call, as the README shows: the parts concatenated in their order
        files = paths(rel, r)
        df = pd.concat([pd.read_csv(p, dtype=dtype, keep_default_na=False,
                                    na_values=r["schema"].get("missingValues", [""]),
                                    parse_dates=dates) for p in files], ignore_index=True)
        # the exact decimals too, as the README tells users to read them
        exact = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in files],
                          ignore_index=True)
        frames[r["name"]] = (df, exact)
        # every row the stdlib's csv module sees is a row here
        n = csv_rows(files)
        if len(df) != n:
            sys.exit(f"FAIL: pandas read {len(df)} rows of {r['path']}, the file has {n}")
        for f in r["schema"]["fields"]:
            got = str(df[f["name"]].dtype)
            want = {"integer": "Int64", "number": "float64", "datetime": "datetime64[ns, UTC]",
                    "string": "object"}[f["type"]]
            if got != want and not (f["type"] == "datetime" and got.startswith("datetime64")) \
                    and not (f["type"] == "datetime" and got == "object" and df[f["name"]].isna().all()):
                sys.exit(f"FAIL: pandas gave {r['name']}.{f['name']} dtype {got}, not {want}")
    for i, (res, key, col, _, _) in enumerate(CHECKS):
        df, exact = frames[res]
        m = None
        for k, v in key.items():
            c = (df[k] == v)
            m = c if m is None else (m & c)
        rows = df[m.fillna(False)]
        if len(rows) != 1:
            print(json.dumps({"check": i, "value": f"{len(rows)} rows match", "type": "rows"}))
            continue
        v = rows.iloc[0][col]
        if pd.isna(v):
            out, typ = None, "NA"
        elif str(df[col].dtype) == "float64":
            # the float as Python prints it, and the exact text beside it
            out, typ = repr(float(v)), "float64"
            if exact.loc[rows.index[0], col] != CHECKS[i][3]:
                out = "exact text " + exact.loc[rows.index[0], col]
        elif str(df[col].dtype) == "Int64":
            out, typ = int(v), "Int64"
        else:
            out, typ = v, type(v).__name__
        print(json.dumps({"check": i, "value": out, "type": typ}, ensure_ascii=False))


def sql_type(t):
    return {"integer": "INTEGER", "number": "NUMERIC"}.get(t, "TEXT")


def sqlite_sql(rel):
    pkg = package(rel)
    out = [".bail on"]
    for r in pkg["resources"]:
        path, cols = fields(pkg, r["name"])
        out.append(f"CREATE TABLE {r['name']} (" +
                   ", ".join(f'"{n}" {sql_type(t)}' for n, t in cols) + ");")
        for p in paths(rel, r):
            out.append(f".import --csv --skip 1 {p} {r['name']}")
        out.append(f"SELECT json_object('rows', '{r['name']}', 'n', count(*)) FROM {r['name']};")
    for i, (res, key, col, _, _) in enumerate(CHECKS):
        where = " AND ".join(f'"{k}" = {q(v) if isinstance(v, str) else v}' for k, v in key.items())
        out.append(f"SELECT json_object('check', {i}, 'value', \"{col}\", 'type', typeof(\"{col}\")) "
                   f"FROM {res} WHERE {where};")
    return "\n".join(out) + "\n"


def duck_type(t):
    return {"integer": "BIGINT", "number": "DECIMAL(38,10)", "datetime": "TIMESTAMPTZ"}.get(
        t, "VARCHAR")


def duckdb_js(rel):
    pkg = package(rel)
    stmts = ["SET TimeZone = 'UTC'"]
    for r in pkg["resources"]:
        path, cols = fields(pkg, r["name"])
        columns = "{" + ", ".join(f"{q(n)}: {q(duck_type(t))}" for n, t in cols) + "}"
        files = ", ".join(q(p) for p in paths(rel, r))
        stmts.append(f"CREATE TABLE {r['name']} AS SELECT * FROM read_csv([{files}], "
                     f"header = true, auto_detect = false, delim = ',', quote = '\"', "
                     f"escape = '\"', columns = {columns})")
    queries = [f"SELECT 'rows' AS check, '{r['name']}' AS value, CAST(count(*) AS VARCHAR) AS type "
               f"FROM {r['name']}" for r in pkg["resources"]]
    for i, (res, key, col, _, _) in enumerate(CHECKS):
        where = " AND ".join(f'"{k}" = {q(v) if isinstance(v, str) else v}' for k, v in key.items())
        queries.append(f"SELECT {i} AS check, CAST(\"{col}\" AS VARCHAR) AS value, "
                       f"CASE WHEN \"{col}\" IS NULL THEN 'NULL' ELSE typeof(\"{col}\") END AS type "
                       f"FROM {res} WHERE {where}")
    return f"""
const {{ DuckDBInstance }} = require(process.env.DUCKDB_MODULES + '/@duckdb/node-api');
(async () => {{
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  for (const s of {json.dumps(stmts)}) await con.run(s);
  for (const s of {json.dumps(queries)}) {{
    const r = await con.runAndReadAll(s);
    for (const row of r.getRowObjectsJson()) {{
      if (row.check === 'rows') {{ console.log(JSON.stringify({{rows: row.value, n: Number(row.type)}})); continue; }}
      const t = row.type.startsWith('DECIMAL') ? 'DECIMAL' : row.type;
      console.log(JSON.stringify({{check: Number(row.check), value: row.value, type: t}}));
    }}
  }}
}})().catch(e => {{ console.error('duckdb: ' + e.message); process.exit(1); }});
"""


def r_script(rel):
    pkg = package(rel)
    cls = {"integer": "integer", "number": "numeric"}
    out = ["options(warn = 2)"]
    for r in pkg["resources"]:
        path, cols = fields(pkg, r["name"])
        cc = "c(" + ", ".join(f'"{cls.get(t, "character")}"' for _, t in cols) + ")"
        files = "c(" + ", ".join(json.dumps(p) for p in paths(rel, r)) + ")"
        out.append(f'{r["name"]} <- do.call(rbind, lapply({files}, read.csv, colClasses = {cc}, '
                   f'na.strings = "", encoding = "UTF-8", check.names = FALSE))')
        out.append(f'cat(\'{{"rows": "{r["name"]}", "n": \', nrow({r["name"]}), \'}}\\n\', sep = "")')
    for i, (res, key, col, _, _) in enumerate(CHECKS):
        cond = " & ".join(f'{res}[["{k}"]] == {json.dumps(v)}' for k, v in key.items())
        # encodeString escapes as JSON does (\n, \", \\); the value as R prints it
        out.append(f'x <- {res}[which({cond}), "{col}"]')
        out.append(f'if (length(x) != 1) cat(\'{{"check": {i}, "value": "\', length(x), '
                   f'\' rows", "type": "rows"}}\\n\', sep = "") else '
                   f'cat(\'{{"check": {i}, "value": \', if (is.na(x)) "null" else '
                   f'encodeString(as.character(x), quote = \'"\'), \', "type": "\', '
                   f'if (is.na(x)) "NA" else class(x), \'"}}\\n\', sep = "")')
    return "\n".join(out) + "\n"


def compare(reader, rel, dump):
    got, counts = {}, {}
    with open(dump, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                if "rows" in d:
                    counts[d["rows"]] = d["n"]
                else:
                    got.setdefault(d["check"], []).append(d)
    failures = []
    if reader != "pandas":  # (pandas_dump checks its counts itself)
        import csv
        pkg = package(rel)
        for r in pkg["resources"]:
            n = csv_rows(paths(rel, r))
            if counts.get(r["name"]) != n:
                failures.append(f"{reader}: {r['path']}: {counts.get(r['name'])} rows read, "
                                f"the file has {n}")
    for i, (res, key, col, expected, kind) in enumerate(CHECKS):
        what = f"{reader}: {res}{key}.{col}"
        rows = got.get(i, [])
        if len(rows) != 1:
            failures.append(f"{what}: {len(rows)} rows, expected 1")
            continue
        v, t = rows[0]["value"], rows[0]["type"]
        types = TYPES[reader]["text" if kind == "text-end" else kind]
        if t not in types:
            failures.append(f"{what}: type {t}, expected one of {sorted(types)}")
        if kind == "null":
            ok = v is None or (reader == "sqlite" and v == "")
        elif kind == "number":
            try:
                ok = Decimal(str(v)) == Decimal(expected)
            except Exception:
                ok = False
        elif kind == "integer":
            ok = str(v) == expected
        elif kind == "text-end":
            ok = isinstance(v, str) and v.endswith(expected)
        else:
            ok = v == expected
        if not ok:
            failures.append(f"{what}: got {v!r}, expected {expected!r}")
    if failures:
        print("\n".join("FAIL: " + f for f in failures), file=sys.stderr)
        sys.exit(1)
    print(f"{reader}: {len(CHECKS)} hand-known values hold")


def main():
    cmd, arg = sys.argv[1], sys.argv[2]
    if cmd == "pandas":
        pandas_dump(arg)
    elif cmd == "sqlite-sql":
        sys.stdout.write(sqlite_sql(arg))
    elif cmd == "duckdb-js":
        sys.stdout.write(duckdb_js(arg))
    elif cmd == "r-script":
        sys.stdout.write(r_script(arg))
    elif cmd == "compare":
        compare(arg, sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
