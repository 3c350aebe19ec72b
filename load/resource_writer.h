/*
 * resource_writer.h: the files of one resource of a release, written a record
 * at a time as the sorted records come: NAME.csv, NAME.jsonl.zst and the
 * resource's sheets of the workbook. Memory does not grow with the records.
 *
 * NAME.jsonl.zst is one zstd frame at level 9 written with the streaming API;
 * the size of the text is pledged up front (the caller knows it from sorting)
 * and the text lies in one piece in a mapped temporary file (stable input
 * buffer), so the frame's bytes are those of a one-shot ZSTD_compress of the
 * whole text, as earlier releases were written, while only zstd's window of
 * it stays in memory.
 */
#ifndef ODP_RESOURCE_WRITER_H
#define ODP_RESOURCE_WRITER_H

#include <jansson.h>

#include "error.h"
#include "row_view.h"
#include "workbook.h"

struct resource_writer;

/* Open dir/NAME.csv and dir/NAME.jsonl.zst (atomic files) and begin the
 * resource's sheet in wb. schema is borrowed until close or abort; text_bytes
 * is the exact size of the JSON Lines text that will be added. Returns NULL
 * with err set on failure. */
struct resource_writer *resource_writer_open(const char *dir, const char *name, json_t *schema,
                                             unsigned long long text_bytes, struct workbook *wb,
                                             struct odp_error *err);

/* Add one record: line is its published JSON line (no newline), rv the same
 * line scanned (row_view_scan). */
int resource_writer_add(struct resource_writer *w, const char *line, size_t len,
                        struct row_view *rv, struct odp_error *err);

/* Finish both files, put them in place and end the sheet. Frees w, also on
 * failure. */
int resource_writer_close(struct resource_writer *w, struct odp_error *err);

/* Discard what was written. Accepts NULL. */
void resource_writer_abort(struct resource_writer *w);

#endif
