/* release_changes.c: see release_changes.h. */
#include "release_changes.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "extsort.h"
#include "jsonout.h"
#include "jsonutil.h"
#include "portal_scan.h"
#include "record_scan.h"
#include "strbuf.h"
#include "xalloc.h"

#define MD_LISTED 200

struct release_changes {
    char *tmpdir;
    size_t budget;
    int track;
    long facts_total;
    long total_override; /* > 0: facts_total as the caller counted it */
    struct extsort *now;             /* fact_id -> seq + {status, value, raw} */
    struct extsort *prev;            /* fact_id -> {status, value, raw} */
    struct extsort *added, *changed; /* seq -> entry */
    struct extsort *removed;         /* fact_id -> entry */
    int have_prev;                   /* the previous release's facts were read */
    const char *prev_version;
    char *note; /* release_changes_set_note */
    struct strbuf scratch;
    struct record_scan rs;
    struct odp_error read_err; /* the first error while reading the previous facts */
    int read_rc;
};

struct release_changes *release_changes_new(const char *tmpdir, size_t budget, int track)
{
    struct release_changes *c = xcalloc(1, sizeof(*c));
    c->tmpdir = xstrdup(tmpdir);
    c->budget = budget;
    c->track = track;
    strbuf_init(&c->scratch, 0);
    if (track)
        c->now = extsort_new(tmpdir, budget);
    return c;
}

void release_changes_free(struct release_changes *c)
{
    if (!c)
        return;
    extsort_free(c->now);
    extsort_free(c->prev);
    extsort_free(c->added);
    extsort_free(c->changed);
    extsort_free(c->removed);
    strbuf_release(&c->scratch);
    record_scan_release(&c->rs);
    free(c->note);
    free(c->tmpdir);
    free(c);
}

void release_changes_set_note(struct release_changes *c, const char *note)
{
    free(c->note);
    c->note = note ? xstrdup(note) : NULL;
}

/* {status, value, raw} of a fact as compact JSON, or -1 when one is missing. */
static int fact_value(json_t *f, struct strbuf *sb)
{
    static const char *const keys[] = {"status", "value", "raw"};
    strbuf_addch(sb, '{');
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(f, keys[i]);
        if (!v)
            return -1;
        if (i)
            strbuf_addch(sb, ',');
        jsonout_string(keys[i], strlen(keys[i]), sb);
        strbuf_addch(sb, ':');
        jsonout_compact(v, sb);
    }
    strbuf_addch(sb, '}');
    return 0;
}

static void put_seq(unsigned char *b, uint64_t seq)
{
    for (int x = 0; x < 8; x++)
        b[x] = (unsigned char)(seq >> (56 - 8 * x));
}

int release_changes_add_fact(struct release_changes *c, const char *id,
                             const struct row_value *status, const struct row_value *value,
                             const struct row_value *raw, struct odp_error *err)
{
    uint64_t seq = (uint64_t)c->facts_total++;
    if (!c->track || !id || !status || !value || !raw)
        return 0;
    /* fact_value's bytes: the line's values are json_dump_compact's text */
    const struct row_value *v[3] = {status, value, raw};
    static const char *const keys[] = {"{\"status\":", ",\"value\":", ",\"raw\":"};
    strbuf_reset(&c->scratch);
    unsigned char b[8];
    put_seq(b, seq);
    strbuf_add(&c->scratch, b, 8);
    for (int i = 0; i < 3; i++) {
        strbuf_addstr(&c->scratch, keys[i]);
        strbuf_add(&c->scratch, v[i]->text, v[i]->len);
    }
    strbuf_addch(&c->scratch, '}');
    return extsort_add(c->now, id, strlen(id), c->scratch.buf, c->scratch.len, err);
}

static void add_prev_fact(json_t *r, void *ud)
{
    struct release_changes *c = ud;
    const char *id = jstr(r, "fact_id");
    if (!id || c->read_rc)
        return;
    strbuf_reset(&c->scratch);
    if (fact_value(r, &c->scratch))
        return;
    c->read_rc = extsort_add(c->prev, id, strlen(id), c->scratch.buf, c->scratch.len, &c->read_err);
}

/* A line of the previous release's facts: as add_prev_fact, through
 * record_scan when it can (a plain value's text is json_dump_compact's). */
static void add_prev_line(const char *line, size_t len, void *ud)
{
    struct release_changes *c = ud;
    if (record_scan_line(&c->rs, line, len)) {
        json_t *r = json_loadb(line, len, 0, NULL);
        if (r)
            add_prev_fact(r, c);
        json_decref(r);
        return;
    }
    const struct record_member *id = record_scan_get(&c->rs, "fact_id");
    if (!id || id->kind != REC_STRING || c->read_rc)
        return;
    static const char *const names[] = {"status", "value", "raw"};
    static const char *const heads[] = {"{\"status\":", ",\"value\":", ",\"raw\":"};
    strbuf_reset(&c->scratch);
    for (int i = 0; i < 3; i++) {
        const struct record_member *m = record_scan_get(&c->rs, names[i]);
        if (!m)
            return;
        strbuf_addstr(&c->scratch, heads[i]);
        strbuf_add(&c->scratch, m->text, m->len);
    }
    strbuf_addch(&c->scratch, '}');
    c->read_rc = extsort_add(c->prev, id->text + 1, id->len - 2, c->scratch.buf, c->scratch.len,
                             &c->read_err);
}

/* The entry {"fact_id": id, "old": old, "new": new} (either may be NULL) as
 * compact JSON in sb. */
static void entry(struct strbuf *sb, const char *id, size_t idlen, const char *old, size_t oldlen,
                  const char *nw, size_t nwlen)
{
    strbuf_reset(sb);
    strbuf_addstr(sb, "{\"fact_id\":");
    jsonout_string(id, idlen, sb);
    if (old) {
        strbuf_addstr(sb, ",\"old\":");
        strbuf_add(sb, old, oldlen);
    }
    if (nw) {
        strbuf_addstr(sb, ",\"new\":");
        strbuf_add(sb, nw, nwlen);
    }
    strbuf_addch(sb, '}');
}

static int same_value(const char *a, size_t na, const char *b, size_t nb)
{
    json_t *x = json_loadb(a, na, 0, NULL), *y = json_loadb(b, nb, 0, NULL);
    int same = x && y && json_equal(json_object_get(x, "status"), json_object_get(y, "status")) &&
               json_equal(json_object_get(x, "value"), json_object_get(y, "value")) &&
               json_equal(json_object_get(x, "raw"), json_object_get(y, "raw"));
    json_decref(x);
    json_decref(y);
    return same;
}

static int key_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    return c ? c : (na < nb ? -1 : na > nb);
}

int release_changes_compute(struct release_changes *c, const char *prev_version,
                            const char *prev_dir, struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/facts.jsonl.zst", prev_dir ? prev_dir : "");
    const char *files[1] = {p.buf};
    int rc = release_changes_compute_files(c, prev_version, files, 1, err);
    strbuf_release(&p);
    return rc;
}

void release_changes_set_total(struct release_changes *c, long total)
{
    c->total_override = total;
}

int release_changes_compute_files(struct release_changes *c, const char *prev_version,
                                  const char *const *prev_files, size_t nfiles,
                                  struct odp_error *err)
{
    c->prev_version = prev_version;
    if (!prev_version || !c->track)
        return 0;
    /* the previous release's facts, by fact_id */
    c->prev = extsort_new(c->tmpdir, c->budget);
    int rc = 0;
    for (size_t f = 0; f < nfiles; f++)
        if (jsonl_zst_each_line(prev_files[f], add_prev_line, c) && nfiles == 1)
            return 0; /* unreadable: as if there were none */
    if (c->read_rc) {
        *err = c->read_err;
        return c->read_rc;
    }
    c->have_prev = 1;
    c->added = extsort_new(c->tmpdir, c->budget);
    c->changed = extsort_new(c->tmpdir, c->budget);
    c->removed = extsort_new(c->tmpdir, c->budget);
    rc = extsort_finish(c->prev, err);
    if (!rc)
        rc = extsort_finish(c->now, err);
    const char *ak = NULL, *av = NULL, *bk = NULL, *bv = NULL;
    size_t akn = 0, avn = 0, bkn = 0, bvn = 0;
    int ahas = 0, bhas = 0, amatched = 0;
    struct strbuf last_a = STRBUF_INIT, e = STRBUF_INIT;
    if (!rc)
        rc = extsort_next(c->prev, &ak, &akn, &av, &avn, &ahas, err);
    if (!rc)
        rc = extsort_next(c->now, &bk, &bkn, &bv, &bvn, &bhas, err);
    while (!rc && (ahas || bhas)) {
        int cmp = !ahas ? 1 : !bhas ? -1 : key_cmp(ak, akn, bk, bkn);
        if (cmp > 0) { /* only new */
            entry(&e, bk, bkn, NULL, 0, bv + 8, bvn - 8);
            rc = extsort_add(c->added, bv, 8, e.buf, e.len, err);
            if (!rc)
                rc = extsort_next(c->now, &bk, &bkn, &bv, &bvn, &bhas, err);
        } else if (cmp < 0) { /* only old, or done with it */
            if (!amatched) {
                entry(&e, ak, akn, av, avn, NULL, 0);
                rc = extsort_add(c->removed, ak, akn, e.buf, e.len, err);
            }
            strbuf_reset(&last_a);
            strbuf_add(&last_a, ak, akn);
            /* a fact_id twice in the previous release counts once */
            while (!rc) {
                rc = extsort_next(c->prev, &ak, &akn, &av, &avn, &ahas, err);
                if (rc || !ahas || key_cmp(ak, akn, last_a.buf, last_a.len))
                    break;
            }
            amatched = 0;
        } else {
            amatched = 1;
            if (!same_value(av, avn, bv + 8, bvn - 8)) {
                entry(&e, bk, bkn, av, avn, bv + 8, bvn - 8);
                rc = extsort_add(c->changed, bv, 8, e.buf, e.len, err);
            }
            if (!rc)
                rc = extsort_next(c->now, &bk, &bkn, &bv, &bvn, &bhas, err);
        }
    }
    strbuf_release(&last_a);
    strbuf_release(&e);
    if (!rc)
        rc = extsort_finish(c->added, err);
    if (!rc)
        rc = extsort_finish(c->changed, err);
    if (!rc)
        rc = extsort_finish(c->removed, err);
    extsort_free(c->prev);
    extsort_free(c->now);
    c->prev = c->now = NULL;
    return rc;
}

long release_changes_added(const struct release_changes *c)
{
    return c->added ? (long)extsort_count(c->added) : 0;
}

long release_changes_removed(const struct release_changes *c)
{
    return c->removed ? (long)extsort_count(c->removed) : 0;
}

long release_changes_changed(const struct release_changes *c)
{
    return c->changed ? (long)extsort_count(c->changed) : 0;
}

static const char *value_text(json_t *v)
{
    json_t *x = json_object_get(v, "value");
    if (json_is_string(x))
        return json_string_value(x);
    return json_string_value(json_object_get(v, "status"));
}

/* Write the list of s into fp as the value of a key at depth 1 of an object
 * dumped with JSON_INDENT(2), and its first MD_LISTED entries to md. */
static int write_list(FILE *fp, struct extsort *s, struct strbuf *md, struct odp_error *err)
{
    if (!s || !extsort_count(s)) {
        fputs("[]", fp);
        return 0;
    }
    fputc('[', fp);
    const char *k, *v;
    size_t kn, vn, i = 0;
    int got, rc;
    while (!(rc = extsort_next(s, &k, &kn, &v, &vn, &got, err)) && got) {
        json_t *e = json_loadb(v, vn, 0, NULL);
        if (!e) {
            rc = odp_error_set(err, ODP_EIO, "CHANGES.json: a sort run file is damaged");
            break;
        }
        char *text = json_dumps(e, JSON_INDENT(2));
        fputs(i ? ",\n    " : "\n    ", fp);
        for (const char *t = text; *t; t++) {
            fputc(*t, fp);
            if (*t == '\n')
                fputs("    ", fp);
        }
        free(text);
        if (i < MD_LISTED) {
            json_t *o = json_object_get(e, "old"), *nw = json_object_get(e, "new");
            strbuf_addf(md, "| `%s` | %s | %s |\n", jstr(e, "fact_id"), o ? value_text(o) : "",
                        nw ? value_text(nw) : "");
        }
        json_decref(e);
        i++;
    }
    fputs("\n  ]", fp);
    return rc;
}

static void put_string(FILE *fp, const char *s)
{
    json_t *j = json_string(s);
    char *t = json_dumps(j, JSON_ENCODE_ANY);
    fputs(t, fp);
    free(t);
    json_decref(j);
}

static void md_section(struct strbuf *md, const char *kind, long n, struct strbuf *lines)
{
    if (!n)
        return;
    strbuf_addf(md, "\n## %c%s\n\n| fact_id | old | new |\n|---|---|---|\n", kind[0] - 32,
                kind + 1);
    strbuf_add(md, lines->buf, lines->len);
    if (n > MD_LISTED)
        strbuf_addf(md, "\n(%zu more in CHANGES.json)\n", (size_t)(n - MD_LISTED));
}

int release_changes_write(struct release_changes *c, const char *dir, const char *dataset_id,
                          const char *version, struct odp_error *err)
{
    long na = release_changes_added(c), nr = release_changes_removed(c),
         nc = release_changes_changed(c);
    if (c->total_override > 0)
        c->facts_total = c->total_override;
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/CHANGES.json", dir);
    struct atomic_file af;
    int rc = atomic_file_open(&af, p.buf, err);
    strbuf_release(&p);
    if (rc)
        return rc;
    struct strbuf lines[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT}; /* added removed changed */
    FILE *fp = af.fp;
    int first = !c->have_prev;
    fputs("{\n  \"previous_version\": ", fp);
    if (c->prev_version)
        put_string(fp, c->prev_version);
    else
        fputs("null", fp);
    fputs(",\n  \"note\": ", fp);
    if (c->note)
        put_string(fp, c->note);
    else
        fputs("null", fp);
    fprintf(fp,
            ",\n  \"first_release\": %s,\n  \"facts_total\": %ld,\n  \"added_count\": %ld,\n"
            "  \"removed_count\": %ld,\n  \"changed_count\": %ld,\n  \"added\": ",
            first ? "true" : "false", c->facts_total, na, nr, nc);
    rc = write_list(fp, c->added, &lines[0], err);
    if (!rc) {
        fputs(",\n  \"removed\": ", fp);
        rc = write_list(fp, c->removed, &lines[1], err);
    }
    if (!rc) {
        fputs(",\n  \"changed\": ", fp);
        rc = write_list(fp, c->changed, &lines[2], err);
    }
    if (!rc) {
        fputs(",\n  \"version\": ", fp);
        put_string(fp, version);
        fputs("\n}\n", fp);
        rc = atomic_file_commit(&af, err);
    } else {
        atomic_file_abort(&af);
    }
    /* CHANGES.md: the same, for people (the first MD_LISTED of each kind) */
    struct strbuf md = STRBUF_INIT;
    if (!rc) {
        strbuf_addf(&md, "# %s %s: changes\n\n", dataset_id, version);
        if (c->note)
            strbuf_addf(&md, "%s\n\n", c->note);
        if (first) {
            strbuf_addf(&md, "The first release: %lld facts.\n", (long long)c->facts_total);
        } else {
            strbuf_addf(&md,
                        "Since %s: %lld facts added, %lld removed, %lld changed (%lld in all).\n",
                        c->prev_version, (long long)na, (long long)nr, (long long)nc,
                        (long long)c->facts_total);
            md_section(&md, "changed", nc, &lines[2]);
            md_section(&md, "added", na, &lines[0]);
            md_section(&md, "removed", nr, &lines[1]);
        }
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/CHANGES.md", dir);
        rc = atomic_write(p.buf, md.buf, md.len, err);
        strbuf_release(&p);
    }
    strbuf_release(&md);
    for (int i = 0; i < 3; i++)
        strbuf_release(&lines[i]);
    return rc;
}
