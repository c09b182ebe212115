// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Records that came from another node through the exchange are found again
 * by the key they were imported under, so an update or a withdrawal from
 * the same node reaches the same record.
 */
#include "store/store_int.h"

#include "core/error.h"

#include <string.h>

static int id_by_key(struct conn *c, const struct record_type *t, const char *key,
		     char id[RICS_UUID_LEN])
{
	char sql[128];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE import_key = ?", t->table);
	if (!(st = conn_prepare(c, sql)))
		return store_sqlite_error(sqlite3_errcode(c->db));
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		column_copy(st, 0, id, RICS_UUID_LEN);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? RICS_E_NOT_FOUND : store_sqlite_error(rc);
	sqlite3_reset(st);
	return rc;
}

int store_record_by_import_key(struct store *s, const struct record_type *t,
			       const char *import_key, const struct store_view *view,
			       json_t **out)
{
	struct conn *c = store_reader_get(s);
	char id[RICS_UUID_LEN];
	int rc = id_by_key(c, t, import_key, id);

	if (!rc)
		rc = select_by_id(c, t, id, view->max_classification, out);
	store_reader_put(s, c);
	return rc;
}
