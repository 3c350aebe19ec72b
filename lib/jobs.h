/*
 * jobs.h: run independent tasks (one source, one dataset) in up to N child
 * processes at once.
 *
 * Processes rather than threads: a task of a stage (transform one source,
 * publish one dataset) was written for a process of its own, with its own
 * allocations, schema caches and temporary files, so a child gives each job
 * bounded memory of its own and shares nothing by accident. A task reports
 * what the parent needs through its exit status (0..125) and writes the rest
 * (status files, release directories) itself, as the serial stage did; the
 * output is therefore the same for every N. Deliberately no work stealing or
 * result pipes: the tasks are few (hundreds) and coarse.
 */
#ifndef ODP_JOBS_H
#define ODP_JOBS_H

#include <stddef.h>

/* The default for --jobs: the number of cores online (at least 1). */
int jobs_default(void);

/* Call task(i, ud) for every i < ntasks, up to jobs at once, each in a child
 * process whose exit status is task's return value (0..125); with jobs 1 (or
 * one task) the calls run in this process, in order. status[i] receives the
 * task's result, or 126 when its child could not start or died (a signal).
 * While stop() returns nonzero (may be NULL) no new task is started; those
 * not started get 127. Returns the number of tasks that ran. */
size_t jobs_run(size_t ntasks, int jobs, int (*task)(size_t i, void *ud), void *ud, int *status,
                int (*stop)(void));

#endif
