/*
 * stage_status.h: the outcome of one stage for one source, as a small JSON
 * file in the work directory (workdir.h), read by `odp run` to decide which
 * sources go on to the next stage, and by stewards.
 */
#ifndef ODP_STAGE_STATUS_H
#define ODP_STAGE_STATUS_H

#include <signal.h>

#include "cli.h"
#include "pipeline.h"

/* ok: 1 success, 0 failed. error: first error line or NULL. extra: optional
 * counts object (stolen reference) or NULL. */
int stage_status_write(const char *workdir, const char *source_id, const char *stage, int ok,
                       const char *error, long count, void *extra);
/* 1 ok, 0 failed, -1 no status recorded. */
int stage_status_ok(const char *workdir, const char *source_id, const char *stage);

/* The exit status of a stage over `done` sources of which `failed` failed;
 * a source whose "ok" status this process could not write counts as failed
 * (not seen in a --jobs child, which reports through its exit status). */
int stage_exit_code(int done, int failed);

/* The prologue every stage's main shares: parse the options, start logging,
 * load and check the pipeline file and the --source ids. Returns CLI_CONTINUE
 * with *pl set (the caller pipeline_free()s it), or the exit status to return. */
int stage_begin(const struct cli_command *cmd, int argc, char **argv, struct cli_opts *o,
                struct pipeline **pl);

/* Stopping on SIGTERM and SIGINT, the same in extract, transform and publish:
 * stage_catch_stop() makes either signal set stage_stop (SA_RESTART, so no
 * write is cut short by it), and the stage stops at its next page, source or
 * dataset; what is done is kept, as every output file is written whole or not
 * at all. stage_stopped() reads the flag (jobs.h's stop callback). fetch has
 * its own handler: it must interrupt the transfers under way. */
extern volatile sig_atomic_t stage_stop;
void stage_catch_stop(void);
int stage_stopped(void);

/* Every --source must name a source of the pipeline: 0, or 2 after an error line. */
int stage_check_sources(const struct pipeline *pl, const struct cli_opts *o);

#endif
