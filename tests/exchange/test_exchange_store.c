// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of what the exchange keeps in the store, on a temporary store
 * with a fake clock: a message and its outbox rows exist together; due rows
 * come one peer at a time and wait for their retry time; delivered only
 * after every peer's ack; held rows wait for approval; a batch nonce is
 * refused the second time and forgotten after the window; an accepted
 * batch (not a replayed one) marks its peer heard from; an envelope
 * received twice is stored once; peers are added once and removed; a row
 * refused or orphaned stays so until it is requeued; the facts a peer's
 * link state comes from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/ids.h"
#include "exchange/exchange.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1795907163123
#define PEER_A "019a0000-0000-7000-8000-00000000000a"
#define PEER_B "019a0000-0000-7000-8000-00000000000b"

struct fixture {
	char dir[64], path[96];
	int64_t now;
	struct rics_clock clock;
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct store_node node = { 0 };
	struct store_options so = { .create = true, .readers = 2 };

	snprintf(f->dir, sizeof f->dir, "/tmp/rics-exstore-XXXXXX");
	if (rics_ids_init() || !mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/rics.db", f->dir);
	f->now = T0;
	f->clock.now_ms = rics_clock_fake_now;
	f->clock.ctx = &f->now;
	so.path = f->path;
	so.clock = &f->clock;
	if (store_open(&so, &f->s))
		return -1;
	rics_uuid7(T0, node.id);
	snprintf(node.name, sizeof node.name, "test node");
	snprintf(node.country, sizeof node.country, "KZ");
	snprintf(node.agency, sizeof node.agency, "border");
	rics_time_format(T0, node.created_at);
	*state = f;
	return store_node_create_self(f->s, &node);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[128];
	store_close(f->s);
	for (const char *const *x = (const char *const[]){ "", "-wal", "-shm", NULL }; *x; x++) {
		snprintf(p, sizeof p, "%s%s", f->path, *x);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static json_t *send(struct fixture *f, const char *subject, const char *status,
		    const char *const *peers, size_t n)
{
	char key[RICS_UUID_LEN];
	json_t *fields = json_pack("{ss ss s[s] ss}", "type", "notice", "subject", subject,
				   "recipients", PEER_A, "status", status), *out = NULL;
	rics_uuid7(f->now, key);
	assert_int_equal(store_message_send(f->s, fields, key, peers, "{\"env\":1}", n, "duty",
					    NULL, &out), 0);
	json_decref(fields);
	return out;
}

static const char *status_of(struct fixture *f, json_t *msg)
{
	static char buf[32];
	struct store_view all = { 3 };
	json_t *now = NULL;
	assert_int_equal(store_record_get(f->s, model_type_by_name("message"),
					  json_string_value(json_object_get(msg, "id")), &all, &now), 0);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(now, "status")));
	json_decref(now);
	return buf;
}

static size_t due(struct fixture *f, const char *peer)
{
	json_t *rows = NULL, *r;
	size_t i, n = 0;
	assert_int_equal(store_outbox_due(f->s, f->now, 50, &rows), 0);
	json_array_foreach(rows, i, r) {
		assert_string_equal(json_string_value(json_object_get(r, "peer_id")), peer);
		n++;
	}
	json_decref(rows);
	return n;
}

static void test_outbox_lifecycle(void **state)
{
	struct fixture *f = *state;
	const char *both[] = { PEER_A, PEER_B };
	json_t *m = send(f, "to two", "queued", both, 2);
	const char *id = json_string_value(json_object_get(m, "id"));

	assert_int_equal(due(f, PEER_A), 1); /* one peer per batch, A first (equal times: id) */
	assert_int_equal(store_outbox_retry(f->s, id, PEER_A, f->now + 5000, "down"), 0);
	assert_int_equal(due(f, PEER_B), 1);
	assert_int_equal(store_outbox_delivered(f->s, id, PEER_B), 0);
	assert_string_equal(status_of(f, m), "queued"); /* A has not acknowledged */
	assert_int_equal(due(f, PEER_A), 0);             /* A waits for its retry time */
	f->now += 5000;
	assert_int_equal(due(f, PEER_A), 1);
	assert_int_equal(store_outbox_delivered(f->s, id, PEER_A), 0);
	assert_string_equal(status_of(f, m), "delivered");
	assert_int_equal(due(f, PEER_A), 0);
	json_decref(m);
}

static void test_held_until_approved(void **state)
{
	struct fixture *f = *state;
	const char *one[] = { PEER_A };
	json_t *m = send(f, "secret", "pending_approval", one, 1), *m2;
	const char *id = json_string_value(json_object_get(m, "id"));

	assert_int_equal(due(f, PEER_A), 0);
	assert_int_equal(store_message_decide(f->s, id, true, NULL), 0);
	assert_string_equal(status_of(f, m), "queued");
	assert_int_equal(due(f, PEER_A), 1);
	assert_int_equal(store_message_decide(f->s, id, true, NULL), RICS_E_CONFLICT);
	m2 = send(f, "rejected", "pending_approval", one, 1);
	assert_int_equal(store_message_decide(f->s, json_string_value(json_object_get(m2, "id")),
					      false, NULL), 0);
	assert_string_equal(status_of(f, m2), "rejected");
	assert_int_equal(due(f, PEER_A), 1); /* only the approved one */
	json_decref(m);
	json_decref(m2);
}

static void test_batch_nonce(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_batch_accept(f->s, "n1", PEER_A, f->now, f->now - 600000), 0);
	assert_int_equal(store_batch_accept(f->s, "n1", PEER_A, f->now, f->now - 600000),
			 RICS_E_CONFLICT);
	/* forgotten once older than the window: the time check refuses it by then */
	f->now += 600001;
	assert_int_equal(store_batch_accept(f->s, "n2", PEER_A, f->now, f->now - 600000), 0);
	assert_int_equal(store_batch_accept(f->s, "n1", PEER_A, f->now, f->now - 600000), 0);
}

static void test_receive_once(void **state)
{
	struct fixture *f = *state;
	const char *key = "019a0000-0000-7000-8000-000000000777";
	json_t *fields = json_pack("{ss ss s[s] ss ss}", "type", "alert", "subject", "in",
				   "recipients", "x", "status", "received", "origin_node", PEER_A);
	json_t *out = NULL;
	char id[RICS_UUID_LEN];
	bool dup = true;

	assert_int_equal(store_message_receive(f->s, fields, NULL, key, PEER_A, NULL, &dup, &out), 0);
	assert_false(dup);
	assert_string_equal(json_string_value(json_object_get(out, "origin_node")), PEER_A);
	json_decref(out);
	out = NULL;
	assert_int_equal(store_message_receive(f->s, fields, NULL, key, PEER_A, NULL, &dup, &out), 0);
	assert_true(dup);
	assert_null(out);
	assert_int_equal(store_message_by_key(f->s, key, id), 0);
	assert_int_equal(store_message_by_key(f->s, "nope", id), RICS_E_NOT_FOUND);
	json_decref(fields);
}

static void peer_make(const char *id, struct store_peer *p)
{
	*p = (struct store_peer){ .accreditation = 2 };
	snprintf(p->node_id, sizeof p->node_id, "%s", id);
	snprintf(p->name, sizeof p->name, "Ak-Zhol");
	snprintf(p->url, sizeof p->url, "http://127.0.0.1:1");
	snprintf(p->country, sizeof p->country, "KG");
	snprintf(p->agency, sizeof p->agency, "border");
	snprintf(p->sign_pk, sizeof p->sign_pk, "x");
	snprintf(p->box_pk, sizeof p->box_pk, "y");
}

static void test_peers(void **state)
{
	struct fixture *f = *state;
	struct store_peer p, got;
	json_t *list = NULL;

	peer_make(PEER_A, &p);
	assert_int_equal(store_peer_add(f->s, &p, NULL), 0);
	assert_int_equal(store_peer_add(f->s, &p, NULL), RICS_E_CONFLICT);
	assert_int_equal(store_peer_get(f->s, PEER_A, &got), 0);
	assert_string_equal(got.name, "Ak-Zhol");
	assert_int_equal(got.accreditation, 2);
	assert_int_equal(store_peer_list(f->s, &list), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(store_peer_remove(f->s, PEER_A, NULL), 0);
	assert_int_equal(store_peer_remove(f->s, PEER_A, NULL), RICS_E_NOT_FOUND);
	assert_int_equal(store_peer_get(f->s, PEER_A, &got), RICS_E_NOT_FOUND);
}

/* A peer is heard from when its batch is accepted, and only then: a
 * replayed nonce (which anyone who saw the batch can send) leaves the time
 * as it was, and a node that is not a peer leaves no trace. */
static void test_heard_from(void **state)
{
	struct fixture *f = *state;
	struct store_peer p;
	struct store_peer_link l;
	const int64_t t0 = f->now;

	peer_make(PEER_A, &p);
	assert_int_equal(store_peer_add(f->s, &p, NULL), 0);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.last_heard_ms, 0);
	assert_int_equal(store_batch_accept(f->s, "n1", PEER_A, f->now, f->now - 600000), 0);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.last_heard_ms, t0);
	f->now += 1500;
	assert_int_equal(store_batch_accept(f->s, "n1", PEER_A, f->now, f->now - 600000),
			 RICS_E_CONFLICT);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.last_heard_ms, t0);
	assert_int_equal(store_batch_accept(f->s, "n2", PEER_A, f->now, f->now - 600000), 0);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.last_heard_ms, t0 + 1500);
	/* the state leaves it out: nothing waits, so up, heard or not */
	assert_int_equal(exchange_link_state(&l, f->now, 60000), EXCHANGE_LINK_UP);
	assert_int_equal(store_batch_accept(f->s, "n3", PEER_B, f->now, f->now - 600000), 0);
	assert_int_equal(store_peer_link(f->s, PEER_B, &l), 0);
	assert_int_equal(l.last_heard_ms, 0);
}

/* The undelivered rows of state, as "PEER:last_error" lines. */
static const char *undelivered(struct fixture *f, const char *state)
{
	static char buf[512];
	json_t *rows = NULL, *r;
	size_t i, len = 0;
	buf[0] = 0;
	assert_int_equal(store_outbox_list(f->s, state, 0, 50, &rows), 0);
	json_array_foreach(rows, i, r)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s:%s\n",
					json_string_value(json_object_get(r, "peer_id")) + 34,
					json_string_value(json_object_get(r, "last_error")) ?: "");
	json_decref(rows);
	return buf;
}

static void test_refused_until_requeued(void **state)
{
	struct fixture *f = *state;
	const char *both[] = { PEER_A, PEER_B };
	json_t *m = send(f, "to two", "queued", both, 2), *rec = NULL;
	const char *id = json_string_value(json_object_get(m, "id"));

	assert_int_equal(store_outbox_stop(f->s, id, PEER_A, "refused", "not paired", NULL, &rec),
			 0);
	assert_string_equal(json_string_value(json_object_get(rec, "id")), id);
	json_decref(rec);
	assert_int_equal(store_outbox_stop(f->s, id, PEER_A, "refused", "x", NULL, &rec),
			 RICS_E_CONFLICT);
	assert_int_equal(store_outbox_stop(f->s, id, PEER_A, "lost", "x", NULL, &rec),
			 RICS_E_INVALID);
	/* a late failure report leaves the refusal as it is */
	assert_int_equal(store_outbox_retry(f->s, id, PEER_A, f->now, "down"), 0);
	assert_string_equal(undelivered(f, "refused"), "0a:not paired\n");
	assert_string_equal(undelivered(f, NULL), "0a:not paired\n0b:\n");
	assert_int_equal(due(f, PEER_B), 1);
	assert_int_equal(store_outbox_delivered(f->s, id, PEER_B), 0);
	assert_string_equal(status_of(f, m), "queued"); /* not delivered to A */
	assert_int_equal(due(f, PEER_A), 0);
	assert_int_equal(store_outbox_requeue(f->s, id, PEER_A, NULL), 0);
	assert_string_equal(undelivered(f, "refused"), "");
	assert_int_equal(due(f, PEER_A), 1);
	assert_int_equal(store_outbox_delivered(f->s, id, PEER_A), 0);
	assert_string_equal(status_of(f, m), "delivered");
	assert_int_equal(store_outbox_requeue(f->s, id, PEER_A, NULL), RICS_E_CONFLICT);
	assert_int_equal(store_outbox_requeue(f->s, "nope", PEER_A, NULL), RICS_E_NOT_FOUND);
	assert_int_equal(store_outbox_list(f->s, "delivered", 0, 50, &rec), RICS_E_INVALID);
	json_decref(m);
}

static void test_orphaned_by_removal(void **state)
{
	struct fixture *f = *state;
	const char *one[] = { PEER_B };
	struct store_peer p;
	json_t *held, *queued;

	peer_make(PEER_B, &p);
	assert_int_equal(store_peer_add(f->s, &p, NULL), 0);
	held = send(f, "held", "pending_approval", one, 1);
	queued = send(f, "queued", "queued", one, 1);
	assert_int_equal(store_peer_remove(f->s, PEER_B, NULL), 0);
	assert_string_equal(undelivered(f, "orphaned"),
			    "0b:the peer was removed\n0b:the peer was removed\n");
	assert_int_equal(store_message_decide(f->s, json_string_value(json_object_get(held, "id")),
					      true, NULL), 0);
	assert_int_equal(due(f, PEER_B), 0); /* approval does not revive an orphan */
	json_decref(held);
	json_decref(queued);
}

/* The facts of the link rule: the oldest waiting row's time, attempts and
 * error, the last delivery; and the state they make as the clock moves. */
static void test_peer_link(void **state)
{
	struct fixture *f = *state;
	const char *one[] = { PEER_A };
	const int64_t w = 60000, t0 = f->now;
	struct store_peer_link l;
	json_t *m1, *m2;

	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.waiting, 0);
	assert_int_equal(l.last_delivered_ms, 0);
	m1 = send(f, "first", "queued", one, 1);
	f->now += 1000;
	m2 = send(f, "second", "queued", one, 1);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.waiting, 2);
	assert_int_equal(l.oldest_ms, t0);
	assert_int_equal(l.attempts, 0);
	assert_string_equal(l.last_error, "");
	assert_int_equal(exchange_link_state(&l, f->now, w), EXCHANGE_LINK_UP);

	assert_int_equal(store_outbox_retry(f->s, json_string_value(json_object_get(m1, "id")),
					    PEER_A, f->now + 2000, "no answer"), 0);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.attempts, 1);
	assert_int_equal(l.next_ms, f->now + 2000);
	assert_string_equal(l.last_error, "no answer");
	assert_int_equal(exchange_link_state(&l, f->now, w), EXCHANGE_LINK_DEGRADED);
	assert_int_equal(exchange_link_state(&l, t0 + w, w), EXCHANGE_LINK_DEGRADED);
	assert_int_equal(exchange_link_state(&l, t0 + w + 1, w), EXCHANGE_LINK_DOWN);

	/* the oldest goes through: the second one is now the oldest, untried */
	f->now += 5000;
	assert_int_equal(store_outbox_delivered(f->s, json_string_value(json_object_get(m1, "id")),
						PEER_A), 0);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.waiting, 1);
	assert_int_equal(l.oldest_ms, t0 + 1000);
	assert_int_equal(l.attempts, 0);
	assert_int_equal(l.last_delivered_ms, f->now);
	assert_int_equal(exchange_link_state(&l, f->now, w), EXCHANGE_LINK_UP);
	f->now += 1000;
	assert_int_equal(store_outbox_delivered(f->s, json_string_value(json_object_get(m2, "id")),
						PEER_A), 0);
	assert_int_equal(store_peer_link(f->s, PEER_A, &l), 0);
	assert_int_equal(l.waiting, 0);
	assert_int_equal(l.last_delivered_ms, f->now);
	/* another peer's rows are not this one's */
	assert_int_equal(store_peer_link(f->s, PEER_B, &l), 0);
	assert_int_equal(l.waiting + l.last_delivered_ms, 0);
	json_decref(m1);
	json_decref(m2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_outbox_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_until_approved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_nonce, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heard_from, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receive_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_until_requeued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orphaned_by_removal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_link, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
