/*
 * test_url.c: resolving links found on a page against the page's URL the way the
 * crawler needs it (RFC 3986 §5.2 for http and https, plus the normalisations of
 * url.h), and taking the host and path of a URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "url.h"

#define assert_resolves(base, href, expected)                                              \
    do {                                                                                   \
        char *u_ = url_resolve((base), (href));                                            \
        assert_non_null(u_);                                                               \
        assert_string_equal(u_, (expected));                                               \
        free(u_);                                                                          \
    } while (0)

#define assert_not_followed(base, href)                                                    \
    do {                                                                                   \
        char *u_ = url_resolve((base), (href));                                            \
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

#define assert_host(url, expected)                                                         \
    do {                                                                                   \
        char *h_ = url_host(url);                                                          \
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
    assert_null(url_host("mailto:info@h.nl"));
    assert_null(url_host("p2/x"));
}

#define assert_path(url, expected)                                                         \
    do {                                                                                   \
        char *p_ = url_path(url);                                                          \
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
        cmocka_unit_test(host_is_lower_case_without_port),
        cmocka_unit_test(host_of_non_url_is_null),
        cmocka_unit_test(path_without_query),
        cmocka_unit_test(path_of_bare_host_is_slash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
