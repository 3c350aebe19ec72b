/*
 * fuzz_pipeline.c: libFuzzer target for the pipeline file (lib/pipeline.c):
 * the input is the file, loaded by pipeline_load from a memory file
 * (/proc/self/fd/N of a memfd), since the loader reads a path. Besides
 * crashes, leaks and undefined behaviour, a finding is a broken promise of
 * pipeline.h:
 *   - a rejected file gives an error that names the file and a line
 *     ("PATH:LINE: ..."), nothing else (a schema that cannot be compiled is
 *     the build's fault and aborts too);
 *   - an accepted file has sources with a valid id, a host, a known doc_type,
 *     each found again by its id, and a document id and slug can be made.
 * It does not check the messages' words; tests/unit/test_pipeline.c does.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    if (fd < 0) {
        fd = memfd_create("pipeline.json", 0);
        if (fd < 0)
            abort();
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    struct pipeline *p = NULL;
    struct odp_error err = {0};
    int rc = pipeline_load(path, &p, &err);
    if (rc) {
        size_t n = strlen(path);
        if (p || err.code != rc || strncmp(err.msg, path, n) || err.msg[n] != ':' ||
            !isdigit((unsigned char)err.msg[n + 1]))
            abort();
        return 0;
    }
    if (!p || p->nsources == 0 || !p->name)
        abort();
    for (size_t i = 0; i < p->nsources; i++) {
        const struct source *s = &p->sources[i];
        if (!s->id || !s->id[0] || !s->host || !s->url || !doc_type_is_known(s->doc_type))
            abort();
        if (pipeline_find_source(p, s->id) != s)
            abort();
        char *id = source_document_id(s), *slug = source_municipality_slug(s);
        if (!id || !slug || strncmp(id, s->cbs_code, 6))
            abort();
        free(id);
        free(slug);
    }
    pipeline_free(p);
    return 0;
}
