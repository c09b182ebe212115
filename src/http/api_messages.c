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

/* May this peer receive fields (a message or an attached record)? */
static int releasable(struct request *req, json_t *fields, const struct store_peer *p)
{
	const char *origin = json_string_value(json_object_get(fields, "origin_node"));
	const char *handling = json_string_value(json_object_get(fields, "handling"));
	int level = model_record_classification(fields);
	json_t *countries = json_object_get(fields, "releasable_countries");
	json_t *agencies = json_object_get(fields, "releasable_agencies");

	if (level > p->accreditation) {
		strbuf_addf(&req->detail, "node '%s' is accredited up to %s: it may not receive %s",
			    p->name, classification_name(p->accreditation), classification_name(level));
		return RICS_E_FORBIDDEN;
	}
	if (handling && !strcmp(handling, "H2") && origin && strcmp(origin, req->srv->node.id) &&
	    strcmp(origin, p->node_id)) {
		strbuf_addf(&req->detail, "record %s came from node %s with handling H2 (no onward "
					  "sharing): it may not go to node '%s'",
			    json_string_value(json_object_get(fields, "id")), origin, p->name);
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

/* Every attachment ([{type, record}]) to p. */
static int attachments_releasable(struct request *req, json_t *attachments,
				  const struct store_peer *p)
{
	json_t *a;
	size_t i;
	int rc = 0;
	json_array_foreach(attachments, i, a)
		if ((rc = releasable(req, json_object_get(a, "record"), p)))
			break;
	return rc;
}

/* The recipients that are nodes, as paired peers each allowed to receive
 * fields; *n = 0 if none is a node. */
static int recipients(struct request *req, json_t *fields, json_t *attachments,
		      struct exchange_recipient *to, size_t *n)
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
		if ((rc = releasable(req, fields, &p)) || (rc = attachments_releasable(req, attachments, &p)) ||
		    (rc = exchange_pk_parse(p.box_pk, to[*n].box_pk)))
			return rc;
		snprintf(to[*n].node_id, sizeof to[*n].node_id, "%s", p.node_id);
		++*n;
	}
	return 0;
}

/* extra (may be NULL) travels in the sealed content beside the fields:
 * the exchange's own keys (thread, reply_to, receipt_for), which are ids
 * valid on every node, unlike the fields' local ids. */
static int seal(struct request *req, json_t *fields, json_t *extra, const char *envelope_id,
		const struct exchange_recipient *to, size_t n, char **out)
{
	char created[RICS_TIME_LEN];
	json_t *hdr, *env = NULL, *content = json_deep_copy(fields);
	int rc;

	rics_time_format(rics_clock_now(req->srv->clock), created);
	hdr = json_pack("{ss sO ss sO si}", "id", envelope_id, "recipients",
			json_object_get(fields, "recipients"), "created", created, "type",
			json_object_get(fields, "type"), "classification",
			model_record_classification(fields));
	json_object_del(content, "thread_id");
	if (extra)
		json_object_update(content, extra);
	rc = hdr && content ? exchange_seal(&req->srv->keys, req->srv->node.id, hdr, content, to,
					    n, &env)
			    : -ENOMEM;
	json_decref(content);
	if (!rc && !(*out = json_dumps(env, JSON_COMPACT)))
		rc = -ENOMEM;
	json_decref(hdr);
	json_decref(env);
	return rc;
}

static int queue(struct request *req, json_t *fields, json_t *extra,
		 const struct exchange_recipient *to, size_t n, json_t **out)
{
	const char *peers[RECIPIENTS_MAX];
	char envelope_id[RICS_UUID_LEN], *envelope = NULL;
	struct audit_event ev;
	int rc;

	rics_uuid7(rics_clock_now(req->srv->clock), envelope_id);
	for (size_t i = 0; i < n; i++)
		peers[i] = to[i].node_id;
	bool receipt = !strcmp(json_string_value(json_object_get(fields, "type")), "receipt");
	json_object_set_new(fields, "status",
			    json_string(!receipt && model_record_classification(fields) >=
							    (int)req->srv->cfg.exchange_approval_level
					? "pending_approval" : "queued"));
	if ((rc = seal(req, fields, extra, envelope_id, to, n, &envelope)))
		return rc;
	ev = req_audit_event(req, "send", "message", NULL, model_record_classification(fields),
			     "ok");
	ev.detail = envelope_id;
	rc = store_message_send(req->srv->store, fields, envelope_id, peers, envelope, n,
				req->who.name, &ev, out);
	rics_free(envelope);
	return rc;
}

#define ATTACHMENTS_MAX 20

/* The records body["attachments"] ([{type: plural, id}]) names, as the
 * caller may see them: [{type, record}]. NULL: none. */
static int load_attachments(struct request *req, json_t *list, json_t **out)
{
	struct store_view view = policy_view(&req->who);
	json_t *loaded = json_array(), *a, *rec;
	size_t i;
	int rc = 0;

	if (!loaded)
		return -ENOMEM;
	if (list && (!json_is_array(list) || json_array_size(list) > ATTACHMENTS_MAX)) {
		strbuf_addf(&req->detail, "'attachments' must be an array of at most %d "
					  "{\"type\", \"id\"}", ATTACHMENTS_MAX);
		rc = RICS_E_INVALID;
	}
	json_array_foreach(rc ? NULL : list, i, a) {
		const char *plural = json_string_value(json_object_get(a, "type"));
		const char *id = json_string_value(json_object_get(a, "id"));
		const struct record_type *t = plural ? model_type_by_plural(plural) : NULL;
		if (!t || !id || strcmp(t->name, "message") == 0 ||
		    store_record_get(req->srv->store, t, id, &view, &rec)) {
			strbuf_addf(&req->detail, "attachment %zu: no %s '%s'", i + 1,
				    plural ? plural : "record", id ? id : "");
			rc = RICS_E_INVALID;
			break;
		}
		json_array_append_new(loaded, json_pack("{ss so}", "type", t->plural, "record", rec));
	}
	if (rc)
		json_decref(loaded);
	else
		*out = loaded;
	return rc;
}

/* A request without reply_by gets one: 8 hours when urgent, 7 days else. */
static void default_reply_by(struct request *req, json_t *fields)
{
	const char *prio = json_string_value(json_object_get(fields, "priority"));
	char when[RICS_TIME_LEN];
	int64_t hours = prio && !strcmp(prio, "urgent") ? 8 : 7 * 24;

	if (strcmp(json_string_value(json_object_get(fields, "type")), "request") ||
	    json_object_get(fields, "reply_by"))
		return;
	rics_time_format(rics_clock_now(req->srv->clock) + hours * 3600 * 1000, when);
	json_object_set_new(fields, "reply_by", json_string(when));
}

/* Validate body as a message and queue it for its node recipients; with
 * none, it is an ordinary local record. *out: the stored message. */
static int compose(struct request *req, json_t *body, json_t *extra, json_t **out)
{
	const struct record_type *t = model_type_by_name("message");
	struct exchange_recipient to[RECIPIENTS_MAX];
	json_t *fields = NULL, *attach = NULL, *content = extra ? json_deep_copy(extra) : json_object();
	json_t *plain = json_deep_copy(body);
	size_t n = 0;
	int rc = content && plain ? 0 : -ENOMEM;

	if (!rc && !(rc = load_attachments(req, json_object_get(plain, "attachments"), &attach)))
		json_object_del(plain, "attachments");
	if (rc || (rc = model_validate(t, plain, false, &req->detail, &fields)) ||
	    (rc = api_message_type_reserved(req, fields)) ||
	    (rc = api_check_classification(req, fields)) ||
	    (rc = recipients(req, fields, attach, to, &n)))
		goto out;
	default_reply_by(req, fields);
	if (json_array_size(attach))
		json_object_set(content, "attachments", attach);
	if (!n && json_array_size(attach)) {
		strbuf_adds(&req->detail, "attachments go only to paired nodes");
		rc = RICS_E_INVALID;
	} else if (!n) {
		rc = store_record_create(req->srv->store, t, fields, req->who.name,
					 &(struct audit_event){ .actor = req->who.name,
								.action = "create",
								.object_type = "message",
								.outcome = "ok",
								.remote = req->remote },
					 out);
	} else if (!req->srv->has_keys) {
		strbuf_adds(&req->detail, "this node has no exchange keys");
		rc = RICS_E_NOT_FOUND;
	} else if (!(rc = queue(req, fields, content, to, n, out))) {
		exchange_sender_kick(req->srv->sender);
	}
out:
	if (rc)
		store_audit_append(req->srv->store, &(struct audit_event){
			.actor = req->who.name, .action = "send", .object_type = "message",
			.outcome = "denied", .remote = req->remote, .detail = req->detail.buf });
	json_decref(fields);
	json_decref(attach);
	json_decref(content);
	json_decref(plain);
	return rc;
}

static int reply_created(struct request *req, json_t *rec)
{
	char location[256];
	snprintf(location, sizeof location, "/api/v1/messages/%s",
		 json_string_value(json_object_get(rec, "id")));
	req_add_header(req, MHD_HTTP_HEADER_LOCATION, location);
	http_publish_record(req->srv, "message.created", "message", rec);
	return req_reply_json(req, 201, rec);
}

int api_messages_create(struct request *req)
{
	const struct record_type *t = model_type_by_name("message");
	json_t *body = NULL, *rec = NULL;
	int rc;

	if ((rc = api_record_allowed(req, t, ACT_CREATE)) || (rc = req_body_json(req, &body)))
		return rc;
	if (!(rc = compose(req, body, NULL, &rec)))
		rc = reply_created(req, rec);
	json_decref(body);
	return rc;
}

int api_messages_send(struct request *req, json_t *message, json_t *payload, json_t **out)
{
	struct exchange_recipient to[RECIPIENTS_MAX];
	json_t *fields = NULL, *extra = NULL;
	size_t n = 0;
	int rc = model_validate(model_type_by_name("message"), message, false, &req->detail,
				&fields);

	if (!rc)
		rc = recipients(req, fields, NULL, to, &n);
	if (!rc && !n) {
		strbuf_adds(&req->detail, "no paired node among the recipients");
		rc = RICS_E_INVALID;
	} else if (!rc && !req->srv->has_keys) {
		strbuf_adds(&req->detail, "this node has no exchange keys");
		rc = RICS_E_NOT_FOUND;
	}
	if (rc)
		goto out;
	/* the payload travels sealed beside the message's fields */
	if (!(extra = json_pack("{sO}", "payload", payload)))
		rc = -ENOMEM;
	if (!rc && !(rc = queue(req, fields, extra, to, n, out))) {
		exchange_sender_kick(req->srv->sender);
		http_publish_record(req->srv, "message.created", "message", *out);
	}
out:
	json_decref(fields);
	json_decref(extra);
	return rc;
}

/* The generic list, for the one path the compose route takes from it. */
int api_messages_list(struct request *req)
{
	snprintf(req->params[0], sizeof req->params[0], "messages");
	return api_records_list(req);
}

#define DELIVERIES_MAX 100

/* The ids of ?ids=a,b,c into a JSON array: *out. */
static int delivery_ids(struct request *req, json_t **out)
{
	const char *list = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "ids");
	json_t *ids = json_array();
	char id[RICS_UUID_LEN];
	int rc = ids ? 0 : -ENOMEM;

	for (const char *p = list; !rc && p && *p;) {
		size_t len = strcspn(p, ",");
		snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id ? len : 0), p);
		if (len >= sizeof id || !rics_uuid_valid(id) ||
		    json_array_size(ids) == DELIVERIES_MAX) {
			strbuf_addf(&req->detail, "'ids' must be up to %d message ids separated by "
						  "commas; '%.*s' is not one", DELIVERIES_MAX, (int)len, p);
			rc = RICS_E_MALFORMED;
		} else {
			rc = json_array_append_new(ids, json_string(id)) ? -ENOMEM : 0;
		}
		p += len + (p[len] == ',');
	}
	if (!rc && !json_array_size(ids)) {
		strbuf_adds(&req->detail, "give ?ids=ID,ID,... (the messages whose deliveries to show)");
		rc = RICS_E_MALFORMED;
	}
	if (rc)
		json_decref(ids);
	else
		*out = ids;
	return rc;
}

/* GET /api/v1/messages/deliveries?ids=: per message and peer, delivered
 * and read when, for a page of the outbox in one request. */
int api_messages_deliveries(struct request *req)
{
	struct store_view view = policy_view(&req->who);
	json_t *ids = NULL, *items = NULL;
	int rc = api_record_allowed(req, model_type_by_name("message"), ACT_READ);

	if (rc || (rc = delivery_ids(req, &ids)) ||
	    (rc = store_message_deliveries(req->srv->store, ids, &view, &items)))
		goto out;
	rc = req_reply_json(req, 200, json_pack("{so}", "items", items));
out:
	json_decref(ids);
	return rc;
}

/* POST /api/v1/messages/{id}/approve and /reject: a supervisor other than
 * the author releases a message pending approval into the outbox, or
 * rejects it. */
static int decide(struct request *req, bool approve)
{
	const struct record_type *t = model_type_by_name("message");
	struct store_view view = policy_view(&req->who);
	const char *id = req->params[0];
	struct audit_event ev;
	json_t *msg = NULL;
	int rc;

	if (req->who.role != ROLE_SUPERVISOR) {
		strbuf_adds(&req->detail, "only a supervisor approves or rejects messages");
		return RICS_E_FORBIDDEN;
	}
	if ((rc = store_record_get(req->srv->store, t, id, &view, &msg))) {
		strbuf_addf(&req->detail, "no message '%s'", id);
		return rc;
	}
	if (!strcmp(json_string_value(json_object_get(msg, "created_by")) ?: "", req->who.name)) {
		strbuf_adds(&req->detail, "the author of a message may not approve it");
		rc = RICS_E_FORBIDDEN;
		goto out;
	}
	ev = req_audit_event(req, approve ? "approve" : "reject", "message", id,
			     model_record_classification(msg), "ok");
	rc = store_message_decide(req->srv->store, id, approve, &ev);
	if (rc == RICS_E_CONFLICT)
		strbuf_addf(&req->detail, "message '%s' is not pending approval", id);
	json_decref(msg);
	msg = NULL;
	if (rc || (rc = store_record_get(req->srv->store, t, id, &view, &msg)))
		goto out;
	if (approve)
		exchange_sender_kick(req->srv->sender);
	rc = req_reply_json(req, 200, json_incref(msg));
out:
	json_decref(msg);
	return rc;
}

int api_messages_approve(struct request *req)
{
	return decide(req, true);
}

int api_messages_reject(struct request *req)
{
	return decide(req, false);
}

/* Answer /api/v1/messages/{id} with the generic record handler (which
 * takes /api/v1/{type}/{id}). */
static int as_record(struct request *req, int (*handler)(struct request *))
{
	snprintf(req->params[1], sizeof req->params[1], "%s", req->params[0]);
	snprintf(req->params[0], sizeof req->params[0], "messages");
	return handler(req);
}

int api_messages_patch(struct request *req)
{
	return as_record(req, api_records_patch);
}

/* The original of a reply or receipt: a message received from a peer the
 * caller may see. *peer: its sender; key: its id on every node. */
static int received_original(struct request *req, json_t **msg, struct store_peer *peer,
			     char key[RICS_UUID_LEN])
{
	const struct record_type *t = model_type_by_name("message");
	struct store_view view = policy_view(&req->who);
	const char *id = req->params[0];
	json_t *m = NULL;
	int rc = api_record_allowed(req, t, ACT_READ);

	if (rc)
		return rc;
	if ((rc = store_record_get(req->srv->store, t, id, &view, &m))) {
		strbuf_addf(&req->detail, "no message '%s'", id);
		return rc;
	}
	if (store_peer_get(req->srv->store,
			   json_string_value(json_object_get(m, "origin_node")), peer) ||
	    store_message_key(req->srv->store, id, key) || !*key) {
		json_decref(m);
		strbuf_addf(&req->detail, "message '%s' was not received from a paired node", id);
		return RICS_E_INVALID;
	}
	*msg = m;
	return 0;
}

/* Fill what a reply or receipt to peer about orig takes from it unless set. */
static int reply_defaults(json_t *body, json_t *orig, const struct store_peer *peer,
			  const char *type)
{
	json_t *thread = json_object_get(orig, "thread_id");
	int rc = json_object_set_new(body, "recipients", json_pack("[s]", peer->node_id));
	rc |= json_object_set_new(body, "type", json_string(type));
	rc |= json_object_set(body, "thread_id", json_is_string(thread)
				  ? thread : json_object_get(orig, "id"));
	if (!json_object_get(body, "subject"))
		rc |= json_object_set_new(body, "subject",
					  json_sprintf("Re: %s", json_string_value(
						  json_object_get(orig, "subject"))));
	if (!json_object_get(body, "releasable_countries"))
		rc |= json_object_set_new(body, "releasable_countries",
					  json_pack("[s]", peer->country));
	return rc ? -ENOMEM : 0;
}

/* The thread's key on every node: the root's import_key. */
static json_t *thread_extra(struct request *req, json_t *orig, const char *orig_key)
{
	char root_key[RICS_UUID_LEN] = "";
	const char *thread = json_string_value(json_object_get(orig, "thread_id"));
	if (!thread || store_message_key(req->srv->store, thread, root_key) || !*root_key)
		snprintf(root_key, sizeof root_key, "%s", orig_key);
	return json_pack("{ss ss}", "thread", root_key, "reply_to", orig_key);
}

int api_messages_reply(struct request *req)
{
	const struct record_type *t = model_type_by_name("message");
	struct store_peer peer;
	char key[RICS_UUID_LEN];
	json_t *body = NULL, *orig = NULL, *extra = NULL, *rec = NULL;
	int rc;

	if ((rc = api_record_allowed(req, t, ACT_CREATE)) || (rc = req_body_json(req, &body)) ||
	    (rc = received_original(req, &orig, &peer, key)))
		goto out;
	if ((rc = reply_defaults(body, orig, &peer, "reply")) ||
	    !(extra = thread_extra(req, orig, key))) {
		rc = rc ? rc : -ENOMEM;
		goto out;
	}
	if (!(rc = compose(req, body, extra, &rec)))
		rc = reply_created(req, rec);
out:
	json_decref(body);
	json_decref(orig);
	json_decref(extra);
	return rc;
}

/* Reading a received message tells its sender: a receipt through the outbox. */
static int send_read_receipt(struct request *req, json_t *orig, const struct store_peer *peer,
			     const char *key)
{
	json_t *body = json_pack("{ss}", "subject", "read");
	json_t *extra = json_pack("{ss ss}", "receipt_for", key, "receipt", "read"), *rec = NULL;
	struct audit_event ev = req_audit_event(req, "read", "message", req->params[0],
						model_record_classification(orig), "ok");
	int rc = body && extra ? reply_defaults(body, orig, peer, "receipt") : -ENOMEM;

	if (!rc)
		rc = store_message_set_status(req->srv->store, req->params[0], "read", &ev);
	if (!rc)
		rc = compose(req, body, extra, &rec);
	json_decref(body);
	json_decref(extra);
	json_decref(rec);
	return rc;
}

int api_messages_get(struct request *req)
{
	const struct record_type *t = model_type_by_name("message");
	struct store_view view = policy_view(&req->who);
	struct store_peer peer;
	char key[RICS_UUID_LEN];
	json_t *orig = NULL, *msg = NULL;
	int rc = received_original(req, &orig, &peer, key);

	if (rc == RICS_E_INVALID) { /* not from a peer: an ordinary record */
		strbuf_reset(&req->detail);
		return as_record(req, api_records_get);
	}
	if (rc)
		return rc;
	if (!strcmp(json_string_value(json_object_get(orig, "status")) ?: "", "received") &&
	    (rc = send_read_receipt(req, orig, &peer, key)))
		goto out;
	if (!(rc = store_record_get(req->srv->store, t, req->params[0], &view, &msg)))
		rc = req_reply_json(req, 200, msg);
out:
	json_decref(orig);
	return rc;
}

/* GET /api/v1/messages/overdue: requests received from peers whose reply_by
 * has passed and that nobody here has answered in their thread. */
int api_messages_overdue(struct request *req)
{
	const struct record_type *t = model_type_by_name("message");
	json_t *all = NULL, *items = json_array(), *rec;
	size_t i;
	int rc = api_record_allowed(req, t, ACT_READ);

	if (!rc && !items)
		rc = -ENOMEM;
	if (rc || (rc = store_message_overdue(req->srv->store, rics_clock_now(req->srv->clock),
					      false, &all)))
		goto out;
	json_array_foreach(all, i, rec)
		if (model_record_classification(rec) <= req->who.clearance)
			json_array_append(items, rec);
	rc = req_reply_json(req, 200, json_pack("{sO}", "items", items));
out:
	json_decref(all);
	json_decref(items);
	return rc;
}
