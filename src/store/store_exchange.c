// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * What the exchange keeps: the peers this node is paired with (their public
 * keys, fixed at pairing, and how far they are accredited). Adding or
 * removing a peer is audited in the same transaction.
 */
#include "store/store_int.h"

#include "core/error.h"
#include "model/model.h"

#include <errno.h>
#include <string.h>

#define PEER_COLUMNS "node_id, name, url, country, agency, accreditation, sign_pk, box_pk," \
		     " fingerprint, tls_pin, state, created_at"

struct peer_args {
	struct store_peer *p;
	const struct audit_event *ev;
};

static int peer_add_op(struct store *s, struct conn *c, void *arg)
{
	struct peer_args *a = arg;
	const struct store_peer *p = a->p;
	sqlite3_stmt *st = conn_prepare(c, "INSERT INTO peer (" PEER_COLUMNS ")"
					   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)");
	int rc;

	if (st) {
		bind_text(st, 1, p->node_id);
		bind_text(st, 2, p->name);
		bind_text(st, 3, p->url);
		bind_text(st, 4, p->country);
		bind_text(st, 5, p->agency);
		sqlite3_bind_int(st, 6, p->accreditation);
		bind_text(st, 7, p->sign_pk);
		bind_text(st, 8, p->box_pk);
		bind_text(st, 9, p->fingerprint);
		bind_text(st, 10, p->tls_pin[0] ? p->tls_pin : NULL);
		bind_text(st, 11, p->created_at);
	}
	rc = step_done(c, st);
	if (!rc)
		rc = audit_if(s, c, a->ev, p->node_id);
	return rc;
}

int store_peer_add(struct store *s, struct store_peer *p, const struct audit_event *ev)
{
	struct store_peer tmp = *p;
	struct peer_args a = { &tmp, ev };
	int rc;

	rics_time_format(store_now(s), tmp.created_at);
	snprintf(tmp.state, sizeof tmp.state, "active");
	rc = store_write(s, peer_add_op, &a);
	if (!rc)
		*p = tmp;
	return rc;
}

static void peer_read(sqlite3_stmt *st, struct store_peer *p)
{
	column_copy(st, 0, p->node_id, sizeof p->node_id);
	column_copy(st, 1, p->name, sizeof p->name);
	column_copy(st, 2, p->url, sizeof p->url);
	column_copy(st, 3, p->country, sizeof p->country);
	column_copy(st, 4, p->agency, sizeof p->agency);
	p->accreditation = sqlite3_column_int(st, 5);
	column_copy(st, 6, p->sign_pk, sizeof p->sign_pk);
	column_copy(st, 7, p->box_pk, sizeof p->box_pk);
	column_copy(st, 8, p->fingerprint, sizeof p->fingerprint);
	column_copy(st, 9, p->tls_pin, sizeof p->tls_pin);
	column_copy(st, 10, p->state, sizeof p->state);
	column_copy(st, 11, p->created_at, sizeof p->created_at);
}

int store_peer_get(struct store *s, const char *node_id, struct store_peer *out)
{
	struct conn *c = store_reader_get(s);
	sqlite3_stmt *st = conn_prepare(c, "SELECT " PEER_COLUMNS " FROM peer WHERE node_id = ?");
	struct store_peer p;
	int rc;

	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	bind_text(st, 1, node_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		peer_read(st, &p);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? RICS_E_NOT_FOUND : store_sqlite_error(rc);
	sqlite3_reset(st);
	if (!rc)
		*out = p;
out:
	store_reader_put(s, c);
	return rc;
}

json_t *store_peer_json(const struct store_peer *p)
{
	return json_pack("{ss ss ss ss ss ss ss ss ss ss* ss ss}", "node_id", p->node_id, "name",
			 p->name, "url", p->url, "country", p->country, "agency", p->agency,
			 "accreditation", classification_name(p->accreditation), "sign_pk",
			 p->sign_pk, "box_pk", p->box_pk, "fingerprint", p->fingerprint,
			 "tls_pin", p->tls_pin[0] ? p->tls_pin : NULL, "state", p->state,
			 "created_at", p->created_at);
}

static json_t *peer_row(sqlite3_stmt *st, void *ctx)
{
	struct store_peer p;
	(void)ctx;
	peer_read(st, &p);
	return store_peer_json(&p);
}

int store_peer_list(struct store *s, json_t **out)
{
	return store_list_json(s, "SELECT " PEER_COLUMNS " FROM peer ORDER BY created_at, node_id",
			       peer_row, NULL, out);
}

int store_peer_remove(struct store *s, const char *node_id, const struct audit_event *ev)
{
	return store_write_by_id(s, "DELETE FROM peer WHERE node_id = ?", node_id, ev);
}

/* ---- messages: outbox and inbox ---- */

struct send_args {
	json_t *fields;
	const char *envelope_id, *envelope, *created_by;
	const char *const *peers;
	size_t npeers;
	const struct audit_event *ev;
	json_t *out;
};

static int outbox_insert(struct store *s, struct conn *c, const char *message_id,
			 const char *peer, const char *envelope)
{
	sqlite3_stmt *st = conn_prepare(c, "INSERT INTO outbox (message_id, peer_id, envelope,"
					   " queued_at) VALUES (?, ?, ?, ?)");
	if (st) {
		bind_text(st, 1, message_id);
		bind_text(st, 2, peer);
		bind_text(st, 3, envelope);
		sqlite3_bind_int64(st, 4, store_now(s));
	}
	return step_done(c, st);
}

static int send_op(struct store *s, struct conn *c, void *arg)
{
	struct send_args *a = arg;
	const struct record_type *t = model_type_by_name("message");
	char id[RICS_UUID_LEN];
	bool duplicate;
	int rc = insert_row(s, c, t, a->fields, a->created_by, a->envelope_id, id, &duplicate);

	if (!rc && duplicate)
		rc = RICS_E_CONFLICT;
	for (size_t i = 0; !rc && i < a->npeers; i++)
		rc = outbox_insert(s, c, id, a->peers[i], a->envelope);
	if (!rc)
		rc = audit_if(s, c, a->ev, id);
	if (!rc)
		rc = select_by_id(c, t, id, CLS_SECRET, &a->out);
	return rc;
}

int store_message_send(struct store *s, json_t *fields, const char *envelope_id,
		       const char *const *peers, const char *envelope, size_t npeers,
		       const char *created_by, const struct audit_event *ev, json_t **out)
{
	struct send_args a = { fields, envelope_id, envelope, created_by, peers, npeers, ev, NULL };
	int rc = store_write(s, send_op, &a);
	if (rc)
		json_decref(a.out);
	else
		*out = a.out;
	return rc;
}

static json_t *due_row(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{ss ss ss si}", "message_id", sqlite3_column_text(st, 0), "peer_id",
			 sqlite3_column_text(st, 1), "envelope", sqlite3_column_text(st, 2),
			 "attempts", sqlite3_column_int(st, 3));
}

int store_outbox_due(struct store *s, int64_t now_ms, unsigned limit, json_t **out)
{
	char sql[640];
	/* One peer per batch: the one whose due row waited longest. Rows are
	 * picked in rowid order (the order they were queued) from the index
	 * alone: queued_at lies after the envelope in the row, on its overflow
	 * pages, so ordering by it read every queued envelope for each batch. */
	snprintf(sql, sizeof sql,
		 "SELECT message_id, peer_id, envelope, attempts FROM outbox WHERE rowid IN ("
		 "SELECT rowid FROM outbox WHERE state = 'queued' AND next_at <= %lld AND peer_id ="
		 " (SELECT peer_id FROM outbox WHERE state = 'queued' AND next_at <= %lld ORDER BY"
		 " rowid LIMIT 1) ORDER BY rowid LIMIT %u) ORDER BY rowid",
		 (long long)now_ms, (long long)now_ms, limit);
	return store_list_json(s, sql, due_row, NULL, out);
}

struct outbox_args {
	const char *message_id, *peer_id, *why;
	int64_t next_at;
};

static int delivered_op(struct store *s, struct conn *c, void *arg)
{
	struct outbox_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE outbox SET state = 'delivered', delivered_at = ?"
					   " WHERE message_id = ? AND peer_id = ? AND state = 'queued'");
	int rc;
	if (st) {
		sqlite3_bind_int64(st, 1, store_now(s));
		bind_text(st, 2, a->message_id);
		bind_text(st, 3, a->peer_id);
	}
	if ((rc = step_done(c, st)) != 0)
		return rc;
	/* +state: look the message's rows up by key; the index on state would
	 * visit every queued row of every message */
	st = conn_prepare(c, "UPDATE message SET status = 'delivered', version = version + 1"
			     " WHERE id = ?1 AND status IN ('queued', 'sent') AND NOT EXISTS"
			     " (SELECT 1 FROM outbox WHERE message_id = ?1 AND +state = 'queued')");
	if (st)
		bind_text(st, 1, a->message_id);
	return step_done(c, st);
}

int store_outbox_delivered(struct store *s, const char *message_id, const char *peer_id)
{
	struct outbox_args a = { message_id, peer_id, NULL, 0 };
	return store_write(s, delivered_op, &a);
}

static int retry_op(struct store *s, struct conn *c, void *arg)
{
	struct outbox_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE outbox SET attempts = attempts + 1, next_at = ?,"
					   " last_error = ? WHERE message_id = ? AND peer_id = ?");
	(void)s;
	if (st) {
		sqlite3_bind_int64(st, 1, a->next_at);
		bind_text(st, 2, a->why);
		bind_text(st, 3, a->message_id);
		bind_text(st, 4, a->peer_id);
	}
	return step_done(c, st);
}

int store_outbox_retry(struct store *s, const char *message_id, const char *peer_id,
		       int64_t next_at, const char *why)
{
	struct outbox_args a = { message_id, peer_id, why, next_at };
	return store_write(s, retry_op, &a);
}

static json_t *stats_row(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{ss sI sI}", "peer_id", sqlite3_column_text(st, 0), "queued",
			 (json_int_t)sqlite3_column_int64(st, 1), "oldest",
			 (json_int_t)sqlite3_column_int64(st, 2));
}

int store_outbox_stats(struct store *s, json_t **out)
{
	return store_list_json(s, "SELECT peer_id, count(*), min(queued_at) FROM outbox WHERE"
				  " state = 'queued' GROUP BY peer_id ORDER BY peer_id",
			       stats_row, NULL, out);
}

struct nonce_args {
	const char *nonce, *sender;
	int64_t now, forget_before;
};

static int nonce_op(struct store *s, struct conn *c, void *arg)
{
	struct nonce_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "DELETE FROM batch_nonce WHERE seen_at < ?");
	int rc;
	(void)s;
	if (st)
		sqlite3_bind_int64(st, 1, a->forget_before);
	if ((rc = step_done(c, st)) != 0)
		return rc;
	st = conn_prepare(c, "INSERT INTO batch_nonce (nonce, sender, seen_at) VALUES (?, ?, ?)"
			     " ON CONFLICT (nonce) DO NOTHING");
	if (st) {
		bind_text(st, 1, a->nonce);
		bind_text(st, 2, a->sender);
		sqlite3_bind_int64(st, 3, a->now);
	}
	rc = step_done(c, st);
	return !rc && sqlite3_changes(c->db) == 0 ? RICS_E_CONFLICT : rc;
}

int store_batch_nonce(struct store *s, const char *nonce, const char *sender, int64_t now_ms,
		      int64_t forget_before_ms)
{
	struct nonce_args a = { nonce, sender, now_ms, forget_before_ms };
	return store_write(s, nonce_op, &a);
}

struct receive_args {
	json_t *fields;
	const char *envelope_id, *sender;
	const struct audit_event *ev;
	bool duplicate;
	json_t *out;
};

static int receive_op(struct store *s, struct conn *c, void *arg)
{
	struct receive_args *a = arg;
	const struct record_type *t = model_type_by_name("message");
	char id[RICS_UUID_LEN];
	int rc = insert_row(s, c, t, a->fields, a->sender, a->envelope_id, id, &a->duplicate);

	if (rc || a->duplicate)
		return rc;
	if ((rc = audit_if(s, c, a->ev, id)) != 0)
		return rc;
	return select_by_id(c, t, id, CLS_SECRET, &a->out);
}

int store_message_receive(struct store *s, json_t *fields, const char *envelope_id,
			  const char *sender, const struct audit_event *ev, bool *duplicate,
			  json_t **out)
{
	struct receive_args a = { fields, envelope_id, sender, ev, false, NULL };
	int rc = store_write(s, receive_op, &a);
	if (rc) {
		json_decref(a.out);
		return rc;
	}
	*duplicate = a.duplicate;
	*out = a.out;
	return 0;
}

struct receive_many_args {
	const char *sender;
	struct store_received *items;
	size_t n;
};

static int receive_many_op(struct store *s, struct conn *c, void *arg)
{
	struct receive_many_args *m = arg;
	int rc = 0;

	for (size_t i = 0; !rc && i < m->n; i++) {
		struct store_received *it = &m->items[i];
		struct receive_args a = { it->fields, it->envelope_id, m->sender, it->ev, false, NULL };
		rc = receive_op(s, c, &a);
		it->duplicate = a.duplicate;
		it->out = a.out;
	}
	return rc;
}

int store_message_receive_many(struct store *s, const char *sender, struct store_received *items,
			       size_t n)
{
	struct receive_many_args m = { sender, items, n };
	int rc = store_write(s, receive_many_op, &m);

	for (size_t i = 0; rc && i < n; i++) {
		json_decref(items[i].out);
		items[i].out = NULL;
		items[i].duplicate = false;
	}
	return rc;
}

struct delivered_many_args {
	const char *const *message_ids;
	const char *peer_id;
	size_t n;
};

static int delivered_many_op(struct store *s, struct conn *c, void *arg)
{
	struct delivered_many_args *m = arg;
	int rc = 0;
	for (size_t i = 0; !rc && i < m->n; i++) {
		struct outbox_args a = { m->message_ids[i], m->peer_id, NULL, 0 };
		rc = delivered_op(s, c, &a);
	}
	return rc;
}

int store_outbox_delivered_many(struct store *s, const char *peer_id,
				const char *const *message_ids, size_t n)
{
	struct delivered_many_args m = { message_ids, peer_id, n };
	return n ? store_write(s, delivered_many_op, &m) : 0;
}
