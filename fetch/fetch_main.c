/*
 * fetch_main.c: odp-fetch, download each source's pages into the raw store.
 */
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "cli.h"
#include "fetch.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "pipeline.h"
#include "stage_status.h"
#include "xalloc.h"
#include "xalloc_xml.h"

static const struct cli_command cmd = {
    "odp-fetch", "Download the pages of each source into the work directory's raw store.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_SOURCE | OPT_OFFLINE | OPT_RESOLVE | OPT_QUIET | OPT_JOBS};

static void on_stop(int sig)
{
    (void)sig;
    fetch_stop = 1;
}

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct pipeline *pl;
    xalloc_route_libxml2();
    int rc = stage_begin(&cmd, argc, argv, &o, &pl);
    if (rc != CLI_CONTINUE)
        return rc;
    struct odp_error err = {0};
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fetch_announce_open();
    struct strbuf ua = STRBUF_INIT;
    strbuf_addf(&ua, "odp/%s (+%s)", ODP_VERSION,
                pl->user_agent_contact ? pl->user_agent_contact
                                       : "https://github.com/odp-nl/odp");
    struct ledger *ledger = NULL;
    if (fs_mkdir_p(o.workdir, &err) || ledger_open(o.workdir, &ledger, &err)) {
        log_error("%s", err.msg);
        strbuf_release(&ua);
        pipeline_free(pl);
        return 1;
    }
    struct fetch_config cfg = {o.workdir, ua.buf,      o.resolve, o.nresolve,
                               o.offline, &pl->crawl, ledger};
    const struct source **sel = xcalloc(pl->nsources, sizeof(*sel));
    size_t n = 0;
    for (size_t i = 0; i < pl->nsources; i++)
        if (cli_source_selected(&o, pl->sources[i].id))
            sel[n++] = &pl->sources[i];
    struct fetch_report *reps = xcalloc(n ? n : 1, sizeof(*reps));
    int *rcs = xcalloc(n ? n : 1, sizeof(int));
    struct odp_error *errs = xcalloc(n ? n : 1, sizeof(*errs));
    int failed = 0, done = (int)n, run_failed = 0;
    if (fetch_run(sel, n, &cfg, reps, rcs, errs)) {
        log_error("%s", errs[0].msg);
        failed = done;
        run_failed = 1;
    }
    /* every source gets its status, also those after one that failed */
    for (size_t i = 0; i < n && !run_failed; i++) {
        const struct source *s = sel[i];
        struct fetch_report *rep = &reps[i];
        if (rcs[i] || rep->source_failed) {
            failed++;
            const char *why = rcs[i] ? errs[i].msg : rep->first_error;
            log_error("source \"%s\": %s", s->id, why);
            stage_status_write(o.workdir, s->id, "fetch", 0, why, rep->pages_ok, NULL);
        } else {
            log_info("source \"%s\": %d pages (%d unchanged, %d resumed), %d failed, %d "
                     "disallowed by robots.txt",
                     s->id, rep->pages_ok, rep->pages_unchanged, rep->pages_resumed,
                     rep->pages_failed, rep->pages_skipped);
            stage_status_write(o.workdir, s->id, "fetch", 1,
                               rep->pages_failed ? rep->first_error : NULL, rep->pages_ok, NULL);
        }
    }
    if (getenv("ODP_TIMING"))
        fprintf(stderr, "odp-fetch: timing: %.3f s waiting on the network, %.3f s in the ledger\n",
                fetch_wait_seconds, ledger_seconds);
    free(sel);
    free(reps);
    free(rcs);
    free(errs);
    ledger_close(ledger);
    strbuf_release(&ua);
    pipeline_free(pl);
    curl_global_cleanup();
    return stage_exit_code(done, failed);
}
