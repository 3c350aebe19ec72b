/*
 * pipeline.h: the pipeline file (spec CLI.md), loaded and checked.
 *
 * pipeline_load() parses the JSON with jansson and checks every source before
 * any stage does work. A bad file is rejected with "FILE:LINE: source "ID":
 * why" (a syntax error with its line and column), so a steward can fix it in
 * one go. The returned pipeline is owned by the caller: pipeline_free().
 */
#ifndef ODP_PIPELINE_H
#define ODP_PIPELINE_H

#include <stddef.h>

#include "error.h"

struct source {
    char *id;           /* [a-z0-9][a-z0-9-]* , unique in the file */
    char *cbs_code;     /* GM + 4 digits */
    char *municipality; /* display name, e.g. "Oude IJsselstreek" */
    char *doc_type;     /* vocabulary of DATA-CONTRACT.md */
    char *doc_label;    /* the source's own label (defaults to doc_type) */
    int year;
    int seq;            /* 0 when absent */
    char *url;          /* site root */
    char *host;         /* lower-case host of url */
    char **pages;       /* optional list limiting the crawl */
    size_t npages;
    int max_pages;      /* crawl limit (default 500) */
    int render_chromium; /* "render": "chromium": pages are built by JavaScript */
    int line;           /* line of the source object in the file */
};

/* Crawl settings ("crawl" in the pipeline file); every field has a default. */
struct crawl_settings {
    int timeout_s;       /* whole transfer (default 60) */
    int connect_timeout_s; /* (default 10) */
    int low_speed_s;     /* abort when under 100 bytes/s this long (default 15) */
    int max_attempts;    /* per page, timeouts, 429 and 5xx retried (default 4) */
    int retry_budget;    /* retries per host in one run (default 30) */
    int delay_ms;        /* between the starts of two requests to one host (default 200) */
    int per_host;        /* requests at once per host (default 2) */
    int max_redirects;   /* (default 5) */
    long max_body;       /* bytes (default 32 MiB) */
    int allow_private;   /* fetch from private/loopback addresses (default 0) */
};

/* Which releases `odp prune` keeps ("retention" in the pipeline file): the
 * last N of each dataset of that kind, 0 = every release (the default). The
 * release `latest` names is always kept. */
struct retention_settings {
    int municipality_releases; /* per {cbs_code}-...-pc-documenten dataset */
    int national_releases;     /* nl-gemeenten-pc-documenten */
};

struct pipeline {
    char *path;
    struct crawl_settings crawl;
    struct retention_settings retention;
    char *name;
    char *base_url;
    char *publisher;
    char *publisher_uri; /* the publisher's organisation URI (TOOI), for the catalogue */
    char *license;
    char *contact_email;
    char *user_agent_contact;
    struct source *sources;
    size_t nsources;
};

int pipeline_load(const char *path, struct pipeline **out, struct odp_error *err);
void pipeline_free(struct pipeline *p);

/* The source with this id, or NULL. */
const struct source *pipeline_find_source(const struct pipeline *p, const char *id);

/* document_id per DATA-CONTRACT principle 5, e.g. "GM0150-bestuursrapportage-2025-02".
 * Caller frees. */
char *source_document_id(const struct source *s);
/* Lower-case ASCII slug of the municipality ("Oude IJsselstreek" -> "oude-ijsselstreek").
 * Caller frees. */
char *source_municipality_slug(const struct source *s);
/* 1 when doc_type is in the contract's vocabulary. */
int doc_type_is_known(const char *doc_type);

#endif
