/*
 * platform.h: what odp knows of the platforms the municipalities publish
 * their documents on, in one place for the crawler (fetch/) and the records
 * (transform/):
 *   - p-id ("pid"): one document a host (deventer.begroting-2025.nl,
 *     deventer2026.perspectiefnota.nl), pages /p{id}/{slug}[.html], the
 *     whole-document PDF under /assets/docs/, a build stamp in every page;
 *   - begrotingsapp / begrotingonline ("begrotingsapp"): several documents
 *     a host, each under its first path segment, pages
 *     /{doc}-{year}/programma/{slug}, built by JavaScript.
 *
 * It does not parse URLs (uri.h), render pages (fetch/render.h) or read the
 * pages' content (extract/).
 */
#ifndef ODP_PLATFORM_H
#define ODP_PLATFORM_H

#include <stddef.h>

/* 1 when host[0..len) is begrotingsapp.nl or begrotingonline.nl or a host
 * under them (case does not matter): one host, several documents. */
int platform_is_app_host(const char *host, size_t len);

/* The platform of a document on host (lower case, without port), for
 * documents.platform: "begrotingsapp", "pid" (also any host whose pages carry
 * a build stamp) or "other". A static string. */
const char *platform_of(const char *host, int has_build_stamp);

/* 1 when the URL path is a page of a P&C document on one of the platforms. */
int platform_is_page_path(const char *path);

/* 1 when the URL path is the whole document's PDF (under /assets/docs/). */
int platform_is_pdf_path(const char *path);

/* The build stamp of a p-id page ("Deze pagina is gebouwd op MM/DD/YYYY
 * HH:MM:SS ..."), its 19 characters, or NULL. The caller frees it. */
char *platform_build_stamp(const char *html);

#endif
