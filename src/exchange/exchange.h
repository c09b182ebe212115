/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The exchange: secure store-and-forward messaging between paired nodes.
 * This header is its whole contract. Layers below it: core, model, store,
 * policy, libsodium, libcurl; it never calls screening and never logs.
 *
 * A node holds two key pairs in DATA/keys/: Ed25519 to sign (sign.key) and
 * X25519 to receive (box.key). People compare a fingerprint of both public
 * keys over the phone before pairing: 12 groups of 5 digits.
 *
 * An envelope is {"signed": TEXT, "sig": BASE64} where TEXT is the JSON
 * the sender signed, kept as a string so the receiver verifies the exact
 * bytes that were signed (no canonical JSON needed). TEXT holds the routing
 * header in clear (v, id, sender, recipients, created, type, classification)
 * and the content encrypted once with a random key (XChaCha20-Poly1305,
 * the header's id and sender as associated data) whose key is sealed to
 * each recipient's X25519 key. A batch (one delivery attempt) carries its
 * own signed header with sent_at and a nonce: freshness is checked on the
 * batch, so an envelope queued for days is still accepted once.
 * See docs/internals/exchange.md.
 */
#ifndef RICS_EXCHANGE_H
#define RICS_EXCHANGE_H

#include "core/events.h"
#include "core/ids.h"
#include "core/strbuf.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCHANGE_PK_LEN 32
#define EXCHANGE_SIGN_SK_LEN 64
#define EXCHANGE_BOX_SK_LEN 32
/* "12345 67890 ..." : 12 groups of 5 digits, spaces, NUL */
#define EXCHANGE_FINGERPRINT_LEN 72
/* standard base64 of 32 bytes, NUL */
#define EXCHANGE_PK_B64_LEN 45
#define EXCHANGE_ENVELOPE_VERSION 1

struct exchange_keys {
	unsigned char sign_pk[EXCHANGE_PK_LEN];
	unsigned char sign_sk[EXCHANGE_SIGN_SK_LEN];
	unsigned char box_pk[EXCHANGE_PK_LEN];
	unsigned char box_sk[EXCHANGE_BOX_SK_LEN];
};

/* ---- keys (keys.c) ---- */

/* Load the node's keys from datadir/keys/. With create, make them first if
 * the directory holds none (dir 0700, files 0600) and set *created.
 * RICS_E_NOT_FOUND: no keys and !create; RICS_E_CORRUPT: a key file of the
 * wrong size or permissions others can read. */
int exchange_keys_load(const char *datadir, bool create, bool *created,
		       struct exchange_keys *out);
/* Retire the node's keys and make new ones: DATA/keys moves to
 * DATA/keys.retired-NOW_MS (kept, 0700, for the record) and a new DATA/keys
 * is made; retired gets that folder's path. A running ricsd keeps the old
 * keys until it restarts, and peers refuse the node until they pair again
 * with the new fingerprint (by phone, as the first time: a "my new key"
 * message signed by the old key would let a thief of it announce a key of
 * his own). RICS_E_NOT_FOUND: no keys to retire. On a failure to make the
 * new keys the old ones are put back. */
int exchange_keys_rotate(const char *datadir, int64_t now_ms, char *retired, size_t retired_size,
			 struct exchange_keys *out);
/* Overwrite the secret halves. */
void exchange_keys_wipe(struct exchange_keys *k);

/* The digits people read to each other, from both public keys. */
void exchange_fingerprint(const unsigned char sign_pk[EXCHANGE_PK_LEN],
			  const unsigned char box_pk[EXCHANGE_PK_LEN],
			  char out[EXCHANGE_FINGERPRINT_LEN]);
/* Whether typed (any spacing or dashes) names the same 60 digits as fp. */
bool exchange_fingerprint_equal(const char *typed, const char *fp);

/* Public keys as base64 and back (RICS_E_INVALID if not 32 bytes). */
void exchange_pk_b64(const unsigned char pk[EXCHANGE_PK_LEN], char out[EXCHANGE_PK_B64_LEN]);
int exchange_pk_parse(const char *b64, unsigned char out[EXCHANGE_PK_LEN]);

/* {node_id, name, country, agency, sign_pk, box_pk, fingerprint}: what
 * GET /fed/v1/identity and GET /api/v1/node show. */
json_t *exchange_identity_json(const struct exchange_keys *k, const char *node_id,
			       const char *name, const char *country, const char *agency);

/* ---- envelopes (envelope.c) ---- */

struct exchange_recipient {
	char node_id[RICS_UUID_LEN];
	unsigned char box_pk[EXCHANGE_PK_LEN];
};

/* Seal content (any JSON object) for recipients. header must hold id,
 * recipients, created, type and classification; sender is added. *out is
 * the envelope {"signed", "sig"}. */
int exchange_seal(const struct exchange_keys *self, const char *sender_id, json_t *header,
		  json_t *content, const struct exchange_recipient *to, size_t nto,
		  json_t **out);

/* The routing header of an envelope, parsed but NOT verified: enough to
 * find the sender's key. RICS_E_MALFORMED if it is not an envelope. */
int exchange_peek(json_t *envelope, json_t **header_out);

/* Verify the sender's signature, then decrypt the content sealed to self.
 * RICS_E_UNAUTHORIZED: bad signature; RICS_E_FORBIDDEN: not addressed to
 * self_id; RICS_E_CORRUPT: the ciphertext or the wrapped key was altered;
 * RICS_E_MALFORMED: not an envelope. *header_out and *content_out on
 * success only. */
int exchange_open(const struct exchange_keys *self, const char *self_id, json_t *envelope,
		  const unsigned char sender_sign_pk[EXCHANGE_PK_LEN], json_t **header_out,
		  json_t **content_out);

/* ---- batches: one delivery attempt (envelope.c) ---- */

/* {"header": TEXT, "sig", "envelopes": [...]}, TEXT = {sender, to, sent_at
 * (ms), nonce, ids}. envelopes is borrowed. */
int exchange_batch_make(const struct exchange_keys *self, const char *sender_id,
			const char *to_id, int64_t sent_at_ms, json_t *envelopes, json_t **out);

struct exchange_batch_info {
	char sender[RICS_UUID_LEN];
	char nonce[48];
	int64_t sent_at_ms;
};

/* The batch's sender, unverified (to look up the key). */
int exchange_batch_sender(json_t *batch, char out[RICS_UUID_LEN]);
/* Verify a batch's signature, that it is addressed to self_id, that
 * sent_at is within window_ms of now_ms, and that its ids name exactly
 * the envelopes it carries. RICS_E_UNAUTHORIZED: bad signature or
 * addressee; RICS_E_FORBIDDEN: outside the window; RICS_E_MALFORMED. */
int exchange_batch_verify(json_t *batch, const char *self_id,
			  const unsigned char sender_sign_pk[EXCHANGE_PK_LEN], int64_t now_ms,
			  int64_t window_ms, struct exchange_batch_info *out);

/* ---- HTTP to peers (fetch.c) ---- */

struct net;

/* GET (body NULL) or POST body as JSON to url; *status is the HTTP status.
 * tls_pin ("sha256//BASE64", may be NULL): check the server's public key
 * against it instead of a certificate authority. conn (net/net.h, may be
 * NULL for a connection of its own): a connection kept open between calls,
 * so that a peer's next batch skips the TCP and TLS handshakes, which on a
 * slow link cost more than the batch. -EHOSTUNREACH: no answer within
 * timeout_s (or a refused connection, a TLS failure, an answer larger than
 * answer's maximum), and why, if not NULL, says so in curl's words. */
int exchange_http(struct net *conn, const char *url, const char *tls_pin, const char *body,
		  long timeout_s, long *status, struct strbuf *answer, struct strbuf *why);
/* GET base_url/fed/v1/identity as JSON. tls_pin NULL: the certificate is
 * not checked at all (pairing: the identity's signed pin is checked instead
 * and pins every later request). */
int exchange_fetch_identity(const char *base_url, const char *tls_pin, json_t **out);

/* ---- TLS without a certificate authority (tls.c) ---- */

/* "sha256//" and the base64 of a SHA-256, NUL: libcurl's pin format */
#define EXCHANGE_TLS_PIN_LEN 53
/* base64 of an Ed25519 signature, NUL */
#define EXCHANGE_SIG_B64_LEN 89

/* Make a self-signed certificate (ECDSA P-256, valid 10 years from now_s,
 * CN name, subjectAltName localhost, 127.0.0.1 and listen if it is an IP
 * address) and its key in datadir/tls/ (0700; cert.pem, key.pem, 0600);
 * their paths are appended to cert_path and key_path. RICS_E_CONFLICT:
 * datadir/tls exists. On another failure nothing is left behind. */
int exchange_tls_make(const char *datadir, const char *name, const char *listen, int64_t now_s,
		      struct strbuf *cert_path, struct strbuf *key_path);
/* The pin of a PEM certificate: "sha256//" + base64 of the SHA-256 of its
 * SubjectPublicKeyInfo DER. RICS_E_INVALID: not a certificate. */
int exchange_tls_pin(const char *cert_pem, char out[EXCHANGE_TLS_PIN_LEN]);
/* Sign pin with the node's Ed25519 key, over "RICS tls pin v1\n" + pin:
 * the identity carries it so the fingerprint compared by phone covers the
 * TLS key too. */
int exchange_tls_pin_sign(const struct exchange_keys *k, const char *pin,
			  char out[EXCHANGE_SIG_B64_LEN]);
/* 0 if sig_b64 is sign_pk's signature of pin; RICS_E_UNAUTHORIZED if not;
 * RICS_E_MALFORMED: no pin or signature of the right form. */
int exchange_tls_pin_verify(const unsigned char sign_pk[EXCHANGE_PK_LEN], const char *pin,
			    const char *sig_b64);

/* ---- the sender thread (sender.c) ---- */

struct exchange_sender;

struct exchange_sender_options {
	struct store *store;
	const struct exchange_keys *keys; /* copied */
	const char *node_id;              /* this node, copied */
	unsigned batch_max;               /* envelopes per POST */
	int64_t base_ms, max_ms;          /* retry backoff */
	long timeout_s;                   /* per POST */
	unsigned poll_ms;                 /* look for due rows this often when idle */
	/* message.delivered, message.refused and message.overdue are
	 * published here; NULL: not */
	struct event_bus *events;
};

int exchange_sender_start(const struct exchange_sender_options *o, struct exchange_sender **out);
/* Something was queued: look now rather than at the next poll. Accepts NULL. */
void exchange_sender_kick(struct exchange_sender *s);
/* Finish the batch in flight, stop. Accepts NULL. */
void exchange_sender_stop(struct exchange_sender *s);

/* ---- shared watchlists and hit/no-hit queries (share.c) ---- */

struct record_type;

/* The fields of rec another node may store as its own: all but those the
 * server sets (id, origin_node, stamps, version). */
json_t *exchange_share_fields(const struct record_type *t, json_t *rec);
/* "origin_node:origin_id", the import key a shared record is kept under at
 * the receiver, so updates and withdrawals find it. RICS_E_INVALID unless
 * both are UUIDs. */
int exchange_share_key(const char *origin_node, const char *origin_id,
		       char out[2 * RICS_UUID_LEN]);
/* A hit/no-hit question: subject "person" (surname required; given_names,
 * birth_date, nationality, sex), "document" (document_number required;
 * issuing_country) or "vehicle" (plate required; country); every value a
 * string.
 * *out holds subject and those fields only. RICS_E_INVALID with detail. */
int exchange_hit_query_check(json_t *query, struct strbuf *detail, json_t **out);

/* ---- the state of the link to a peer (link.c) ---- */

enum exchange_link {
	EXCHANGE_LINK_UP,       /* nothing waits, or what waits has not failed yet */
	EXCHANGE_LINK_DEGRADED, /* a message waits after a failed attempt */
	EXCHANGE_LINK_DOWN,     /* a message has waited longer than down_after_ms */
};

/* The rule, from the peer's outbox at now_ms. down_after_ms is the window
 * after which the situation centre also shows a BCP as link down
 * (docs/ui.md, "BCP states"). A message waits longer than it when
 * now_ms - oldest_ms > down_after_ms. */
enum exchange_link exchange_link_state(const struct store_peer_link *f, int64_t now_ms,
				       int64_t down_after_ms);
/* "up", "degraded", "down". */
const char *exchange_link_name(enum exchange_link l);
/* {state, waiting, oldest_waiting_at, attempts, next_attempt_at, last_error,
 * last_delivered_at, last_heard_at}: the state, the facts it comes from and
 * when the peer's node last reached this one, which does not change the
 * state (times RFC 3339 or null). NULL if out of memory. */
json_t *exchange_link_json(const struct store_peer_link *f, int64_t now_ms,
			   int64_t down_after_ms);

/* ---- delivery schedule (batch.c) ---- */

/* Delay before retry number attempt (1, 2, ...): base_ms doubled per
 * attempt up to max_ms, with "equal jitter": half fixed, half drawn from
 * rnd (uniform in [0, 1)). Deterministic given rnd, so tests need no sleep. */
int64_t exchange_backoff_ms(unsigned attempt, int64_t base_ms, int64_t max_ms, double rnd);

#endif
