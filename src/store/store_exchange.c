// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * What the exchange keeps: the peers this node is paired with (their public
 * keys, fixed at pairing, and how far they are accredited). Adding or
 * removing a peer is audited in the same transaction.
 */
#include "store/store_int.h"

#include "core/alloc.h"
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

static void peer_row_read(sqlite3_stmt *st, void *out)
{
	peer_read(st, out);
}

int store_peer_get(struct store *s, const char *node_id, struct store_peer *out)
{
	struct store_peer p;
	int rc = store_get_row(s, "SELECT " PEER_COLUMNS " FROM peer WHERE node_id = ?", node_id,
			       peer_row_read, &p);
	if (!rc)
		*out = p;
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

struct remove_args {
	const char *node_id;
	const struct audit_event *ev;
};

/* The peer goes, and what was still waiting for it is orphaned in the same
 * commit: nothing would ever deliver it, and an administrator can see and
 * requeue it (store_outbox_requeue) once the node is paired again. */
static int peer_remove_op(struct store *s, struct conn *c, void *arg)
{
	struct remove_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "DELETE FROM peer WHERE node_id = ?");
	int rc;

	if (st)
		bind_text(st, 1, a->node_id);
	if ((rc = step_done(c, st)) != 0)
		return rc;
	if (sqlite3_changes(c->db) == 0)
		return RICS_E_NOT_FOUND;
	st = conn_prepare(c, "UPDATE outbox SET state = 'orphaned', last_error = 'the peer was"
			     " removed' WHERE peer_id = ? AND state IN ('queued', 'held')");
	if (st)
		bind_text(st, 1, a->node_id);
	if ((rc = step_done(c, st)) != 0)
		return rc;
	return audit_if(s, c, a->ev, a->node_id);
}

int store_peer_remove(struct store *s, const char *node_id, const struct audit_event *ev)
{
	struct remove_args a = { node_id, ev };
	return store_write(s, peer_remove_op, &a);
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
			 const char *peer, const char *envelope, bool held)
{
	sqlite3_stmt *st = conn_prepare(c, "INSERT INTO outbox (message_id, peer_id, envelope,"
					   " queued_at, state) VALUES (?, ?, ?, ?, ?)");
	if (st) {
		bind_text(st, 1, message_id);
		bind_text(st, 2, peer);
		bind_text(st, 3, envelope);
		sqlite3_bind_int64(st, 4, store_now(s));
		bind_text(st, 5, held ? "held" : "queued");
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
	const char *status = json_string_value(json_object_get(a->fields, "status"));
	bool held = status && !strcmp(status, "pending_approval");

	for (size_t i = 0; !rc && i < a->npeers; i++)
		rc = outbox_insert(s, c, id, a->peers[i], a->envelope, held);
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

/* A time column in ms as RFC 3339, or null. */
static json_t *time_or_null(sqlite3_stmt *st, int col)
{
	char when[RICS_TIME_LEN];
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	rics_time_format(sqlite3_column_int64(st, col), when);
	return json_string(when);
}

static json_t *delivery_row(sqlite3_stmt *st, void *ctx)
{
	const char *err = (const char *)sqlite3_column_text(st, 8);
	(void)ctx;
	return json_pack("{ss ss ss ss si so so so ss*}", "message_id", sqlite3_column_text(st, 0),
			 "peer_id", sqlite3_column_text(st, 1), "peer_name",
			 sqlite3_column_text(st, 2), "state", sqlite3_column_text(st, 3),
			 "attempts", sqlite3_column_int(st, 4), "queued_at", time_or_null(st, 5),
			 "delivered_at", time_or_null(st, 6), "read_at", time_or_null(st, 7),
			 "last_error", err);
}

/* An outbox row as store_message_deliveries lists it (delivery_row). */
#define DELIVERY_SQL                                                                           \
	"SELECT o.message_id, o.peer_id, coalesce(p.name, o.peer_id), o.state, o.attempts,"    \
	" o.queued_at, o.delivered_at, o.read_at, o.last_error FROM outbox o JOIN message m"   \
	" ON m.id = o.message_id LEFT JOIN peer p ON p.node_id = o.peer_id"

/* What a receipt event carries, read in the write that made it:
 * {record: the message, delivery: its row for the peer}. */
static int receipt_of(struct conn *c, const char *message_id, const char *peer_id, json_t **out)
{
	sqlite3_stmt *st = conn_prepare(c, DELIVERY_SQL " WHERE o.message_id = ? AND o.peer_id = ?");
	json_t *row = NULL, *rec = NULL;
	int rc;

	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	bind_text(st, 1, message_id);
	bind_text(st, 2, peer_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = (row = delivery_row(st, NULL)) ? 0 : -ENOMEM;
	else
		rc = rc == SQLITE_DONE ? RICS_E_NOT_FOUND : store_sqlite_error(rc);
	sqlite3_reset(st);
	if (!rc)
		rc = select_by_id(c, model_type_by_name("message"), message_id, CLS_SECRET, &rec);
	if (!rc && !(*out = json_pack("{sO sO}", "record", rec, "delivery", row)))
		rc = -ENOMEM;
	json_decref(rec);
	json_decref(row);
	return rc;
}

struct outbox_args {
	const char *message_id, *peer_id, *why;
	int64_t next_at;
	bool changed; /* the op changed the row */
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
	a->changed = sqlite3_changes(c->db) > 0;
	/* +state: look the message's rows up by key; the index on state would
	 * visit every queued row of every message */
	st = conn_prepare(c, "UPDATE message SET status = 'delivered', version = version + 1"
			     " WHERE id = ?1 AND status IN ('queued', 'sent') AND NOT EXISTS"
			     " (SELECT 1 FROM outbox WHERE message_id = ?1 AND +state IN ('queued',"
			     " 'refused', 'orphaned'))");
	if (st)
		bind_text(st, 1, a->message_id);
	return step_done(c, st);
}

int store_outbox_delivered(struct store *s, const char *message_id, const char *peer_id)
{
	struct outbox_args a = { message_id, peer_id, NULL, 0, false };
	return store_write(s, delivered_op, &a);
}

static int retry_op(struct store *s, struct conn *c, void *arg)
{
	struct outbox_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE outbox SET attempts = attempts + 1, next_at = ?,"
					   " last_error = ? WHERE message_id = ? AND peer_id = ?"
					   " AND state = 'queued'");
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
	struct outbox_args a = { message_id, peer_id, why, next_at, false };
	return store_write(s, retry_op, &a);
}

struct read_args {
	struct outbox_args row;
	json_t *out;
};

static int read_op(struct store *s, struct conn *c, void *arg)
{
	struct read_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE outbox SET read_at = ? WHERE message_id = ?"
					   " AND peer_id = ? AND read_at IS NULL");
	int rc;
	if (st) {
		sqlite3_bind_int64(st, 1, store_now(s));
		bind_text(st, 2, a->row.message_id);
		bind_text(st, 3, a->row.peer_id);
	}
	if ((rc = step_done(c, st)) != 0 || sqlite3_changes(c->db) == 0)
		return rc;
	return receipt_of(c, a->row.message_id, a->row.peer_id, &a->out);
}

int store_outbox_read(struct store *s, const char *message_id, const char *peer_id,
		      json_t **out)
{
	struct read_args a = { { message_id, peer_id, NULL, 0, false }, NULL };
	int rc = store_write(s, read_op, &a);
	if (rc)
		json_decref(a.out);
	else
		*out = a.out;
	return rc;
}

int store_message_deliveries(struct store *s, json_t *ids, const struct store_view *view,
			     json_t **out)
{
	char *list = json_dumps(ids, JSON_COMPACT), *sql = NULL;
	int rc = -ENOMEM;

	/* %Q quotes the list: the ids never reach the SQL as SQL */
	if (list)
		sql = sqlite3_mprintf(DELIVERY_SQL " WHERE o.message_id IN (SELECT value FROM"
				      " json_each(%Q)) AND m.classification <= %d ORDER BY"
				      " o.message_id, p.name, o.peer_id", list,
				      view->max_classification);
	if (sql)
		rc = store_list_json(s, sql, delivery_row, NULL, out);
	sqlite3_free(sql);
	rics_free(list);
	return rc;
}

static json_t *stats_row(sqlite3_stmt *st, void *ctx)
{
	(void)ctx;
	return json_pack("{ss sI sI sI sI sI}", "peer_id", sqlite3_column_text(st, 0), "queued",
			 (json_int_t)sqlite3_column_int64(st, 1), "oldest",
			 (json_int_t)sqlite3_column_int64(st, 2), "delivered",
			 (json_int_t)sqlite3_column_int64(st, 3), "latency_ms",
			 (json_int_t)sqlite3_column_int64(st, 4), "refused",
			 (json_int_t)sqlite3_column_int64(st, 5));
}

/* One pass over the index on (peer_id, state, queued_at, delivered_at),
 * which holds every column read: the rows, each with its envelope and the
 * times behind it on overflow pages, are never read. Counting per (peer,
 * state) there and folding the few groups into a row per peer costs a
 * quarter of evaluating every condition on every row. */
int store_outbox_stats(struct store *s, json_t **out)
{
	return store_list_json(s, "SELECT peer_id, coalesce(sum(CASE WHEN state = 'queued' THEN n"
				  " END), 0), coalesce(min(CASE WHEN state = 'queued' THEN oldest"
				  " END), 0), coalesce(sum(CASE WHEN state = 'delivered' THEN n END),"
				  " 0), coalesce(sum(latency), 0), coalesce(sum(CASE WHEN state ="
				  " 'refused' THEN n END), 0) FROM (SELECT peer_id, state, count(*) AS"
				  " n, min(queued_at) AS oldest, sum(delivered_at - queued_at) AS"
				  " latency FROM outbox INDEXED BY outbox_peer_state GROUP BY peer_id,"
				  " state) GROUP BY peer_id ORDER BY peer_id",
			       stats_row, NULL, out);
}

static void link_read(sqlite3_stmt *st, void *out)
{
	struct store_peer_link *l = out;
	l->waiting = sqlite3_column_int64(st, 0);
	l->oldest_ms = sqlite3_column_int64(st, 1);
	l->attempts = sqlite3_column_int(st, 2);
	l->next_ms = sqlite3_column_int64(st, 3);
	column_copy(st, 4, l->last_error, sizeof l->last_error);
	l->last_delivered_ms = sqlite3_column_int64(st, 5);
	l->last_heard_ms = 0;
	if (sqlite3_column_type(st, 6) != SQLITE_NULL) /* only ever written by accept_op */
		(void)rics_time_parse((const char *)sqlite3_column_text(st, 6), &l->last_heard_ms);
}

/* Rows are queued in rowid order, so the oldest waiting row and the one
 * queued last of those delivered are found by rowid in the outbox_due index
 * alone; only those two rows are read (their times lie past the envelope,
 * on its overflow pages), and the peer's own row by its key. */
int store_peer_link(struct store *s, const char *peer_id, struct store_peer_link *out)
{
	return store_get_row(
		s,
		"SELECT (SELECT count(*) FROM outbox WHERE state = 'queued' AND peer_id = ?1),"
		" coalesce(q.queued_at, 0), coalesce(q.attempts, 0), coalesce(q.next_at, 0),"
		" coalesce(q.last_error, ''), coalesce((SELECT delivered_at FROM outbox WHERE"
		" rowid = (SELECT max(rowid) FROM outbox WHERE state = 'delivered' AND peer_id ="
		" ?1)), 0), (SELECT last_heard_at FROM peer WHERE node_id = ?1) FROM (SELECT 1)"
		" LEFT JOIN outbox q ON q.rowid = (SELECT min(rowid) FROM outbox WHERE state ="
		" 'queued' AND peer_id = ?1)",
		peer_id, link_read, out);
}

struct accept_args {
	const char *nonce, *sender;
	int64_t now, forget_before;
};

/* The nonce is the replay check, so the time a peer was heard from is
 * written only past it; here every accepted batch, even one whose envelopes
 * are all refused or only receipts, costs one UPDATE in a commit it makes
 * anyway. */
static int accept_op(struct store *s, struct conn *c, void *arg)
{
	struct accept_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "DELETE FROM batch_nonce WHERE seen_at < ?");
	char now[RICS_TIME_LEN];
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
	if ((rc = step_done(c, st)) != 0)
		return rc;
	if (sqlite3_changes(c->db) == 0)
		return RICS_E_CONFLICT;
	rics_time_format(a->now, now);
	st = conn_prepare(c, "UPDATE peer SET last_heard_at = ? WHERE node_id = ?");
	if (st) {
		bind_text(st, 1, now);
		bind_text(st, 2, a->sender);
	}
	return step_done(c, st);
}

int store_batch_accept(struct store *s, const char *nonce, const char *sender, int64_t now_ms,
		       int64_t forget_before_ms)
{
	struct accept_args a = { nonce, sender, now_ms, forget_before_ms };
	return store_write(s, accept_op, &a);
}

struct receive_args {
	json_t *fields, *attachments;
	const char *envelope_id, *sender;
	const struct audit_event *ev;
	bool duplicate;
	json_t *out;
};

/* Attachment i is stored with import key "ENVELOPE:i". */
static int insert_attachments(struct store *s, struct conn *c, struct receive_args *a)
{
	char key[RICS_UUID_LEN + 16], id[RICS_UUID_LEN];
	json_t *att;
	size_t i;
	bool dup;
	int rc = 0;

	json_array_foreach(a->attachments, i, att) {
		const struct record_type *t = model_type_by_plural(
			json_string_value(json_object_get(att, "type")) ?: "");
		if (!t)
			return RICS_E_INVALID;
		snprintf(key, sizeof key, "%s:%zu", a->envelope_id, i);
		if ((rc = insert_row(s, c, t, json_object_get(att, "fields"), a->sender, key, id,
				     &dup)))
			break;
	}
	return rc;
}

static int receive_op(struct store *s, struct conn *c, void *arg)
{
	struct receive_args *a = arg;
	const struct record_type *t = model_type_by_name("message");
	char id[RICS_UUID_LEN];
	int rc = insert_row(s, c, t, a->fields, a->sender, a->envelope_id, id, &a->duplicate);

	if (rc || a->duplicate)
		return rc;
	if ((rc = insert_attachments(s, c, a)) != 0 || (rc = audit_if(s, c, a->ev, id)) != 0)
		return rc;
	return select_by_id(c, t, id, CLS_SECRET, &a->out);
}

int store_message_receive(struct store *s, json_t *fields, json_t *attachments,
			  const char *envelope_id, const char *sender,
			  const struct audit_event *ev, bool *duplicate, json_t **out)
{
	struct receive_args a = { fields, attachments, envelope_id, sender, ev, false, NULL };
	int rc = store_write(s, receive_op, &a);
	if (rc) {
		json_decref(a.out);
		return rc;
	}
	*duplicate = a.duplicate;
	*out = a.out;
	return 0;
}

struct decide_args {
	const char *message_id;
	bool approve;
	const struct audit_event *ev;
};

static int decide_op(struct store *s, struct conn *c, void *arg)
{
	struct decide_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE message SET status = ?, version = version + 1,"
					   " updated_at = ? WHERE id = ? AND status ="
					   " 'pending_approval'");
	char now[RICS_TIME_LEN];
	int rc;

	rics_time_format(store_now(s), now);
	if (st) {
		bind_text(st, 1, a->approve ? "queued" : "rejected");
		bind_text(st, 2, now);
		bind_text(st, 3, a->message_id);
	}
	if ((rc = step_done(c, st)) != 0)
		return rc;
	if (sqlite3_changes(c->db) == 0)
		return RICS_E_CONFLICT;
	/* only held rows: those of a peer removed meanwhile stay orphaned */
	st = conn_prepare(c, a->approve ? "UPDATE outbox SET state = 'queued' WHERE message_id = ?"
					  " AND state = 'held'"
					: "DELETE FROM outbox WHERE message_id = ?");
	if (st)
		bind_text(st, 1, a->message_id);
	if ((rc = step_done(c, st)) != 0)
		return rc;
	return audit_if(s, c, a->ev, a->message_id);
}

int store_message_decide(struct store *s, const char *message_id, bool approve,
			 const struct audit_event *ev)
{
	struct decide_args a = { message_id, approve, ev };
	return store_write(s, decide_op, &a);
}

static void id_read(sqlite3_stmt *st, void *out)
{
	column_copy(st, 0, out, RICS_UUID_LEN);
}

/* One id-sized text column of the one row sql (one parameter) finds. */
static int lookup(struct store *s, const char *sql, const char *arg, char out[RICS_UUID_LEN])
{
	return store_get_row(s, sql, arg, id_read, out);
}

int store_message_by_key(struct store *s, const char *key, char id[RICS_UUID_LEN])
{
	return lookup(s, "SELECT id FROM message WHERE import_key = ?", key, id);
}

int store_message_key(struct store *s, const char *id, char key[RICS_UUID_LEN])
{
	return lookup(s, "SELECT coalesce(import_key, '') FROM message WHERE id = ?", id, key);
}

struct status_args {
	const char *id, *status;
	const struct audit_event *ev;
};

static int status_op(struct store *s, struct conn *c, void *arg)
{
	struct status_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE message SET status = ?, version = version + 1,"
					   " updated_at = ? WHERE id = ?");
	char now[RICS_TIME_LEN];
	int rc;

	rics_time_format(store_now(s), now);
	if (st) {
		bind_text(st, 1, a->status);
		bind_text(st, 2, now);
		bind_text(st, 3, a->id);
	}
	rc = step_done(c, st);
	if (!rc && sqlite3_changes(c->db) == 0)
		rc = RICS_E_NOT_FOUND;
	return rc ? rc : audit_if(s, c, a->ev, a->id);
}

int store_message_set_status(struct store *s, const char *id, const char *status,
			     const struct audit_event *ev)
{
	struct status_args a = { id, status, ev };
	return store_write(s, status_op, &a);
}

/* A request past its reply_by and not answered in its thread: one received
 * here that this node has not answered, or one this node sent through the
 * exchange (it has an envelope id as import key) that no other node has
 * answered. Both sides see it overdue until the answer. */
#define OVERDUE_WHERE \
	" m.type = 'request' AND m.reply_by < ?1 AND ((m.origin_node <> ?2" \
	" AND m.status IN ('received', 'read') AND NOT EXISTS (SELECT 1 FROM message r" \
	" WHERE r.thread_id = coalesce(m.thread_id, m.id) AND r.origin_node = ?2" \
	" AND r.id > m.id)) OR (m.origin_node = ?2 AND m.import_key IS NOT NULL" \
	" AND m.status IN ('queued', 'sent', 'delivered', 'read') AND NOT EXISTS" \
	" (SELECT 1 FROM message r WHERE r.thread_id = coalesce(m.thread_id, m.id)" \
	" AND r.origin_node <> ?2 AND r.id > m.id)))"

struct overdue_args {
	int64_t now;
	bool mark_new;
	json_t *out;
};

static int overdue_collect(struct store *s, struct conn *c, struct overdue_args *a)
{
	const struct record_type *t = model_type_by_name("message");
	sqlite3_stmt *st = conn_prepare(c, a->mark_new
		? "SELECT m.id FROM message m WHERE" OVERDUE_WHERE " AND NOT EXISTS (SELECT 1 FROM message_overdue o WHERE o.message_id = m.id)"
		  " ORDER BY m.reply_by"
		: "SELECT m.id FROM message m WHERE" OVERDUE_WHERE " ORDER BY m.reply_by");
	char now[RICS_TIME_LEN], id[RICS_UUID_LEN];
	json_t *rec;
	int rc;

	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	rics_time_format(a->now, now);
	bind_text(st, 1, now);
	bind_text(st, 2, s->node_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		column_copy(st, 0, id, sizeof id);
		if (!select_by_id(c, t, id, CLS_SECRET, &rec))
			json_array_append_new(a->out, rec);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_sqlite_error(rc);
}

static int overdue_op(struct store *s, struct conn *c, void *arg)
{
	struct overdue_args *a = arg;
	json_t *rec;
	size_t i;
	int rc = overdue_collect(s, c, a);

	json_array_foreach(a->out, i, rec) {
		if (!a->mark_new)
			break;
		sqlite3_stmt *st = conn_prepare(c, "INSERT OR IGNORE INTO message_overdue (announced_at,"
						   " message_id) VALUES (?, ?)");
		if (rc)
			break;
		if (st) {
			sqlite3_bind_int64(st, 1, a->now);
			bind_text(st, 2, json_string_value(json_object_get(rec, "id")));
		}
		rc = step_done(c, st);
	}
	return rc;
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
		struct receive_args a = { it->fields, it->attachments, it->envelope_id, m->sender,
					  it->ev, false, NULL };
		rc = receive_op(s, c, &a);
		it->duplicate = a.duplicate;
		it->out = a.out;
	}
	return rc;
}

int store_message_overdue(struct store *s, int64_t now_ms, bool mark_new, json_t **out)
{
	struct overdue_args a = { now_ms, mark_new, json_array() };
	int rc = a.out ? store_write(s, overdue_op, &a) : -ENOMEM;
	if (rc)
		json_decref(a.out);
	else
		*out = a.out;
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
	json_t *out; /* receipts, if wanted */
};

static int delivered_many_op(struct store *s, struct conn *c, void *arg)
{
	struct delivered_many_args *m = arg;
	json_t *one = NULL;
	int rc = 0;
	for (size_t i = 0; !rc && i < m->n; i++) {
		struct outbox_args a = { m->message_ids[i], m->peer_id, NULL, 0, false };
		rc = delivered_op(s, c, &a);
		if (!rc && a.changed && m->out && !(rc = receipt_of(c, a.message_id, a.peer_id, &one)))
			rc = json_array_append_new(m->out, one) ? -ENOMEM : 0;
	}
	return rc;
}

int store_outbox_delivered_many(struct store *s, const char *peer_id,
				const char *const *message_ids, size_t n, json_t **out)
{
	struct delivered_many_args m = { message_ids, peer_id, n, out ? json_array() : NULL };
	int rc = out && !m.out ? -ENOMEM : n ? store_write(s, delivered_many_op, &m) : 0;
	if (rc || !out)
		json_decref(m.out);
	else
		*out = m.out;
	return rc;
}

/* ---- outbox: envelopes that ended undelivered, listed and requeued ---- */

struct stop_args {
	const char *message_id, *peer_id, *state, *why;
	const struct audit_event *ev;
	json_t *out;
};

static int stop_op(struct store *s, struct conn *c, void *arg)
{
	struct stop_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE outbox SET state = ?, attempts = attempts + 1,"
					   " last_error = ? WHERE message_id = ? AND peer_id = ?"
					   " AND state = 'queued'");
	int rc;

	if (st) {
		bind_text(st, 1, a->state);
		bind_text(st, 2, a->why);
		bind_text(st, 3, a->message_id);
		bind_text(st, 4, a->peer_id);
	}
	if ((rc = step_done(c, st)) != 0)
		return rc;
	if (sqlite3_changes(c->db) == 0)
		return RICS_E_CONFLICT;
	if ((rc = audit_if(s, c, a->ev, a->message_id)) != 0)
		return rc;
	return select_by_id(c, model_type_by_name("message"), a->message_id, CLS_SECRET, &a->out);
}

int store_outbox_stop(struct store *s, const char *message_id, const char *peer_id,
		      const char *state, const char *why, const struct audit_event *ev,
		      json_t **message_out)
{
	struct stop_args a = { message_id, peer_id, state, why, ev, NULL };
	int rc;

	if (strcmp(state, "refused") && strcmp(state, "orphaned"))
		return RICS_E_INVALID;
	rc = store_write(s, stop_op, &a);
	if (rc)
		json_decref(a.out);
	else
		*message_out = a.out;
	return rc;
}

static json_t *undelivered_row(sqlite3_stmt *st, void *ctx)
{
	char queued[RICS_TIME_LEN], next[RICS_TIME_LEN];
	const char *state = (const char *)sqlite3_column_text(st, 3);
	(void)ctx;
	rics_time_format(sqlite3_column_int64(st, 5), queued);
	rics_time_format(sqlite3_column_int64(st, 6), next);
	return json_pack("{sI ss ss ss si ss ss* ss*}", "seq",
			 (json_int_t)sqlite3_column_int64(st, 0), "message_id",
			 sqlite3_column_text(st, 1), "peer_id", sqlite3_column_text(st, 2), "state",
			 state, "attempts", sqlite3_column_int(st, 4), "queued_at", queued,
			 "next_at", state && !strcmp(state, "queued") ? next : NULL, "last_error",
			 sqlite3_column_text(st, 7));
}

int store_outbox_list(struct store *s, const char *state, int64_t after, unsigned limit,
		      json_t **out)
{
	static const char *const states[] = { "queued", "refused", "orphaned" };
	char sql[400], where[64] = "IN ('queued', 'refused', 'orphaned')";
	bool known = !state;

	for (size_t i = 0; state && i < sizeof states / sizeof *states; i++)
		if (!strcmp(state, states[i])) {
			snprintf(where, sizeof where, "= '%s'", states[i]);
			known = true;
		}
	if (!known)
		return RICS_E_INVALID;
	snprintf(sql, sizeof sql,
		 "SELECT rowid, message_id, peer_id, state, attempts, queued_at, next_at,"
		 " last_error FROM outbox WHERE state %s AND rowid > %lld ORDER BY rowid"
		 " LIMIT %u", where, (long long)after, limit);
	return store_list_json(s, sql, undelivered_row, NULL, out);
}

struct requeue_args {
	const char *message_id, *peer_id;
	const struct audit_event *ev;
};

/* RICS_E_CONFLICT if the row exists (delivered, or held for approval),
 * RICS_E_NOT_FOUND if not. */
static int requeue_refused(struct conn *c, const struct requeue_args *a)
{
	sqlite3_stmt *st = conn_prepare(c, "SELECT 1 FROM outbox WHERE message_id = ? AND"
					   " peer_id = ?");
	int rc;

	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	bind_text(st, 1, a->message_id);
	bind_text(st, 2, a->peer_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? RICS_E_CONFLICT : rc == SQLITE_DONE ? RICS_E_NOT_FOUND
								   : store_sqlite_error(rc);
}

static int requeue_op(struct store *s, struct conn *c, void *arg)
{
	struct requeue_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "UPDATE outbox SET state = 'queued', attempts = 0,"
					   " next_at = 0, last_error = NULL WHERE message_id = ?"
					   " AND peer_id = ? AND state IN ('queued', 'refused',"
					   " 'orphaned')");
	int rc;

	if (st) {
		bind_text(st, 1, a->message_id);
		bind_text(st, 2, a->peer_id);
	}
	if ((rc = step_done(c, st)) != 0)
		return rc;
	if (sqlite3_changes(c->db) == 0)
		return requeue_refused(c, a);
	return audit_if(s, c, a->ev, a->message_id);
}

int store_outbox_requeue(struct store *s, const char *message_id, const char *peer_id,
			 const struct audit_event *ev)
{
	struct requeue_args a = { message_id, peer_id, ev };
	return store_write(s, requeue_op, &a);
}
