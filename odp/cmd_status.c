/*
 * cmd_status.c: `odp status [--run N] [--json]`, a run as the ledger holds
 * it: per source and stage ok / failed / skipped with counts, the first
 * error, publish's outcome and what to do next.
 *
 * It only reads; the report files of a run are report.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "odp.h"
#include "strbuf.h"

static const struct cli_command status_cmd = {
    "odp status",
    "The last run (or --run N): per source and stage ok / failed / skipped, counts, the first "
    "error, and what to do next.",
    OPT_WORKDIR | OPT_JSON | OPT_RUN};

int cmd_status(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(&status_cmd, argc, argv, &o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init("odp", 0);
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/ledger.sqlite", o.workdir);
    if (!fs_exists(p.buf)) {
        fprintf(stderr, "odp: %s has no ledger: no run yet\n", o.workdir);
        strbuf_release(&p);
        return 1;
    }
    strbuf_release(&p);
    struct odp_error err = {0};
    struct ledger *l = NULL;
    if (ledger_open(o.workdir, &l, &err)) {
        log_error("%s", err.msg);
        return 1;
    }
    json_t *run = ledger_run_get(l, o.run);
    ledger_close(l);
    if (!run) {
        fprintf(stderr, "odp: no run %s in %s\n", o.run ? "with that number" : "yet", o.workdir);
        return 1;
    }
    json_t *results = json_object_get(run, "results");
    /* what to do next: the earliest stage that failed */
    int next = 4;
    size_t k;
    json_t *r;
    json_array_foreach(results, k, r)
    {
        if (!strcmp(jstr(r, "outcome"), "failed")) {
            int si = odp_stage_index(jstr(r, "stage"));
            if (si >= 0 && si < next)
                next = si;
        }
    }
    struct strbuf advice = STRBUF_INIT;
    int publish_failed = 0;
    json_array_foreach(results, k, r)
    {
        if (!strcmp(jstr(r, "source"), "*") && strcmp(jstr(r, "outcome"), "ok"))
            publish_failed = 1;
    }
    if (next == 4 && publish_failed)
        strbuf_addstr(&advice, "fix what the publish line names, then odp rerun --stage publish");
    else if (next < 4)
        strbuf_addf(&advice, "odp rerun --stage %s --failed", odp_stages[next]);
    else if (json_is_true(json_object_get(run, "interrupted")))
        strbuf_addstr(&advice, "odp run (it resumes where the interrupted run stopped)");
    if (o.json) {
        json_object_set_new(run, "next", advice.len ? json_string(advice.buf) : json_null());
        char *s = json_dumps(run, JSON_INDENT(2));
        puts(s);
        free(s);
    } else {
        printf("run %lld (odp %s, %s): started %s, finished %s\n", (long long)jint(run, "run", 0),
               jstr(run, "command"), jstr(run, "pipeline"), jstr(run, "started_at"),
               jstr(run, "finished_at") ? jstr(run, "finished_at") : "never (killed?)");
        if (json_is_integer(json_object_get(run, "exit_status")))
            printf("  exit status: %lld%s\n", (long long)jint(run, "exit_status", 0),
                   json_is_true(json_object_get(run, "interrupted")) ? " (interrupted)" : "");
        printf("\n  %-34s %-10s %-10s %-10s %s\n", "source", "fetch", "extract", "transform",
               "first error");
        /* one line per source, stages in columns */
        json_t *seen = json_object();
        json_array_foreach(results, k, r)
        {
            const char *src = jstr(r, "source");
            if (!strcmp(src, "*") || json_object_get(seen, src))
                continue;
            json_object_set_new(seen, src, json_true());
            char cols[3][24] = {"-", "-", "-"};
            const char *first_error = "";
            size_t k2;
            json_t *r2;
            json_array_foreach(results, k2, r2)
            {
                if (strcmp(jstr(r2, "source"), src))
                    continue;
                int si = odp_stage_index(jstr(r2, "stage"));
                if (si < 0 || si > 2)
                    continue;
                const char *out = jstr(r2, "outcome");
                long q = (long)jint(r2, "quarantined", 0);
                if (!strcmp(out, "ok") && q)
                    snprintf(cols[si], sizeof(cols[si]), "ok %ld (%ldq)",
                             (long)jint(r2, "count", 0), q);
                else if (!strcmp(out, "ok"))
                    snprintf(cols[si], sizeof(cols[si]), "ok %ld", (long)jint(r2, "count", 0));
                else
                    snprintf(cols[si], sizeof(cols[si]), "%s", out);
                if (!first_error[0] && jstr(r2, "error"))
                    first_error = jstr(r2, "error");
            }
            printf("  %-34s %-10s %-10s %-10s %s\n", src, cols[0], cols[1], cols[2], first_error);
        }
        json_decref(seen);
        json_array_foreach(results, k, r)
        {
            if (!strcmp(jstr(r, "source"), "*"))
                printf("\n  publish: %s%s%s\n", jstr(r, "outcome"), jstr(r, "error") ? ": " : "",
                       jstr(r, "error") ? jstr(r, "error") : "");
        }
        printf("\n  report: %s/reports/run-%lld.html (and .json)\n", o.workdir,
               (long long)jint(run, "run", 0));
        if (advice.len)
            printf("  next: %s\n", advice.buf);
    }
    strbuf_release(&advice);
    json_decref(run);
    return 0;
}
