/*
 * test_release_keys.c: the key merge of load/release_keys.h on hand-written
 * sorted streams: duplicates are adjacent, references resolve by a merge.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "release_keys.h"

struct arr {
    const char *const *e; /* key, origin, key, origin, ..., NULL */
    size_t i;
};

static int arr_next(void *ctx, const char **key, size_t *klen, const char **origin, size_t *olen,
                    int *got, struct odp_error *err)
{
    (void)err;
    struct arr *a = ctx;
    *got = a->e[a->i] != NULL;
    if (*got) {
        *key = a->e[a->i];
        *klen = strlen(*key);
        *origin = a->e[a->i + 1];
        *olen = strlen(*origin);
        a->i += 2;
    }
    return 0;
}

static int merge(const char *const *keys, const char *const *refs, struct odp_error *err)
{
    struct arr ka = {keys, 0}, ra = {refs, 0};
    struct release_keys_stream ks = {arr_next, &ka}, rs = {arr_next, &ra};
    memset(err, 0, sizeof(*err));
    return release_keys_merge("facts", "fact_id", &ks, refs ? &rs : NULL, err);
}

static void unique_keys_and_resolved_references_pass(void **state)
{
    (void)state;
    struct odp_error err;
    const char *keys[] = {"D/p1-a#t1/r1c1", "http://h/p1/a", "D/p1-a#t1/r1c2", "http://h/p1/a",
                          "D/p2-a#t1/r1c1", "http://h/p2/a", NULL};
    const char *refs[] = {"D/p1-a#t1/r1c2", "indicators\tfact_id\thttp://h/p1/a",
                          "D/p1-a#t1/r1c2", "checks\tstated_fact_id\thttp://h/p1/a",
                          "D/p2-a#t1/r1c1", "budget_lines\tfact_id\thttp://h/p2/a", NULL};
    assert_int_equal(merge(keys, refs, &err), 0);
    assert_int_equal(merge(keys, NULL, &err), 0);
    const char *none[] = {NULL};
    assert_int_equal(merge(none, none, &err), 0);
}

static void a_key_twice_names_both_urls(void **state)
{
    (void)state;
    struct odp_error err;
    const char *keys[] = {"D/a#t1/r1c1", "http://h/p1/a", "D/a#t1/r1c1", "http://h/p2/a",
                          "D/b#t1/r1c1", "http://h/p3/b", NULL};
    assert_int_equal(merge(keys, NULL, &err), ODP_EINVAL);
    assert_string_equal(err.msg,
                        "facts: fact_id \"D/a#t1/r1c1\" twice: http://h/p1/a and http://h/p2/a");
    /* the last two */
    const char *last[] = {"a", "u1", "b", "u2", "b", "u3", NULL};
    assert_int_equal(merge(last, NULL, &err), ODP_EINVAL);
    assert_string_equal(err.msg, "facts: fact_id \"b\" twice: u2 and u3");
}

static void a_dangling_reference_is_named_with_its_url(void **state)
{
    (void)state;
    struct odp_error err;
    const char *keys[] = {"b", "u1", "d", "u2", NULL};
    /* before the first key */
    const char *r1[] = {"a", "indicators\tfact_id\thttp://h/p9/x", NULL};
    assert_int_equal(merge(keys, r1, &err), ODP_EINVAL);
    assert_string_equal(err.msg, "indicators: fact_id \"a\" names no row of facts: http://h/p9/x");
    /* between two keys, after a resolved one */
    const char *r2[] = {"b", "checks\tstated_fact_id\tu1", "c", "checks\tstated_fact_id\tu7", NULL};
    assert_int_equal(merge(keys, r2, &err), ODP_EINVAL);
    assert_string_equal(err.msg, "checks: stated_fact_id \"c\" names no row of facts: u7");
    /* after the last key; a prefix of a key is not the key */
    const char *r3[] = {"d", "x\ty\tu", "dd", "budget_lines\tfact_id\tu8", NULL};
    assert_int_equal(merge(keys, r3, &err), ODP_EINVAL);
    assert_string_equal(err.msg, "budget_lines: fact_id \"dd\" names no row of facts: u8");
    /* no keys at all */
    const char *none[] = {NULL};
    assert_int_equal(merge(none, r1, &err), ODP_EINVAL);
}

static void a_composite_key_is_shown_with_its_parts(void **state)
{
    (void)state;
    struct odp_error err;
    const char *keys[] = {"D/p1-a\t1", "u1", "D/p1-a\t1", "u2", NULL};
    struct arr ka = {keys, 0};
    struct release_keys_stream ks = {arr_next, &ka};
    assert_int_equal(release_keys_merge("sections", "page_id, ordinal", &ks, NULL, &err),
                     ODP_EINVAL);
    assert_string_equal(err.msg, "sections: page_id, ordinal \"D/p1-a, 1\" twice: u1 and u2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unique_keys_and_resolved_references_pass),
        cmocka_unit_test(a_key_twice_names_both_urls),
        cmocka_unit_test(a_dangling_reference_is_named_with_its_url),
        cmocka_unit_test(a_composite_key_is_shown_with_its_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
