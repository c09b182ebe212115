/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Helpers shared by the exchange's own files; not part of its contract. */
#ifndef RICS_EXCHANGE_INT_H
#define RICS_EXCHANGE_INT_H

#include "exchange/exchange.h"

/* {signed_key: the compact JSON text of obj, "sig": its Ed25519 signature} */
json_t *exchange_signed_pair(const struct exchange_keys *self, const char *signed_key,
			     json_t *obj);
/* pair[signed_key] parsed as a JSON object, unverified; *text borrows pair. */
int exchange_signed_text(json_t *pair, const char *signed_key, const char **text, json_t **obj);
/* 0 if pair's "sig" is pk's signature of text; RICS_E_UNAUTHORIZED if not. */
int exchange_verify_pair(json_t *pair, const char *text, const unsigned char pk[EXCHANGE_PK_LEN]);

/* Write a new file (0600, never over an existing one) holding buf; on a
 * failure nothing is left behind. */
int exchange_write_secret(const char *path, const unsigned char *buf, size_t n);

#endif
