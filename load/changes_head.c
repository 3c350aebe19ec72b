/*
 * changes_head.c: see changes_head.h. A reader that passes over JSON text a
 * character at a time, checking its brackets, strings and escapes, and hands
 * the values it keeps to jansson, which checks them whole. What it passes over
 * (the long lists) is never held in memory.
 */
#include "changes_head.h"

#include <stdio.h>
#include <string.h>

#include "strbuf.h"

#define JSON_MAX_DEPTH 2048 /* jansson's limit */

struct json_reader {
    FILE *fp;
    int c;               /* the current character, or EOF */
    struct strbuf *keep; /* when set, every character passed over is added */
};

static void jr_advance(struct json_reader *r)
{
    if (r->keep && r->c != EOF)
        strbuf_addch(r->keep, (char)r->c);
    r->c = getc_unlocked(r->fp);
}

static void jr_space(struct json_reader *r)
{
    while (r->c == ' ' || r->c == '\t' || r->c == '\n' || r->c == '\r')
        jr_advance(r);
}

/* Pass over one string; 0, or -1 when it is not one. */
static int jr_string(struct json_reader *r)
{
    if (r->c != '"')
        return -1;
    jr_advance(r);
    while (r->c != '"') {
        if (r->c == EOF || r->c < 0x20)
            return -1;
        if (r->c == '\\') {
            jr_advance(r);
            if (r->c <= 0 || !strchr("\"\\/bfnrtu", r->c))
                return -1;
            for (int i = 0, u = r->c == 'u'; u && i < 4; i++) {
                jr_advance(r);
                if (r->c <= 0 || !strchr("0123456789abcdefABCDEF", r->c))
                    return -1;
            }
        }
        jr_advance(r);
    }
    jr_advance(r);
    return 0;
}

/* Pass over one value (its text is checked for balance and strings; what is
 * kept is then parsed by jansson, which checks the rest). */
static int jr_value(struct json_reader *r, int depth)
{
    jr_space(r);
    if (r->c == '"')
        return jr_string(r);
    if (r->c == '{' || r->c == '[') {
        int close = r->c == '{' ? '}' : ']';
        if (depth == JSON_MAX_DEPTH)
            return -1;
        jr_advance(r);
        jr_space(r);
        if (r->c == close) {
            jr_advance(r);
            return 0;
        }
        for (;;) {
            if (close == '}') {
                jr_space(r);
                if (jr_string(r))
                    return -1;
                jr_space(r);
                if (r->c != ':')
                    return -1;
                jr_advance(r);
            }
            if (jr_value(r, depth + 1))
                return -1;
            jr_space(r);
            if (r->c == close) {
                jr_advance(r);
                return 0;
            }
            if (r->c != ',')
                return -1;
            jr_advance(r);
        }
    }
    size_t n = 0; /* a number, true, false or null */
    while (r->c > 0 && (strchr("+-.", r->c) || (r->c >= '0' && r->c <= '9') ||
                           (r->c >= 'a' && r->c <= 'z') || (r->c >= 'A' && r->c <= 'Z'))) {
        jr_advance(r);
        n++;
    }
    return n ? 0 : -1;
}

/* The next value, parsed by jansson (new reference), or NULL. */
static json_t *jr_parse(struct json_reader *r, struct strbuf *text)
{
    jr_space(r);
    strbuf_reset(text);
    r->keep = text;
    int rc = jr_value(r, 1);
    r->keep = NULL;
    return rc ? NULL : json_loadb(text->buf, text->len, JSON_DECODE_ANY, NULL);
}

/* The elements of the array at r, the first keep of them parsed (new
 * reference), or NULL when it is no array. */
static json_t *jr_array_head(struct json_reader *r, size_t keep, struct strbuf *text)
{
    json_t *a = json_array();
    jr_advance(r); /* [ */
    jr_space(r);
    if (r->c == ']') {
        jr_advance(r);
        return a;
    }
    for (;;) {
        if (json_array_size(a) < keep) {
            json_t *v = jr_parse(r, text);
            if (!v)
                break;
            json_array_append_new(a, v);
        } else if (jr_value(r, 2)) {
            break;
        }
        jr_space(r);
        if (r->c == ']') {
            jr_advance(r);
            return a;
        }
        if (r->c != ',')
            break;
        jr_advance(r);
    }
    json_decref(a);
    return NULL;
}

json_t *changes_head_read(const char *path, size_t keep)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct json_reader r = {fp, getc_unlocked(fp), NULL};
    struct strbuf text = STRBUF_INIT;
    json_t *out = json_object();
    int ok = 0;
    jr_space(&r);
    if (r.c == '{') {
        jr_advance(&r);
        jr_space(&r);
        ok = r.c == '}';
        if (ok)
            jr_advance(&r);
        while (!ok) {
            json_t *key = jr_parse(&r, &text);
            if (!json_is_string(key)) {
                json_decref(key);
                break;
            }
            jr_space(&r);
            json_t *v = NULL;
            int skipped = 0;
            if (r.c == ':') {
                jr_advance(&r);
                jr_space(&r);
                if (r.c == '[' && !strcmp(json_string_value(key), "changed"))
                    v = jr_array_head(&r, keep, &text);
                else if (r.c == '[' || r.c == '{')
                    skipped = !jr_value(&r, 1);
                else
                    v = jr_parse(&r, &text);
            }
            if (v)
                json_object_set_new(out, json_string_value(key), v);
            else if (skipped)
                json_object_del(out, json_string_value(key)); /* the last one counts */
            json_decref(key);
            if (!v && !skipped)
                break;
            jr_space(&r);
            if (r.c == '}') {
                jr_advance(&r);
                jr_space(&r);
                ok = r.c == EOF && !ferror(fp);
                break;
            }
            if (r.c != ',')
                break;
            jr_advance(&r);
        }
    }
    strbuf_release(&text);
    fclose(fp);
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    return out;
}
