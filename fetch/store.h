/*
 * store.h: the raw store as the crawl writes and reads it (internal to
 * fetch/): a page's bytes as UTF-8 under their SHA-256, written atomically,
 * with what the manifest says of them (charset, hashes, validators); a
 * JavaScript site's rendered DOM in place of its shell; and, offline or on
 * resuming, the copy a previous run stored.
 *
 * The layout of the store is lib/workdir.h's; charset conversion charset.h's.
 */
#ifndef ODP_FETCH_STORE_H
#define ODP_FETCH_STORE_H

#include <jansson.h>

#include "crawler.h"
#include "strbuf.h"

/* Around a crawl: stored copies are written without their own fsync and
 * made durable in batches before the ledger commits the records naming them
 * (store_end commits and syncs the last batch). */
void store_begin(const struct fetch_config *cfg);
void store_end(const struct fetch_config *cfg);

/* Store the body of q's 200 as UTF-8 (into utf8, and the raw store) and fill
 * q's entry. 0 on success, else why says what failed. */
int store_body(struct request *q, struct strbuf *utf8, struct strbuf *why);

/* Store q's shell, render the page with chromium and store the DOM it built
 * in place of the shell (into dom, and the raw store). 0 on success; a page
 * that did not render is not stored, and why says what failed. */
int store_rendered(struct request *q, struct strbuf *dom, struct strbuf *why);

/* Offline or resuming: take the entry prev of the previous run into entry,
 * and its bytes into body, when they are stored. 0 on success; else entry
 * says the page is not in the raw store. */
int store_offline_page(const struct fetch_config *cfg, const char *url, json_t *prev,
                       json_t *entry, struct strbuf *body);

#endif
