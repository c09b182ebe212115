// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Screening over HTTP: POST /api/v1/screen checks a person, document or
 * vehicle against the watchlists; every crossing created is screened as it
 * arrives and each match becomes a Hit record and a "hit.created" event.
 * Clearance rules what a caller learns: a match on an entry above the
 * caller's clearance says only "refer to a supervisor", never the entry.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <string.h>

#define SCREEN_MAX_HITS 10

static json_t *referral(void)
{
	return json_pack("{sb ss}", "refer_to_supervisor", true, "detail",
			 "a match on an entry above your clearance: refer to a supervisor");
}

/* What p may learn of one hit: the entry itself, or a referral. */
static json_t *hit_for(struct request *req, json_t *hit, int *top_level)
{
	const struct record_type *wt = model_type_by_name("watchlist");
	struct store_view view = policy_view(&req->who);
	int level = classification_parse(json_string_value(json_object_get(hit, "classification")));
	json_t *entry = NULL, *out;

	if (level > req->who.clearance ||
	    store_record_get(req->srv->store, wt, json_string_value(json_object_get(hit, "watchlist_id")),
			     &view, &entry))
		return referral();
	if (level > *top_level)
		*top_level = level;
	out = json_deep_copy(hit);
	if (out)
		json_object_set_new(out, "entry", entry);
	else
		json_decref(entry);
	return out;
}

/* The hits of a screening as p may see them; audits classified entries shown. */
static int hits_for(struct request *req, json_t *hits, json_t **out)
{
	json_t *shown = json_array(), *hit;
	int top = CLS_UNCLASSIFIED;
	size_t i;
	if (!shown)
		return -ENOMEM;
	json_array_foreach(hits, i, hit)
		json_array_append_new(shown, hit_for(req, hit, &top));
	if (policy_audit_read(top)) {
		struct audit_event ev = req_audit_event(req, "read", "watchlist", NULL, top, "ok");
		ev.detail = "screening hits";
		store_audit_append(req->srv->store, &ev);
	}
	*out = shown;
	return 0;
}

int api_screen(struct request *req)
{
	const struct record_type *wt = model_type_by_name("watchlist");
	json_t *body = NULL, *hits = NULL, *shown = NULL;
	const char *subject;
	int rc;

	if (policy_check_record(&req->who, ACT_READ, wt)) {
		strbuf_addf(&req->detail, "role %s may not screen", policy_role_name(req->who.role));
		return RICS_E_FORBIDDEN;
	}
	if ((rc = req_body_json(req, &body)))
		return rc;
	subject = json_string_value(json_object_get(body, "subject"));
	rc = screen_service_screen(req->srv->screen, subject ? subject : "", body,
				   rics_clock_now(req->srv->clock), SCREEN_MAX_HITS, &req->detail, &hits);
	if (!rc)
		rc = hits_for(req, hits, &shown);
	if (!rc)
		rc = req_reply_json(req, 200, json_pack("{so}", "hits", shown));
	json_decref(hits);
	json_decref(body);
	return rc;
}

/* The screening fields of a record a crossing refers to. */
static json_t *referenced(struct request *req, const char *type, json_t *crossing, const char *key)
{
	struct store_view all = { CLS_SECRET };
	const char *id = json_string_value(json_object_get(crossing, key));
	json_t *rec = NULL;
	if (!id || store_record_get(req->srv->store, model_type_by_name(type), id, &all, &rec))
		return NULL;
	if (!strcmp(type, "document")) /* screened as a number */
		json_object_set(rec, "document_number", json_object_get(rec, "number"));
	return rec;
}

/* Store one hit (of a crossing, or of a sighting when crossing is NULL)
 * and tell the listeners. */
static int raise_hit(struct request *req, json_t *crossing, const char *subject, json_t *subject_rec,
		     json_t *hit)
{
	const struct record_type *ht = model_type_by_name("hit");
	json_t *fields = json_pack("{sO ss sO sO sO sO}", "watchlist_id",
				   json_object_get(hit, "watchlist_id"), "subject_type", subject,
				   "subject_id", json_object_get(subject_rec, "id"),
				   "score", json_object_get(hit, "score"),
				   "explanation", json_object_get(hit, "explanation"),
				   "classification", json_object_get(hit, "classification"));
	if (fields && crossing)
		json_object_set(fields, "crossing_id", json_object_get(crossing, "id"));
	json_t *rec = NULL;
	struct audit_event ev;
	int rc;
	if (!fields)
		return -ENOMEM;
	ev = req_audit_event(req, "create", "hit", NULL, model_record_classification(fields), "ok");
	ev.detail = crossing ? "screening of a crossing" : "screening of a sighting";
	rc = store_record_create(req->srv->store, ht, fields, req->who.name, &ev, &rec);
	if (!rc) {
		json_object_set(rec, "action", json_object_get(hit, "action"));
		http_publish_record(req->srv, "hit.created", "hit", rec);
		json_object_set_new(hit, "hit_id", json_string(json_string_value(json_object_get(rec, "id"))));
	}
	json_decref(rec);
	json_decref(fields);
	return rc;
}

int api_screen_crossing(struct request *req, json_t *crossing, json_t **out)
{
	static const struct { const char *key, *type, *subject; } refs[] = {
		{ "person_id", "person", "person" },
		{ "document_id", "document", "document" },
		{ "vehicle_id", "vehicle", "vehicle" },
	};
	json_t *all = json_array(), *shown = NULL;
	int rc = all ? 0 : -ENOMEM;

	for (size_t i = 0; i < sizeof refs / sizeof refs[0] && !rc; i++) {
		json_t *rec = referenced(req, refs[i].type, crossing, refs[i].key), *hits = NULL, *hit;
		struct strbuf ignore;
		size_t j;
		if (!rec)
			continue;
		strbuf_init(&ignore, 1024);
		rc = screen_service_screen(req->srv->screen, refs[i].subject, rec,
					   rics_clock_now(req->srv->clock), SCREEN_MAX_HITS, &ignore, &hits);
		strbuf_release(&ignore);
		if (rc == RICS_E_INVALID)
			rc = 0; /* nothing screenable in it: no name, no number */
		json_array_foreach(hits, j, hit)
			if (!rc && !(rc = raise_hit(req, crossing, refs[i].subject, rec, hit)))
				json_array_append(all, hit);
		json_decref(hits);
		json_decref(rec);
	}
	if (!rc)
		rc = hits_for(req, all, &shown);
	json_decref(all);
	if (!rc)
		*out = shown;
	return rc;
}

int api_screen_sighting(struct request *req, json_t *sighting, json_t **out)
{
	json_t *hits = NULL, *hit, *shown = NULL;
	struct strbuf ignore;
	size_t i;
	int rc;
	strbuf_init(&ignore, 1024);
	rc = screen_service_screen(req->srv->screen, "vehicle", sighting,
				   rics_clock_now(req->srv->clock), SCREEN_MAX_HITS, &ignore, &hits);
	strbuf_release(&ignore);
	json_array_foreach(hits, i, hit)
		if (!rc)
			rc = raise_hit(req, NULL, "vehicle", sighting, hit);
	if (!rc)
		rc = hits_for(req, hits, &shown);
	json_decref(hits);
	if (!rc)
		*out = shown;
	return rc;
}
