/*
 * jsonschema_value.c: what the validator asks of instance values: JSON
 * equality (const, enum, uniqueItems), finding a duplicate in a long array
 * by hashing, multipleOf on integers and doubles, and the names and number
 * texts its messages use.
 *
 * The checks on the hot path (an instance's type, number comparison, string
 * length) are inline in jsonschema_internal.h instead.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"
#include "xalloc.h"

/* FNV-1a of a property name, for hashing objects in uniqueItems. */
static uint32_t hash_key(const char *k)
{
    uint32_t h = 2166136261u;
    for (; *k; k++) {
        h ^= (unsigned char)*k;
        h *= 16777619u;
    }
    return h;
}

const char *jsonschema_type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
        return "null";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_STRING:
        return "a string";
    case JSON_ARRAY:
        return "an array";
    case JSON_OBJECT:
        return "an object";
    }
    return "a value";
}

void jsonschema_types_text(unsigned t, struct strbuf *out)
{
    static const char *const names[] = {"null",   "boolean", "integer", "number",
                                        "string", "array",   "object"};
    int first = 1;
    if (t & T_NUM)
        t &= ~(unsigned)T_INT;
    for (int i = 0; i < 7; i++) {
        if (!(t & (1u << i)))
            continue;
        if (!first)
            strbuf_addstr(out, " or ");
        strbuf_addstr(out, names[i]);
        first = 0;
    }
}

/* JSON equality: numbers by value (1 == 1.0), objects regardless of order. */
int jsonschema_value_equal(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b)) {
        if (json_is_integer(a) && json_is_integer(b))
            return json_integer_value(a) == json_integer_value(b);
        return json_number_value(a) == json_number_value(b);
    }
    if (json_typeof(a) != json_typeof(b))
        return 0;
    switch (json_typeof(a)) {
    case JSON_STRING:
        return json_string_length(a) == json_string_length(b) &&
               !memcmp(json_string_value(a), json_string_value(b), json_string_length(a));
    case JSON_ARRAY: {
        size_t n = json_array_size(a);
        if (n != json_array_size(b))
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!jsonschema_value_equal(json_array_get(a, i), json_array_get(b, i)))
                return 0;
        return 1;
    }
    case JSON_OBJECT: {
        if (json_object_size(a) != json_object_size(b))
            return 0;
        const char *k;
        json_t *v;
        json_object_foreach(a, k, v)
        {
            json_t *w = json_object_get(b, k);
            if (!w || !jsonschema_value_equal(v, w))
                return 0;
        }
        return 1;
    }
    default:
        return 1;
    }
}

static uint64_t json_hash_value(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_INTEGER:
    case JSON_REAL: {
        double d = json_number_value(v);
        if (d == 0)
            d = 0;
        uint64_t h;
        memcpy(&h, &d, sizeof(h));
        return h * 0x9E3779B97F4A7C15ULL;
    }
    case JSON_STRING: {
        uint64_t h = 1469598103934665603ULL;
        const char *s = json_string_value(v);
        for (size_t i = 0; i < json_string_length(v); i++) {
            h ^= (unsigned char)s[i];
            h *= 1099511628211ULL;
        }
        return h;
    }
    case JSON_ARRAY: {
        uint64_t h = 7;
        for (size_t i = 0; i < json_array_size(v); i++)
            h = h * 31 + json_hash_value(json_array_get(v, i));
        return h;
    }
    case JSON_OBJECT: {
        uint64_t h = 11;
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) h += hash_key(k) * 0x100000001B3ULL ^ json_hash_value(x);
        return h;
    }
    default:
        return (uint64_t)json_typeof(v) + 1;
    }
}

struct hidx {
    uint64_t h;
    size_t i;
};

static int hidx_cmp(const void *a, const void *b)
{
    const struct hidx *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Index of the second of two equal items, or -1 when all are unique. */
long long jsonschema_first_duplicate(json_t *arr, size_t *first)
{
    size_t n = json_array_size(arr);
    if (n <= 32) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = 0; j < i; j++)
                if (jsonschema_value_equal(json_array_get(arr, i), json_array_get(arr, j))) {
                    *first = j;
                    return (long long)i;
                }
        return -1;
    }
    struct hidx *h = xmalloc(xsize_mul(n, sizeof(*h)));
    for (size_t i = 0; i < n; i++)
        h[i] = (struct hidx){json_hash_value(json_array_get(arr, i)), i};
    qsort(h, n, sizeof(*h), hidx_cmp);
    long long dup = -1;
    for (size_t i = 1; i < n && dup < 0; i++)
        for (size_t j = i; j > 0 && h[j - 1].h == h[i].h; j--)
            if (jsonschema_value_equal(json_array_get(arr, h[i].i),
                                       json_array_get(arr, h[j - 1].i))) {
                dup = (long long)h[i].i;
                *first = h[j - 1].i;
                break;
            }
    free(h);
    return dup;
}

int jsonschema_is_multiple(json_t *v, const struct num *m)
{
    if (json_is_integer(v) && m->is_int)
        return m->i == 0 || json_integer_value(v) % m->i == 0;
    double x = json_number_value(v), d = m->d;
    double q = x / d;
    if (isinf(q)) {
        /* overflow: an integral x is a multiple of d when 1/d is integral */
        double inv = 1 / d;
        return x == floor(x) && inv == floor(inv);
    }
    double r = nearbyint(q);
    return fabs(q - r) <= 1e-9 * fmax(1.0, fabs(q));
}

void jsonschema_num_text(const struct num *x, char *buf, size_t size)
{
    if (x->is_int)
        snprintf(buf, size, "%lld", x->i);
    else
        snprintf(buf, size, "%.17g", x->d);
    /* shortest form that reads back the same */
    if (!x->is_int)
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, size, "%.*g", prec, x->d);
            if (strtod(buf, NULL) == x->d)
                break;
        }
}
