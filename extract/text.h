/*
 * text.h: text as portal users should get it: whitespace runs (including
 * no-break and other Unicode spaces) folded to one space, soft hyphens and
 * zero-width characters removed, trimmed, and in Unicode NFC (utf8proc).
 */
#ifndef ODP_TEXT_H
#define ODP_TEXT_H

#include <string.h>

#include <libxml/tree.h>

#include "strbuf.h"

/* Append the normalised form of in to out. */
void text_normalise(const char *in, struct strbuf *out);
/* The text of node and its subtree (for <br>: a space), raw, appended to out. */
void text_of_node(xmlNodePtr node, struct strbuf *out);
/* text_of_node then text_normalise, into out (reset first). */
void text_node_normalised(xmlNodePtr node, struct strbuf *out);
/* 1 for a navigation link inside content ("Terug naar navigatie - ..."). */
int text_is_nav_link(xmlNodePtr a);
/* 1 when the element's name is name (case-insensitive). Inline: it is asked
 * of every node several times, and with name a literal the compiler turns the
 * compare into a few instructions. libxml2's HTML parser lower-cases element
 * names, so a plain compare does. */
static inline int node_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name[0] == name[0] &&
           !strcmp((const char *)n->name, name);
}

#endif
