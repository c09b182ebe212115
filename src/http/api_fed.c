// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /fed/v1: what other nodes call. The identity is public (a peer fetches it
 * when an administrator pairs with this node, then checks the fingerprint
 * the two administrators read to each other); everything else a peer sends
 * is signed by the key fixed at pairing, so these routes need no login.
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>

#define WINDOW_MS (5 * 60 * 1000)

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

/* Audit a refused batch or envelope; req->detail says why. */
static void audit_refusal(struct request *req, const char *sender, const char *id)
{
	struct audit_event ev = { .actor = sender && *sender ? sender : "unknown",
				  .action = "receive", .object_type = "message",
				  .object_id = id, .outcome = "denied", .remote = req->remote,
				  .detail = req->detail.buf };
	store_audit_append(req->srv->store, &ev);
}

/* The sender's batch, verified against its paired key and never seen. */
static int check_batch(struct request *req, json_t *batch, struct store_peer *peer,
		       unsigned char pk[EXCHANGE_PK_LEN])
{
	struct exchange_batch_info info;
	char sender[RICS_UUID_LEN] = "";
	int64_t now = rics_clock_now(req->srv->clock);
	int rc = exchange_batch_sender(batch, sender);

	if (rc)
		strbuf_adds(&req->detail, "the body is not a signed batch");
	else if ((rc = store_peer_get(req->srv->store, sender, peer)) || exchange_pk_parse(peer->sign_pk, pk)) {
		strbuf_addf(&req->detail, "node '%s' is not paired with this node", sender);
		rc = RICS_E_UNAUTHORIZED;
	} else if ((rc = exchange_batch_verify(batch, req->srv->node.id, pk, now, WINDOW_MS,
					       &info))) {
		strbuf_adds(&req->detail, rc == RICS_E_FORBIDDEN
			    ? "the batch was sent outside the time window: check both clocks"
			    : rc == RICS_E_UNAUTHORIZED ? "the batch signature or addressee is wrong"
			    : "the batch header does not match its envelopes");
	} else if ((rc = store_batch_nonce(req->srv->store, info.nonce, sender, now,
					   now - 2 * WINDOW_MS)) == RICS_E_CONFLICT) {
		strbuf_adds(&req->detail, "this batch was received before (replayed)");
		rc = RICS_E_UNAUTHORIZED;
	}
	if (rc)
		audit_refusal(req, sender, NULL);
	return rc;
}

/* The fields to store for a message opened from an envelope. */
static int received_fields(struct request *req, json_t *hdr, json_t *content, json_t **out)
{
	const struct record_type *t = model_type_by_name("message");
	json_t *fields = NULL;
	int rc;

	json_object_set(content, "type", json_object_get(hdr, "type"));
	json_object_set(content, "recipients", json_object_get(hdr, "recipients"));
	json_object_set_new(content, "status", json_string("received"));
	json_object_del(content, "thread_id"); /* the sender's local id means nothing here */
	rc = model_validate(t, content, false, &req->detail, &fields);
	if (!rc && json_object_set(fields, "origin_node", json_object_get(hdr, "sender")))
		rc = -ENOMEM;
	if (!rc)
		*out = fields;
	else
		json_decref(fields);
	return rc;
}

/* One envelope of a batch on its way in. */
struct incoming {
	json_t *hdr, *content, *fields, *payload;
	struct audit_event ev;
	int rc;                 /* refused: not stored */
	struct store_received *stored;
};

/* Open and check one envelope and apply what it carries (a watchlist share:
 * before its message is stored, and idempotent); in->rc: refused. */
static void open_one(struct request *req, json_t *env, const struct store_peer *peer,
		     const unsigned char pk[EXCHANGE_PK_LEN], struct incoming *in)
{
	const char *id;
	int rc = exchange_open(&req->srv->keys, req->srv->node.id, env, pk, &in->hdr, &in->content);

	strbuf_reset(&req->detail);
	if (rc) {
		strbuf_adds(&req->detail, "an envelope failed its signature or decryption");
	} else if (strcmp(json_string_value(json_object_get(in->hdr, "sender")), peer->node_id)) {
		strbuf_adds(&req->detail, "an envelope names another sender than its batch");
		rc = RICS_E_UNAUTHORIZED;
	}
	id = in->hdr ? json_string_value(json_object_get(in->hdr, "id")) : NULL;
	if (!rc) { /* what a watchlist share or hit query carries beside the message */
		in->payload = json_incref(json_object_get(in->content, "payload"));
		json_object_del(in->content, "payload");
	}
	if (!rc && !(rc = received_fields(req, in->hdr, in->content, &in->fields)))
		rc = fed_payload_apply(req, peer, in->hdr, in->payload);
	in->ev = (struct audit_event){ .actor = peer->node_id, .action = "receive",
				       .object_type = "message", .outcome = "ok",
				       .classification = model_record_classification(in->fields),
				       .remote = req->remote, .detail = id };
	if (rc)
		audit_refusal(req, peer->node_id, id);
	in->rc = rc;
}

/* Store what was opened, in one commit; one by one if that fails, so that
 * an envelope at fault is refused alone. */
static void store_opened(struct request *req, const struct store_peer *peer,
			 struct incoming *in, struct store_received *st, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (!in[i].rc) {
			in[i].stored = &st[m];
			st[m++] = (struct store_received){ .fields = in[i].fields,
							   .envelope_id = in[i].ev.detail,
							   .ev = &in[i].ev };
		}
	if (!m || !store_message_receive_many(req->srv->store, peer->node_id, st, m))
		return;
	for (size_t i = 0; i < n; i++) {
		struct store_received *r = in[i].stored;
		if (in[i].rc)
			continue;
		in[i].rc = store_message_receive(req->srv->store, r->fields, r->envelope_id,
						 peer->node_id, r->ev, &r->duplicate, &r->out);
		if (in[i].rc) {
			strbuf_reset(&req->detail);
			strbuf_adds(&req->detail, "the message could not be stored");
			audit_refusal(req, peer->node_id, r->envelope_id);
		}
	}
}

/* The ack of one envelope; a message stored is announced (and a question
 * answered). */
static json_t *settle_one(struct request *req, const struct store_peer *peer, struct incoming *in)
{
	const char *id = in->ev.detail, *status = "refused";

	if (!in->rc && in->stored->duplicate) {
		status = "duplicate";
	} else if (!in->rc) {
		status = "stored";
		http_publish_record(req->srv, "message.received", "message", in->stored->out);
		fed_payload_answer(req, peer, in->hdr, in->payload, in->stored->out);
	}
	return json_pack("{ss ss}", "id", id ? id : "", "status", status);
}

static void incoming_release(struct incoming *in)
{
	if (in->stored)
		json_decref(in->stored->out);
	json_decref(in->hdr);
	json_decref(in->content);
	json_decref(in->fields);
	json_decref(in->payload);
}

int api_fed_inbox(struct request *req)
{
	unsigned char pk[EXCHANGE_PK_LEN];
	struct store_peer peer;
	struct incoming *in = NULL;
	struct store_received *st = NULL;
	json_t *batch = NULL, *acks = NULL, *envs, *env;
	size_t i, n = 0;
	int rc;

	if (!req->srv->has_keys) {
		strbuf_adds(&req->detail, "this node has no exchange keys");
		return RICS_E_NOT_FOUND;
	}
	if ((rc = req_body_json(req, &batch)) || (rc = check_batch(req, batch, &peer, pk)))
		goto out;
	envs = json_object_get(batch, "envelopes");
	n = json_array_size(envs);
	if (!(in = rics_calloc(n + 1, sizeof *in)) || !(st = rics_calloc(n + 1, sizeof *st)) ||
	    !(acks = json_array())) {
		rc = -ENOMEM;
		goto out;
	}
	json_array_foreach(envs, i, env)
		open_one(req, env, &peer, pk, &in[i]);
	store_opened(req, &peer, in, st, n);
	for (i = 0; i < n; i++)
		json_array_append_new(acks, settle_one(req, &peer, &in[i]));
	strbuf_reset(&req->detail);
	rc = req_reply_json(req, 200, json_pack("{sO}", "acks", acks));
out:
	for (i = 0; in && i < n; i++)
		incoming_release(&in[i]);
	rics_free(in);
	rics_free(st);
	json_decref(batch);
	json_decref(acks);
	return rc;
}
