/*
 * sha256.h: SHA-256 as lowercase hex, through OpenSSL's libcrypto.
 */
#ifndef ODP_SHA256_H
#define ODP_SHA256_H

#include <stddef.h>

#include "error.h"

#define SHA256_HEX_LEN 64

/* out receives 64 hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);
/* Hash a whole file; returns an odp_code. */
int sha256_file_hex(const char *path, char out[SHA256_HEX_LEN + 1], long long *size,
                    struct odp_error *err);

#endif
