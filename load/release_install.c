/* release_install.c: see release_install.h. */
#include "release_install.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fault.h"
#include "fsutil.h"
#include "strbuf.h"

/* Whether {a}/{name} and {b}/{name} hold the same bytes (both readable). */
static int same_file(const char *a, const char *b, const char *name)
{
    struct strbuf pa = STRBUF_INIT, pb = STRBUF_INIT, da = STRBUF_INIT, db = STRBUF_INIT;
    struct odp_error e;
    strbuf_addf(&pa, "%s/%s", a, name);
    strbuf_addf(&pb, "%s/%s", b, name);
    int same = !fs_read_file(pa.buf, &da, &e) && !fs_read_file(pb.buf, &db, &e) && da.len == db.len &&
               !memcmp(da.buf, db.buf, da.len);
    strbuf_release(&pa);
    strbuf_release(&pb);
    strbuf_release(&da);
    strbuf_release(&db);
    return same;
}

int release_install(const char *staging, const char *dsdir, const char *version,
                    struct odp_error *err)
{
    struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, link = STRBUF_INIT;
    int rc = 0, completing = 0;
    strbuf_addf(&path, "%s/%s", dsdir, version);
    if (fs_exists(path.buf)) {
        /* an earlier publish crashed after putting this release in place and
         * before switching latest: the same input gives the same bytes, so the
         * release is finished, not rebuilt; anything else is an error */
        if (same_file(staging, path.buf, "SHA256SUMS")) {
            if (!fault_write(EIO))
                fs_remove_tree(staging);
            completing = 1;
        } else {
            rc = odp_error_set(err, ODP_EIO,
                               "%s: a different release with this version exists already (left "
                               "by an interrupted publish?); move it away and publish again",
                               path.buf);
        }
    }
    fault_point(); /* staged, not yet in place */
    if (!rc && !completing && (fault_write(EIO) || rename(staging, path.buf) != 0))
        rc = odp_error_set(err, ODP_EIO, "%s: cannot put in place: %s", path.buf, strerror(errno));
    if (!rc)
        rc = fsync_dir(dsdir, err);
    if (!rc) {
        strbuf_addf(&tmp, "%s/.latest.tmp", dsdir);
        if (!fault_write(EIO))
            unlink(tmp.buf);
        strbuf_addf(&link, "%s/latest", dsdir);
        fault_point(); /* in place, latest not yet switched */
        if (fault_write(EIO) || symlink(version, tmp.buf) != 0 || fault_write(EIO) ||
            rename(tmp.buf, link.buf) != 0) {
            rc = odp_error_set(err, ODP_EIO, "%s: cannot switch the latest link: %s", link.buf,
                               strerror(errno));
            if (!fault_write(EIO))
                unlink(tmp.buf);
        }
    }
    strbuf_release(&path);
    strbuf_release(&tmp);
    strbuf_release(&link);
    return rc;
}
