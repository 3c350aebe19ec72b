/*
 * test_strbuf.c: the growable byte buffer: appending (add, addstr, addch, addf),
 * growing, trimming, detaching and releasing, and JSON string escaping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>


#include "strbuf.h"

static void init_is_empty_and_nul_terminated(void **state)
{
    struct strbuf a = STRBUF_INIT, b;
    strbuf_init(&b, 100);
    assert_non_null(a.buf);
    assert_string_equal(a.buf, "");
    assert_int_equal(a.len, 0);
    assert_string_equal(b.buf, "");
    assert_int_equal(b.len, 0);
    assert_true(b.alloc >= 101);
    strbuf_release(&a);
    strbuf_release(&b);
}

static void add_appends_bytes(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, "abc", 3);
    strbuf_addstr(&sb, "def");
    strbuf_addch(&sb, 'g');
    assert_string_equal(sb.buf, "abcdefg");
    assert_int_equal(sb.len, 7);
    strbuf_release(&sb);
}

static void add_keeps_embedded_nul(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, "a\0b", 3);
    assert_int_equal(sb.len, 3);
    assert_memory_equal(sb.buf, "a\0b", 4); /* and the terminating NUL */
    strbuf_release(&sb);
}

static void addf_formats_and_appends(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "[");
    strbuf_addf(&sb, "%s=%d", "x", 42);
    strbuf_addf(&sb, "%c", ']');
    assert_string_equal(sb.buf, "[x=42]");
    assert_int_equal(sb.len, 6);
    strbuf_release(&sb);
}

static void addf_grows_past_the_first_allocation(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "n:");
    strbuf_addf(&sb, "%0300d", 7); /* 299 zeros and a 7 */
    assert_int_equal(sb.len, 302);
    assert_int_equal(strlen(sb.buf), 302);
    assert_memory_equal(sb.buf, "n:000", 5);
    assert_int_equal(sb.buf[301], '7');
    strbuf_release(&sb);
}

static void many_single_bytes(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 10000; i++)
        strbuf_addch(&sb, 'a' + i % 26);
    assert_int_equal(sb.len, 10000);
    assert_int_equal(sb.buf[10000], '\0');
    assert_int_equal(sb.buf[0], 'a');
    assert_int_equal(sb.buf[9999], 'a' + 9999 % 26);
    strbuf_release(&sb);
}

static void grow_reserves_room_and_keeps_content(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "keep");
    strbuf_grow(&sb, 1000);
    assert_true(sb.alloc >= 4 + 1000 + 1);
    assert_int_equal(sb.len, 4);
    assert_string_equal(sb.buf, "keep");
    strbuf_release(&sb);
}

static void reset_empties(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "something");
    strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    strbuf_addstr(&sb, "new");
    assert_string_equal(sb.buf, "new");
    strbuf_release(&sb);
}

#define assert_trims_to(in, expected)                                                      \
    do {                                                                                   \
        struct strbuf sb_ = STRBUF_INIT;                                                   \
        strbuf_addstr(&sb_, (in));                                                         \
        strbuf_trim(&sb_);                                                                 \
        assert_string_equal(sb_.buf, (expected));                                          \
        assert_int_equal(sb_.len, strlen(expected));                                       \
        strbuf_release(&sb_);                                                              \
    } while (0)

static void trim_removes_ascii_whitespace_at_both_ends(void **state)
{
    assert_trims_to("  \t hello  world \n\r", "hello  world");
    assert_trims_to("x", "x");
    assert_trims_to("   ", "");
    assert_trims_to("", "");
}

static void detach_hands_over_the_buffer(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t len = 0;
    strbuf_addstr(&sb, "owned");
    char *p = strbuf_detach(&sb, &len);
    assert_string_equal(p, "owned");
    assert_int_equal(len, 5);
    assert_int_equal(sb.len, 0); /* the strbuf is empty and usable again */
    assert_string_equal(sb.buf, "");
    assert_ptr_not_equal(sb.buf, p);
    free(p);
    strbuf_release(&sb);
}

static void detach_of_empty_buffer_is_freeable(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    char *p = strbuf_detach(&sb, NULL);
    assert_non_null(p);
    assert_string_equal(p, "");
    assert_ptr_not_equal(p, strbuf_slopbuf);
    free(p);
}

static void release_leaves_an_empty_buffer(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "gone");
    strbuf_release(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    strbuf_addstr(&sb, "again");
    assert_string_equal(sb.buf, "again");
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_is_empty_and_nul_terminated),
        cmocka_unit_test(add_appends_bytes),
        cmocka_unit_test(add_keeps_embedded_nul),
        cmocka_unit_test(addf_formats_and_appends),
        cmocka_unit_test(addf_grows_past_the_first_allocation),
        cmocka_unit_test(many_single_bytes),
        cmocka_unit_test(grow_reserves_room_and_keeps_content),
        cmocka_unit_test(reset_empties),
        cmocka_unit_test(trim_removes_ascii_whitespace_at_both_ends),
        cmocka_unit_test(detach_hands_over_the_buffer),
        cmocka_unit_test(detach_of_empty_buffer_is_freeable),
        cmocka_unit_test(release_leaves_an_empty_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
