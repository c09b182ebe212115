// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * POST /api/v1/mrz: a passport reader (an API token with role reader, or an
 * officer's session) sends the machine readable zone it read. The answer is
 * the parse: fields, every check digit, warnings and OCR suggestions. With
 * "record": true and a valid MRZ, the node also stores the traveller (the
 * person and document are reused when the document is already known) and
 * the crossing at the reader's BCP, and screens it at once.
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"
#include "ingest/mrz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *doc_type(const char *code)
{
	switch (code[0]) {
	case 'P': return "passport";
	case 'V': return "visa";
	case 'I': case 'A': case 'C': return "id_card";
	default: return "travel_document";
	}
}

/* Copy key from src to dst if set and acceptable to field f of type t. */
static void take(json_t *dst, const char *dkey, json_t *src, const char *skey,
		 const struct record_type *t)
{
	json_t *v = json_object_get(src, skey), *norm = NULL;
	const struct field_desc *f = model_field(t, dkey);
	struct strbuf ignore;
	if (!v || json_is_null(v) || !f)
		return;
	strbuf_init(&ignore, 512);
	if (model_check_value(f, v, &ignore, &norm) == 0)
		json_object_set_new(dst, dkey, norm);
	strbuf_release(&ignore);
}

static int create(struct request *req, const char *type, json_t *fields, json_t **out)
{
	const struct record_type *t = model_type_by_name(type);
	struct audit_event ev = req_audit_event(req, "create", type, NULL, CLS_UNCLASSIFIED, "ok");
	char event[64];
	int rc;
	ev.detail = "read from an MRZ";
	rc = store_record_create(req->srv->store, t, fields, req->who.name, &ev, out);
	if (!rc) {
		snprintf(event, sizeof event, "%s.created", type);
		http_publish_record(req->srv, event, type, *out);
	}
	return rc;
}

/* The stored document with this number and issuer, if the caller may see it. */
static json_t *known_document(struct request *req, json_t *doc)
{
	struct store_view view = policy_view(&req->who);
	struct store_query q = { .view = &view, .limit = 1 };
	json_t *items = NULL, *found = NULL;
	char next[RICS_UUID_LEN];
	q.filters = json_pack("{sO sO}", "number", json_object_get(doc, "number"),
			      "issuing_country", json_object_get(doc, "issuing_country"));
	if (q.filters && !store_record_list(req->srv->store, model_type_by_name("document"), &q,
					    &items, next))
		found = json_incref(json_array_get(items, 0));
	json_decref(items);
	json_decref(q.filters);
	return found;
}

/* Store person, document and crossing; screen; add them to answer. */
static int record_crossing(struct request *req, json_t *parse, json_t *body, json_t *answer)
{
	json_t *pj = json_object_get(parse, "person"), *dj = json_object_get(parse, "document");
	json_t *person = json_object(), *doc = json_object(), *crossing = NULL, *hits = NULL;
	json_t *prec = NULL, *drec = NULL, *crec = NULL;
	const char *bcp = json_string_value(json_object_get(body, "bcp_code"));
	const char *dir = json_string_value(json_object_get(body, "direction"));
	char now[RICS_TIME_LEN];
	int rc = -ENOMEM;

	if (!bcp || !*bcp)
		bcp = req->who.bcp_code;
	if (!*bcp || !dir || (strcmp(dir, "in") && strcmp(dir, "out"))) {
		strbuf_adds(&req->detail, "to record a crossing give 'direction' (in or out) and a "
					  "'bcp_code' (or use a token bound to a BCP)");
		rc = RICS_E_INVALID;
		goto out;
	}
	if (!person || !doc)
		goto out;
	const struct record_type *pt = model_type_by_name("person"), *dt = model_type_by_name("document");
	take(doc, "number", dj, "number", dt);
	take(doc, "issuing_country", dj, "issuing_state", dt);
	take(doc, "expiry_date", dj, "expiry_date", dt);
	take(doc, "nationality", pj, "nationality", dt);
	json_object_set_new(doc, "doc_type", json_string(doc_type(json_string_value(json_object_get(dj, "type")))));
	take(doc, "mrz", body, "mrz", dt);
	drec = known_document(req, doc);
	if (drec && json_string_value(json_object_get(drec, "person_id"))) {
		json_object_set(answer, "document_known", json_true());
	} else {
		json_decref(drec);
		drec = NULL;
		take(person, "surname", pj, "surname", pt);
		take(person, "given_names", pj, "given_names", pt);
		take(person, "birth_date", pj, "birth_date", pt);
		take(person, "sex", pj, "sex", pt);
		take(person, "nationality", pj, "nationality", pt);
		if (!json_object_get(person, "surname")) {
			strbuf_adds(&req->detail, "the MRZ holds no surname to record");
			rc = RICS_E_INVALID;
			goto out;
		}
		if ((rc = create(req, "person", person, &prec)))
			goto out;
		json_object_set(doc, "person_id", json_object_get(prec, "id"));
		if ((rc = create(req, "document", doc, &drec)))
			goto out;
	}
	rics_time_format(rics_clock_now(req->srv->clock), now);
	crossing = json_pack("{ss ss ss sO sO}", "bcp_code", bcp, "direction", dir, "crossed_at", now,
			     "person_id", json_object_get(drec, "person_id"), "document_id",
			     json_object_get(drec, "id"));
	if (!crossing) {
		rc = -ENOMEM;
		goto out;
	}
	take(crossing, "mode", body, "mode", model_type_by_name("crossing"));
	if ((rc = create(req, "crossing", crossing, &crec)) || (rc = api_screen_crossing(req, crec, &hits)))
		goto out;
	json_object_set(answer, "document_record", drec);
	if (prec)
		json_object_set(answer, "person_record", prec);
	json_object_set(answer, "crossing", crec);
	json_object_set_new(answer, "screening", json_pack("{so}", "hits", hits));
out:
	json_decref(person);
	json_decref(doc);
	json_decref(crossing);
	json_decref(prec);
	json_decref(drec);
	json_decref(crec);
	return rc;
}

/* Why an MRZ is refused, from the parse's own messages. */
static void explain(struct request *req, json_t *parse, const char *lead)
{
	json_t *e;
	size_t i;
	strbuf_adds(&req->detail, lead);
	json_array_foreach(json_object_get(parse, "errors"), i, e)
		strbuf_addf(&req->detail, "%s%s", i ? "; " : ": ", json_string_value(e));
	json_array_foreach(json_object_get(parse, "checks"), i, e)
		if (json_is_false(json_object_get(e, "ok")))
			strbuf_addf(&req->detail, "; check digit of %s fails",
				    json_string_value(json_object_get(e, "field")));
}

int api_mrz(struct request *req)
{
	json_t *body = NULL, *parse = NULL, *answer = NULL;
	struct mrz_result *r = NULL;
	const char *text;
	int rc;

	if (policy_check_record(&req->who, ACT_CREATE, model_type_by_name("document"))) {
		strbuf_addf(&req->detail, "role %s may not read documents", policy_role_name(req->who.role));
		return RICS_E_FORBIDDEN;
	}
	if ((rc = req_body_json(req, &body)))
		return rc;
	text = json_string_value(json_object_get(body, "mrz"));
	if (!text || json_string_length(json_object_get(body, "mrz")) > 400) {
		strbuf_adds(&req->detail, "'mrz' must be the lines of the zone as one string (at most 400 bytes)");
		rc = RICS_E_INVALID;
		goto out;
	}
	r = rics_malloc(sizeof *r);
	if (!r) {
		rc = -ENOMEM;
		goto out;
	}
	int64_t today = rics_clock_now(req->srv->clock) / 86400000;
	rc = mrz_parse(text, strlen(text), today, r);
	if (rc != 0 && rc != RICS_E_INVALID)
		goto out;
	int parsed = rc;
	if ((rc = mrz_to_json(r, &parse)))
		goto out;
	if (parsed) {
		explain(req, parse, "the MRZ cannot be read");
		rc = RICS_E_INVALID;
		goto out;
	}
	answer = json_pack("{sO}", "mrz", parse);
	if (!answer) {
		rc = -ENOMEM;
		goto out;
	}
	if (json_is_true(json_object_get(body, "record"))) {
		if (!r->valid) {
			explain(req, parse, "not recorded: the MRZ does not check out, read it again");
			rc = RICS_E_INVALID;
			goto out;
		}
		if ((rc = record_crossing(req, parse, body, answer)))
			goto out;
	}
	rc = req_reply_json(req, json_object_get(answer, "crossing") ? 201 : 200, answer);
	answer = NULL;
out:
	rics_free(r);
	json_decref(answer);
	json_decref(parse);
	json_decref(body);
	return rc;
}
