/*
 * test_robots.c: robots.txt as RFC 9309 reads it: which group applies, the
 * longest match wins and Allow wins a tie, "*" and "$", percent-encoding
 * (the examples of §2.2.2 and §5.2 written out by hand), Crawl-delay, the
 * 500 KiB limit, and matching in linear time: adversarial wildcard patterns
 * that took a backtracking matcher seconds per check must take microseconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "robots.h"

static int allowed(const char *txt, const char *path)
{
    struct robots *r = robots_parse(txt, "odp");
    assert_non_null(r);
    int ok = robots_allowed(r, path);
    robots_free(r);
    return ok;
}

static void longest_match_wins_and_allow_wins_a_tie(void **state)
{
    (void)state;
    const char *t = "User-agent: *\nDisallow: /p9/\nAllow: /p9/open\n";
    assert_int_equal(allowed(t, "/p9/geheim"), 0);
    assert_int_equal(allowed(t, "/p9/open"), 1);
    assert_int_equal(allowed(t, "/p9/openbaar"), 1);
    assert_int_equal(allowed(t, "/p8/x"), 1);
    /* the order in the file does not matter */
    assert_int_equal(allowed("User-agent: *\nAllow: /p\nDisallow: /p1\n", "/p1/x"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /p1\nAllow: /p\n", "/p1/x"), 0);
    /* equal length: Allow (RFC 9309 §2.2.2: "SHOULD use the least restrictive") */
    assert_int_equal(allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"), 1);
    assert_int_equal(allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "/page"), 1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /*.html\nAllow: /p1/a.htm\n", "/p1/a.html"),
                     1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /*.html\nAllow: /p1/a\n", "/p1/a.html"), 0);
    /* "Disallow:" with nothing matches nothing */
    assert_int_equal(allowed("User-agent: *\nDisallow:\n", "/x"), 1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /\n", "/"), 0);
    assert_int_equal(allowed("", "/x"), 1);
    assert_int_equal(allowed(NULL, "/x"), 1);
    /* case matters in paths, not in keys */
    assert_int_equal(allowed("user-AGENT: *\nDISALLOW: /Geheim\n", "/Geheim/x"), 0);
    assert_int_equal(allowed("user-AGENT: *\nDISALLOW: /Geheim\n", "/geheim/x"), 1);
}

static void wildcards_and_the_end_anchor(void **state)
{
    (void)state;
    /* the table of RFC 9309 §2.2.3 and Google's examples */
    const char *t = "User-agent: *\nDisallow: /*.php$\n";
    assert_int_equal(allowed(t, "/index.php"), 0);
    assert_int_equal(allowed(t, "/filename.php"), 0);
    assert_int_equal(allowed(t, "/folder/filename.php"), 0);
    assert_int_equal(allowed(t, "/filename.php?parameters"), 1);
    assert_int_equal(allowed(t, "/filename.php/"), 1);
    assert_int_equal(allowed(t, "/windows.PHP"), 1);
    t = "User-agent: *\nDisallow: /fish*.php\n";
    assert_int_equal(allowed(t, "/fish.php"), 0);
    assert_int_equal(allowed(t, "/fishheads/catfish.php?parameters"), 0);
    assert_int_equal(allowed(t, "/Fish.PHP"), 1);
    t = "User-agent: *\nDisallow: /fish$\n";
    assert_int_equal(allowed(t, "/fish"), 0);
    assert_int_equal(allowed(t, "/fish/"), 1);
    assert_int_equal(allowed(t, "/fishheads"), 1);
    /* '*' matches the empty string; several in a row are one; a final "*$" anything */
    assert_int_equal(allowed("User-agent: *\nDisallow: /a*b\n", "/ab"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /a***b\n", "/axxb"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /a*$\n", "/a/anything"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: *\n", "/"), 0);
    /* the leftmost occurrence of a segment is not always the end: the anchored
     * last segment is taken from the end of the path */
    assert_int_equal(allowed("User-agent: *\nDisallow: /*ab$\n", "/abxab"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /*ab$\n", "/abxa"), 1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /*aab\n", "/aaaab"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /*abab*c\n", "/abaababxc"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /*abab*c\n", "/abaabaxc"), 1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /x*y*z$\n", "/xzy"), 1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /x*y*z$\n", "/xyz"), 0);
    /* the longer of two matching wildcard rules wins */
    assert_int_equal(allowed("User-agent: *\nAllow: /*.html\nDisallow: /p1/*\n", "/p1/a.html"), 1);
    assert_int_equal(allowed("User-agent: *\nAllow: /*.html\nDisallow: /p1/a.ht*\n", "/p1/a.html"),
                     0);
}

static void percent_encoding_is_compared_canonically(void **state)
{
    (void)state;
    /* RFC 9309 §2.2.2's table */
    assert_int_equal(allowed("User-agent: *\nDisallow: /foo/bar?baz=quz\n", "/foo/bar?baz=quz"), 0);
    assert_int_equal(
        allowed("User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n", "/foo/bar/%E3%83%84"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "/foo/bar/%E3%83%84"),
                     0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "/foo/bar/baz"), 0);
    /* and the other way round, and hex case */
    assert_int_equal(allowed("User-agent: *\nDisallow: /foo/bar/baz\n", "/foo/bar/%62%61%7a"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /a%2fb\n", "/a%2Fb"), 0);
    /* an escaped reserved character is not the character itself */
    assert_int_equal(allowed("User-agent: *\nDisallow: /a%2Fb\n", "/a/b"), 1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /a%2Ab\n", "/axxb"), 1);
    assert_int_equal(allowed("User-agent: *\nDisallow: /caf\xC3\xA9\n", "/caf%c3%a9"), 0);
}

static void our_group_else_the_star_group(void **state)
{
    (void)state;
    const char *t = "User-agent: googlebot\nDisallow: /\n\n"
                    "User-agent: *\nDisallow: /p2/\n";
    assert_int_equal(allowed(t, "/p1/x"), 1);
    assert_int_equal(allowed(t, "/p2/x"), 0);
    /* our own group, however spelt, replaces '*' entirely, even when empty */
    t = "User-agent: *\nDisallow: /\n\nUser-agent: ODP/1.0\nDisallow: /p2/\n";
    assert_int_equal(allowed(t, "/p1/x"), 1);
    assert_int_equal(allowed(t, "/p2/x"), 0);
    assert_int_equal(allowed("User-agent: *\nDisallow: /\n\nUser-agent: odp\n", "/p1"), 1);
    /* a longer token is another crawler */
    assert_int_equal(allowed("User-agent: odpbot\nDisallow: /\n", "/p1"), 1);
    /* groups for us are merged; consecutive User-agent lines share a group */
    t = "User-agent: odp\nDisallow: /a\n\nUser-agent: x\nUser-agent: odp\nDisallow: /b\n"
        "User-agent: y\nDisallow: /c\n";
    assert_int_equal(allowed(t, "/a"), 0);
    assert_int_equal(allowed(t, "/b"), 0);
    assert_int_equal(allowed(t, "/c"), 1);
    /* comments, CR LF, spaces, rules before any User-agent line */
    t = "Disallow: /early\r\n# c\r\nUser-agent : * # all\r\n  Disallow :  /x  # not /y\r\n";
    assert_int_equal(allowed(t, "/early"), 1);
    assert_int_equal(allowed(t, "/x"), 0);
    assert_int_equal(allowed(t, "/y"), 1);
}

static void crawl_delay_of_the_group(void **state)
{
    (void)state;
    struct robots *r = robots_parse("User-agent: *\nCrawl-delay: 2.5\nDisallow: /x\n", "odp");
    assert_true(robots_crawl_delay(r) == 2.5);
    robots_free(r);
    r = robots_parse("User-agent: other\nCrawl-delay: 30\n\nUser-agent: *\nDisallow: /x\n", "odp");
    assert_true(robots_crawl_delay(r) == 0);
    robots_free(r);
    r = robots_parse("User-agent: *\nCrawl-delay: nonsense\nCrawl-delay: -4\n", "odp");
    assert_true(robots_crawl_delay(r) == 0);
    robots_free(r);
    assert_true(robots_crawl_delay(NULL) == 0);
}

static void the_first_500_kib_of_a_larger_file_count(void **state)
{
    (void)state;
    /* 5 MiB: a rule at the top, padding, a rule just inside the limit, one
     * cut by it, and one far beyond it */
    size_t big = 5u << 20;
    char *t = malloc(big + 1);
    assert_non_null(t);
    size_t n = (size_t)sprintf(t, "User-agent: *\nDisallow: /p9090/\n");
    while (n < ROBOTS_MAX_BYTES - 100)
        n += (size_t)sprintf(t + n, "# padding padding padding padding padding\n");
    n += (size_t)sprintf(t + n, "Disallow: /inside/\n");
    while (n < ROBOTS_MAX_BYTES - 5)
        t[n++] = '\n';
    n += (size_t)sprintf(t + n, "Allow: /p9090/open\n");
    while (n < big - 100)
        t[n++] = '\n';
    n += (size_t)sprintf(t + n, "Disallow: /beyond/\n");
    struct robots *r = robots_parse(t, "odp");
    assert_int_equal(robots_allowed(r, "/p9090/x"), 0);
    assert_int_equal(robots_allowed(r, "/inside/x"), 0);
    /* cut to "Allow: /p" by the limit: dropped, not read as "Allow: /p" */
    assert_int_equal(robots_allowed(r, "/p9090/open"), 0);
    assert_int_equal(robots_allowed(r, "/beyond/x"), 1);
    robots_free(r);
    free(t);
}

static double cpu_seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* A backtracking matcher needs about 18 s for ONE check of a 40-character
 * path against 12 wildcards (each two more wildcards multiply that by ten);
 * here 4,000 checks of 40 to 200 characters against such rules must finish in
 * 2 s of CPU time, under the sanitizers. */
static void adversarial_patterns_match_in_linear_time(void **state)
{
    (void)state;
    const char *txt = "User-agent: *\n"
                      "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
                      "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$\n"
                      "Disallow: /*aaaaaaaaaaaaaaaaaaaab*aaaaaaaaaaaaaaaaaaaab\n"
                      "Allow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c\n";
    struct robots *r = robots_parse(txt, "odp");
    assert_non_null(r);
    char path[256];
    int checks = 0, disallowed = 0;
    double t0 = cpu_seconds();
    for (int i = 0; i < 4000; i++) {
        size_t len = 40 + (size_t)(i % 161); /* 40 .. 200 */
        path[0] = '/';
        memset(path + 1, 'a', len - 1);
        path[len] = '\0';
        if (i % 4 == 1)
            path[len - 1] = 'b'; /* matches the first rule */
        if (i % 4 == 2)
            path[len / 2] = 'x';
        disallowed += !robots_allowed(r, path);
        checks++;
    }
    double spent = cpu_seconds() - t0;
    robots_free(r);
    assert_int_equal(checks, 4000);
    assert_int_equal(disallowed, 1000); /* the paths ending in b, and only those */
    printf("adversarial robots.txt: %d checks in %.3f s CPU\n", checks, spent);
    assert_true(spent < 2.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(longest_match_wins_and_allow_wins_a_tie),
        cmocka_unit_test(wildcards_and_the_end_anchor),
        cmocka_unit_test(percent_encoding_is_compared_canonically),
        cmocka_unit_test(our_group_else_the_star_group),
        cmocka_unit_test(crawl_delay_of_the_group),
        cmocka_unit_test(the_first_500_kib_of_a_larger_file_count),
        cmocka_unit_test(adversarial_patterns_match_in_linear_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
