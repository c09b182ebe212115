// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * POST /api/v1/{type}/import: many records in one transaction, for bulk
 * imports (`rics import`). Each row is validated on its own; the valid ones
 * are stored together in one commit, and every row gets its own answer:
 * created (with its id), duplicate (already imported; with the stored
 * record's id) or rejected (why).
 * A row's import key is the SHA-256 of its type and its validated fields
 * in canonical form, so importing the same file again adds nothing. The
 * hash is preceded by the row's event time (crossed_at, seized_at, ...)
 * when its type has one: a unique index over random hashes puts every new
 * row on a page of its own, while exports arrive roughly in time order, so
 * the prefix keeps a batch's keys on a few pages (SQLite's own insert rate
 * into the crossing table: 0.2x of the unkeyed rate with bare hashes, 0.8x
 * with the prefix; docs/bench.md).
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>

#define IMPORT_ROWS_MAX 5000
/* event time (at most 63 bytes), '/', hex hash, NUL */
#define IMPORT_TIME_MAX 63
#define IMPORT_KEY_LEN (IMPORT_TIME_MAX + 1 + RICS_SHA256_HEX_LEN)

struct import_batch {
	json_t *valid;                     /* validated rows to store */
	size_t *index;                     /* their positions in the request */
	char (*keys)[IMPORT_KEY_LEN];
	const char **key_ptrs;
	json_t *rejected;                  /* [{index, detail}] */
	int top_level;                     /* highest classification stored */
};

/* The type's own event time: its first required time field, if any. */
static const char *event_time(const struct record_type *t, json_t *row)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field_desc *f = &t->fields[i];
		if (f->kind == FK_TIME && (f->flags & FF_REQUIRED))
			return json_string_value(json_object_get(row, f->name));
	}
	return NULL;
}

static int import_key(const struct record_type *t, json_t *row, char out[IMPORT_KEY_LEN])
{
	char *canon = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
	char hash[RICS_SHA256_HEX_LEN];
	const char *when = event_time(t, row);
	struct strbuf sb;
	int rc;
	if (!canon)
		return -ENOMEM;
	strbuf_init(&sb, 0);
	rc = strbuf_addf(&sb, "%s\n%s", t->name, canon);
	if (!rc) {
		rics_sha256_hex(sb.buf, sb.len, hash);
		snprintf(out, IMPORT_KEY_LEN, "%.*s%s%s", IMPORT_TIME_MAX, when ? when : "",
			 when ? "/" : "", hash);
	}
	strbuf_release(&sb);
	rics_free(canon);
	return rc;
}

static int reject(struct import_batch *b, size_t i, const char *detail)
{
	json_t *r = json_pack("{sI ss ss}", "index", (json_int_t)i, "status", "rejected",
			      "detail", detail);
	return r && !json_array_append_new(b->rejected, r) ? 0 : -ENOMEM;
}

static int validate_rows(struct request *req, const struct record_type *t, json_t *rows,
			 struct import_batch *b)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		struct strbuf why;
		json_t *fields = NULL;
		int level, rc;
		strbuf_init(&why, 4096);
		rc = model_validate(t, row, false, &why, &fields);
		if (!rc) {
			level = model_record_classification(fields);
			if (policy_check_classify(&req->who, level)) {
				strbuf_addf(&why, "classification %s is above your clearance",
					    classification_name(level));
				rc = RICS_E_FORBIDDEN;
			}
		}
		if (!rc) {
			/* the check writes its reason into the request's detail */
			size_t mark = req->detail.len;
			rc = api_check_references(req, t, fields);
			if (rc == RICS_E_INVALID) {
				strbuf_adds(&why, req->detail.buf + mark);
				req->detail.len = mark;
				req->detail.buf[mark] = '\0';
			}
		}
		if (rc == RICS_E_INVALID || rc == RICS_E_FORBIDDEN) {
			rc = reject(b, i, why.buf);
		} else if (!rc) {
			size_t k = json_array_size(b->valid);
			rc = import_key(t, fields, b->keys[k]);
			b->key_ptrs[k] = b->keys[k];
			b->index[k] = i;
			if (model_record_classification(fields) > b->top_level)
				b->top_level = model_record_classification(fields);
			if (!rc && json_array_append(b->valid, fields))
				rc = -ENOMEM;
		}
		json_decref(fields);
		strbuf_release(&why);
		if (rc)
			return rc;
	}
	return 0;
}

/* The answer: counts, and one result per row in request order. */
static json_t *import_answer(struct import_batch *b, const struct store_import_result *res,
			     size_t nrows)
{
	json_t *results = json_array(), *rej;
	size_t created = 0, duplicates = 0, i;
	for (i = 0; i < nrows; i++)
		json_array_append_new(results, json_null());
	for (size_t k = 0; k < json_array_size(b->valid); k++) {
		const struct store_import_result *r = &res[k];
		json_t *o;
		if (r->rc)
			o = json_pack("{sI ss ss}", "index", (json_int_t)b->index[k], "status", "rejected",
				      "detail", r->rc == RICS_E_CONFLICT
				      ? "conflicts with a stored record (a duplicate unique field or a reference to a missing record)"
				      : rics_strerror(r->rc));
		else if (r->duplicate)
			o = json_pack("{sI ss ss}", "index", (json_int_t)b->index[k], "status",
				      "duplicate", "id", r->id);
		else
			o = json_pack("{sI ss ss}", "index", (json_int_t)b->index[k], "status", "created",
				      "id", r->id);
		created += !r->rc && !r->duplicate;
		duplicates += !r->rc && r->duplicate;
		json_array_set_new(results, b->index[k], o);
	}
	json_array_foreach(b->rejected, i, rej)
		json_array_set(results, (size_t)json_integer_value(json_object_get(rej, "index")), rej);
	return json_pack("{sI sI sI so}", "created", (json_int_t)created,
			 "duplicates", (json_int_t)duplicates,
			 "rejected", (json_int_t)(nrows - created - duplicates), "results", results);
}

/* Imported watchlist entries join the screening index in one step. */
static int watch_imported(struct request *req, const struct record_type *t,
			  struct import_batch *b, const struct store_import_result *res)
{
	struct store_view all = { CLS_SECRET };
	json_t *recs = json_array();
	int rc = recs ? 0 : -ENOMEM;
	for (size_t k = 0; k < json_array_size(b->valid) && !rc; k++) {
		json_t *rec = NULL;
		if (res[k].rc || res[k].duplicate)
			continue;
		rc = store_record_get(req->srv->store, t, res[k].id, &all, &rec);
		if (!rc && json_array_append_new(recs, rec))
			rc = -ENOMEM;
	}
	if (!rc)
		rc = screen_service_watch_many(req->srv->screen, recs);
	json_decref(recs);
	return rc;
}

/* One event for the whole import, not one per row: a screen showing the
   type reloads once (a thousand created events would flood every live
   feed), at the level of the highest row, so those cleared below it do
   not learn that it happened. */
static void announce_import(struct request *req, const struct record_type *t,
			    const struct import_batch *b, const json_t *answer)
{
	char event[64];
	json_int_t created = json_integer_value(json_object_get(answer, "created"));
	if (!created)
		return;
	json_t *summary = json_pack("{ss sI}", "classification", classification_name(b->top_level),
				    "created", created);
	snprintf(event, sizeof event, "%s.imported", t->name);
	if (summary)
		http_publish_record(req->srv, event, t->name, summary);
	json_decref(summary);
}

static int import_rows(struct request *req, const struct record_type *t, json_t *rows)
{
	size_t n = json_array_size(rows);
	struct import_batch b = { .valid = json_array(), .rejected = json_array() };
	struct store_import_result *res = NULL;
	struct audit_event ev;
	int rc = -ENOMEM;

	b.index = rics_calloc(n, sizeof *b.index);
	b.keys = rics_calloc(n, sizeof *b.keys);
	b.key_ptrs = rics_calloc(n, sizeof *b.key_ptrs);
	res = rics_calloc(n, sizeof *res);
	if (!b.valid || !b.rejected || !b.index || !b.keys || !b.key_ptrs || !res)
		goto out;
	if ((rc = validate_rows(req, t, rows, &b)))
		goto out;
	ev = req_audit_event(req, "import", t->name, NULL, b.top_level, "ok");
	if (json_array_size(b.valid) &&
	    (rc = store_record_import(req->srv->store, t, b.valid, b.key_ptrs, req->who.name, &ev,
				      res)))
		goto out;
	if (!strcmp(t->name, "watchlist") && (rc = watch_imported(req, t, &b, res)))
		goto out;
	json_t *answer = import_answer(&b, res, n);
	announce_import(req, t, &b, answer);
	rc = req_reply_json(req, 200, answer);
out:
	json_decref(b.valid);
	json_decref(b.rejected);
	rics_free(b.index);
	rics_free(b.keys);
	rics_free(b.key_ptrs);
	rics_free(res);
	return rc;
}

int api_records_import(struct request *req)
{
	const struct record_type *t = model_type_by_plural(req->params[0]);
	json_t *body = NULL, *rows;
	int rc;

	if (!t) {
		strbuf_addf(&req->detail, "no resource at %s", req->url);
		return RICS_E_NOT_FOUND;
	}
	if (policy_check_record(&req->who, ACT_CREATE, t)) {
		strbuf_addf(&req->detail, "role %s may not create %s", policy_role_name(req->who.role),
			    t->plural);
		return RICS_E_FORBIDDEN;
	}
	if ((rc = req_body_json(req, &body)))
		return rc;
	rows = json_object_get(body, "rows");
	if (!json_is_array(rows) || json_object_size(body) != 1) {
		strbuf_adds(&req->detail, "the body must be {\"rows\": [record, ...]}");
		rc = RICS_E_INVALID;
	} else if (json_array_size(rows) == 0 || json_array_size(rows) > IMPORT_ROWS_MAX) {
		strbuf_addf(&req->detail, "'rows' must hold 1 to %d records", IMPORT_ROWS_MAX);
		rc = RICS_E_INVALID;
	} else {
		rc = import_rows(req, t, rows);
	}
	json_decref(body);
	return rc;
}
