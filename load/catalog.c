/* catalog.c: see catalog.h. */
#include "catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonutil.h"
#include "log.h"
#include "strbuf.h"
#include "xalloc.h"

#define EU "http://publications.europa.eu/resource/authority/"
#define IANA "https://www.iana.org/assignments/media-types/"
#define TOOI_GEMEENTE "https://identifier.overheid.nl/tooi/id/gemeente/"

struct cat {
    const char *portal;
    const struct pipeline *pl;
    const char *base; /* base_url with a trailing slash, or "" */
    /* Every IRI the catalogue points at that the shapes require to carry a
     * class (a licence is a dct:LicenseDocument, a theme a skos:Concept, ...):
     * IRI -> its node, written once each after the datasets. SHACL engines
     * read only the graph, never the vocabularies themselves. */
    json_t *declared;
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

/* A reference to iri, declared once in the catalogue as a node of class cls
 * (with a label when one is given, for harvesters that show it). */
static json_t *term(struct cat *c, const char *iri, const char *cls, const char *label)
{
    json_t *n = json_object_get(c->declared, iri);
    if (!n) {
        n = json_pack("{s:s,s:s}", "@id", iri, "@type", cls);
        if (label)
            json_object_set_new(n, "skos:prefLabel", json_string(label));
        json_object_set_new(c->declared, iri, n);
    }
    return ref(iri);
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
        return xstrdup(EU "licence/CC0");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, EU "licence/");
    for (const char *p = spdx; *p; p++)
        strbuf_addch(&sb, *p == '-' || *p == '.' ? '_' : toupper((unsigned char)*p));
    return strbuf_detach(&sb, NULL);
}

struct media {
    const char *suffix, *media, *format, *compress, *what_nl, *what_en;
    int tables; /* a table of the data contract, described by datapackage.json */
};

static const struct media media_types[] = {
    {".jsonl.zst", "application/json", "JSON", "application/zstd",
     "JSON Lines, met zstd gecomprimeerd", "JSON Lines, compressed with zstd", 1},
    {".tar.zst", "application/x-tar", "TAR", "application/zstd",
     "de hele release als tar-archief, met zstd gecomprimeerd",
     "the whole release as a tar archive, compressed with zstd", 0},
    {".zip", "application/zip", "ZIP", NULL, "de hele release als zip-archief",
     "the whole release as a zip archive", 0},
    {".csv", "text/csv", "CSV", NULL, "CSV (UTF-8, komma's, kopregel)",
     "CSV (UTF-8, comma-separated, header row)", 1},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", NULL,
     "Excel-werkmap, een blad per tabel", "Excel workbook, one sheet per table", 0},
    {"datapackage.json", "application/json", "JSON", NULL,
     "beschrijving van elke kolom (Frictionless Data Package)",
     "every column described (Frictionless Data Package)", 0},
    {"CHANGES.json", "application/json", "JSON", NULL, "wijzigingen sinds de vorige release",
     "changes since the previous release", 0},
    {"CHANGES.md", "text/markdown", "TXT", NULL, "wijzigingen sinds de vorige release",
     "changes since the previous release", 0},
    {"SHA256SUMS", "text/plain", "TXT", NULL, "SHA-256-controlesommen van elk bestand",
     "SHA-256 checksums of every file", 0},
    {".html", "text/html", "HTML", NULL, "pagina van de release", "the release's page", 0},
    {NULL, "application/octet-stream", "BIN", NULL, "bestand", "file", 0},
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

/* What a release's documents say: municipalities and years. coverage_add
 * merges one release into cv, so a series covers what all its members do. */
struct coverage {
    json_t *municipalities; /* cbs_code -> name */
    int first_year, last_year;
};

static void coverage_init(struct coverage *cv)
{
    cv->municipalities = json_object();
    cv->first_year = cv->last_year = 0;
}

static void coverage_add(const struct cat *c, const char *id, const char *version,
                         struct coverage *cv)
{
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

/* The pipeline's contact: a vcard:Kind (the class the shapes ask for) that is
 * an organisation, with the mail address. */
static json_t *contact_point(const struct pipeline *pl)
{
    json_t *cp = json_pack("{s:[s,s],s:s}", "@type", "vcard:Kind", "vcard:Organization",
                           "vcard:fn", pl->publisher ? pl->publisher : "");
    if (pl->contact_email) {
        struct strbuf m = STRBUF_INIT;
        strbuf_addf(&m, "mailto:%s", pl->contact_email);
        json_object_set_new(cp, "vcard:hasEmail", ref(m.buf));
        strbuf_release(&m);
    }
    return cp;
}

/* A page of the portal (landing page, homepage): a foaf:Document. */
static json_t *document(struct cat *c, const char *url)
{
    return term(c, url, "foaf:Document", NULL);
}

/* The properties every dataset node carries (the series and each release):
 * identifier, titles, descriptions, publisher, creator, contact, theme, access
 * rights, spatial and temporal coverage, language, keywords. */
static void dataset_common(struct cat *c, json_t *ds, const char *id, const char *node_iri,
                           const struct coverage *cv, const char *title_nl, const char *title_en)
{
    const struct pipeline *pl = c->pl;
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
        /* the municipality's URI from the national list (TOOI) is the place */
        json_array_append_new(spatial, term(c, u.buf, "dct:Location", n.buf));
        strbuf_release(&u);
        strbuf_release(&n);
    }
    if (national)
        json_array_append_new(spatial, term(c, EU "country/NLD", "dct:Location", "Nederland"));
    json_object_set_new(ds, "dct:creator", creators);
    json_object_set_new(ds, "dct:spatial", spatial);
    json_object_set_new(ds, "dcat:contactPoint", contact_point(pl));
    json_object_set_new(
        ds, "dcat:theme",
        json_pack("[o,o]", term(c, EU "data-theme/GOVE", "skos:Concept", "Government and public sector"),
                  term(c, EU "data-theme/ECON", "skos:Concept", "Economy and finance")));
    json_object_set_new(ds, "dct:accessRights",
                        term(c, EU "access-right/PUBLIC", "dct:RightsStatement", "public"));
    json_object_set_new(ds, "dct:language",
                        term(c, EU "language/NLD", "dct:LinguisticSystem", "Nederlands"));
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

static json_t *distributions(struct cat *c, const char *id, const struct release_view *r,
                             const char *licence)
{
    json_t *out = json_array();
    char *page = iri(c, "pages/%s-%s.html", id, r->version);
    char *package = iri(c, "datasets/%s/%s/datapackage.json", id, r->version);
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
        json_object_set_new(d, "dcat:accessURL", document(c, page));
        json_object_set_new(d, "dcat:downloadURL", ref(url));
        json_object_set_new(d, "dct:license", term(c, licence, "dct:LicenseDocument", NULL));
        json_object_set_new(d, "dcat:mediaType", term(c, media.buf, "dct:MediaType", m->media));
        struct strbuf fmt = STRBUF_INIT;
        strbuf_addf(&fmt, EU "file-type/%s", m->format);
        json_object_set_new(d, "dct:format",
                            term(c, fmt.buf, "dct:MediaTypeOrExtent", m->format));
        strbuf_release(&fmt);
        if (m->compress) {
            struct strbuf z = STRBUF_INIT;
            strbuf_addf(&z, IANA "%s", m->compress);
            json_object_set_new(d, "dcat:compressFormat",
                                term(c, z.buf, "dct:MediaType", m->compress));
            strbuf_release(&z);
        }
        /* the tables' columns are described in the release's datapackage.json */
        if (m->tables)
            json_object_set_new(d, "dct:conformsTo", term(c, package, "dct:Standard", NULL));
        json_object_set_new(d, "dct:language",
                            term(c, EU "language/NLD", "dct:LinguisticSystem", "Nederlands"));
        if (f->bytes >= 0)
            json_object_set_new(d, "dcat:byteSize", typed(bytes, "xsd:nonNegativeInteger"));
        json_object_set_new(
            d, "spdx:checksum",
            json_pack("{s:s,s:o,s:o}", "@type", "spdx:Checksum", "spdx:algorithm",
                      term(c, "spdx:checksumAlgorithm_sha256", "spdx:ChecksumAlgorithm", NULL),
                      "spdx:checksumValue", typed(f->sha256, "xsd:hexBinary")));
        json_array_append_new(out, d);
        strbuf_release(&tnl);
        strbuf_release(&ten);
        strbuf_release(&media);
        free(url);
    }
    free(page);
    free(package);
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

/* One dataset of the portal as a dcat:DatasetSeries (also typed dcat:Dataset,
 * its superclass, since the catalogue's dcat:dataset and the profile's
 * dataset rules expect that class and SHACL does no inference), followed by
 * its releases, each a dcat:Dataset in the series (dcat:inSeries) and a
 * version of it (dcat:isVersionOf, dcat:version), linked to the one before
 * (dcat:prev, dcat:previousVersion). The series names its first and last
 * member (dcat:first, dcat:last = the release `latest` names) and carries no
 * distributions of its own: the files belong to the releases. */
static json_t *series_nodes(struct cat *c, const struct dataset_view *d, const char *licence)
{
    const struct release_view *cur = dataset_latest(d);
    struct coverage all;
    coverage_init(&all);
    for (size_t i = 0; i < d->nreleases; i++)
        coverage_add(c, d->id, d->releases[i].version, &all);
    const char *title_nl = jstr(cur->package, "title");
    struct strbuf ten = STRBUF_INIT;
    if (json_object_size(all.municipalities) == 1 && strncmp(d->id, "nl-", 3)) {
        const char *k;
        json_t *v;
        json_object_foreach(all.municipalities, k, v)
            strbuf_addf(&ten, "Municipality of %s: planning-and-control documents",
                        json_string_value(v));
    } else {
        strbuf_addstr(&ten, "Dutch municipalities: planning-and-control documents");
    }
    char *ds_iri = iri(c, "datasets/%s/", d->id);
    json_t *ds = json_object();
    json_object_set_new(ds, "@id", json_string(ds_iri));
    json_object_set_new(ds, "@type", json_pack("[s,s]", "dcat:DatasetSeries", "dcat:Dataset"));
    dataset_common(c, ds, d->id, ds_iri, &all, title_nl ? title_nl : d->id, ten.buf);
    char *landing = iri(c, "pages/%s.html", d->id);
    json_object_set_new(ds, "dcat:landingPage", document(c, landing));
    free(landing);
    /* a release comes whenever a source site changes */
    json_object_set_new(ds, "dct:accrualPeriodicity",
                        term(c, EU "frequency/IRREG", "dct:Frequency", "irregular"));
    json_object_set_new(ds, "dcat:version", json_string(cur->version));
    json_t *versions = json_array();
    char *prev_iri = NULL;
    for (size_t i = 0; i < d->nreleases; i++) {
        const struct release_view *r = &d->releases[i];
        char *r_iri = iri(c, "datasets/%s/%s/", d->id, r->version);
        struct coverage cv;
        coverage_init(&cv);
        coverage_add(c, d->id, r->version, &cv);
        json_t *rn = json_object();
        json_object_set_new(rn, "@id", json_string(r_iri));
        json_object_set_new(rn, "@type", json_string("dcat:Dataset"));
        struct strbuf tnl = STRBUF_INIT, tenr = STRBUF_INIT, vnl = STRBUF_INIT, ven = STRBUF_INIT;
        strbuf_addf(&tnl, "%s, versie %s", title_nl ? title_nl : d->id, r->version);
        strbuf_addf(&tenr, "%s, version %s", ten.buf, r->version);
        dataset_common(c, rn, d->id, r_iri, &cv, tnl.buf, tenr.buf);
        json_decref(cv.municipalities);
        json_object_set_new(rn, "dcat:version", json_string(r->version));
        version_notes(r, &vnl, &ven);
        if (r->tombstone) {
            /* pruned (release_retention.h): no distributions; where it went */
            json_t *t = r->tombstone;
            strbuf_addf(&vnl, " Verwijderd op %s volgens het bewaarbeleid; %lld van de %lld "
                              "bestanden staan met dezelfde inhoud in een bewaarde release "
                              "(TOMBSTONE.json).",
                        jstr(t, "pruned_at"), (long long)jint(t, "files_living_on", 0),
                        (long long)jint(t, "files_total", 0));
            strbuf_addf(&ven, " Pruned on %s: %s; %lld of its %lld files live on with the same "
                              "bytes in a kept release (TOMBSTONE.json).",
                        jstr(t, "pruned_at"), jstr(t, "reason"),
                        (long long)jint(t, "files_living_on", 0),
                        (long long)jint(t, "files_total", 0));
            if (jstr(t, "superseded_by")) {
                char *next = iri(c, "datasets/%s/%s/", d->id, jstr(t, "superseded_by"));
                json_object_set_new(rn, "dct:isReplacedBy", ref(next));
                free(next);
            }
        }
        json_object_set_new(rn, "adms:versionNotes", lang2(vnl.buf, ven.buf));
        json_object_set_new(rn, "dcat:inSeries", ref(ds_iri));
        json_object_set_new(rn, "dcat:isVersionOf", ref(ds_iri));
        if (prev_iri) {
            json_object_set_new(rn, "dcat:prev", ref(prev_iri));
            json_object_set_new(rn, "dcat:previousVersion", ref(prev_iri));
        }
        const char *created = jstr(r->package, "created");
        if (created) {
            json_object_set_new(rn, "dct:issued", typed(created, "xsd:dateTime"));
            json_object_set_new(rn, "dct:modified", typed(created, "xsd:dateTime"));
        }
        char *page = iri(c, "pages/%s-%s.html", d->id, r->version);
        json_object_set_new(rn, "dcat:landingPage", document(c, page));
        free(page);
        json_object_set_new(rn, "dcat:distribution", distributions(c, d->id, r, licence));
        if (i == 0) {
            json_object_set_new(ds, "dcat:first", ref(r_iri));
            if (created)
                json_object_set_new(ds, "dct:issued", typed(created, "xsd:dateTime"));
        }
        if (r == cur) {
            json_object_set_new(ds, "dcat:last", ref(r_iri));
            json_object_set_new(ds, "dcat:hasCurrentVersion", ref(r_iri));
            if (created)
                json_object_set_new(ds, "dct:modified", typed(created, "xsd:dateTime"));
        }
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
    json_decref(all.municipalities);
    strbuf_release(&ten);
    free(ds_iri);
    /* the series first, then its releases, as nodes of the catalogue */
    json_t *nodes = json_array();
    json_array_append_new(nodes, ds);
    json_array_extend(nodes, versions);
    json_decref(versions);
    return nodes;
}

int catalog_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
                  struct odp_error *err)
{
    /* pipeline_load requires publisher, publisher_uri and contact of a
     * "portal" object; a pipeline without one (fetch and extract only) gets
     * no catalogue rather than one that breaks the profile */
    if (!pl->publisher || !pl->publisher_uri || !pl->contact_email) {
        log_info("%s: no \"portal\" with publisher, publisher_uri and contact: catalog.jsonld "
                 "not written",
                 pl->path);
        return 0;
    }
    struct strbuf base = STRBUF_INIT;
    if (pl->base_url) {
        strbuf_addstr(&base, pl->base_url);
        if (base.len && base.buf[base.len - 1] != '/')
            strbuf_addch(&base, '/');
    }
    struct cat c = {portal, pl, base.len ? base.buf : "", json_object()};
    char *licence = licence_uri(pl->license ? pl->license : "CC-BY-4.0");
    json_t *ctx = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "dcat", "http://www.w3.org/ns/dcat#", "dct",
        "http://purl.org/dc/terms/", "foaf", "http://xmlns.com/foaf/0.1/", "vcard",
        "http://www.w3.org/2006/vcard/ns#", "adms", "http://www.w3.org/ns/adms#", "spdx",
        "http://spdx.org/rdf/terms#", "skos", "http://www.w3.org/2004/02/skos/core#", "xsd",
        "http://www.w3.org/2001/XMLSchema#");
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
    /* the publisher also compiles the catalogue */
    json_object_set_new(catalog, "dct:creator", agent(pl->publisher_uri, pl->publisher));
    json_object_set_new(catalog, "dcat:contactPoint", contact_point(pl));
    json_object_set_new(catalog, "foaf:homepage", document(&c, home));
    json_object_set_new(catalog, "dct:license", term(&c, licence, "dct:LicenseDocument", NULL));
    json_object_set_new(catalog, "dct:language",
                        term(&c, EU "language/NLD", "dct:LinguisticSystem", "Nederlands"));
    json_t *graph = json_array(), *refs = json_array();
    for (size_t i = 0; i < v->ndatasets; i++) {
        json_t *nodes = series_nodes(&c, &v->datasets[i], licence);
        /* every series and every release: a harvester that knows no series
         * still finds each release with its files */
        size_t k;
        json_t *x;
        json_array_foreach(nodes, k, x)
            json_array_append_new(refs, ref(jstr(x, "@id")));
        json_array_extend(graph, nodes);
        json_decref(nodes);
    }
    json_object_set_new(catalog, "dcat:dataset", refs);
    json_array_insert_new(graph, 0, catalog);
    const char *k;
    json_t *x;
    json_object_foreach(c.declared, k, x)
        json_array_append(graph, x);
    json_t *doc = json_pack("{s:o,s:o}", "@context", ctx, "@graph", graph);
    char *text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
    strbuf_addf(&path, "%s/catalog.jsonld", portal);
    strbuf_addstr(&out, text);
    strbuf_addch(&out, '\n');
    int rc = portal_write_file(path.buf, out.buf, out.len, err);
    free(text);
    json_decref(doc);
    json_decref(c.declared);
    free(licence);
    free(cat_iri);
    free(home);
    strbuf_release(&path);
    strbuf_release(&out);
    strbuf_release(&base);
    return rc;
}
