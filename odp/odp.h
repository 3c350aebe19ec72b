/*
 * odp.h: the front command's own modules (the files of odp/ but validate.c, which
 * is the separate odp-validate executable), as git's builtin.h: one
 * cmd_NAME(argc, argv) per command, each in odp/cmd_NAME.c, and the
 * machinery they share: running a stage executable as a child, the work
 * directory's lock, the run report and the stage sequence itself.
 *
 * A new command: write odp/cmd_NAME.c with cmd_NAME(argc, argv) (argv[0] is
 * the command's name; parse the rest with cli_parse()), declare it here, add
 * one line to the command table in odp/odp.c (it is also the --help list)
 * and the file to the odp target in CMakeLists.txt.
 *
 * Nothing here is part of lib/: the stages never call it.
 */
#ifndef ODP_ODP_H
#define ODP_ODP_H

#include <sys/types.h>

#include <jansson.h>

#include "cli.h"
#include "ledger.h"
#include "pipeline.h"

/* ---- the commands (odp/cmd_*.c); each returns the process exit status ---- */

int cmd_run(int argc, char **argv);
int cmd_rerun(int argc, char **argv);
int cmd_releases(int argc, char **argv); /* odp releases, odp prune */
int cmd_status(int argc, char **argv);
/* fetch, extract, transform, publish, validate: runs odp-NAME with the same
 * arguments and returns its exit status */
int cmd_stage(int argc, char **argv);

/* ---- the stages, in order (odp/run_stages.c) ---- */

#define ODP_NSTAGES 4
extern const char *const odp_stages[ODP_NSTAGES]; /* fetch extract transform publish */
/* index of name in odp_stages, -1 when it is none (or NULL) */
int odp_stage_index(const char *name);

/* The pipeline file of o, with its --source ids checked; 0, or 2 when either
 * is wrong (said on stderr). Free *pl with pipeline_free(). */
int odp_load_pipeline(const struct cli_opts *o, struct pipeline **pl);

/* Run stages first..publish for the selected sources (alive[i], which is
 * updated: a source that fails a stage goes no further), under the work
 * directory's lock, recording the run in the ledger and writing its report.
 * command names the run in the ledger ("run", "rerun"). Returns the exit
 * status: 0, 1, 2, 3 (partly failed or quarantined records) or 4 (locked). */
int odp_run_stages(const char *command, const struct cli_opts *o, struct pipeline *pl, int first,
                   int *alive);

/* ---- stage children and signals (odp/child.c) ---- */

/* From now on SIGTERM and SIGINT are passed to the running stage child. */
void odp_child_catch_signals(void);
/* The stop signal received (SIGTERM, SIGINT), or 0. */
int odp_child_stop_signal(void);
/* Run odp-STAGE (beside odp, else from PATH) with args (args[0] is set here;
 * NULL-terminated) to completion; returns its exit status, 127 when it
 * cannot run, 1 when a signal stopped it or killed it. */
int odp_child_run(const char *stage, char **args);
/* The same in two steps, so that two stages can run at once (fetch and the
 * extract that follows it): start odp-STAGE, passing it the fd pass_fd (else
 * -1) by its number in the
 * environment variable fd_env; returns its pid, or -1 when it was not started
 * (said on stderr, or a stop signal came). A pipe's other end must be
 * close-on-exec, or the child holds it open. args[0] is used and cleared. Then
 * wait for it as odp_child_run does; returns its exit status. */
pid_t odp_child_start(const char *stage, char **args, int pass_fd, const char *fd_env);
int odp_child_wait(pid_t pid, const char *stage);

/* ---- the work directory's lock (odp/lock.c) ---- */

/* Take the lock: one run at a time. Returns the fd (close it to release),
 * -1 after saying on stderr who holds it, -2 when the work directory cannot
 * be made. */
int odp_lock_take(const char *workdir);

/* ---- the run report (odp/report.c) ---- */

/* Write work/reports/run-N.json and run-N.html for run run_id; a failure is
 * a warning (the ledger holds the same). */
void odp_report_write(struct ledger *l, long long run_id, const char *workdir);

#endif
