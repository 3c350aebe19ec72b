/* resource_writer.c: see resource_writer.h. */
#include "resource_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_c_stableInBuffer */
#include <zstd.h>

#include "atomic_file.h"
#include "csv.h"
#include "fault.h"
#include "strbuf.h"
#include "xalloc.h"

/* zstd -3: at the national size -9 cost seven times the CPU for 16 % fewer
 * bytes of JSON Lines (bench/README.md) */
#define ZSTD_LEVEL 3
#define FEED_STEP (1 << 20) /* text handed to zstd at a time */

struct resource_writer {
    json_t *props; /* borrowed from the schema */
    struct workbook *wb;
    struct atomic_file csv, zst;
    int csv_open, zst_open;
    ZSTD_CCtx *cctx;
    void *zbuf;
    size_t zcap;
    struct strbuf line;
    char *zst_path;
    /* the JSON Lines text, in a file mapped into memory (see open) */
    int text_fd;
    char *text;
    size_t text_size, filled, dropped, keep;
    ZSTD_inBuffer in;
};

void resource_writer_abort(struct resource_writer *w)
{
    if (!w)
        return;
    if (w->csv_open)
        atomic_file_abort(&w->csv);
    if (w->zst_open)
        atomic_file_abort(&w->zst);
    ZSTD_freeCCtx(w->cctx);
    free(w->zbuf);
    free(w->zst_path);
    strbuf_release(&w->line);
    if (w->text)
        munmap(w->text, w->text_size);
    if (w->text_fd >= 0)
        close(w->text_fd);
    if (w->wb)
        workbook_end_resource(w->wb);
    free(w);
}

/* The JSON Lines text goes to a temporary file (in dir, unlinked at once)
 * mapped into memory: zstd needs it in one piece, as a one-shot compression
 * has it, but only the window it still looks at needs to stay resident. */
static int map_text(struct resource_writer *w, const char *dir, unsigned long long size,
                    struct odp_error *err)
{
    w->in.src = "";
    if (size == 0)
        return 0;
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/.jsonl-XXXXXX", dir);
    w->text_fd = fault_write(ENOSPC) ? -1 : mkstemp(p.buf);
    int rc = 0, e = 0;
    if (w->text_fd < 0 || fault_write(EIO) || unlink(p.buf) != 0)
        e = errno;
    else if (fault_write(ENOSPC))
        e = ENOSPC;
    else /* the space is taken now: on a full disk a write to the mapping
          * would be a SIGBUS, not an error */
        e = posix_fallocate(w->text_fd, 0, (off_t)size);
    if (e)
        rc = odp_error_set(err, ODP_EIO, "%s: cannot write: %s", p.buf, strerror(e));
    if (!rc) {
        void *m = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, w->text_fd, 0);
        if (m == MAP_FAILED)
            rc = odp_error_set(err, ODP_EIO, "%s: cannot map: %s", p.buf, strerror(errno));
        else
            w->text = m;
    }
    strbuf_release(&p);
    w->text_size = (size_t)size;
    w->in.src = w->text;
    return rc;
}

/* The CSV header row: the schema's property names, in order. */
static void write_csv_header(struct resource_writer *w)
{
    strbuf_reset(&w->line);
    const char *key;
    json_t *v;
    int first = 1;
    json_object_foreach(w->props, key, v)
    {
        if (!first)
            strbuf_addch(&w->line, ',');
        csv_add_text(&w->line, key);
        first = 0;
    }
    strbuf_addch(&w->line, '\n');
    fwrite(w->line.buf, 1, w->line.len, w->csv.fp);
}

/* One CSV row, rv's values in schema order, each as csv_add_field writes the
 * jansson value: an integer, true and false as their JSON text (the same
 * digits "%lld" prints), a string unescaped. */
static int write_csv_row(struct resource_writer *w, struct row_view *rv)
{
    strbuf_reset(&w->line);
    for (size_t i = 0; i < rv->n; i++) {
        const struct row_value *v = &rv->v[i];
        if (i)
            strbuf_addch(&w->line, ',');
        switch (v->kind) {
        case ROW_NULL: break;
        case ROW_STRING: {
            const char *s = row_view_string(rv, i);
            if (!s)
                return -1;
            csv_add_text(&w->line, s);
            break;
        }
        case ROW_INTEGER:
        case ROW_TRUE:
        case ROW_FALSE: strbuf_add(&w->line, v->text, v->len); break;
        case ROW_OTHER: {
            json_t *j = row_value_json(v);
            if (!j)
                return -1;
            csv_add_field(&w->line, j);
            json_decref(j);
        }
        }
    }
    strbuf_addch(&w->line, '\n');
    fwrite(w->line.buf, 1, w->line.len, w->csv.fp);
    return 0;
}

struct resource_writer *resource_writer_open(const char *dir, const char *name, json_t *schema,
                                             unsigned long long text_bytes, struct workbook *wb,
                                             struct odp_error *err)
{
    struct resource_writer *w = xcalloc(1, sizeof(*w));
    strbuf_init(&w->line, 0);
    w->text_fd = -1;
    w->props = json_object_get(schema, "properties");
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s.csv", dir, name);
    int rc = atomic_file_open(&w->csv, p.buf, err);
    w->csv_open = !rc;
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/%s.jsonl.zst", dir, name);
    w->zst_path = xstrdup(p.buf);
    if (!rc) {
        rc = atomic_file_open(&w->zst, p.buf, err);
        w->zst_open = !rc;
    }
    strbuf_release(&p);
    if (!rc) {
        w->cctx = ZSTD_createCCtx();
        w->zcap = ZSTD_CStreamOutSize();
        w->zbuf = xmalloc(w->zcap);
        if (!w->cctx)
            abort();
        rc = map_text(w, dir, text_bytes, err);
    }
    if (!rc) {
        /* a stable input buffer and the pledged size: zstd reads the text
         * where it lies, as ZSTD_compress would, so the frame's bytes are
         * those of a one-shot compression of the whole text */
        size_t z = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, ZSTD_LEVEL);
        if (!ZSTD_isError(z))
            z = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_stableInBuffer, 1);
        if (!ZSTD_isError(z))
            z = ZSTD_CCtx_setPledgedSrcSize(w->cctx, text_bytes);
        if (ZSTD_isError(z))
            rc = odp_error_set(err, ODP_EIO, "%s: zstd: %s", w->zst_path, ZSTD_getErrorName(z));
        ZSTD_compressionParameters cp = ZSTD_getCParams(ZSTD_LEVEL, text_bytes, 0);
        w->keep = ((size_t)1 << cp.windowLog) + 2 * ZSTD_BLOCKSIZE_MAX;
    }
    if (!rc) {
        write_csv_header(w);
    }
    if (!rc) {
        rc = workbook_begin_resource(wb, name, schema, err);
        if (!rc)
            w->wb = wb;
    }
    if (rc) {
        resource_writer_abort(w);
        return NULL;
    }
    return w;
}

/* Hand zstd the text filled so far (and finish the frame at the end), write
 * what comes out, and let go of the text zstd no longer looks at. */
static int zst_feed(struct resource_writer *w, ZSTD_EndDirective end, struct odp_error *err)
{
    w->in.size = w->filled;
    for (;;) {
        ZSTD_outBuffer out = {w->zbuf, w->zcap, 0};
        size_t left = ZSTD_compressStream2(w->cctx, &out, &w->in, end);
        if (ZSTD_isError(left))
            return odp_error_set(err, ODP_EIO, "%s: zstd: %s", w->zst_path,
                                 ZSTD_getErrorName(left));
        if (out.pos && (fault_write(ENOSPC) || fwrite(w->zbuf, 1, out.pos, w->zst.fp) != out.pos))
            return odp_error_set(err, ODP_EIO, "%s: cannot write: %s", w->zst_path,
                                 strerror(errno));
        if (end == ZSTD_e_end ? left == 0 : w->in.pos == w->in.size)
            break;
    }
    /* the pages stay in the file: should zstd look back further, it reads
     * them again, so this only bounds memory, never changes the output */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (w->in.pos > w->keep) {
        size_t upto = (w->in.pos - w->keep) / page * page;
        if (upto > w->dropped) {
            madvise(w->text + w->dropped, upto - w->dropped, MADV_DONTNEED);
            w->dropped = upto;
        }
    }
    return 0;
}

int resource_writer_add(struct resource_writer *w, const char *line, size_t len,
                        struct row_view *rv, struct odp_error *err)
{
    if (write_csv_row(w, rv))
        return odp_error_set(err, ODP_EIO, "%s: a sorted record is damaged", w->zst_path);
    if (len + 1 > w->text_size - w->filled)
        return odp_error_set(err, ODP_EIO, "%s: more text than sorted", w->zst_path);
    memcpy(w->text + w->filled, line, len);
    w->text[w->filled + len] = '\n';
    w->filled += len + 1;
    int rc = 0;
    if (w->filled - w->in.size >= FEED_STEP)
        rc = zst_feed(w, ZSTD_e_continue, err);
    if (!rc)
        rc = workbook_add_row(w->wb, rv, err);
    return rc;
}

int resource_writer_close(struct resource_writer *w, struct odp_error *err)
{
    int rc = w->filled == w->text_size
                 ? zst_feed(w, ZSTD_e_end, err)
                 : odp_error_set(err, ODP_EIO, "%s: less text than sorted", w->zst_path);
    workbook_end_resource(w->wb);
    w->wb = NULL;
    if (!rc) {
        w->csv_open = 0;
        rc = atomic_file_commit(&w->csv, err);
    }
    if (!rc) {
        w->zst_open = 0;
        rc = atomic_file_commit(&w->zst, err);
    }
    resource_writer_abort(w);
    return rc;
}
