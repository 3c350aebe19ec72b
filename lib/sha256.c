/* sha256.c: see sha256.h. */
#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

static void to_hex(const unsigned char *md, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1])
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
    to_hex(md, out);
}

int sha256_file_hex(const char *path, char out[SHA256_HEX_LEN + 1], long long *size,
                    struct odp_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return odp_error_set(err, ODP_EIO, "%s: cannot open: %s", path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    unsigned char buf[65536];
    size_t n;
    long long total = 0;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
        EVP_DigestUpdate(ctx, buf, n);
        total += (long long)n;
    }
    int bad = ferror(fp);
    fclose(fp);
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    if (bad)
        return odp_error_set(err, ODP_EIO, "%s: read failed", path);
    to_hex(md, out);
    if (size)
        *size = total;
    return ODP_OK;
}
