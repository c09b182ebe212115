// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Hit/no-hit. POST /api/v1/hitquery asks one paired node whether it holds
 * anything on a person, a document number or a plate: a hit_query message
 * whose payload is the question (exchange_hit_query_check) under a fresh
 * query id. The node asked answers at once, with no one in the loop, by a
 * hit_answer message: yes or no and whom to contact for a formal request
 * (its name, country, agency and the contact of its rics.conf), nothing
 * else: no record ids, names or counts. "Yes" means a watchlist entry
 * screens positive for the subject (any classification: the answer shows
 * none), or, for a document or a plate, a document or vehicle record with
 * exactly that number or plate is stored.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <string.h>

static int ask(struct request *req, json_t *body, json_t **out)
{
	const char *peer_id = json_string_value(json_object_get(body, "peer"));
	char qid[RICS_UUID_LEN], subject[80];
	struct store_peer peer;
	json_t *query = NULL, *m = NULL, *rec = NULL;
	int rc;

	if (!peer_id || !rics_uuid_valid(peer_id) || store_peer_get(req->srv->store, peer_id, &peer)) {
		strbuf_adds(&req->detail, "'peer' must be a paired node id ('rics peer list')");
		return RICS_E_INVALID;
	}
	if ((rc = exchange_hit_query_check(body, &req->detail, &query)))
		return rc;
	rics_uuid7(rics_clock_now(req->srv->clock), qid);
	json_object_set_new(query, "id", json_string(qid));
	snprintf(subject, sizeof subject, "hit/no-hit query %s", qid);
	m = json_pack("{ss ss ss s[s] s[s]}", "type", "hit_query", "subject", subject, "body",
		      json_string_value(json_object_get(query, "subject")), "recipients", peer_id,
		      "releasable_countries", peer.country);
	if (!m)
		rc = -ENOMEM;
	else if (!(rc = api_messages_send(req, m, query, &rec)))
		*out = json_pack("{ss so}", "query_id", qid, "message", rec);
	json_decref(query);
	json_decref(m);
	return rc;
}

int api_hitquery(struct request *req)
{
	json_t *body = NULL, *answer = NULL;
	int rc;

	if ((rc = api_record_allowed(req, model_type_by_name("message"), ACT_CREATE)) ||
	    (rc = req_body_json(req, &body)))
		return rc;
	if (!(rc = ask(req, body, &answer)))
		rc = req_reply_json(req, 201, answer);
	json_decref(body);
	return rc;
}

/* ---- answering ---- */

/* Whether a record of type has field exactly equal to value. */
static bool stored(struct request *req, const char *type, const char *field, json_t *value)
{
	struct store_view all = { CLS_SECRET };
	json_t *filters = json_pack("{sO}", field, value), *items = NULL;
	struct store_query q = { .view = &all, .filters = filters, .limit = 1 };
	char next[RICS_UUID_LEN];
	bool found = filters && value &&
		     !store_record_list(req->srv->store, model_type_by_name(type), &q, &items, next) &&
		     json_array_size(items) > 0;

	json_decref(filters);
	json_decref(items);
	return found;
}

static bool holds(struct request *req, json_t *query)
{
	const char *subject = json_string_value(json_object_get(query, "subject"));
	json_t *hits = NULL;
	bool yes = !screen_service_screen(req->srv->screen, subject, query,
					  rics_clock_now(req->srv->clock), 1, &req->detail, &hits) &&
		   json_array_size(hits) > 0;

	json_decref(hits);
	if (!yes && !strcmp(subject, "document"))
		yes = stored(req, "document", "number", json_object_get(query, "document_number"));
	if (!yes && !strcmp(subject, "vehicle"))
		yes = stored(req, "vehicle", "plate", json_object_get(query, "plate"));
	return yes;
}

static json_t *answer_message(struct request *req, const struct store_peer *peer,
			      const char *qid, bool yes)
{
	const struct store_node *n = &req->srv->node;
	const char *contact = req->srv->cfg.contact;
	char subject[80];
	struct strbuf body;
	json_t *m;

	snprintf(subject, sizeof subject, "hit/no-hit answer %s: %s", qid, yes ? "yes" : "no");
	strbuf_init(&body, 1024);
	strbuf_addf(&body, "%s (%s, %s) %s. For a formal request: %s", n->name, n->country,
		    n->agency, yes ? "holds information on this subject"
				   : "holds nothing on this subject",
		    *contact ? contact : n->name);
	m = json_pack("{ss ss ss s[s] s[s]}", "type", "hit_answer", "subject", subject, "body",
		      body.buf ? body.buf : "", "recipients", peer->node_id,
		      "releasable_countries", peer->country);
	strbuf_release(&body);
	return m;
}

void fed_payload_answer(struct request *req, const struct store_peer *peer, json_t *hdr,
			json_t *payload, json_t *rec)
{
	const struct store_node *n = &req->srv->node;
	const char *qid = json_string_value(json_object_get(payload, "id"));
	json_t *query = NULL, *message = NULL, *answer = NULL, *sent = NULL;
	bool yes;

	(void)rec;
	if (strcmp(json_string_value(json_object_get(hdr, "type")) ?: "", "hit_query") ||
	    !qid || !rics_uuid_valid(qid) || exchange_hit_query_check(payload, &req->detail, &query))
		goto out;
	yes = holds(req, query);
	answer = json_pack("{ss sb s{ss ss ss ss*}}", "query_id", qid, "hit", yes, "contact",
			   "node", n->name, "country", n->country, "agency", n->agency, "contact",
			   *req->srv->cfg.contact ? req->srv->cfg.contact : NULL);
	if (!answer || !(message = answer_message(req, peer, qid, yes)))
		goto out;
	/* the node answers for itself: the question came signed, not logged in */
	snprintf(req->who.name, sizeof req->who.name, "exchange");
	req->authenticated = true;
	api_messages_send(req, message, answer, &sent);
	req->authenticated = false;
out:
	strbuf_reset(&req->detail);
	json_decref(query);
	json_decref(message);
	json_decref(answer);
	json_decref(sent);
}
