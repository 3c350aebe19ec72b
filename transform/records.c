/* records.c: see records.h. */
#include "records.h"
#include "records_out.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "atomic_file.h"
#include "cell_value.h"
#include "classify.h"
#include "dutch_number.h"
#include "extract_format.h"
#include "extract_reader.h"
#include "flat_record.h"
#include "fsutil.h"
#include "jsonschema.h"
#include "sha256.h"
#include "jsonutil.h"
#include "page_key.h"
#include "platform.h"
#include "reference.h"
#include "strbuf.h"
#include "table_facts.h"
#include "uri.h"
#include "workdir.h"
#include "xalloc.h"

#define EXTRACTOR_VERSION_READ ODP_EXTRACT_FORMAT_VERSION /* lib/extract_format.h */
#define TRANSFORM_VERSION 7      /* raise when the records change for the same input */

const char *const records_datasets[DS_COUNT] = {"documents", "pages",      "sections",
                                               "tables",    "facts",      "indicators",
                                               "budget_lines", "key_figures", "checks"};


/* Write line (a record, or its quarantine entry) to fp; takes line. */
static void write_line(struct out *o, FILE *fp, json_t *line)
{
    strbuf_reset(&o->line);
    jsonout_compact(line, &o->line);
    strbuf_addch(&o->line, '\n');
    fwrite(o->line.buf, 1, o->line.len, fp);
    json_decref(line);
}

/* Put rec (taken) in the quarantine with errors (a JSON array, taken); the
 * first quarantined record of a source is named in its status. */
static void quarantine(struct out *o, int ds, json_t *rec, json_t *errors)
{
    if (!o->counts->quarantined++) {
        json_t *e = json_array_get(errors, 0);
        snprintf(o->counts->first_quarantine, sizeof(o->counts->first_quarantine),
                 "%s record %s: %s: %s", records_datasets[ds],
                 jstr(rec, "fact_id")   ? jstr(rec, "fact_id")
                 : jstr(rec, "table_id") ? jstr(rec, "table_id")
                 : jstr(rec, "page_id") ? jstr(rec, "page_id")
                                        : "?",
                 e ? jstr(e, "instance_path") : "", e ? jstr(e, "message") : "invalid");
    }
    struct strbuf schema_name = STRBUF_INIT;
    strbuf_addf(&schema_name, "schemas/%s.schema.json", records_datasets[ds]);
    json_t *line = json_pack("{s:s,s:s,s:o,s:o}", "dataset", records_datasets[ds], "schema",
                             schema_name.buf, "record", rec, "errors", errors);
    strbuf_release(&schema_name);
    write_line(o, o->quarantine.fp, line);
}

/* Validate rec (taken) against its dataset's schema; write it and return 1,
 * or quarantine it with each error and return 0. */
int records_put(struct out *o, int ds, json_t *rec)
{
    struct jsonschema *schema = o->schemas ? o->schemas[ds] : NULL;
    if (!schema || jsonschema_validate(schema, rec, NULL)) {
        write_line(o, o->af[ds].fp, rec);
        return 1;
    }
    jsonschema_errors_release(&o->errs);
    jsonschema_validate(schema, rec, &o->errs);
    json_t *errors = json_array();
    for (size_t i = 0; i < o->errs.count; i++) {
        struct jsonschema_error *e = &o->errs.items[i];
        json_array_append_new(errors, json_pack("{s:s,s:s,s:s}", "instance_path", e->instance_ptr,
                                                "schema_path", e->schema_path, "message",
                                                e->message));
    }
    quarantine(o, ds, rec, errors);
    return 0;
}

/* Quarantine rec (taken), valid on its own, because the record its field
 * names (a budget line's or indicator's fact, a fact's table) was
 * quarantined: published, it would break the release's foreign key
 * (schemas' x-foreign-keys), which publish refuses. */
void records_quarantine_orphan(struct out *o, int ds, json_t *rec, const char *field,
                              const char *resource, const char *key)
{
    char ptr[64], msg[1024];
    snprintf(ptr, sizeof(ptr), "/%s", field);
    snprintf(msg, sizeof(msg), "names %s record \"%s\", which was quarantined", resource, key);
    quarantine(o, ds, rec,
               json_pack("[{s:s,s:s,s:s}]", "instance_path", ptr, "schema_path",
                         "#/x-foreign-keys", "message", msg));
}

/* Validate a flat record and write it, without a jansson object. A record the
 * flat check does not decide, or finds invalid, goes the general way (put):
 * jsonschema_validate() decides it and reports its errors, so the verdict and
 * the quarantine's text are the same either way. */
int records_put_flat(struct out *o, int ds, struct flat_record *r)
{
    struct jsonschema *schema = o->schemas ? o->schemas[ds] : NULL;
    if (!r->other && (!schema || jsonschema_validate_fields(schema, r->f, r->n) == 1)) {
        strbuf_reset(&o->line);
        flat_record_write(r, &o->line);
        fwrite(o->line.buf, 1, o->line.len, o->af[ds].fp);
        return 1;
    }
    return records_put(o, ds, flat_record_to_json(r));
}

/* A derived record (indicator, budget line) of the fact fact_id: written
 * like any record when its fact was, else quarantined with it. */
void records_put_derived(struct out *o, int ds, struct flat_record *r, int fact_ok,
                        const char *fact_id)
{
    if (fact_ok)
        records_put_flat(o, ds, r);
    else
        records_quarantine_orphan(o, ds, flat_record_to_json(r), "fact_id", "facts", fact_id);
}

/* Append prefix and then v in decimal at p; returns the end (not terminated). */
char *records_add_digits(char *p, const char *prefix, int v)
{
    while (*prefix)
        *p++ = *prefix++;
    char d[16];
    int k = (int)sizeof(d);
    unsigned u = v < 0 ? 0U - (unsigned)v : (unsigned)v;
    do {
        d[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--k] = '-';
    memcpy(p, d + k, sizeof(d) - (size_t)k);
    return p + (sizeof(d) - (size_t)k);
}

json_t *records_jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

char *records_join_path(json_t *arr)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (sb.len)
            strbuf_addstr(&sb, " > ");
        strbuf_addstr(&sb, json_string_value(v));
    }
    return strbuf_detach(&sb, NULL);
}

/* Convert a build stamp MM/DD/YYYY HH:MM:SS to ISO 8601. */
static json_t *stamp_iso(const char *s)
{
    if (!s || strlen(s) != 19)
        return json_null();
    char buf[24];
    snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2sT%.8s", s + 6, s, s + 3, s + 11);
    return json_string(buf);
}

long records_scale_exp(long scale)
{
    int e = 0;
    while (scale >= 10) {
        scale /= 10;
        e++;
    }
    return e;
}

/* A check record: counted by outcome, then validated and written like any other. */
void records_put_check(void *ctx, json_t *check)
{
    struct out *o = ctx;
    const char *st = jstr(check, "status");
    if (!strcmp(st, "holds"))
        o->counts->checks.holds++;
    else if (!strcmp(st, "off"))
        o->counts->checks.off++;
    else
        o->counts->checks.not_checkable++;
    records_put(o, DS_CHECKS, check);
}

void records_add_line(struct page_ctx *pc, const char *fact_id, const char *table_id,
                     const char *group, const char *measure, int period, const char *amount)
{
    ALLOC_GROW(pc->lines, (size_t)pc->nlines + 1, pc->lines_cap);
    struct check_line *l = &pc->lines[pc->nlines++];
    snprintf(l->fact_id, sizeof(l->fact_id), "%s", fact_id);
    snprintf(l->table_id, sizeof(l->table_id), "%s", table_id);
    l->group = group;
    l->measure = measure;
    l->period = period;
    snprintf(l->amount_eur, sizeof(l->amount_eur), "%s", amount);
}

static void emit_key_figure(struct out *o, struct page_ctx *pc, json_t *k)
{
    json_t *jscale = json_object_get(k, "scale");
    long scale = json_is_integer(jscale) ? (long)json_integer_value(jscale) : 1;
    struct dutch_number amount, total, share;
    dutch_number_parse(jstr(k, "amount_raw"), DN_DOTS_THOUSANDS, &amount);
    dutch_number_parse(jstr(k, "total_raw") ? jstr(k, "total_raw") : "", DN_DOTS_THOUSANDS, &total);
    dutch_number_parse(jstr(k, "share_raw") ? jstr(k, "share_raw") : "", DN_DOTS_THOUSANDS, &share);
    char a[160], t[160];
    int ha = amount.status == DN_OK && !decimal_shift(amount.value, (int)records_scale_exp(scale), a, sizeof(a));
    int ht = total.status == DN_OK && !decimal_shift(total.value, (int)records_scale_exp(scale), t, sizeof(t));
    json_t *r = json_object();
    json_object_set_new(r, "page_id", json_string(pc->page_id));
    json_object_set_new(r, "document_id", json_string(pc->document_id));
    json_object_set_new(r, "ordinal", json_integer(jint(k, "ordinal", 0)));
    json_object_set_new(r, "label", json_string(jstr(k, "label")));
    json_object_set_new(r, "amount_eur", ha ? json_string(a) : json_null());
    json_object_set_new(r, "share_pct", share.status == DN_OK ? json_string(share.value) : json_null());
    json_object_set_new(r, "total_eur", ht ? json_string(t) : json_null());
    json_object_set_new(r, "raw", json_string(jstr(k, "amount_raw")));
    json_object_set_new(r, "scale", json_integer(scale));
    ALLOC_GROW(pc->widgets, (size_t)pc->nwidgets + 1, pc->widgets_cap);
    struct check_widget *w = &pc->widgets[pc->nwidgets++];
    w->ordinal = (int)jint(k, "ordinal", 0);
    w->label = xstrdup(jstr(k, "label") ? jstr(k, "label") : ""); /* freed after the page's checks */
    snprintf(w->amount_eur, sizeof(w->amount_eur), "%s", ha ? a : "");
    records_put(o, DS_KEY_FIGURES, r);
}

/* SHA-256 over everything the records depend on: this transform's and the
 * extractor's versions, the source's settings and each page's URL, content
 * hash and fetch time, in manifest order. */
static void inputs_key(const struct source *src, json_t *man, char out[SHA256_HEX_LEN + 1])
{
    struct strbuf k = STRBUF_INIT;
    strbuf_addf(&k, "transform %d extract %d\n%s|%s|%s|%s|%s|%d|%d|%s\n", TRANSFORM_VERSION,
                EXTRACTOR_VERSION_READ, src->id, src->cbs_code, src->municipality, src->doc_type,
                src->doc_label, src->year, src->seq, src->url);
    strbuf_addf(&k, "%s|%s\n", jstr(man, "title") ? jstr(man, "title") : "",
                jstr(man, "pdf_url") ? jstr(man, "pdf_url") : "");
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(man, "pages"), i, p) {
        strbuf_addf(&k, "%s|%s|%s|%s\n", jstr(p, "url") ? jstr(p, "url") : "",
                    jstr(p, "sha256") ? jstr(p, "sha256") : "",
                    jstr(p, "content_fetched_at") ? jstr(p, "content_fetched_at") : "",
                    jstr(p, "build_stamp") ? jstr(p, "build_stamp") : "");
    }
    sha256_hex(k.buf, k.len, out);
    strbuf_release(&k);
}

/* Whether the source's records were made from these inputs already: its
 * .inputs file (key_path) holds the same key. */
static int inputs_unchanged(const char *key_path, const char *inputs)
{
    struct strbuf old = STRBUF_INIT;
    struct odp_error ignore;
    int same = fs_read_file(key_path, &old, &ignore) == 0 && !strcmp(old.buf, inputs);
    strbuf_release(&old);
    return same;
}

/* Open the source's record files in dir and its quarantine file under wd, as
 * atomic files: 0, or an odp_code with err set and none of them left open. */
static int open_outputs(struct out *o, const char *wd, const char *dir, const char *source_id,
                        struct odp_error *err)
{
    struct strbuf path = STRBUF_INIT;
    int rc = fs_mkdir_p(dir, err);
    int opened = 0; /* files 0..opened-1 are open */
    while (!rc && opened < DS_COUNT) {
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s.jsonl", dir, records_datasets[opened]);
        rc = atomic_file_open(&o->af[opened], path.buf, err);
        if (!rc) /* a page gives hundreds of small records: few, large writes */
            setvbuf(o->af[opened].fp, NULL, _IOFBF, 1 << 20);
        if (!rc)
            opened++;
    }
    strbuf_reset(&path);
    strbuf_addf(&path, "%s/quarantine", wd);
    if (!rc)
        rc = fs_mkdir_p(path.buf, err);
    strbuf_addf(&path, "/%s.jsonl", source_id);
    if (!rc)
        rc = atomic_file_open(&o->quarantine, path.buf, err);
    strbuf_release(&path);
    if (rc)
        for (int i = 0; i < opened; i++)
            atomic_file_abort(&o->af[i]);
    return rc;
}

/* Put every record file and the quarantine in place (or, when rc is not 0,
 * none of them) and free what o holds; returns rc, else the first error. */
static int close_outputs(struct out *o, int rc, struct odp_error *err)
{
    for (int k = 0; k < DS_COUNT; k++) {
        int r2 = rc ? (atomic_file_abort(&o->af[k]), rc) : atomic_file_commit(&o->af[k], err);
        if (r2 && !rc)
            rc = r2;
    }
    int qrc = rc ? (atomic_file_abort(&o->quarantine), rc) : atomic_file_commit(&o->quarantine, err);
    if (qrc && !rc)
        rc = qrc;
    jsonschema_errors_release(&o->errs);
    strbuf_release(&o->line);
    flat_record_release(&o->fact);
    flat_record_release(&o->indicator);
    flat_record_release(&o->budget_line);
    flat_record_release(&o->section);
    return rc;
}

/* Count a failed page, naming the first one in the source's status. */
static void page_failed(struct transform_counts *counts, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void page_failed(struct transform_counts *counts, const char *fmt, ...)
{
    counts->failed_pages++;
    if (counts->first_error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(counts->first_error, sizeof(counts->first_error), fmt, ap);
    va_end(ap);
}

/* What the document record takes from its pages, gathered page by page. */
struct doc_pages {
    const char *first_fetched, *last_changed, *build_stamp;
    json_t *page_urls; /* page_id -> url, to find two URLs with one key */
};

/* The page's id (document_id/key, page_key.h) into pc->page_id; 0, or -1
 * when it is another page's too or too long (the page fails, naming both). */
static int page_id_of(struct page_ctx *pc, const struct source *src, const char *url,
                      struct doc_pages *dp, struct transform_counts *counts)
{
    struct strbuf pid = STRBUF_INIT;
    strbuf_addf(&pid, "%s/", pc->document_id);
    page_key(url ? url : "", src->url, &pid);
    /* two URLs of one document with one key (page_key.h) would publish two
     * pages under one id: the second fails, naming both */
    const char *other = jstr(dp->page_urls, pid.buf);
    int rc = 0;
    if (other || pid.len >= sizeof(pc->page_id)) {
        page_failed(counts,
                    other ? "%s: page_id \"%s\" is the id of %s too (page_key.h maps both "
                            "URLs to one key); not published"
                          : "%s: page_id \"%s\"%s is too long; not published",
                    url, pid.buf, other ? other : "");
        rc = -1;
    } else {
        json_object_set_new(dp->page_urls, pid.buf, json_string(url));
        snprintf(pc->page_id, sizeof(pc->page_id), "%s", pid.buf);
    }
    strbuf_release(&pid);
    return rc;
}

/* A section of the extraction as its record. */
static void put_section(struct out *o, const struct page_ctx *pc, json_t *rec)
{
    struct flat_record *s = &o->section;
    char *hp = records_join_path(json_object_get(rec, "heading_path"));
    flat_record_reset(s);
    flat_record_str(s, "page_id", pc->page_id);
    flat_record_int(s, "ordinal", jint(rec, "ordinal", 0));
    flat_record_str(s, "heading", jstr(rec, "heading"));
    flat_record_int(s, "heading_level", jint(rec, "level", 0));
    flat_record_str(s, "heading_path", hp);
    flat_record_str(s, "text", jstr(rec, "text"));
    records_put_flat(o, DS_SECTIONS, s);
    free(hp);
}

/* What one page's extraction held, for its page record. */
struct page_read {
    json_t *page; /* the "page" record (a reference), or NULL */
    int nsec, ntab;
};

/* Read the page's extraction (fp, at path) and write the records of its
 * sections, tables (with their facts) and key figures, then the checks of
 * its widget; e has the extraction's error when it is broken. */
static void read_page(struct out *o, struct page_ctx *pc, struct extract_reader *reader, FILE *fp,
                      const char *path, struct page_read *pr, struct odp_error *e)
{
    json_t *rec;
    extract_reader_load(reader, fp, path, e);
    while (!e->code && (rec = extract_reader_next(reader, e))) {
        const char *type = jstr(rec, "type");
        if (type && !strcmp(type, "page")) {
            pr->page = json_incref(rec);
            pc->programme_number = json_string_value(json_object_get(pr->page, "programme_number"));
        } else if (type && !strcmp(type, "section")) {
            put_section(o, pc, rec);
            pr->nsec++;
        } else if (type && !strcmp(type, "table")) {
            table_facts_emit(o, pc, rec, o->counts);
            pr->ntab++;
        } else if (type && !strcmp(type, "key_figure")) {
            emit_key_figure(o, pc, rec);
        }
        json_decref(rec);
    }
    checks_widget(pc->page_id, pc->year, pc->widgets, pc->nwidgets, pc->lines, pc->nlines,
                  records_put_check, o);
    for (int w = 0; w < pc->nwidgets; w++)
        free((char *)pc->widgets[w].label);
    free(pc->widgets);
    free(pc->lines);
}

/* The page record of manifest entry p, read as pr. */
static void put_page(struct out *o, const struct page_ctx *pc, json_t *p, const char *url,
                     const struct page_read *pr)
{
    json_t *page = pr->page;
    json_t *programme = page ? json_object_get(page, "programme_number") : NULL;
    char *slug = uri_slug(url);
    json_t *r = json_object();
    char *bc = page ? records_join_path(json_object_get(page, "breadcrumb")) : xstrdup("");
    json_object_set_new(r, "page_id", json_string(pc->page_id));
    json_object_set_new(r, "document_id", json_string(pc->document_id));
    json_object_set_new(r, "url", json_string(url));
    json_object_set_new(r, "slug", json_string(slug));
    json_object_set_new(r, "title", records_jstr_or_null(page ? jstr(page, "title") : NULL));
    json_object_set_new(r, "breadcrumb", json_string(bc));
    json_object_set_new(r, "programme_number", programme ? json_incref(programme) : json_null());
    json_object_set_new(r, "programme_title",
                        page ? json_incref(json_object_get(page, "programme_title")) : json_null());
    json_object_set_new(r, "content_sha256", json_string(jstr(p, "sha256")));
    json_object_set_new(r, "fetched_at", records_jstr_or_null(jstr(p, "content_fetched_at")));
    json_object_set_new(r, "table_count", json_integer(pr->ntab));
    json_object_set_new(r, "section_count", json_integer(pr->nsec));
    records_put(o, DS_PAGES, r);
    free(bc);
    free(slug);
}

/* Manifest entry p: its extraction read and its records written, its page
 * record last; the document's dates taken from it. A page that is not
 * extracted, whose id is another page's, or whose extraction is broken is
 * counted as failed (its records so far are kept, as before). */
static void build_page(struct out *o, const char *wd, const struct source *src,
                       const char *document_id, json_t *p, struct extract_reader *reader,
                       struct doc_pages *dp)
{
    struct transform_counts *counts = o->counts;
    const char *sha = jstr(p, "sha256");
    const char *url = jstr(p, "url");
    if (!sha)
        return;
    struct strbuf path = STRBUF_INIT;
    workdir_extract_path(&path, wd, sha, EXTRACTOR_VERSION_READ);
    FILE *fp = fopen(path.buf, "r");
    if (!fp) {
        page_failed(counts, "%s: not extracted (%s missing); run odp extract", url, path.buf);
        strbuf_release(&path);
        return;
    }
    struct page_ctx pc = {.document_id = document_id, .year = src->year,
                          .municipality = src->municipality};
    if (page_id_of(&pc, src, url, dp, counts)) {
        fclose(fp);
        strbuf_release(&path);
        return;
    }
    struct page_read pr = {0};
    struct odp_error e = {0};
    read_page(o, &pc, reader, fp, path.buf, &pr, &e);
    fclose(fp);
    strbuf_release(&path);
    if (e.code)
        page_failed(counts, "%s", e.msg);
    const char *fetched = jstr(p, "content_fetched_at");
    if (fetched && (!dp->first_fetched || strcmp(fetched, dp->first_fetched) < 0))
        dp->first_fetched = fetched;
    if (fetched && (!dp->last_changed || strcmp(fetched, dp->last_changed) > 0))
        dp->last_changed = fetched;
    const char *stamp = pr.page ? jstr(pr.page, "build_stamp") : NULL;
    if (stamp && (!dp->build_stamp || strcmp(stamp + 6, dp->build_stamp + 6) > 0))
        dp->build_stamp = jstr(p, "build_stamp") ? jstr(p, "build_stamp") : NULL;
    put_page(o, &pc, p, url, &pr);
    counts->pages++;
    json_decref(pr.page);
}

/* The document record, after its pages. */
static void put_document(struct out *o, const struct source *src, json_t *man,
                         const char *document_id, const struct doc_pages *dp)
{
    json_t *d = json_object();
    json_object_set_new(d, "document_id", json_string(document_id));
    json_object_set_new(d, "cbs_code", json_string(src->cbs_code));
    json_object_set_new(d, "municipality", json_string(src->municipality));
    json_object_set_new(d, "doc_type", json_string(src->doc_type));
    json_object_set_new(d, "doc_label", json_string(src->doc_label));
    json_object_set_new(d, "year", json_integer(src->year));
    json_object_set_new(d, "seq", src->seq ? json_integer(src->seq) : json_null());
    json_object_set_new(d, "site_url", json_string(src->url));
    json_object_set_new(d, "platform",
                        json_string(platform_of(src->host, dp->build_stamp != NULL)));
    json_object_set_new(d, "title", records_jstr_or_null(jstr(man, "title")));
    json_object_set_new(d, "pdf_url", records_jstr_or_null(jstr(man, "pdf_url")));
    json_object_set_new(d, "build_stamp", stamp_iso(dp->build_stamp));
    json_object_set_new(d, "page_count", json_integer(o->counts->pages));
    json_object_set_new(d, "first_fetched_at", records_jstr_or_null(dp->first_fetched));
    json_object_set_new(d, "last_changed_at", records_jstr_or_null(dp->last_changed));
    records_put(o, DS_DOCUMENTS, d);
}

/* The steps: the inputs' key (an unchanged source costs nothing), the files
 * opened, every page in manifest order, the document, the files put in
 * place, and the key last. */
int records_build_source(const char *wd, const struct source *src,
                         struct jsonschema *const *schemas, const struct reference *ref,
                         struct transform_counts *counts, struct odp_error *err)
{
    memset(counts, 0, sizeof(*counts));
    struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT, key_path = STRBUF_INIT;
    workdir_fetch_manifest(&path, wd, src->id);
    json_t *man = jsonutil_load_path(path.buf, err);
    strbuf_release(&path);
    if (!man)
        return ODP_ENOTFOUND;
    workdir_records_dir(&dir, wd, src->id);
    char inputs[SHA256_HEX_LEN + 1];
    inputs_key(src, man, inputs);
    strbuf_addf(&key_path, "%s/.inputs", dir.buf);
    int rc = ODP_OK;
    if (inputs_unchanged(key_path.buf, inputs)) {
        counts->unchanged = 1;
        goto done;
    }
    struct out o;
    memset(&o, 0, sizeof(o));
    strbuf_init(&o.line, 4096);
    o.schemas = schemas;
    o.ref = ref;
    o.counts = counts;
    /* the record files skip their own fsyncs and are made durable in one
     * batch before the key says they are done, instead of two fsyncs a file */
    atomic_file_defer_sync(dir.buf);
    rc = open_outputs(&o, wd, dir.buf, src->id, err);
    if (rc) {
        atomic_file_defer_sync(NULL);
        strbuf_release(&o.line);
        goto done;
    }
    char *document_id = source_document_id(src);
    struct extract_reader reader = EXTRACT_READER_INIT;
    struct doc_pages dp = {.page_urls = json_object()};
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(man, "pages"), i, p)
        build_page(&o, wd, src, document_id, p, &reader, &dp);
    put_document(&o, src, man, document_id, &dp);
    rc = close_outputs(&o, rc, err);
    extract_reader_release(&reader);
    atomic_file_defer_sync(NULL);
    if (!rc)
        rc = atomic_file_sync_tree(dir.buf, err);
    /* the key last, once every record file is in place; pages that failed to
     * extract leave no key, so the next run tries them again */
    if (!rc && !counts->failed_pages)
        rc = atomic_write(key_path.buf, inputs, strlen(inputs), err);
    free(document_id);
    json_decref(dp.page_urls);
done:
    strbuf_release(&key_path);
    strbuf_release(&dir);
    json_decref(man);
    return rc;
}
