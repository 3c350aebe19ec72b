/* bundle.c: see bundle.h. */
#include "bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"

#define BUNDLE_IO_BUF (1 << 16)

/* A bundle is a convenience copy of files that are each already on the
 * portal, a third of them compressed (.jsonl.zst, the workbook): it is
 * compressed fast (deflate -1; zstd -3 for a .tar.zst, which releases no
 * longer get), and a compressed member is stored in the zip as it is. deflate
 * -6 and zstd -9 made them about a tenth smaller at several times the CPU, in
 * what was the largest part of a night's publish (bench/README.md). */
#define BUNDLE_ZSTD_LEVEL "3"
#define BUNDLE_DEFLATE_LEVEL "1"

static int already_compressed(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && !strcmp(name + n - 4, ".zst")) || (n > 5 && !strcmp(name + n - 5, ".xlsx"));
}

int bundle_write(const char *dir, const char *out_name, const char *prefix,
                 const char *const *names, int n, time_t mtime, enum bundle_format fmt,
                 struct odp_error *err)
{
    struct strbuf path = STRBUF_INIT, name = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s", dir, out_name);
    struct atomic_file af;
    int rc = atomic_file_open(&af, path.buf, err);
    if (rc) {
        strbuf_release(&path);
        return rc;
    }
    struct archive *a = archive_write_new();
    if (fmt == BUNDLE_TAR_ZST) {
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_zstd(a);
        archive_write_set_filter_option(a, "zstd", "compression-level", BUNDLE_ZSTD_LEVEL);
    } else {
        archive_write_set_format_zip(a);
        archive_write_set_format_option(a, "zip", "compression-level", BUNDLE_DEFLATE_LEVEL);
    }
    /* no padding surprises: write through the temporary file */
    archive_write_set_bytes_in_last_block(a, 1);
    if (archive_write_open_FILE(a, af.fp) != ARCHIVE_OK) {
        rc = odp_error_set(err, ODP_EIO, "%s: %s", path.buf, archive_error_string(a));
        goto out;
    }
    char *buf = xmalloc(BUNDLE_IO_BUF);
    for (int i = 0; i < n && !rc; i++) {
        /* each file in pieces: a release's files can be larger than memory
         * should hold */
        strbuf_reset(&name);
        struct strbuf src = STRBUF_INIT;
        strbuf_addf(&src, "%s/%s", dir, names[i]);
        FILE *in = fopen(src.buf, "rb");
        struct stat st;
        if (!in || fstat(fileno(in), &st) != 0) {
            rc = odp_error_set(err, ODP_EIO, "%s: %s", src.buf, strerror(errno));
            if (in)
                fclose(in);
            strbuf_release(&src);
            break;
        }
        strbuf_addf(&name, "%s/%s", prefix, names[i]);
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, name.buf);
        archive_entry_set_size(e, (la_int64_t)st.st_size);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_uid(e, 0);
        archive_entry_set_gid(e, 0);
        archive_entry_set_mtime(e, mtime, 0);
        if (fmt == BUNDLE_ZIP && already_compressed(names[i]))
            archive_write_zip_set_compression_store(a);
        else if (fmt == BUNDLE_ZIP)
            archive_write_zip_set_compression_deflate(a);
        if (archive_write_header(a, e) != ARCHIVE_OK)
            rc = odp_error_set(err, ODP_EIO, "%s: %s", path.buf, archive_error_string(a));
        long long left = (long long)st.st_size;
        while (!rc && left > 0) {
            size_t want = left < BUNDLE_IO_BUF ? (size_t)left : BUNDLE_IO_BUF;
            size_t got = fread(buf, 1, want, in);
            if (got != want)
                rc = odp_error_set(err, ODP_EIO, "%s: cut short while bundling", src.buf);
            else if (archive_write_data(a, buf, got) != (la_ssize_t)got)
                rc = odp_error_set(err, ODP_EIO, "%s: %s", path.buf, archive_error_string(a));
            left -= (long long)got;
        }
        archive_entry_free(e);
        fclose(in);
        strbuf_release(&src);
    }
    free(buf);
    if (!rc && archive_write_close(a) != ARCHIVE_OK)
        rc = odp_error_set(err, ODP_EIO, "%s: %s", path.buf, archive_error_string(a));
out:
    archive_write_free(a);
    if (rc)
        atomic_file_abort(&af);
    else
        rc = atomic_file_commit(&af, err);
    strbuf_release(&path);
    strbuf_release(&name);
    return rc;
}
