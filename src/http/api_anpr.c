// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * POST /api/v1/feeds/anpr: an ANPR camera (an API token with role camera,
 * bound to its BCP) reports a plate it read. The plate is normalised
 * (separators dropped, Cyrillic look-alike letters read as Latin), stored
 * as a sighting at the camera's BCP, announced as "sighting.created" and
 * screened against the watchlisted plates at once.
 */
#include "http/http_int.h"

#include "core/error.h"
#include "screen/score.h"

#include <errno.h>
#include <string.h>

static const char *const anpr_keys[] = { "plate", "country", "confidence", "camera", "lane",
					 "time", "image_ref", "bcp_code", NULL };

static int known_keys(struct request *req, json_t *body)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool ok = false;
		for (size_t i = 0; anpr_keys[i]; i++)
			ok |= strcmp(anpr_keys[i], key) == 0;
		if (!ok) {
			strbuf_addf(&req->detail, "unknown field '%s' for an ANPR read", key);
			return RICS_E_INVALID;
		}
	}
	return 0;
}

/* The sighting's fields from the camera's report. */
static int sighting_fields(struct request *req, json_t *body, json_t **out)
{
	const char *plate = json_string_value(json_object_get(body, "plate"));
	const char *bcp = json_string_value(json_object_get(body, "bcp_code"));
	char norm[SCREEN_DOC_MAX], now[RICS_TIME_LEN];
	json_t *f;

	if (!plate || screen_plate_normalize(plate, norm)) {
		strbuf_adds(&req->detail, "'plate' is missing or not a plate that can be read");
		return RICS_E_INVALID;
	}
	if (!bcp || !*bcp)
		bcp = req->who.bcp_code;
	if (!*bcp) {
		strbuf_adds(&req->detail, "the camera's token names no BCP: give 'bcp_code'");
		return RICS_E_INVALID;
	}
	rics_time_format(rics_clock_now(req->srv->clock), now);
	f = json_pack("{ss sO ss ss}", "plate", norm, "plate_read", json_object_get(body, "plate"),
		      "bcp_code", bcp, "seen_at", now);
	if (!f)
		return -ENOMEM;
	/* what the camera says of itself is validated as the sighting's fields */
	json_object_update_missing(f, body);
	json_object_del(f, "time");
	if (json_object_get(body, "time"))
		json_object_set(f, "seen_at", json_object_get(body, "time"));
	*out = f;
	return 0;
}

int api_anpr(struct request *req)
{
	const struct record_type *t = model_type_by_name("sighting");
	json_t *body = NULL, *raw = NULL, *fields = NULL, *rec = NULL, *hits = NULL;
	struct audit_event ev;
	int rc;

	if (policy_check_record(&req->who, ACT_CREATE, t)) {
		strbuf_addf(&req->detail, "role %s may not report sightings", policy_role_name(req->who.role));
		return RICS_E_FORBIDDEN;
	}
	if ((rc = req_body_json(req, &body)) || (rc = known_keys(req, body)) ||
	    (rc = sighting_fields(req, body, &raw)))
		goto out;
	if ((rc = model_validate(t, raw, false, &req->detail, &fields)))
		goto out;
	ev = req_audit_event(req, "create", "sighting", NULL, CLS_UNCLASSIFIED, "ok");
	ev.detail = "ANPR read";
	if ((rc = store_record_create(req->srv->store, t, fields, req->who.name, &ev, &rec)))
		goto out;
	http_publish_record(req->srv, "sighting.created", "sighting", rec);
	if ((rc = api_screen_sighting(req, rec, &hits)))
		goto out;
	json_object_set_new(rec, "screening", json_pack("{so}", "hits", hits));
	rc = req_reply_json(req, 201, rec);
	rec = NULL;
out:
	json_decref(rec);
	json_decref(fields);
	json_decref(raw);
	json_decref(body);
	return rc;
}
