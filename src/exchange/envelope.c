// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Envelopes and batches: sealing content for paired nodes and checking what
 * arrives. Pure functions of their inputs (keys, JSON, the time given), so
 * the unit tests cover every refusal without a network or a store. The
 * format is described in exchange.h and docs/internals/exchange.md.
 */
#include "exchange/exchange_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>

#include <sodium.h>
#include <string.h>

#define B64 sodium_base64_VARIANT_ORIGINAL
#define KEY_LEN crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES

static char *b64_encode(const unsigned char *bin, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, B64);
	char *out = rics_malloc(len);
	if (out)
		sodium_bin2base64(out, len, bin, n, B64);
	return out;
}

/* Decode b64 into a new buffer of *n bytes; RICS_E_MALFORMED if it is not
 * base64. */
static int b64_decode(const char *b64, unsigned char **out, size_t *n)
{
	size_t cap, len = 0;
	unsigned char *bin;

	if (!b64)
		return RICS_E_MALFORMED;
	cap = strlen(b64) / 4 * 3 + 3;
	if (!(bin = rics_malloc(cap)))
		return -ENOMEM;
	if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &len, NULL, B64) != 0) {
		rics_free(bin);
		return RICS_E_MALFORMED;
	}
	*out = bin;
	*n = len;
	return 0;
}

/* Decode into a buffer of exactly n bytes. */
static int b64_decode_exact(const char *b64, unsigned char *out, size_t n)
{
	unsigned char *bin = NULL;
	size_t len = 0;
	int rc = b64_decode(b64, &bin, &len);
	if (!rc && len != n)
		rc = RICS_E_MALFORMED;
	if (!rc)
		memcpy(out, bin, n);
	rics_free(bin);
	return rc;
}

json_t *exchange_signed_pair(const struct exchange_keys *self, const char *signed_key,
			   json_t *obj)
{
	unsigned char sig[crypto_sign_BYTES];
	char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS), *sig64 = NULL;
	json_t *out = NULL;

	if (!text)
		goto out;
	crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), self->sign_sk);
	if ((sig64 = b64_encode(sig, sizeof sig)) != NULL)
		out = json_pack("{ss ss}", signed_key, text, "sig", sig64);
out:
	rics_free(text);
	rics_free(sig64);
	return out;
}

int exchange_signed_text(json_t *pair, const char *signed_key, const char **text, json_t **obj)
{
	const char *t = json_string_value(json_object_get(pair, signed_key));
	json_t *o;
	if (!json_is_object(pair) || !t || !(o = json_loads(t, JSON_REJECT_DUPLICATES, NULL)))
		return RICS_E_MALFORMED;
	if (!json_is_object(o)) {
		json_decref(o);
		return RICS_E_MALFORMED;
	}
	*text = t;
	*obj = o;
	return 0;
}

int exchange_verify_pair(json_t *pair, const char *text, const unsigned char pk[EXCHANGE_PK_LEN])
{
	unsigned char sig[crypto_sign_BYTES];
	if (b64_decode_exact(json_string_value(json_object_get(pair, "sig")), sig, sizeof sig))
		return RICS_E_MALFORMED;
	return crypto_sign_verify_detached(sig, (const unsigned char *)text, strlen(text), pk)
		       ? RICS_E_UNAUTHORIZED
		       : 0;
}

/* The associated data binding a ciphertext to its envelope's id and sender. */
static size_t envelope_ad(json_t *header, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s\n%s", json_string_value(json_object_get(header, "id")),
			 json_string_value(json_object_get(header, "sender")));
	return n < 0 || (size_t)n >= size ? 0 : (size_t)n;
}

static int wrap_keys(const unsigned char key[KEY_LEN], const struct exchange_recipient *to,
		     size_t nto, json_t *keys)
{
	unsigned char sealed[KEY_LEN + crypto_box_SEALBYTES];
	for (size_t i = 0; i < nto; i++) {
		char *s;
		crypto_box_seal(sealed, key, KEY_LEN, to[i].box_pk);
		if (!(s = b64_encode(sealed, sizeof sealed)) ||
		    json_object_set_new(keys, to[i].node_id, json_string(s))) {
			rics_free(s);
			return -ENOMEM;
		}
		rics_free(s);
	}
	return 0;
}

static int encrypt_into(json_t *signed_obj, json_t *content, const unsigned char key[KEY_LEN])
{
	unsigned char nonce[NONCE_LEN], *ct = NULL;
	char ad[128], *plain = json_dumps(content, JSON_COMPACT), *ct64 = NULL, *n64 = NULL;
	size_t adlen = envelope_ad(signed_obj, ad, sizeof ad), plen;
	unsigned long long ctlen = 0;
	int rc = -ENOMEM;

	if (!plain || !adlen)
		goto out;
	plen = strlen(plain);
	if (!(ct = rics_malloc(plen + crypto_aead_xchacha20poly1305_ietf_ABYTES)))
		goto out;
	randombytes_buf(nonce, sizeof nonce);
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &ctlen, (const unsigned char *)plain, plen,
						   (const unsigned char *)ad, adlen, NULL, nonce,
						   key);
	ct64 = b64_encode(ct, (size_t)ctlen);
	n64 = b64_encode(nonce, sizeof nonce);
	if (ct64 && n64 && !json_object_set_new(signed_obj, "ct", json_string(ct64)) &&
	    !json_object_set_new(signed_obj, "nonce", json_string(n64)))
		rc = 0;
out:
	if (plain)
		sodium_memzero(plain, strlen(plain));
	rics_free(plain);
	rics_free(ct);
	rics_free(ct64);
	rics_free(n64);
	return rc;
}

static bool header_valid(json_t *h)
{
	return json_is_string(json_object_get(h, "id")) &&
	       json_is_string(json_object_get(h, "sender")) &&
	       json_is_array(json_object_get(h, "recipients")) &&
	       json_is_string(json_object_get(h, "created")) &&
	       json_is_string(json_object_get(h, "type")) &&
	       json_is_integer(json_object_get(h, "classification"));
}

int exchange_seal(const struct exchange_keys *self, const char *sender_id, json_t *header,
		  json_t *content, const struct exchange_recipient *to, size_t nto,
		  json_t **out)
{
	unsigned char key[KEY_LEN];
	json_t *obj = json_deep_copy(header), *keys = json_object(), *env = NULL;
	int rc = -ENOMEM;

	if (!obj || !keys || json_object_set_new(obj, "sender", json_string(sender_id)) ||
	    json_object_set_new(obj, "v", json_integer(EXCHANGE_ENVELOPE_VERSION)))
		goto out;
	if (!header_valid(obj) || !json_is_object(content) || !nto) {
		rc = RICS_E_INVALID;
		goto out;
	}
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	if ((rc = encrypt_into(obj, content, key)) != 0 || (rc = wrap_keys(key, to, nto, keys)))
		goto out;
	rc = json_object_set(obj, "keys", keys) ? -ENOMEM : 0;
	if (!rc && !(env = exchange_signed_pair(self, "signed", obj)))
		rc = -ENOMEM;
	if (!rc)
		*out = env;
out:
	sodium_memzero(key, sizeof key);
	json_decref(obj);
	json_decref(keys);
	return rc;
}

int exchange_peek(json_t *envelope, json_t **header_out)
{
	const char *text;
	json_t *obj;
	int rc = exchange_signed_text(envelope, "signed", &text, &obj);
	if (rc)
		return rc;
	if (!header_valid(obj) ||
	    json_integer_value(json_object_get(obj, "v")) != EXCHANGE_ENVELOPE_VERSION) {
		json_decref(obj);
		return RICS_E_MALFORMED;
	}
	*header_out = obj;
	return 0;
}

static bool addressed_to(json_t *header, const char *self_id)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(header, "recipients"), i, r)
		if (json_is_string(r) && !strcmp(json_string_value(r), self_id))
			return true;
	return false;
}

static int unwrap_key(const struct exchange_keys *self, json_t *obj, const char *self_id,
		      unsigned char key[KEY_LEN])
{
	unsigned char sealed[KEY_LEN + crypto_box_SEALBYTES];
	const char *k = json_string_value(json_object_get(json_object_get(obj, "keys"), self_id));
	if (!k || !addressed_to(obj, self_id))
		return RICS_E_FORBIDDEN;
	if (b64_decode_exact(k, sealed, sizeof sealed))
		return RICS_E_MALFORMED;
	return crypto_box_seal_open(key, sealed, sizeof sealed, self->box_pk, self->box_sk)
		       ? RICS_E_CORRUPT
		       : 0;
}

static int decrypt_content(json_t *obj, const unsigned char key[KEY_LEN], json_t **out)
{
	unsigned char nonce[NONCE_LEN], *ct = NULL, *plain = NULL;
	char ad[128];
	size_t adlen = envelope_ad(obj, ad, sizeof ad), ctlen = 0;
	unsigned long long plen = 0;
	json_t *content;
	int rc;

	if ((rc = b64_decode_exact(json_string_value(json_object_get(obj, "nonce")), nonce,
				   sizeof nonce)) ||
	    (rc = b64_decode(json_string_value(json_object_get(obj, "ct")), &ct, &ctlen)))
		goto out;
	rc = -ENOMEM;
	if (!adlen || !(plain = rics_malloc(ctlen + 1)))
		goto out;
	rc = RICS_E_CORRUPT;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL, ct, ctlen,
						       (const unsigned char *)ad, adlen, nonce,
						       key))
		goto out;
	content = json_loadb((const char *)plain, (size_t)plen, JSON_REJECT_DUPLICATES, NULL);
	sodium_memzero(plain, (size_t)plen);
	if (json_is_object(content)) {
		*out = content;
		rc = 0;
	} else {
		json_decref(content);
	}
out:
	rics_free(ct);
	rics_free(plain);
	return rc;
}

int exchange_open(const struct exchange_keys *self, const char *self_id, json_t *envelope,
		  const unsigned char sender_sign_pk[EXCHANGE_PK_LEN], json_t **header_out,
		  json_t **content_out)
{
	unsigned char key[KEY_LEN];
	json_t *obj = NULL, *content = NULL;
	int rc = exchange_peek(envelope, &obj);
	/* exchange_peek checked "signed" is a string */
	const char *text = rc ? NULL : json_string_value(json_object_get(envelope, "signed"));

	if (rc)
		goto out;
	if ((rc = exchange_verify_pair(envelope, text, sender_sign_pk)) ||
	    (rc = unwrap_key(self, obj, self_id, key)) || (rc = decrypt_content(obj, key, &content)))
		goto out;
	json_object_del(obj, "ct");
	json_object_del(obj, "nonce");
	json_object_del(obj, "keys");
	*header_out = obj;
	*content_out = content;
	obj = NULL;
out:
	sodium_memzero(key, sizeof key);
	json_decref(obj);
	return rc;
}
