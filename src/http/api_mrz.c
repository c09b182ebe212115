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

/* Store the traveller an MRZ describes and the crossing; add them to answer. */
static int record_crossing(struct request *req, json_t *parse, json_t *body, json_t *answer)
{
	json_t *pj = json_object_get(parse, "person"), *dj = json_object_get(parse, "document");
	struct traveller t = { json_object(), json_object(), NULL };
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
	rics_time_format(rics_clock_now(req->srv->clock), now);
	t.crossing = json_pack("{ss ss ss}", "bcp_code", bcp, "direction", dir, "crossed_at", now);
	if (!t.person || !t.document || !t.crossing)
		goto out;
	traveller_take(t.person, "surname", pj, "surname", "person");
	traveller_take(t.person, "given_names", pj, "given_names", "person");
	traveller_take(t.person, "birth_date", pj, "birth_date", "person");
	traveller_take(t.person, "sex", pj, "sex", "person");
	traveller_take(t.person, "nationality", pj, "nationality", "person");
	traveller_take(t.document, "number", dj, "number", "document");
	traveller_take(t.document, "issuing_country", dj, "issuing_state", "document");
	traveller_take(t.document, "expiry_date", dj, "expiry_date", "document");
	traveller_take(t.document, "nationality", pj, "nationality", "document");
	traveller_take(t.document, "mrz", body, "mrz", "document");
	json_object_set_new(t.document, "doc_type",
			    json_string(traveller_doc_type(json_string_value(json_object_get(dj, "type")))));
	traveller_take(t.crossing, "mode", body, "mode", "crossing");
	rc = traveller_record(req, &t, "read from an MRZ", answer);
out:
	json_decref(t.person);
	json_decref(t.document);
	json_decref(t.crossing);
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
