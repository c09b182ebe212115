// SPDX-License-Identifier: AGPL-3.0-or-later
/* UUIDv7, random tokens and digests over libsodium; see ids.h. */
#include "core/ids.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int rics_ids_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void uuid7_format(int64_t ms, int counter, char out[RICS_UUID_LEN])
{
	unsigned char b[16];
	uint64_t t = (uint64_t)ms;

	randombytes_buf(b + 6, 10);
	if (counter >= 0) {
		b[6] = (unsigned char)(counter >> 8);
		b[7] = (unsigned char)counter;
	}
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(t >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f)); /* version 7 */
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f)); /* RFC 9562 variant */
	snprintf(out, RICS_UUID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		 b[11], b[12], b[13], b[14], b[15]);
}

void rics_uuid7(int64_t ms, char out[RICS_UUID_LEN])
{
	uuid7_format(ms, -1, out);
}

void rics_uuid7_next(struct rics_uuid7_gen *g, int64_t ms, char out[RICS_UUID_LEN])
{
	if (ms > g->last_ms) {
		g->last_ms = ms;
		g->counter = 0;
	} else if (++g->counter > 0xfff) {
		/* 4096 ids in one millisecond: borrow the next one */
		g->last_ms++;
		g->counter = 0;
	}
	uuid7_format(g->last_ms, (int)g->counter, out);
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool rics_uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!is_hex(s[i])) {
			return false;
		}
	}
	return s[36] == '\0';
}

int64_t rics_uuid7_time(const char *s)
{
	int64_t t = 0;
	if (!rics_uuid_valid(s) || s[14] != '7')
		return -1;
	for (int i = 0; i < 13; i++) {
		char c = s[i];
		if (c == '-')
			continue;
		t = t * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return t;
}

void rics_random_token(char out[RICS_TOKEN_LEN])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2base64(out, RICS_TOKEN_LEN, b, sizeof b,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof b);
}

void rics_sha256_hex(const void *data, size_t n, char out[RICS_SHA256_HEX_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, RICS_SHA256_HEX_LEN, h, sizeof h);
}

bool rics_secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}
