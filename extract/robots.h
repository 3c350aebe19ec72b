/*
 * robots.h: robots.txt as RFC 9309 reads it: the group for our user agent
 * ("odp") if there is one, else the "*" group; the longest matching Allow or
 * Disallow rule wins, Allow on a tie; "*" and a final "$" in paths work.
 */
#ifndef ODP_ROBOTS_H
#define ODP_ROBOTS_H

struct robots;

/* Parse robots.txt text (NULL or "" allows everything). Caller robots_free()s. */
struct robots *robots_parse(const char *text, const char *agent);
void robots_free(struct robots *r);
/* 1 when path (with query) may be fetched. */
int robots_allowed(const struct robots *r, const char *path);

#endif
