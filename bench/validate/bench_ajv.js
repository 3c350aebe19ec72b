// bench_ajv.js: ajv (Ajv2020, compiled once) on a JSON Lines file, as
// bench/validate/run.sh compares it with odp's validator.
//
//   NODE_PATH=.cache/npm/node_modules node bench_ajv.js file|memory SCHEMA FILE [ROUNDS]
//
// "file": streams FILE in 8 MB chunks, cut at newlines, and times, alternately,
// JSON.parse alone and JSON.parse + validate per line (best round of each).
// "memory": JSON.parse's every record first (untimed), then times validation
// alone (best round), and the same on the first 2,000 records 100 times over
// (they stay in the cache: "hot").
// Options: strict: false, because the schema carries x- annotation keywords
// (x-primary-key, x-table-type, ...) that ajv's strict mode rejects as unknown
// keywords; allErrors: false (the default: stop at the first error, as odp's
// fast mode). The facts schema has no "format" keyword, so ajv-formats would
// change nothing and is not loaded.
// Output: "RESULT name records seconds invalid" lines, read by run.sh.
'use strict';
const fs = require('fs');
const Ajv2020 = require('ajv/dist/2020').default;

const [mode, schemaPath, path, roundsArg] = process.argv.slice(2);
const rounds = Math.max(1, parseInt(roundsArg || '3', 10));
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: false });
const validate = ajv.compile(schema);

function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}

// Calls fn(line) for every line of path; chunked so the file is never one string.
function eachLine(fn) {
  const fd = fs.openSync(path, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  let carry = '';
  let got;
  while ((got = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
    const last = buf.lastIndexOf(10, got - 1);
    if (last < 0) {
      carry += buf.toString('utf8', 0, got);
      continue;
    }
    const lines = (carry + buf.toString('utf8', 0, last)).split('\n');
    carry = buf.toString('utf8', last + 1, got);
    for (const l of lines) if (l.length) fn(l);
  }
  if (carry.length) fn(carry);
  fs.closeSync(fd);
}

function result(name, n, secs, invalid) {
  console.log(`RESULT ${name} ${n} ${secs.toFixed(6)} ${invalid}`);
}

// Sanity: the first record passes, with a decimal comma or an extra property it fails.
{
  const fd = fs.openSync(path, 'r');
  const b = Buffer.alloc(1 << 16);
  const got = fs.readSync(fd, b, 0, b.length, 0);
  fs.closeSync(fd);
  const first = JSON.parse(b.toString('utf8', 0, b.indexOf(10) > 0 ? b.indexOf(10) : got));
  if (!validate(first) || validate({ ...first, value: '6,3' }) || validate({ ...first, extra: true })) {
    console.error('bench_ajv: sanity check failed on the first record');
    process.exit(1);
  }
}

if (mode === 'file') {
  let bestParse = Infinity, bestBoth = Infinity, n = 0, invalid = 0;
  for (let r = 0; r < rounds; r++) {
    n = 0;
    let t0 = now();
    eachLine((l) => { JSON.parse(l); n++; });
    bestParse = Math.min(bestParse, now() - t0);
    invalid = 0;
    t0 = now();
    eachLine((l) => { if (!validate(JSON.parse(l))) invalid++; });
    bestBoth = Math.min(bestBoth, now() - t0);
  }
  result('json_parse', n, bestParse, 0);
  result('ajv_parse_validate', n, bestBoth, invalid);
} else if (mode === 'memory') {
  const recs = [];
  eachLine((l) => recs.push(JSON.parse(l)));
  let best = Infinity, invalid = 0;
  for (let r = 0; r < rounds; r++) {
    invalid = 0;
    const t0 = now();
    for (let i = 0; i < recs.length; i++) if (!validate(recs[i])) invalid++;
    best = Math.min(best, now() - t0);
  }
  result('ajv_validate', recs.length, best, invalid);
  // the first 2,000 records 100 times over: they stay in the cache ("hot")
  const hot = Math.min(recs.length, 2000), passes = 100;
  best = Infinity;
  for (let r = 0; r < rounds; r++) {
    invalid = 0;
    const t0 = now();
    for (let p = 0; p < passes; p++)
      for (let i = 0; i < hot; i++) if (!validate(recs[i])) invalid++;
    best = Math.min(best, now() - t0);
  }
  result('ajv_validate_hot', hot * passes, best, invalid);
} else {
  console.error('usage: bench_ajv.js file|memory SCHEMA FILE [ROUNDS]');
  process.exit(2);
}
