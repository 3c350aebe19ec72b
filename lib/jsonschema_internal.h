/*
 * jsonschema_internal.h: what the validator's files (lib/jsonschema_*.c)
 * share and nothing else includes: the compiled form of a schema (struct
 * node), the compiler's state while it indexes and compiles, the
 * validator's walk state, and the few small helpers both sides call on the
 * hot path (property-name hashing, instance types), kept inline here so
 * splitting the files costs validation no calls.
 *
 * Not part of the public API (jsonschema.h); a caller outside the validator
 * never includes it.
 */
#ifndef ODP_JSONSCHEMA_INTERNAL_H
#define ODP_JSONSCHEMA_INTERNAL_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "jsonschema.h"
#include "jsonschema_map.h"
#include "strbuf.h"

/* ---- vocabularies and types ------------------------------------------------ */

enum {
    V_CORE = 1 << 0,
    V_APPLICATOR = 1 << 1,
    V_UNEVALUATED = 1 << 2,
    V_VALIDATION = 1 << 3,
    V_META = 1 << 4,
    V_FORMAT_ANNOTATION = 1 << 5,
    V_CONTENT = 1 << 6,
    V_FORMAT_ASSERTION = 1 << 7,
    V_DEFAULT = V_CORE | V_APPLICATOR | V_UNEVALUATED | V_VALIDATION | V_META |
                V_FORMAT_ANNOTATION | V_CONTENT,
};

enum {
    T_NULL = 1 << 0,
    T_BOOL = 1 << 1,
    T_INT = 1 << 2,
    T_NUM = 1 << 3,
    T_STR = 1 << 4,
    T_ARR = 1 << 5,
    T_OBJ = 1 << 6,
};

#define MAX_SCOPE 1024

/* ---- compiled form ---------------------------------------------------------- */

struct node;

/* A property name an object schema knows: from "properties" (n set) and/or
 * "required". One open-addressing table of these lets validation walk an
 * instance object once, instead of one lookup per property and per required
 * name. */
struct okey {
    const char *name;
    size_t len;
    uint32_t hash;
    int required;
    struct node *n; /* NULL: a name only "required" lists */
};

/* A string of an "enum", with its length (enum values may hold NUL). */
struct estr {
    const char *s;
    size_t len;
};

struct pprop {
    struct jsonschema_regex *re;
    struct node *n;
};

struct depreq {
    const char *name;
    const char **req;
    size_t nreq;
};

struct depsch {
    const char *name;
    struct node *n;
};

struct num {
    int is_int;
    long long i;
    double d;
};

struct dynanchor {
    const char *name;
    json_t *js;
    struct node *n;
};

struct resource {
    const char *uri;
    struct dynanchor *dyn;
    size_t ndyn, cap;
};

enum { K_SCHEMA, K_TRUE, K_FALSE };

enum {
    HAS_MIN = 1,
    HAS_MAX = 2,
    HAS_EXMIN = 4,
    HAS_EXMAX = 8,
    HAS_MULT = 16,
};

struct node {
    int kind;
    unsigned types; /* 0: no "type" */
    const char *loc;
    struct resource *res;

    struct node *ref;
    struct node *dynref;
    const char *dyn_name;

    struct node **allof, **anyof, **oneof;
    size_t nallof, nanyof, noneof;
    struct node *not_, *if_, *then_, *else_;

    /* objects */
    int obj_checks;
    struct okey *keys; /* "properties" first (nprops of them), then names only required */
    size_t nprops, nkeys;
    size_t nreq_keys; /* distinct names in "required" */
    uint32_t *ktab;   /* index+1 into keys; size ktab_mask+1 */
    uint32_t ktab_mask;
    struct pprop *pprops;
    size_t npprops;
    struct node *addprops, *uprops, *pnames;
    const char **required;
    size_t *required_len;
    size_t nrequired;
    struct depreq *dreq;
    size_t ndreq;
    struct depsch *dsch;
    size_t ndsch;
    long long minprops, maxprops;

    /* arrays */
    int arr_checks;
    struct node **prefix;
    size_t nprefix;
    struct node *items, *contains, *uitems;
    long long mincontains, maxcontains;
    long long minitems, maxitems;
    int unique;

    /* numbers */
    unsigned numflags;
    struct num min, max, exmin, exmax, mult;

    /* strings */
    int str_checks;
    long long minlen, maxlen;
    struct jsonschema_regex *pattern;
    const char *format;
    int format_assert;

    json_t *const_;
    int has_const;
    json_t *enum_;
    struct estr *enum_strs; /* the string members of enum_ */
    size_t nenum_strs;
    int enum_others; /* enum_ has members that are not strings */

    int needs_ev;
    /* No applicator, $ref, object or array keyword: validating needs no
     * recursion, scope or annotations (see v_value). */
    int simple;
    int value_checks; /* const, enum, or a string or number keyword */
};

struct jsonschema {
    struct node *root;
    json_t *schema;
    void **owned;
    size_t nowned, capowned;
    struct jsonschema_regex **regexes;
    size_t nregexes, capregexes;
    json_t **docs; /* references kept for const/enum values */
    size_t ndocs, capdocs;
    struct resource **res;
    size_t nres, capres;
    int format_assert;
    int max_depth;
    size_t max_errors;
};

/* ---- owned allocations (jsonschema_compile.c) -------------------------------- */

/* Allocations that live as long as the compiled schema: jsonschema_free()
 * frees them all. They die on out of memory as xalloc does. */
void *jsonschema_own_calloc(struct jsonschema *s, size_t n, size_t size);
const char *jsonschema_own_str(struct jsonschema *s, const char *str);
/* A NUL-terminated copy of the len bytes at p (which may hold NUL). */
const char *jsonschema_own_memdup(struct jsonschema *s, const char *p, size_t len);

/* ---- the registry (jsonschema_registry.c) ------------------------------------ */

/* out = uri without its fragment. */
void jsonschema_strip_fragment(const char *uri, struct strbuf *out);
/* The document for uri (no fragment): added, or read from a mapped folder.
 * Returns a borrowed reference or NULL (with err set when a file was found
 * but could not be read). */
json_t *jsonschema_registry_lookup(struct jsonschema_registry *reg, const char *uri,
                                   struct odp_error *err);

/* ---- the compiler's state ---------------------------------------------------- */

struct sinfo {
    const char *base;
    const char *loc;
    struct resource *res;
    int draft;
    unsigned vocab;
};

struct compiler {
    struct jsonschema_registry *reg;
    struct jsonschema *s;
    struct odp_error *err;
    struct map info;       /* json_t* -> struct sinfo* */
    struct map ids;        /* uri -> json_t* */
    struct map anchors;    /* uri#name -> json_t* */
    struct map dynanchors; /* uri#name -> json_t* */
    struct map nodes;      /* json_t* -> struct node* */
    struct map doc_of;     /* json_t* document root -> its uri (for locations) */
    const char *root_uri;
    int default_draft;
    int depth;
    int failed;
};

/* Record the first compile error (later ones are dropped) and mark the
 * compile failed; returns -1. */
int jsonschema_compile_fail(struct compiler *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- indexing documents and resolving references (jsonschema_index.c) -------- */

/* Index a document found under uri: every subschema's base URI, location,
 * draft and vocabularies, and its $id, $anchor and $dynamicAnchor. */
void jsonschema_index_document(struct compiler *c, json_t *doc, const char *uri, int draft);
/* Resolve ref against base to a schema; *full gets the absolute URI. NULL
 * (the compile failed) when it names nothing. */
json_t *jsonschema_resolve_ref(struct compiler *c, const char *ref, const char *base, int draft,
                               struct strbuf *full);
/* Append "/" and tok, escaped as a JSON Pointer token (RFC 6901). */
void jsonschema_pointer_append(struct strbuf *ptr, const char *tok);

/* ---- property names: hashing and lookup (compile builds, validate reads) ------ */

/* A hash of a property name that reads it a word at a time: instance keys
 * are hashed once each while an object is walked. */
static inline uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint32_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint32_t key_hash(const char *k, size_t len)
{
    const uint64_t m = 0x9E3779B97F4A7C15ULL;
    uint64_t h = len * 0xC2B2AE3D27D4EB4FULL, a, b;
    if (len > 16) {
        for (size_t i = 0; i + 16 < len; i += 8) {
            h = (h ^ load64(k + i)) * m;
            h ^= h >> 29;
        }
        a = load64(k + len - 16);
        b = load64(k + len - 8);
    } else if (len >= 8) {
        a = load64(k);
        b = load64(k + len - 8);
    } else if (len >= 4) {
        a = load32(k);
        b = load32(k + len - 4);
    } else {
        a = len ? (uint64_t)(unsigned char)k[0] << 16 | (uint64_t)(unsigned char)k[len / 2] << 8 |
                      (unsigned char)k[len - 1]
                : 0;
        b = 0;
    }
    h = (h ^ a) * m;
    h ^= h >> 31;
    h = (h ^ b) * m;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* memcmp(a, b, len) == 0 for the short strings property names are, a word
 * at a time and inline. */
static inline int key_eq(const char *a, const char *b, size_t len)
{
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8)
            if (load64(a + i) != load64(b + i))
                return 0;
        return load64(a + len - 8) == load64(b + len - 8);
    }
    if (len >= 4)
        return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static inline const struct okey *key_lookup(const struct node *n, const char *k, size_t len)
{
    uint32_t h = key_hash(k, len);
    for (uint32_t j = h & n->ktab_mask; n->ktab[j]; j = (j + 1) & n->ktab_mask) {
        const struct okey *e = &n->keys[n->ktab[j] - 1];
        if (e->hash == h && e->len == len && key_eq(e->name, k, len))
            return e;
    }
    return NULL;
}

/* key_lookup, trying first the key after the one found last (*next): objects
 * are often written in the order of their schema's properties. */
static inline const struct okey *key_find(const struct node *n, const char *k, size_t len,
                                          size_t *next)
{
    const struct okey *e = &n->keys[*next];
    if (*next < n->nkeys && e->len == len && key_eq(e->name, k, len)) {
        ++*next;
        return e;
    }
    e = key_lookup(n, k, len);
    if (e)
        *next = (size_t)(e - n->keys) + 1;
    return e;
}

/* ---- instance values ------------------------------------------------------- */

static inline int is_integral(json_t *v)
{
    if (json_is_integer(v))
        return 1;
    if (!json_is_real(v))
        return 0;
    double d = json_real_value(v);
    return isfinite(d) && d == floor(d);
}

static inline unsigned type_of(json_t *v)
{
    static const unsigned char bits[] = {
        [JSON_OBJECT] = T_OBJ, [JSON_ARRAY] = T_ARR, [JSON_STRING] = T_STR, [JSON_INTEGER] = T_INT,
        [JSON_REAL] = T_NUM,   [JSON_TRUE] = T_BOOL, [JSON_FALSE] = T_BOOL, [JSON_NULL] = T_NULL,
    };
    json_type t = json_typeof(v);
    if (t == JSON_REAL)
        return is_integral(v) ? T_INT : T_NUM;
    return (unsigned)t < sizeof(bits) ? bits[t] : 0;
}

static inline int num_cmp(json_t *v, const struct num *b)
{
    if (json_is_integer(v) && b->is_int) {
        long long a = json_integer_value(v);
        return a < b->i ? -1 : a > b->i;
    }
    double a = json_number_value(v);
    return a < b->d ? -1 : a > b->d;
}

static inline size_t utf8_length(const char *s, size_t n)
{
    size_t cps = 0;
    for (size_t i = 0; i < n; i++)
        cps += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cps;
}

/* jsonschema_value.c */
/* JSON equality: numbers by value (1 == 1.0), objects regardless of order. */
int jsonschema_value_equal(json_t *a, json_t *b);
/* Index of the second of two equal items of arr (*first: the first), or -1
 * when all are unique. */
long long jsonschema_first_duplicate(json_t *arr, size_t *first);
int jsonschema_is_multiple(json_t *v, const struct num *m);
/* x in its shortest form that reads back the same. */
void jsonschema_num_text(const struct num *x, char *buf, size_t size);
/* "an integer", "a string", ...: v's type for messages. */
const char *jsonschema_type_name(json_t *v);
/* The type set t as "integer or string" for messages. */
void jsonschema_types_text(unsigned t, struct strbuf *out);

/* ---- the validator's walk state ------------------------------------------------ */

/* An instance location: a chain on the C stack, turned into a JSON Pointer
 * only for an error. */
struct ipath {
    const struct ipath *up;
    const char *key; /* NULL: idx */
    size_t idx;
};

struct vctx {
    const struct jsonschema *s;
    struct jsonschema_errors *errs;
    int depth;
    int nscope;
    int limit_hit;
    struct resource *scope[MAX_SCOPE];
};

/* What a subschema evaluated, for unevaluatedProperties/Items. */
struct eval {
    int all_props;
    const char **keys;
    size_t nkeys, capkeys;
    int all_items;
    size_t upto;
    unsigned char *marks;
    size_t nmarks;
};

/* jsonschema_eval.c */
void jsonschema_eval_release(struct eval *e);
void jsonschema_eval_add_key(struct eval *e, const char *k);
int jsonschema_eval_has_key(const struct eval *e, const char *k);
/* mark item i (of len) evaluated */
void jsonschema_eval_mark(struct eval *e, size_t i, size_t len);
/* add what src evaluated to dst */
void jsonschema_eval_merge(struct eval *dst, const struct eval *src);

/* jsonschema_errors.c */
/* Add an error at instance location ip for keyword kw of n, unless errors
 * are not wanted (quiet) or max_errors are already held. */
void jsonschema_report(struct vctx *c, const struct ipath *ip, const struct node *n, const char *kw,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A short rendering of a value for messages. */
void jsonschema_show_value(json_t *v, struct strbuf *out);

#endif
