// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /api/v1/{type}: create, get, list, count and update for every record type
 * of model.h. One generic resource, driven by the type descriptions, instead
 * of eleven near-identical files: a type's fields, filters and rules live in
 * src/model/types.c and nowhere else.
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int record_type(struct request *req, const struct record_type **out)
{
	const struct record_type *t = model_type_by_plural(req->params[0]);
	if (!t) {
		strbuf_addf(&req->detail, "no resource at %s", req->url);
		return RICS_E_NOT_FOUND;
	}
	*out = t;
	return 0;
}

int api_record_allowed(struct request *req, const struct record_type *t, enum record_action act)
{
	static const char *const verbs[] = { "", "read", "create", "", "update" };
	int rc = policy_check_record(&req->who, act, t);
	if (rc)
		strbuf_addf(&req->detail, "role %s may not %s %s", policy_role_name(req->who.role),
			    verbs[act], t->plural);
	return rc;
}

static int record_id(struct request *req, const char **out)
{
	if (!rics_uuid_valid(req->params[1])) {
		strbuf_addf(&req->detail, "'%s' is not a record id (a UUID)", req->params[1]);
		return RICS_E_MALFORMED;
	}
	*out = req->params[1];
	return 0;
}

/* Reading a classified record leaves a trace; a failed trace fails the read. */
static int audit_read(struct request *req, const struct record_type *t, const char *id,
		      int level, const char *detail)
{
	struct audit_event ev;
	if (!policy_audit_read(level))
		return 0;
	ev = req_audit_event(req, "read", t->name, id, level, "ok");
	ev.detail = detail;
	return store_audit_append(req->srv->store, &ev);
}

/* RICS_E_INVALID unless the caller may see record id of type_name. A hidden
 * record is answered exactly like a missing one. */
static int check_reference(struct request *req, const char *field, const char *type_name,
			   const char *id)
{
	const struct record_type *rt = model_type_by_name(type_name);
	struct store_view view = policy_view(&req->who);
	json_t *rec = NULL;
	int rc = rt ? store_record_get(req->srv->store, rt, id, &view, &rec) : RICS_E_NOT_FOUND;
	json_decref(rec);
	if (rc == RICS_E_NOT_FOUND) {
		strbuf_addf(&req->detail, "'%s' refers to no %s '%s'", field, type_name, id);
		return RICS_E_INVALID;
	}
	return rc;
}

/* Every record a new or changed record points at must exist for the caller:
 * otherwise a reference would reveal that a hidden record exists. */
int api_check_references(struct request *req, const struct record_type *t, json_t *fields)
{
	const char *key;
	json_t *v;
	json_object_foreach(fields, key, v) {
		const struct field_desc *f = model_field_any(t, key);
		const char *ref = f->ref_type;
		size_t i;
		json_t *item;
		int rc = 0;
		/* a relation's ends name their own types */
		if (!strcmp(t->name, "relation") && (!strcmp(key, "from_id") || !strcmp(key, "to_id")))
			ref = json_string_value(json_object_get(fields, key[0] == 'f' ? "from_type"
										 : "to_type"));
		if (!ref || json_is_null(v))
			continue;
		if (f->kind == FK_ID_LIST) {
			json_array_foreach(v, i, item)
				if (!rc)
					rc = check_reference(req, key, ref, json_string_value(item));
		} else if (json_is_string(v)) {
			rc = check_reference(req, key, ref, json_string_value(v));
		}
		if (rc)
			return rc;
	}
	return 0;
}

int api_check_classification(struct request *req, json_t *fields)
{
	int level = model_record_classification(fields);
	int rc = policy_check_classify(&req->who, level);
	if (rc)
		strbuf_addf(&req->detail, "you may not classify a record %s: your clearance is %s",
			    classification_name(level), classification_name(req->who.clearance));
	return rc;
}

static void publish(struct request *req, const struct record_type *t, const char *what,
		    json_t *rec)
{
	char event[64];
	snprintf(event, sizeof event, "%s.%s", t->name, what);
	http_publish_record(req->srv, event, t->name, rec);
}

/* A cash declaration at or over the node's threshold is announced as such,
 * besides declaration.created, so a situation centre sees it without
 * knowing the threshold. */
static void announce_over_threshold(struct request *req, const struct record_type *t, json_t *rec)
{
	if (!strcmp(t->name, "declaration") &&
	    json_number_value(json_object_get(rec, "amount")) >= req->srv->cfg.cash_threshold)
		publish(req, t, "over_threshold", rec);
}

/*
 * What follows a stored write: a watchlist change reaches the screening
 * index at once; a new crossing is screened, and the reply carries what the
 * officer may see of its hits under "screening". The record is stored
 * whatever happens here: a screening failure is reported, not undone.
 */
static int after_write(struct request *req, const struct record_type *t, json_t *rec)
{
	json_t *hits = NULL;
	int rc = 0;
	if (!strcmp(t->name, "watchlist"))
		rc = screen_service_watch(req->srv->screen, rec);
	else if (!strcmp(t->name, "crossing") && json_integer_value(json_object_get(rec, "version")) == 1)
		rc = api_screen_crossing(req, rec, &hits);
	if (hits)
		json_object_set_new(rec, "screening", json_pack("{so}", "hits", hits));
	if (rc)
		strbuf_addf(&req->detail, "the %s was stored, but screening failed: %s", t->name,
			    rics_strerror(rc));
	return rc;
}

int api_records_create(struct request *req)
{
	const struct record_type *t;
	json_t *body = NULL, *fields = NULL, *rec = NULL;
	struct audit_event ev;
	char location[256];
	int rc;

	if ((rc = record_type(req, &t)) || (rc = api_record_allowed(req, t, ACT_CREATE)) ||
	    (rc = req_body_json(req, &body)))
		return rc;
	rc = model_validate(t, body, false, &req->detail, &fields);
	if (rc || (rc = api_check_classification(req, fields)) || (rc = api_check_references(req, t, fields)))
		goto out;
	ev = req_audit_event(req, "create", t->name, NULL, model_record_classification(fields), "ok");
	rc = store_record_create(req->srv->store, t, fields, req->who.name, &ev, &rec);
	if (rc == RICS_E_CONFLICT)
		strbuf_addf(&req->detail, "the %s conflicts with a stored record (a duplicate unique "
					  "field, or a reference to a record that does not exist)", t->name);
	if (rc)
		goto out;
	snprintf(location, sizeof location, "/api/v1/%s/%s", t->plural,
		 json_string_value(json_object_get(rec, "id")));
	req_add_header(req, MHD_HTTP_HEADER_LOCATION, location);
	publish(req, t, "created", rec);
	announce_over_threshold(req, t, rec);
	if ((rc = after_write(req, t, rec))) {
		json_decref(rec);
		goto out;
	}
	rc = req_reply_json(req, 201, rec);
out:
	json_decref(body);
	json_decref(fields);
	return rc;
}

int api_records_get(struct request *req)
{
	const struct record_type *t;
	struct store_view view = policy_view(&req->who);
	const char *id;
	json_t *rec;
	int rc;

	if ((rc = record_type(req, &t)) || (rc = api_record_allowed(req, t, ACT_READ)) ||
	    (rc = record_id(req, &id)))
		return rc;
	rc = store_record_get(req->srv->store, t, id, &view, &rec);
	if (rc == RICS_E_NOT_FOUND)
		strbuf_addf(&req->detail, "no %s '%s'", t->name, id);
	if (rc)
		return rc;
	rc = audit_read(req, t, id, model_record_classification(rec), NULL);
	if (rc) {
		json_decref(rec);
		return rc;
	}
	return req_reply_json(req, 200, rec);
}

/* Expected version from If-Match ("3" or "\"3\""); -1 without the header. */
static int if_match(struct request *req, int64_t *out)
{
	const char *h = req_header(req, MHD_HTTP_HEADER_IF_MATCH);
	char *end;
	long long v;
	*out = -1;
	if (!h)
		return 0;
	if (*h == '"')
		h++;
	errno = 0;
	v = strtoll(h, &end, 10);
	if (errno || end == h || (*end && strcmp(end, "\"") != 0) || v < 1) {
		strbuf_adds(&req->detail, "If-Match must hold the record's version number");
		return RICS_E_MALFORMED;
	}
	*out = v;
	return 0;
}

int api_records_patch(struct request *req)
{
	const struct record_type *t;
	struct store_view view = policy_view(&req->who);
	json_t *body = NULL, *patch = NULL, *rec = NULL;
	struct audit_event ev;
	const char *id;
	int64_t version;
	int rc;

	if ((rc = record_type(req, &t)) || (rc = api_record_allowed(req, t, ACT_UPDATE)) ||
	    (rc = record_id(req, &id)) || (rc = if_match(req, &version)) ||
	    (rc = req_body_json(req, &body)))
		return rc;
	rc = model_validate(t, body, true, &req->detail, &patch);
	if (rc || (rc = api_check_classification(req, patch)) || (rc = api_check_references(req, t, patch)))
		goto out;
	if (json_object_size(patch) == 0) {
		strbuf_adds(&req->detail, "nothing to change");
		rc = RICS_E_INVALID;
		goto out;
	}
	char *what = json_dumps(patch, JSON_COMPACT | JSON_SORT_KEYS);
	ev = req_audit_event(req, "update", t->name, id, model_record_classification(patch), "ok");
	ev.detail = what;
	rc = store_record_update(req->srv->store, t, id, patch, version, &view, req->who.name,
				 &ev, &rec);
	rics_free(what);
	if (rc == RICS_E_NOT_FOUND)
		strbuf_addf(&req->detail, "no %s '%s'", t->name, id);
	else if (rc == RICS_E_CONFLICT)
		strbuf_addf(&req->detail, "the %s changed since version %lld: read it again",
			    t->name, (long long)version);
	else if (rc == RICS_E_INVALID)
		strbuf_adds(&req->detail, "the change would break a rule of the record: "
					  "'handling_note' is required with handling H3");
	if (!rc) {
		publish(req, t, "updated", rec);
		rc = after_write(req, t, rec);
		if (!rc)
			rc = req_reply_json(req, 200, rec);
		else
			json_decref(rec);
	}
out:
	json_decref(body);
	json_decref(patch);
	return rc;
}

struct list_args {
	struct request *req;
	const struct record_type *t;
	json_t *filters;
	const char *cursor, *name, *name_prefix, *limit, *box, *order;
	int rc;
};

/* A query-string value as the JSON value of its field. */
static json_t *query_value(const struct field_desc *f, const char *s)
{
	char *end;
	if (f->kind == FK_INT) {
		long long v;
		errno = 0;
		v = strtoll(s, &end, 10);
		return errno || end == s || *end ? json_string(s) : json_integer(v);
	}
	if (f->kind == FK_REAL) {
		double d = strtod(s, &end);
		return end == s || *end ? json_string(s) : json_real(d);
	}
	return json_string(s);
}

static enum MHD_Result list_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	struct list_args *a = cls;
	struct request *req = a->req;
	const struct field_desc *f;
	const char **reserved = NULL;
	json_t *raw, *norm;

	(void)kind;
	if (!value)
		value = "";
	if (!strcmp(key, "cursor"))
		reserved = &a->cursor;
	else if (!strcmp(key, "limit"))
		reserved = &a->limit;
	else if (!strcmp(key, "name") && a->t->flags & RT_NAME_SEARCH)
		reserved = &a->name;
	else if (!strcmp(key, "name_prefix") && a->t->flags & RT_NAME_SEARCH)
		reserved = &a->name_prefix;
	else if (!strcmp(key, "order"))
		reserved = &a->order;
	else if (!strcmp(key, "box") && !strcmp(a->t->name, "message"))
		reserved = &a->box;
	if (reserved) {
		if (*reserved) {
			strbuf_addf(&req->detail, "query parameter '%s' is given twice", key);
			goto bad;
		}
		*reserved = value;
		return MHD_YES;
	}
	f = model_field_any(a->t, key);
	if (!f || !(f->flags & FF_FILTER)) {
		strbuf_addf(&req->detail, "%s cannot be filtered by '%s'", a->t->plural, key);
		goto bad;
	}
	if (json_object_get(a->filters, key)) {
		strbuf_addf(&req->detail, "query parameter '%s' is given twice", key);
		goto bad;
	}
	raw = query_value(f, value);
	a->rc = model_check_value(f, raw, &req->detail, &norm);
	json_decref(raw);
	if (a->rc) {
		a->rc = RICS_E_MALFORMED;
		return MHD_NO;
	}
	json_object_set_new(a->filters, key, norm);
	return MHD_YES;
bad:
	a->rc = RICS_E_MALFORMED;
	return MHD_NO;
}

/* Messages' box=in: received from other nodes; box=out: written here, the
 * receipts this node sent back left out. */
static int box_query(struct list_args *a, struct store_query *q)
{
	const char *self = a->req->srv->node.id;
	bool in = !strcmp(a->box, "in");

	if (!in && strcmp(a->box, "out")) {
		strbuf_addf(&a->req->detail, "'box' must be in or out, not '%s'", a->box);
		return RICS_E_MALFORMED;
	}
	if (json_object_get(a->filters, "origin_node")) {
		strbuf_adds(&a->req->detail, "'box' decides origin_node: give one or the other");
		return RICS_E_MALFORMED;
	}
	q->excludes = in ? json_pack("{ss}", "origin_node", self)
			 : json_pack("{ss}", "type", "receipt");
	if (!q->excludes || (!in && json_object_set_new(a->filters, "origin_node", json_string(self))))
		return -ENOMEM;
	return 0;
}

static int list_query(struct list_args *a, struct store_query *q)
{
	struct request *req = a->req;
	char *end;
	long v = 50;
	int rc;

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, list_arg, a);
	if (a->rc)
		return a->rc;
	if (a->limit) {
		errno = 0;
		v = strtol(a->limit, &end, 10);
		if (errno || end == a->limit || *end || v < 1 || v > (long)req->srv->cfg.page_max) {
			strbuf_addf(&req->detail, "'limit' must be from 1 to %u", req->srv->cfg.page_max);
			return RICS_E_MALFORMED;
		}
	}
	if (a->cursor && !rics_uuid_valid(a->cursor)) {
		strbuf_addf(&req->detail, "'cursor' is not a cursor from a previous page: '%s'", a->cursor);
		return RICS_E_MALFORMED;
	}
	if (a->name && a->name_prefix) {
		strbuf_adds(&req->detail, "give 'name' or 'name_prefix', not both");
		return RICS_E_MALFORMED;
	}
	if ((a->name && !*a->name) || (a->name_prefix && !*a->name_prefix)) {
		strbuf_adds(&req->detail, "the name searched for is empty");
		return RICS_E_MALFORMED;
	}
	if (a->order && strcmp(a->order, "newest") && strcmp(a->order, "oldest")) {
		strbuf_addf(&req->detail, "'order' must be newest or oldest, not '%s'", a->order);
		return RICS_E_MALFORMED;
	}
	if (a->box && (rc = box_query(a, q)))
		return rc;
	q->newest_first = a->order && !strcmp(a->order, "newest");
	q->filters = a->filters;
	q->name = a->name ? a->name : a->name_prefix;
	q->name_prefix = a->name_prefix != NULL;
	q->after = a->cursor;
	q->limit = (unsigned)v;
	return 0;
}

/* One audit entry for the classified records a page shows. */
static int audit_list(struct request *req, const struct record_type *t, json_t *items)
{
	struct strbuf ids;
	size_t i;
	json_t *rec;
	int top = CLS_UNCLASSIFIED, rc = 0;

	strbuf_init(&ids, 0);
	json_array_foreach(items, i, rec) {
		int level = model_record_classification(rec);
		if (!policy_audit_read(level))
			continue;
		if (level > top)
			top = level;
		rc |= strbuf_addf(&ids, "%s%s", ids.len ? " " : "",
				  json_string_value(json_object_get(rec, "id")));
	}
	if (!rc && ids.len)
		rc = audit_read(req, t, NULL, top, ids.buf);
	strbuf_release(&ids);
	return rc;
}

int api_records_list(struct request *req)
{
	const struct record_type *t;
	struct store_view view = policy_view(&req->who);
	struct store_query q = { .view = &view };
	struct list_args a = { .req = req };
	char next[RICS_UUID_LEN];
	json_t *items = NULL;
	int rc;

	if ((rc = record_type(req, &t)) || (rc = api_record_allowed(req, t, ACT_READ)))
		return rc;
	a.t = t;
	a.filters = json_object();
	if (!a.filters)
		return -ENOMEM;
	if ((rc = list_query(&a, &q)) || (rc = store_record_list(req->srv->store, t, &q, &items, next)))
		goto out;
	if ((rc = audit_list(req, t, items)))
		goto out;
	rc = req_reply_json(req, 200, json_pack("{so so}", "items", items, "next_cursor",
						next[0] ? json_string(next) : json_null()));
	items = NULL;
out:
	json_decref(items);
	json_decref(a.filters);
	json_decref(q.excludes);
	return rc;
}

int api_records_count(struct request *req)
{
	const struct record_type *t;
	struct store_view view = policy_view(&req->who);
	int64_t n;
	int rc;
	if ((rc = record_type(req, &t)) || (rc = api_record_allowed(req, t, ACT_READ)) ||
	    (rc = store_record_count(req->srv->store, t, &view, &n)))
		return rc;
	return req_reply_json(req, 200, json_pack("{sI}", "count", (json_int_t)n));
}
