/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The node's HTTP server: the JSON API under /api/v1, /healthz and /metrics,
 * over libmicrohttpd with a pool of worker threads.
 *
 * Lifecycle: http_server_start() -> serve until http_server_stop(), which
 * stops accepting, lets in-flight requests finish and returns. The server
 * borrows the store, configuration and clock; they must outlive it.
 */
#ifndef RICS_HTTP_H
#define RICS_HTTP_H

#include "core/clock.h"
#include "core/config.h"
#include "core/strbuf.h"
#include "store/store.h"

struct http_server;
struct exchange_keys;

struct http_server_options {
	const struct rics_config *cfg;
	struct store *store;
	const struct rics_clock *clock; /* NULL: system clock */
	const struct exchange_keys *keys; /* the node's exchange keys, copied; NULL: no exchange */
};

/* On failure err says why (bad address, port in use, unreadable TLS files). */
int http_server_start(const struct http_server_options *opt, struct strbuf *err,
		      struct http_server **out);
/* The port actually bound (useful with port 0). */
unsigned http_server_port(const struct http_server *srv);
/* Accepts NULL. */
void http_server_stop(struct http_server *srv);

#endif
