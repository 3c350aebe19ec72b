/*
 * page_key.h: the key of a page within its document (DATA-CONTRACT.md §5),
 * page_id = {document_id}/{page_key}. The one place this rule lives.
 *
 * The key is the page's URL path under the document root, made id-safe, so it
 * is unique within the document (whole documents repeat slugs: every
 * programme of a p-id site has its own "beleidsindicatoren") and the same
 * every night (it depends on the URL only, never on crawl order):
 *
 *   document root  the path of the source's url (its directory when it names
 *                  a file); on begrotingsapp.nl / begrotingonline.nl, when the
 *                  source url is the host root, also the page's first path
 *                  segment (the document's own root, /begroting-2021/) for a
 *                  page with two or more segments.
 *                  A page outside the document root keeps its whole path.
 *   p-id platform  /p21636/burger-en-bestuur -> p21636-burger-en-bestuur
 *   begrotingsapp  /begroting-2021/programma/inleiding -> programma-inleiding
 *   id-safe        the query string is part of the path (?a=1 -> -a-1), the
 *                  fragment is not; a trailing ".html" or ".htm" is dropped and
 *                  a last segment "index.html" / "index.htm" names its
 *                  directory; %XX escapes are decoded first (so %C3%A9 and é
 *                  are one page); ASCII letters are lower-cased; a Latin
 *                  letter with a diacritic (U+00C0..U+017F) becomes its base
 *                  letter (é -> e, ß -> ss, ĳ -> ij); [a-z0-9] are kept and every run
 *                  of anything else (/, -, _, ., space, other characters)
 *                  becomes one "-", none at either end.
 *   root page      the document root itself (nothing left) -> "index".
 *   length         at most PAGE_KEY_MAX bytes: a longer key is cut to
 *                  PAGE_KEY_MAX - 17 bytes and "-" plus the first 16 hex
 *                  digits of the SHA-256 of the whole key is appended, so it
 *                  stays unique and stable.
 *
 * Lower-casing, folding and the separators mean that two URLs can map to one
 * key (/a_b and /a-b, /P1/X and /p1/x, /x.html and /x, /index and the root).
 * Such URLs are almost always the same page served twice; the caller must
 * still detect the case (transform fails the second page with both URLs) and
 * never publish two pages under one id.
 *
 * It does not decide which pages belong to a document (the crawler does) nor
 * build document ids (pipeline.h).
 */
#ifndef ODP_PAGE_KEY_H
#define ODP_PAGE_KEY_H

#include "strbuf.h"

#define PAGE_KEY_MAX 200

/* The page key of page_url in the document whose source url is root_url,
 * appended to out (which the caller owns and releases). Never fails: a URL
 * without a path is the root page. */
void page_key(const char *page_url, const char *root_url, struct strbuf *out);

#endif
