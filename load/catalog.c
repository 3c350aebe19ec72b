/* catalog.c: see catalog.h. */
#include "catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonutil.h"
#include "strbuf.h"

#define EU "http://publications.europa.eu/resource/authority/"
#define IANA "https://www.iana.org/assignments/media-types/"
#define TOOI_GEMEENTE "https://identifier.overheid.nl/tooi/id/gemeente/"

struct cat {
    const char *portal;
    const struct pipeline *pl;
    const char *base; /* base_url with a trailing slash, or "" */
};

static json_t *lang2(const char *nl, const char *en)
{
    return json_pack("[{s:s,s:s},{s:s,s:s}]", "@value", nl, "@language", "nl", "@value", en,
                     "@language", "en");
}

static json_t *ref(const char *iri)
{
    return json_pack("{s:s}", "@id", iri);
}

static json_t *typed(const char *value, const char *type)
{
    return json_pack("{s:s,s:s}", "@value", value, "@type", type);
}

static char *iri(const struct cat *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *iri(const struct cat *c, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, c->base);
    va_list ap;
    va_start(ap, fmt);
    char *tail = NULL;
    if (vasprintf(&tail, fmt, ap) < 0)
        tail = NULL;
    va_end(ap);
    if (tail)
        strbuf_addstr(&sb, tail);
    free(tail);
    return strbuf_detach(&sb, NULL);
}

/* The EU licence list's URI of an SPDX id (CC-BY-4.0 -> CC_BY_4_0). */
static char *licence_uri(const char *spdx)
{
    if (!strcmp(spdx, "CC0-1.0"))
        return strdup(EU "licence/CC0");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, EU "licence/");
    for (const char *p = spdx; *p; p++)
        strbuf_addch(&sb, *p == '-' || *p == '.' ? '_' : toupper((unsigned char)*p));
    return strbuf_detach(&sb, NULL);
}

struct media {
    const char *suffix, *media, *format, *compress, *what_nl, *what_en;
};

static const struct media media_types[] = {
    {".jsonl.zst", "application/json", "JSON", "application/zstd",
     "JSON Lines, met zstd gecomprimeerd", "JSON Lines, compressed with zstd"},
    {".tar.zst", "application/x-tar", "TAR", "application/zstd",
     "de hele release als tar-archief, met zstd gecomprimeerd",
     "the whole release as a tar archive, compressed with zstd"},
    {".zip", "application/zip", "ZIP", NULL, "de hele release als zip-archief",
     "the whole release as a zip archive"},
    {".csv", "text/csv", "CSV", NULL, "CSV (UTF-8, komma's, kopregel)",
     "CSV (UTF-8, comma-separated, header row)"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", NULL,
     "Excel-werkmap, een blad per tabel", "Excel workbook, one sheet per table"},
    {"datapackage.json", "application/json", "JSON", NULL,
     "beschrijving van elke kolom (Frictionless Data Package)",
     "every column described (Frictionless Data Package)"},
    {"CHANGES.json", "application/json", "JSON", NULL, "wijzigingen sinds de vorige release",
     "changes since the previous release"},
    {"CHANGES.md", "text/markdown", "MARKDOWN", NULL, "wijzigingen sinds de vorige release",
     "changes since the previous release"},
    {"SHA256SUMS", "text/plain", "TXT", NULL, "SHA-256-controlesommen van elk bestand",
     "SHA-256 checksums of every file"},
    {".html", "text/html", "HTML", NULL, "pagina van de release", "the release's page"},
    {NULL, "application/octet-stream", "BIN", NULL, "bestand", "file"},
};

static const struct media *media_of(const char *name)
{
    size_t n = strlen(name);
    for (const struct media *m = media_types;; m++) {
        if (!m->suffix)
            return m;
        size_t k = strlen(m->suffix);
        if (n >= k && !strcmp(name + n - k, m->suffix))
            return m;
    }
}

/* What the latest release's documents say: municipalities and years. */
struct coverage {
    json_t *municipalities; /* cbs_code -> name */
    int first_year, last_year;
};

static void coverage_of(const struct cat *c, const char *id, const char *version,
                        struct coverage *cv)
{
    cv->municipalities = json_object();
    cv->first_year = cv->last_year = 0;
    json_t *docs = release_read_records(c->portal, id, version, "documents", 0);
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d) {
        const char *code = jstr(d, "cbs_code"), *name = jstr(d, "municipality");
        if (code && name)
            json_object_set_new(cv->municipalities, code, json_string(name));
        int y = (int)jint(d, "year", 0);
        if (y && (!cv->first_year || y < cv->first_year))
            cv->first_year = y;
        if (y > cv->last_year)
            cv->last_year = y;
    }
    json_decref(docs);
}

static json_t *agent(const char *uri, const char *name)
{
    json_t *a = json_pack("{s:s,s:[{s:s}]}", "@type", "foaf:Agent", "foaf:name", "@value",
                          name ? name : "");
    if (uri)
        json_object_set_new(a, "@id", json_string(uri));
    return a;
}

/* The mandatory properties every dataset node carries (the dataset and each
 * release): identifier, titles, descriptions, publisher, creator, contact,
 * theme, access rights, spatial and temporal coverage, language. */
static void dataset_common(const struct cat *c, json_t *ds, const char *id, const char *node_iri,
                           const struct coverage *cv, const char *title_nl, const char *title_en)
{
    const struct pipeline *pl = c->pl;
    json_object_set_new(ds, "@type", json_string("dcat:Dataset"));
    json_object_set_new(ds, "dct:identifier", json_string(node_iri));
    json_object_set_new(ds, "dct:title", lang2(title_nl, title_en));
    int national = !strncmp(id, "nl-", 3);
    struct strbuf nl = STRBUF_INIT, en = STRBUF_INIT;
    strbuf_addstr(&nl, "Alle tabelcellen, bedragen, indicatoren en teksten uit de planning- en "
                       "controldocumenten (begroting, jaarverslag, perspectiefnota, "
                       "bestuursrapportage) ");
    strbuf_addstr(&en, "Every table cell, amount, indicator and section of text of the "
                       "planning-and-control documents (budget, annual report, policy outlook, "
                       "interim report) ");
    if (national) {
        strbuf_addstr(&nl, "van Nederlandse gemeenten, zoals zij die op hun websites publiceren.");
        strbuf_addstr(&en, "of Dutch municipalities, as published on their websites.");
    } else {
        strbuf_addstr(&nl, "van de gemeente, zoals die ze op haar websites publiceert.");
        strbuf_addstr(&en, "of the municipality, as published on its websites.");
    }
    strbuf_addstr(&nl, " Elk getal exact, met schaal, tekenconventie en de cel waar het vandaan komt.");
    strbuf_addstr(&en, " Every number exact, with its scale, sign convention and the cell it came "
                       "from.");
    json_object_set_new(ds, "dct:description", lang2(nl.buf, en.buf));
    strbuf_release(&nl);
    strbuf_release(&en);
    json_object_set_new(ds, "dct:publisher", agent(pl->publisher_uri, pl->publisher));
    json_t *creators = json_array(), *spatial = json_array();
    const char *code;
    json_t *name;
    json_object_foreach(cv->municipalities, code, name) {
        struct strbuf u = STRBUF_INIT, n = STRBUF_INIT;
        strbuf_addstr(&u, TOOI_GEMEENTE);
        for (const char *p = code; *p; p++)
            strbuf_addch(&u, tolower((unsigned char)*p));
        strbuf_addf(&n, "Gemeente %s", json_string_value(name));
        json_array_append_new(creators, agent(u.buf, n.buf));
        json_array_append_new(spatial, ref(u.buf));
        strbuf_release(&u);
        strbuf_release(&n);
    }
    if (national)
        json_array_append_new(spatial, ref(EU "country/NLD"));
    json_object_set_new(ds, "dct:creator", creators);
    json_object_set_new(ds, "dct:spatial", spatial);
    json_t *cp = json_pack("{s:s,s:s}", "@type", "vcard:Organization", "vcard:fn",
                           pl->publisher ? pl->publisher : "");
    if (pl->contact_email) {
        struct strbuf m = STRBUF_INIT;
        strbuf_addf(&m, "mailto:%s", pl->contact_email);
        json_object_set_new(cp, "vcard:hasEmail", ref(m.buf));
        strbuf_release(&m);
    }
    json_object_set_new(ds, "dcat:contactPoint", cp);
    json_object_set_new(ds, "dcat:theme",
                        json_pack("[o,o]", ref(EU "data-theme/GOVE"), ref(EU "data-theme/ECON")));
    json_object_set_new(ds, "dct:accessRights", ref(EU "access-right/PUBLIC"));
    json_object_set_new(ds, "dct:language", ref(EU "language/NLD"));
    if (cv->first_year) {
        char a[16], b[16];
        snprintf(a, sizeof(a), "%04d-01-01", cv->first_year);
        snprintf(b, sizeof(b), "%04d-12-31", cv->last_year);
        json_object_set_new(ds, "dct:temporal",
                            json_pack("{s:s,s:o,s:o}", "@type", "dct:PeriodOfTime",
                                      "dcat:startDate", typed(a, "xsd:date"), "dcat:endDate",
                                      typed(b, "xsd:date")));
    }
    json_object_set_new(ds, "dcat:keyword",
                        json_pack("[{s:s,s:s},{s:s,s:s},{s:s,s:s}]", "@value", "begroting",
                                  "@language", "nl", "@value", "jaarverslag", "@language", "nl",
                                  "@value", "budget", "@language", "en"));
}

static json_t *distributions(const struct cat *c, const char *id, const struct release_view *r,
                             const char *licence)
{
    json_t *out = json_array();
    char *page = iri(c, "pages/%s-%s.html", id, r->version);
    for (size_t i = 0; i < r->nfiles; i++) {
        const struct release_file *f = &r->files[i];
        const struct media *m = media_of(f->name);
        char *url = iri(c, "datasets/%s/%s/%s", id, r->version, f->name);
        char bytes[32];
        snprintf(bytes, sizeof(bytes), "%lld", f->bytes);
        struct strbuf tnl = STRBUF_INIT, ten = STRBUF_INIT, media = STRBUF_INIT;
        strbuf_addf(&tnl, "%s: %s", f->name, m->what_nl);
        strbuf_addf(&ten, "%s: %s", f->name, m->what_en);
        strbuf_addf(&media, IANA "%s", m->media);
        json_t *d = json_object();
        json_object_set_new(d, "@id", json_string(url));
        json_object_set_new(d, "@type", json_string("dcat:Distribution"));
        json_object_set_new(d, "dct:title", lang2(tnl.buf, ten.buf));
        json_object_set_new(d, "dcat:accessURL", ref(page));
        json_object_set_new(d, "dcat:downloadURL", ref(url));
        json_object_set_new(d, "dct:license", ref(licence));
        json_object_set_new(d, "dcat:mediaType", ref(media.buf));
        struct strbuf fmt = STRBUF_INIT;
        strbuf_addf(&fmt, EU "file-type/%s", m->format);
        json_object_set_new(d, "dct:format", ref(fmt.buf));
        strbuf_release(&fmt);
        if (m->compress) {
            struct strbuf z = STRBUF_INIT;
            strbuf_addf(&z, IANA "%s", m->compress);
            json_object_set_new(d, "dcat:compressFormat", ref(z.buf));
            strbuf_release(&z);
        }
        if (f->bytes >= 0)
            json_object_set_new(d, "dcat:byteSize", typed(bytes, "xsd:nonNegativeInteger"));
        json_object_set_new(d, "spdx:checksum",
                            json_pack("{s:s,s:o,s:o}", "@type", "spdx:Checksum", "spdx:algorithm",
                                      ref("spdx:checksumAlgorithm_sha256"), "spdx:checksumValue",
                                      typed(f->sha256, "xsd:hexBinary")));
        json_array_append_new(out, d);
        strbuf_release(&tnl);
        strbuf_release(&ten);
        strbuf_release(&media);
        free(url);
    }
    free(page);
    return out;
}

static void version_notes(const struct release_view *r, struct strbuf *nl, struct strbuf *en)
{
    json_t *ch = r->changes;
    const char *prev = ch ? jstr(ch, "previous_version") : NULL;
    if (!ch || !prev) {
        strbuf_addstr(nl, "Eerste release.");
        strbuf_addstr(en, "First release.");
        return;
    }
    long a = (long)jint(ch, "added_count", 0), d = (long)jint(ch, "removed_count", 0),
         k = (long)jint(ch, "changed_count", 0);
    strbuf_addf(nl, "Sinds %s: %ld feiten toegevoegd, %ld verwijderd, %ld gewijzigd (CHANGES.md).",
                prev, a, d, k);
    strbuf_addf(en, "Since %s: %ld facts added, %ld removed, %ld changed (CHANGES.md).", prev, a,
                d, k);
}

static json_t *dataset_node(const struct cat *c, const struct dataset_view *d, const char *licence)
{
    const struct release_view *cur = dataset_latest(d);
    struct coverage cv;
    coverage_of(c, d->id, cur->version, &cv);
    const char *title_nl = jstr(cur->package, "title");
    struct strbuf ten = STRBUF_INIT;
    if (json_object_size(cv.municipalities) == 1 && strncmp(d->id, "nl-", 3)) {
        const char *k;
        json_t *v;
        json_object_foreach(cv.municipalities, k, v)
            strbuf_addf(&ten, "Municipality of %s: planning-and-control documents",
                        json_string_value(v));
    } else {
        strbuf_addstr(&ten, "Dutch municipalities: planning-and-control documents");
    }
    char *ds_iri = iri(c, "datasets/%s/", d->id);
    json_t *ds = json_object();
    json_object_set_new(ds, "@id", json_string(ds_iri));
    dataset_common(c, ds, d->id, ds_iri, &cv, title_nl ? title_nl : d->id, ten.buf);
    char *landing = iri(c, "pages/%s.html", d->id);
    json_object_set_new(ds, "dcat:landingPage", ref(landing));
    free(landing);
    json_object_set_new(ds, "dcat:version", json_string(cur->version));
    json_t *versions = json_array();
    char *prev_iri = NULL;
    for (size_t i = 0; i < d->nreleases; i++) {
        const struct release_view *r = &d->releases[i];
        char *r_iri = iri(c, "datasets/%s/%s/", d->id, r->version);
        json_t *rn = json_object();
        json_object_set_new(rn, "@id", json_string(r_iri));
        struct strbuf tnl = STRBUF_INIT, tenr = STRBUF_INIT, vnl = STRBUF_INIT, ven = STRBUF_INIT;
        strbuf_addf(&tnl, "%s, versie %s", title_nl ? title_nl : d->id, r->version);
        strbuf_addf(&tenr, "%s, version %s", ten.buf, r->version);
        dataset_common(c, rn, d->id, r_iri, &cv, tnl.buf, tenr.buf);
        json_object_set_new(rn, "dcat:version", json_string(r->version));
        version_notes(r, &vnl, &ven);
        json_object_set_new(rn, "adms:versionNotes", lang2(vnl.buf, ven.buf));
        json_object_set_new(rn, "dcat:isVersionOf", ref(ds_iri));
        if (prev_iri)
            json_object_set_new(rn, "dcat:previousVersion", ref(prev_iri));
        const char *created = jstr(r->package, "created");
        if (created) {
            json_object_set_new(rn, "dct:issued", typed(created, "xsd:dateTime"));
            json_object_set_new(rn, "dct:modified", typed(created, "xsd:dateTime"));
        }
        char *page = iri(c, "pages/%s-%s.html", d->id, r->version);
        json_object_set_new(rn, "dcat:landingPage", ref(page));
        free(page);
        json_object_set_new(rn, "dcat:distribution", distributions(c, d->id, r, licence));
        if (r == cur) {
            json_object_set_new(ds, "dcat:hasCurrentVersion", ref(r_iri));
            /* the current release's files, so a harvester finds the downloads on the dataset */
            json_t *dist = json_array();
            size_t k;
            json_t *x;
            json_array_foreach(json_object_get(rn, "dcat:distribution"), k, x)
                json_array_append_new(dist, ref(jstr(x, "@id")));
            json_object_set_new(ds, "dcat:distribution", dist);
            if (created) {
                json_object_set_new(ds, "dct:modified", typed(created, "xsd:dateTime"));
            }
        }
        if (i == 0 && created)
            json_object_set_new(ds, "dct:issued", typed(created, "xsd:dateTime"));
        json_array_append_new(versions, rn);
        strbuf_release(&tnl);
        strbuf_release(&tenr);
        strbuf_release(&vnl);
        strbuf_release(&ven);
        free(prev_iri);
        prev_iri = r_iri;
    }
    free(prev_iri);
    json_t *has = json_array();
    size_t k;
    json_t *x;
    json_array_foreach(versions, k, x)
        json_array_append_new(has, ref(jstr(x, "@id")));
    json_object_set_new(ds, "dcat:hasVersion", has);
    json_decref(cv.municipalities);
    strbuf_release(&ten);
    free(ds_iri);
    /* the dataset first, then its releases, as nodes of the catalogue */
    json_t *nodes = json_array();
    json_array_append_new(nodes, ds);
    json_array_extend(nodes, versions);
    json_decref(versions);
    return nodes;
}

int catalog_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
                  struct odp_error *err)
{
    struct strbuf base = STRBUF_INIT;
    if (pl->base_url) {
        strbuf_addstr(&base, pl->base_url);
        if (base.len && base.buf[base.len - 1] != '/')
            strbuf_addch(&base, '/');
    }
    struct cat c = {portal, pl, base.len ? base.buf : ""};
    char *licence = licence_uri(pl->license ? pl->license : "CC-BY-4.0");
    json_t *ctx = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "dcat", "http://www.w3.org/ns/dcat#", "dct",
        "http://purl.org/dc/terms/", "foaf", "http://xmlns.com/foaf/0.1/", "vcard",
        "http://www.w3.org/2006/vcard/ns#", "adms", "http://www.w3.org/ns/adms#", "spdx",
        "http://spdx.org/rdf/terms#", "xsd", "http://www.w3.org/2001/XMLSchema#");
    if (base.len)
        json_object_set_new(ctx, "@base", json_string(base.buf));
    char *cat_iri = iri(&c, "catalog.jsonld");
    char *home = iri(&c, "index.html");
    json_t *catalog = json_object();
    json_object_set_new(catalog, "@id", json_string(cat_iri));
    json_object_set_new(catalog, "@type", json_string("dcat:Catalog"));
    json_object_set_new(catalog, "dct:title",
                        lang2("Open data uit planning- en controldocumenten van gemeenten",
                              "Open data from municipal planning-and-control documents"));
    json_object_set_new(
        catalog, "dct:description",
        lang2("Begrotingen, jaarverslagen, perspectiefnota's en bestuursrapportages van "
              "gemeenten als versiebeheerde open data, met controlesommen.",
              "Municipal budgets, annual reports, policy outlooks and interim reports as "
              "versioned, checksummed open data."));
    json_object_set_new(catalog, "dct:publisher", agent(pl->publisher_uri, pl->publisher));
    json_object_set_new(catalog, "foaf:homepage", ref(home));
    json_object_set_new(catalog, "dct:license", ref(licence));
    json_object_set_new(catalog, "dct:language", ref(EU "language/NLD"));
    json_t *graph = json_array(), *refs = json_array();
    for (size_t i = 0; i < v->ndatasets; i++) {
        json_t *nodes = dataset_node(&c, &v->datasets[i], licence);
        json_array_append_new(refs, ref(jstr(json_array_get(nodes, 0), "@id")));
        json_array_extend(graph, nodes);
        json_decref(nodes);
    }
    json_object_set_new(catalog, "dcat:dataset", refs);
    json_array_insert_new(graph, 0, catalog);
    json_t *doc = json_pack("{s:o,s:o}", "@context", ctx, "@graph", graph);
    char *text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
    strbuf_addf(&path, "%s/catalog.jsonld", portal);
    strbuf_addstr(&out, text);
    strbuf_addch(&out, '\n');
    int rc = portal_write_file(path.buf, out.buf, out.len, err);
    free(text);
    json_decref(doc);
    free(licence);
    free(cat_iri);
    free(home);
    strbuf_release(&path);
    strbuf_release(&out);
    strbuf_release(&base);
    return rc;
}
