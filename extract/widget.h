/*
 * widget.h: the header widget of a programme page (research §3.1) as key
 * figures: lasten / baten with the municipal total and share, or the
 * jaarverslag's Begroot / Rekening / Verschil, labelled or not, in thousands
 * or full euros. It reads the page's text blocks in order and marks the ones
 * it takes, so they are not repeated as narrative.
 */
#ifndef ODP_WIDGET_H
#define ODP_WIDGET_H

#include <jansson.h>

struct text_block {
    char *text;     /* normalised */
    int is_li;      /* a list item */
    int section;    /* index of the section it belongs to */
    int consumed;   /* taken by the widget */
};

/* Find key figures in blocks; returns a JSON array of key_figure objects (new
 * reference) and marks the blocks used as consumed. */
/* 1 when t is a label of a widget figure (Lasten, Baten, Saldo, Begroot,
 * Rekening, Verschil, "Begrote lasten ..."): the walk asks it of aria-label and
 * title attributes, where some sites keep the only label. */
int widget_is_label(const char *t);

json_t *widget_find(struct text_block *blocks, int n);

#endif
