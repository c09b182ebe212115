// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /api/v1/peers: the nodes this one exchanges messages with (admin only;
 * /api/v1/peers/directory names them to those who address them).
 * Pairing fetches the peer's identity from its URL and keeps it only if
 * the fingerprint the administrators read to each other over the phone
 * matches the keys fetched: a wrong URL or a machine in the middle is
 * refused before anything is stored. Over HTTPS the same check covers the
 * peer's TLS key: its identity carries the pin signed by its key, and every
 * later request is pinned to it. Each side pairs with the other. The list
 * shows each peer's outbox and the state of the link to it, derived by the
 * exchange's one rule (exchange_link_state) over ?link_down_after=.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <string.h>

static int admin_only(struct request *req)
{
	int rc = policy_check_admin(&req->who, ADMIN_PEERS);
	if (rc)
		strbuf_adds(&req->detail, "only administrators manage exchange peers");
	return rc;
}

/* Audit a refused pairing; req->detail already says why. */
static int refuse(struct request *req, int rc, const char *url)
{
	struct audit_event ev = req_audit_event(req, "pair", "peer", NULL, 0, "denied");
	ev.detail = url;
	store_audit_append(req->srv->store, &ev);
	return rc;
}

/* The detail names the URL (fmt has one %s). */
#define refuse_why(req, rc, url, fmt) \
	(strbuf_addf(&(req)->detail, fmt, url), refuse(req, rc, url))

struct pair_request {
	const char *url, *fingerprint, *country, *agency, *tls_pin;
	json_t *accreditation;
};

static int parse_body(struct request *req, json_t *body, struct pair_request *p,
		      struct store_peer *peer)
{
	const char *acc;
	size_t len;

	if (json_unpack(body, "{s:s, s:s, s:o, s?:s, s?:s, s?:s !}", "url", &p->url, "fingerprint",
			&p->fingerprint, "accreditation", &p->accreditation, "country", &p->country,
			"agency", &p->agency, "tls_pin", &p->tls_pin)) {
		strbuf_adds(&req->detail, "the body must be {\"url\", \"fingerprint\", "
					  "\"accreditation\", \"country\"?, \"agency\"?, \"tls_pin\"?}");
		return RICS_E_INVALID;
	}
	len = strlen(p->url);
	while (len && p->url[len - 1] == '/')
		len--;
	if ((strncmp(p->url, "http://", 7) && strncmp(p->url, "https://", 8)) ||
	    len >= sizeof peer->url) {
		strbuf_addf(&req->detail, "'url' must be an http:// or https:// URL under %zu bytes",
			    sizeof peer->url);
		return RICS_E_INVALID;
	}
	snprintf(peer->url, sizeof peer->url, "%.*s", (int)len, p->url);
	acc = json_string_value(p->accreditation);
	peer->accreditation = acc ? classification_parse(acc)
				  : json_is_integer(p->accreditation)
				  ? (int)json_integer_value(p->accreditation) : -1;
	if (peer->accreditation < CLS_UNCLASSIFIED || peer->accreditation > CLS_SECRET) {
		strbuf_adds(&req->detail, "'accreditation' must be UNCLASSIFIED, RESTRICTED, "
					  "CONFIDENTIAL or SECRET (or 0-3)");
		return RICS_E_INVALID;
	}
	if (p->tls_pin && (strncmp(p->tls_pin, "sha256//", 8) ||
			   strlen(p->tls_pin) >= sizeof peer->tls_pin)) {
		strbuf_adds(&req->detail, "'tls_pin' must look like sha256//BASE64");
		return RICS_E_INVALID;
	}
	snprintf(peer->tls_pin, sizeof peer->tls_pin, "%s", p->tls_pin ? p->tls_pin : "");
	return 0;
}

static int copy_text(char *dst, size_t size, json_t *v)
{
	const char *s = json_string_value(v);
	if (!s || !*s || strlen(s) >= size)
		return RICS_E_MALFORMED;
	snprintf(dst, size, "%s", s);
	return 0;
}

/* Take the fetched identity into peer; the fingerprint is computed from
 * the keys, never taken from what the peer says it is. */
static int take_identity(struct request *req, const struct pair_request *p, json_t *id,
			 struct store_peer *peer)
{
	unsigned char sign[EXCHANGE_PK_LEN], box[EXCHANGE_PK_LEN];

	if (copy_text(peer->node_id, sizeof peer->node_id, json_object_get(id, "node_id")) ||
	    !rics_uuid_valid(peer->node_id) ||
	    copy_text(peer->name, sizeof peer->name, json_object_get(id, "name")) ||
	    copy_text(peer->country, sizeof peer->country, json_object_get(id, "country")) ||
	    copy_text(peer->agency, sizeof peer->agency, json_object_get(id, "agency")) ||
	    copy_text(peer->sign_pk, sizeof peer->sign_pk, json_object_get(id, "sign_pk")) ||
	    copy_text(peer->box_pk, sizeof peer->box_pk, json_object_get(id, "box_pk")) ||
	    exchange_pk_parse(peer->sign_pk, sign) || exchange_pk_parse(peer->box_pk, box))
		return refuse_why(req, RICS_E_INVALID, p->url,
				  "%s did not answer with a node identity");
	exchange_fingerprint(sign, box, peer->fingerprint);
	if (!exchange_fingerprint_equal(p->fingerprint, peer->fingerprint))
		return refuse_why(req, RICS_E_FORBIDDEN, p->url,
				  "the fingerprint of the node at %s is not the one given: do not "
				  "pair; check the URL and read the fingerprint again with its "
				  "administrator");
	if (!strcmp(peer->node_id, req->srv->node.id))
		return refuse_why(req, RICS_E_INVALID, p->url, "%s is this node itself");
	if ((p->country && strcmp(p->country, peer->country)) ||
	    (p->agency && strcmp(p->agency, peer->agency)))
		return refuse_why(req, RICS_E_INVALID, p->url,
				  "the node at %s belongs to another country or agency than given");
	return 0;
}

/* Over HTTPS the pin comes in the identity, signed by the key whose
 * fingerprint was just checked, so the unchecked first look is enough to
 * trust it; a second look, pinned, shows the server holds that key. */
static int take_pin(struct request *req, const struct pair_request *p, json_t *id,
		    struct store_peer *peer)
{
	const char *pin = json_string_value(json_object_get(id, "tls_pin"));
	const char *sig = json_string_value(json_object_get(id, "tls_pin_sig"));
	unsigned char sign[EXCHANGE_PK_LEN];
	json_t *again = NULL;
	int rc;

	if (strncmp(peer->url, "https://", 8))
		return 0;
	if (!pin || !sig)
		return refuse_why(req, RICS_E_INVALID, p->url,
				  "the node at %s serves HTTPS but its identity carries no signed "
				  "TLS pin: its ricsd needs the tls_cert 'rics init --tls' makes");
	if (exchange_pk_parse(peer->sign_pk, sign) || exchange_tls_pin_verify(sign, pin, sig))
		return refuse_why(req, RICS_E_FORBIDDEN, p->url,
				  "the TLS pin of the node at %s is not signed by its key: do not "
				  "pair");
	if (p->tls_pin && strcmp(p->tls_pin, pin))
		return refuse_why(req, RICS_E_FORBIDDEN, p->url,
				  "the TLS pin given is not the one the node at %s signed: do not "
				  "pair");
	snprintf(peer->tls_pin, sizeof peer->tls_pin, "%s", pin);
	rc = exchange_fetch_identity(peer->url, peer->tls_pin, &again);
	json_decref(again);
	if (rc)
		return refuse_why(req, RICS_E_FORBIDDEN, p->url,
				  "the certificate served at %s is not the one its identity signed "
				  "(a machine in the middle?): do not pair");
	return 0;
}

int api_peers_create(struct request *req)
{
	struct pair_request p = { 0 };
	struct store_peer peer = { 0 };
	struct audit_event ev;
	json_t *body = NULL, *id = NULL;
	int rc = admin_only(req);

	if (rc || (rc = req_body_json(req, &body)) || (rc = parse_body(req, body, &p, &peer)))
		goto out;
	/* unchecked: what it says is trusted only through its keys' signatures */
	rc = exchange_fetch_identity(peer.url, NULL, &id);
	if (rc) {
		rc = refuse_why(req, RICS_E_INVALID, p.url,
				"cannot fetch the identity of the node at %s");
		goto out;
	}
	if ((rc = take_identity(req, &p, id, &peer)) || (rc = take_pin(req, &p, id, &peer)))
		goto out;
	ev = req_audit_event(req, "pair", "peer", peer.node_id, 0, "ok");
	ev.detail = peer.url;
	rc = store_peer_add(req->srv->store, &peer, &ev);
	if (rc == RICS_E_CONFLICT)
		strbuf_addf(&req->detail, "node %s is already a peer: remove it first to re-pair",
			    peer.node_id);
	if (!rc)
		rc = req_reply_json(req, 201, store_peer_json(&peer));
out:
	json_decref(body);
	json_decref(id);
	return rc;
}

/* The outbox row of stats (store_outbox_stats) for one peer, or NULL. */
static json_t *stats_of(json_t *stats, const char *node_id)
{
	json_t *row;
	size_t i;
	json_array_foreach(stats, i, row)
		if (!strcmp(json_string_value(json_object_get(row, "peer_id")), node_id))
			return row;
	return NULL;
}

/* Each peer's outbox, as /metrics counts it: messages queued for it, since
 * when the oldest waits, and how many it has acknowledged. */
static int add_outbox(struct request *req, json_t *peers)
{
	json_t *stats, *p;
	size_t i;
	char oldest[RICS_TIME_LEN];
	int rc = store_outbox_stats(req->srv->store, &stats);
	if (rc)
		return rc;
	json_array_foreach(peers, i, p) {
		json_t *row = stats_of(stats, json_string_value(json_object_get(p, "node_id")));
		json_int_t queued = json_integer_value(json_object_get(row, "queued"));
		rics_time_format(json_integer_value(json_object_get(row, "oldest")), oldest);
		if (json_object_set_new(p, "outbox", json_pack("{sI ss? sI}", "queued", queued,
				"oldest_queued_at", queued ? oldest : NULL, "delivered",
				json_integer_value(json_object_get(row, "delivered"))))) {
			rc = -ENOMEM;
			break;
		}
	}
	json_decref(stats);
	return rc;
}

/* Each peer's link state (exchange_link_state) and what it comes from. */
static int add_link(struct request *req, json_t *peers, int64_t down_after_s)
{
	int64_t now = rics_clock_now(req->srv->clock);
	struct store_peer_link link;
	json_t *p;
	size_t i;
	int rc = 0;

	json_array_foreach(peers, i, p) {
		rc = store_peer_link(req->srv->store,
				     json_string_value(json_object_get(p, "node_id")), &link);
		if (!rc && json_object_set_new(p, "link", exchange_link_json(&link, now,
									      down_after_s * 1000)))
			rc = -ENOMEM;
		if (rc)
			break;
	}
	return rc;
}

int api_peers_list(struct request *req)
{
	json_t *items = NULL;
	int64_t down_after;
	int rc = admin_only(req);

	if (rc || (rc = req_query_int(req, "link_down_after", LINK_DOWN_AFTER_DEFAULT_S, 1,
				      LINK_DOWN_AFTER_MAX_S, &down_after)) ||
	    (rc = store_peer_list(req->srv->store, &items)) || (rc = add_outbox(req, items)) ||
	    (rc = add_link(req, items, down_after))) {
		json_decref(items);
		return rc;
	}
	return req_reply_json(req, 200, json_pack("{so sI}", "items", items, "link_down_after",
						  (json_int_t)down_after));
}

/* Who can be addressed: what a supervisor needs to pick the peers of a
 * share or a message. Keys, URLs and pins stay with the administrators. */
int api_peers_directory(struct request *req)
{
	static const char *const shown[] = { "node_id", "name", "country", "agency", "accreditation" };
	json_t *items = NULL, *peer, *out = NULL;
	size_t i;
	int rc = api_record_allowed(req, model_type_by_name("message"), ACT_CREATE);

	if (rc || (rc = store_peer_list(req->srv->store, &items)))
		return rc;
	rc = -ENOMEM;
	if (!(out = json_array()))
		goto out;
	json_array_foreach(items, i, peer) {
		json_t *row = json_object();
		if (!row || json_array_append_new(out, row))
			goto out;
		for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++)
			if (json_object_set(row, shown[k], json_object_get(peer, shown[k])))
				goto out;
	}
	rc = req_reply_json(req, 200, json_pack("{so}", "items", out));
	out = NULL;
out:
	json_decref(out);
	json_decref(items);
	return rc;
}

int api_peers_delete(struct request *req)
{
	struct audit_event ev = req_audit_event(req, "unpair", "peer", req->params[0], 0, "ok");
	int rc = admin_only(req);
	if (rc)
		return rc;
	rc = store_peer_remove(req->srv->store, req->params[0], &ev);
	if (rc == RICS_E_NOT_FOUND)
		strbuf_addf(&req->detail, "no peer with node id '%s'", req->params[0]);
	return rc ? rc : req_reply_empty(req, 204);
}
