/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Identifiers and secrets: UUIDv7 record ids (time-ordered, unique across
 * nodes without coordination), random tokens and SHA-256 digests, all over
 * libsodium's CSPRNG and primitives.
 */
#ifndef RICS_CORE_IDS_H
#define RICS_CORE_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RICS_UUID_LEN 37 /* 36 characters + NUL */

/* Call once before any other function here (libsodium's sodium_init). */
int rics_ids_init(void);

/* A new UUIDv7 for the time ms, lower-case canonical form. */
void rics_uuid7(int64_t ms, char out[RICS_UUID_LEN]);

/*
 * Monotonic UUIDv7s (RFC 9562 section 6.2, method 1): ids made by one
 * generator sort in the order they were made, also within one millisecond
 * (a 12-bit counter in rand_a) and if the clock steps back. Not thread-safe:
 * one generator per thread, or a lock around it.
 */
struct rics_uuid7_gen {
	int64_t last_ms;
	unsigned counter;
};
void rics_uuid7_next(struct rics_uuid7_gen *g, int64_t ms, char out[RICS_UUID_LEN]);

/* True if s is a canonical lower- or upper-case UUID (any version). */
bool rics_uuid_valid(const char *s);

/* The millisecond timestamp of a UUIDv7, or -1 if s is not one. */
int64_t rics_uuid7_time(const char *s);

#define RICS_TOKEN_LEN 44 /* 32 random bytes, base64url without padding, + NUL */

/* A new secret of 32 random bytes, base64url-encoded. */
void rics_random_token(char out[RICS_TOKEN_LEN]);

#define RICS_SHA256_HEX_LEN 65

/* Lower-case hex SHA-256 of data. */
void rics_sha256_hex(const void *data, size_t n, char out[RICS_SHA256_HEX_LEN]);

/* Constant-time comparison of two NUL-terminated strings of equal length. */
bool rics_secret_equal(const char *a, const char *b);

#endif
