// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Shared watchlists. POST /api/v1/watchlist/{id}/share sends an entry to
 * paired nodes as a watchlist_share, watchlist_update or watchlist_withdraw
 * message whose payload is the entry (or, to withdraw, only its id); the
 * message takes the entry's classification, handling and releasability, so
 * the compose checks (accreditation, releasable countries) apply as to any
 * message. An entry this node received from a peer with handling H2 is not
 * shared onward to a third node.
 *
 * At the receiver the payload becomes a watchlist record with origin_node
 * the sender, kept under "sender:entry id"; it reaches the screening index
 * the way any watchlist write does (screen_service_watch, as after_write in
 * api_records.c), so it screens at once. A withdrawal ends the entry: its
 * expires_at becomes the moment it was withdrawn, which screening honours.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <string.h>

static const char *const kinds[] = { "share", "update", "withdraw", NULL };

/* Refuse sending an entry received with H2 to any node but its provider. */
static int onward_allowed(struct request *req, json_t *entry, json_t *peers)
{
	const char *origin = json_string_value(json_object_get(entry, "origin_node"));
	const char *handling = json_string_value(json_object_get(entry, "handling"));
	json_t *p;
	size_t i;

	if (!origin || !strcmp(origin, req->srv->node.id) || !handling || strcmp(handling, "H2"))
		return 0;
	json_array_foreach(peers, i, p) {
		if (strcmp(json_string_value(p), origin)) {
			strbuf_addf(&req->detail, "the entry came from node '%s' with handling H2: it "
						  "may not go to another node without the provider's "
						  "consent", origin);
			return RICS_E_FORBIDDEN;
		}
	}
	return 0;
}

static int share_request(struct request *req, json_t *body, json_t **peers, const char **kind)
{
	json_t *v;
	size_t i;

	*peers = json_object_get(body, "peers");
	*kind = json_string_value(json_object_get(body, "kind"));
	if (!*kind)
		*kind = "share";
	if (!json_is_array(*peers) || !json_array_size(*peers) || json_array_size(*peers) > 32) {
		strbuf_adds(&req->detail, "'peers' must list 1 to 32 paired node ids");
		return RICS_E_INVALID;
	}
	json_array_foreach(*peers, i, v) {
		if (!json_is_string(v) || !rics_uuid_valid(json_string_value(v))) {
			strbuf_adds(&req->detail, "'peers' must list node ids ('rics peer list')");
			return RICS_E_INVALID;
		}
	}
	for (i = 0; kinds[i]; i++)
		if (!strcmp(*kind, kinds[i]))
			return 0;
	strbuf_adds(&req->detail, "'kind' must be share, update or withdraw");
	return RICS_E_INVALID;
}

/* The message that carries entry: its policy fields are the entry's. */
static json_t *share_message(json_t *entry, json_t *peers, const char *kind)
{
	static const char *const policy[] = { "classification", "handling", "handling_note",
					      "reliability", "assessment", "releasable_countries",
					      "releasable_agencies" };
	char type[32];
	json_t *m;

	snprintf(type, sizeof type, "watchlist_%s", kind);
	m = json_pack("{ss ss sO}", "type", type, "subject", "watchlist entry", "recipients", peers);
	if (!m)
		return NULL;
	for (size_t i = 0; i < sizeof policy / sizeof policy[0]; i++) {
		json_t *v = json_object_get(entry, policy[i]);
		if (v && !json_is_null(v))
			json_object_set(m, policy[i], v);
	}
	return m;
}

static int share(struct request *req, json_t *body, json_t **out)
{
	const struct record_type *wt = model_type_by_name("watchlist");
	struct store_view view = policy_view(&req->who);
	json_t *peers, *entry = NULL, *message = NULL, *payload = NULL;
	const char *kind, *id = req->params[0];
	int rc;

	if ((rc = share_request(req, body, &peers, &kind)))
		return rc;
	if ((rc = store_record_get(req->srv->store, wt, id, &view, &entry))) {
		if (rc == RICS_E_NOT_FOUND)
			strbuf_addf(&req->detail, "no watchlist entry '%s'", id);
		return rc;
	}
	if ((rc = onward_allowed(req, entry, peers)))
		goto out;
	message = share_message(entry, peers, kind);
	payload = strcmp(kind, "withdraw")
		? json_pack("{ss so}", "entry_id", id, "entry", exchange_share_fields(wt, entry))
		: json_pack("{ss}", "entry_id", id);
	rc = message && payload ? api_messages_send(req, message, payload, out) : -ENOMEM;
out:
	json_decref(entry);
	json_decref(message);
	json_decref(payload);
	return rc;
}

int api_watchlist_share(struct request *req)
{
	json_t *body = NULL, *rec = NULL;
	int rc;

	if ((rc = api_record_allowed(req, model_type_by_name("message"), ACT_CREATE)) ||
	    (rc = api_record_allowed(req, model_type_by_name("watchlist"), ACT_READ)) ||
	    (rc = req_body_json(req, &body)))
		return rc;
	rc = share(req, body, &rec);
	if (rc)
		store_audit_append(req->srv->store, &(struct audit_event){
			.actor = req->who.name, .action = "share", .object_type = "watchlist",
			.object_id = req->params[0], .outcome = "denied", .remote = req->remote,
			.detail = req->detail.buf });
	else
		rc = req_reply_json(req, 201, rec);
	json_decref(body);
	return rc;
}

int api_message_type_reserved(struct request *req, json_t *fields)
{
	const char *type = json_string_value(json_object_get(fields, "type"));

	if (!type || (strncmp(type, "watchlist_", 10) && strncmp(type, "hit_", 4)))
		return 0;
	strbuf_addf(&req->detail, "a %s message is made by POST /api/v1/watchlist/{id}/share or "
				  "POST /api/v1/hitquery, not composed", type);
	return RICS_E_INVALID;
}

/* ---- receiving ---- */

/* Of f, keep in p what may change and clear what the entry no longer has. */
static void patch_fields(json_t *p, const struct field_desc *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!(f[i].flags & FF_UPDATABLE))
			json_object_del(p, f[i].name);
		else if (!json_object_get(p, f[i].name)) /* a list is cleared by [] */
			json_object_set_new(p, f[i].name, f[i].kind == FK_TEXT_LIST ||
							  f[i].kind == FK_ID_LIST
							  ? json_array() : json_null());
	}
}

/* The entry as a patch of the record it updates. */
static int entry_patch(struct request *req, json_t *entry, json_t **out)
{
	const struct record_type *wt = model_type_by_name("watchlist");
	json_t *p = json_deep_copy(entry);
	int rc;

	if (!p)
		return -ENOMEM;
	patch_fields(p, model_common_fields, model_common_nfields);
	patch_fields(p, wt->fields, wt->nfields);
	rc = model_validate(wt, p, true, &req->detail, out);
	json_decref(p);
	return rc;
}

static int store_new(struct request *req, const struct store_peer *peer, json_t *entry,
		     const char *key, struct audit_event *ev)
{
	const struct record_type *wt = model_type_by_name("watchlist");
	struct store_import_result res = { 0 };
	json_t *fields = NULL, *rows = NULL;
	const char *keys[1] = { key };
	int rc = model_validate(wt, entry, false, &req->detail, &fields);

	if (rc)
		return rc;
	json_object_set_new(fields, "origin_node", json_string(peer->node_id));
	if (!(rows = json_pack("[O]", fields)))
		rc = -ENOMEM;
	else if (!(rc = store_record_import(req->srv->store, wt, rows, keys, peer->node_id, ev,
					    &res)))
		rc = res.rc;
	json_decref(rows);
	json_decref(fields);
	return rc;
}

/* Create or change the record kept under key; withdraw: end it now. */
static int apply(struct request *req, const struct store_peer *peer, const char *kind,
		 json_t *entry, const char *key)
{
	const struct record_type *wt = model_type_by_name("watchlist");
	struct store_view all = { CLS_SECRET };
	char now[RICS_TIME_LEN];
	json_t *rec = NULL, *patch = NULL, *done = NULL;
	struct audit_event ev = { .actor = peer->node_id, .action = "create",
				  .object_type = "watchlist", .outcome = "ok",
				  .remote = req->remote, .detail = key };
	int rc = store_record_by_import_key(req->srv->store, wt, key, &all, &rec);

	if (rc == RICS_E_NOT_FOUND && strcmp(kind, "withdraw"))
		rc = store_new(req, peer, entry, key, &ev);
	else if (rc == RICS_E_NOT_FOUND)
		return 0; /* nothing here to withdraw */
	else if (!rc && !strcmp(kind, "withdraw")) {
		rics_time_format(rics_clock_now(req->srv->clock), now);
		rc = (patch = json_pack("{ss}", "expires_at", now)) ? 0 : -ENOMEM;
	} else if (!rc)
		rc = entry_patch(req, entry, &patch);
	if (!rc && patch) {
		ev.action = "update";
		rc = store_record_update(req->srv->store, wt,
					 json_string_value(json_object_get(rec, "id")), patch, -1,
					 &all, peer->node_id, &ev, &done);
	}
	if (!rc && (done || !(rc = store_record_by_import_key(req->srv->store, wt, key, &all,
								 &done)))) {
		http_publish_record(req->srv, rec ? "watchlist.updated" : "watchlist.created",
				    "watchlist", done);
		rc = screen_service_watch(req->srv->screen, done);
	}
	json_decref(rec);
	json_decref(patch);
	json_decref(done);
	return rc;
}

int fed_payload_apply(struct request *req, const struct store_peer *peer, json_t *hdr,
		      json_t *payload)
{
	const char *type = json_string_value(json_object_get(hdr, "type"));
	char key[2 * RICS_UUID_LEN];
	json_t *entry = json_object_get(payload, "entry");

	if (!type || strncmp(type, "watchlist_", 10))
		return 0;
	if (exchange_share_key(peer->node_id,
			       json_string_value(json_object_get(payload, "entry_id")), key) ||
	    (strcmp(type, "watchlist_withdraw") && !json_is_object(entry))) {
		strbuf_addf(&req->detail, "a %s from '%s' carries no watchlist entry", type,
			    peer->name);
		return RICS_E_INVALID;
	}
	return apply(req, peer, type + 10, entry, key);
}
