/*
 * workdir.h: where each stage keeps its files in the work directory.
 *
 *   raw/ab/<sha256>                 fetched bytes, content-addressed
 *   fetch/<source>.json             what fetch saw per page (URL, status, sha256, ETag...)
 *   extract/<sha256>.x<ver>.jsonl   one page's extraction, keyed by input hash + version
 *   records/<source>/<dataset>.jsonl  transform output, validated records
 *   status/<source>.<stage>.json    the outcome of a stage for a source
 *
 * Stages talk only through these files; each is written atomically.
 */
#ifndef ODP_WORKDIR_H
#define ODP_WORKDIR_H

#include "strbuf.h"

void workdir_raw_path(struct strbuf *sb, const char *wd, const char *sha256);
void workdir_fetch_manifest(struct strbuf *sb, const char *wd, const char *source_id);
void workdir_extract_path(struct strbuf *sb, const char *wd, const char *sha256, int version);
void workdir_records_dir(struct strbuf *sb, const char *wd, const char *source_id);
void workdir_status_path(struct strbuf *sb, const char *wd, const char *source_id,
                         const char *stage);

#endif
