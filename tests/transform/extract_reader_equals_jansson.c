/*
 * extract_reader_equals_jansson.c: the extract reader's records are
 * json_loadb()'s, value for value (types, key order, duplicate keys, escapes,
 * numbers), and a bad line gives jansson's own error text. Checked on lines
 * written by hand for each case the fast parser takes or hands on, on
 * random mutations of them (bytes changed, cut short), and on the files
 * given (e.g. every extract output of the bench corpus):
 *
 *   extract_reader_equals_jansson [FILE.jsonl...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_reader.h"

static size_t compared, failures;

/* Both readers over the same text, line by line. */
static void compare_text(const char *text, size_t len, const char *what)
{
    FILE *a = fmemopen((void *)text, len, "r");
    struct extract_reader r = EXTRACT_READER_INIT;
    struct odp_error e1 = {0};
    extract_reader_load(&r, a, what, &e1);
    fclose(a);
    /* jansson, line by line: getline, skip empty lines */
    FILE *b = fmemopen((void *)text, len, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    for (;;) {
        json_t *want = NULL;
        char want_err[600] = "";
        while ((n = getline(&line, &cap, b)) >= 0) {
            lineno++;
            if (n == 0 || line[0] == '\n')
                continue;
            json_error_t je;
            want = json_loadb(line, (size_t)n, 0, &je);
            if (!want)
                snprintf(want_err, sizeof(want_err), "%s:%ld: %s", what, lineno, je.text);
            break;
        }
        int at_end = n < 0;
        struct odp_error e = {0};
        json_t *got = extract_reader_next(&r, &e);
        compared++;
        char *ws = want ? json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        char *gs = got ? json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        int same = (!ws && !gs) || (ws && gs && !strcmp(ws, gs) && json_equal(want, got));
        if (!got && !want)
            same = !strcmp(e.code ? e.msg : "", want_err);
        if (!same) {
            if (failures++ < 20)
                printf("DIFFER (%s, line %ld): jansson %s [%s], reader %s [%s]\n", what, lineno,
                       ws ? ws : "NULL", want_err, gs ? gs : "NULL", e.code ? e.msg : "");
        }
        free(ws);
        free(gs);
        json_decref(want);
        json_decref(got);
        if (at_end || (!got && e.code) || (!want && want_err[0]))
            break;
    }
    free(line);
    fclose(b);
    extract_reader_release(&r);
}

static const char *lines[] = {
    "{\"type\":\"page\",\"title\":\"Programma 1: Bestuur\",\"n\":7,\"neg\":-12,\"z\":0,\"b\":true,"
    "\"f\":false,\"x\":null,\"a\":[],\"o\":{},\"nested\":[[1,2,\"3\"],{\"k\":[null]}]}\n",
    "  { \"spaced\" : [ 1 , 2 ] ,\t\"r\" : \"\\r\" }  \r\n",
    "{\"esc\":\"q\\\"b\\\\s\\/b\\bf\\fn\\nr\\rt\\t\",\"u\":\"\\u00e9\\u20ac\\u0041\\u0001\"}\n",
    "{\"pair\":\"\\ud83d\\ude00\",\"lone\":1}\n",
    "{\"lone\":\"\\ud83d\"}\n",
    "{\"nul\":\"a\\u0000b\"}\n",
    "{\"dup\":1,\"k\":2,\"dup\":\"second\"}\n",
    "{\"k\\u00e9y\":1,\"k\\\"q\":2}\n",
    "{\"real\":1.5,\"exp\":1e3,\"negexp\":-2.5E-3}\n",
    "{\"big\":123456789012345678,\"bigger\":1234567890123456789,\"huge\":99999999999999999999}\n",
    "{\"neg0\":-0,\"lead\":01}\n",
    "{\"word\":truex}\n",
    "{\"word\":nul}\n",
    "{\"trailing\":1} x\n",
    "{\"trailing\":1},\n",
    "{\"unterminated\":\"abc\n",
    "{\"ctrl\":\"a\tb\"}\n",
    "{\"utf8\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}\n",
    "{\"bad\":\"\xc3\x28\"}\n",
    "{\"overlong\":\"\xc0\xaf\"}\n",
    "{\"surrogate\":\"\xed\xa0\x80\"}\n",
    "[1,2,3]\n",
    "\"top-level string\"\n",
    "42\n",
    "   \n",
    "\n",
    "{\"missing\" 1}\n",
    "{\"comma\":1,}\n",
    "[1,]\n",
    "{,}\n",
    "{\"a\":-}\n",
    "{\"a\":\"\\x\"}\n",
    "{\"a\":\"\\u12G4\"}\n",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]"
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
    "{\"no newline at the end\":true}",
};

int main(int argc, char **argv)
{
    size_t nlines = sizeof(lines) / sizeof(lines[0]);
    /* each line alone, then all of them in one file */
    struct strbuf all = STRBUF_INIT;
    for (size_t i = 0; i < nlines; i++) {
        compare_text(lines[i], strlen(lines[i]), "line");
        strbuf_addstr(&all, lines[i]);
    }
    compare_text(all.buf, all.len, "all");
    /* mutations: a byte replaced by one of the characters that matter, or the line cut */
    static const char subst[] = "{}[]\",:\\u0-1e.tn \n\x01\xc3\xff";
    unsigned long long rng = 0x2545F4914F6CDD1DULL;
    struct strbuf m = STRBUF_INIT;
    for (int k = 0; k < 20000; k++) {
        const char *src = lines[k % nlines];
        size_t len = strlen(src);
        strbuf_reset(&m);
        strbuf_add(&m, src, len);
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        size_t at = len ? (size_t)(rng % len) : 0;
        if ((rng >> 32) % 5 == 0)
            strbuf_setlen(&m, at);
        else if (len)
            m.buf[at] = subst[(rng >> 40) % (sizeof(subst) - 1)];
        compare_text(m.buf, m.len, "mutation");
    }
    strbuf_release(&m);
    strbuf_release(&all);
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "r");
        if (!fp) {
            printf("%s: cannot open\n", argv[i]);
            return 1;
        }
        struct strbuf text = STRBUF_INIT;
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
            strbuf_add(&text, buf, n);
        fclose(fp);
        compare_text(text.buf, text.len, argv[i]);
        strbuf_release(&text);
    }
    printf("%zu records compared, %zu differ\n", compared, failures);
    return failures != 0 || compared < 20000;
}
