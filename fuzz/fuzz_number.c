/*
 * fuzz_number.c: libFuzzer target for the Dutch number parser and the exact
 * decimal arithmetic (lib/dutch_number.c). Feeds arbitrary bytes as a cell's
 * text under both dots rules and checks what must always hold: a number is a
 * canonical decimal, formatting it the Dutch way and parsing it back gives it
 * again, and v - v = 0, (v + v) - v = v; dutch_number_is_value agrees with the
 * parse. Crashes, undefined behaviour and a
 * broken property (abort) are the findings.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dutch_number.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* -?digits(.digits)?, no leading zero, no "-0". */
static int canonical(const char *v)
{
    const char *p = v + (*v == '-');
    if (!isdigit((unsigned char)*p) || (p[0] == '0' && isdigit((unsigned char)p[1])))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

static void check(const char *raw, enum dn_dots dots)
{
    struct dutch_number n;
    enum dn_status st = dutch_number_parse(raw, dots, &n);
    if (st != n.status)
        abort();
    /* the extractor's quick classification answers as the parser does */
    if (dots == DN_DOTS_THOUSANDS &&
        dutch_number_is_value(raw) != (st != DN_TEXT && st != DN_EMPTY))
        abort();
    if (st != DN_OK) {
        if (n.value[0])
            abort(); /* no value without a number */
        return;
    }
    if (!canonical(n.value))
        abort();
    /* Dutch formatting and back: the same value ("-1234.5" -> "-1.234,5" -> "-1234.5") */
    char dutch[256];
    dutch_number_format(n.value, dutch, sizeof(dutch));
    struct dutch_number back;
    if (dutch_number_parse(dutch, DN_DOTS_THOUSANDS, &back) != DN_OK ||
        decimal_cmp(back.value, n.value) != 0)
        abort();
    char sum[DECIMAL_MAX * 2], diff[DECIMAL_MAX * 2], zero[DECIMAL_MAX * 2];
    if (decimal_sub(n.value, n.value, zero, sizeof(zero)) != 0 || strcmp(zero, "0") != 0)
        abort();
    if (decimal_add(n.value, n.value, sum, sizeof(sum)) == 0) {
        if (decimal_sub(sum, n.value, diff, sizeof(diff)) != 0 || decimal_cmp(diff, n.value) != 0)
            abort();
    }
    char shifted[300];
    for (int e = 0; e <= 9; e += 3)
        if (decimal_shift(n.value, e, shifted, sizeof(shifted)) == 0 && !canonical(shifted))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    char *raw = malloc(size + 1);
    if (!raw)
        return 0;
    memcpy(raw, data, size);
    raw[size] = '\0';
    check(raw, DN_DOTS_THOUSANDS);
    check(raw, DN_DOTS_DECIMAL);
    free(raw);
    return 0;
}
