/*
 * flat_record_equals_jansson.c: a flat record is written byte for byte as
 * json_dumps(JSON_COMPACT) writes the jansson object transform built before,
 * and its setters keep json_object_set_new()'s behaviour: a string that is
 * NULL or not UTF-8 leaves its key out. Random strings of every length and
 * alignment, with quotes, backslashes, control characters and UTF-8 (valid
 * and not), and integers at the edges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flat_record.h"

static size_t failures, compared;

static void check(struct flat_record *r, json_t *want)
{
    struct strbuf got = STRBUF_INIT;
    flat_record_write(r, &got);
    char *w = json_dumps(want, JSON_COMPACT);
    json_t *back = flat_record_to_json(r);
    compared++;
    if (strlen(w) + 1 != got.len || memcmp(w, got.buf, got.len - 1) ||
        got.buf[got.len - 1] != '\n' || !json_equal(back, want)) {
        if (failures++ < 10)
            printf("DIFFER:\n  json_dumps %s\n  flat       %s", w, got.buf);
    }
    free(w);
    json_decref(back);
    strbuf_release(&got);
}

int main(void)
{
    static const char *pieces[] = {"a",
                                   "Z",
                                   " ",
                                   "\"",
                                   "\\",
                                   "\n",
                                   "\t",
                                   "\x01",
                                   "\x1f",
                                   "\x7f",
                                   "\xc3\xa9",
                                   "\xe2\x82\xac",
                                   "\xf0\x9f\x98\x80",
                                   "/",
                                   "\xc3",
                                   "\xed\xa0\x80",
                                   "\xc0\xaf",
                                   "\xf5\x80\x80\x80",
                                   "0123456789abcdef"};
    size_t np = sizeof(pieces) / sizeof(pieces[0]);
    unsigned long long rng = 0x9E3779B97F4A7C15ULL;
    char strs[6][256];
    struct flat_record r = FLAT_RECORD_INIT;
    for (int k = 0; k < 30000; k++) {
        flat_record_reset(&r);
        json_t *want = json_object();
        static const char *keys[] = {"k0", "k1", "k2", "k3", "k4", "k5"};
        for (int f = 0; f < 6; f++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            int kind = (int)(rng % 6);
            if (kind <= 2) { /* a string of random pieces */
                size_t len = 0, n = (rng >> 8) % 24;
                for (size_t i = 0; i < n; i++) {
                    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                    /* mostly clean text, so the word-at-a-time path runs too */
                    const char *p = rng % 4 ? pieces[(rng >> 12) % 2] : pieces[(rng >> 12) % np];
                    if (rng % 3 == 0)
                        p = pieces[18];
                    size_t pl = strlen(p);
                    if (len + pl >= sizeof(strs[f]))
                        break;
                    memcpy(strs[f] + len, p, pl);
                    len += pl;
                }
                strs[f][len] = '\0';
                flat_record_str(&r, keys[f], strs[f]);
                json_object_set_new(want, keys[f], json_string(strs[f]));
            } else if (kind == 3) {
                static const long long ints[] = {0,
                                                 1,
                                                 -1,
                                                 9,
                                                 10,
                                                 -10,
                                                 2147483647,
                                                 -2147483648LL,
                                                 9223372036854775807LL,
                                                 -9223372036854775807LL - 1};
                long long v = ints[(rng >> 8) % 10];
                flat_record_int(&r, keys[f], v);
                json_object_set_new(want, keys[f], json_integer(v));
            } else if (kind == 4) {
                flat_record_str_or_null(&r, keys[f], NULL);
                json_object_set_new(want, keys[f], json_null());
            } else {
                json_t *v = (rng >> 8) % 2 ? json_true() : json_string("borrowed");
                flat_record_json(&r, keys[f], v);
                json_object_set_new(want, keys[f], json_incref(v));
                json_decref(v);
            }
        }
        check(&r, want);
        json_decref(want);
    }
    flat_record_release(&r);
    printf("%zu records compared, %zu differ\n", compared, failures);
    return failures != 0;
}
