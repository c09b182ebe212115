/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One HTTP request with libcurl, made the same way wherever RICS makes one:
 * the exchange talking to a peer node (exchange/fetch.c) and `rics` talking
 * to its node (cli/client.c). This header is the module's whole contract;
 * below it are only core and libcurl.
 *
 * Every request speaks only http and https, follows no redirect (one would
 * carry credentials elsewhere), raises no signal (threads), waits at most
 * connect_timeout_s to connect and timeout_s in all, and collects the
 * answer into a strbuf whose maximum caps it. What stays with the callers:
 * the exchange pins a peer's TLS key; the CLI sends its token and keeps one
 * connection for all its requests.
 *
 * TLS trust, first match wins:
 * - tls_pin ("sha256//BASE64", libcurl's pin form): the server's public key
 *   must hash to it; the certificate is self-signed, so no CA is asked;
 * - tls_unchecked: nothing is checked (pairing's first look at a peer,
 *   whose answer is trusted only through the signatures in it);
 * - otherwise the system's CAs, and ca_file's too if it is set.
 *
 * Lifecycle: a program calls net_global_init() once before any thread
 * makes a request (curl then allocates through core/alloc.h), and
 * net_global_cleanup() at the end; net_open -> net_perform ... -> net_free.
 * A struct net is used by one thread at a time.
 */
#ifndef RICS_NET_NET_H
#define RICS_NET_NET_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

struct curl_slist;

/* Request headers. Zero-initialise; net_headers_release frees. */
struct net_headers {
	struct curl_slist *list;
};

/* Add "name: value"; an empty value removes a header curl would send by
 * itself ("Expect"). RICS_E_INVALID if either holds CR or LF (a header
 * smuggled into the request), or name a colon. The line is wiped from
 * memory this module owns after it is copied: it may hold a token. */
int net_header_add(struct net_headers *h, const char *name, const char *value);
void net_headers_release(struct net_headers *h);

struct net_request {
	const char *method; /* NULL: GET without a body, POST with one */
	const char *url;
	const struct net_headers *headers; /* NULL: none */
	const char *body;                  /* NULL: none */
	size_t body_len;
	const char *user_agent;
	long connect_timeout_s, timeout_s;
	const char *tls_pin; /* see above; NULL or "" for none */
	bool tls_unchecked;
	const char *ca_file; /* NULL: the system's CAs only */
};

struct net;

int net_global_init(void);
void net_global_cleanup(void);

int net_open(struct net **out);
void net_free(struct net *n);

/*
 * Send r over n (an open connection to the same server is reused) and
 * append the answer's body to answer. Returns 0 when the server answered,
 * whatever the status, and sets *status. Otherwise err says why in curl's
 * words and the code says what: RICS_E_TOO_LARGE, the answer passed
 * answer's maximum; -ECONNREFUSED, nothing listens there; -ETIMEDOUT, no
 * answer in time; -ENOMEM; -EIO, anything else (name resolution, TLS, a
 * broken connection).
 */
int net_perform(struct net *n, const struct net_request *r, struct strbuf *answer,
		struct strbuf *err, long *status);

/* net_perform on a connection of its own, closed after. */
int net_perform_once(const struct net_request *r, struct strbuf *answer, struct strbuf *err,
		     long *status);

#endif
