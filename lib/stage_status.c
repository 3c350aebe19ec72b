/* stage_status.c: see stage_status.h. */
#include "stage_status.h"

#include <jansson.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "workdir.h"
#include "xalloc.h"

/* Sources done whose "ok" status file could not be written: they count as
 * failed in stage_exit_code, since odp status and odp rerun --failed read the
 * file and would show the night before (a "failed" one the caller counts
 * already). Atomic: extract writes from threads. */
static int unwritten;

int stage_status_write(const char *workdir, const char *source_id, const char *stage, int ok,
                       const char *error, long count, void *extra)
{
    struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
    struct odp_error err = {0};
    strbuf_addf(&dir, "%s/status", workdir);
    int rc = fs_mkdir_p(dir.buf, &err);
    json_t *o = extra ? (json_t *)extra : json_object();
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_set_new(o, "source", json_string(source_id));
    json_object_set_new(o, "stage", json_string(stage));
    json_object_set_new(o, "outcome", json_string(ok ? "ok" : "failed"));
    json_object_set_new(o, "count", json_integer(count));
    json_object_set_new(o, "error", error ? json_string(error) : json_null());
    json_object_set_new(o, "finished_at", json_string(now));
    workdir_status_path(&path, workdir, source_id, stage);
    if (!rc)
        rc = jsonutil_write_path(path.buf, o, &err);
    if (rc) {
        log_error("%s", err.msg);
        if (ok)
            __atomic_add_fetch(&unwritten, 1, __ATOMIC_RELAXED);
    }
    json_decref(o);
    strbuf_release(&dir);
    strbuf_release(&path);
    return rc;
}

int stage_status_ok(const char *workdir, const char *source_id, const char *stage)
{
    struct strbuf path = STRBUF_INIT;
    workdir_status_path(&path, workdir, source_id, stage);
    json_t *o = fs_exists(path.buf) ? jsonutil_load_path(path.buf, NULL) : NULL;
    strbuf_release(&path);
    if (!o)
        return -1;
    const char *out = jstr(o, "outcome");
    int ok = out && !strcmp(out, "ok");
    json_decref(o);
    return ok;
}

int stage_exit_code(int done, int failed)
{
    failed += __atomic_load_n(&unwritten, __ATOMIC_RELAXED);
    if (failed > done)
        failed = done;
    if (failed == 0)
        return 0;
    return failed >= done ? 1 : 3;
}

int stage_check_sources(const struct pipeline *pl, const struct cli_opts *o)
{
    for (size_t i = 0; i < o->nsources; i++) {
        if (!pipeline_find_source(pl, o->sources[i])) {
            log_error("%s: no source \"%s\" in this pipeline", pl->path, o->sources[i]);
            return 2;
        }
    }
    return 0;
}

int stage_begin(const struct cli_command *cmd, int argc, char **argv, struct cli_opts *o,
                struct pipeline **pl)
{
    xalloc_route_libraries(); /* before jansson allocates anything */
    int rc = cli_parse(cmd, argc, argv, o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init(cmd->name, o->quiet);
    struct odp_error err = {0};
    if (pipeline_load(o->pipeline, pl, &err)) {
        log_error("%s", err.msg);
        return 2;
    }
    if (stage_check_sources(*pl, o)) {
        pipeline_free(*pl);
        return 2;
    }
    return CLI_CONTINUE;
}

volatile sig_atomic_t stage_stop;

static void on_stop(int sig)
{
    (void)sig;
    stage_stop = 1;
}

void stage_catch_stop(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int stage_stopped(void)
{
    return stage_stop != 0;
}
