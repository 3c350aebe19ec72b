/*
 * report.c: the report of a run, written when it ends:
 * work/reports/run-N.json (what odp status shows, for scripts and for people
 * to keep) and run-N.html (the same as a table, everything from the sources
 * escaped).
 *
 * It reads the run from the ledger; it does not print anything (odp status
 * does).
 */
#include <stdio.h>

#include "atomic_file.h"
#include "fsutil.h"
#include "html.h"
#include "jsonutil.h"
#include "log.h"
#include "odp.h"
#include "strbuf.h"

void odp_report_write(struct ledger *l, long long run_id, const char *workdir)
{
    json_t *run = ledger_run_get(l, run_id);
    struct strbuf dir = STRBUF_INIT, p = STRBUF_INIT;
    struct odp_error err;
    strbuf_addf(&dir, "%s/reports", workdir);
    strbuf_addf(&p, "%s/run-%lld.json", dir.buf, run_id);
    if (run && !fs_mkdir_p(dir.buf, &err) && jsonutil_write_path(p.buf, run, &err))
        log_warn("%s", err.msg);
    /* and the same for people: report.html, everything from sources escaped */
    if (run) {
        struct strbuf h = STRBUF_INIT;
        strbuf_addf(&h,
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width\">"
                    "<title>odp run %lld</title><style>body{font-family:sans-serif;margin:1em}"
                    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em;"
                    "text-align:left}.failed{background:#fdd}.skipped{background:#eee}"
                    "</style></head><body><h1>odp run %lld</h1><p>",
                    run_id, run_id);
        html_escape(&h, jstr(run, "command"));
        strbuf_addstr(&h, " of ");
        html_escape(&h, jstr(run, "pipeline"));
        strbuf_addf(&h, ", started %s, finished %s, exit status %lld%s.</p>",
                    jstr(run, "started_at"),
                    jstr(run, "finished_at") ? jstr(run, "finished_at") : "-",
                    (long long)jint(run, "exit_status", -1),
                    json_is_true(json_object_get(run, "interrupted")) ? " (interrupted)" : "");
        strbuf_addstr(&h, "<table><tr><th>source</th><th>stage</th><th>outcome</th><th>count</th>"
                          "<th>quarantined</th><th>seconds</th><th>first error</th></tr>");
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(run, "results"), k, r)
        {
            strbuf_addf(&h, "<tr class=\"%s\"><td>", jstr(r, "outcome"));
            html_escape(&h, jstr(r, "source"));
            strbuf_addf(&h,
                        "</td><td>%s</td><td>%s</td><td>%lld</td><td>%lld</td><td>%.2f</td><td>",
                        jstr(r, "stage"), jstr(r, "outcome"), (long long)jint(r, "count", 0),
                        (long long)jint(r, "quarantined", 0),
                        json_real_value(json_object_get(r, "seconds")));
            html_escape(&h, jstr(r, "error"));
            strbuf_addstr(&h, "</td></tr>");
        }
        strbuf_addf(&h,
                    "</table><p>Machine-readable: run-%lld.json. Quarantined records: "
                    "../quarantine/SOURCE.jsonl.</p></body></html>\n",
                    run_id);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/run-%lld.html", dir.buf, run_id);
        if (atomic_write(p.buf, h.buf, h.len, &err))
            log_warn("%s", err.msg);
        strbuf_release(&h);
    }
    json_decref(run);
    strbuf_release(&dir);
    strbuf_release(&p);
}
