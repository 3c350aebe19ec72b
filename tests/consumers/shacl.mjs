// shacl.mjs: validate a JSON-LD file against SHACL shapes (Turtle) the way a
// harvester's validator does, with the npm engine rdf-validate-shacl and
// @zazuko/env-node's parsers, offline (the catalogue's @context is inline).
//
//   node shacl.mjs NODE_MODULES DATA.jsonld SHAPES.ttl [SHAPES.ttl...]
//
// Prints one line per validation result (severity, focus node, path, the
// shape's message and the offending value) and then a summary line
// `results: N (violations V, warnings W, infos I) in TRIPLES triples`.
// Exit status 0 when the engine ran (the caller decides what count is
// acceptable), 2 when it could not read its input. It does not judge.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [modules, data, ...shapes] = process.argv.slice(2);
if (!modules || !data || !shapes.length) {
  console.error('usage: node shacl.mjs NODE_MODULES DATA.jsonld SHAPES.ttl...');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(path.join(modules, p, 'index.js')).href);
const rdf = (await load('@zazuko/env-node')).default;
const SHACLValidator = (await load('rdf-validate-shacl')).default;

async function read(file) {
  try {
    return await rdf.dataset().import(rdf.fromFile(file));
  } catch (e) {
    console.error(`${file}: cannot be read as RDF: ${e.message}`);
    process.exit(2);
  }
}

const shapesGraph = rdf.dataset();
for (const s of shapes) for (const q of await read(s)) shapesGraph.add(q);
const dataGraph = await read(data);
if (dataGraph.size === 0) {
  console.error(`${data}: no triples (nothing to validate)`);
  process.exit(2);
}
const validator = new SHACLValidator(shapesGraph, { factory: rdf });
const report = await validator.validate(dataGraph);
const count = { Violation: 0, Warning: 0, Info: 0 };
for (const r of report.results) {
  const sev = r.severity ? r.severity.value.replace(/.*#/, '') : 'Violation';
  count[sev] = (count[sev] || 0) + 1;
  const msg = r.message.map((m) => m.value).join(' / ');
  console.log(`${sev}\t${r.focusNode ? r.focusNode.value : '-'}\t${r.path ? r.path.value : '-'}\t` +
              `${msg}\t${r.value ? r.value.value : ''}\t${r.sourceConstraintComponent.value.replace(/.*#/, '')}`);
}
console.log(`results: ${report.results.length} (violations ${count.Violation}, warnings ${count.Warning}, ` +
            `infos ${count.Info}) in ${dataGraph.size} triples`);
