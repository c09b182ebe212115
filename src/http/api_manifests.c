// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * POST /api/v1/manifests: a UN/EDIFACT PAXLST passenger manifest (API data
 * from an airline) or a PNRGOV push (its reservations) in the request body.
 * Each passenger or crew member becomes a person and a document (reused
 * when the node knows the document) and an expected crossing at the
 * receiving BCP, screened at once. A PNRGOV push counts as the manifest of
 * its flight (the header TVL), with the travellers of every PNR in it. The answer reports, per traveller, what was stored or why not, and
 * every problem of the interchange with its segment number.
 *
 * ?bcp=CODE names the BCP (default: the caller's home BCP); ?direction=in
 * (arrivals, the default) or out. PAXLST times are the airport's local time;
 * the BCP's country gives the offset.
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"
#include "ingest/edifact.h"
#include "ingest/paxlst.h"
#include "ingest/pnrgov.h"

#include <errno.h>
#include <string.h>

/* UTC offsets of the region's countries (no daylight saving in any). */
static const char *country_offset(const char *cc)
{
	static const char *const offsets[][2] = {
		{ "KZ", "+05:00" }, { "KG", "+06:00" }, { "TJ", "+05:00" }, { "UZ", "+05:00" },
		{ "TM", "+05:00" }, { "AF", "+04:30" },
	};
	for (size_t i = 0; cc && i < sizeof offsets / sizeof offsets[0]; i++)
		if (!strcmp(offsets[i][0], cc))
			return offsets[i][1];
	return "Z";
}

static int find_bcp(struct request *req, const char *code, json_t **out)
{
	struct store_view all = { CLS_SECRET };
	struct store_query q = { .view = &all, .limit = 1 };
	json_t *items = NULL;
	char next[RICS_UUID_LEN];
	int rc;
	q.filters = json_pack("{ss}", "code", code);
	rc = q.filters ? store_record_list(req->srv->store, model_type_by_name("bcp"), &q, &items, next)
		       : -ENOMEM;
	json_decref(q.filters);
	if (!rc && !json_array_size(items)) {
		strbuf_addf(&req->detail, "no BCP '%s' on this node", code);
		rc = RICS_E_INVALID;
	}
	if (!rc)
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return rc;
}

/* One traveller of a manifest into records; the outcome goes into results. */
static int store_traveller(struct request *req, json_t *pax, size_t index, const char *bcp,
			   const char *dir, const char *when, const char *group, json_t *results)
{
	json_t *doc = json_array_get(json_object_get(pax, "documents"), 0);
	struct traveller t = { json_object(), json_object(), NULL };
	json_t *answer = json_object(), *r;
	int rc = -ENOMEM;

	t.crossing = json_pack("{ss ss ss ss ss ss*}", "bcp_code", bcp, "direction", dir, "crossed_at",
			       when, "mode", "air", "status", "expected", "group_ref", group);
	if (!t.person || !t.document || !t.crossing || !answer)
		goto out;
	for (const char *const *k = (const char *const[]){ "surname", "given_names", "birth_date",
							   "sex", "nationality", NULL }; *k; k++)
		traveller_take(t.person, *k, pax, *k, "person");
	traveller_take(t.document, "number", doc, "number", "document");
	traveller_take(t.document, "issuing_country", doc, "issuing_country", "document");
	traveller_take(t.document, "expiry_date", doc, "expiry_date", "document");
	traveller_take(t.document, "nationality", pax, "nationality", "document");
	json_object_set_new(t.document, "doc_type",
			    json_string(traveller_doc_type(json_string_value(json_object_get(doc, "type")))));
	size_t mark = req->detail.len;
	rc = traveller_record(req, &t, "announced by a passenger manifest", answer);
	if (rc == RICS_E_INVALID || rc == RICS_E_CONFLICT || rc == RICS_E_FORBIDDEN) {
		/* this traveller is refused; the others go on */
		r = json_pack("{sI sO ss ss sO}", "index", (json_int_t)index, "surname",
			      json_object_get(pax, "surname"), "status", "rejected", "detail",
			      req->detail.len > mark ? req->detail.buf + mark : rics_strerror(rc),
			      "segment", json_object_get(pax, "segment"));
		req->detail.len = mark;
		req->detail.buf[mark] = '\0';
		rc = 0;
	} else if (!rc) {
		r = json_pack("{sI sO ss sO sb sI}", "index", (json_int_t)index, "surname",
			      json_object_get(pax, "surname"), "status", "created", "crossing_id",
			      json_object_get(json_object_get(answer, "crossing"), "id"), "document_known",
			      json_is_true(json_object_get(answer, "document_known")), "hits",
			      (json_int_t)json_array_size(json_object_get(
				      json_object_get(answer, "screening"), "hits")));
	} else {
		goto out;
	}
	rc = json_array_append_new(results, r) ? -ENOMEM : 0;
out:
	json_decref(t.person);
	json_decref(t.document);
	json_decref(t.crossing);
	json_decref(answer);
	return rc;
}

static int store_manifest(struct request *req, json_t *m, const char *bcp, const char *dir,
			  const char *offset, json_t *out)
{
	json_t *flight = json_object_get(m, "flight"), *pax, *results = json_array();
	const char *local = json_string_value(json_object_get(
		json_object_get(flight, !strcmp(dir, "in") ? "arrival" : "departure"), "time"));
	const char *group = json_string_value(json_object_get(flight, "designator"));
	char when[40];
	int64_t ms;
	size_t i;
	int rc = 0;

	if (!results)
		return -ENOMEM;
	snprintf(when, sizeof when, "%s:00%s", local ? local : "", offset);
	if (!local || rics_time_parse(when, &ms)) {
		json_array_append_new(results, json_pack("{ss}", "detail",
			"the manifest gives no usable flight time: nothing stored from it"));
		goto done;
	}
	json_array_foreach(json_object_get(m, "passengers"), i, pax)
		if (!rc)
			rc = store_traveller(req, pax, i, bcp, dir, when, group, results);
done:
	if (!rc)
		rc = json_array_append_new(out, json_pack("{sO so sO}", "flight", flight, "travellers",
						       results, "errors", json_object_get(m, "errors")))
			     ? -ENOMEM : 0;
	else
		json_decref(results);
	return rc;
}

/* A PNRGOV passenger as a PAXLST one: the same keys, and its booking. */
static int pnr_passengers(json_t *pnr, json_t *out)
{
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(pnr, "passengers"), i, p) {
		json_t *pax = json_deep_copy(p);
		if (!pax || json_object_set(pax, "reservation_ref", json_object_get(pnr, "booking_ref")) ||
		    json_array_append_new(out, pax)) {
			json_decref(pax);
			return -ENOMEM;
		}
	}
	return 0;
}

/* A PNRGOV push in the shape of a PAXLST manifest (paxlst.h). */
static int push_as_manifest(json_t *push, json_t **out)
{
	/* every documented key is there (pnrgov.h): "flight" is null or an object */
	json_t *flight = json_deep_copy(json_object_get(push, "flight")), *pnr;
	json_t *pax = json_array(), *m = NULL;
	const char *carrier = json_string_value(json_object_get(flight, "carrier"));
	const char *number = json_string_value(json_object_get(flight, "number"));
	char designator[64];
	size_t i;
	int rc = flight && pax ? 0 : -ENOMEM;

	if (!rc && carrier && number) {
		snprintf(designator, sizeof designator, "%s%s", carrier, number);
		rc = json_object_set_new(flight, "designator", json_string(designator)) ? -ENOMEM : 0;
	}
	json_array_foreach(json_object_get(push, "pnrs"), i, pnr)
		if (!rc)
			rc = pnr_passengers(pnr, pax);
	if (!rc && !(m = json_pack("{sO sO sO}", "flight", flight, "passengers", pax, "errors",
				   json_object_get(push, "errors"))))
		rc = -ENOMEM;
	json_decref(flight);
	json_decref(pax);
	if (!rc)
		*out = m;
	return rc;
}

/*
 * The interchange's manifests: its PAXLST messages, or, when it holds none,
 * its PNRGOV pushes as manifests. *out as paxlst_read() makes it.
 */
static int read_manifests(const struct edifact_interchange *ic, json_t **out)
{
	json_t *pax = NULL, *pnr = NULL, *push, *m, *list;
	size_t i;
	int rc = paxlst_read(ic, &pax);

	if (rc || json_array_size(json_object_get(pax, "manifests")))
		goto done;
	if ((rc = pnrgov_read(ic, &pnr)))
		goto done;
	if (!json_array_size(json_object_get(pnr, "manifests")))
		goto done; /* neither: PAXLST's errors say what is missing */
	list = json_array();
	rc = list ? 0 : -ENOMEM;
	json_array_foreach(json_object_get(pnr, "manifests"), i, push) {
		if (!rc && !(rc = push_as_manifest(push, &m)) && json_array_append_new(list, m))
			rc = -ENOMEM;
	}
	if (!rc && json_object_set_new(pnr, "manifests", list))
		rc = -ENOMEM;
	else if (rc)
		json_decref(list);
	if (!rc) {
		json_decref(pax);
		pax = json_incref(pnr);
	}
done:
	json_decref(pnr);
	if (rc) {
		json_decref(pax);
		return rc;
	}
	*out = pax;
	return 0;
}

int api_manifests(struct request *req)
{
	const char *bcp = req_query(req, "bcp"), *dir = req_query(req, "direction");
	struct edifact_interchange *ic = NULL;
	json_t *bcp_rec = NULL, *parsed = NULL, *manifests = json_array(), *m;
	struct strbuf errors;
	size_t i;
	int rc;

	strbuf_init(&errors, 4096);
	if (policy_check_record(&req->who, ACT_CREATE, model_type_by_name("crossing")) ||
	    policy_check_record(&req->who, ACT_CREATE, model_type_by_name("person"))) {
		strbuf_addf(&req->detail, "role %s may not load manifests", policy_role_name(req->who.role));
		rc = RICS_E_FORBIDDEN;
		goto out;
	}
	if (!bcp || !*bcp)
		bcp = req->who.bcp_code;
	if (!dir)
		dir = "in";
	if (!*bcp || (strcmp(dir, "in") && strcmp(dir, "out"))) {
		strbuf_adds(&req->detail, "give ?bcp=CODE (or use a token bound to a BCP) and "
					  "?direction=in or out");
		rc = RICS_E_MALFORMED;
		goto out;
	}
	if (!manifests) {
		rc = -ENOMEM;
		goto out;
	}
	if ((rc = find_bcp(req, bcp, &bcp_rec)))
		goto out;
	rc = edifact_parse(req->body.buf, req->body.len, &ic, &errors);
	while (errors.len && (errors.buf[errors.len - 1] == '\n' || errors.buf[errors.len - 1] == ' '))
		errors.buf[--errors.len] = '\0';
	if (rc) {
		strbuf_addf(&req->detail, "the body is not a UN/EDIFACT interchange: %s",
			    errors.len ? errors.buf : rics_strerror(rc));
		rc = rc == -ENOMEM ? rc : RICS_E_INVALID;
		goto out;
	}
	if ((rc = read_manifests(ic, &parsed)))
		goto out;
	const char *offset = country_offset(json_string_value(json_object_get(bcp_rec, "country")));
	json_array_foreach(json_object_get(parsed, "manifests"), i, m)
		if ((rc = store_manifest(req, m, bcp, dir, offset, manifests)))
			goto out;
	rc = req_reply_json(req, 200, json_pack("{sO sO}", "manifests", manifests, "errors",
						json_object_get(parsed, "errors")));
out:
	strbuf_release(&errors);
	edifact_interchange_free(ic);
	json_decref(parsed);
	json_decref(manifests);
	json_decref(bcp_rec);
	return rc;
}
