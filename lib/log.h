/*
 * log.h: one-line messages on stderr.
 *
 * log_info is silenced by --quiet (cron mails any output); warnings and errors
 * always print. Every message names the program ("odp-fetch: ...").
 */
#ifndef ODP_LOG_H
#define ODP_LOG_H

void log_init(const char *progname, int quiet);
int log_is_quiet(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* ODP_TIMING=1 (for benchmarks): "timing SCOPE WHAT S s" on stderr, S the
 * seconds since the previous call; what NULL only starts the clock. */
void log_timing(const char *scope, const char *what);

#endif
