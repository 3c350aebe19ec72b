/*
 * jsonschema_uri.c: URI reference resolution (RFC 3986 section 5.2) for
 * $id and $ref, and the small hash maps the compiler indexes schemas with.
 *
 * Only what JSON Schema needs: resolve a reference against a base, split off
 * the fragment. No normalisation of case or percent-encoding, no IRI to URI
 * mapping: identifiers are compared as written, which is what the
 * specification asks for.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_uri.h"

struct uri_parts {
    const char *scheme, *auth, *path, *query, *frag;
    size_t lscheme, lauth, lpath, lquery, lfrag;
    int has_scheme, has_auth, has_query, has_frag;
};

static void uri_split(const char *u, struct uri_parts *p)
{
    memset(p, 0, sizeof(*p));
    const char *s = u;
    const char *c = s;
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) {
        while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
               *c == '+' || *c == '-' || *c == '.')
            c++;
        if (*c == ':') {
            p->has_scheme = 1;
            p->scheme = s;
            p->lscheme = (size_t)(c - s);
            s = c + 1;
        }
    }
    if (s[0] == '/' && s[1] == '/') {
        s += 2;
        p->has_auth = 1;
        p->auth = s;
        p->lauth = strcspn(s, "/?#");
        s += p->lauth;
    }
    p->path = s;
    p->lpath = strcspn(s, "?#");
    s += p->lpath;
    if (*s == '?') {
        s++;
        p->has_query = 1;
        p->query = s;
        p->lquery = strcspn(s, "#");
        s += p->lquery;
    }
    if (*s == '#') {
        p->has_frag = 1;
        p->frag = s + 1;
        p->lfrag = strlen(s + 1);
    }
}

/* RFC 3986 5.2.4, appending to out. */
static void remove_dot_segments(const char *in, size_t len, struct strbuf *out)
{
    struct strbuf buf = STRBUF_INIT;
    strbuf_add(&buf, in, len);
    char *s = buf.buf;
    size_t outstart = out->len;
    while (*s) {
        if (!strncmp(s, "../", 3)) {
            s += 3;
        } else if (!strncmp(s, "./", 2)) {
            s += 2;
        } else if (!strncmp(s, "/./", 3)) {
            s += 2;
        } else if (!strcmp(s, "/.")) {
            s += 1;
            *s = '/';
        } else if (!strncmp(s, "/../", 4) || !strcmp(s, "/..")) {
            /* "/../" and "/.." both become "/", and the last output segment goes */
            if (s[3] == '/')
                s += 3;
            else {
                s += 2;
                *s = '/';
            }
            size_t l = out->len;
            while (l > outstart && out->buf[l - 1] != '/')
                l--;
            if (l > outstart)
                l--;
            strbuf_setlen(out, l);
        } else if (!strcmp(s, ".") || !strcmp(s, "..")) {
            break;
        } else {
            size_t n = s[0] == '/' ? 1 + strcspn(s + 1, "/") : strcspn(s, "/");
            strbuf_add(out, s, n);
            s += n;
        }
    }
    strbuf_release(&buf);
}

void uri_resolve(const char *base, const char *ref, struct strbuf *out)
{
    struct uri_parts b, r;
    uri_split(base ? base : "", &b);
    uri_split(ref, &r);
    strbuf_reset(out);
    /* RFC 3986 5.2.2: the reference's scheme, else the base's; the
     * reference's authority when it has a scheme or an authority, else the
     * base's; the reference's query, unless it has neither path nor query */
    const struct uri_parts *scheme = r.has_scheme ? &r : &b;
    const struct uri_parts *auth = r.has_scheme || r.has_auth ? &r : &b;
    const struct uri_parts *query = &r;
    if (scheme->has_scheme) {
        strbuf_add(out, scheme->scheme, scheme->lscheme);
        strbuf_addch(out, ':');
    }
    if (auth->has_auth) {
        strbuf_addstr(out, "//");
        strbuf_add(out, auth->auth, auth->lauth);
    }
    if (r.has_scheme || r.has_auth || (r.lpath && r.path[0] == '/')) {
        remove_dot_segments(r.path, r.lpath, out);
    } else if (r.lpath == 0) {
        strbuf_add(out, b.path, b.lpath);
        if (!r.has_query)
            query = &b;
    } else {
        struct strbuf m = STRBUF_INIT;
        if (b.has_auth && b.lpath == 0)
            strbuf_addch(&m, '/');
        else {
            size_t l = b.lpath;
            while (l > 0 && b.path[l - 1] != '/')
                l--;
            strbuf_add(&m, b.path, l);
        }
        strbuf_add(&m, r.path, r.lpath);
        if (b.has_scheme || b.has_auth || m.buf[0] == '/')
            remove_dot_segments(m.buf, m.len, out);
        else
            strbuf_add(out, m.buf, m.len);
        strbuf_release(&m);
    }
    if (query->has_query) {
        strbuf_addch(out, '?');
        strbuf_add(out, query->query, query->lquery);
    }
    if (r.has_frag) {
        strbuf_addch(out, '#');
        strbuf_add(out, r.frag, r.lfrag);
    }
}

/* ---- hash maps ---------------------------------------------------------- */

static uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static void map_grow(struct map *m);

static size_t map_slot(const struct map *m, const void *key, int is_str)
{
    uint64_t h = is_str ? hash_bytes(key, strlen(key)) : hash_ptr(key);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i]) {
        if (is_str ? !strcmp(m->keys[i], key) : m->keys[i] == key)
            return i;
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

static void map_grow(struct map *m)
{
    size_t oldcap = m->cap;
    const void **oldk = m->keys;
    void **oldv = m->vals;
    m->cap = oldcap ? oldcap * 2 : 16;
    m->keys = calloc(m->cap, sizeof(*m->keys));
    m->vals = calloc(m->cap, sizeof(*m->vals));
    if (!m->keys || !m->vals)
        abort();
    for (size_t i = 0; i < oldcap; i++) {
        if (!oldk[i])
            continue;
        size_t j = map_slot(m, oldk[i], m->is_str);
        m->keys[j] = oldk[i];
        m->vals[j] = oldv[i];
    }
    free(oldk);
    free(oldv);
}

void *map_get(const struct map *m, const void *key)
{
    if (!m->cap)
        return NULL;
    size_t i = map_slot(m, key, m->is_str);
    return m->keys[i] ? m->vals[i] : NULL;
}

void map_put(struct map *m, const void *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap)
        map_grow(m);
    size_t i = map_slot(m, key, m->is_str);
    if (!m->keys[i]) {
        m->keys[i] = m->is_str ? strdup(key) : key;
        if (!m->keys[i])
            abort();
        m->n++;
    }
    m->vals[i] = val;
}

void map_release(struct map *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        if (m->is_str)
            free((void *)m->keys[i]);
        if (free_val)
            free_val(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}
