// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * libmicrohttpd glue: accept a request, gather its body up to the size
 * limit, find its route, resolve its principal, run its handler, and turn
 * any error into a problem reply. Worker threads come from MHD's thread
 * pool; a handler blocks its worker while the store commits, which is what
 * lets concurrent writes share one commit (see store_sqlite.c).
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Match path against pattern, capturing {x} segments into params. */
/* MHD's decoding, except that a decoded NUL ("%00") would silently cut
 * the string short where handlers read it ("/ui/index.html%00.js" would
 * name index.html): it becomes DEL, which no route, name or field accepts. */
static size_t unescape_url(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	size_t n = MHD_http_unescape(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			s[i] = 0x7f;
	return n;
}

static bool route_match(const char *pattern, const char *path,
			char params[ROUTE_PARAMS_MAX][128])
{
	int np = 0;
	while (*pattern && *path) {
		if (*pattern == '{') {
			size_t n = strcspn(path, "/");
			if (n == 0 || n >= 128 || np == ROUTE_PARAMS_MAX)
				return false;
			memcpy(params[np], path, n);
			params[np++][n] = '\0';
			path += n;
			pattern = strchr(pattern, '}');
			if (!pattern)
				return false;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return *pattern == '\0' && *path == '\0';
}

static int pattern_params(const char *pattern)
{
	int n = 0;
	for (; *pattern; pattern++)
		n += *pattern == '{';
	return n;
}

/*
 * The route for req; RICS_E_NOT_FOUND or RICS_E_METHOD if none. Of the
 * patterns that match the path, the most literal ones win (fewest {x}
 * segments), so /api/v1/auth/login is never read as /api/v1/{type}/{id};
 * among those the method decides, and HEAD is answered as GET.
 */
static int route_find(struct request *req)
{
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	char params[ROUTE_PARAMS_MAX][128], allow[64] = "";
	int best = ROUTE_PARAMS_MAX + 1;

	for (const struct route *r = http_routes; r->method; r++)
		if (pattern_params(r->pattern) < best && route_match(r->pattern, req->url, params))
			best = pattern_params(r->pattern);
	for (const struct route *r = http_routes; r->method; r++) {
		if (pattern_params(r->pattern) != best || !route_match(r->pattern, req->url, params))
			continue;
		if (strcmp(r->method, method) == 0) {
			req->route = r;
			memcpy(req->params, params, sizeof params);
			return 0;
		}
		size_t n = strlen(allow);
		snprintf(allow + n, sizeof allow - n, "%s%s", n ? ", " : "", r->method);
	}
	if (allow[0]) {
		req_add_header(req, "Allow", allow);
		strbuf_addf(&req->detail, "%s is not allowed on %s (allowed: %s)", req->method,
			    req->url, allow);
		return RICS_E_METHOD;
	}
	strbuf_addf(&req->detail, "no resource at %s", req->url);
	return RICS_E_NOT_FOUND;
}

/* While a first login's password is unchanged, only these are open. */
static bool allowed_before_password_change(const struct request *req)
{
	return req->route->handle == api_me || req->route->handle == api_logout ||
	       req->route->handle == api_users_password;
}

static int dispatch(struct request *req)
{
	int rc = route_find(req);
	if (rc)
		return rc;
	if (req->body_too_large) {
		strbuf_addf(&req->detail, "request body exceeds the limit of %zu bytes",
			    req->srv->cfg.max_body);
		return RICS_E_TOO_LARGE;
	}
	if (req->route->auth == AUTH_REQUIRED) {
		rc = auth_resolve(req);
		if (rc)
			return rc;
		rc = auth_check_csrf(req);
		if (rc)
			return rc;
		if (req->must_change_password && !allowed_before_password_change(req)) {
			strbuf_adds(&req->detail, "the password must be changed first: POST "
						  "/api/v1/users/{name}/password");
			return RICS_E_FORBIDDEN;
		}
	}
	return req->route->handle(req);
}

static void remote_address(struct request *req)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(req->remote, sizeof req->remote, "unknown");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)ci->client_addr;
		inet_ntop(AF_INET, &a->sin_addr, req->remote, sizeof req->remote);
	} else if (ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)ci->client_addr;
		inet_ntop(AF_INET6, &a->sin6_addr, req->remote, sizeof req->remote);
	}
}

/* Answer 413 before reading a body whose declared length is over the limit;
 * MHD then closes the connection instead of reading it. */
static enum MHD_Result refuse_if_too_large(struct request *req)
{
	const char *cl = req_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;
	if (!cl)
		return MHD_YES;
	errno = 0;
	n = strtoull(cl, &end, 10);
	if (errno || end == cl || *end || n <= req->srv->cfg.max_body)
		return MHD_YES;
	req->body_too_large = true;
	strbuf_addf(&req->detail, "request body of %llu bytes exceeds the limit of %zu bytes", n,
		    req->srv->cfg.max_body);
	return problem_reply(req, RICS_E_TOO_LARGE) ? MHD_NO : MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct request *req = *con_cls;
	int rc;

	(void)version;
	if (!req) {
		req = rics_calloc(1, sizeof *req);
		if (!req)
			return MHD_NO;
		req->srv = srv;
		req->conn = conn;
		req->method = method;
		req->url = url;
		req->started_ns = now_ns();
		strbuf_init(&req->body, srv->cfg.max_body);
		strbuf_init(&req->detail, 4096);
		atomic_fetch_add(&srv->in_flight, 1);
		remote_address(req);
		*con_cls = req;
		return refuse_if_too_large(req);
	}
	if (*upload_size) {
		/* keep reading an oversized body so the client sees our answer */
		if (!req->body_too_large && strbuf_add(&req->body, upload_data, *upload_size))
			req->body_too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (req->replied)
		return MHD_YES;
	rc = dispatch(req);
	if (rc || !req->replied)
		rc = problem_reply(req, rc ? rc : RICS_E_STORE);
	return rc ? MHD_NO : MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct request *req = *con_cls;
	(void)conn;
	(void)toe;
	if (!req)
		return;
	if (req->replied)
		metrics_observe(srv->metrics, req->route ? req->route->pattern : "unmatched",
				req->status, (double)(now_ns() - req->started_ns) / 1e9);
	strbuf_release(&req->body);
	strbuf_release(&req->detail);
	rics_free(req);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* The number before a run's first event: its start time in ms, times 1024.
   A later run starts above every number of an earlier one unless that one
   published more than 1024 events a millisecond, on average, while up; and
   a browser, which may parse ids as numbers, keeps them exact (< 2^53). */
static uint64_t event_run_base(int64_t now_ms)
{
	return now_ms > 0 ? (uint64_t)now_ms << 10 : 0;
}

static int read_file(const char *path, char **out, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[4096];
	size_t n;
	if (!f) {
		strbuf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return -errno;
	}
	strbuf_init(&sb, 1 << 20);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (strbuf_add(&sb, buf, n)) {
			fclose(f);
			strbuf_release(&sb);
			strbuf_addf(err, "'%s' is too large", path);
			return RICS_E_TOO_LARGE;
		}
	fclose(f);
	*out = strbuf_detach(&sb, NULL);
	return *out ? 0 : -ENOMEM;
}

/* The pin peers check the certificate against, signed so that the
 * fingerprint compared at pairing covers it. */
static int tls_pin(struct http_server *srv, struct strbuf *err)
{
	int rc = exchange_tls_pin(srv->tls_cert, srv->tls_pin);
	if (rc) {
		strbuf_addf(err, "'%s' holds no PEM certificate", srv->cfg.tls_cert);
		return rc;
	}
	return srv->has_keys ? exchange_tls_pin_sign(&srv->keys, srv->tls_pin, srv->tls_pin_sig)
			     : 0;
}

static int listen_address(const struct rics_config *cfg, struct sockaddr_storage *ss,
			  unsigned *flags, struct strbuf *err)
{
	memset(ss, 0, sizeof *ss);
	if (strchr(cfg->listen, ':')) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)cfg->port);
		if (inet_pton(AF_INET6, cfg->listen, &a->sin6_addr) == 1) {
			*flags |= MHD_USE_IPv6;
			return 0;
		}
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)cfg->port);
		if (inet_pton(AF_INET, cfg->listen, &a->sin_addr) == 1)
			return 0;
	}
	strbuf_addf(err, "listen address '%s' is not an IPv4 or IPv6 address", cfg->listen);
	return RICS_E_INVALID;
}

/* Every 15 s, wake the event streams so idle ones send a keep-alive (and
 * find out if their client went away). */
static void *ticker_main(void *arg)
{
	struct http_server *srv = arg;
	pthread_mutex_lock(&srv->tick_lock);
	while (!atomic_load(&srv->stopping)) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 15;
		pthread_cond_timedwait(&srv->tick_cond, &srv->tick_lock, &until);
		pthread_mutex_unlock(&srv->tick_lock);
		event_bus_wake_all(srv->events);
		pthread_mutex_lock(&srv->tick_lock);
	}
	pthread_mutex_unlock(&srv->tick_lock);
	return NULL;
}

int http_server_start(const struct http_server_options *opt, struct strbuf *err,
		      struct http_server **out)
{
	struct http_server *srv = rics_calloc(1, sizeof *srv);
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
			 MHD_ALLOW_SUSPEND_RESUME;
	const union MHD_DaemonInfo *di;
	int rc;

	if (!srv)
		return -ENOMEM;
	srv->cfg = *opt->cfg;
	srv->store = opt->store;
	srv->clock = opt->clock ? opt->clock : &rics_clock_system;
	if (opt->keys) {
		srv->keys = *opt->keys;
		srv->has_keys = true;
	}
	rc = store_node_self(srv->store, &srv->node);
	if (rc) {
		strbuf_adds(err, "the data directory holds no node: run 'rics init' first");
		goto fail;
	}
	rc = policy_password_hash("no user has this password", srv->dummy_hash);
	if (rc)
		goto fail;
	rc = screen_service_open(srv->store, &srv->screen);
	if (rc) {
		strbuf_addf(err, "cannot build the screening index: %s", rics_strerror(rc));
		goto fail;
	}
	rc = metrics_new(&srv->metrics);
	if (!rc) /* each run numbers its events after the last run's (events.h) */
		rc = event_bus_new(4096, event_run_base(rics_clock_now(srv->clock)), &srv->events);
	if (rc)
		goto fail;
	if (srv->has_keys) {
		struct exchange_sender_options so = {
			.store = srv->store, .keys = &srv->keys, .node_id = srv->node.id,
			.batch_max = 200, .base_ms = 1000, .max_ms = 60000, .timeout_s = 10,
			.poll_ms = 200, .events = srv->events,
		};
		if ((rc = exchange_sender_start(&so, &srv->sender)) != 0)
			goto fail;
	}
	pthread_mutex_init(&srv->tick_lock, NULL);
	pthread_cond_init(&srv->tick_cond, NULL);
	rc = listen_address(&srv->cfg, &ss, &flags, err);
	if (rc)
		goto fail;
	if (srv->cfg.tls_cert[0] || srv->cfg.tls_key[0]) {
		rc = read_file(srv->cfg.tls_cert, &srv->tls_cert, err);
		if (!rc)
			rc = read_file(srv->cfg.tls_key, &srv->tls_key, err);
		if (rc || (rc = tls_pin(srv, err)))
			goto fail;
		flags |= MHD_USE_TLS;
	}
	srv->daemon = MHD_start_daemon(
		flags, (uint16_t)srv->cfg.port, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads,
		MHD_OPTION_CONNECTION_LIMIT, srv->cfg.max_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, 60u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape_url, NULL,
		/* without TLS the list ends here and the key pair below is never read */
		srv->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, srv->tls_cert,
		MHD_OPTION_HTTPS_MEM_KEY, srv->tls_key,
		MHD_OPTION_END);
	if (!srv->daemon) {
		strbuf_addf(err, "cannot listen on %s port %u (in use, or TLS files invalid)",
			    srv->cfg.listen, srv->cfg.port);
		rc = -EADDRINUSE;
		goto fail;
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : srv->cfg.port;
	if (pthread_create(&srv->ticker, NULL, ticker_main, srv) != 0) {
		strbuf_adds(err, "cannot start the heartbeat thread");
		rc = -EAGAIN;
		goto fail;
	}
	srv->ticker_running = true;
	*out = srv;
	return 0;
fail:
	http_server_stop(srv);
	return rc;
}

unsigned http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void http_server_stop(struct http_server *srv)
{
	if (!srv)
		return;
	atomic_store(&srv->stopping, true);
	if (srv->ticker_running) {
		pthread_mutex_lock(&srv->tick_lock);
		pthread_cond_signal(&srv->tick_cond);
		pthread_mutex_unlock(&srv->tick_lock);
		pthread_join(srv->ticker, NULL);
	}
	if (srv->events)
		event_bus_wake_all(srv->events); /* suspended streams resume and end */
	if (srv->daemon) {
		/* stop accepting, then wait for the workers: in-flight requests finish */
		MHD_socket listener = MHD_quiesce_daemon(srv->daemon);
		if (listener != MHD_INVALID_SOCKET)
			close(listener); /* new connections are refused, not left hanging */
		/* at most 5 s for requests in flight; idle keep-alive connections
		 * do not hold the stop up */
		for (int i = 0; i < 500 && atomic_load(&srv->in_flight) > 0; i++) {
			struct timespec tick = { 0, 10 * 1000 * 1000 };
			nanosleep(&tick, NULL);
		}
		MHD_stop_daemon(srv->daemon);
	}
	exchange_sender_stop(srv->sender); /* after the workers: none kicks it any more */
	metrics_free(srv->metrics);
	screen_service_free(srv->screen);
	event_bus_free(srv->events);
	if (srv->events) {
		pthread_mutex_destroy(&srv->tick_lock);
		pthread_cond_destroy(&srv->tick_cond);
	}
	rics_free(srv->tls_cert);
	rics_free(srv->tls_key);
	exchange_keys_wipe(&srv->keys);
	rics_free(srv);
}
