// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The exchange's one HTTP client call: GET a peer's identity or POST a batch
 * to its inbox, with timeouts so a dead peer costs a bounded wait. With a
 * TLS pin the peer's public key is checked instead of a certificate
 * authority: border nodes use self-signed certificates whose keys were
 * agreed at pairing. Pairing's first look at an identity checks no
 * certificate at all: only the signatures in it are trusted. The request
 * itself is net/net.h's.
 */
#include "exchange/exchange.h"

#include "core/error.h"
#include "net/net.h"

#include <errno.h>
#include <string.h>

/* unchecked: pairing's first look, whose answer is trusted only through
 * the signatures in it */
static int http_call(struct net *conn, const char *url, const char *tls_pin, bool unchecked,
		     const char *body, long timeout_s, long *status, struct strbuf *answer,
		     struct strbuf *why)
{
	struct net_headers headers = { 0 };
	struct strbuf err;
	struct net_request r = {
		.url = url, .headers = &headers, .body = body, .body_len = body ? strlen(body) : 0,
		.user_agent = "ricsd/" RICS_VERSION, .timeout_s = timeout_s,
		.connect_timeout_s = timeout_s < 5 ? timeout_s : 5L, .tls_pin = tls_pin,
		.tls_unchecked = unchecked,
	};
	int rc = net_header_add(&headers, "Content-Type", "application/json");

	strbuf_init(&err, 1024);
	if (!rc)
		rc = conn ? net_perform(conn, &r, answer, &err, status)
			  : net_perform_once(&r, answer, &err, status);
	if (rc && why)
		strbuf_addf(why, "no answer from %s: %s", url, err.len ? err.buf : "out of memory");
	if (rc && rc != -ENOMEM)
		rc = -EHOSTUNREACH;
	strbuf_release(&err);
	net_headers_release(&headers);
	return rc;
}

int exchange_http(struct net *conn, const char *url, const char *tls_pin, const char *body,
		  long timeout_s, long *status, struct strbuf *answer, struct strbuf *why)
{
	return http_call(conn, url, tls_pin, false, body, timeout_s, status, answer, why);
}

int exchange_fetch_identity(const char *base_url, const char *tls_pin, json_t **out)
{
	struct strbuf url, answer;
	long status = 0;
	json_t *id;
	int rc;

	strbuf_init(&url, 4096);
	strbuf_init(&answer, 1 << 16);
	rc = strbuf_addf(&url, "%s/fed/v1/identity", base_url);
	if (!rc)
		rc = http_call(NULL, url.buf, tls_pin, !tls_pin, NULL, 10, &status, &answer, NULL);
	if (!rc && status != 200)
		rc = RICS_E_NOT_FOUND;
	if (!rc) {
		id = json_loadb(answer.buf ? answer.buf : "", answer.len, 0, NULL);
		rc = json_is_object(id) ? 0 : RICS_E_MALFORMED;
		if (!rc)
			*out = id;
		else
			json_decref(id);
	}
	strbuf_release(&url);
	strbuf_release(&answer);
	return rc;
}
