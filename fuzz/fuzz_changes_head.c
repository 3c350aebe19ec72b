/*
 * fuzz_changes_head.c: libFuzzer target for the streaming reader of a
 * release's CHANGES.json head (load/changes_head.c), against jansson, its
 * reference (changes_head.h states the contract): for every file jansson
 * loads as an object, changes_head_read gives exactly that object reduced
 * to its members that are no arrays or objects, plus "changed" (when an
 * array) cut to its first `keep` elements; for a file jansson loads as
 * something else it gives NULL. Files jansson refuses are not compared
 * (the reader passes over faults inside lists it skips, by design). The
 * input is the file (a memfd, read through /proc/self/fd/N, as the reader
 * takes a path); keep is the input's size modulo 5.
 *
 * A file with a NUL byte is not compared: json_loadb passes over a NUL between
 * tokens ("[6\0]" loads as [6]), which is no JSON; the reader refuses it,
 * rightly (fuzz/regressions/changes_head/nul-byte-jansson-skips).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "changes_head.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

static json_t *reduce(json_t *all, size_t keep)
{
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(all, key, v)
    {
        if (!strcmp(key, "changed") && json_is_array(v)) {
            json_t *head = json_array();
            for (size_t i = 0; i < keep && i < json_array_size(v); i++)
                json_array_append(head, json_array_get(v, i));
            json_object_set_new(out, key, head);
        } else if (!json_is_array(v) && !json_is_object(v)) {
            json_object_set(out, key, v);
        }
    }
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    if (fd < 0) {
        fd = memfd_create("CHANGES.json", 0);
        if (fd < 0)
            abort();
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    size_t keep = size % 5;
    json_t *got = changes_head_read(path, keep);
    json_t *all = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (memchr(data, '\0', size)) {
        /* not compared (see above) */
    } else if (json_is_object(all)) {
        json_t *want = reduce(all, keep);
        if (!got || !json_equal(got, want))
            abort();
        json_decref(want);
    } else if (all && got) {
        abort(); /* JSON, but no object */
    }
    json_decref(all);
    json_decref(got);
    return 0;
}
