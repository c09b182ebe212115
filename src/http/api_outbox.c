// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /api/v1/outbox: what this node has not delivered. Rows still being
 * retried are "queued"; a peer that refused an envelope for good leaves it
 * "refused" with its reason, and removing a peer leaves its rows
 * "orphaned". Nothing moves them again but an administrator's retry, once
 * the cause is fixed (the peer paired again, say). Administrators only: the
 * rows name messages and peers, nothing of their content.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <string.h>

static int admin_only(struct request *req)
{
	int rc = policy_check_admin(&req->who, ADMIN_PEERS);
	if (rc)
		strbuf_adds(&req->detail, "only administrators manage the outbox");
	return rc;
}

int api_outbox_list(struct request *req)
{
	const char *state = req_query(req, "state");
	int64_t after, limit;
	json_t *items = NULL, *next;
	size_t n;
	int rc = admin_only(req);

	if (rc || (rc = req_query_int(req, "after", 0, 0, INT64_MAX, &after)) != 0 ||
	    (rc = req_query_int(req, "limit", 100, 0, req->srv->cfg.page_max, &limit)) != 0)
		return rc;
	if (limit == 0)
		limit = 1;
	rc = store_outbox_list(req->srv->store, state, after, (unsigned)limit, &items);
	if (rc == RICS_E_INVALID)
		strbuf_addf(&req->detail, "'state' must be queued, refused or orphaned, not '%s'",
			    state);
	if (rc)
		return rc;
	n = json_array_size(items);
	next = n == (size_t)limit
		? json_incref(json_object_get(json_array_get(items, n - 1), "seq"))
		: json_null();
	return req_reply_json(req, 200, json_pack("{so so}", "items", items, "next_after", next));
}

int api_outbox_retry(struct request *req)
{
	const char *message_id = req->params[0], *peer_id = req->params[1];
	struct audit_event ev = req_audit_event(req, "requeue", "message", message_id, 0, "ok");
	struct store_peer peer;
	int rc = admin_only(req);

	if (rc)
		return rc;
	if (store_peer_get(req->srv->store, peer_id, &peer)) {
		strbuf_addf(&req->detail, "node '%s' is not paired with this node: pair with it"
					  " again first", peer_id);
		return RICS_E_INVALID;
	}
	ev.detail = peer_id;
	rc = store_outbox_requeue(req->srv->store, message_id, peer_id, &ev);
	if (rc == RICS_E_NOT_FOUND)
		strbuf_addf(&req->detail, "message '%s' was never queued for node '%s'",
			    message_id, peer_id);
	else if (rc == RICS_E_CONFLICT)
		strbuf_addf(&req->detail, "message '%s' is delivered to node '%s' or waits for"
					  " approval: nothing to retry", message_id, peer_id);
	if (rc)
		return rc;
	exchange_sender_kick(req->srv->sender);
	return req_reply_json(req, 200, json_pack("{ss ss ss}", "message_id", message_id,
						  "peer_id", peer_id, "state", "queued"));
}
