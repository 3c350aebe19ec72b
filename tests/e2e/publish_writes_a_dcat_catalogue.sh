#!/bin/bash
# The portal's catalog.jsonld is one DCAT-AP-NL 3.0 catalogue of every dataset:
# expanded as JSON-LD (Debian's python3-pyld), every dataset and every release
# has the profile's mandatory properties (identifier, title and description in
# Dutch and English, publisher, creator, contactPoint from the pipeline file,
# theme, accessRights, spatial = the municipality, temporal coverage), every
# distribution its accessURL, downloadURL, licence, mediaType, byteSize, sha256
# checksum (and compressFormat when compressed), and releases are linked with
# DCAT 3 versioning. Two runs (four sources, then five) give a second release.
# Expected values are written by hand from the pipeline file and the seeds.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
"$PY" -c 'import pyld' 2>/dev/null || fail "python3-pyld is missing (scripts/install-deps.sh installs it)"
start_sites
cd "$T"
"$PY" - "$ODP_SRC/pipelines/demo.json" > four.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] = [s for s in p["sources"] if s["id"] != "amersfoort-begroting-2018"]
p["portal"]["publisher_uri"] = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
json.dump(p, sys.stdout)
PY
"$PY" -c 'import json,sys; p=json.load(open("four.json")); p["sources"]=json.load(open(sys.argv[1]))["sources"]; json.dump(p, open("five.json","w"))' "$ODP_SRC/pipelines/demo.json"
"$ODP" run -q --pipeline four.json --workdir work --portal portal "${RESOLVE[@]}" || fail "first run"
"$ODP" run -q --pipeline five.json --workdir work --portal portal "${RESOLVE[@]}" || fail "second run"
"$PY" - portal <<'PY'
import hashlib, json, os, sys
from pyld import jsonld
portal = sys.argv[1]
BASE = "http://localhost:8000/"   # pipelines/demo.json's base_url
DCAT, DCT, FOAF = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/"
VCARD, ADMS, SPDX = "http://www.w3.org/2006/vcard/ns#", "http://www.w3.org/ns/adms#", "http://spdx.org/rdf/terms#"
EU = "http://publications.europa.eu/resource/authority/"
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/"
failures = []
def check(what, expected, actual):
    if expected != actual:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")

doc = json.load(open(os.path.join(portal, "catalog.jsonld"), encoding="utf-8"))
nodes = {n["@id"]: n for n in jsonld.flatten(jsonld.expand(doc)) if "@id" in n}
def ids(n, p): return sorted(x["@id"] for x in n.get(p, []))
def vals(n, p): return [x.get("@value") for x in n.get(p, [])]
def langs(n, p): return sorted(x.get("@language") for x in n.get(p, []) if x.get("@value"))
def one(n, p):
    v = n.get(p, [])
    return v[0] if len(v) == 1 else None

cats = [n for n in nodes.values() if DCAT + "Catalog" in n.get("@type", [])]
check("one catalogue", 1, len(cats))
cat = cats[0]
want_ds = [BASE + "datasets/" + d + "/" for d in ("GM0150-deventer-pc-documenten", "GM0307-amersfoort-pc-documenten",
           "GM1509-oude-ijsselstreek-pc-documenten", "nl-gemeenten-pc-documenten")]
check("catalogue's datasets", want_ds, ids(cat, DCAT + "dataset"))

def mandatory(iri, gm_codes, years):
    n = nodes[iri]
    check(f"{iri} type", True, DCAT + "Dataset" in n.get("@type", []))
    check(f"{iri} identifier", [iri], vals(n, DCT + "identifier"))
    check(f"{iri} title languages", ["en", "nl"], langs(n, DCT + "title"))
    check(f"{iri} description languages", ["en", "nl"], langs(n, DCT + "description"))
    pub = nodes.get((one(n, DCT + "publisher") or {}).get("@id"), {})
    check(f"{iri} publisher", "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034", pub.get("@id"))
    check(f"{iri} publisher name", ["odp demo"], vals(pub, FOAF + "name"))
    check(f"{iri} creator", [TOOI + g for g in gm_codes], ids(n, DCT + "creator"))
    spatial = [TOOI + g for g in gm_codes] + ([EU + "country/NLD"] if len(gm_codes) > 1 else [])
    check(f"{iri} spatial", sorted(spatial), ids(n, DCT + "spatial"))
    cp = one(n, DCAT + "contactPoint")
    cp = nodes.get(cp["@id"], cp) if cp else {}
    check(f"{iri} contactPoint email", ["mailto:opendata@example.nl"], ids(cp, VCARD + "hasEmail"))
    check(f"{iri} theme", [EU + "data-theme/ECON", EU + "data-theme/GOVE"], ids(n, DCAT + "theme"))
    check(f"{iri} accessRights", [EU + "access-right/PUBLIC"], ids(n, DCT + "accessRights"))
    t = one(n, DCT + "temporal")
    t = nodes.get(t["@id"], t) if t else {}
    check(f"{iri} temporal", ([f"{years[0]}-01-01"], [f"{years[1]}-12-31"]),
          (vals(t, DCAT + "startDate"), vals(t, DCAT + "endDate")))
    return n

def distributions(n, release_dir):
    dists = ids(n, DCAT + "distribution")
    # every file SHA256SUMS lists is a distribution
    files = [l.split("  ", 1)[1].rstrip("\n") for l in open(os.path.join(release_dir, "SHA256SUMS"))]
    check(f"{release_dir} distributions", sorted(BASE + release_dir[len(portal) + 1:] + "/" + f
                                                 for f in files), dists)
    for d in dists:
        dn = nodes[d]
        f = os.path.join(portal, d[len(BASE):])
        data = open(f, "rb").read()
        check(f"{d} downloadURL", [d], ids(dn, DCAT + "downloadURL"))
        check(f"{d} accessURL", 1, len(ids(dn, DCAT + "accessURL")))
        check(f"{d} licence", [EU + "licence/CC_BY_4_0"], ids(dn, DCT + "license"))
        check(f"{d} mediaType", True, len(ids(dn, DCAT + "mediaType")) == 1)
        check(f"{d} byteSize", [str(len(data))], vals(dn, DCAT + "byteSize"))
        cs = one(dn, SPDX + "checksum")
        cs = nodes.get(cs["@id"], cs) if cs else {}
        check(f"{d} checksum", [hashlib.sha256(data).hexdigest()], vals(cs, SPDX + "checksumValue"))
        check(f"{d} checksum algorithm", [SPDX + "checksumAlgorithm_sha256"], ids(cs, SPDX + "algorithm"))
        if d.endswith(".zst"):
            check(f"{d} compressFormat", ["https://www.iana.org/assignments/media-types/application/zstd"],
                  ids(dn, DCAT + "compressFormat"))
        if d.endswith(".csv"):
            check(f"{d} mediaType", ["https://www.iana.org/assignments/media-types/text/csv"], ids(dn, DCAT + "mediaType"))

# Deventer (documents of 2015, 2025 and 2026): one release, unchanged by the second run
dev = BASE + "datasets/GM0150-deventer-pc-documenten/"
n = mandatory(dev, ["gm0150"], (2015, 2026))
check("Deventer versions", [dev + "2.0.0/"], ids(n, DCAT + "hasVersion"))
mandatory(dev + "2.0.0/", ["gm0150"], (2015, 2026))
distributions(nodes[dev + "2.0.0/"], os.path.join(portal, "datasets/GM0150-deventer-pc-documenten/2.0.0"))
check("Deventer landing page", [BASE + "pages/GM0150-deventer-pc-documenten.html"], ids(n, DCAT + "landingPage"))

# the national dataset: 2.0.0 from four sources, 2.1.0 when Amersfoort (2018) was added
nl = BASE + "datasets/nl-gemeenten-pc-documenten/"
n = mandatory(nl, ["gm0150", "gm0307", "gm1509"], (2015, 2026))
check("national versions", [nl + "2.0.0/", nl + "2.1.0/"], ids(n, DCAT + "hasVersion"))
check("national current version", [nl + "2.1.0/"], ids(n, DCAT + "hasCurrentVersion"))
check("national version", ["2.1.0"], vals(n, DCAT + "version"))
r = mandatory(nl + "2.1.0/", ["gm0150", "gm0307", "gm1509"], (2015, 2026))
check("2.1.0 version", ["2.1.0"], vals(r, DCAT + "version"))
check("2.1.0 previous", [nl + "2.0.0/"], ids(r, DCAT + "previousVersion"))
check("2.1.0 is a version of", [nl], ids(r, DCAT + "isVersionOf"))
notes = [v for v in vals(r, ADMS + "versionNotes")]
check("2.1.0 version notes", True, any(v.startswith("Since 2.0.0: ") for v in notes))
check("2.0.0 has no previous", [], ids(nodes[nl + "2.0.0/"], DCAT + "previousVersion"))
distributions(r, os.path.join(portal, "datasets/nl-gemeenten-pc-documenten/2.1.0"))
check("the dataset's distributions are the current release's", ids(r, DCAT + "distribution"),
      ids(n, DCAT + "distribution"))

if failures:
    print("\n".join("FAIL: " + f for f in failures[:40]), file=sys.stderr)
    sys.exit(1)
print(f"catalogue: {len(nodes)} nodes, mandatory DCAT-AP-NL properties and versions hold")
PY
# a run that publishes nothing leaves the catalogue as it was
sum1=$(sha256sum portal/catalog.jsonld)
"$ODP" publish -q --pipeline five.json --workdir work --portal portal || fail "third publish"
expect_eq "catalogue after a run without changes" "$sum1" "$(sha256sum portal/catalog.jsonld)"
echo "ok"
