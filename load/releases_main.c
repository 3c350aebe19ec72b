/*
 * releases_main.c: odp-releases, behind `odp releases` and `odp prune`.
 *
 *   odp releases [--pipeline F] [--portal DIR] [--json]
 *       every release of every dataset in the portal, and what the pipeline's
 *       retention policy does to it: latest, kept, to prune, pruned.
 *   odp prune [--dry-run] [--pipeline F] [--portal DIR] [--quiet]
 *       prune the releases the policy no longer keeps (release_retention.h:
 *       each keeps a tombstone saying where its data lives on), then write the
 *       catalogue and the pages again, so they say it too. --dry-run prints
 *       what would be pruned and changes nothing.
 *
 * It reads no records and builds no release: pruning never publishes, and a
 * portal can be pruned without its work directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"
#include "describe.h"
#include "fsutil.h"
#include "log.h"
#include "pipeline.h"
#include "release_retention.h"
#include "stage_status.h"
#include "xalloc.h"

static const struct cli_command releases_cmd = {
    "odp releases",
    "Every release in the portal and what the pipeline's retention policy (\"retention\" in the "
    "pipeline file) does to it: latest, kept, to prune, pruned. `odp prune` applies it.",
    OPT_PIPELINE | OPT_PORTAL | OPT_JSON};

static const struct cli_command prune_cmd = {
    "odp prune",
    "Prune the releases the pipeline's retention policy no longer keeps: each keeps its "
    "datapackage.json, CHANGES and a TOMBSTONE.json saying when, why and where its files live "
    "on; then the catalogue and the pages are written again. --dry-run: only say what would "
    "be pruned.",
    OPT_PIPELINE | OPT_PORTAL | OPT_QUIET};

static const char *state_name(enum retention_state s)
{
    switch (s) {
    case RETENTION_LATEST:
        return "latest";
    case RETENTION_KEEP:
        return "kept";
    case RETENTION_PRUNE:
        return "to prune";
    case RETENTION_PRUNED:
        return "pruned";
    }
    return "?";
}

static void policy_line(const struct retention_settings *rs, const char *kind, int n)
{
    (void)rs;
    if (n)
        printf("retention: keep the last %d %s release%s\n", n, kind, n == 1 ? "" : "s");
    else
        printf("retention: keep every %s release\n", kind);
}

static int list_releases(const struct retention_settings *rs, const struct retention_plan *plan,
                         int json)
{
    if (json) {
        json_t *out = json_pack("{s:{s:i,s:i},s:[]}", "retention", "municipality_releases",
                                rs->municipality_releases, "national_releases",
                                rs->national_releases, "releases");
        json_t *arr = json_object_get(out, "releases");
        for (size_t i = 0; i < plan->n; i++) {
            const struct retention_entry *e = &plan->entries[i];
            json_array_append_new(arr,
                                  json_pack("{s:s,s:s,s:s,s:I,s:I}", "dataset_id", e->dataset,
                                            "version", e->version, "state", state_name(e->state),
                                            "bytes", (json_int_t)e->bytes, "bytes_freed_by_pruning",
                                            (json_int_t)e->freed));
        }
        char *s = json_dumps(out, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
        json_decref(out);
        return 0;
    }
    policy_line(rs, "municipality", rs->municipality_releases);
    policy_line(rs, "national", rs->national_releases);
    printf("\n%-44s %-10s %-9s %14s\n", "DATASET", "VERSION", "STATE", "BYTES");
    long long to_free = 0;
    size_t to_prune = 0;
    for (size_t i = 0; i < plan->n; i++) {
        const struct retention_entry *e = &plan->entries[i];
        printf("%-44s %-10s %-9s %14lld\n", e->dataset, e->version, state_name(e->state), e->bytes);
        if (e->state == RETENTION_PRUNE) {
            to_prune++;
            to_free += e->freed;
        }
    }
    printf("\n%zu release%s to prune", to_prune, to_prune == 1 ? "" : "s");
    if (to_prune)
        printf(", freeing %lld bytes (files no kept release shares); odp prune does it", to_free);
    printf("\n");
    return 0;
}

/* The catalogue and the pages, from what the portal now holds: a prune
 * changes the releases' identities, so describe_write makes what shows them. */
static int rewrite_portal_pages(const char *portal, const struct pipeline *pl)
{
    struct describe_stats st;
    struct odp_error err = {0};
    return describe_write(portal, pl, &st, &err) ? 1 : 0;
}

int main(int argc, char **argv)
{
    /* argv[1] is the command odp was given: releases or prune */
    int prune = argc > 1 && !strcmp(argv[1], "prune");
    if (argc > 1 && (prune || !strcmp(argv[1], "releases"))) {
        argv++;
        argc--;
    }
    int dry_run = 0;
    char **args = xcalloc((size_t)argc + 1, sizeof(*args));
    int nargs = 0;
    for (int i = 0; i < argc; i++) {
        if (prune && !strcmp(argv[i], "--dry-run"))
            dry_run = 1;
        else
            args[nargs++] = argv[i];
    }
    struct cli_opts o;
    struct pipeline *pl;
    int rc = stage_begin(prune ? &prune_cmd : &releases_cmd, nargs, args, &o, &pl);
    free(args);
    if (rc != CLI_CONTINUE)
        return rc;
    struct odp_error err = {0};
    struct retention_plan plan;
    if (retention_plan(o.portal, &pl->retention, &plan, &err)) {
        log_error("%s: %s", o.portal, err.msg);
        pipeline_free(pl);
        return 1;
    }
    if (!prune || dry_run) {
        rc = list_releases(&pl->retention, &plan, o.json);
    } else {
        char now[32];
        time_t t = time(NULL);
        strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
        size_t pruned = 0;
        rc = retention_apply(o.portal, &pl->retention, &plan, now, &pruned, &err);
        if (rc)
            log_error("%s", err.msg);
        for (size_t i = 0; i < plan.n; i++)
            if (plan.entries[i].state == RETENTION_PRUNE && !rc) {
                char *why = retention_reason(&pl->retention, plan.entries[i].dataset);
                log_info("pruned %s %s: %s", plan.entries[i].dataset, plan.entries[i].version, why);
                free(why);
            }
        if (rewrite_portal_pages(o.portal, pl))
            rc = 1;
        log_info("%zu release%s pruned", pruned, pruned == 1 ? "" : "s");
        rc = rc ? 1 : 0;
    }
    retention_plan_free(&plan);
    pipeline_free(pl);
    return rc;
}
