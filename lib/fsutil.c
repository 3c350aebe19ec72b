/* fsutil.c: see fsutil.h. */
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "xalloc.h"

int fs_mkdir_p(const char *path, struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addstr(&p, path);
    for (size_t i = 1; i <= p.len; i++) {
        if (p.buf[i] != '/' && p.buf[i] != '\0')
            continue;
        char c = p.buf[i];
        p.buf[i] = '\0';
        if (fault_mkdir(p.buf, 0777) != 0 && errno != EEXIST) {
            int rc = odp_error_set(err, ODP_EIO, "%s: cannot create directory: %s", p.buf,
                                   strerror(errno));
            strbuf_release(&p);
            return rc;
        }
        p.buf[i] = c;
    }
    strbuf_release(&p);
    return ODP_OK;
}

int fs_read_file(const char *path, struct strbuf *sb, struct odp_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return odp_error_set(err, errno == ENOENT ? ODP_ENOTFOUND : ODP_EIO,
                             "%s: cannot open: %s", path, strerror(errno));
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        strbuf_add(sb, buf, n);
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return odp_error_set(err, ODP_EIO, "%s: read failed", path);
    return ODP_OK;
}

int fs_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

int fs_remove_tree(const char *path)
{
    return nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

int fs_self_exe_dir(struct strbuf *sb)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
    strbuf_addstr(sb, buf);
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

long fs_list_sorted(const char *dir, const char *suffix, char ***names)
{
    *names = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t n = 0, cap = 0, sl = strlen(suffix);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l <= sl || strcmp(e->d_name + l - sl, suffix))
            continue;
        ALLOC_GROW(*names, n + 1, cap);
        (*names)[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(*names, n, sizeof(**names), cmp_name);
    return (long)n;
}

void fs_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
