/*
 * ascii8.h: text eight bytes at a time, for the scans that copy or fold long
 * runs of plain ASCII (text_normalise, the legend fold, the JSON codec's
 * string reader and writer): a 64-bit word is read with memcpy, tested at
 * once, and its plain bytes taken together. The one place these bit tricks
 * are written; it does not scan by itself (each caller has its own loop).
 */
#ifndef ODP_ASCII8_H
#define ODP_ASCII8_H

#include <stdint.h>

/* The bytes of x (eight bytes of text read from memory with memcpy)
 * that are not 0x21..0x7F, printable ASCII (none of it space-like, removable
 * or NFC-relevant), have their high bit set in the result; 0 when there is
 * none. A byte below 0x21 borrows into its high bit, and the borrow may also
 * flag plain bytes of higher significance, never a lower one. */
static inline uint64_t ascii8_not_plain(uint64_t x)
{
    return (x | ((x - 0x2121212121212121ULL) & ~x)) & 0x8080808080808080ULL;
}

/* The same for the bytes a JSON string holds as they are: flags those below
 * 0x20 or of 0x80 and above, and '"' and '\\' (the same borrows apply). */
static inline uint64_t ascii8_not_json_plain(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return (x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

/* The same for the bytes a JSON string writer must escape: those below 0x20,
 * '"' and '\\' (UTF-8 is written as it is, so 0x80 and above pass). */
static inline uint64_t ascii8_json_escape(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

/* Whether any of the eight bytes is 0x80 or above (not ASCII). */
static inline uint64_t ascii8_high(uint64_t x)
{
    return x & 0x8080808080808080ULL;
}

/* The number of plain bytes that either mask (!= 0) says
 * come first in memory. On a big-endian machine a borrow may flag a plain
 * byte before the bad one: fewer are then taken, slower but never wrong, so
 * callers treat the byte after them as possibly plain. */
static inline int ascii8_plain_prefix(uint64_t mask)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return __builtin_ctzll(mask) >> 3;
#else
    return __builtin_clzll(mask) >> 3;
#endif
}

#endif
