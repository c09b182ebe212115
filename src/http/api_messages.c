// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * POST /api/v1/messages: compose a message to paired nodes. The message is
 * sealed once for all its recipients and stored together with one outbox
 * row per recipient in a single transaction (the transactional outbox);
 * the exchange's sender delivers it. What a recipient may not receive
 * (above its accreditation, outside the message's releasable countries) is
 * refused here, before anything is stored. Recipients that are not node
 * ids (BCP codes) are local: a message with no node among its recipients
 * is an ordinary record. Listing and reading use the generic record routes.
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>

#define RECIPIENTS_MAX 32

static bool listed(json_t *list, const char *value)
{
	json_t *v;
	size_t i;
	json_array_foreach(list, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), value))
			return true;
	return false;
}

/* May this peer receive fields? */
static int releasable(struct request *req, json_t *fields, const struct store_peer *p)
{
	int level = model_record_classification(fields);
	json_t *countries = json_object_get(fields, "releasable_countries");
	json_t *agencies = json_object_get(fields, "releasable_agencies");

	if (level > p->accreditation) {
		strbuf_addf(&req->detail, "node '%s' is accredited up to %s: it may not receive %s",
			    p->name, classification_name(p->accreditation), classification_name(level));
		return RICS_E_FORBIDDEN;
	}
	if (!json_array_size(countries) || !listed(countries, p->country) ||
	    (json_array_size(agencies) && !listed(agencies, p->agency))) {
		strbuf_addf(&req->detail, "the message is not releasable to node '%s' (%s, %s): "
					  "set releasable_countries (and releasable_agencies)",
			    p->name, p->country, p->agency);
		return RICS_E_FORBIDDEN;
	}
	return 0;
}

/* The recipients that are nodes, as paired peers each allowed to receive
 * fields; *n = 0 if none is a node. */
static int recipients(struct request *req, json_t *fields, struct exchange_recipient *to,
		      size_t *n)
{
	json_t *list = json_object_get(fields, "recipients"), *v;
	struct store_peer p;
	size_t i;
	int rc;

	*n = 0;
	json_array_foreach(list, i, v) {
		if (!rics_uuid_valid(json_string_value(v)))
			continue;
		if (store_peer_get(req->srv->store, json_string_value(v), &p)) {
			strbuf_addf(&req->detail, "recipient '%s' is not a paired node ('rics peer list')",
				    json_string_value(v));
			return RICS_E_INVALID;
		}
		if ((rc = releasable(req, fields, &p)) ||
		    (rc = exchange_pk_parse(p.box_pk, to[*n].box_pk)))
			return rc;
		snprintf(to[*n].node_id, sizeof to[*n].node_id, "%s", p.node_id);
		++*n;
	}
	return 0;
}

static int seal(struct request *req, json_t *fields, json_t *content, const char *envelope_id,
		const struct exchange_recipient *to, size_t n, char **out)
{
	char created[RICS_TIME_LEN];
	json_t *hdr, *env = NULL;
	int rc;

	rics_time_format(rics_clock_now(req->srv->clock), created);
	hdr = json_pack("{ss sO ss sO si}", "id", envelope_id, "recipients",
			json_object_get(fields, "recipients"), "created", created, "type",
			json_object_get(fields, "type"), "classification",
			model_record_classification(fields));
	rc = hdr ? exchange_seal(&req->srv->keys, req->srv->node.id, hdr, content, to, n, &env)
		 : -ENOMEM;
	if (!rc && !(*out = json_dumps(env, JSON_COMPACT)))
		rc = -ENOMEM;
	json_decref(hdr);
	json_decref(env);
	return rc;
}

static int queue(struct request *req, json_t *fields, json_t *content,
		 const struct exchange_recipient *to, size_t n, json_t **out)
{
	const char *peers[RECIPIENTS_MAX];
	char envelope_id[RICS_UUID_LEN], *envelope = NULL;
	struct audit_event ev;
	int rc;

	rics_uuid7(rics_clock_now(req->srv->clock), envelope_id);
	for (size_t i = 0; i < n; i++)
		peers[i] = to[i].node_id;
	json_object_set_new(fields, "status", json_string("queued"));
	if ((rc = seal(req, fields, content, envelope_id, to, n, &envelope)))
		return rc;
	ev = req_audit_event(req, "send", "message", NULL, model_record_classification(fields),
			     "ok");
	ev.detail = envelope_id;
	rc = store_message_send(req->srv->store, fields, envelope_id, peers, envelope, n,
				req->who.name, &ev, out);
	rics_free(envelope);
	return rc;
}

int api_messages_create(struct request *req)
{
	const struct record_type *t = model_type_by_name("message");
	struct exchange_recipient to[RECIPIENTS_MAX];
	json_t *body = NULL, *fields = NULL, *rec = NULL;
	size_t n = 0;
	int rc;

	if ((rc = api_record_allowed(req, t, ACT_CREATE)) || (rc = req_body_json(req, &body)))
		return rc;
	if ((rc = model_validate(t, body, false, &req->detail, &fields)) ||
	    (rc = api_message_type_reserved(req, fields)) ||
	    (rc = api_check_classification(req, fields)) || (rc = recipients(req, fields, to, &n)))
		goto out;
	if (!n) { /* local only: an ordinary record */
		snprintf(req->params[0], sizeof req->params[0], "messages");
		json_decref(body);
		json_decref(fields);
		return api_records_create(req);
	}
	if (!req->srv->has_keys) {
		strbuf_adds(&req->detail, "this node has no exchange keys");
		rc = RICS_E_NOT_FOUND;
	} else if (!(rc = queue(req, fields, fields, to, n, &rec))) {
		exchange_sender_kick(req->srv->sender);
		http_publish_record(req->srv, "message.created", "message", rec);
		rc = req_reply_json(req, 201, rec);
	}
out:
	if (rc)
		store_audit_append(req->srv->store, &(struct audit_event){
			.actor = req->who.name, .action = "send", .object_type = "message",
			.outcome = "denied", .remote = req->remote, .detail = req->detail.buf });
	json_decref(body);
	json_decref(fields);
	return rc;
}

int api_messages_send(struct request *req, json_t *message, json_t *payload, json_t **out)
{
	struct exchange_recipient to[RECIPIENTS_MAX];
	json_t *fields = NULL, *content = NULL;
	size_t n = 0;
	int rc = model_validate(model_type_by_name("message"), message, false, &req->detail,
				&fields);

	if (!rc)
		rc = recipients(req, fields, to, &n);
	if (!rc && !n) {
		strbuf_adds(&req->detail, "no paired node among the recipients");
		rc = RICS_E_INVALID;
	} else if (!rc && !req->srv->has_keys) {
		strbuf_adds(&req->detail, "this node has no exchange keys");
		rc = RICS_E_NOT_FOUND;
	}
	if (rc)
		goto out;
	if (!(content = json_deep_copy(fields)) || json_object_set(content, "payload", payload))
		rc = -ENOMEM;
	if (!rc && !(rc = queue(req, fields, content, to, n, out))) {
		exchange_sender_kick(req->srv->sender);
		http_publish_record(req->srv, "message.created", "message", *out);
	}
out:
	json_decref(fields);
	json_decref(content);
	return rc;
}

/* The generic list, for the one path the compose route takes from it. */
int api_messages_list(struct request *req)
{
	snprintf(req->params[0], sizeof req->params[0], "messages");
	return api_records_list(req);
}
