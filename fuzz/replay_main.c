/*
 * replay_main.c: a main for a fuzz target (fuzz_NAME.c) built without
 * libFuzzer, by the ordinary compiler in every test build: it feeds each file
 * named on the command line (a directory: each file in it) to
 * LLVMFuzzerTestOneInput once. A finding aborts (the targets abort on a
 * broken property; ASan and UBSan do on memory errors and undefined
 * behaviour in the sanitizer build). It exits 1 when it replayed no file at
 * all, so a test whose inputs went missing does not pass. It does not fuzz:
 * fuzz/run.sh does.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long replayed;

static int replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    size_t cap = 4096, len = 0, n;
    unsigned char *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    int bad = !buf || ferror(fp);
    fclose(fp);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        return -1;
    }
    /* exactly the file's bytes, as libFuzzer hands them: no terminator */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    replayed++;
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st)) {
            fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            rc = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            rc |= replay_file(argv[i]) != 0;
            continue;
        }
        struct dirent **names;
        int n = scandir(argv[i], &names, NULL, alphasort);
        for (int k = 0; k < n; k++) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]->d_name);
            if (names[k]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode))
                rc |= replay_file(path) != 0;
            free(names[k]);
        }
        free(n >= 0 ? names : NULL);
    }
    printf("%ld inputs replayed\n", replayed);
    return rc || replayed == 0;
}
