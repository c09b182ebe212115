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
