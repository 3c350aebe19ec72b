/*
 * jsonl.h: the JSON Lines codec every stage reads and writes records with.
 *
 * Reading: a scanner over JSON text in memory that yields values as spans of
 * that text (their kind, where they start and end) and walks objects and
 * arrays member by member; strings are unescaped only when asked for. It never
 * builds a jansson value: the readers that want one (transform's extract
 * reader) build it from the spans, and the readers that do not (publish's
 * record and row readers, the portal pages' CHANGES reader, the JSON Pointer
 * locator) copy or compare the text as it stands.
 *
 * Each reader's contract is a set of flags (JSONL_STRICT ...) given to the
 * scanner. Under JSONL_STRICT whatever the scanner takes is what jansson
 * takes, value for value: a reader leaves any text the scanner refuses to
 * jansson, so values and error messages of a bad line stay jansson's own.
 * The scanner refuses, it does not explain: it has no error messages.
 *
 * Writing: JSON strings and integers byte for byte as json_dumps(v,
 * JSON_COMPACT) writes them (UTF-8 kept, control characters as \b \f \n \r \t
 * or \u00XX with upper-case hex), and a flat record (an object of strings,
 * integers, booleans and nulls, given as jsonschema fields) as one line.
 * lib/jsonout.h writes jansson values with these.
 *
 * It deliberately does not read reals into numbers, nor stream from a FILE:
 * the text is in memory (a line, a file read whole, or a file mapped).
 */
#ifndef ODP_JSONL_H
#define ODP_JSONL_H

#include <stddef.h>

#include "strbuf.h"

struct jsonschema_field;

/* ---- reading ---------------------------------------------------------------- */

enum jsonl_kind {
    JSONL_NULL,
    JSONL_STRING,
    JSONL_INTEGER, /* -?[0-9]+ */
    JSONL_TRUE,
    JSONL_FALSE,
    JSONL_REAL, /* a number that is no integer */
    JSONL_ARRAY,
    JSONL_OBJECT,
};

/* The contracts. Without a flag the scanner trusts its input (a line odp
 * wrote itself): it finds where each value ends, and checks no more. */
enum {
    /* Check all jansson checks of the text scanned: no control character in
     * a string, escapes as JSON has them, valid UTF-8 (as jansson accepts
     * it), numbers in JSON's grammar, no \u0000 or lone surrogate. */
    JSONL_STRICT = 1,
    /* Refuse arrays and objects as values (a flat record). */
    JSONL_FLAT = 2,
    /* Refuse a number that is no integer of at most 18 digits, which always
     * fits a long long (a longer one, or a real, is left to jansson). */
    JSONL_INT18 = 4,
    /* Refuse a key or value whose text is not what json_dumps writes of the
     * value jansson reads from it: a string with an escape, "-0". A reader
     * that copies the text of values (publish's record reader) needs this. */
    JSONL_CANONICAL = 8,
};

#define JSONL_MAX_DEPTH 2048 /* jansson's limit of nested arrays and objects */

struct jsonl_value {
    enum jsonl_kind kind;
    const char *text; /* the value's JSON text; a string's quotes included */
    size_t len;
    int escaped; /* a string with a backslash in it */
};

struct jsonl_scanner {
    const char *p, *end;
    unsigned flags;
    int depth; /* of the arrays and objects opened with jsonl_begin */
};

void jsonl_scanner_init(struct jsonl_scanner *sc, const char *text, size_t len, unsigned flags);

/* The next character after white space ('\0' at the end); sc->p is left at it. */
char jsonl_peek(struct jsonl_scanner *sc);

/* The value at sc->p (after white space) into *v, sc->p past it; a nested
 * array or object is passed over whole (checked as the flags say). 0, or -1
 * when there is none the flags allow. */
int jsonl_value(struct jsonl_scanner *sc, struct jsonl_value *v);

/* Open the array or object at sc->p (after white space): 0, or -1 when there
 * is none, or it would be nested deeper than JSONL_MAX_DEPTH. */
int jsonl_begin(struct jsonl_scanner *sc);

/* The next member of the object opened with jsonl_begin, i the number of
 * members read so far: 1 with its key in *key and sc->p before its value
 * (which the caller must read, with jsonl_value or jsonl_begin); 0 when the
 * object closes here (sc->p past it); -1 when the text is no object. */
int jsonl_member(struct jsonl_scanner *sc, size_t i, struct jsonl_value *key);

/* The same for an array: 1 with sc->p before the next element, 0, -1. */
int jsonl_element(struct jsonl_scanner *sc, size_t i);

/* 0 when nothing but white space is left, else -1. */
int jsonl_end(struct jsonl_scanner *sc);

/* The contents of string v unescaped: a pointer into v's text when it has no
 * escape, else into scratch (valid until scratch changes); *len its length.
 * NULL for an escape jansson does not load (a bad one, a lone surrogate,
 * \u0000). The result is UTF-8 when the text was (JSONL_STRICT checks it). */
const char *jsonl_string(const struct jsonl_value *v, struct strbuf *scratch, size_t *len);

/* Integer v's value; 0, or -1 when it does not fit a long long. */
int jsonl_integer(const struct jsonl_value *v, long long *out);

/* 1 when s[0..len) is UTF-8 as jansson accepts it (no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
int jsonl_utf8_valid(const char *s, size_t len);

/* ---- writing ------------------------------------------------------------------ */

/* s[0..len), which must be valid UTF-8, as a JSON string (quotes included),
 * written at dst, which has room for jsonl_string_room(len) bytes. Returns
 * the end of what was written. */
char *jsonl_write_string(char *dst, const char *s, size_t len);
#define jsonl_string_room(len) (6 * (len) + 2)

/* v's decimal digits at dst, which has room for 21 bytes; returns the end. */
char *jsonl_write_int(char *dst, long long v);

/* The same appended to sb. */
void jsonl_put_string(struct strbuf *sb, const char *s, size_t len);
void jsonl_put_int(struct strbuf *sb, long long v);

/* A flat record, fields f[0..n) in order (keys distinct, strings UTF-8), as
 * one line of compact JSON and a '\n': what json_dumps(o, JSON_COMPACT) writes
 * of the object with those members. */
void jsonl_put_record(struct strbuf *sb, const struct jsonschema_field *f, size_t n);

#endif
