/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The one way `rics` talks to a node: JSON over HTTP(S) with libcurl.
 *
 * client_open() decides which node and which credentials to use:
 * - the node: opt->url, else $RICS_URL, else the login session's node, else
 *   http://127.0.0.1:8080;
 * - the bearer token: opt->token, else $RICS_TOKEN, else the login session's
 *   token, but only when the session was made for that same node, so a
 *   session is never sent to another server.
 * Redirects are not followed (they would carry the token elsewhere), only
 * http and https are spoken, and $RICS_CA_FILE adds a CA bundle for https.
 *
 * A failure leaves its message in client_error(): for an error answer that
 * is the problem+json "detail" the node wrote; for a transport failure, what
 * went wrong and where. The client never prints.
 *
 * Lifecycle: client_open -> client_call ... -> client_free (accepts NULL).
 */
#ifndef RICS_CLI_CLIENT_H
#define RICS_CLI_CLIENT_H

#include "core/strbuf.h"

#include <jansson.h>
#include <stdbool.h>

#define CLIENT_DEFAULT_URL "http://127.0.0.1:8080"

struct client_options {
	const char *url;   /* --url, or NULL */
	const char *token; /* --token, or NULL */
	bool anonymous;    /* send no credentials (rics login) */
};

struct client;

/* On failure err says why: no credentials for that node, a bad URL, a
 * session file that cannot be trusted. */
int client_open(const struct client_options *opt, struct strbuf *err, struct client **out);
void client_free(struct client *c);

/* The node's base URL, without a trailing slash. */
const char *client_url(const struct client *c);
/* Use token from now on (after a login). */
int client_set_token(struct client *c, const char *token);

/*
 * Send method to path ("/api/v1/...", already escaped) with body (NULL for
 * none). On a 2xx answer returns 0 and, if out is not NULL, sets *out to the
 * answer's JSON (NULL for an empty answer). Otherwise returns the RICS_E_
 * code for the HTTP status (RICS_E_NOT_FOUND for 404, ...) or a negative
 * errno for a transport failure, and client_error() says why.
 */
int client_call(struct client *c, const char *method, const char *path, json_t *body, json_t **out);

/* The same with the rarer parts of a request. */
struct client_request {
	const char *method;
	const char *path;
	json_t *body;         /* NULL: none */
	const char *if_match; /* If-Match header (a record's version), or NULL */
	const char *raw;      /* instead of body: bytes sent as they are */
	size_t raw_len;
	const char *content_type; /* of raw (default application/octet-stream) */
};
int client_request(struct client *c, const struct client_request *r, json_t **out);
const char *client_error(const struct client *c);
/* The HTTP status of the last answer; 0 if there was none. */
long client_status(const struct client *c);

/* Append s percent-encoded, for a path segment or a query value. */
int client_escape(struct strbuf *sb, const char *s);

#endif
