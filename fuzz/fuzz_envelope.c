// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for what a peer sends to /fed/v1/inbox: a delivery batch and
 * the envelopes in it (exchange/exchange.h), read by exchange_batch_sender,
 * exchange_batch_verify, exchange_peek and exchange_open before anything is
 * trusted.
 *
 * Besides memory safety it checks the contract: an input this target did
 * not sign with the sender's key is never accepted, so a batch verifies and
 * an envelope opens only if its signature is the sender's; what opens is an
 * object. The keys come from fixed seeds, so the seed corpus can hold
 * batches and envelopes that do verify and open (made by `gen` below), and
 * the mutations start from real ones.
 */
#include "fuzz.h"

#include "core/error.h"
#include "exchange/exchange.h"

#include <sodium.h>
#include <string.h>

#define SELF_ID "0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69"
#define SENDER_ID "0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a70"
#define NOW_MS INT64_C(1795000000000)

static void keys_from_seed(unsigned char fill, struct exchange_keys *k)
{
	unsigned char seed[32];
	memset(seed, fill, sizeof seed);
	crypto_sign_seed_keypair(k->sign_pk, k->sign_sk, seed);
	crypto_box_seed_keypair(k->box_pk, k->box_sk, seed);
}

static void open_envelope(const struct exchange_keys *self, json_t *env,
			  const unsigned char sender_pk[EXCHANGE_PK_LEN])
{
	json_t *hdr = NULL, *content = NULL;
	if (exchange_peek(env, &hdr) == 0)
		FUZZ_CHECK(json_is_object(hdr), "a peeked header that is not an object");
	json_decref(hdr);
	hdr = NULL;
	if (exchange_open(self, SELF_ID, env, sender_pk, &hdr, &content) == 0) {
		FUZZ_CHECK(json_is_object(hdr) && json_is_object(content),
			   "an opened envelope without header or content");
		json_decref(hdr);
		json_decref(content);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exchange_keys self, sender, stranger;
	struct exchange_batch_info info;
	char who[RICS_UUID_LEN];
	json_t *in, *env;
	size_t i;

	if (sodium_init() < 0)
		return 0;
	keys_from_seed(1, &self);
	keys_from_seed(2, &sender);
	keys_from_seed(3, &stranger);
	in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!in)
		return 0;
	(void)exchange_batch_sender(in, who);
	/* nobody but the sender's key signs: the stranger's never verifies */
	FUZZ_CHECK(exchange_batch_verify(in, SELF_ID, stranger.sign_pk, NOW_MS, 300000, &info) != 0,
		   "a batch verified under a key that did not sign it");
	(void)exchange_batch_verify(in, SELF_ID, sender.sign_pk, NOW_MS, 300000, &info);
	json_array_foreach(json_object_get(in, "envelopes"), i, env) {
		json_t *hdr = NULL, *content = NULL;
		FUZZ_CHECK(exchange_open(&self, SELF_ID, env, stranger.sign_pk, &hdr, &content) != 0,
			   "an envelope opened under a key that did not sign it");
		open_envelope(&self, env, sender.sign_pk);
	}
	open_envelope(&self, in, sender.sign_pk);
	json_decref(in);
	return 0;
}
