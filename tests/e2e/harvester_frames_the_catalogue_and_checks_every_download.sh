#!/bin/bash
# A harvester's view of the portal: it reads catalog.jsonld over HTTP the way
# the national harvester does (JSON-LD expanded and framed by dcat:Dataset,
# Debian's python3-pyld), follows every dcat:downloadURL (all inside the
# portal, served by nginx on loopback under its base_url's host) and checks
# each file's size and SHA-256 against dcat:byteSize and spdx:checksum. It
# also finds each dataset series' latest release by dcat:last, as `latest`
# names it. Expected counts are written by hand: the demo after two runs
# (four sources, then five) has 4 series and 5 releases, and every file a
# release's SHA256SUMS lists is one distribution.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
"$PY" -c 'import pyld' 2>/dev/null || fail "python3-pyld is missing (scripts/install-deps.sh installs it)"
HOST=portal.test
cp -r "$ODP_SRC/demo/sites" "$T/sites"
ln -s "$T/portal" "$T/sites/$HOST"
start_sites "$T/sites"
cd "$T"
"$PY" - "$ODP_SRC/pipelines/demo.json" "$HOST" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["portal"]["base_url"] = "http://%s/" % sys.argv[2]
json.dump(p, open("five.json", "w"))
p["sources"] = [s for s in p["sources"] if s["id"] != "amersfoort-begroting-2018"]
json.dump(p, open("four.json", "w"))
PY
"$ODP" run -q --pipeline four.json --workdir work --portal portal "${RESOLVE[@]}" || fail "first run"
"$ODP" run -q --pipeline five.json --workdir work --portal portal "${RESOLVE[@]}" || fail "second run"
"$PY" - "$HOST" "$PORT" portal <<'PY'
import hashlib, http.client, json, os, sys
from pyld import jsonld
host, port, portal = sys.argv[1], int(sys.argv[2]), sys.argv[3]
BASE = "http://%s/" % host
DCAT, DCT, SPDX = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://spdx.org/rdf/terms#"
failures = []
def check(what, expected, actual):
    if expected != actual:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")

def get(url):
    if not url.startswith(BASE):
        failures.append(f"{url}: not inside the portal ({BASE})")
        return None
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/" + url[len(BASE):], headers={"Host": host})
    r = c.getresponse()
    body = r.read()
    c.close()
    if r.status != 200:
        failures.append(f"{url}: HTTP {r.status}")
        return None
    return body

catalog = json.loads(get(BASE + "catalog.jsonld"))
expanded = jsonld.expand(catalog)
frame = {"@context": {"dcat": DCAT, "dct": DCT, "spdx": SPDX},
         "@type": "dcat:Dataset", "@embed": "@always"}
framed = jsonld.frame(expanded, frame)
datasets = framed.get("@graph", [framed])
def many(n, p):
    v = n.get(p, [])
    return v if isinstance(v, list) else [v]
def iri(x):
    return x["@id"] if isinstance(x, dict) else x
def val(x):
    return x["@value"] if isinstance(x, dict) else x

series = [d for d in datasets if "dcat:DatasetSeries" in many(d, "@type")]
releases = [d for d in datasets if "dcat:DatasetSeries" not in many(d, "@type")]
check("series", 4, len(series))
check("releases", 5, len(releases))
files = 0
for r in releases:
    dists = many(r, "dcat:distribution")
    rel_dir = os.path.join(portal, r["@id"][len(BASE):])
    names = sorted(l.split("  ", 1)[1] for l in open(os.path.join(rel_dir, "SHA256SUMS")).read().splitlines())
    check(f"{r['@id']} downloads", [r["@id"] + n for n in names],
          sorted(iri(u) for d in dists for u in many(d, "dcat:downloadURL")))
    for d in dists:
        urls = [iri(u) for u in many(d, "dcat:downloadURL")]
        check(f"{d.get('@id')} one downloadURL", 1, len(urls))
        if not urls:
            continue
        body = get(urls[0])
        if body is None:
            continue
        files += 1
        check(f"{urls[0]} byteSize", str(len(body)), str(val(d.get("dcat:byteSize"))))
        cs = d.get("spdx:checksum", {})
                # compacted by the frame's context: spdx: is SPDX
        check(f"{urls[0]} algorithm", "spdx:checksumAlgorithm_sha256", iri(cs.get("spdx:algorithm", {})))
        check(f"{urls[0]} sha256", hashlib.sha256(body).hexdigest(), val(cs.get("spdx:checksumValue")))
    check(f"{r['@id']} in a series", 1, len(many(r, "dcat:inSeries")))
for s in series:
    sid = s["@id"][len(BASE):]
    latest = json.load(open(os.path.join(portal, sid, "latest.json")))["version"]
    last = iri(s.get("dcat:last", {}))
    check(f"{s['@id']} dcat:last", s["@id"] + latest + "/", last)
    check(f"{s['@id']} has no files of its own", [], many(s, "dcat:distribution"))
if files < 5 * 10:
    failures.append(f"only {files} files downloaded")
if failures:
    print("\n".join("FAIL: " + f for f in failures[:40]), file=sys.stderr)
    sys.exit(1)
print(f"harvester: {len(series)} series, {len(releases)} releases, {files} files downloaded over HTTP, "
      "every size and SHA-256 as the catalogue says")
PY
echo "ok"
