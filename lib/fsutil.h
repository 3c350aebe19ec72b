/*
 * fsutil.h: small file-system helpers every stage needs, all named fs_*.
 * Atomic writes are atomic_file.h's, not these.
 */
#ifndef ODP_FSUTIL_H
#define ODP_FSUTIL_H

#include "error.h"
#include "strbuf.h"

/* mkdir -p; returns an odp_code. */
int fs_mkdir_p(const char *path, struct odp_error *err);
/* Read a whole file into sb (appending). */
int fs_read_file(const char *path, struct strbuf *sb, struct odp_error *err);
/* 1 when path exists. */
int fs_exists(const char *path);
/* Remove a directory tree (used for staging directories only). */
int fs_remove_tree(const char *path);
/* The names in dir ending in suffix ("" for all), hidden ones (".x") left
 * out, sorted by strcmp: an array of n names into *names, each and the array
 * freed with fs_names_free. Returns n, or -1 when dir cannot be read. */
long fs_list_sorted(const char *dir, const char *suffix, char ***names);
void fs_names_free(char **names, size_t n);
/* Directory of the running executable, into sb. */
int fs_self_exe_dir(struct strbuf *sb);

#endif
