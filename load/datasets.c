/*
 * datasets.c: see datasets.h. A municipality's dataset is named by its CBS
 * code and the slug of its name, so that the ids sort in CBS order, which is
 * also the order of the national dataset's parts.
 */
#include "datasets.h"

#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "log.h"
#include "strbuf.h"
#include "workdir.h"
#include "xalloc.h"

static int has_records(const char *wd, const char *id)
{
    struct strbuf p = STRBUF_INIT;
    workdir_records_dir(&p, wd, id);
    strbuf_addstr(&p, "/documents.jsonl");
    int ok = fs_exists(p.buf);
    strbuf_release(&p);
    return ok;
}

static int cmp_dataset_id(const void *a, const void *b)
{
    return strcmp(((const struct dataset_spec *)a)->id, ((const struct dataset_spec *)b)->id);
}

void datasets_plan(const struct pipeline *pl, const char *workdir, struct datasets *out)
{
    memset(out, 0, sizeof(*out));
    /* sources with records */
    const struct source **ready = xcalloc(pl->nsources ? pl->nsources : 1, sizeof(*ready));
    for (size_t i = 0; i < pl->nsources; i++) {
        if (has_records(workdir, pl->sources[i].id)) {
            ready[out->nready++] = &pl->sources[i];
        } else {
            out->missing++;
            log_error("source \"%s\": no records to publish (its transform never succeeded)",
                      pl->sources[i].id);
        }
    }
    /* the municipality datasets: sources grouped by CBS code */
    size_t nready = out->nready;
    out->ds = xcalloc(nready + 1, sizeof(struct dataset_spec));
    char *done = xcalloc(nready ? nready : 1, 1);
    for (size_t i = 0; i < nready; i++) {
        if (done[i])
            continue;
        struct dataset_spec *ds = &out->ds[out->nds++];
        struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
        char *slug = source_municipality_slug(ready[i]);
        strbuf_addf(&id, "%s-%s-pc-documenten", ready[i]->cbs_code, slug);
        strbuf_addf(&title, "Gemeente %s: planning- en controldocumenten", ready[i]->municipality);
        free(slug);
        ds->id = strbuf_detach(&id, NULL);
        ds->title = strbuf_detach(&title, NULL);
        ds->sources = xcalloc(nready, sizeof(*ds->sources));
        for (size_t j = i; j < nready; j++)
            if (!strcmp(ready[j]->cbs_code, ready[i]->cbs_code)) {
                ds->sources[ds->nsources++] = ready[j];
                done[j] = 1;
            }
    }
    free(done);
    free(ready);
    /* CBS order, which is the national order of the ids */
    qsort(out->ds, out->nds, sizeof(*out->ds), cmp_dataset_id);
}

void datasets_release(struct datasets *d)
{
    for (size_t k = 0; k < d->nds; k++) {
        free(d->ds[k].id);
        free(d->ds[k].title);
        free(d->ds[k].sources);
    }
    free(d->ds);
    memset(d, 0, sizeof(*d));
}
