/*
 * test_atomic_file.c: files appear whole or not at all. atomic_write creates or
 * replaces a file; an aborted atomic_file leaves the old file and no temporary
 * file behind. Also SHA-256 (lowercase hex) of memory and of a file, checked
 * against the FIPS 180-2 test vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "sha256.h"

struct tmpdir {
    char dir[64];
    char file[128];
};

static int setup(void **state)
{
    struct tmpdir *t = calloc(1, sizeof(*t));
    if (!t)
        return -1;
    strcpy(t->dir, "/tmp/odp-test-atomic-XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    snprintf(t->file, sizeof(t->file), "%s/out.txt", t->dir);
    *state = t;
    return 0;
}

/* Remove every entry of the directory, then the directory. */
static int teardown(void **state)
{
    struct tmpdir *t = *state;
    DIR *d = opendir(t->dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof(p), "%s/%s", t->dir, e->d_name);
            unlink(p);
        }
    }
    if (d)
        closedir(d);
    rmdir(t->dir);
    free(t);
    return 0;
}

static void assert_file_holds(const char *path, const char *expected)
{
    char buf[256] = "";
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    assert_int_equal(n, strlen(expected));
    assert_string_equal(buf, expected);
}

/* Names in dir other than . and .., joined by spaces in directory order. */
static int count_entries(const char *dir, char *names, size_t cap)
{
    int n = 0;
    names[0] = '\0';
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        strncat(names, e->d_name, cap - strlen(names) - 2);
        strcat(names, " ");
    }
    closedir(d);
    return n;
}

static void atomic_write_creates_file_with_content(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    assert_int_equal(atomic_write(t->file, "hello\n", 6, &err), ODP_OK);
    assert_file_holds(t->file, "hello\n");
    char names[256];
    assert_int_equal(count_entries(t->dir, names, sizeof(names)), 1);
    assert_string_equal(names, "out.txt ");
}

static void atomic_write_replaces_old_content(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    assert_int_equal(atomic_write(t->file, "old old old", 11, &err), ODP_OK);
    assert_int_equal(atomic_write(t->file, "new", 3, &err), ODP_OK);
    assert_file_holds(t->file, "new");
}

static void atomic_write_of_nothing_makes_empty_file(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    assert_int_equal(atomic_write(t->file, "", 0, &err), ODP_OK);
    assert_file_holds(t->file, "");
}

static void atomic_write_into_missing_directory_fails(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    char path[160];
    snprintf(path, sizeof(path), "%s/no-such-dir/out.txt", t->dir);
    assert_int_equal(atomic_write(path, "x", 1, &err), ODP_EIO);
    assert_int_equal(err.code, ODP_EIO);
    assert_true(strlen(err.msg) > 0);
}

static void aborted_file_leaves_old_file_and_no_temp(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    struct atomic_file af;
    char names[256], tmpname[64];
    assert_int_equal(atomic_write(t->file, "old", 3, &err), ODP_OK);

    assert_int_equal(atomic_file_open(&af, t->file, &err), ODP_OK);
    fputs("half-written new content", af.fp);
    fflush(af.fp);
    /* while open, the data goes to ".NAME.tmp.PID" beside the target */
    snprintf(tmpname, sizeof(tmpname), ".out.txt.tmp.%ld", (long)getpid());
    assert_int_equal(count_entries(t->dir, names, sizeof(names)), 2);
    assert_non_null(strstr(names, tmpname));
    assert_file_holds(t->file, "old");

    atomic_file_abort(&af);
    assert_file_holds(t->file, "old");
    assert_int_equal(count_entries(t->dir, names, sizeof(names)), 1);
    assert_string_equal(names, "out.txt ");
}

static void aborted_new_file_never_appears(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    struct atomic_file af;
    char names[256];
    assert_int_equal(atomic_file_open(&af, t->file, &err), ODP_OK);
    fputs("never", af.fp);
    atomic_file_abort(&af);
    assert_int_equal(count_entries(t->dir, names, sizeof(names)), 0);
}

static void commit_puts_file_in_place(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    struct atomic_file af;
    char names[256];
    assert_int_equal(atomic_file_open(&af, t->file, &err), ODP_OK);
    fputs("line 1\nline 2\n", af.fp);
    assert_int_equal(atomic_file_commit(&af, &err), ODP_OK);
    assert_file_holds(t->file, "line 1\nline 2\n");
    assert_int_equal(count_entries(t->dir, names, sizeof(names)), 1);
}

static void sha256_of_abc(void **state)
{
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void sha256_of_empty_input(void **state)
{
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void sha256_of_file_matches_and_gives_size(void **state)
{
    struct tmpdir *t = *state;
    struct odp_error err = {0};
    char hex[SHA256_HEX_LEN + 1];
    long long size = -1;
    assert_int_equal(atomic_write(t->file, "abc", 3, &err), ODP_OK);
    assert_int_equal(sha256_file_hex(t->file, hex, &size, &err), ODP_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(size, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(atomic_write_creates_file_with_content, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_write_replaces_old_content, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_write_of_nothing_makes_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_write_into_missing_directory_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(aborted_file_leaves_old_file_and_no_temp, setup, teardown),
        cmocka_unit_test_setup_teardown(aborted_new_file_never_appears, setup, teardown),
        cmocka_unit_test_setup_teardown(commit_puts_file_in_place, setup, teardown),
        cmocka_unit_test(sha256_of_abc),
        cmocka_unit_test(sha256_of_empty_input),
        cmocka_unit_test_setup_teardown(sha256_of_file_matches_and_gives_size, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
