// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Travellers read by machines (a passport reader's MRZ, a passenger
 * manifest): the one way they become records. The document is looked up
 * first, and when the node already knows it (and the caller may see it)
 * its person is reused; otherwise the person and the document are created.
 * Then the crossing, then screening. Shared by api_mrz.c and
 * api_manifests.c so both store a traveller exactly alike.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <string.h>

void traveller_take(json_t *dst, const char *dkey, json_t *src, const char *skey, const char *type)
{
	json_t *v = json_object_get(src, skey), *norm = NULL;
	const struct field_desc *f = model_field(model_type_by_name(type), dkey);
	struct strbuf ignore;
	if (!v || json_is_null(v) || !f)
		return;
	strbuf_init(&ignore, 512);
	if (model_check_value(f, v, &ignore, &norm) == 0)
		json_object_set_new(dst, dkey, norm);
	strbuf_release(&ignore);
}

const char *traveller_doc_type(const char *code)
{
	switch (code ? code[0] : '\0') {
	case 'P': return "passport";
	case 'V': return "visa";
	case 'I': case 'A': case 'C': return "id_card";
	default: return "travel_document";
	}
}

static int create(struct request *req, const char *type, json_t *fields, const char *why,
		  json_t **out)
{
	const struct record_type *t = model_type_by_name(type);
	struct audit_event ev = req_audit_event(req, "create", type, NULL, CLS_UNCLASSIFIED, "ok");
	json_t *valid = NULL;
	char event[64];
	/* what a machine read is held to the same rules as what a person types */
	int rc = model_validate(t, fields, false, &req->detail, &valid);
	if (rc)
		return rc;
	ev.detail = why;
	rc = store_record_create(req->srv->store, t, valid, req->who.name, &ev, out);
	json_decref(valid);
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
	if (!json_object_get(doc, "number") || !json_object_get(doc, "issuing_country"))
		return NULL;
	q.filters = json_pack("{sO sO}", "number", json_object_get(doc, "number"),
			      "issuing_country", json_object_get(doc, "issuing_country"));
	if (q.filters && !store_record_list(req->srv->store, model_type_by_name("document"), &q,
					    &items, next))
		found = json_incref(json_array_get(items, 0));
	json_decref(items);
	json_decref(q.filters);
	return found;
}

int traveller_record(struct request *req, const struct traveller *t, const char *why,
		     json_t *answer)
{
	json_t *prec = NULL, *drec = known_document(req, t->document), *crec = NULL, *hits = NULL;
	int rc = 0;

	if (drec && json_string_value(json_object_get(drec, "person_id"))) {
		json_object_set(answer, "document_known", json_true());
	} else {
		json_decref(drec);
		drec = NULL;
		if (!json_object_get(t->person, "surname")) {
			strbuf_adds(&req->detail, "the traveller has no surname to record");
			rc = RICS_E_INVALID;
			goto out;
		}
		if ((rc = create(req, "person", t->person, why, &prec)))
			goto out;
		json_object_set(t->document, "person_id", json_object_get(prec, "id"));
		if ((rc = create(req, "document", t->document, why, &drec)))
			goto out;
	}
	json_object_set(t->crossing, "person_id", json_object_get(drec, "person_id"));
	json_object_set(t->crossing, "document_id", json_object_get(drec, "id"));
	if ((rc = create(req, "crossing", t->crossing, why, &crec)) ||
	    (rc = api_screen_crossing(req, crec, &hits)))
		goto out;
	json_object_set(answer, "document_record", drec);
	if (prec)
		json_object_set(answer, "person_record", prec);
	json_object_set(answer, "crossing", crec);
	json_object_set_new(answer, "screening", json_pack("{so}", "hits", hits));
out:
	json_decref(prec);
	json_decref(drec);
	json_decref(crec);
	return rc;
}
