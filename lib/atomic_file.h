/*
 * atomic_file.h: files that appear whole or not at all.
 *
 * Data is written to a temporary file beside the target, flushed, fsynced,
 * renamed over the target, and the directory is fsynced, so a crash at any
 * moment leaves either the old file or the new one, never a half-written one.
 * A temporary file left by a crash is named ".NAME.tmp.PID" and is ignored.
 */
#ifndef ODP_ATOMIC_FILE_H
#define ODP_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct atomic_file {
    FILE *fp;   /* write through this */
    char *path; /* final path (owned) */
    char *tmp;  /* temporary path (owned) */
};

/* Open a temporary file for path. On success af->fp is ready to write. */
int atomic_file_open(struct atomic_file *af, const char *path, struct odp_error *err);
/* Flush, fsync, rename into place, fsync the directory; frees af. */
int atomic_file_commit(struct atomic_file *af, struct odp_error *err);
/* Remove the temporary file; frees af. Safe after a failed commit. */
void atomic_file_abort(struct atomic_file *af);

/* Write len bytes to path atomically. */
int atomic_write(const char *path, const void *data, size_t len, struct odp_error *err);

/* A temporary path this process is writing (a file, or a staging directory
 * with everything in it) is removed by exit() while still tracked, so a stage
 * that dies (out of memory, a signal) leaves nothing half-written. The
 * functions above track their temporary files themselves; a stage that
 * builds a staging directory tracks it until it is renamed or removed. */
void atomic_file_track(const char *path);
void atomic_file_untrack(const char *path);

/* fsync a directory (after a rename inside it). */
int fsync_dir(const char *dir, struct odp_error *err);

/* A staging directory of many files (a release) is made durable once, not
 * file by file: files committed under dir (until atomic_file_defer_sync(NULL))
 * skip their own fsyncs, and atomic_file_sync_tree(dir) then starts the
 * write-back of every file under dir at once, waits for each, and fsyncs
 * every directory, before the caller renames dir into place. One journal
 * commit then covers the release instead of two per file. Files with more
 * than one link are links to files that are durable already and are skipped.
 * The caller must not rely on a file under dir before sync_tree returns 0. */
void atomic_file_defer_sync(const char *dir);
int atomic_file_sync_tree(const char *dir, struct odp_error *err);
/* The same for a list of files (paths, each ending in '\0', len bytes in
 * all; no directory is synced): what a stage that defers the sync of its
 * outputs in a shared directory (extract/, fetch's raw/) wrote. More than
 * ATOMIC_FILE_SYNCFS_FROM files are synced with one syncfs(2) of their file
 * system (directories included), fewer with an fsync each. */
#define ATOMIC_FILE_SYNCFS_FROM 64
int atomic_file_sync_files(const char *paths, size_t len, struct odp_error *err);

#endif
