/* robots.c: see robots.h. */
#include "robots.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rule {
    int allow;
    char *pattern;
};

struct robots {
    struct rule *rules;
    int n;
};

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* Match a robots pattern at the start of path: '*' any run, '$' end. Returns
 * 1 on a match. */
static int match(const char *pat, const char *path)
{
    if (!*pat)
        return 1;
    if (*pat == '$' && !pat[1])
        return *path == '\0';
    if (*pat == '*') {
        for (const char *p = path;; p++) {
            if (match(pat + 1, p))
                return 1;
            if (!*p)
                return 0;
        }
    }
    return *path == *pat && match(pat + 1, path + 1);
}

struct robots *robots_parse(const char *text, const char *agent)
{
    struct robots *r = calloc(1, sizeof(*r));
    if (!text)
        return r;
    char *copy = strdup(text);
    /* two passes: our own group if one exists, else '*' */
    for (int want_star = 0; want_star < 2 && r->n == 0; want_star++) {
        int in_group = 0, last_was_agent = 0, own_group_seen = 0;
        char *save = NULL;
        char *buf = strdup(copy);
        for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            char *hash = strchr(line, '#');
            if (hash)
                *hash = '\0';
            char *colon = strchr(line, ':');
            if (!colon)
                continue;
            *colon = '\0';
            char *key = trim(line), *val = trim(colon + 1);
            if (!strcasecmp(key, "user-agent")) {
                int mine = want_star ? !strcmp(val, "*") : strcasestr(val, agent) != NULL;
                if (!last_was_agent)
                    in_group = 0;
                in_group |= mine;
                own_group_seen |= mine;
                last_was_agent = 1;
                continue;
            }
            last_was_agent = 0;
            if (!in_group)
                continue;
            int allow = !strcasecmp(key, "allow");
            if (!allow && strcasecmp(key, "disallow"))
                continue;
            if (!*val)
                continue; /* "Disallow:" with nothing allows all */
            r->rules = realloc(r->rules, (size_t)(r->n + 1) * sizeof(*r->rules));
            r->rules[r->n++] = (struct rule){allow, strdup(val)};
        }
        free(buf);
        if (!want_star && own_group_seen)
            break; /* our group exists (maybe empty: then everything is allowed) */
    }
    free(copy);
    return r;
}

void robots_free(struct robots *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n; i++)
        free(r->rules[i].pattern);
    free(r->rules);
    free(r);
}

int robots_allowed(const struct robots *r, const char *path)
{
    size_t best = 0;
    int allowed = 1, found = 0;
    for (int i = 0; r && i < r->n; i++) {
        size_t len = strlen(r->rules[i].pattern);
        if (!match(r->rules[i].pattern, path))
            continue;
        if (!found || len > best || (len == best && r->rules[i].allow)) {
            best = len;
            allowed = r->rules[i].allow;
            found = 1;
        }
    }
    return allowed;
}
