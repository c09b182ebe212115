// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Batches: what one delivery attempt POSTs to a peer's inbox. The batch
 * header, signed afresh on every attempt, carries the time it was sent and
 * a nonce: the receiver refuses a batch outside its time window or seen
 * before, while the envelopes inside may be days old (store and forward).
 * The header lists the ids of the envelopes it carries, so envelopes cannot
 * be added to or dropped from a captured batch.
 */
#include "exchange/exchange_int.h"

#include "core/error.h"

#include <errno.h>

#include <sodium.h>
#include <string.h>

static json_t *envelope_ids(json_t *envelopes)
{
	json_t *ids = json_array(), *env, *h;
	size_t i;

	if (!ids || !json_is_array(envelopes))
		goto fail;
	json_array_foreach(envelopes, i, env) {
		if (exchange_peek(env, &h))
			goto fail;
		json_array_append(ids, json_object_get(h, "id"));
		json_decref(h);
	}
	return ids;
fail:
	json_decref(ids);
	return NULL;
}

int exchange_batch_make(const struct exchange_keys *self, const char *sender_id,
			const char *to_id, int64_t sent_at_ms, json_t *envelopes, json_t **out)
{
	char nonce[RICS_TOKEN_LEN];
	json_t *ids = envelope_ids(envelopes), *hdr = NULL, *batch = NULL;
	int rc = RICS_E_INVALID;

	if (!ids)
		goto out;
	rics_random_token(nonce);
	rc = -ENOMEM;
	hdr = json_pack("{ss ss sI ss sO}", "sender", sender_id, "to", to_id, "sent_at",
			(json_int_t)sent_at_ms, "nonce", nonce, "ids", ids);
	if (!hdr || !(batch = exchange_signed_pair(self, "header", hdr)))
		goto out;
	if (json_object_set(batch, "envelopes", envelopes))
		goto out;
	*out = batch;
	batch = NULL;
	rc = 0;
out:
	json_decref(ids);
	json_decref(hdr);
	json_decref(batch);
	return rc;
}

int exchange_batch_sender(json_t *batch, char out[RICS_UUID_LEN])
{
	const char *text, *sender;
	json_t *hdr;
	int rc = exchange_signed_text(batch, "header", &text, &hdr);
	if (rc)
		return rc;
	sender = json_string_value(json_object_get(hdr, "sender"));
	rc = sender && strlen(sender) < RICS_UUID_LEN ? 0 : RICS_E_MALFORMED;
	if (!rc)
		snprintf(out, RICS_UUID_LEN, "%s", sender);
	json_decref(hdr);
	return rc;
}

static int check_header(json_t *batch, json_t *hdr, const char *self_id, int64_t now_ms,
			int64_t window_ms)
{
	json_t *ids = envelope_ids(json_object_get(batch, "envelopes"));
	const char *to = json_string_value(json_object_get(hdr, "to"));
	json_t *sent = json_object_get(hdr, "sent_at");
	int64_t skew;
	int rc = 0;

	if (!ids || !json_is_integer(sent) || !json_is_string(json_object_get(hdr, "nonce")) ||
	    !json_equal(ids, json_object_get(hdr, "ids")))
		rc = RICS_E_MALFORMED;
	else if (!to || strcmp(to, self_id))
		rc = RICS_E_UNAUTHORIZED;
	skew = now_ms - (int64_t)json_integer_value(sent);
	if (!rc && (skew > window_ms || skew < -window_ms))
		rc = RICS_E_FORBIDDEN;
	json_decref(ids);
	return rc;
}

int exchange_batch_verify(json_t *batch, const char *self_id,
			  const unsigned char sender_sign_pk[EXCHANGE_PK_LEN], int64_t now_ms,
			  int64_t window_ms, struct exchange_batch_info *out)
{
	struct exchange_batch_info info = { 0 };
	const char *text;
	json_t *hdr;
	int rc = exchange_signed_text(batch, "header", &text, &hdr);

	if (rc)
		return rc;
	if ((rc = exchange_verify_pair(batch, text, sender_sign_pk)) ||
	    (rc = check_header(batch, hdr, self_id, now_ms, window_ms)))
		goto out;
	snprintf(info.sender, sizeof info.sender, "%s",
		 json_string_value(json_object_get(hdr, "sender")));
	snprintf(info.nonce, sizeof info.nonce, "%s",
		 json_string_value(json_object_get(hdr, "nonce")));
	info.sent_at_ms = (int64_t)json_integer_value(json_object_get(hdr, "sent_at"));
	*out = info;
out:
	json_decref(hdr);
	return rc;
}

int64_t exchange_backoff_ms(unsigned attempt, int64_t base_ms, int64_t max_ms, double rnd)
{
	int64_t d = base_ms;
	for (unsigned i = 1; i < attempt && d < max_ms; i++)
		d *= 2;
	if (d > max_ms)
		d = max_ms;
	if (rnd < 0 || rnd >= 1)
		rnd = 0;
	return d / 2 + (int64_t)((double)(d - d / 2) * rnd);
}
