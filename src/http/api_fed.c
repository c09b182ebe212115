// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /fed/v1: what other nodes call. The identity is public (a peer fetches it
 * when an administrator pairs with this node, then checks the fingerprint
 * the two administrators read to each other); everything else a peer sends
 * is signed by the key fixed at pairing, so these routes need no login.
 */
#include "http/http_int.h"

#include "core/error.h"

static json_t *identity(struct http_server *srv)
{
	const struct store_node *n = &srv->node;
	return exchange_identity_json(&srv->keys, n->id, n->name, n->country, n->agency);
}

int api_fed_identity(struct request *req)
{
	if (!req->srv->has_keys) {
		strbuf_adds(&req->detail, "this node has no exchange keys");
		return RICS_E_NOT_FOUND;
	}
	return req_reply_json(req, 200, identity(req->srv));
}

int api_node(struct request *req)
{
	struct http_server *srv = req->srv;
	const struct store_node *n = &srv->node;
	json_t *out = srv->has_keys ? identity(srv) : json_object();

	if (out)
		json_object_update_new(out, json_pack("{ss ss ss ss ss* ss si ss}", "id", n->id,
						      "name", n->name, "country", n->country,
						      "agency", n->agency, "bcp_code",
						      n->bcp_code[0] ? n->bcp_code : NULL,
						      "created_at", n->created_at, "schema_version",
						      store_schema_version(srv->store), "version",
						      RICS_VERSION));
	return req_reply_json(req, 200, out);
}
