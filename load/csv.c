/* csv.c: see csv.h. */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

void csv_add_text(struct strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (const char *p = s; *p && !quote; p++)
        quote = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
    if (!quote) {
        strbuf_add(sb, s, n);
        return;
    }
    strbuf_addch(sb, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            strbuf_addch(sb, '"');
        strbuf_addch(sb, *p);
    }
    strbuf_addch(sb, '"');
}

void csv_add_field(struct strbuf *sb, json_t *v)
{
    if (!v || json_is_null(v))
        return;
    if (json_is_string(v))
        csv_add_text(sb, json_string_value(v));
    else if (json_is_integer(v))
        strbuf_addf(sb, "%lld", (long long)json_integer_value(v));
    else if (json_is_true(v))
        strbuf_addstr(sb, "true");
    else if (json_is_false(v))
        strbuf_addstr(sb, "false");
    else {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        csv_add_text(sb, s);
        free(s);
    }
}
