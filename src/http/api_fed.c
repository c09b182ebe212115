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

static json_t *identity(struct http_server *srv)
{
	const struct store_node *n = &srv->node;
	json_t *id = exchange_identity_json(&srv->keys, n->id, n->name, n->country, n->agency);
	if (id && srv->tls_pin_sig[0])
		json_object_update_new(id, json_pack("{ss ss}", "tls_pin", srv->tls_pin,
						     "tls_pin_sig", srv->tls_pin_sig));
	return id;
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

/* The sender's batch, verified against its paired key and never seen; the
 * sender is then heard from (store_batch_accept). */
static int check_batch(struct request *req, json_t *batch, struct store_peer *peer,
		       unsigned char pk[EXCHANGE_PK_LEN])
{
	struct exchange_batch_info info;
	char sender[RICS_UUID_LEN] = "";
	int64_t now = rics_clock_now(req->srv->clock), window = req->srv->cfg.exchange_window_s * 1000;
	int rc = exchange_batch_sender(batch, sender);

	if (rc)
		strbuf_adds(&req->detail, "the body is not a signed batch");
	else if ((rc = store_peer_get(req->srv->store, sender, peer)) || exchange_pk_parse(peer->sign_pk, pk)) {
		strbuf_addf(&req->detail, "node '%s' is not paired with this node", sender);
		rc = RICS_E_UNAUTHORIZED;
	} else if ((rc = exchange_batch_verify(batch, req->srv->node.id, pk, now, window, &info))) {
		strbuf_adds(&req->detail, rc == RICS_E_FORBIDDEN
			    ? "the batch was sent outside the time window: check both clocks"
			    : rc == RICS_E_UNAUTHORIZED ? "the batch signature or addressee is wrong"
			    : "the batch header does not match its envelopes");
	} else if ((rc = store_batch_accept(req->srv->store, info.nonce, sender, now,
					    now - 2 * window)) == RICS_E_CONFLICT) {
		strbuf_adds(&req->detail, "this batch was received before (replayed)");
		rc = RICS_E_UNAUTHORIZED;
	}
	if (rc)
		audit_refusal(req, sender, NULL);
	return rc;
}

/* The fields to store for a message opened from an envelope; the thread is
 * found by the key every node knows it by. */
static int received_fields(struct request *req, json_t *hdr, json_t *content, json_t **out)
{
	const struct record_type *t = model_type_by_name("message");
	const char *thread = json_string_value(json_object_get(content, "thread"));
	char local[RICS_UUID_LEN];
	json_t *fields = NULL;
	int rc;

	json_object_set(content, "type", json_object_get(hdr, "type"));
	json_object_set(content, "recipients", json_object_get(hdr, "recipients"));
	json_object_set_new(content, "status", json_string("received"));
	json_object_del(content, "thread_id");
	if (thread && !store_message_by_key(req->srv->store, thread, local))
		json_object_set_new(content, "thread_id", json_string(local));
	json_object_del(content, "thread");
	json_object_del(content, "reply_to");
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
	json_t *hdr, *content, *fields, *payload, *attachments;
	struct audit_event ev;
	int rc;                 /* refused: not stored */
	bool settled;           /* a receipt: acted on when opened, nothing to store */
	bool failed;            /* not stored for a cause of this node's: may pass later */
	char why[256];          /* refused or failed: the ack's reason */
	struct store_received *stored;
};

/* An attached record as it will be stored here: what the sender's node set
 * (id, times, version) is dropped, references to records this node does
 * not hold are cleared, and its origin is kept. */
static int attachment_fields(struct request *req, json_t *att, const char *sender, json_t **out)
{
	const struct record_type *t = model_type_by_plural(
		json_string_value(json_object_get(att, "type")) ?: "");
	json_t *rec = json_deep_copy(json_object_get(att, "record")), *fields = NULL, *origin;
	const char *key;
	json_t *v;
	void *tmp;
	int rc;

	if (!t || !json_is_object(rec) || !strcmp(t->name, "message")) {
		json_decref(rec);
		strbuf_adds(&req->detail, "an attachment is not a record");
		return RICS_E_INVALID;
	}
	origin = json_incref(json_object_get(rec, "origin_node"));
	json_object_foreach_safe(rec, tmp, key, v) {
		const struct field_desc *f = model_field_any(t, key);
		if (!f || (f->flags & FF_SERVER) || (f->kind == FK_ID && f->ref_type))
			json_object_del(rec, key);
	}
	rc = model_validate(t, rec, false, &req->detail, &fields);
	if (!rc)
		json_object_set_new(fields, "origin_node", json_is_string(origin)
						  ? json_incref(origin) : json_string(sender));
	if (!rc)
		*out = json_pack("{ss so}", "type", t->plural, "fields", fields);
	json_decref(rec);
	json_decref(origin);
	return rc;
}

static int attachments_of(struct request *req, json_t *content, const char *sender, json_t **out)
{
	json_t *list = json_array(), *att, *one = NULL;
	size_t i;
	int rc = list ? 0 : -ENOMEM;

	json_array_foreach(json_object_get(content, "attachments"), i, att) {
		if (rc || (rc = attachment_fields(req, att, sender, &one)))
			break;
		json_array_append_new(list, one);
	}
	json_object_del(content, "attachments");
	if (rc)
		json_decref(list);
	else
		*out = list;
	return rc;
}

/* A receipt: the original (sent by this node) becomes read, announced
 * once. */
static int receive_receipt(struct request *req, const struct store_peer *peer, json_t *content)
{
	const char *key = json_string_value(json_object_get(content, "receipt_for"));
	char id[RICS_UUID_LEN];
	json_t *receipt = NULL;
	struct audit_event ev = { .actor = peer->node_id, .action = "receipt",
				  .object_type = "message", .outcome = "ok",
				  .remote = req->remote, .detail = "read" };
	int rc;

	if (!key || store_message_by_key(req->srv->store, key, id)) {
		strbuf_adds(&req->detail, "a receipt for a message this node did not send");
		return RICS_E_INVALID;
	}
	rc = store_message_set_status(req->srv->store, id, "read", &ev);
	if (!rc)
		rc = store_outbox_read(req->srv->store, id, peer->node_id, &receipt);
	if (!rc && receipt) /* not again for a receipt sent twice */
		http_publish_receipt(req->srv, "message.read", receipt);
	json_decref(receipt);
	return rc;
}

/* The message of an envelope, with its attachments and what it carries
 * beside them (a watchlist share is applied here: before its message is
 * stored, and idempotent). */
static int open_message(struct request *req, const struct store_peer *peer, struct incoming *in)
{
	/* what a watchlist share or hit query carries beside the message */
	int rc = 0;
	in->payload = json_incref(json_object_get(in->content, "payload"));
	json_object_del(in->content, "payload");
	if ((rc = attachments_of(req, in->content, peer->node_id, &in->attachments)))
		return rc;
	if ((rc = received_fields(req, in->hdr, in->content, &in->fields)))
		return rc;
	return fed_payload_apply(req, peer, in->hdr, in->payload);
}

/* Open and check one envelope and act on it as far as can be done before
 * the batch is stored; in->rc: refused. */
static void open_one(struct request *req, json_t *env, const struct store_peer *peer,
		     const unsigned char pk[EXCHANGE_PK_LEN], struct incoming *in)
{
	const char *id, *type;
	int rc = exchange_open(&req->srv->keys, req->srv->node.id, env, pk, &in->hdr, &in->content);

	strbuf_reset(&req->detail);
	if (rc) {
		/* unverified, only to name the envelope in the ack: the sender
		 * then knows which one was refused */
		exchange_peek(env, &in->hdr);
		strbuf_adds(&req->detail, "an envelope failed its signature or decryption");
	} else if (strcmp(json_string_value(json_object_get(in->hdr, "sender")), peer->node_id)) {
		strbuf_adds(&req->detail, "an envelope names another sender than its batch");
		rc = RICS_E_UNAUTHORIZED;
	}
	id = in->hdr ? json_string_value(json_object_get(in->hdr, "id")) : NULL;
	type = in->hdr ? json_string_value(json_object_get(in->hdr, "type")) : NULL;
	if (!rc && type && !strcmp(type, "receipt")) {
		rc = receive_receipt(req, peer, in->content);
		in->settled = true;
	} else if (!rc) {
		rc = open_message(req, peer, in);
	}
	in->ev = (struct audit_event){ .actor = peer->node_id, .action = "receive",
				       .object_type = "message", .outcome = "ok",
				       .classification = in->fields
							 ? model_record_classification(in->fields) : 0,
				       .remote = req->remote, .detail = id };
	if (rc) {
		audit_refusal(req, peer->node_id, id);
		snprintf(in->why, sizeof in->why, "%s", req->detail.buf ?: "refused");
	}
	in->rc = rc;
}

/* Store what was opened, in one commit; one by one if that fails, so that
 * an envelope at fault is refused alone. */
static void store_opened(struct request *req, const struct store_peer *peer,
			 struct incoming *in, struct store_received *st, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (!in[i].rc && !in[i].settled) {
			in[i].stored = &st[m];
			st[m++] = (struct store_received){ .fields = in[i].fields,
							   .attachments = in[i].attachments,
							   .envelope_id = in[i].ev.detail,
							   .ev = &in[i].ev };
		}
	if (!m || !store_message_receive_many(req->srv->store, peer->node_id, st, m))
		return;
	for (size_t i = 0; i < n; i++) {
		struct store_received *r = in[i].stored;
		if (in[i].rc || in[i].settled)
			continue;
		in[i].rc = store_message_receive(req->srv->store, r->fields, r->attachments,
						 r->envelope_id, peer->node_id, r->ev,
						 &r->duplicate, &r->out);
		if (in[i].rc) {
			strbuf_reset(&req->detail);
			strbuf_adds(&req->detail, "the message could not be stored");
			audit_refusal(req, peer->node_id, r->envelope_id);
			in[i].failed = true;
			snprintf(in[i].why, sizeof in[i].why, "%s", req->detail.buf);
		}
	}
}

/* The ack of one envelope; a message stored is announced (and a question
 * answered). "refused" is for good (the sender stops trying), "failed"
 * may pass on a later attempt; both say why. */
static json_t *settle_one(struct request *req, const struct store_peer *peer, struct incoming *in)
{
	const char *id = in->ev.detail, *status = in->failed ? "failed" : "refused";

	if (!in->rc && in->settled) {
		status = "stored";
	} else if (!in->rc && in->stored->duplicate) {
		status = "duplicate";
	} else if (!in->rc) {
		status = "stored";
		http_publish_record(req->srv, "message.received", "message", in->stored->out);
		fed_payload_answer(req, peer, in->hdr, in->payload, in->stored->out);
	}
	return json_pack("{ss ss ss*}", "id", id ? id : "", "status", status, "reason",
			 in->rc ? in->why : NULL);
}

static void incoming_release(struct incoming *in)
{
	if (in->stored)
		json_decref(in->stored->out);
	json_decref(in->hdr);
	json_decref(in->content);
	json_decref(in->fields);
	json_decref(in->payload);
	json_decref(in->attachments);
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
