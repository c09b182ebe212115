// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Records of every type in model.h, stored one table per type with the
 * common columns first. SQL is built from the type descriptions; each
 * distinct statement is prepared once per connection and cached.
 */
#include "store/store_int.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/text.h"

#include <errno.h>
#include <string.h>

/* The largest code point in UTF-8: an upper bound for a prefix range. */
#define UTF8_MAX "\xf4\x8f\xbf\xbf"

static bool has_name_keys(const struct record_type *t)
{
	return t->flags & RT_NAME_SEARCH;
}

static int add_columns(struct strbuf *sql, const struct record_type *t)
{
	int rc = 0;
	for (size_t i = 0; i < model_common_nfields; i++)
		rc |= strbuf_addf(sql, "%s%s", i ? ", " : "", model_common_fields[i].name);
	for (size_t i = 0; i < t->nfields; i++)
		rc |= strbuf_addf(sql, ", %s", t->fields[i].name);
	return rc ? -ENOMEM : 0;
}

static const struct field_desc *column_field(const struct record_type *t, size_t i)
{
	return i < model_common_nfields ? &model_common_fields[i]
					: &t->fields[i - model_common_nfields];
}

static size_t column_count(const struct record_type *t)
{
	return model_common_nfields + t->nfields;
}

static json_t *column_json(const struct field_desc *f, sqlite3_stmt *st, int i)
{
	const char *text;
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	if (strcmp(f->name, "classification") == 0)
		return json_string(classification_name(sqlite3_column_int(st, i)));
	switch (f->kind) {
	case FK_INT:
		return json_integer(sqlite3_column_int64(st, i));
	case FK_REAL:
		return json_real(sqlite3_column_double(st, i));
	case FK_ID_LIST:
	case FK_TEXT_LIST:
		text = (const char *)sqlite3_column_text(st, i);
		return json_loads(text, 0, NULL);
	default:
		return json_stringn((const char *)sqlite3_column_text(st, i),
				    (size_t)sqlite3_column_bytes(st, i));
	}
}

static int row_to_json(const struct record_type *t, sqlite3_stmt *st, json_t **out)
{
	json_t *obj = json_object();
	if (!obj)
		return -ENOMEM;
	for (size_t i = 0; i < column_count(t); i++) {
		const struct field_desc *f = column_field(t, i);
		json_t *v = column_json(f, st, (int)i);
		if (!v && sqlite3_column_type(st, (int)i) != SQLITE_NULL)
			goto nomem;
		if (v && json_object_set_new(obj, f->name, v))
			goto nomem;
	}
	*out = obj;
	return 0;
nomem:
	json_decref(obj);
	return -ENOMEM;
}

static int bind_value(sqlite3_stmt *st, int i, const struct field_desc *f, json_t *v)
{
	char *dump;
	int rc;
	if (!v || json_is_null(v))
		return sqlite3_bind_null(st, i);
	if (strcmp(f->name, "classification") == 0)
		return sqlite3_bind_int(st, i, classification_parse(json_string_value(v)));
	switch (f->kind) {
	case FK_INT:
		return sqlite3_bind_int64(st, i, (sqlite3_int64)json_integer_value(v));
	case FK_REAL:
		return sqlite3_bind_double(st, i, json_number_value(v));
	case FK_ID_LIST:
	case FK_TEXT_LIST:
		dump = json_dumps(v, JSON_COMPACT);
		if (!dump)
			return SQLITE_NOMEM;
		rc = sqlite3_bind_text(st, i, dump, -1, SQLITE_TRANSIENT);
		rics_free(dump);
		return rc;
	default:
		return sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v),
					 SQLITE_TRANSIENT);
	}
}

/* Folded search keys of a person: full name and surname alone. */
static int name_keys(json_t *rec, struct strbuf *full, struct strbuf *surname)
{
	static const char *const parts[] = { "surname", "given_names", "patronymic" };
	int rc = 0;
	for (size_t i = 0; i < 3 && !rc; i++) {
		const char *p = json_string_value(json_object_get(rec, parts[i]));
		if (!p || !*p)
			continue;
		if (full->len)
			rc = strbuf_addch(full, ' ');
		if (!rc)
			rc = rics_text_fold(p, full);
		if (!rc && i == 0)
			rc = rics_text_fold(p, surname);
	}
	return rc;
}

int select_by_id(struct conn *c, const struct record_type *t, const char *id,
			int max_cls, json_t **out)
{
	struct strbuf sql;
	sqlite3_stmt *st;
	int rc;

	strbuf_init(&sql, 0);
	rc = strbuf_adds(&sql, "SELECT ");
	rc |= add_columns(&sql, t);
	rc |= strbuf_addf(&sql, " FROM %s WHERE id = ? AND classification <= ?", t->table);
	if (rc) {
		rc = -ENOMEM;
		goto out;
	}
	st = conn_prepare(c, sql.buf);
	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, max_cls);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = row_to_json(t, st, out);
	else
		rc = rc == SQLITE_DONE ? RICS_E_NOT_FOUND : store_sqlite_error(rc);
	sqlite3_reset(st);
out:
	strbuf_release(&sql);
	return rc;
}

int store_record_get(struct store *s, const struct record_type *t, const char *id,
		     const struct store_view *view, json_t **out)
{
	struct conn *c = store_reader_get(s);
	int rc = select_by_id(c, t, id, view->max_classification, out);
	store_reader_put(s, c);
	return rc;
}

struct create_args {
	const struct record_type *t;
	json_t *fields;
	const char *created_by;
	const struct audit_event *ev;
	json_t *out;
};

static json_t *default_value(const struct field_desc *f)
{
	return f->def ? json_string(f->def) : NULL;
}

/* A re-imported row answers with the stored id, so that later rows of the
 * import can refer to it. */
int id_by_import_key(struct conn *c, const struct record_type *t, const char *key,
			    char id[RICS_UUID_LEN])
{
	char sql[128];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE import_key = ?", t->table);
	st = conn_prepare(c, sql);
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		column_copy(st, 0, id, RICS_UUID_LEN);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? RICS_E_NOT_FOUND : store_sqlite_error(rc);
	sqlite3_reset(st);
	return rc;
}

/* The INSERT of a new record of type t, skipping a stored import key. */
static int insert_sql(const struct record_type *t, struct strbuf *sql)
{
	int rc = strbuf_addf(sql, "INSERT INTO %s (", t->table);
	rc |= add_columns(sql, t);
	rc |= strbuf_adds(sql, ", import_key");
	if (has_name_keys(t))
		rc |= strbuf_adds(sql, ", name_key, surname_key");
	rc |= strbuf_adds(sql, ") VALUES (?");
	for (size_t i = 1; i < column_count(t) + 1 + (has_name_keys(t) ? 2 : 0); i++)
		rc |= strbuf_adds(sql, ", ?");
	rc |= strbuf_adds(sql, ") ON CONFLICT (import_key) DO NOTHING");
	return rc ? -ENOMEM : 0;
}

/*
 * Insert one new record with fresh id and stamps, with sql from insert_sql
 * (made once for a whole import). With an import key, a row whose key is
 * already stored is skipped, *duplicate set and id set to the stored
 * record's: importing the same file twice creates nothing the second time.
 */
static int insert_row_sql(struct store *s, struct conn *c, const struct record_type *t,
			  const char *sql, json_t *fields, const char *created_by,
			  const char *import_key, char id[RICS_UUID_LEN], bool *duplicate)
{
	char now[RICS_TIME_LEN];
	struct strbuf full, surname;
	sqlite3_stmt *st;
	int rc = 0, col = 1;
	int64_t ms = store_now(s);

	strbuf_init(&full, 4096);
	strbuf_init(&surname, 4096);
	rics_uuid7_next(&s->ids, ms, id);
	rics_time_format(ms, now);
	*duplicate = false;

	st = conn_prepare(c, sql);
	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	for (size_t i = 0; i < column_count(t); i++, col++) {
		const struct field_desc *f = column_field(t, i);
		const char *n = f->name;
		json_t *v = json_object_get(fields, n), *def = NULL;
		if (strcmp(n, "id") == 0)
			rc = bind_text(st, col, id);
		else if (strcmp(n, "origin_node") == 0) /* set only by the exchange */
			rc = bind_text(st, col, v && json_is_string(v) ? json_string_value(v)
								: s->node_id);
		else if (strcmp(n, "created_at") == 0 || strcmp(n, "updated_at") == 0)
			rc = bind_text(st, col, now);
		else if (strcmp(n, "created_by") == 0)
			rc = bind_text(st, col, created_by);
		else if (strcmp(n, "version") == 0)
			rc = sqlite3_bind_int(st, col, 1);
		else if (!v && (f->kind == FK_TEXT_LIST || f->kind == FK_ID_LIST) &&
			 (f->flags & FF_UPDATABLE) && i < model_common_nfields)
			rc = bind_text(st, col, "[]");
		else {
			if (!v)
				v = def = default_value(f);
			rc = bind_value(st, col, f, v);
			json_decref(def);
		}
		if (rc != SQLITE_OK)
			break;
	}
	if (rc == SQLITE_OK)
		rc = bind_text(st, col++, import_key);
	if (rc == SQLITE_OK && has_name_keys(t)) {
		rc = name_keys(fields, &full, &surname);
		if (rc)
			goto out;
		bind_text(st, col++, full.buf);
		rc = bind_text(st, col++, surname.buf);
	}
	if (rc != SQLITE_OK) {
		rc = store_sqlite_error(rc);
		goto out;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = store_sqlite_error(rc);
		goto out;
	}
	rc = 0;
	*duplicate = sqlite3_changes(c->db) == 0;
	if (*duplicate)
		rc = id_by_import_key(c, t, import_key, id);
out:
	strbuf_release(&full);
	strbuf_release(&surname);
	return rc;
}

/* One row on its own (the exchange): the statement made for it alone. */
int insert_row(struct store *s, struct conn *c, const struct record_type *t, json_t *fields,
	       const char *created_by, const char *import_key, char id[RICS_UUID_LEN],
	       bool *duplicate)
{
	struct strbuf sql;
	int rc;
	strbuf_init(&sql, 0);
	rc = insert_sql(t, &sql);
	if (!rc)
		rc = insert_row_sql(s, c, t, sql.buf, fields, created_by, import_key, id,
				    duplicate);
	strbuf_release(&sql);
	return rc;
}

static int create_in_txn(struct store *s, struct conn *c, void *arg)
{
	struct create_args *a = arg;
	char id[RICS_UUID_LEN];
	struct audit_event ev;
	bool duplicate;
	int rc = insert_row(s, c, a->t, a->fields, a->created_by, NULL, id, &duplicate);
	if (rc)
		return rc;
	if (a->ev) {
		ev = *a->ev;
		ev.object_id = id;
		rc = audit_append_locked(s, c, &ev);
		if (rc)
			return rc;
	}
	return select_by_id(c, a->t, id, CLS_SECRET, &a->out);
}

struct import_args {
	const struct record_type *t;
	json_t *rows;
	const char *const *keys;
	const char *created_by;
	const struct audit_event *ev;
	struct store_import_result *results;
};

static int import_in_txn(struct store *s, struct conn *c, void *arg)
{
	struct import_args *a = arg;
	struct strbuf ids, sql;
	struct audit_event ev;
	size_t n = json_array_size(a->rows), created = 0;
	int rc;

	strbuf_init(&ids, 0);
	strbuf_init(&sql, 0);
	rc = insert_sql(a->t, &sql);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct store_import_result *r = &a->results[i];
		bool duplicate;
		/*
		 * A row that breaks a constraint fails alone: a row is one INSERT,
		 * and SQLite backs out a failed statement and keeps the transaction.
		 * (A savepoint per row would do the same at a cost that grows with
		 * the batch: releasing one truncates the in-memory sub-journal by
		 * walking it from its start.) Only if SQLite gave up the whole
		 * transaction does the batch fail.
		 */
		r->rc = insert_row_sql(s, c, a->t, sql.buf, json_array_get(a->rows, i), a->created_by,
				   a->keys[i], r->id, &duplicate);
		if (r->rc && sqlite3_get_autocommit(c->db)) {
			rc = r->rc;
			break;
		}
		r->duplicate = !r->rc && duplicate;
		if (!r->rc && !duplicate) {
			created++;
			rc = strbuf_addf(&ids, "%s%s", ids.len ? " " : "", r->id);
		}
	}
	if (!rc && a->ev && created) {
		ev = *a->ev;
		ev.detail = ids.buf;
		rc = audit_append_locked(s, c, &ev);
	}
	strbuf_release(&ids);
	strbuf_release(&sql);
	return rc;
}

int store_record_import(struct store *s, const struct record_type *t, json_t *rows,
			const char *const *keys, const char *created_by,
			const struct audit_event *ev, struct store_import_result *results)
{
	struct import_args a = { t, rows, keys, created_by, ev, results };
	return store_write(s, import_in_txn, &a);
}

int store_record_create(struct store *s, const struct record_type *t, json_t *fields,
			const char *created_by, const struct audit_event *ev, json_t **out)
{
	struct create_args a = { t, fields, created_by, ev, NULL };
	int rc = store_write(s, create_in_txn, &a);
	if (rc) {
		json_decref(a.out);
		return rc;
	}
	*out = a.out;
	return 0;
}

struct update_args {
	const struct record_type *t;
	const char *id;
	json_t *patch;
	int64_t expect_version;
	int max_cls;
	const char *updated_by;
	const struct audit_event *ev;
	json_t *out;
};

static int update_in_txn(struct store *s, struct conn *c, void *arg)
{
	struct update_args *a = arg;
	const struct record_type *t = a->t;
	json_t *cur = NULL, *v;
	const char *key;
	char now[RICS_TIME_LEN];
	struct strbuf sql, full, surname;
	sqlite3_stmt *st;
	int rc, col = 1;

	strbuf_init(&sql, 0);
	strbuf_init(&full, 4096);
	strbuf_init(&surname, 4096);
	rc = select_by_id(c, t, a->id, a->max_cls, &cur);
	if (rc)
		goto out;
	if (a->expect_version >= 0 &&
	    json_integer_value(json_object_get(cur, "version")) != a->expect_version) {
		rc = RICS_E_CONFLICT;
		goto out;
	}
	rics_time_format(store_now(s), now);
	rc = strbuf_addf(&sql, "UPDATE %s SET updated_at = ?, version = version + 1", t->table);
	json_object_foreach(a->patch, key, v)
		rc |= strbuf_addf(&sql, ", %s = ?", key);
	if (has_name_keys(t))
		rc |= strbuf_adds(&sql, ", name_key = ?, surname_key = ?");
	rc |= strbuf_adds(&sql, " WHERE id = ?");
	if (rc) {
		rc = -ENOMEM;
		goto out;
	}
	st = conn_prepare(c, sql.buf);
	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	bind_text(st, col++, now);
	json_object_foreach(a->patch, key, v) {
		rc = bind_value(st, col++, model_field_any(t, key), v);
		if (rc != SQLITE_OK)
			goto step_fail;
	}
	if (json_object_update(cur, a->patch)) {
		rc = -ENOMEM;
		goto out;
	}
	/* a change valid on its own may break a rule of the whole record */
	json_object_foreach(a->patch, key, v)
		if (json_is_null(v))
			json_object_del(cur, key);
	if ((rc = model_check_rules(cur, NULL)) != 0)
		goto out;
	if (has_name_keys(t)) {
		rc = name_keys(cur, &full, &surname);
		if (rc)
			goto out;
		bind_text(st, col++, full.buf);
		bind_text(st, col++, surname.buf);
	}
	bind_text(st, col++, a->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto step_fail;
	if (a->ev && (rc = audit_append_locked(s, c, a->ev)) != 0)
		goto out;
	rc = select_by_id(c, t, a->id, CLS_SECRET, &a->out);
	goto out;
step_fail:
	rc = store_sqlite_error(rc);
out:
	json_decref(cur);
	strbuf_release(&sql);
	strbuf_release(&full);
	strbuf_release(&surname);
	return rc;
}

int store_record_update(struct store *s, const struct record_type *t, const char *id,
			json_t *patch, int64_t expect_version, const struct store_view *view,
			const char *updated_by, const struct audit_event *ev, json_t **out)
{
	struct update_args a = { t, id, patch, expect_version, view->max_classification,
				 updated_by, ev, NULL };
	int rc = store_write(s, update_in_txn, &a);
	if (rc) {
		json_decref(a.out);
		return rc;
	}
	*out = a.out;
	return 0;
}

static int build_list_sql(const struct record_type *t, const struct store_query *q,
			  struct strbuf *sql)
{
	const char *key;
	json_t *v;
	int rc = strbuf_adds(sql, "SELECT ");
	rc |= add_columns(sql, t);
	rc |= strbuf_addf(sql, " FROM %s WHERE classification <= ?", t->table);
	if (q->filters)
		json_object_foreach(q->filters, key, v)
			rc |= strbuf_addf(sql, " AND %s = ?", key);
	if (q->excludes)
		json_object_foreach(q->excludes, key, v)
			rc |= strbuf_addf(sql, " AND %s <> ?", key);
	if (q->name && has_name_keys(t))
		rc |= strbuf_adds(sql, q->name_prefix
			? " AND ((name_key >= ? AND name_key < ?) OR (surname_key >= ? AND surname_key < ?))"
			: " AND (name_key = ? OR surname_key = ?)");
	if (q->after)
		rc |= strbuf_adds(sql, q->newest_first ? " AND id < ?" : " AND id > ?");
	rc |= strbuf_adds(sql, q->newest_first ? " ORDER BY id DESC LIMIT ?" : " ORDER BY id LIMIT ?");
	return rc ? -ENOMEM : 0;
}

static int bind_list(const struct record_type *t, const struct store_query *q,
		     sqlite3_stmt *st, const char *folded, const char *upper)
{
	const char *key;
	json_t *v;
	int col = 1, rc = sqlite3_bind_int(st, col++, q->view->max_classification);
	if (q->filters)
		json_object_foreach(q->filters, key, v)
			rc |= bind_value(st, col++, model_field_any(t, key), v);
	if (q->excludes)
		json_object_foreach(q->excludes, key, v)
			rc |= bind_value(st, col++, model_field_any(t, key), v);
	if (folded) {
		rc |= bind_text(st, col++, folded);
		if (upper)
			rc |= bind_text(st, col++, upper);
		rc |= bind_text(st, col++, folded);
		if (upper)
			rc |= bind_text(st, col++, upper);
	}
	if (q->after)
		rc |= bind_text(st, col++, q->after);
	rc |= sqlite3_bind_int(st, col, (int)q->limit + 1);
	return rc;
}

int store_record_list(struct store *s, const struct record_type *t,
		      const struct store_query *q, json_t **items, char next[RICS_UUID_LEN])
{
	struct strbuf sql, folded, upper;
	struct conn *c = NULL;
	json_t *arr = json_array();
	sqlite3_stmt *st;
	int rc;
	unsigned n = 0;
	bool more = false;

	strbuf_init(&sql, 0);
	strbuf_init(&folded, 4096);
	strbuf_init(&upper, 4096);
	if (!arr) {
		rc = -ENOMEM;
		goto out;
	}
	rc = build_list_sql(t, q, &sql);
	if (!rc && q->name && has_name_keys(t)) {
		rc = rics_text_fold(q->name, &folded);
		if (!rc && q->name_prefix)
			rc = strbuf_addf(&upper, "%s" UTF8_MAX, folded.buf);
	}
	if (rc)
		goto out;
	c = store_reader_get(s);
	st = conn_prepare(c, sql.buf);
	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	rc = bind_list(t, q, st, q->name && has_name_keys(t) ? folded.buf : NULL,
		       q->name_prefix ? upper.buf : NULL);
	if (rc) {
		rc = store_sqlite_error(rc);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *rec;
		if (n == q->limit) {
			more = true;
			break;
		}
		rc = row_to_json(t, st, &rec);
		if (rc || json_array_append_new(arr, rec)) {
			rc = rc ? rc : -ENOMEM;
			sqlite3_reset(st);
			goto out;
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rc = store_sqlite_error(rc);
		goto out;
	}
	rc = 0;
	next[0] = '\0';
	if (more) {
		const char *last = json_string_value(json_object_get(json_array_get(arr, n - 1), "id"));
		snprintf(next, RICS_UUID_LEN, "%s", last);
	}
	*items = arr;
	arr = NULL;
out:
	if (c)
		store_reader_put(s, c);
	json_decref(arr);
	strbuf_release(&sql);
	strbuf_release(&folded);
	strbuf_release(&upper);
	return rc;
}

int store_record_count(struct store *s, const struct record_type *t,
		       const struct store_view *view, int64_t *out)
{
	char sql[128];
	struct conn *c = store_reader_get(s);
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE classification <= ?", t->table);
	st = conn_prepare(c, sql);
	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	sqlite3_bind_int(st, 1, view->max_classification);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = store_sqlite_error(rc);
	}
	sqlite3_reset(st);
out:
	store_reader_put(s, c);
	return rc;
}
