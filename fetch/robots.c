/*
 * robots.c: see robots.h.
 *
 * A pattern is split at its "*"s into literal segments. The first segment
 * must match at the start of the path; every later one is searched for from
 * where the previous one ended, and the leftmost occurrence is always the
 * right one to take (a later occurrence only leaves less room for the rest),
 * so there is never a reason to go back. Each search is Knuth-Morris-Pratt
 * with the segment's failure table computed once at parse time, which keeps a
 * whole match linear in the lengths of the path and the pattern even for
 * segments like "aaab" against "aaaaaaaa". A final "$" pins the last segment
 * to the end of the path.
 *
 * Rules are kept sorted by length (Allow first on a tie), so a check stops at
 * the first rule that matches.
 */
#include "robots.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

struct rule {
    int allow;
    int anchored;   /* the pattern ended with '$' */
    size_t len;     /* the normalised pattern's length with its '$': its specificity */
    size_t n;       /* length of pat (without the '$') */
    char *pat;      /* normalised pattern */
    uint32_t *fail; /* KMP failure table per segment, indexed like pat */
    size_t order;   /* position in the file: keeps the sort stable */
};

struct rules {
    struct rule *v;
    size_t n, cap;
    double crawl_delay;
};

struct robots {
    struct rules r;
};

static int is_unreserved(int c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* RFC 9309 §2.2.2 with RFC 3986 §6.2.2: an escaped unreserved character is
 * decoded, other escapes get upper-case hex, a byte outside printable ASCII is
 * escaped. out must hold 3 * n + 1 bytes; returns the length written. */
static size_t normalise(const char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        int h1 = c == '%' && i + 2 < n ? hexval((unsigned char)in[i + 1]) : -1;
        int h2 = h1 >= 0 ? hexval((unsigned char)in[i + 2]) : -1;
        if (h2 >= 0) {
            int v = h1 * 16 + h2;
            if (is_unreserved(v)) {
                out[o++] = (char)v;
            } else {
                out[o++] = '%';
                out[o++] = hex[h1];
                out[o++] = hex[h2];
            }
            i += 2;
        } else if (c <= 0x20 || c >= 0x7F) {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return o;
}

/* The failure table of every segment of pat: fail[a + i] is the length of the
 * longest proper border of the segment's first i + 1 characters. */
static void build_fail(const char *pat, size_t n, uint32_t *fail)
{
    size_t a = 0;
    while (a < n) {
        if (pat[a] == '*') {
            fail[a++] = 0;
            continue;
        }
        size_t b = a;
        while (b < n && pat[b] != '*')
            b++;
        fail[a] = 0;
        uint32_t k = 0;
        for (size_t i = a + 1; i < b; i++) {
            while (k > 0 && pat[i] != pat[a + k])
                k = fail[a + k - 1];
            if (pat[i] == pat[a + k])
                k++;
            fail[i] = k;
        }
        a = b;
    }
}

/* The end of the leftmost occurrence of pat[a..a+sl) in s[pos..n), or
 * (size_t)-1. */
static size_t find(const char *s, size_t pos, size_t n, const struct rule *r, size_t a, size_t sl)
{
    const char *seg = r->pat + a;
    const uint32_t *fail = r->fail + a;
    size_t k = 0;
    for (size_t i = pos; i < n; i++) {
        while (k > 0 && s[i] != seg[k])
            k = fail[k - 1];
        if (s[i] == seg[k])
            k++;
        if (k == sl)
            return i + 1;
    }
    return (size_t)-1;
}

/* 1 when the rule's pattern matches the (normalised) path s[0..n). */
static int match(const struct rule *r, const char *s, size_t n)
{
    const char *p = r->pat;
    size_t m = r->n;
    const char *star = memchr(p, '*', m);
    size_t l = star ? (size_t)(star - p) : m;
    if (l > n || memcmp(s, p, l))
        return 0;
    if (!star)
        return r->anchored ? l == n : 1;
    size_t pos = l, a = l;
    for (;;) {
        while (a < m && p[a] == '*')
            a++;
        if (a == m)
            return 1; /* a final '*' (also "*$") takes the rest */
        const char *next = memchr(p + a, '*', m - a);
        size_t sl = (next ? (size_t)(next - p) : m) - a;
        if (!next && r->anchored)
            return n - pos >= sl && !memcmp(s + n - sl, p + a, sl);
        size_t end = find(s, pos, n, r, a, sl);
        if (end == (size_t)-1)
            return 0;
        if (!next)
            return 1;
        pos = end;
        a += sl;
    }
}

static char *trim(char *s, char *e)
{
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    *e = '\0';
    return s;
}

static void add_rule(struct rules *rs, int allow, const char *val)
{
    ALLOC_GROW(rs->v, rs->n + 1, rs->cap);
    size_t vl = strlen(val);
    int anchored = vl > 0 && val[vl - 1] == '$';
    if (anchored)
        vl--;
    struct rule *r = &rs->v[rs->n];
    r->pat = xmalloc(3 * vl + 1);
    r->fail = xmalloc(xsize_mul(3 * vl + 1, sizeof(*r->fail)));
    r->allow = allow;
    r->anchored = anchored;
    r->n = normalise(val, vl, r->pat);
    r->len = r->n + (size_t)anchored;
    r->order = rs->n;
    build_fail(r->pat, r->n, r->fail);
    rs->n++;
}

static void rules_release(struct rules *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->v[i].pat);
        free(rs->v[i].fail);
    }
    free(rs->v);
    memset(rs, 0, sizeof(*rs));
}

/* Longest first, Allow before Disallow on a tie, then file order. */
static int by_specificity(const void *a, const void *b)
{
    const struct rule *x = a, *y = b;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    if (x->allow != y->allow)
        return x->allow ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* 1 when a User-agent value names our product token: the value's first token
 * (up to '/' or a space), compared without case (RFC 9309 §2.2.1). */
static int names_agent(const char *val, const char *agent)
{
    size_t n = strcspn(val, "/ \t");
    return n == strlen(agent) && !strncasecmp(val, agent, n);
}

struct robots *robots_parse(const char *text, const char *agent)
{
    struct robots *r = xcalloc(1, sizeof(*r));
    size_t len = text ? strnlen(text, ROBOTS_MAX_BYTES + 1) : 0;
    if (len > ROBOTS_MAX_BYTES) {
        /* a line cut by the limit could change meaning ("Allow: /p" for
         * "Allow: /p9/open"): read only whole lines */
        len = ROBOTS_MAX_BYTES;
        while (len > 0 && text[len - 1] != '\n' && text[len - 1] != '\r')
            len--;
    }
    char *buf = xmalloc(len + 1);
    if (len)
        memcpy(buf, text, len);
    buf[len] = '\0';
    /* our own groups and the '*' groups, both collected in one pass */
    struct rules mine = {0}, star = {0};
    int in_mine = 0, in_star = 0, last_was_agent = 0, own_group_seen = 0;
    char *line = buf;
    while (*line) {
        char *eol = line + strcspn(line, "\r\n");
        char *next = *eol ? eol + 1 : eol;
        char *hash = memchr(line, '#', (size_t)(eol - line));
        char *end = hash ? hash : eol;
        char *colon = memchr(line, ':', (size_t)(end - line));
        if (colon) {
            char *key = trim(line, colon), *val = trim(colon + 1, end);
            if (!strcasecmp(key, "user-agent")) {
                if (!last_was_agent)
                    in_mine = in_star = 0;
                if (names_agent(val, agent)) {
                    in_mine = 1;
                    own_group_seen = 1;
                } else if (!strcmp(val, "*")) {
                    in_star = 1;
                }
                last_was_agent = 1;
            } else {
                last_was_agent = 0;
                int allow = !strcasecmp(key, "allow");
                if (allow || !strcasecmp(key, "disallow")) {
                    /* an empty pattern matches nothing: "Disallow:" allows all */
                    if (*val && in_mine)
                        add_rule(&mine, allow, val);
                    if (*val && in_star)
                        add_rule(&star, allow, val);
                } else if (!strcasecmp(key, "crawl-delay")) {
                    char *e;
                    double d = strtod(val, &e);
                    if (e != val && isfinite(d) && d > 0) {
                        if (in_mine && d > mine.crawl_delay)
                            mine.crawl_delay = d;
                        if (in_star && d > star.crawl_delay)
                            star.crawl_delay = d;
                    }
                }
            }
        }
        line = next;
    }
    free(buf);
    /* our group exists (maybe empty: then everything is allowed) */
    if (own_group_seen) {
        r->r = mine;
        rules_release(&star);
    } else {
        r->r = star;
        rules_release(&mine);
    }
    if (r->r.n)
        qsort(r->r.v, r->r.n, sizeof(*r->r.v), by_specificity);
    return r;
}

void robots_free(struct robots *r)
{
    if (!r)
        return;
    rules_release(&r->r);
    free(r);
}

int robots_allowed(const struct robots *r, const char *path)
{
    if (!r || !r->r.n)
        return 1;
    size_t pl = strlen(path);
    char small[1024];
    char *s = 3 * pl + 1 <= sizeof(small) ? small : xmalloc(3 * pl + 1);
    size_t n = normalise(path, pl, s);
    int allowed = 1;
    for (size_t i = 0; i < r->r.n; i++) {
        if (match(&r->r.v[i], s, n)) {
            allowed = r->r.v[i].allow;
            break;
        }
    }
    if (s != small)
        free(s);
    return allowed;
}

double robots_crawl_delay(const struct robots *r)
{
    return r ? r->r.crawl_delay : 0;
}
