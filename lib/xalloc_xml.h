/*
 * xalloc_xml.h: route libxml2's allocations through lib/xalloc.h, so the
 * stages that parse HTML follow the one allocation policy and its fault
 * injection. Header-only, so odpcore itself need not link libxml2; call it
 * first in main, before libxml2 allocates anything.
 */
#ifndef ODP_XALLOC_XML_H
#define ODP_XALLOC_XML_H

#include <libxml/xmlmemory.h>
#include <stdlib.h>

#include "xalloc.h"

static inline void xalloc_route_libxml2(void)
{
    xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
}

#endif
