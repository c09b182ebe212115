// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The HTTP client of `rics` over libcurl: resolving node and credentials,
 * one request at a time, problem+json answers turned into their detail.
 * The request itself (libcurl, allocating through the RICS allocation
 * wrapper like everything else) is net/net.h's. The rules are in client.h.
 */
#include "cli/client.h"

#include "cli/session.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "net/net.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_MAX ((size_t)64 << 20)

struct client {
	struct net *net;
	char *url;
	char *token;
	char *ca_file;
	long status;
	struct strbuf answer;
	struct strbuf error;
};

/* ---- which node, which token ---- */

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* The base URL without trailing slashes; http:// or https:// only. */
static int set_url(struct client *c, const char *url, struct strbuf *err)
{
	size_t n = strlen(url);
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
		strbuf_addf(err, "node URL '%s' is not an http:// or https:// URL", url);
		return RICS_E_INVALID;
	}
	while (n > 8 && url[n - 1] == '/')
		n--;
	c->url = rics_strndup(url, n);
	return c->url ? 0 : -ENOMEM;
}

static bool same_node(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	while (na && a[na - 1] == '/')
		na--;
	while (nb && b[nb - 1] == '/')
		nb--;
	return na == nb && strncmp(a, b, na) == 0;
}

/* The session's token, if it was made for c->url and has not expired. */
static int token_from_session(struct client *c, json_t *s, struct strbuf *err)
{
	const char *url = json_string_value(json_object_get(s, "url"));
	const char *expires = json_string_value(json_object_get(s, "expires_at"));
	int64_t at;

	if (!s) {
		strbuf_addf(err, "not logged in to '%s': run 'rics login USER' or set RICS_TOKEN",
			    c->url);
		return RICS_E_UNAUTHORIZED;
	}
	if (!same_node(url, c->url)) {
		strbuf_addf(err,
			    "not logged in to '%s' (the session is for '%s'): run "
			    "'rics login --url %s USER'",
			    c->url, url, c->url);
		return RICS_E_UNAUTHORIZED;
	}
	if (expires && rics_time_parse(expires, &at) == 0 &&
	    at <= rics_clock_now(&rics_clock_system)) {
		strbuf_addf(err, "the login session for '%s' expired at %s: run 'rics login USER'",
			    c->url, expires);
		return RICS_E_UNAUTHORIZED;
	}
	return client_set_token(c, json_string_value(json_object_get(s, "token")));
}

/* Load the session file unless the options say all there is to say. */
static int load_session(const struct client_options *opt, struct strbuf *err, json_t **out)
{
	struct strbuf path;
	int rc;

	*out = NULL;
	if ((opt->url || env("RICS_URL")) && (opt->anonymous || opt->token || env("RICS_TOKEN")))
		return 0;
	strbuf_init(&path, 0);
	rc = session_path(&path, err);
	if (!rc)
		rc = session_load(path.buf, err, out);
	strbuf_release(&path);
	/* no session file, or no place for one: not an error by itself */
	if (rc == RICS_E_NOT_FOUND) {
		strbuf_reset(err);
		rc = 0;
	}
	return rc;
}

static int resolve(struct client *c, const struct client_options *opt, struct strbuf *err)
{
	json_t *s = NULL;
	const char *url;
	int rc = load_session(opt, err, &s);

	if (rc)
		return rc;
	url = opt->url ? opt->url : env("RICS_URL");
	if (!url)
		url = s ? json_string_value(json_object_get(s, "url")) : CLIENT_DEFAULT_URL;
	if ((rc = set_url(c, url, err)) != 0)
		goto out;
	if (opt->anonymous)
		goto out;
	if (opt->token || env("RICS_TOKEN"))
		rc = client_set_token(c, opt->token ? opt->token : env("RICS_TOKEN"));
	else
		rc = token_from_session(c, s, err);
out:
	json_decref(s);
	return rc;
}

/* ---- lifecycle ---- */

int client_open(const struct client_options *opt, struct strbuf *err, struct client **out)
{
	struct client *c;
	int rc;

	if (net_global_init()) {
		strbuf_adds(err, "libcurl failed to initialise");
		return -ENOMEM;
	}
	c = rics_calloc(1, sizeof *c);
	if (!c) {
		net_global_cleanup();
		return -ENOMEM;
	}
	strbuf_init(&c->answer, ANSWER_MAX);
	strbuf_init(&c->error, 4096);
	rc = net_open(&c->net);
	if (!rc)
		rc = resolve(c, opt, err);
	if (!rc && env("RICS_CA_FILE") && !(c->ca_file = rics_strdup(env("RICS_CA_FILE"))))
		rc = -ENOMEM;
	if (rc) {
		if (rc == -ENOMEM && !err->len)
			strbuf_adds(err, "out of memory");
		client_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void client_free(struct client *c)
{
	if (!c)
		return;
	net_free(c->net);
	if (c->token)
		sodium_memzero(c->token, strlen(c->token));
	rics_free(c->token);
	rics_free(c->url);
	rics_free(c->ca_file);
	strbuf_release(&c->answer);
	strbuf_release(&c->error);
	rics_free(c);
	net_global_cleanup();
}

const char *client_url(const struct client *c)
{
	return c->url;
}

int client_set_token(struct client *c, const char *token)
{
	char *t = rics_strdup(token);
	if (!t)
		return -ENOMEM;
	if (c->token)
		sodium_memzero(c->token, strlen(c->token));
	rics_free(c->token);
	c->token = t;
	return 0;
}

const char *client_error(const struct client *c)
{
	return c->error.len ? c->error.buf : "unknown error";
}

long client_status(const struct client *c)
{
	return c->status;
}

int client_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && !rc; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			rc = strbuf_addch(sb, (char)*p);
		else
			rc = strbuf_addf(sb, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	return rc;
}

/* ---- requests ---- */

/* A header whose value holds CR or LF is left out rather than smuggled. */
static int optional_header(struct net_headers *h, const char *name, const char *value)
{
	int rc = net_header_add(h, name, value);
	return rc == RICS_E_INVALID ? 0 : rc;
}

static int bearer_header(const struct client *c, struct net_headers *h)
{
	struct strbuf line;
	int rc;

	strbuf_init(&line, 0);
	rc = strbuf_addf(&line, "Bearer %s", c->token);
	if (!rc)
		rc = net_header_add(h, "Authorization", line.buf);
	sodium_memzero(line.buf, line.len);
	strbuf_release(&line);
	return rc;
}

static int build_headers(const struct client *c, const struct client_request *r,
			 struct net_headers *h)
{
	int rc = net_header_add(h, "Accept", "application/json, application/problem+json");

	if (!rc && r->body)
		rc = net_header_add(h, "Content-Type", "application/json");
	if (!rc && r->raw)
		rc = optional_header(h, "Content-Type",
				     r->content_type ? r->content_type : "application/octet-stream");
	if (!rc && r->if_match)
		rc = optional_header(h, "If-Match", r->if_match);
	if (!rc) /* no "Expect: 100-continue" round trip for larger bodies */
		rc = net_header_add(h, "Expect", "");
	if (!rc && c->token)
		rc = bearer_header(c, h);
	return rc;
}

static int status_code(long status)
{
	switch (status) {
	case 400: return RICS_E_MALFORMED;
	case 401: return RICS_E_UNAUTHORIZED;
	case 403: return RICS_E_FORBIDDEN;
	case 404: return RICS_E_NOT_FOUND;
	case 405: return RICS_E_METHOD;
	case 409:
	case 412: return RICS_E_CONFLICT;
	case 413: return RICS_E_TOO_LARGE;
	case 422: return RICS_E_INVALID;
	case 423: return RICS_E_LOCKED;
	case 503: return RICS_E_BUSY;
	default: return -EPROTO;
	}
}

/* The message of an error answer: its problem+json detail, control
 * characters dropped (it ends up on a terminal). */
static int problem(struct client *c)
{
	json_t *p = json_loadb(c->answer.buf, c->answer.len, 0, NULL);
	const char *d = json_string_value(json_object_get(p, "detail"));

	if (!d)
		d = json_string_value(json_object_get(p, "title"));
	if (d) {
		for (; *d; d++)
			strbuf_addch(&c->error, (unsigned char)*d < 0x20 ? ' ' : *d);
	} else {
		strbuf_addf(&c->error, "the node answered HTTP %ld", c->status);
	}
	json_decref(p);
	return status_code(c->status);
}

static int answer(struct client *c, json_t **out)
{
	json_error_t e;
	json_t *v = NULL;

	if (c->status < 200 || c->status > 299)
		return problem(c);
	if (c->answer.len) {
		v = json_loadb(c->answer.buf, c->answer.len, 0, &e);
		if (!v) {
			strbuf_addf(&c->error, "the node sent malformed JSON: %s", e.text);
			return RICS_E_MALFORMED;
		}
	}
	if (out)
		*out = v;
	else
		json_decref(v);
	return 0;
}

static int transport_error(struct client *c, int rc, const struct strbuf *why)
{
	if (rc == RICS_E_TOO_LARGE) {
		strbuf_addf(&c->error, "answer of the node '%s' is larger than %zu MiB", c->url,
			    ANSWER_MAX >> 20);
		return rc;
	}
	strbuf_addf(&c->error, "cannot reach the node '%s': %s%s", c->url, why->buf,
		    rc == -ECONNREFUSED ? " (is ricsd running there?)" : "");
	return rc == -ENOMEM ? -ENOMEM : -EIO;
}

int client_call(struct client *c, const char *method, const char *path, json_t *body, json_t **out)
{
	struct client_request r = { .method = method, .path = path, .body = body };
	return client_request(c, &r, out);
}

static int perform(struct client *c, const struct client_request *r, const char *url,
		   const char *text, const struct net_headers *headers)
{
	struct net_request req = {
		.method = r->method, .url = url, .headers = headers,
		.body = r->raw ? r->raw : text,
		.body_len = r->raw ? r->raw_len : text ? strlen(text) : 0,
		.user_agent = "rics/" RICS_VERSION, .connect_timeout_s = 10, .timeout_s = 300,
		.ca_file = c->ca_file,
	};
	struct strbuf why;
	int rc;

	strbuf_init(&why, 4096);
	rc = net_perform(c->net, &req, &c->answer, &why, &c->status);
	if (rc)
		rc = transport_error(c, rc, &why);
	strbuf_release(&why);
	return rc;
}

int client_request(struct client *c, const struct client_request *r, json_t **out)
{
	struct net_headers headers = { 0 };
	struct strbuf url;
	char *text = NULL;
	int rc;

	strbuf_init(&url, 0);
	strbuf_reset(&c->answer);
	strbuf_reset(&c->error);
	c->status = 0;
	if ((r->body && !(text = json_dumps(r->body, JSON_COMPACT))) ||
	    strbuf_addf(&url, "%s%s", c->url, r->path) || build_headers(c, r, &headers)) {
		strbuf_adds(&c->error, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	rc = perform(c, r, url.buf, text, &headers);
	if (!rc)
		rc = answer(c, out);
out:
	if (text) /* it may hold a password */
		sodium_memzero(text, strlen(text));
	rics_free(text);
	net_headers_release(&headers);
	strbuf_release(&url);
	return rc;
}
