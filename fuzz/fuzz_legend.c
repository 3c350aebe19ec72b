/*
 * fuzz_legend.c: libFuzzer target for the legend lexicon (extract/legend.c):
 * the input is one text (a caption, a cell, a paragraph), scanned by
 * legend_scan. Besides crashes and undefined behaviour (the folding reads
 * eight bytes at a time; the text is in an allocation of its own size so a
 * read past its end is seen), a finding is a broken property:
 *   - what is found is filled in: a scale of 1, 1000 or 1000000 with its
 *     words, a known sign convention with its words (both NUL-terminated);
 *     what is not found is left untouched;
 *   - case does not matter: the same text with its ASCII letters in the
 *     other case gives the same answer (this checks the eight-byte lower
 *     casing against the plain one, on texts short enough to be folded
 *     whole).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "legend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const conventions[] = {"minus_is_disadvantage", "plus_is_disadvantage",
                                          "n_is_disadvantage", "minus_is_expense", NULL};

static int scan(const char *text, struct legend_info *li)
{
    memset(li, 0x5A, sizeof(*li));
    li->sign_convention = NULL;
    int f = legend_scan(text, li);
    if (f & ~(LEGEND_SCALE | LEGEND_SIGN))
        abort();
    if (f & LEGEND_SCALE) {
        if (li->scale != 1 && li->scale != 1000 && li->scale != 1000000)
            abort();
        if (!memchr(li->scale_raw, '\0', sizeof(li->scale_raw)))
            abort();
    } else if (li->scale != 0x5A5A5A5A5A5A5A5AL || li->scale_raw[0] != 0x5A) {
        abort();
    }
    if (f & LEGEND_SIGN) {
        int known = 0;
        for (int i = 0; conventions[i]; i++)
            known |= li->sign_convention && !strcmp(li->sign_convention, conventions[i]);
        if (!known || !memchr(li->sign_raw, '\0', sizeof(li->sign_raw)))
            abort();
    } else if (li->sign_convention) {
        abort();
    }
    return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct legend_info a, b;
    int fa = scan(text, &a);
    size_t len = strlen(text);
    if (len < 1000) {
        for (size_t i = 0; i < len; i++) {
            char c = text[i];
            if (c >= 'a' && c <= 'z')
                text[i] = (char)(c - 'a' + 'A');
            else if (c >= 'A' && c <= 'Z')
                text[i] = (char)(c - 'A' + 'a');
        }
        int fb = scan(text, &b);
        if (fa != fb || ((fa & LEGEND_SCALE) && a.scale != b.scale) ||
            ((fa & LEGEND_SIGN) && strcmp(a.sign_convention, b.sign_convention)))
            abort();
    }
    free(text);
    return 0;
}
