/*
 * page_record.c: see page_record.h. The record is built as a jansson object
 * and dumped (jsonout_compact), not written by hand as the tables are: there
 * is one a page, so its cost does not count.
 */
#include "page_record.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "dom.h"
#include "jsonout.h"
#include "page.h"
#include "text.h"

static int is_main(xmlNodePtr n)
{
    const char *role = dom_attr(n, "role");
    return node_is(n, "main") || (role && !strcmp(role, "main"));
}

static int is_breadcrumb(xmlNodePtr n)
{
    return dom_has_class_word(n, "breadcrumb");
}

static int is_body(xmlNodePtr n)
{
    return node_is(n, "body");
}

static int is_footer(xmlNodePtr n)
{
    return node_is(n, "footer");
}

static int is_title(xmlNodePtr n)
{
    return node_is(n, "title");
}

static int find_landmarks(xmlNodePtr n, struct page_landmarks *lm)
{
    for (xmlNodePtr c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!lm->main && is_main(c))
            lm->main = c;
        if (!lm->body && is_body(c))
            lm->body = c;
        if (!lm->breadcrumb && is_breadcrumb(c))
            lm->breadcrumb = c;
        if (!lm->footer && is_footer(c))
            lm->footer = c;
        if (!lm->title && is_title(c))
            lm->title = c;
        if (lm->main && lm->body && lm->breadcrumb && lm->footer && lm->title)
            return 1;
        if (find_landmarks(c->children, lm))
            return 1;
    }
    return 0;
}

void page_landmarks_find(xmlNodePtr root, struct page_landmarks *lm)
{
    memset(lm, 0, sizeof(*lm));
    if (root)
        find_landmarks(root, lm);
}

/* Split a breadcrumb on its separators (›, >, », /). */
static json_t *split_breadcrumb(const char *text)
{
    json_t *a = json_array();
    struct strbuf part = STRBUF_INIT;
    const char *p = text;
    for (;;) {
        int sep = 0;
        if (!strncmp(p, "\xE2\x80\xBA", 3) || !strncmp(p, "\xC2\xBB", 2))
            sep = (unsigned char)p[0] == 0xE2 ? 3 : 2;
        else if (*p == '>')
            sep = 1;
        if (sep || !*p) {
            strbuf_trim(&part);
            if (part.len)
                json_array_append_new(a, json_string(part.buf));
            strbuf_reset(&part);
            if (!*p)
                break;
            p += sep;
            continue;
        }
        strbuf_addch(&part, *p++);
    }
    strbuf_release(&part);
    return a;
}

/* "Programma 4: De dienstverlenende gemeente", "02 VEILIGHEID EN HANDHAVING" */
static int programme_of(const char *t, char *num, size_t nn, const char **title)
{
    const char *p = t;
    if (!strncasecmp(p, "programma ", 10))
        p += 10;
    else if (!isdigit((unsigned char)*p))
        return 0;
    size_t d = strspn(p, "0123456789");
    if (d == 0 || d > 3)
        return 0;
    const char *q = p + d;
    if (*q == ':' || *q == '.')
        q++;
    if (*q != ' ' && p == t)
        return 0;
    while (*q == ' ' || *q == '-')
        q++;
    if (!*q || (p == t && !isupper((unsigned char)*q)))
        return 0;
    snprintf(num, nn, "%.*s", (int)d, p);
    long v = strtol(num, NULL, 10); /* "02" -> "2" */
    snprintf(num, nn, "%ld", v);
    *title = q;
    return 1;
}

/* The build stamp ("Deze pagina is gebouwd op 05/21/2024 14:03:11"), anywhere
 * in the page, into stamp (20 bytes; "" when there is none): in the footer,
 * where it usually is, looked for first, as a page's text is many times its
 * footer's. sb is scratch. */
static void find_build_stamp(const struct page_landmarks *lm, xmlNodePtr root, struct strbuf *sb,
                             char stamp[20])
{
    strbuf_reset(sb);
    if (lm->footer)
        text_of_node(lm->footer, sb);
    const char *at = strstr(sb->buf, "Deze pagina is gebouwd op ");
    if (!at && root) {
        strbuf_reset(sb);
        text_of_node(root, sb);
        at = strstr(sb->buf, "Deze pagina is gebouwd op ");
    }
    stamp[0] = '\0';
    if (at && strlen(at) >= 26 + 19)
        snprintf(stamp, 20, "%.19s", at + 26);
}

void page_record_write(struct strbuf *out, const struct page_landmarks *lm, xmlNodePtr root,
                       const char *h1, int parse_errors)
{
    struct strbuf sb = STRBUF_INIT;
    json_t *page = json_object();
    json_object_set_new(page, "type", json_string("page"));
    json_t *crumbs = json_array();
    if (lm->breadcrumb) {
        text_node_normalised(lm->breadcrumb, &sb);
        json_decref(crumbs);
        crumbs = split_breadcrumb(sb.buf);
    }
    const char *title = h1;
    struct strbuf doc_title = STRBUF_INIT;
    if (lm->title)
        text_node_normalised(lm->title, &doc_title);
    if (!title && json_array_size(crumbs))
        title = json_string_value(json_array_get(crumbs, json_array_size(crumbs) - 1));
    if (!title && doc_title.len)
        title = doc_title.buf;
    json_object_set_new(page, "title", title ? json_string(title) : json_null());
    json_object_set_new(page, "html_title",
                        doc_title.len ? json_string(doc_title.buf) : json_null());
    json_object_set_new(page, "breadcrumb", crumbs);
    char num[8];
    const char *ptitle = NULL;
    int found = 0;
    if (title)
        found = programme_of(title, num, sizeof(num), &ptitle);
    for (size_t i = 0; !found && i < json_array_size(crumbs); i++)
        found =
            programme_of(json_string_value(json_array_get(crumbs, i)), num, sizeof(num), &ptitle);
    json_object_set_new(page, "programme_number", found ? json_string(num) : json_null());
    json_object_set_new(page, "programme_title", found ? json_string(ptitle) : json_null());
    char stampbuf[20];
    find_build_stamp(lm, root, &sb, stampbuf);
    json_object_set_new(page, "build_stamp", stampbuf[0] ? json_string(stampbuf) : json_null());
    json_object_set_new(page, "parse_errors", json_integer(parse_errors));
    json_object_set_new(page, "extractor_version", json_integer(EXTRACTOR_VERSION));
    jsonout_compact(page, out);
    strbuf_addch(out, '\n');
    json_decref(page);
    strbuf_release(&sb);
    strbuf_release(&doc_title);
}
