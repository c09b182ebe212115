// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * exchange_seal: the ceiling for the exchange benchmark. How many envelopes
 * like the ones ricsd sends (a 1 KB body, one recipient, sealed and signed
 * by exchange_seal, then written out as the compact JSON that goes into the
 * outbox) one thread makes per second, with no store and no network: what
 * libsodium and the envelope format cost by themselves.
 *
 * usage: exchange_seal SECONDS
 * Prints: exchange_seal: sealed=N seconds=S rate=R envelopes/s bytes=B
 */
#include "core/ids.h"
#include "exchange/exchange.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SELF "019a0000-0000-7000-8000-00000000000a"
#define PEER "019a0000-0000-7000-8000-00000000000b"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One envelope as api_messages.c makes it; its length, or 0 on failure. */
static size_t seal_one(const struct exchange_keys *self, const struct exchange_recipient *to,
		       json_t *content, unsigned long n)
{
	char id[RICS_UUID_LEN], *text;
	json_t *hdr, *env = NULL;
	size_t len = 0;

	rics_uuid7((int64_t)n, id);
	hdr = json_pack("{ss s[s] ss ss si}", "id", id, "recipients", PEER, "created",
			"2026-11-29T05:00:00.000Z", "type", "notice", "classification", 0);
	if (hdr && !exchange_seal(self, SELF, hdr, content, to, 1, &env) &&
	    (text = json_dumps(env, JSON_COMPACT))) {
		len = strlen(text);
		free(text);
	}
	json_decref(hdr);
	json_decref(env);
	return len;
}

int main(int argc, char **argv)
{
	struct exchange_keys self, peer;
	struct exchange_recipient to = { PEER, { 0 } };
	char body[1025];
	double secs = argc == 2 ? atof(argv[1]) : 0, start, took;
	unsigned long n = 0;
	size_t bytes = 0;
	json_t *content;

	if (secs <= 0) {
		fprintf(stderr, "usage: exchange_seal SECONDS\n");
		return 2;
	}
	if (sodium_init() < 0 || rics_ids_init())
		return 1;
	crypto_sign_keypair(self.sign_pk, self.sign_sk);
	crypto_box_keypair(self.box_pk, self.box_sk);
	crypto_sign_keypair(peer.sign_pk, peer.sign_sk);
	crypto_box_keypair(peer.box_pk, peer.box_sk);
	memcpy(to.box_pk, peer.box_pk, sizeof to.box_pk);
	memset(body, 'x', sizeof body - 1);
	body[sizeof body - 1] = '\0';
	content = json_pack("{ss ss ss s[s] s[s]}", "type", "notice", "subject", "bench",
			    "body", body, "recipients", PEER, "releasable_countries", "KG");
	start = now_s();
	do {
		if (!(bytes = seal_one(&self, &to, content, ++n)))
			return 1;
	} while ((took = now_s() - start) < secs);
	printf("exchange_seal: sealed=%lu seconds=%.3f rate=%.0f envelopes/s bytes=%zu\n", n, took,
	       n / took, bytes);
	json_decref(content);
	exchange_keys_wipe(&self);
	exchange_keys_wipe(&peer);
	return 0;
}
