/*
 * robots.h: robots.txt as RFC 9309 reads it: the groups for our product token
 * ("odp", matched case-insensitively) if there are any, else the "*" groups;
 * the longest matching Allow or Disallow rule wins, Allow on a tie; "*" and a
 * final "$" in patterns work; patterns and paths are compared with their
 * percent-encoding made canonical (§2.2.2). Crawl-delay (not in the RFC, but
 * widely used) is read from the same group.
 *
 * Matching takes time linear in the lengths of the pattern and the path, so a
 * hostile robots.txt cannot stall the crawler (no backtracking on "*").
 *
 * What to do when robots.txt cannot be fetched (4xx, 5xx, too large,
 * redirected) is the crawler's business (request.c), not this module's.
 */
#ifndef ODP_ROBOTS_H
#define ODP_ROBOTS_H

#include <stddef.h>

/* RFC 9309 §2.5: a crawler must parse at least the first 500 KiB; this one
 * parses exactly that much of a longer file and ignores the rest. */
#define ROBOTS_MAX_BYTES (500 * 1024)

struct robots;

/* Parse robots.txt text (NULL or "" allows everything); only the first
 * ROBOTS_MAX_BYTES are read, and a line cut by that limit is dropped. Never
 * NULL (running out of memory ends the process: xalloc.h). Caller
 * robots_free()s. */
struct robots *robots_parse(const char *text, const char *agent);
void robots_free(struct robots *r);
/* 1 when path (with query) may be fetched. r NULL allows everything. */
int robots_allowed(const struct robots *r, const char *path);
/* The group's Crawl-delay in seconds (the largest if several), 0 when none. */
double robots_crawl_delay(const struct robots *r);

#endif
