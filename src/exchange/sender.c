// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The sender: one thread that takes due outbox rows (all for one peer at a
 * time, oldest first), POSTs them as one signed batch to the peer's inbox
 * and marks delivered only what the peer acknowledged. A row that failed
 * waits by the exponential backoff with jitter; the outbox is in the store,
 * so a restart (or kill -9) resumes where the last acknowledged batch left
 * off, and the receiver's de-duplication by envelope id makes a batch sent
 * twice harmless. A refusal the peer states as permanent (its ack says
 * refused, or it refuses this node itself with a 401) ends the row's
 * delivery instead: state refused with the peer's reason, audited and
 * announced, until an administrator requeues it.
 */
#include "exchange/exchange.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "net/net.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

struct exchange_sender {
	struct exchange_sender_options opt;
	struct exchange_keys keys;
	char node_id[RICS_UUID_LEN];
	struct net *conn; /* the sender thread's, kept open between batches */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping, kicked;
	int64_t next_overdue_scan;
};

static int64_t now_ms(void)
{
	return rics_clock_now(&rics_clock_system);
}

static void retry_all(struct exchange_sender *s, json_t *rows, const char *why)
{
	json_t *r;
	size_t i;
	json_array_foreach(rows, i, r) {
		unsigned attempt = (unsigned)json_integer_value(json_object_get(r, "attempts")) + 1;
		double rnd = randombytes_uniform(1000000) / 1e6;
		int64_t next = now_ms() + exchange_backoff_ms(attempt, s->opt.base_ms, s->opt.max_ms,
							      rnd);
		store_outbox_retry(s->opt.store, json_string_value(json_object_get(r, "message_id")),
				   json_string_value(json_object_get(r, "peer_id")), next, why);
	}
}

/* Live events as the API publishes them: {type, record}, and the outbox row
 * of a receipt (delivery, may be NULL). Each is seen only by those cleared
 * for its message. */
static void publish(struct exchange_sender *s, const char *event, json_t *rec, json_t *delivery)
{
	json_t *payload = json_pack("{ss sO sO*}", "type", "message", "record", rec, "delivery",
				    delivery);
	char *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
	if (text)
		event_bus_publish(s->opt.events, event, model_record_classification(rec), text);
	rics_free(text);
	json_decref(payload);
}

/* A row whose delivery is over without it: the peer refused it for good
 * ("refused", audited as its denial and announced) or is gone ("orphaned").
 * Nothing retries it until an administrator requeues it. */
static void stop_one(struct exchange_sender *s, json_t *r, const char *state, const char *why)
{
	const char *peer = json_string_value(json_object_get(r, "peer_id"));
	bool refused = !strcmp(state, "refused");
	struct audit_event ev = { .actor = refused ? peer : "system", .action = "deliver",
				  .object_type = "message", .outcome = "denied", .detail = why };
	json_t *rec = NULL;

	if (store_outbox_stop(s->opt.store, json_string_value(json_object_get(r, "message_id")),
			      peer, state, why, &ev, &rec))
		return;
	if (refused && s->opt.events)
		publish(s, "message.refused", rec, NULL);
	json_decref(rec);
}

static void stop_all(struct exchange_sender *s, json_t *rows, const char *state, const char *why)
{
	json_t *r;
	size_t i;
	json_array_foreach(rows, i, r)
		stop_one(s, r, state, why);
}

/* The peer's ack for an envelope, or NULL. */
static json_t *ack_of(json_t *acks, const char *envelope_id)
{
	json_t *a;
	size_t i;
	json_array_foreach(acks, i, a)
		if (!strcmp(json_string_value(json_object_get(a, "id")) ?: "", envelope_id))
			return a;
	return NULL;
}

/* The reason an ack gives, cut to what last_error and the audit keep. */
static const char *reason_of(json_t *ack, char why[256])
{
	const char *r = json_string_value(json_object_get(ack, "reason"));
	snprintf(why, 256, "%s", r && *r ? r : "refused by the peer");
	return why;
}

/* Mark acknowledged rows delivered, in one commit, and announce each row
 * that became delivered: one event per message, since each is filtered by
 * its own message's classification. */
static void delivered(struct exchange_sender *s, const char *peer, const char **ids, size_t n)
{
	json_t *receipts = NULL, *r;
	size_t i;

	if (store_outbox_delivered_many(s->opt.store, peer, ids, n, s->opt.events ? &receipts : NULL))
		return;
	json_array_foreach(receipts, i, r)
		publish(s, "message.delivered", json_object_get(r, "record"),
			json_object_get(r, "delivery"));
	json_decref(receipts);
}

/* Mark what the peer acknowledged, in one commit; what it refused ends
 * there; the rest waits for a retry. */
static void settle(struct exchange_sender *s, json_t *rows, json_t *envs, json_t *acks)
{
	const char **done = rics_calloc(json_array_size(rows) + 1, sizeof *done);
	json_t *left = json_array(), *r;
	char why[256];
	size_t i, n = 0;
	json_array_foreach(rows, i, r) {
		json_t *h = NULL, *ack = NULL;
		const char *st;
		if (done && !exchange_peek(json_array_get(envs, i), &h))
			ack = ack_of(acks, json_string_value(json_object_get(h, "id")));
		json_decref(h);
		st = json_string_value(json_object_get(ack, "status")) ?: "";
		if (!strcmp(st, "stored") || !strcmp(st, "duplicate"))
			done[n++] = json_string_value(json_object_get(r, "message_id"));
		else if (!strcmp(st, "refused"))
			stop_one(s, r, "refused", reason_of(ack, why));
		else
			json_array_append(left, r);
	}
	if (n)
		delivered(s, json_string_value(json_object_get(json_array_get(rows, 0), "peer_id")),
			  done, n);
	if (json_array_size(left))
		retry_all(s, left, "not acknowledged");
	json_decref(left);
	rics_free(done);
}

static json_t *envelopes_of(json_t *rows)
{
	json_t *envs = json_array(), *r;
	size_t i;
	json_array_foreach(rows, i, r)
		json_array_append_new(envs, json_loads(json_string_value(json_object_get(r, "envelope")),
						       0, NULL));
	return envs;
}

/* What one POST came to. A 401 is the peer refusing the sender itself (not
 * paired there, or under other keys): permanent until an administrator
 * acts. Anything else that failed (no answer, 5xx, the batch-window 403)
 * may pass later. */
struct post_result {
	json_t *acks;       /* 200: one ack per envelope */
	bool refused;       /* 401 */
	char why[256];      /* a failure: what the row's last_error keeps */
};

/* A 401 in the peer's own words; another status with its number too, as
 * the peers screen shows it ("HTTP 403: ... check both clocks"). */
static void answer_reason(const struct strbuf *answer, long status, char why[256])
{
	json_t *problem = json_loadb(answer->buf ?: "", answer->len, 0, NULL);
	const char *detail = json_string_value(json_object_get(problem, "detail"));
	if (status == 401)
		snprintf(why, 256, "%s", detail ? detail : "the peer refused this node's batch (401)");
	else
		snprintf(why, 256, "the peer answered HTTP %ld%s%s", status, detail ? ": " : "",
			 detail ? detail : "");
	json_decref(problem);
}

static int post_batch(struct exchange_sender *s, const struct store_peer *peer, json_t *envs,
		      struct post_result *res)
{
	struct strbuf url, answer, failure;
	json_t *batch = NULL, *reply = NULL;
	char *text = NULL;
	long status = 0;
	int rc = exchange_batch_make(&s->keys, s->node_id, peer->node_id, now_ms(), envs, &batch);

	strbuf_init(&url, 4096);
	strbuf_init(&answer, 1 << 20);
	strbuf_init(&failure, 4096);
	if (rc || (rc = strbuf_addf(&url, "%s/fed/v1/inbox", peer->url)) ||
	    !(text = json_dumps(batch, JSON_COMPACT)))
		goto out;
	rc = exchange_http(s->conn, url.buf, peer->tls_pin[0] ? peer->tls_pin : NULL, text,
			   s->opt.timeout_s, &status, &answer, &failure);
	if (rc)
		snprintf(res->why, sizeof res->why, "%s", failure.buf);
	res->refused = !rc && status == 401;
	if (!rc && status != 200) {
		answer_reason(&answer, status, res->why);
		rc = RICS_E_UNAUTHORIZED;
	}
	if (!rc && !(reply = json_loadb(answer.buf ?: "", answer.len, 0, NULL))) {
		snprintf(res->why, sizeof res->why, "the peer's answer is not JSON");
		rc = RICS_E_MALFORMED;
	}
	if (!rc)
		res->acks = json_incref(json_object_get(reply, "acks"));
out:
	rics_free(text);
	json_decref(batch);
	json_decref(reply);
	strbuf_release(&url);
	strbuf_release(&answer);
	strbuf_release(&failure);
	return rc;
}

/* A peer refuses a body above its max_body (1 MB by default): keep a batch
 * under half of that, whatever the messages weigh (at least one row). */
#define BATCH_BYTES_MAX (512 * 1024)

static void trim_to_size(json_t *rows)
{
	size_t bytes = 0, i;
	for (i = 0; i < json_array_size(rows); i++) {
		bytes += strlen(json_string_value(json_object_get(json_array_get(rows, i),
								  "envelope")) ?: "");
		if (i > 0 && bytes > BATCH_BYTES_MAX)
			break;
	}
	while (json_array_size(rows) > i)
		json_array_remove(rows, json_array_size(rows) - 1);
}

/* One batch for the peer whose row waited longest; false when none is due. */
static bool send_one_batch(struct exchange_sender *s)
{
	struct store_peer peer;
	struct post_result res = { 0 };
	json_t *rows = NULL, *envs = NULL;
	bool any = false;

	if (store_outbox_due(s->opt.store, now_ms(), s->opt.batch_max, &rows) ||
	    !json_array_size(rows))
		goto out;
	any = true;
	trim_to_size(rows);
	if (store_peer_get(s->opt.store,
			   json_string_value(json_object_get(json_array_get(rows, 0), "peer_id")),
			   &peer)) {
		stop_all(s, rows, "orphaned", "not a peer any more");
		goto out;
	}
	envs = envelopes_of(rows);
	if (!post_batch(s, &peer, envs, &res))
		settle(s, rows, envs, res.acks);
	else if (res.refused)
		stop_all(s, rows, "refused", res.why);
	else
		retry_all(s, rows, res.why[0] ? res.why : "peer did not accept the batch");
out:
	json_decref(rows);
	json_decref(envs);
	json_decref(res.acks);
	return any;
}

/* Announce requests that became overdue since the last look, once each. */
static void scan_overdue(struct exchange_sender *s)
{
	json_t *late = NULL, *rec;
	size_t i;

	if (!s->opt.events || now_ms() < s->next_overdue_scan)
		return;
	s->next_overdue_scan = now_ms() + 1000;
	if (store_message_overdue(s->opt.store, now_ms(), true, &late))
		return;
	json_array_foreach(late, i, rec)
		publish(s, "message.overdue", rec, NULL);
	json_decref(late);
}

static void *sender_main(void *arg)
{
	struct exchange_sender *s = arg;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		bool any;
		s->kicked = false;
		pthread_mutex_unlock(&s->lock);
		any = send_one_batch(s);
		scan_overdue(s);
		pthread_mutex_lock(&s->lock);
		if (!any && !s->kicked && !s->stopping) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += (long)s->opt.poll_ms * 1000000L;
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&s->wake, &s->lock, &until);
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int exchange_sender_start(const struct exchange_sender_options *o, struct exchange_sender **out)
{
	struct exchange_sender *s = rics_calloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	s->opt = *o;
	s->keys = *o->keys;
	snprintf(s->node_id, sizeof s->node_id, "%s", o->node_id);
	s->opt.keys = NULL;
	s->opt.node_id = NULL;
	if (net_open(&s->conn) != 0) {
		exchange_keys_wipe(&s->keys);
		rics_free(s);
		return -ENOMEM;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (pthread_create(&s->thread, NULL, sender_main, s) != 0) {
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->wake);
		net_free(s->conn);
		exchange_keys_wipe(&s->keys);
		rics_free(s);
		return -EAGAIN;
	}
	*out = s;
	return 0;
}

void exchange_sender_kick(struct exchange_sender *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->kicked = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

void exchange_sender_stop(struct exchange_sender *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	net_free(s->conn);
	exchange_keys_wipe(&s->keys);
	rics_free(s);
}
