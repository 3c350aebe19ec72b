/*
 * strbuf.h: a growable, always NUL-terminated byte buffer (after git's strbuf).
 *
 * Initialise with STRBUF_INIT or strbuf_init(); .buf is never NULL and always
 * ends in a NUL. The buffer owns its memory: strbuf_release() frees it,
 * strbuf_detach() hands it to the caller (who frees it with free()).
 * Allocation failure aborts: every caller would do the same.
 */
#ifndef ODP_STRBUF_H
#define ODP_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

extern char strbuf_slopbuf[];

struct strbuf {
    size_t alloc;
    size_t len;
    char *buf;
};

#define STRBUF_INIT {0, 0, strbuf_slopbuf}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Trim ASCII whitespace at both ends. */
void strbuf_trim(struct strbuf *sb);

#endif
