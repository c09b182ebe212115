// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of src/exchange: keys on disk (created once, private, reloaded
 * alike), fingerprints, sealing and opening envelopes and every refusal
 * (tampered ciphertext, wrong signer, a node the envelope is not for,
 * altered wrapped key), batches (signature, addressee, time window, ids that
 * do not match the envelopes), the retry schedule, the link state rule at
 * its boundaries, and TLS certificates and
 * their signed pins, given explicit times
 * and random draws so nothing sleeps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/ids.h"
#include "exchange/exchange.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 1795907163123
#define A_ID "019a0000-0000-7000-8000-00000000000a"
#define B_ID "019a0000-0000-7000-8000-00000000000b"
#define C_ID "019a0000-0000-7000-8000-00000000000c"
#define MSG_ID "019a0000-0000-7000-8000-000000000100"

struct fixture {
	struct exchange_keys a, b, c;
};

static void make_keys(struct exchange_keys *k)
{
	crypto_sign_keypair(k->sign_pk, k->sign_sk);
	crypto_box_keypair(k->box_pk, k->box_sk);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_int_equal(rics_ids_init(), 0);
	make_keys(&f->a);
	make_keys(&f->b);
	make_keys(&f->c);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static struct exchange_recipient to(const char *id, const struct exchange_keys *k)
{
	struct exchange_recipient r;
	snprintf(r.node_id, sizeof r.node_id, "%s", id);
	memcpy(r.box_pk, k->box_pk, EXCHANGE_PK_LEN);
	return r;
}

/* An alert from A to B. */
static json_t *seal_a_to_b(struct fixture *f)
{
	struct exchange_recipient r = to(B_ID, &f->b);
	json_t *hdr = json_pack("{ss s[s] ss ss si}", "id", MSG_ID, "recipients", B_ID, "created",
				"2026-11-29T04:00:00.000Z", "type", "alert", "classification", 1);
	json_t *content = json_pack("{ss ss}", "subject", "convoy", "body", "white Kamaz 01KZ777");
	json_t *env = NULL;
	assert_int_equal(exchange_seal(&f->a, A_ID, hdr, content, &r, 1, &env), 0);
	json_decref(hdr);
	json_decref(content);
	return env;
}

static int open_as(struct exchange_keys *self, const char *self_id, json_t *env,
		   const struct exchange_keys *sender, json_t **content)
{
	json_t *hdr = NULL;
	int rc = exchange_open(self, self_id, env, sender->sign_pk, &hdr, content);
	json_decref(hdr);
	return rc;
}

static void test_seal_open(void **state)
{
	struct fixture *f = *state;
	json_t *env = seal_a_to_b(f), *hdr = NULL, *content = NULL, *peek = NULL;
	const char *signed_text = json_string_value(json_object_get(env, "signed"));

	assert_non_null(signed_text);
	assert_null(strstr(signed_text, "Kamaz")); /* content is not in clear */
	assert_int_equal(exchange_peek(env, &peek), 0);
	assert_string_equal(json_string_value(json_object_get(peek, "sender")), A_ID);
	assert_int_equal(exchange_open(&f->b, B_ID, env, f->a.sign_pk, &hdr, &content), 0);
	assert_string_equal(json_string_value(json_object_get(content, "body")),
			    "white Kamaz 01KZ777");
	assert_string_equal(json_string_value(json_object_get(hdr, "type")), "alert");
	assert_null(json_object_get(hdr, "ct"));
	json_decref(peek);
	json_decref(hdr);
	json_decref(content);
	json_decref(env);
}

/* Flip one base64 character of field in the signed text, keeping it base64. */
static void tamper_signed(json_t *env, const char *marker)
{
	char *text = strdup(json_string_value(json_object_get(env, "signed")));
	char *p = strstr(text, marker);
	assert_non_null(p);
	p += strlen(marker) + 4;
	*p = *p == 'A' ? 'B' : 'A';
	json_object_set_new(env, "signed", json_string(text));
	free(text);
}

static void test_tampered_ciphertext(void **state)
{
	struct fixture *f = *state;
	json_t *env = seal_a_to_b(f), *content = NULL;

	tamper_signed(env, "\"ct\":\"");
	/* the signature no longer matches */
	assert_int_equal(open_as(&f->b, B_ID, env, &f->a, &content), RICS_E_UNAUTHORIZED);
	json_decref(env);

	/* a recipient-turned-forger who re-signs the altered text with a stolen
	 * signing key still cannot make the ciphertext authenticate */
	env = seal_a_to_b(f);
	tamper_signed(env, "\"ct\":\"");
	{
		unsigned char sig[crypto_sign_BYTES];
		char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
						     sodium_base64_VARIANT_ORIGINAL)];
		const char *t = json_string_value(json_object_get(env, "signed"));
		crypto_sign_detached(sig, NULL, (const unsigned char *)t, strlen(t), f->a.sign_sk);
		sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig,
				  sodium_base64_VARIANT_ORIGINAL);
		json_object_set_new(env, "sig", json_string(sig64));
	}
	assert_int_equal(open_as(&f->b, B_ID, env, &f->a, &content), RICS_E_CORRUPT);
	assert_null(content);
	json_decref(env);
}

static void test_wrong_signer_and_recipient(void **state)
{
	struct fixture *f = *state;
	json_t *env = seal_a_to_b(f), *content = NULL;

	/* C claims to be A: A's key does not verify C's text and vice versa */
	assert_int_equal(open_as(&f->b, B_ID, env, &f->c, &content), RICS_E_UNAUTHORIZED);
	/* C is not a recipient: no key for it */
	assert_int_equal(open_as(&f->c, C_ID, env, &f->a, &content), RICS_E_FORBIDDEN);
	/* C pretending to be B has the wrong box key */
	assert_int_equal(open_as(&f->c, B_ID, env, &f->a, &content), RICS_E_CORRUPT);
	assert_null(content);
	json_decref(env);
}

static void test_not_an_envelope(void **state)
{
	struct fixture *f = *state;
	json_t *content = NULL;
	json_t *bad[] = {
		json_pack("{}"),
		json_pack("{ss ss}", "signed", "not json", "sig", "AAAA"),
		json_pack("{ss ss}", "signed", "{\"v\":1}", "sig", "AAAA"),
		json_pack("[]"),
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(open_as(&f->b, B_ID, bad[i], &f->a, &content), RICS_E_MALFORMED);
		json_decref(bad[i]);
	}
}

static void test_two_recipients(void **state)
{
	struct fixture *f = *state;
	struct exchange_recipient r[2] = { to(B_ID, &f->b), to(C_ID, &f->c) };
	json_t *hdr = json_pack("{ss s[ss] ss ss si}", "id", MSG_ID, "recipients", B_ID, C_ID,
				"created", "2026-11-29T04:00:00.000Z", "type", "notice",
				"classification", 0);
	json_t *content = json_pack("{ss}", "subject", "hello"), *env = NULL, *got = NULL;

	assert_int_equal(exchange_seal(&f->a, A_ID, hdr, content, r, 2, &env), 0);
	assert_int_equal(open_as(&f->b, B_ID, env, &f->a, &got), 0);
	assert_true(json_equal(got, content));
	json_decref(got);
	assert_int_equal(open_as(&f->c, C_ID, env, &f->a, &got), 0);
	assert_true(json_equal(got, content));
	json_decref(got);
	json_decref(env);
	json_decref(hdr);
	json_decref(content);
}

static json_t *batch_a_to_b(struct fixture *f, int64_t sent_at)
{
	json_t *envs = json_pack("[o]", seal_a_to_b(f)), *batch = NULL;
	assert_int_equal(exchange_batch_make(&f->a, A_ID, B_ID, sent_at, envs, &batch), 0);
	json_decref(envs);
	return batch;
}

static void test_batch_window(void **state)
{
	struct fixture *f = *state;
	struct exchange_batch_info info;
	const int64_t window = 5 * 60 * 1000;
	json_t *batch = batch_a_to_b(f, T0);
	char sender[RICS_UUID_LEN];

	assert_int_equal(exchange_batch_sender(batch, sender), 0);
	assert_string_equal(sender, A_ID);
	assert_int_equal(exchange_batch_verify(batch, B_ID, f->a.sign_pk, T0 + window, window,
					       &info), 0);
	assert_string_equal(info.sender, A_ID);
	assert_int_equal(info.sent_at_ms, T0);
	assert_true(strlen(info.nonce) > 20);
	/* one millisecond outside the window, either side */
	assert_int_equal(exchange_batch_verify(batch, B_ID, f->a.sign_pk, T0 + window + 1,
					       window, &info), RICS_E_FORBIDDEN);
	assert_int_equal(exchange_batch_verify(batch, B_ID, f->a.sign_pk, T0 - window - 1,
					       window, &info), RICS_E_FORBIDDEN);
	/* for someone else, or signed by someone else */
	assert_int_equal(exchange_batch_verify(batch, C_ID, f->a.sign_pk, T0, window, &info),
			 RICS_E_UNAUTHORIZED);
	assert_int_equal(exchange_batch_verify(batch, B_ID, f->c.sign_pk, T0, window, &info),
			 RICS_E_UNAUTHORIZED);
	json_decref(batch);
}

static void test_batch_envelopes_match_ids(void **state)
{
	struct fixture *f = *state;
	struct exchange_batch_info info;
	json_t *batch = batch_a_to_b(f, T0), *envs = json_object_get(batch, "envelopes");

	/* an envelope smuggled into a captured batch */
	json_array_append_new(envs, seal_a_to_b(f));
	assert_int_equal(exchange_batch_verify(batch, B_ID, f->a.sign_pk, T0, 1000, &info),
			 RICS_E_MALFORMED);
	/* or one dropped from it */
	json_array_clear(envs);
	assert_int_equal(exchange_batch_verify(batch, B_ID, f->a.sign_pk, T0, 1000, &info),
			 RICS_E_MALFORMED);
	json_decref(batch);
}

static void test_backoff(void **state)
{
	(void)state;
	/* equal jitter: between half and all of base * 2^(n-1), capped */
	assert_int_equal(exchange_backoff_ms(1, 1000, 60000, 0.0), 500);
	assert_int_equal(exchange_backoff_ms(1, 1000, 60000, 0.999999), 999);
	assert_int_equal(exchange_backoff_ms(2, 1000, 60000, 0.0), 1000);
	assert_int_equal(exchange_backoff_ms(3, 1000, 60000, 0.5), 3000);
	assert_int_equal(exchange_backoff_ms(7, 1000, 60000, 0.0), 30000);
	assert_int_equal(exchange_backoff_ms(40, 1000, 60000, 0.0), 30000);
	assert_int_equal(exchange_backoff_ms(40, 1000, 60000, 0.999999), 59999);
	/* a bad draw does not escape the bounds */
	assert_int_equal(exchange_backoff_ms(1, 1000, 60000, 7.0), 500);
}

/* The link rule at its boundaries: down only once the oldest message has
 * waited more than the window, degraded before that only after a failed
 * attempt; the peer heard from (even just now) changes none of it. */
static void test_link_state(void **state)
{
	const int64_t w = 3600000, t = T0;
	const struct {
		int64_t waiting, oldest;
		int attempts;
		int64_t now, heard;
		enum exchange_link want;
	} cases[] = {
		{ 0, 0, 0, t, 0, EXCHANGE_LINK_UP },             /* nothing waits */
		{ 0, t - 2 * w, 9, t, 0, EXCHANGE_LINK_UP },     /* stale facts of no row */
		{ 1, t, 0, t, 0, EXCHANGE_LINK_UP },             /* just queued */
		{ 1, t - w, 0, t, 0, EXCHANGE_LINK_UP },         /* untried, exactly the window */
		{ 1, t - w - 1, 0, t, 0, EXCHANGE_LINK_DOWN },   /* untried, 1 ms past it */
		{ 3, t, 1, t, 0, EXCHANGE_LINK_DEGRADED },       /* one failed attempt */
		{ 3, t - w, 12, t, 0, EXCHANGE_LINK_DEGRADED },  /* failing, exactly the window */
		{ 3, t - w - 1, 12, t, 0, EXCHANGE_LINK_DOWN },  /* failing, 1 ms past it */
		{ 1, t + 5, 1, t, 0, EXCHANGE_LINK_DEGRADED },   /* a clock stepped back */
		{ 3, t, 1, t, t, EXCHANGE_LINK_DEGRADED },       /* it reaches us, we fail it */
		{ 3, t - w - 1, 12, t, t, EXCHANGE_LINK_DOWN },  /* one way only, for too long */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_peer_link l = { .waiting = cases[i].waiting,
					     .oldest_ms = cases[i].oldest,
					     .attempts = cases[i].attempts,
					     .last_heard_ms = cases[i].heard };
		if (exchange_link_state(&l, cases[i].now, w) != cases[i].want)
			fail_msg("case %zu: %s, want %s", i,
				 exchange_link_name(exchange_link_state(&l, cases[i].now, w)),
				 exchange_link_name(cases[i].want));
	}
	assert_string_equal(exchange_link_name(EXCHANGE_LINK_UP), "up");
	assert_string_equal(exchange_link_name(EXCHANGE_LINK_DEGRADED), "degraded");
	assert_string_equal(exchange_link_name(EXCHANGE_LINK_DOWN), "down");
}

/* The facts as the API shows them: when the peer was heard from, or null. */
static void test_link_json(void **state)
{
	struct store_peer_link l = { .waiting = 1, .oldest_ms = T0 - 5000, .attempts = 2,
				     .next_ms = T0 + 1000, .last_heard_ms = T0 };
	json_t *j = exchange_link_json(&l, T0, 3600000);
	(void)state;
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "degraded");
	assert_string_equal(json_string_value(json_object_get(j, "last_heard_at")),
			    "2026-11-28T23:06:03.123Z");
	assert_true(json_is_null(json_object_get(j, "last_delivered_at")));
	json_decref(j);
	l.last_heard_ms = 0;
	j = exchange_link_json(&l, T0, 3600000);
	assert_true(json_is_null(json_object_get(j, "last_heard_at")));
	json_decref(j);
}

static void test_fingerprint(void **state)
{
	struct fixture *f = *state;
	char fa[EXCHANGE_FINGERPRINT_LEN], fa2[EXCHANGE_FINGERPRINT_LEN], fb[EXCHANGE_FINGERPRINT_LEN];
	char typed[EXCHANGE_FINGERPRINT_LEN];

	exchange_fingerprint(f->a.sign_pk, f->a.box_pk, fa);
	exchange_fingerprint(f->a.sign_pk, f->a.box_pk, fa2);
	exchange_fingerprint(f->b.sign_pk, f->b.box_pk, fb);
	assert_int_equal(strlen(fa), 71);
	assert_string_equal(fa, fa2);
	assert_string_not_equal(fa, fb);
	for (int g = 0; g < 12; g++)
		assert_true(g == 11 || fa[g * 6 + 5] == ' ');
	/* typed without spaces or with dashes is the same number */
	size_t n = 0;
	for (const char *p = fa; *p; p++)
		typed[n++] = *p == ' ' ? '-' : *p;
	typed[n] = '\0';
	assert_true(exchange_fingerprint_equal(typed, fa));
	assert_false(exchange_fingerprint_equal(fb, fa));
	typed[0] = typed[0] == '1' ? '2' : '1';
	assert_false(exchange_fingerprint_equal(typed, fa));
	assert_false(exchange_fingerprint_equal("12345", fa));
	/* swapping the two keys changes it */
	exchange_fingerprint(f->a.box_pk, f->a.sign_pk, fa2);
	assert_string_not_equal(fa, fa2);
}

static void test_keys_on_disk(void **state)
{
	char dir[] = "/tmp/rics-exchange-XXXXXX", path[128];
	struct exchange_keys k1, k2;
	struct stat st;
	bool created = false;
	(void)state;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(exchange_keys_load(dir, false, &created, &k1), RICS_E_NOT_FOUND);
	assert_int_equal(exchange_keys_load(dir, true, &created, &k1), 0);
	assert_true(created);
	assert_int_equal(exchange_keys_load(dir, true, &created, &k2), 0);
	assert_false(created);
	assert_memory_equal(k1.sign_pk, k2.sign_pk, EXCHANGE_PK_LEN);
	assert_memory_equal(k1.box_pk, k2.box_pk, EXCHANGE_PK_LEN);
	snprintf(path, sizeof path, "%s/keys", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/keys/sign.key", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a key others can read is refused, not used */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(exchange_keys_load(dir, true, &created, &k2), RICS_E_CORRUPT);
	unlink(path);
	/* half a key pair is never silently replaced */
	assert_int_equal(exchange_keys_load(dir, true, &created, &k2), RICS_E_NOT_FOUND);
	snprintf(path, sizeof path, "%s/keys/box.key", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/keys", dir);
	rmdir(path);
	rmdir(dir);
	exchange_keys_wipe(&k1);
	exchange_keys_wipe(&k2);
}

/* Rotation: new keys in keys/, the old ones kept aside and still readable. */
static void test_keys_rotate(void **state)
{
	char dir[] = "/tmp/rics-exchange-XXXXXX", retired[256], path[400];
	struct exchange_keys k1, k2, kold;
	struct stat st;
	(void)state;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(exchange_keys_rotate(dir, 1000, retired, sizeof retired, &k2),
			 RICS_E_NOT_FOUND);
	assert_int_equal(exchange_keys_load(dir, true, NULL, &k1), 0);
	assert_int_equal(exchange_keys_rotate(dir, 1000, retired, sizeof retired, &k2), 0);
	snprintf(path, sizeof path, "%s/keys.retired-1000", dir);
	assert_string_equal(retired, path);
	assert_memory_not_equal(k1.sign_pk, k2.sign_pk, EXCHANGE_PK_LEN);
	assert_memory_not_equal(k1.box_pk, k2.box_pk, EXCHANGE_PK_LEN);
	/* the node now loads the new keys */
	assert_int_equal(exchange_keys_load(dir, false, NULL, &kold), 0);
	assert_memory_equal(kold.sign_pk, k2.sign_pk, EXCHANGE_PK_LEN);
	/* the retired folder holds the old keys, owner only */
	assert_int_equal(stat(retired, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/sign.key", retired);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	for (int i = 0; i < 2; i++) {
		const char *base = i ? retired : dir;
		char keys[280];
		snprintf(keys, sizeof keys, "%s%s", base, i ? "" : "/keys");
		snprintf(path, sizeof path, "%s/sign.key", keys);
		unlink(path);
		snprintf(path, sizeof path, "%s/box.key", keys);
		unlink(path);
		rmdir(keys);
	}
	rmdir(dir);
	exchange_keys_wipe(&k1);
	exchange_keys_wipe(&k2);
	exchange_keys_wipe(&kold);
}

static void read_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	assert_non_null(f);
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
}

/* A node's certificate, its pin and the signature over the pin: a pin or
 * signature altered by one byte, or signed by another key, is refused. */
static void test_tls_pin(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/rics-exchange-XXXXXX", pem[8192], pin[EXCHANGE_TLS_PIN_LEN],
	     pin2[EXCHANGE_TLS_PIN_LEN], sig[EXCHANGE_SIG_B64_LEN], bad[EXCHANGE_SIG_B64_LEN];
	struct strbuf cert, key;
	struct stat st;

	strbuf_init(&cert, 0);
	strbuf_init(&key, 0);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(exchange_tls_make(dir, "Korday BLO", "10.1.2.3", T0 / 1000, &cert, &key), 0);
	assert_int_equal(stat(key.buf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(exchange_tls_make(dir, "Korday BLO", NULL, T0 / 1000, &cert, &key),
			 RICS_E_CONFLICT);
	read_text(cert.buf, pem, sizeof pem);
	assert_int_equal(exchange_tls_pin(pem, pin), 0);
	assert_int_equal(strncmp(pin, "sha256//", 8), 0);
	assert_int_equal(strlen(pin), EXCHANGE_TLS_PIN_LEN - 1);
	assert_int_equal(exchange_tls_pin("not a certificate", pin2), RICS_E_INVALID);

	assert_int_equal(exchange_tls_pin_sign(&f->a, pin, sig), 0);
	assert_int_equal(exchange_tls_pin_verify(f->a.sign_pk, pin, sig), 0);
	assert_int_equal(exchange_tls_pin_verify(f->b.sign_pk, pin, sig), RICS_E_UNAUTHORIZED);
	memcpy(pin2, pin, sizeof pin2);
	pin2[10] = pin2[10] == 'A' ? 'B' : 'A';
	assert_int_equal(exchange_tls_pin_verify(f->a.sign_pk, pin2, sig), RICS_E_UNAUTHORIZED);
	memcpy(bad, sig, sizeof bad);
	bad[5] = bad[5] == 'A' ? 'B' : 'A';
	assert_int_equal(exchange_tls_pin_verify(f->a.sign_pk, pin, bad), RICS_E_UNAUTHORIZED);
	assert_int_equal(exchange_tls_pin_verify(f->a.sign_pk, pin, "short"), RICS_E_MALFORMED);
	assert_int_equal(exchange_tls_pin_verify(f->a.sign_pk, pin + 8, sig), RICS_E_MALFORMED);
	assert_int_equal(exchange_tls_pin_verify(f->a.sign_pk, NULL, sig), RICS_E_MALFORMED);

	unlink(cert.buf);
	unlink(key.buf);
	snprintf(pem, sizeof pem, "%s/tls", dir);
	rmdir(pem);
	rmdir(dir);
	strbuf_release(&cert);
	strbuf_release(&key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seal_open),
		cmocka_unit_test(test_tampered_ciphertext),
		cmocka_unit_test(test_wrong_signer_and_recipient),
		cmocka_unit_test(test_not_an_envelope),
		cmocka_unit_test(test_two_recipients),
		cmocka_unit_test(test_batch_window),
		cmocka_unit_test(test_batch_envelopes_match_ids),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_link_state),
		cmocka_unit_test(test_link_json),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_keys_on_disk),
		cmocka_unit_test(test_keys_rotate),
		cmocka_unit_test(test_tls_pin),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
