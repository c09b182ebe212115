// SPDX-License-Identifier: AGPL-3.0-or-later
/* The node's identity, users, sessions and API tokens. Only hashes of
 * secrets are stored. */
#include "store/store_int.h"

#include "core/error.h"
#include "core/strbuf.h"

#include <errno.h>
#include <string.h>

int step_done(struct conn *c, sqlite3_stmt *st)
{
	int rc;
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_sqlite_error(rc);
}

int audit_if(struct store *s, struct conn *c, const struct audit_event *ev,
		    const char *object_id)
{
	struct audit_event e;
	if (!ev)
		return 0;
	e = *ev;
	if (object_id && !e.object_id)
		e.object_id = object_id;
	return audit_append_locked(s, c, &e);
}

/* ---- node ---- */

static int node_create_op(struct store *s, struct conn *c, void *arg)
{
	const struct store_node *n = arg;
	sqlite3_stmt *st = conn_prepare(c, "INSERT INTO node (id, name, country, agency, bcp_code,"
					   " is_self, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)");
	struct audit_event ev = { .actor = "system", .action = "create", .object_type = "node",
				  .object_id = n->id, .outcome = "ok", .detail = n->name };
	int rc;
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	bind_text(st, 1, n->id);
	bind_text(st, 2, n->name);
	bind_text(st, 3, n->country);
	bind_text(st, 4, n->agency);
	bind_text(st, 5, n->bcp_code[0] ? n->bcp_code : NULL);
	bind_text(st, 6, n->created_at);
	rc = step_done(c, st);
	if (!rc)
		rc = audit_append_locked(s, c, &ev);
	if (!rc) /* in the writer thread, the only one that reads it */
		snprintf(s->node_id, sizeof s->node_id, "%s", n->id);
	return rc;
}

int store_node_create_self(struct store *s, const struct store_node *node)
{
	return store_write(s, node_create_op, (void *)(uintptr_t)node);
}

int store_node_self(struct store *s, struct store_node *out)
{
	struct conn *c = store_reader_get(s);
	sqlite3_stmt *st = conn_prepare(c, "SELECT id, name, country, agency, bcp_code, created_at"
					   " FROM node WHERE is_self = 1");
	struct store_node n;
	int rc;

	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		column_copy(st, 0, n.id, sizeof n.id);
		column_copy(st, 1, n.name, sizeof n.name);
		column_copy(st, 2, n.country, sizeof n.country);
		column_copy(st, 3, n.agency, sizeof n.agency);
		column_copy(st, 4, n.bcp_code, sizeof n.bcp_code);
		column_copy(st, 5, n.created_at, sizeof n.created_at);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? RICS_E_NOT_FOUND : store_sqlite_error(rc);
	}
	sqlite3_reset(st);
	if (!rc)
		*out = n;
out:
	store_reader_put(s, c);
	return rc;
}

/* ---- what users and tokens share ---- */

/* A LIKE pattern (escaped with '\') matching text that contains s, or
 * starts with it. */
static int like_pattern(const char *s, bool prefix, struct strbuf *out)
{
	int rc = prefix ? 0 : strbuf_addch(out, '%');
	for (; *s && !rc; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			rc = strbuf_addch(out, '\\');
		if (!rc)
			rc = strbuf_addch(out, *s);
	}
	return rc ? rc : strbuf_addch(out, '%');
}

/* How a list of users or tokens is read: its statement in each order, and
 * how the statement is bound and a row read, both with a struct auth_page. */
struct auth_list {
	const char *sql[2]; /* oldest first, newest first */
	void (*bind)(sqlite3_stmt *, void *);
	json_t *(*row)(sqlite3_stmt *, void *);
};

struct auth_page {
	const void *q;       /* the store_user_query or store_token_query */
	const char *pattern; /* LIKE pattern of the name searched for, or NULL */
	int64_t now;         /* ms: a user is locked when locked_until is later */
};

static int auth_list_page(struct store *s, const struct auth_list *l, struct auth_page *p,
			  const char *name, bool prefix, bool newest, unsigned limit,
			  json_t **items, char next[RICS_UUID_LEN])
{
	struct strbuf pattern;
	int rc;

	strbuf_init(&pattern, 0);
	rc = name ? like_pattern(name, prefix, &pattern) : 0;
	p->pattern = name ? pattern.buf : NULL;
	if (!rc)
		rc = store_page_json(s, l->sql[newest], l->bind, l->row, p, limit, items, next);
	strbuf_release(&pattern);
	return rc;
}

/*
 * A user or token made here: its id and creation time are given in the
 * writer thread (so ids sort in commit order), bind binds the row with them,
 * and the INSERT is audited with ev naming the new id.
 */
struct new_row {
	const char *sql;
	char *id, *created_at; /* of row, filled in */
	void (*bind)(sqlite3_stmt *st, const void *row);
	const void *row;
	const struct audit_event *ev;
};

static int insert_new_op(struct store *s, struct conn *c, void *arg)
{
	struct new_row *n = arg;
	sqlite3_stmt *st = conn_prepare(c, n->sql);
	int64_t ms = store_now(s);
	int rc;

	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	rics_uuid7_next(&s->ids, ms, n->id);
	rics_time_format(ms, n->created_at);
	n->bind(st, n->row);
	rc = step_done(c, st);
	if (!rc)
		rc = audit_if(s, c, n->ev, n->id);
	return rc;
}

/* ---- users ---- */

#define USER_COLUMNS "id, name, full_name, role, clearance, agency, country, bcp_code," \
		     " password_hash, must_change_password, failed_logins, locked_until," \
		     " disabled, created_at"

static void user_read(sqlite3_stmt *st, struct store_user *u)
{
	column_copy(st, 0, u->id, sizeof u->id);
	column_copy(st, 1, u->name, sizeof u->name);
	column_copy(st, 2, u->full_name, sizeof u->full_name);
	column_copy(st, 3, u->role, sizeof u->role);
	u->clearance = sqlite3_column_int(st, 4);
	column_copy(st, 5, u->agency, sizeof u->agency);
	column_copy(st, 6, u->country, sizeof u->country);
	column_copy(st, 7, u->bcp_code, sizeof u->bcp_code);
	column_copy(st, 8, u->password_hash, sizeof u->password_hash);
	u->must_change_password = sqlite3_column_int(st, 9) != 0;
	u->failed_logins = sqlite3_column_int(st, 10);
	u->locked_until = sqlite3_column_int64(st, 11);
	u->disabled = sqlite3_column_int(st, 12) != 0;
	column_copy(st, 13, u->created_at, sizeof u->created_at);
}

static void user_bind(sqlite3_stmt *st, const void *row)
{
	const struct store_user *u = row;
	bind_text(st, 1, u->id);
	bind_text(st, 2, u->name);
	bind_text(st, 3, u->full_name);
	bind_text(st, 4, u->role);
	sqlite3_bind_int(st, 5, u->clearance);
	bind_text(st, 6, u->agency);
	bind_text(st, 7, u->country);
	bind_text(st, 8, u->bcp_code[0] ? u->bcp_code : NULL);
	bind_text(st, 9, u->password_hash);
	sqlite3_bind_int(st, 10, u->must_change_password);
	bind_text(st, 11, u->created_at);
}

int store_user_create(struct store *s, struct store_user *u, const struct audit_event *ev)
{
	struct store_user tmp = *u;
	struct new_row n = { "INSERT INTO user (" USER_COLUMNS ", updated_at)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, 0, ?11, ?11)",
			     tmp.id, tmp.created_at, user_bind, &tmp, ev };
	int rc = store_write(s, insert_new_op, &n);
	if (!rc)
		*u = tmp;
	return rc;
}

static void user_row_read(sqlite3_stmt *st, void *out)
{
	user_read(st, out);
}

static int user_by(struct store *s, const char *sql, const char *key, struct store_user *out)
{
	struct store_user u;
	int rc = store_get_row(s, sql, key, user_row_read, &u);
	if (!rc)
		*out = u;
	return rc;
}

int store_user_by_name(struct store *s, const char *name, struct store_user *out)
{
	return user_by(s, "SELECT " USER_COLUMNS " FROM user WHERE name = ?", name, out);
}

int store_user_by_id(struct store *s, const char *id, struct store_user *out)
{
	return user_by(s, "SELECT " USER_COLUMNS " FROM user WHERE id = ?", id, out);
}

static json_t *user_row(sqlite3_stmt *st, void *ctx)
{
	const struct auth_page *p = ctx;
	struct store_user u;
	user_read(st, &u);
	return json_pack("{ss ss ss ss ss ss ss ss* sb sb sb ss}", "id", u.id, "name", u.name,
			 "full_name", u.full_name, "role", u.role, "clearance",
			 classification_name(u.clearance), "agency", u.agency, "country",
			 u.country, "bcp_code", u.bcp_code[0] ? u.bcp_code : NULL, "locked",
			 u.locked_until > p->now, "disabled", u.disabled, "must_change_password",
			 u.must_change_password, "created_at", u.created_at);
}

static void user_page_bind(sqlite3_stmt *st, void *ctx)
{
	const struct auth_page *p = ctx;
	const struct store_user_query *q = p->q;
	bind_text(st, 1, q->after ? q->after : "");
	bind_text(st, 2, p->pattern);
	bind_text(st, 3, q->name_prefix ? NULL : p->pattern);
	bind_text(st, 4, q->role);
	sqlite3_bind_int(st, 5, q->clearance);
	bind_text(st, 6, q->country);
	bind_text(st, 7, q->bcp_code);
	sqlite3_bind_int(st, 8, (int)q->state);
	sqlite3_bind_int64(st, 9, p->now);
	sqlite3_bind_int64(st, 10, (int64_t)q->limit + 1);
}

/* An absent filter (NULL, clearance -1, state USER_ANY) matches every row:
 * one statement for every filter. */
#define USER_FILTERS                                                                   \
	" AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\' OR full_name LIKE ?3 ESCAPE '\\')"  \
	" AND (?4 IS NULL OR role = ?4) AND (?5 < 0 OR clearance = ?5)"                 \
	" AND (?6 IS NULL OR country = ?6) AND (?7 IS NULL OR bcp_code = ?7)"           \
	" AND (?8 = 0 OR (?8 = 1 AND disabled = 0 AND locked_until <= ?9)"              \
	" OR (?8 = 2 AND locked_until > ?9) OR (?8 = 3 AND disabled = 1))"

static const struct auth_list user_list = {
	{ "SELECT " USER_COLUMNS " FROM user WHERE id > ?1" USER_FILTERS " ORDER BY id LIMIT ?10",
	  "SELECT " USER_COLUMNS " FROM user WHERE (?1 = '' OR id < ?1)" USER_FILTERS
	  " ORDER BY id DESC LIMIT ?10" },
	user_page_bind, user_row,
};

int store_user_list(struct store *s, const struct store_user_query *q, json_t **items,
		    char next[RICS_UUID_LEN])
{
	struct auth_page p = { q, NULL, store_now(s) };
	return auth_list_page(s, &user_list, &p, q->name, q->name_prefix, q->newest_first,
			      q->limit, items, next);
}
#undef USER_FILTERS

struct user_update_args {
	const struct store_user *u;
	const struct audit_event *ev;
};

static int user_update_op(struct store *s, struct conn *c, void *arg)
{
	struct user_update_args *a = arg;
	const struct store_user *u = a->u;
	char now[RICS_TIME_LEN];
	sqlite3_stmt *st = conn_prepare(c, "UPDATE user SET full_name = ?, role = ?, clearance = ?,"
					   " agency = ?, country = ?, bcp_code = ?, password_hash = ?,"
					   " must_change_password = ?, failed_logins = ?,"
					   " locked_until = ?, disabled = ?, updated_at = ? WHERE id = ?");
	int rc;
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	rics_time_format(store_now(s), now);
	bind_text(st, 1, u->full_name);
	bind_text(st, 2, u->role);
	sqlite3_bind_int(st, 3, u->clearance);
	bind_text(st, 4, u->agency);
	bind_text(st, 5, u->country);
	bind_text(st, 6, u->bcp_code[0] ? u->bcp_code : NULL);
	bind_text(st, 7, u->password_hash);
	sqlite3_bind_int(st, 8, u->must_change_password);
	sqlite3_bind_int(st, 9, u->failed_logins);
	sqlite3_bind_int64(st, 10, u->locked_until);
	sqlite3_bind_int(st, 11, u->disabled);
	bind_text(st, 12, now);
	bind_text(st, 13, u->id);
	rc = step_done(c, st);
	if (!rc && sqlite3_changes(c->db) == 0)
		rc = RICS_E_NOT_FOUND;
	if (!rc)
		rc = audit_if(s, c, a->ev, u->id);
	return rc;
}

int store_user_update(struct store *s, const struct store_user *u,
		      const struct audit_event *ev)
{
	struct user_update_args a = { u, ev };
	return store_write(s, user_update_op, &a);
}

static int end_sessions_op(struct store *s, struct conn *c, void *arg)
{
	(void)s;
	sqlite3_stmt *st = conn_prepare(c, "DELETE FROM session WHERE user_id = ?");
	if (st)
		bind_text(st, 1, arg);
	return step_done(c, st);
}

int store_user_end_sessions(struct store *s, const char *user_id)
{
	return store_write(s, end_sessions_op, (void *)(uintptr_t)user_id);
}

/* ---- sessions ---- */

struct session_args {
	const struct store_session *ss;
	const char *hash;
	const struct audit_event *ev;
};

static int session_create_op(struct store *s, struct conn *c, void *arg)
{
	struct session_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "INSERT INTO session (token_hash, user_id, csrf_token,"
					   " created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	bind_text(st, 1, a->ss->token_hash);
	bind_text(st, 2, a->ss->user_id);
	bind_text(st, 3, a->ss->csrf_token);
	sqlite3_bind_int64(st, 4, a->ss->created_at);
	sqlite3_bind_int64(st, 5, a->ss->expires_at);
	rc = step_done(c, st);
	if (!rc)
		rc = audit_if(s, c, a->ev, NULL);
	return rc;
}

int store_session_create(struct store *s, const struct store_session *ss,
			 const struct audit_event *ev)
{
	struct session_args a = { ss, NULL, ev };
	return store_write(s, session_create_op, &a);
}

int store_session_get(struct store *s, const char *token_hash, struct store_session *out)
{
	struct conn *c = store_reader_get(s);
	sqlite3_stmt *st = conn_prepare(c, "SELECT token_hash, user_id, csrf_token, created_at,"
					   " expires_at FROM session WHERE token_hash = ?");
	int rc;
	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	bind_text(st, 1, token_hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		column_copy(st, 0, out->token_hash, sizeof out->token_hash);
		column_copy(st, 1, out->user_id, sizeof out->user_id);
		column_copy(st, 2, out->csrf_token, sizeof out->csrf_token);
		out->created_at = sqlite3_column_int64(st, 3);
		out->expires_at = sqlite3_column_int64(st, 4);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? RICS_E_NOT_FOUND : store_sqlite_error(rc);
	}
	sqlite3_reset(st);
out:
	store_reader_put(s, c);
	return rc;
}

static int session_delete_op(struct store *s, struct conn *c, void *arg)
{
	struct session_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, "DELETE FROM session WHERE token_hash = ?");
	int rc;
	if (st)
		bind_text(st, 1, a->hash);
	rc = step_done(c, st);
	if (!rc && sqlite3_changes(c->db) == 0)
		rc = RICS_E_NOT_FOUND;
	if (!rc)
		rc = audit_if(s, c, a->ev, NULL);
	return rc;
}

int store_session_delete(struct store *s, const char *token_hash, const struct audit_event *ev)
{
	struct session_args a = { NULL, token_hash, ev };
	return store_write(s, session_delete_op, &a);
}

static int session_purge_op(struct store *s, struct conn *c, void *arg)
{
	(void)s;
	sqlite3_stmt *st = conn_prepare(c, "DELETE FROM session WHERE expires_at <= ?");
	if (st)
		sqlite3_bind_int64(st, 1, *(int64_t *)arg);
	return step_done(c, st);
}

int store_session_purge(struct store *s, int64_t now_ms)
{
	return store_write(s, session_purge_op, &now_ms);
}

/* ---- API tokens ---- */

#define TOKEN_COLUMNS "id, name, token_hash, role, clearance, bcp_code, created_by," \
		      " created_at, expires_at, revoked"

static void token_bind(sqlite3_stmt *st, const void *row)
{
	const struct store_token *t = row;
	bind_text(st, 1, t->id);
	bind_text(st, 2, t->name);
	bind_text(st, 3, t->token_hash);
	bind_text(st, 4, t->role);
	sqlite3_bind_int(st, 5, t->clearance);
	bind_text(st, 6, t->bcp_code[0] ? t->bcp_code : NULL);
	bind_text(st, 7, t->created_by);
	bind_text(st, 8, t->created_at);
	sqlite3_bind_int64(st, 9, t->expires_at);
}

int store_token_create(struct store *s, struct store_token *tok, const struct audit_event *ev)
{
	struct store_token tmp = *tok;
	struct new_row n = { "INSERT INTO api_token (" TOKEN_COLUMNS ")"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
			     tmp.id, tmp.created_at, token_bind, &tmp, ev };
	int rc = store_write(s, insert_new_op, &n);
	if (!rc)
		*tok = tmp;
	return rc;
}

static void token_read(sqlite3_stmt *st, void *out)
{
	struct store_token *t = out;
	column_copy(st, 0, t->id, sizeof t->id);
	column_copy(st, 1, t->name, sizeof t->name);
	column_copy(st, 2, t->token_hash, sizeof t->token_hash);
	column_copy(st, 3, t->role, sizeof t->role);
	t->clearance = sqlite3_column_int(st, 4);
	column_copy(st, 5, t->bcp_code, sizeof t->bcp_code);
	column_copy(st, 6, t->created_by, sizeof t->created_by);
	column_copy(st, 7, t->created_at, sizeof t->created_at);
	t->expires_at = sqlite3_column_int64(st, 8);
	t->revoked = sqlite3_column_int(st, 9) != 0;
}

int store_token_by_hash(struct store *s, const char *token_hash, struct store_token *out)
{
	struct store_token t;
	int rc = store_get_row(s, "SELECT " TOKEN_COLUMNS " FROM api_token WHERE token_hash = ?",
			       token_hash, token_read, &t);
	if (!rc)
		*out = t;
	return rc;
}

static json_t *token_row(sqlite3_stmt *st, void *ctx)
{
	struct store_token t;
	char expires[RICS_TIME_LEN];
	(void)ctx;
	token_read(st, &t);
	rics_time_format(t.expires_at, expires);
	return json_pack("{ss ss ss ss ss* ss ss ss* sb}", "id", t.id, "name", t.name, "role",
			 t.role, "clearance", classification_name(t.clearance), "bcp_code",
			 t.bcp_code[0] ? t.bcp_code : NULL, "created_by", t.created_by,
			 "created_at", t.created_at, "expires_at", t.expires_at ? expires : NULL,
			 "revoked", t.revoked);
}

static void token_page_bind(sqlite3_stmt *st, void *ctx)
{
	const struct auth_page *p = ctx;
	const struct store_token_query *q = p->q;
	bind_text(st, 1, q->after ? q->after : "");
	bind_text(st, 2, p->pattern);
	bind_text(st, 3, q->role);
	sqlite3_bind_int(st, 4, q->revoked);
	sqlite3_bind_int64(st, 5, (int64_t)q->limit + 1);
}

#define TOKEN_FILTERS                                                        \
	" AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\') AND (?3 IS NULL OR role = ?3)" \
	" AND (?4 < 0 OR revoked = ?4)"

static const struct auth_list token_list = {
	{ "SELECT " TOKEN_COLUMNS " FROM api_token WHERE id > ?1" TOKEN_FILTERS
	  " ORDER BY id LIMIT ?5",
	  "SELECT " TOKEN_COLUMNS " FROM api_token WHERE (?1 = '' OR id < ?1)" TOKEN_FILTERS
	  " ORDER BY id DESC LIMIT ?5" },
	token_page_bind, token_row,
};

int store_token_list(struct store *s, const struct store_token_query *q, json_t **items,
		     char next[RICS_UUID_LEN])
{
	struct auth_page p = { q, NULL, 0 };
	return auth_list_page(s, &token_list, &p, q->name, false, q->newest_first, q->limit,
			      items, next);
}
#undef TOKEN_FILTERS

struct by_id_args {
	const char *sql, *id;
	const struct audit_event *ev;
};

static int by_id_op(struct store *s, struct conn *c, void *arg)
{
	struct by_id_args *a = arg;
	sqlite3_stmt *st = conn_prepare(c, a->sql);
	int rc;
	if (st)
		bind_text(st, 1, a->id);
	rc = step_done(c, st);
	if (!rc && sqlite3_changes(c->db) == 0)
		rc = RICS_E_NOT_FOUND;
	if (!rc)
		rc = audit_if(s, c, a->ev, a->id);
	return rc;
}

int store_write_by_id(struct store *s, const char *sql, const char *id,
		      const struct audit_event *ev)
{
	struct by_id_args a = { sql, id, ev };
	return store_write(s, by_id_op, &a);
}

int store_token_revoke(struct store *s, const char *id, const struct audit_event *ev)
{
	return store_write_by_id(s, "UPDATE api_token SET revoked = 1 WHERE id = ?", id, ev);
}
