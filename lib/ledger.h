/*
 * ledger.h: the state ledger, one SQLite file in the work directory
 * (ledger.sqlite). Fetch records per source and URL what it saw (status,
 * ETag, Last-Modified, build stamp, sha256, times, attempts, last error), one
 * transaction per page, so a run killed at any moment leaves it consistent
 * and the next run resumes where it stopped.
 *
 * The schema is versioned (meta.schema_version) and upgraded in place by
 * ledger_open(); a ledger from an older odp is migrated, never discarded.
 */
#ifndef ODP_LEDGER_H
#define ODP_LEDGER_H

#include <jansson.h>

#include "error.h"

struct ledger;

/* Seconds this process spent in the ledger's page calls (for benchmarks). */
extern double ledger_seconds;

/* Open (creating or migrating) WORKDIR/ledger.sqlite. Caller ledger_close()s. */
int ledger_open(const char *workdir, struct ledger **out, struct odp_error *err);
void ledger_close(struct ledger *l); /* commits what is pending */
/* Commit the pending batch of page records now (fetch does at the end of a
 * source and on a signal). */
void ledger_flush(struct ledger *l);
/* Call fn(ud) before each commit of page records: what the records point at
 * (fetch's stored copies, written without their own fsync) is made durable
 * first, so a committed record never names bytes a power cut could lose.
 * When fn fails the batch is rolled back: those pages are not recorded and
 * are fetched again by the next run. */
void ledger_before_commit(struct ledger *l, int (*fn)(void *ud), void *ud);

/* Start a fetch run for a source, or resume the unfinished one a killed run
 * left. *resumed says which. */
int ledger_fetch_begin(struct ledger *l, const char *source, long long *run_id, int *resumed,
                       struct odp_error *err);
/* Mark the run finished. */
int ledger_fetch_end(struct ledger *l, long long run_id, const char *outcome,
                     struct odp_error *err);

/* Record a page's fetch entry (the manifest object: url, sha256, etag, ...)
 * for run_id, in one transaction. */
int ledger_fetch_put(struct ledger *l, const char *source, long long run_id, json_t *entry,
                     struct odp_error *err);
/* The last entry recorded for source+url (new reference) or NULL; *run_id
 * receives the run that recorded it. */
json_t *ledger_fetch_get(struct ledger *l, const char *source, const char *url,
                         long long *run_id);

/* The page links found in the content with this SHA-256 (derived data, so a
 * 304 costs no parse): put stores them, get returns a new reference or NULL. */
int ledger_links_put(struct ledger *l, const char *sha256, json_t *links);
json_t *ledger_links_get(struct ledger *l, const char *sha256);

/* odp run's own record: a run, its end, and each stage's outcome per source
 * (outcome: ok, failed, skipped, unchanged). */
int ledger_run_begin(struct ledger *l, const char *command, const char *pipeline,
                     long long *run_id, struct odp_error *err);
int ledger_run_end(struct ledger *l, long long run_id, int exit_status, int interrupted,
                   struct odp_error *err);
int ledger_stage_result(struct ledger *l, long long run_id, const char *source, const char *stage,
                        const char *outcome, long count, long quarantined, const char *error,
                        double seconds, struct odp_error *err);
/* A run (run_id 0: the last one) with its stage results, as JSON (new
 * reference), or NULL when there is none. */
json_t *ledger_run_get(struct ledger *l, long long run_id);

#endif
