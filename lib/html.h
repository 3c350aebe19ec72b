/*
 * html.h: escaping text for HTML, shared by the portal's pages (load/site*.c)
 * and odp's run report (odp/report.c).
 *
 * It escapes; it does not build pages, sanitise markup or decide what may be
 * a link (the page writers do).
 */
#ifndef ODP_HTML_H
#define ODP_HTML_H

#include "strbuf.h"

/* Append s to sb escaped for HTML text and attribute values (& < > " ');
 * s may be NULL (nothing is appended). */
void html_escape(struct strbuf *sb, const char *s);

#endif
