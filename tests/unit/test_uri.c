/*
 * test_uri.c: lib/uri.c for the crawler: resolving links found on a page
 * against the page's URL (RFC 3986 §5.2 for http and https, plus the
 * normalisations of uri.h), taking the host and path of a URL; and the
 * generic parts every user shares: the split of a reference and the host of
 * an authority. RFC 3986 §5.4's examples on the generic resolution are
 * test_uri_resolve.c; here they go through the crawler's resolution too, whose
 * answers differ from the RFC's only where uri.h says (no fragment, no
 * non-http URL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "uri.h"

#define assert_resolves(base, href, expected)                                              \
    do {                                                                                   \
        char *u_ = uri_http_resolve((base), (href));                                            \
        assert_non_null(u_);                                                               \
        assert_string_equal(u_, (expected));                                               \
        free(u_);                                                                          \
    } while (0)

#define assert_not_followed(base, href)                                                    \
    do {                                                                                   \
        char *u_ = uri_http_resolve((base), (href));                                            \
        assert_null(u_);                                                                   \
        free(u_);                                                                          \
    } while (0)

static void percent_escapes_are_canonical(void **state)
{
    (void)state;
    /* upper-case hex; escaped unreserved characters decoded (RFC 3986 6.2.2) */
    assert_resolves("http://h.nl/", "/p1/caf%c3%a9", "http://h.nl/p1/caf%C3%A9");
    assert_resolves("http://h.nl/", "/p1/%62egroting%2D2026", "http://h.nl/p1/begroting-2026");
    assert_resolves("http://h.nl/", "/p1/a%2fb", "http://h.nl/p1/a%2Fb");
    /* a raw space or non-ASCII byte in an href is escaped */
    assert_resolves("http://h.nl/", "/p1/a b", "http://h.nl/p1/a%20b");
    assert_resolves("http://h.nl/", "/p1/caf\xC3\xA9", "http://h.nl/p1/caf%C3%A9");
    /* a '%' that starts no escape is escaped itself, so a second pass changes
     * nothing (found by fuzz/fuzz_url.c: "%6%62e" became "%6be", then "ke") */
    assert_resolves("http://h.nl/", "/p1/%6%62e", "http://h.nl/p1/%256be");
    assert_resolves("http://h.nl/", "/p1/%256be", "http://h.nl/p1/%256be");
    assert_resolves("http://h.nl/", "/100%?a=%zz%", "http://h.nl/100%25?a=%25zz%25");
}

static void relative_path_replaces_last_segment(void **state)
{
    assert_resolves("http://h.nl/p1/a", "p2/x", "http://h.nl/p1/p2/x");
    assert_resolves("http://h.nl/p1/", "x", "http://h.nl/p1/x");
}

static void root_relative_path(void **state)
{
    assert_resolves("http://h.nl/p1/a", "/p9/y", "http://h.nl/p9/y");
}

static void dot_dot_goes_up_one_segment(void **state)
{
    assert_resolves("http://h.nl/p1/p2/a", "../x", "http://h.nl/p1/x");
    assert_resolves("http://h.nl/p1/a", "../x", "http://h.nl/x");
    assert_resolves("http://h.nl/p1/a", "../../../x", "http://h.nl/x"); /* never above root */
}

static void dot_segment_is_dropped(void **state)
{
    /* also when escaped: "%2e" is "." (found by fuzz/fuzz_url.c: it was
     * decoded after the dots were removed, so a second pass removed it) */
    assert_resolves("http://h.nl/p1/a", "%2e/x", "http://h.nl/p1/x");
    assert_resolves("http://h.nl/p1/p2/a", "%2E%2e/x", "http://h.nl/p1/x");
    assert_resolves("http://h.nl/p1/a", "./x", "http://h.nl/p1/x");
    assert_resolves("http://h.nl/p1/a", "./", "http://h.nl/p1/");
}

static void fragment_is_dropped(void **state)
{
    assert_resolves("http://h.nl/p1/a", "b#sectie-2", "http://h.nl/p1/b");
    assert_resolves("http://h.nl/p1/a", "#top", "http://h.nl/p1/a");
    assert_resolves("http://h.nl/p1/a", "http://h.nl/p2#x", "http://h.nl/p2");
}

static void backslashes_become_slashes(void **state)
{
    assert_resolves("https://scherpenzeel2025.najaarsnota.nl/p7705/",
                    "assets\\docs\\Begroting_2025.pdf",
                    "https://scherpenzeel2025.najaarsnota.nl/p7705/assets/docs/Begroting_2025.pdf");
    /* in the page's own URL too (found by fuzz/fuzz_url.c: the same URL read
     * as a link and as a base gave two URLs, so one page was two) */
    assert_resolves("https://h.nl\\p1\\a", "", "https://h.nl/p1/a");
    assert_resolves("https://h.nl/p1\\a", "b", "https://h.nl/p1/b");
    assert_resolves("https://h.nl/", "https://h.nl\\p1\\a", "https://h.nl/p1/a");
}

static void scheme_and_host_are_lower_cased_and_default_port_dropped(void **state)
{
    assert_resolves("http://h.nl/p1/a", "HTTP://H.NL:80/x", "http://h.nl/x");
    assert_resolves("http://h.nl/", "https://Example.NL:443/A", "https://example.nl/A");
    /* a port that is not the default stays */
    assert_resolves("http://h.nl/", "http://h.nl:8080/x", "http://h.nl:8080/x");
    /* a host with two ports is no URL (found by fuzz/fuzz_url.c: "h:80:80"
     * lost one ":80" on each pass) */
    assert_not_followed("http://h.nl/", "http://h.nl:80:80/x");
    assert_resolves("http://h.nl/", "http://u:p@H.nl:80/x", "http://u:p@h.nl/x");
}

static void path_case_is_kept(void **state)
{
    assert_resolves("http://h.nl/", "/P21636/Burger-En-Bestuur", "http://h.nl/P21636/Burger-En-Bestuur");
}

static void non_http_links_are_not_followed(void **state)
{
    assert_not_followed("http://h.nl/p1/a", "mailto:info@h.nl");
    assert_not_followed("http://h.nl/p1/a", "javascript:void(0)");
    assert_not_followed("http://h.nl/p1/a", "ftp://h.nl/file");
    assert_not_followed("http://h.nl/p1/a", "tel:+31201234567");
}

static void scheme_relative_link_takes_base_scheme(void **state)
{
    assert_resolves("http://h.nl/p1/a", "//other.nl/x", "http://other.nl/x");
    assert_resolves("https://h.nl/p1/a", "//Other.NL/x", "https://other.nl/x");
}

static void query_is_kept(void **state)
{
    assert_resolves("http://h.nl/p1/a", "b?id=7&x=1", "http://h.nl/p1/b?id=7&x=1");
    assert_resolves("http://h.nl/p1/a?old=1", "?page=2", "http://h.nl/p1/a?page=2");
    assert_resolves("http://h.nl/p1/a", "/zoek?q=a#res", "http://h.nl/zoek?q=a");
}

static void surrounding_whitespace_is_ignored(void **state)
{
    assert_resolves("http://h.nl/p1/a", "  p2 \n", "http://h.nl/p1/p2");
}

static void empty_segments_are_kept(void **state)
{
    /* RFC 3986 normalises dot segments only: /a//b is another resource than
     * /a/b to a server (the crawler's own dot removal once collapsed them) */
    assert_resolves("http://h.nl/", "/p1//x", "http://h.nl/p1//x");
    assert_resolves("http://h.nl/p1//a", "b", "http://h.nl/p1//b");
    assert_resolves("http://h.nl/p1//a", "../b", "http://h.nl/p1/b");
    assert_resolves("http://h.nl/a/", "..//x", "http://h.nl//x");
}

static void long_paths_keep_every_segment(void **state)
{
    /* 600 segments "/s": the crawler's dot removal kept only the first 512 */
    struct strbuf path = STRBUF_INIT, expected = STRBUF_INIT;
    for (int i = 0; i < 600; i++)
        strbuf_addstr(&path, "/s");
    strbuf_addstr(&path, "/../t");
    strbuf_addstr(&expected, "http://h.nl");
    for (int i = 0; i < 599; i++)
        strbuf_addstr(&expected, "/s");
    strbuf_addstr(&expected, "/t");
    assert_resolves("http://h.nl/", path.buf, expected.buf);
    strbuf_release(&path);
    strbuf_release(&expected);
}

static void empty_path_is_slash(void **state)
{
    assert_resolves("http://h.nl", "", "http://h.nl/");
    assert_resolves("http://h.nl", "?q=1", "http://h.nl/?q=1");
    assert_resolves("http://h.nl/p1/a", "//other.nl", "http://other.nl/");
    assert_resolves("http://h.nl/p1/a", "//other.nl?x", "http://other.nl/?x");
}

static void base_is_normalised_too(void **state)
{
    assert_resolves("HTTP://H.NL:80/a/./b/../c", "", "http://h.nl/a/c");
    assert_resolves("http://h.nl/a?q=%7e", "", "http://h.nl/a?q=~");
}

static void not_a_url_with_a_host(void **state)
{
    assert_not_followed("http://h.nl/p1/a", "http:///x");
    assert_not_followed("http://h.nl/p1/a", "///x");
    assert_not_followed("http://h.nl/p1/a", "http:x");
    assert_not_followed("mailto:x@h.nl", "p2");
    assert_not_followed("", "p2");
}

/* RFC 3986 §5.4 through the crawler: the RFC's answers without their
 * fragments; "g:h" and "http:g" are no http URL with a host */
static void rfc3986_examples_through_the_crawler(void **state)
{
    static const char *const cases[][2] = {
        {"g", "http://a/b/c/g"},           {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},         {"/g", "http://a/g"},
        {"//g", "http://g/"},              {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},       {"#s", "http://a/b/c/d;p?q"},
        {"g#s", "http://a/b/c/g"},         {"g?y#s", "http://a/b/c/g?y"},
        {";x", "http://a/b/c/;x"},         {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y"}, {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},            {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},             {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},          {"../..", "http://a/"},
        {"../../", "http://a/"},           {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},      {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},            {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},         {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},       {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},     {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},   {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g"},     {"g#s/../x", "http://a/b/c/g"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_resolves("http://a/b/c/d;p?q", cases[i][0], cases[i][1]);
    assert_not_followed("http://a/b/c/d;p?q", "g:h");
    assert_not_followed("http://a/b/c/d;p?q", "http:g");
}

#define assert_parts(s, e_scheme, e_auth, e_path, e_query, e_frag)                         \
    do {                                                                                   \
        struct uri_ref u_;                                                                 \
        uri_split((s), &u_);                                                               \
        assert_part(u_.has_scheme, u_.scheme, u_.scheme_len, (e_scheme));                  \
        assert_part(u_.has_authority, u_.authority, u_.authority_len, (e_auth));           \
        assert_part(1, u_.path, u_.path_len, (e_path));                                    \
        assert_part(u_.has_query, u_.query, u_.query_len, (e_query));                      \
        assert_part(u_.has_fragment, u_.fragment, u_.fragment_len, (e_frag));              \
    } while (0)

/* expected NULL: the part is absent */
static void assert_part(int has, const char *p, size_t n, const char *expected)
{
    if (!expected) {
        assert_int_equal(has, 0);
        return;
    }
    assert_int_equal(has, 1);
    assert_int_equal(n, strlen(expected));
    assert_memory_equal(p, expected, n);
}

static void split_gives_the_five_parts(void **state)
{
    /* RFC 3986 Appendix B's own example, and the edges of each part */
    assert_parts("http://www.ics.uci.edu/pub/ietf/uri/#Related", "http", "www.ics.uci.edu",
                 "/pub/ietf/uri/", NULL, "Related");
    assert_parts("https://h.nl:8080/p?a=1&b#f#g", "https", "h.nl:8080", "/p", "a=1&b", "f#g");
    assert_parts("urn:uuid:1234", "urn", NULL, "uuid:1234", NULL, NULL);
    assert_parts("//h.nl?", NULL, "h.nl", "", "", NULL);
    assert_parts("a/b:c", NULL, NULL, "a/b:c", NULL, NULL);
    assert_parts("1a:b", NULL, NULL, "1a:b", NULL, NULL);
    assert_parts("", NULL, NULL, "", NULL, NULL);
    assert_parts("#", NULL, NULL, "", NULL, "");
}

#define assert_authority_host(auth, expected, userinfo)                                    \
    do {                                                                                   \
        const char *h_;                                                                    \
        size_t n_;                                                                         \
        assert_int_equal(uri_host((auth), strlen(auth), &h_, &n_), (userinfo));            \
        assert_int_equal(n_, strlen(expected));                                            \
        assert_memory_equal(h_, (expected), n_);                                           \
    } while (0)

static void host_of_an_authority(void **state)
{
    assert_authority_host("h.nl", "h.nl", 0);
    assert_authority_host("h.nl:8080", "h.nl", 0);
    assert_authority_host("u:p@H.nl:80", "H.nl", 1);
    assert_authority_host("a@b@c.nl", "c.nl", 1);
    assert_authority_host("[::1]:8080", "[::1]", 0);
    assert_authority_host("", "", 0);
}

#define assert_host(url, expected)                                                         \
    do {                                                                                   \
        char *h_ = uri_http_host(url);                                                          \
        assert_non_null(h_);                                                               \
        assert_string_equal(h_, (expected));                                               \
        free(h_);                                                                          \
    } while (0)

static void host_is_lower_case_without_port(void **state)
{
    assert_host("https://Deventer.Begroting-2025.nl/p21636/x", "deventer.begroting-2025.nl");
    assert_host("http://h.nl:8080/x", "h.nl");
    assert_host("http://h.nl", "h.nl");
    assert_host("http://h.nl?q=1", "h.nl");
}

static void host_of_non_url_is_null(void **state)
{
    assert_null(uri_http_host("mailto:info@h.nl"));
    assert_null(uri_http_host("p2/x"));
    assert_null(uri_http_host("http://h.nl:80:80/"));
    assert_null(uri_http_host("http:///x"));
}

static void host_after_user_info(void **state)
{
    assert_host("http://u:p@H.nl:80/x", "h.nl");
    assert_host("https://[2001:DB8::1]:8443/", "[2001:db8::1]");
}

#define assert_path(url, expected)                                                         \
    do {                                                                                   \
        char *p_ = uri_http_path(url);                                                          \
        assert_non_null(p_);                                                               \
        assert_string_equal(p_, (expected));                                               \
        free(p_);                                                                          \
    } while (0)

static void path_without_query(void **state)
{
    assert_path("https://h.nl/p21636/burger-en-bestuur?x=1", "/p21636/burger-en-bestuur");
    assert_path("https://h.nl/p1/#frag", "/p1/");
}

static void path_of_bare_host_is_slash(void **state)
{
    assert_path("https://h.nl", "/");
    assert_path("https://h.nl?q=1", "/");
}

#define assert_slug(url, expected)                                                         \
    do {                                                                                   \
        char *s_ = uri_slug(url);                                                          \
        assert_string_equal(s_, (expected));                                               \
        free(s_);                                                                          \
    } while (0)

static void slug_is_last_segment_without_html(void **state)
{
    (void)state;
    assert_slug("https://www.deventer.nl/begroting/p21636/burger-en-bestuur.html",
                "burger-en-bestuur");
    assert_slug("https://h.nl/a/b/", "b");
    assert_slug("https://h.nl/a/b//", "b");
    assert_slug("https://h.nl/a/b?x=/c#d/e", "b");
    assert_slug("https://h.nl/a/b.html.html", "b.html");
    assert_slug("https://h.nl/a/.html", ".html"); /* nothing would be left */
    assert_slug("https://h.nl/a/p%20q", "p%20q");  /* as written */
}

static void slug_of_no_segment_is_index(void **state)
{
    (void)state;
    assert_slug("https://h.nl", "index");
    assert_slug("https://h.nl/", "index");
    assert_slug("https://h.nl/?p=/x", "index");
    assert_slug("mailto:a@h.nl", "index");
    assert_slug("", "index");
}

/* every %XX decoded, written by hand: "%2F" is '/', "%C3%A9" the two bytes of é;
 * a '%' that starts no escape (and one cut short at the end) stays */
static void percent_decode_every_escape(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char in[] = "a%2Fb%C3%A9%zz%4";
    uri_percent_decode(in, strlen(in), &out);
    assert_string_equal(out.buf, "a/b\xc3\xa9%zz%4");
    strbuf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(percent_escapes_are_canonical),
        cmocka_unit_test(relative_path_replaces_last_segment),
        cmocka_unit_test(root_relative_path),
        cmocka_unit_test(dot_dot_goes_up_one_segment),
        cmocka_unit_test(dot_segment_is_dropped),
        cmocka_unit_test(fragment_is_dropped),
        cmocka_unit_test(backslashes_become_slashes),
        cmocka_unit_test(scheme_and_host_are_lower_cased_and_default_port_dropped),
        cmocka_unit_test(path_case_is_kept),
        cmocka_unit_test(non_http_links_are_not_followed),
        cmocka_unit_test(scheme_relative_link_takes_base_scheme),
        cmocka_unit_test(query_is_kept),
        cmocka_unit_test(surrounding_whitespace_is_ignored),
        cmocka_unit_test(empty_segments_are_kept),
        cmocka_unit_test(long_paths_keep_every_segment),
        cmocka_unit_test(empty_path_is_slash),
        cmocka_unit_test(base_is_normalised_too),
        cmocka_unit_test(not_a_url_with_a_host),
        cmocka_unit_test(rfc3986_examples_through_the_crawler),
        cmocka_unit_test(split_gives_the_five_parts),
        cmocka_unit_test(host_of_an_authority),
        cmocka_unit_test(host_is_lower_case_without_port),
        cmocka_unit_test(host_of_non_url_is_null),
        cmocka_unit_test(host_after_user_info),
        cmocka_unit_test(path_without_query),
        cmocka_unit_test(path_of_bare_host_is_slash),
        cmocka_unit_test(slug_is_last_segment_without_html),
        cmocka_unit_test(slug_of_no_segment_is_index),
        cmocka_unit_test(percent_decode_every_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
