/* workbook.c: see workbook.h. */
#include "workbook.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dlfcn.h>
#include <xlsxwriter.h>

#include "atomic_file.h"
#include "fault.h"
#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"

/* The workbook's deflate level. libxlsxwriter zips the sheets' XML at zlib's
 * default level (6) and has no setting for it; that deflate was the largest
 * part of a national night's publish (bench/README.md: ~0.3 s of CPU per
 * municipality). Level 1 takes less for a workbook about 30 % larger (2.1 ->
 * 2.8 MB for 17,000 facts), which Excel opens the same. The level is set by interposing the one
 * minizip call libxlsxwriter makes to start a zip entry: this executable's
 * definition is the one the dynamic linker binds libxlsxwriter's call to, and
 * it hands the call on to minizip's unchanged but for the level. */
#define WORKBOOK_DEFLATE_LEVEL 1

typedef int (*zip_open_entry_fn)(void *file, const char *filename, const void *zipfi,
                                 const void *extrafield_local, unsigned size_extrafield_local,
                                 const void *extrafield_global, unsigned size_extrafield_global,
                                 const char *comment, int method, int level, int raw,
                                 int window_bits, int mem_level, int strategy,
                                 const char *password, unsigned long crc_for_crypting,
                                 unsigned long version_made_by, unsigned long flag_base,
                                 int zip64);

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned size_extrafield_local,
                            const void *extrafield_global, unsigned size_extrafield_global,
                            const char *comment, int method, int level, int raw, int window_bits,
                            int mem_level, int strategy, const char *password,
                            unsigned long crc_for_crypting, unsigned long version_made_by,
                            unsigned long flag_base, int zip64);

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned size_extrafield_local,
                            const void *extrafield_global, unsigned size_extrafield_global,
                            const char *comment, int method, int level, int raw, int window_bits,
                            int mem_level, int strategy, const char *password,
                            unsigned long crc_for_crypting, unsigned long version_made_by,
                            unsigned long flag_base, int zip64)
{
    static zip_open_entry_fn real;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    if (!real)
        return -104; /* ZIP_INTERNALERROR: libxlsxwriter reports it as a failed save */
    (void)level;
    return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, WORKBOOK_DEFLATE_LEVEL, raw, window_bits,
                mem_level, strategy, password, crc_for_crypting, version_made_by, flag_base,
                zip64);
}

#define SHEET_ROWS_MAX (LXW_ROW_MAX - 1) /* data rows under the header */
#define TEXT_MAX 32767                   /* characters in one Excel cell */
#define SHEET_TMP_BUFFER (256 * 1024)

/* the explanation sheet's list of columns, kept until finish */
struct column_note {
    char *sheet, *column, *type, *description;
};

struct workbook {
    lxw_workbook *wb;
    lxw_worksheet *about; /* the first sheet, written at finish */
    lxw_format *bold, *wrap;
    char *tmp_path;
    struct column_note *cols;
    size_t ncols, capcols;
    struct strbuf notes; /* one line per split sheet or cut text */
    struct strbuf sheets; /* "NAME\tROWS\tDESCRIPTION\n" per resource */
    long max_rows;
    /* the resource being written, row by row */
    char *res_name;
    json_t *res_schema;   /* borrowed */
    unsigned char *res_numeric; /* per column: its x-table-type is integer or number */
    size_t res_ncols;
    lxw_worksheet *ws;
    lxw_row_t row; /* rows on the current sheet */
    char **bufs;   /* the sheets' temporary files' stdio buffers, freed after close */
    size_t nbufs, capbufs;
    size_t nrows;  /* rows of the resource */
    int part;
    long cut_cells, as_text;
};

static char *dup_or_empty(const char *s)
{
    return xstrdup(s ? s : "");
}

struct workbook *workbook_start(const char *dir, struct odp_error *err)
{
    struct workbook *w = xcalloc(1, sizeof(*w));
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/.workbook.tmp.xlsx", dir);
    w->tmp_path = strbuf_detach(&p, NULL);
    strbuf_init(&w->notes, 0);
    strbuf_init(&w->sheets, 0);
    /* a test hook: a small row limit shows the split without a million rows */
    const char *m = getenv("ODP_XLSX_MAX_ROWS");
    w->max_rows = m && atol(m) > 0 ? atol(m) : SHEET_ROWS_MAX;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
    w->wb = workbook_new_opt(w->tmp_path, &opt);
    if (!w->wb) {
        odp_error_set(err, ODP_EIO, "%s: cannot start the workbook", w->tmp_path);
        workbook_abort(w);
        return NULL;
    }
    w->about = workbook_add_worksheet(w->wb, "About");
    w->bold = workbook_add_format(w->wb);
    format_set_bold(w->bold);
    w->wrap = workbook_add_format(w->wb);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
    return w;
}

void workbook_abort(struct workbook *w)
{
    if (!w)
        return;
    if (w->wb) {
        workbook_close(w->wb);
        if (!fault_write(EIO))
            unlink(w->tmp_path);
    }
    for (size_t i = 0; i < w->ncols; i++) {
        free(w->cols[i].sheet);
        free(w->cols[i].column);
        free(w->cols[i].type);
        free(w->cols[i].description);
    }
    free(w->cols);
    for (size_t i = 0; i < w->nbufs; i++)
        free(w->bufs[i]);
    free(w->bufs);
    free(w->res_name);
    free(w->res_numeric);
    free(w->tmp_path);
    strbuf_release(&w->notes);
    strbuf_release(&w->sheets);
    free(w);
}

/* 1 when s is a decimal Excel holds exactly as printed: at most 15
 * significant digits (a double's guaranteed precision). */
static int fits_a_double(const char *s)
{
    int digits = 0, leading = 1;
    for (const char *c = s; *c; c++) {
        if (*c >= '0' && *c <= '9') {
            if (*c != '0')
                leading = 0;
            if (!leading)
                digits++;
        }
    }
    return digits <= 15;
}

/* Byte length of s's first max characters (UTF-8). */
static size_t utf8_prefix(const char *s, size_t max, int *cut)
{
    size_t chars = 0, i = 0;
    *cut = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max) {
                *cut = 1;
                return i;
            }
            chars++;
        }
        i++;
    }
    return i;
}

static int write_text(struct workbook *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                      const char *s, lxw_format *f, long *cut_cells)
{
    int cut;
    size_t n = utf8_prefix(s, TEXT_MAX, &cut);
    if (!cut)
        return worksheet_write_string(ws, r, c, s, f) != LXW_NO_ERROR;
    char *t = xstrndup(s, n);
    int rc = worksheet_write_string(ws, r, c, t, f) != LXW_NO_ERROR;
    free(t);
    (*cut_cells)++;
    return rc;
}

static lxw_worksheet *new_sheet(struct workbook *w, const char *name, int part, json_t *props)
{
    char sheet[32];
    if (part == 1)
        snprintf(sheet, sizeof(sheet), "%s", name);
    else
        snprintf(sheet, sizeof(sheet), "%.24s (%d)", name, part);
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, sheet);
    if (!ws)
        return NULL;
    /* In constant-memory mode libxlsxwriter prints each row's XML into a
     * temporary file with stdio's default 4 KiB buffer: a write(2) for every
     * few rows was an eighth of publish's time. A larger buffer, set before
     * the first row reaches the file, writes the same bytes in 64x fewer calls. */
    if (ws->optimize_tmpfile) {
        ALLOC_GROW(w->bufs, w->nbufs + 1, w->capbufs);
        w->bufs[w->nbufs] = xmalloc(SHEET_TMP_BUFFER);
        setvbuf(ws->optimize_tmpfile, w->bufs[w->nbufs++], _IOFBF, SHEET_TMP_BUFFER);
    }
    const char *key;
    json_t *p;
    lxw_col_t c = 0;
    json_object_foreach(props, key, p) {
        worksheet_set_column(ws, c, c, w->res_numeric[c] ? 12 : 24, NULL);
        worksheet_write_string(ws, 0, c, key, w->bold);
        c++;
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (c > 0) {
        /* ids and codes are text on purpose: no "number stored as text" flags */
        char range[64];
        lxw_col_t last = c - 1;
        char col[8];
        int n = 0;
        for (unsigned x = last + 1; x > 0; x = (x - 1) / 26)
            col[n++] = (char)('A' + (x - 1) % 26);
        char colname[8];
        for (int i = 0; i < n; i++)
            colname[i] = col[n - 1 - i];
        colname[n] = '\0';
        snprintf(range, sizeof(range), "A1:%s%d", colname, LXW_ROW_MAX);
        worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range);
    }
    return ws;
}

int workbook_begin_resource(struct workbook *w, const char *name, json_t *schema,
                            struct odp_error *err)
{
    json_t *props = json_object_get(schema, "properties");
    const char *key;
    json_t *p;
    free(w->res_numeric);
    w->res_ncols = 0;
    w->res_numeric = xmalloc(json_object_size(props) + 1);
    json_object_foreach(props, key, p) {
        const char *t = json_string_value(json_object_get(p, "x-table-type"));
        w->res_numeric[w->res_ncols++] = t && (!strcmp(t, "integer") || !strcmp(t, "number"));
        if (w->ncols == w->capcols) {
            w->capcols = w->capcols ? 2 * w->capcols : 64;
            w->cols = xrealloc(w->cols, w->capcols * sizeof(*w->cols));
        }
        struct column_note *n = &w->cols[w->ncols++];
        n->sheet = dup_or_empty(name);
        n->column = dup_or_empty(key);
        n->type = dup_or_empty(json_string_value(json_object_get(p, "x-table-type")));
        n->description = dup_or_empty(json_string_value(json_object_get(p, "description")));
    }
    free(w->res_name);
    w->res_name = dup_or_empty(name);
    w->res_schema = schema;
    w->nrows = 0;
    w->part = 1;
    w->row = 0;
    w->cut_cells = w->as_text = 0;
    w->ws = new_sheet(w, name, w->part, props);
    if (!w->ws)
        return odp_error_set(err, ODP_EIO, "%s: cannot add sheet %s", w->tmp_path, name);
    return 0;
}

/* A string cell: the contract's exact decimal ("-1000", "6.3") as a number
 * in a numeric column, else text. */
static int write_string_cell(struct workbook *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                             const char *s, int numeric)
{
    if (numeric && fits_a_double(s)) {
        char *end;
        double d = strtod(s, &end);
        if (*s && !*end)
            return worksheet_write_number(ws, r, c, d, NULL) != LXW_NO_ERROR;
        return write_text(w, ws, r, c, s, NULL, &w->cut_cells);
    }
    if (numeric)
        w->as_text++;
    return write_text(w, ws, r, c, s, NULL, &w->cut_cells);
}

/* A cell of a value the row view leaves to jansson (a real, an array, an
 * object), as such values were always written. */
static int write_json_cell(struct workbook *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                           json_t *v, int numeric)
{
    if (!v || json_is_null(v))
        return 0; /* an empty cell */
    if (json_is_integer(v))
        return worksheet_write_number(ws, r, c, (double)json_integer_value(v), NULL) !=
               LXW_NO_ERROR;
    if (json_is_real(v))
        return worksheet_write_number(ws, r, c, json_real_value(v), NULL) != LXW_NO_ERROR;
    if (json_is_string(v))
        return write_string_cell(w, ws, r, c, json_string_value(v), numeric);
    if (json_is_boolean(v))
        return worksheet_write_boolean(ws, r, c, json_is_true(v), NULL) != LXW_NO_ERROR;
    return 0;
}

int workbook_add_row(struct workbook *w, struct row_view *rv, struct odp_error *err)
{
    json_t *props = json_object_get(w->res_schema, "properties");
    if ((long)w->row == w->max_rows) {
        w->ws = new_sheet(w, w->res_name, ++w->part, props);
        if (!w->ws)
            return odp_error_set(err, ODP_EIO, "%s: cannot add sheet %d of %s", w->tmp_path,
                                 w->part, w->res_name);
        w->row = 0;
    }
    lxw_worksheet *ws = w->ws;
    lxw_row_t r = ++w->row;
    w->nrows++;
    int bad = 0;
    size_t ncols = rv->n < w->res_ncols ? rv->n : w->res_ncols;
    for (lxw_col_t c = 0; c < ncols; c++) {
        const struct row_value *v = &rv->v[c];
        int numeric = w->res_numeric[c];
        switch (v->kind) {
        case ROW_NULL: break;
        case ROW_INTEGER:
            bad |= worksheet_write_number(ws, r, c, (double)strtoll(v->text, NULL, 10), NULL) !=
                   LXW_NO_ERROR;
            break;
        case ROW_TRUE:
        case ROW_FALSE:
            bad |= worksheet_write_boolean(ws, r, c, v->kind == ROW_TRUE, NULL) != LXW_NO_ERROR;
            break;
        case ROW_STRING: {
            const char *s = row_view_string(rv, c);
            bad |= !s || write_string_cell(w, ws, r, c, s, numeric);
            break;
        }
        case ROW_OTHER: {
            json_t *j = row_value_json(v);
            bad |= !j || write_json_cell(w, ws, r, c, j, numeric);
            json_decref(j);
        }
        }
    }
    if (bad)
        return odp_error_set(err, ODP_EIO, "%s: cannot write row %zu of %s", w->tmp_path, w->nrows,
                             w->res_name);
    return 0;
}

void workbook_end_resource(struct workbook *w)
{
    const char *name = w->res_name;
    json_t *schema = w->res_schema;
    size_t nrows = w->nrows;
    int part = w->part;
    strbuf_addf(&w->sheets, "%s\t%zu\t%d\t%s\n", name, nrows, part,
                json_string_value(json_object_get(schema, "description"))
                    ? json_string_value(json_object_get(schema, "description"))
                    : "");
    if (part > 1)
        strbuf_addf(&w->notes,
                    "%s has %zu rows, more than a sheet holds (%ld under the header): they are "
                    "split over the sheets %s to %s (%d), in order. The CSV file has them in one "
                    "table.\n",
                    name, nrows, w->max_rows, name, name, part);
    if (w->cut_cells)
        strbuf_addf(&w->notes,
                    "%s: %ld text cells are longer than Excel's %d characters and are cut there; "
                    "%s.csv has the whole text.\n",
                    name, w->cut_cells, TEXT_MAX, name);
    if (w->as_text)
        strbuf_addf(&w->notes,
                    "%s: %ld numbers have more significant digits than Excel holds (15) and are "
                    "written as text, exactly as in %s.csv.\n",
                    name, w->as_text, name);
    w->ws = NULL;
    w->res_schema = NULL;
}

static void about_line(struct workbook *w, lxw_row_t *r, const char *label, const char *text)
{
    worksheet_write_string(w->about, *r, 0, label, w->bold);
    if (text) {
        long cut = 0;
        write_text(w, w->about, *r, 1, text, w->wrap, &cut);
    }
    (*r)++;
}

static void write_about(struct workbook *w, const struct workbook_about *a)
{
    lxw_worksheet *ws = w->about;
    lxw_row_t r = 0;
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 80, NULL);
    worksheet_set_column(ws, 2, 3, 14, NULL);
    worksheet_set_column(ws, 4, 4, 80, NULL);
    about_line(w, &r, "Dataset", a->title);
    about_line(w, &r, "Id", a->dataset_id);
    about_line(w, &r, "Version", a->version);
    about_line(w, &r, "Data as of", a->created);
    about_line(w, &r, "Licence", a->license);
    about_line(w, &r, "Publisher", a->publisher);
    size_t i;
    json_t *s;
    json_array_foreach(a->sources, i, s) {
        struct strbuf t = STRBUF_INIT;
        strbuf_addf(&t, "%s: %s", json_string_value(json_object_get(s, "title")),
                    json_string_value(json_object_get(s, "path")));
        about_line(w, &r, i ? "" : "Sources", t.buf);
        strbuf_release(&t);
    }
    r++;
    about_line(w, &r, "What this is",
               "Every table cell, figure and section of text of the municipality's "
               "planning-and-control documents (begroting, jaarverslag, perspectiefnota, "
               "bestuursrapportage) as published on their websites. Each sheet is one table of "
               "the dataset; the same tables are in the release as CSV and JSON Lines files.");
    about_line(w, &r, "Numbers",
               "Columns of type integer or number hold numbers. value is the number as printed "
               "in the source with its minus notation applied; scale is the multiplier of the "
               "table's legend (1000 for 'bedragen x 1.000') and amount_eur = value x scale is "
               "the amount in euros. raw is the cell's text exactly as published.");
    about_line(w, &r, "Text",
               "Ids and codes (document_id, fact_id, programme, row_code ...) are text and stay "
               "as published. Text that starts with = + - or @ is stored as text, never as a "
               "formula. An empty cell has no value.");
    about_line(w, &r, "Check the file",
               "SHA256SUMS in the release holds this file's SHA-256 checksum.");
    r++;
    worksheet_write_string(ws, r, 0, "Sheet", w->bold);
    worksheet_write_string(ws, r, 1, "One row per", w->bold);
    worksheet_write_string(ws, r, 2, "Rows", w->bold);
    worksheet_write_string(ws, r, 3, "Sheets", w->bold);
    r++;
    char *save = NULL, *lines = xstrdup(w->sheets.buf ? w->sheets.buf : "");
    for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *f[4] = {l, "", "", ""};
        for (int k = 1; k < 4; k++) {
            char *tab = strchr(f[k - 1], '\t');
            if (!tab)
                break;
            *tab = '\0';
            f[k] = tab + 1;
        }
        worksheet_write_string(ws, r, 0, f[0], NULL);
        worksheet_write_string(ws, r, 1, f[3], w->wrap);
        worksheet_write_number(ws, r, 2, strtod(f[1], NULL), NULL);
        worksheet_write_number(ws, r, 3, strtod(f[2], NULL), NULL);
        r++;
    }
    free(lines);
    if (w->notes.len) {
        r++;
        worksheet_write_string(ws, r++, 0, "Notes", w->bold);
        lines = xstrdup(w->notes.buf);
        for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            long cut = 0;
            write_text(w, ws, r++, 1, l, w->wrap, &cut);
        }
        free(lines);
    }
    r++;
    worksheet_write_string(ws, r, 0, "Sheet", w->bold);
    worksheet_write_string(ws, r, 1, "Column: description", w->bold);
    worksheet_write_string(ws, r, 2, "Type", w->bold);
    r++;
    for (size_t k = 0; k < w->ncols; k++) {
        struct strbuf t = STRBUF_INIT;
        strbuf_addf(&t, "%s: %s", w->cols[k].column, w->cols[k].description);
        worksheet_write_string(ws, r, 0, w->cols[k].sheet, NULL);
        long cut = 0;
        write_text(w, ws, r, 1, t.buf, w->wrap, &cut);
        worksheet_write_string(ws, r, 2, w->cols[k].type, NULL);
        strbuf_release(&t);
        r++;
    }
}

/* Copy the file src to dst through an atomic file. */
static int copy_into_place(const char *src, const char *dst, struct odp_error *err)
{
    FILE *in = fopen(src, "rb");
    if (!in)
        return odp_error_set(err, ODP_EIO, "%s: %s", src, strerror(errno));
    struct atomic_file af;
    int rc = atomic_file_open(&af, dst, err);
    if (rc) {
        fclose(in);
        return rc;
    }
    char *buf = xmalloc(1 << 16);
    size_t n;
    while ((n = fread(buf, 1, 1 << 16, in)) > 0)
        if (fwrite(buf, 1, n, af.fp) != n)
            break;
    int bad = ferror(in) || ferror(af.fp);
    free(buf);
    fclose(in);
    if (bad) {
        atomic_file_abort(&af);
        return odp_error_set(err, ODP_EIO, "%s: cannot copy %s", dst, src);
    }
    return atomic_file_commit(&af, err);
}

int workbook_finish(struct workbook *w, const char *name, const struct workbook_about *a,
                    struct odp_error *err)
{
    write_about(w, a);
    /* the data's time, never the run's (libxlsxwriter takes "now" for 0):
     * without one, 1980-01-01, the zip entries' own date */
    time_t t = a->created_time > 0 ? a->created_time : 315532800;
    lxw_doc_properties props = {0};
    props.title = (char *)a->title;
    props.author = (char *)(a->publisher ? a->publisher : "odp");
    props.comments = (char *)a->dataset_id;
    props.created = t;
    int rc = 0;
    if (workbook_set_properties(w->wb, &props) != LXW_NO_ERROR)
        rc = odp_error_set(err, ODP_EIO, "%s: cannot set the workbook's properties", w->tmp_path);
    lxw_error e = workbook_close(w->wb);
    w->wb = NULL;
    if (!rc && e != LXW_NO_ERROR)
        rc = odp_error_set(err, ODP_EIO, "%s: %s", w->tmp_path, lxw_strerror(e));
    /* into place through an atomic file: fsynced, renamed, as every file;
     * copied in pieces, the workbook can be large */
    struct strbuf dst = STRBUF_INIT;
    if (!rc) {
        const char *slash = strrchr(w->tmp_path, '/');
        strbuf_add(&dst, w->tmp_path, slash ? (size_t)(slash - w->tmp_path + 1) : 0);
        strbuf_addstr(&dst, name);
        rc = copy_into_place(w->tmp_path, dst.buf, err);
    }
    /* it is in the staging folder: left there, it would be published */
    if ((fault_write(EIO) || unlink(w->tmp_path) != 0) && !rc)
        rc = odp_error_set(err, ODP_EIO, "%s: cannot remove: %s", w->tmp_path, strerror(errno));
    strbuf_release(&dst);
    workbook_abort(w);
    return rc;
}
