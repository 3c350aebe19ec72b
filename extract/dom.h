/*
 * dom.h: what the walk (page.c) and the page record (page_record.c) ask of
 * an element besides its name (text.h's node_is): an attribute's value and
 * whether its class or id holds a word.
 *
 * Inline and read in place, with no copy: every element of a page is asked
 * for its class and id. It does not parse class lists or CSS selectors: a
 * word anywhere in the class or id counts ("breadcrumb-nav", "mainmenu").
 */
#ifndef ODP_DOM_H
#define ODP_DOM_H

#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

/* The value of attribute name (lower case) of element n, pointing into the
 * tree; "" when it is empty, NULL when n has no such attribute or its value
 * is in parts (entities: too rare to join). */
static inline const char *dom_attr(xmlNodePtr n, const char *name)
{
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *an = (const char *)a->name; /* name is lower case */
        if ((an[0] | 0x20) != name[0] || strcasecmp(an, name))
            continue;
        xmlNodePtr v = a->children;
        if (v && v->type == XML_TEXT_NODE && !v->next && v->content)
            return (const char *)v->content;
        return v ? NULL : "";
    }
    return NULL;
}

/* Whether hay contains word (lower case ASCII) in any case. A plain loop:
 * glibc's strcasestr prepares for long texts, and class names are short. */
static inline int dom_contains_ci(const char *hay, const char *word)
{
    size_t wl = strlen(word);
    for (const char *h = hay; *h; h++)
        if ((*h | 0x20) == word[0] && !strncasecmp(h, word, wl))
            return 1;
    return 0;
}

/* Whether n's class or id contains word (lower case ASCII) in any case. */
static inline int dom_has_class_word(xmlNodePtr n, const char *word)
{
    const char *cls = dom_attr(n, "class"), *id = dom_attr(n, "id");
    return (cls && dom_contains_ci(cls, word)) || (id && dom_contains_ci(id, word));
}

#endif
