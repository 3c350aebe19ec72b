/* extsort.c: see extsort.h. */
#include "extsort.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "strbuf.h"
#include "xalloc.h"

#define RUN_IO_BUF (1 << 16)
#define CHUNK_FIRST ((size_t)1 << 16)

/* An entry, in the buffer and in run files alike: the two lengths, then the
 * key's and the value's bytes. */
#define ENTRY_HEAD 8

struct run {
    FILE *fp;
    char *iobuf;
    /* while merging: the current entry */
    char *cur;
    size_t cap;
    uint32_t klen, vlen;
};

struct extsort {
    char *tmpdir;
    size_t budget;
    /* entries, back to back in chunks that never move (the index points into
     * them); a chunk is twice the one before, kept for the next run */
    char **chunks;
    size_t *chunk_cap;
    size_t nchunks, cur, cur_used;
    size_t used;  /* bytes of the buffered entries */
    char **index; /* one pointer per buffered entry */
    size_t n, index_cap;
    size_t count, runs_written;
    struct run **runs;
    size_t nruns, runs_cap;
    /* reading back */
    int finished;
    size_t pos;        /* in memory: the next index entry */
    struct run **heap; /* merging: runs with a current entry, least first */
    size_t nheap;
    int advance_top; /* the top's entry was handed out: read its next first */
};

size_t extsort_budget(void)
{
    const char *v = getenv("ODP_SORT_BUFFER");
    long long b = v && *v ? atoll(v) : 0;
    return b > 0 ? (size_t)b : EXTSORT_DEFAULT_BUDGET;
}

struct extsort *extsort_new(const char *tmpdir, size_t budget)
{
    struct extsort *s = xcalloc(1, sizeof(*s));
    s->tmpdir = xstrdup(tmpdir);
    s->budget = budget;
    return s;
}

static int cmp_bytes(const char *a, size_t na, const char *b, size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    if (c)
        return c;
    return na < nb ? -1 : na > nb;
}

static int cmp_parts(const char *ka, size_t kna, const char *va, size_t vna, const char *kb,
                     size_t knb, const char *vb, size_t vnb)
{
    int c = cmp_bytes(ka, kna, kb, knb);
    return c ? c : cmp_bytes(va, vna, vb, vnb);
}

static void entry_lengths(const char *e, uint32_t *k, uint32_t *v)
{
    memcpy(k, e, 4);
    memcpy(v, e + 4, 4);
}

static int cmp_entries(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    uint32_t ka, va, kb, vb;
    entry_lengths(a, &ka, &va);
    entry_lengths(b, &kb, &vb);
    a += ENTRY_HEAD;
    b += ENTRY_HEAD;
    return cmp_parts(a, ka, a + ka, va, b, kb, b + kb, vb);
}

static int run_cmp(const struct run *a, const struct run *b)
{
    return cmp_parts(a->cur, a->klen, a->cur + a->klen, a->vlen, b->cur, b->klen, b->cur + b->klen,
                     b->vlen);
}

static void run_free(struct run *r)
{
    if (!r)
        return;
    if (r->fp)
        fclose(r->fp);
    free(r->iobuf);
    free(r->cur);
    free(r);
}

/* A new, empty run file: created in tmpdir and unlinked at once. */
static struct run *run_new(struct extsort *s, struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/.extsort-XXXXXX", s->tmpdir);
    int fd = fault_write(ENOSPC) ? -1 : mkstemp(p.buf);
    if (fd < 0) {
        odp_error_set(err, ODP_EIO, "%s: cannot create a sort run file: %s", p.buf,
                      strerror(errno));
        strbuf_release(&p);
        return NULL;
    }
    /* a run file left in the staging folder would be published with it */
    if (fault_write(EIO) || unlink(p.buf) != 0) {
        odp_error_set(err, ODP_EIO, "%s: cannot remove a sort run file: %s", p.buf,
                      strerror(errno));
        close(fd);
        unlink(p.buf);
        strbuf_release(&p);
        return NULL;
    }
    strbuf_release(&p);
    struct run *r = xcalloc(1, sizeof(*r));
    r->fp = fdopen(fd, "w+");
    if (!r->fp) {
        close(fd);
        free(r);
        odp_error_set(err, ODP_EIO, "%s: cannot open a sort run file", s->tmpdir);
        return NULL;
    }
    r->iobuf = xmalloc(RUN_IO_BUF);
    setvbuf(r->fp, r->iobuf, _IOFBF, RUN_IO_BUF);
    return r;
}

/* Read the run's next entry into r->cur: 1, 0 at its end, or ODP_EIO (never
 * 1, see error.h). */
static int run_read(struct run *r, const char *tmpdir, struct odp_error *err)
{
    char head[ENTRY_HEAD];
    size_t got = fread(head, 1, ENTRY_HEAD, r->fp);
    if (got == 0 && feof(r->fp))
        return 0;
    if (got != ENTRY_HEAD)
        return odp_error_set(err, ODP_EIO, "%s: a sort run file is cut short", tmpdir);
    entry_lengths(head, &r->klen, &r->vlen);
    size_t n = (size_t)r->klen + r->vlen;
    if (n + 1 > r->cap) {
        r->cap = n + 1 > 2 * r->cap ? n + 1 : 2 * r->cap;
        r->cur = xrealloc(r->cur, r->cap);
    }
    if (n && fread(r->cur, 1, n, r->fp) != n)
        return odp_error_set(err, ODP_EIO, "%s: a sort run file is cut short", tmpdir);
    r->cur[n] = '\0';
    return 1;
}

static int run_write(struct run *r, const char *key, uint32_t klen, const char *val, uint32_t vlen)
{
    char head[ENTRY_HEAD];
    memcpy(head, &klen, 4);
    memcpy(head + 4, &vlen, 4);
    return fwrite(head, 1, ENTRY_HEAD, r->fp) != ENTRY_HEAD ||
           (klen && fwrite(key, 1, klen, r->fp) != klen) ||
           (vlen && fwrite(val, 1, vlen, r->fp) != vlen);
}

static int run_rewind(struct run *r, const char *tmpdir, struct odp_error *err)
{
    if (fault_write(ENOSPC) || fflush(r->fp) != 0 || ferror(r->fp) ||
        fseek(r->fp, 0, SEEK_SET) != 0)
        return odp_error_set(err, ODP_EIO, "%s: cannot write a sort run file: %s", tmpdir,
                             strerror(errno));
    return 0;
}

/* ---- the heap of runs being merged ---- */

static void heap_down(struct run **h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && run_cmp(h[l], h[m]) < 0)
            m = l;
        if (l + 1 < n && run_cmp(h[l + 1], h[m]) < 0)
            m = l + 1;
        if (m == i)
            return;
        struct run *t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* Start merging runs[0..n): rewind each, read its first entry, heap them. */
static int heap_start(struct extsort *s, struct run **runs, size_t n, struct run **heap,
                      size_t *nheap, struct odp_error *err)
{
    *nheap = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = run_rewind(runs[i], s->tmpdir, err);
        if (rc)
            return rc;
        rc = run_read(runs[i], s->tmpdir, err);
        if (rc == ODP_EIO)
            return rc;
        if (rc == 1)
            heap[(*nheap)++] = runs[i];
    }
    for (size_t i = *nheap / 2; i-- > 0;)
        heap_down(heap, *nheap, i);
    return 0;
}

/* The top run has been used: read its next entry and restore the heap. */
static int heap_advance(struct extsort *s, struct run **heap, size_t *nheap, struct odp_error *err)
{
    int rc = run_read(heap[0], s->tmpdir, err);
    if (rc == ODP_EIO)
        return rc;
    if (rc == 0)
        heap[0] = heap[--(*nheap)];
    if (*nheap)
        heap_down(heap, *nheap, 0);
    return 0;
}

/* Merge every run into one, so that no more than EXTSORT_FAN_IN are open. */
static int merge_runs(struct extsort *s, struct odp_error *err)
{
    struct run *out = run_new(s, err);
    if (!out)
        return ODP_EIO;
    struct run **heap = xmalloc(s->nruns * sizeof(*heap));
    size_t nheap;
    int rc = heap_start(s, s->runs, s->nruns, heap, &nheap, err);
    while (!rc && nheap) {
        struct run *t = heap[0];
        if (run_write(out, t->cur, t->klen, t->cur + t->klen, t->vlen))
            rc = odp_error_set(err, ODP_EIO, "%s: cannot write a sort run file: %s", s->tmpdir,
                               strerror(errno));
        else
            rc = heap_advance(s, heap, &nheap, err);
    }
    free(heap);
    if (rc) {
        run_free(out);
        return rc;
    }
    for (size_t i = 0; i < s->nruns; i++)
        run_free(s->runs[i]);
    s->runs[0] = out;
    s->nruns = 1;
    return 0;
}

/* Sort the buffered entries in place. */
static void sort_buffer(struct extsort *s)
{
    if (s->n > 1)
        qsort(s->index, s->n, sizeof(*s->index), cmp_entries);
}

/* Write the buffer as a sorted run and empty it. */
static int spill(struct extsort *s, struct odp_error *err)
{
    if (s->nruns == EXTSORT_FAN_IN) {
        int rc = merge_runs(s, err);
        if (rc)
            return rc;
    }
    sort_buffer(s);
    struct run *r = run_new(s, err);
    if (!r)
        return ODP_EIO;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t k, v;
        const char *e = s->index[i];
        entry_lengths(e, &k, &v);
        if (run_write(r, e + ENTRY_HEAD, k, e + ENTRY_HEAD + k, v)) {
            run_free(r);
            return odp_error_set(err, ODP_EIO, "%s: cannot write a sort run file: %s", s->tmpdir,
                                 strerror(errno));
        }
    }
    if (fault_write(ENOSPC) || fflush(r->fp) != 0) {
        run_free(r);
        return odp_error_set(err, ODP_EIO, "%s: cannot write a sort run file: %s", s->tmpdir,
                             strerror(errno));
    }
    if (s->nruns == s->runs_cap) {
        s->runs_cap = s->runs_cap ? 2 * s->runs_cap : 8;
        s->runs = xrealloc(s->runs, s->runs_cap * sizeof(*s->runs));
    }
    s->runs[s->nruns++] = r;
    s->runs_written++;
    s->n = 0;
    s->used = 0;
    s->cur = 0;
    s->cur_used = 0;
    return 0;
}

/* Room for an entry of esize bytes in the chunks. */
static char *entry_space(struct extsort *s, size_t esize)
{
    while (s->cur < s->nchunks && s->cur_used + esize > s->chunk_cap[s->cur]) {
        s->cur++;
        s->cur_used = 0;
    }
    if (s->cur == s->nchunks) {
        size_t cap = s->nchunks ? 2 * s->chunk_cap[s->nchunks - 1] : CHUNK_FIRST;
        if (cap > s->budget)
            cap = s->budget;
        if (cap < esize)
            cap = esize;
        s->chunks = xrealloc(s->chunks, (s->nchunks + 1) * sizeof(*s->chunks));
        s->chunk_cap = xrealloc(s->chunk_cap, (s->nchunks + 1) * sizeof(*s->chunk_cap));
        s->chunks[s->nchunks] = xmalloc(cap);
        s->chunk_cap[s->nchunks++] = cap;
        s->cur_used = 0;
    }
    char *e = s->chunks[s->cur] + s->cur_used;
    s->cur_used += esize;
    return e;
}

static void free_chunks(struct extsort *s)
{
    for (size_t i = 0; i < s->nchunks; i++)
        free(s->chunks[i]);
    free(s->chunks);
    free(s->chunk_cap);
    s->chunks = NULL;
    s->chunk_cap = NULL;
    s->nchunks = s->cur = s->cur_used = 0;
}

int extsort_add(struct extsort *s, const void *key, size_t klen, const void *val, size_t vlen,
                struct odp_error *err)
{
    if (klen > UINT32_MAX || vlen > UINT32_MAX)
        return odp_error_set(err, ODP_EINVAL, "%s: a sort entry over 4 GB", s->tmpdir);
    size_t esize = ENTRY_HEAD + klen + vlen;
    if (s->n && s->used + esize + (s->n + 1) * sizeof(char *) > s->budget) {
        int rc = spill(s, err);
        if (rc)
            return rc;
    }
    char *e = entry_space(s, esize);
    uint32_t k = (uint32_t)klen, v = (uint32_t)vlen;
    memcpy(e, &k, 4);
    memcpy(e + 4, &v, 4);
    if (klen)
        memcpy(e + ENTRY_HEAD, key, klen);
    if (vlen)
        memcpy(e + ENTRY_HEAD + klen, val, vlen);
    s->used += esize;
    if (s->n == s->index_cap) {
        s->index_cap = s->index_cap ? 2 * s->index_cap : 1024;
        s->index = xrealloc(s->index, s->index_cap * sizeof(*s->index));
    }
    s->index[s->n++] = e;
    s->count++;
    return 0;
}

int extsort_finish(struct extsort *s, struct odp_error *err)
{
    s->finished = 1;
    if (!s->nruns) {
        sort_buffer(s);
        return 0;
    }
    int rc = s->n ? spill(s, err) : 0;
    if (rc)
        return rc;
    free_chunks(s);
    free(s->index);
    s->index = NULL;
    s->index_cap = 0;
    s->heap = xmalloc(s->nruns * sizeof(*s->heap));
    return heap_start(s, s->runs, s->nruns, s->heap, &s->nheap, err);
}

int extsort_next(struct extsort *s, const char **key, size_t *klen, const char **val, size_t *vlen,
                 int *got, struct odp_error *err)
{
    *got = 0;
    if (!s->nruns) {
        if (s->pos == s->n)
            return 0;
        const char *e = s->index[s->pos++];
        uint32_t k, v;
        entry_lengths(e, &k, &v);
        *key = e + ENTRY_HEAD;
        *klen = k;
        *val = e + ENTRY_HEAD + k;
        *vlen = v;
        *got = 1;
        return 0;
    }
    if (s->advance_top) {
        s->advance_top = 0;
        int rc = heap_advance(s, s->heap, &s->nheap, err);
        if (rc)
            return rc;
    }
    if (!s->nheap)
        return 0;
    struct run *t = s->heap[0];
    *key = t->cur;
    *klen = t->klen;
    *val = t->cur + t->klen;
    *vlen = t->vlen;
    s->advance_top = 1;
    *got = 1;
    return 0;
}

size_t extsort_count(const struct extsort *s)
{
    return s->count;
}

size_t extsort_runs_written(const struct extsort *s)
{
    return s->runs_written;
}

void extsort_free(struct extsort *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nruns; i++)
        run_free(s->runs[i]);
    free(s->runs);
    free(s->heap);
    free_chunks(s);
    free(s->index);
    free(s->tmpdir);
    free(s);
}
