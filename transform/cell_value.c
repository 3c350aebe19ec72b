/* cell_value.c: see cell_value.h. */
#include "cell_value.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Units printed after a number in indicator cells (research 5.5: kg per
 * inwoner, TJ; the CBS/BBV units). Compared whole, in any case. */
static const char *const units[] = {"ton", "kg", "km", "m", "m2", "m3", "ha", "uur",
                                    "kwh", "mwh", "gwh", "tj", "gj", "liter", NULL};

static const char *unit_word(const char *w, size_t n)
{
    for (int i = 0; units[i]; i++)
        if (strlen(units[i]) == n && !strncasecmp(w, units[i], n))
            return units[i];
    return NULL;
}

enum dn_status cell_value_parse(const char *raw, enum dn_dots dots, struct dutch_number *dn,
                                char *unit, size_t unitsz)
{
    unit[0] = '\0';
    if (dutch_number_parse(raw, dots, dn) != DN_TEXT)
        return dn->status;
    size_t len = strlen(raw);
    if (len >= 96)
        return dn->status;
    char buf[96];
    const char *p = raw;
    /* "Nederland 2020: ..." -> "2020: ...": letters, then a year and a colon */
    const char *q = p;
    while (isalpha((unsigned char)*q))
        q++;
    if (q > p && *q == ' ' && isdigit((unsigned char)q[1]) && isdigit((unsigned char)q[2]) &&
        isdigit((unsigned char)q[3]) && isdigit((unsigned char)q[4]) && q[5] == ':')
        p = q + 1;
    size_t n = strlen(p);
    while (n && p[n - 1] == ' ')
        n--;
    /* "... 1.234 ton" -> "... 1.234" with unit ton */
    size_t e = n;
    while (e && isalnum((unsigned char)p[e - 1]))
        e--;
    const char *u = NULL;
    size_t un = n - e;
    if (e < n && e > 0 && p[e - 1] == ' ')
        u = unit_word(p + e, un);
    if (u) {
        u = p + e; /* the unit as printed ("kWh") */
        n = e - 1;
    }
    if (p == raw && !u)
        return dn->status;
    snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
    struct dutch_number again;
    if (dutch_number_parse(buf, dots, &again) != DN_OK) {
        dutch_number_parse(raw, dots, dn); /* as it was: text */
        return dn->status;
    }
    *dn = again;
    if (u)
        snprintf(unit, unitsz, "%.*s", (int)un, u);
    return dn->status;
}
