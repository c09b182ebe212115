// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The HTTP client of `rics` over libcurl: resolving node and credentials,
 * one request at a time, problem+json answers turned into their detail.
 * curl allocates through the RICS allocation wrapper, like everything else.
 * The rules are in client.h.
 */
#include "cli/client.h"

#include "cli/session.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"

#include <curl/curl.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_MAX ((size_t)64 << 20)

struct client {
	CURL *curl;
	char *url;
	char *token;
	char *ca_file;
	long status;
	struct strbuf answer;
	struct strbuf error;
	char curl_error[CURL_ERROR_SIZE];
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

	if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, rics_malloc, rics_free, rics_realloc,
				 rics_strdup, rics_calloc) != CURLE_OK) {
		strbuf_adds(err, "libcurl failed to initialise");
		return -ENOMEM;
	}
	c = rics_calloc(1, sizeof *c);
	if (!c) {
		curl_global_cleanup();
		return -ENOMEM;
	}
	strbuf_init(&c->answer, ANSWER_MAX);
	strbuf_init(&c->error, 4096);
	c->curl = curl_easy_init();
	rc = c->curl ? resolve(c, opt, err) : -ENOMEM;
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
	curl_easy_cleanup(c->curl);
	if (c->token)
		sodium_memzero(c->token, strlen(c->token));
	rics_free(c->token);
	rics_free(c->url);
	rics_free(c->ca_file);
	strbuf_release(&c->answer);
	strbuf_release(&c->error);
	rics_free(c);
	curl_global_cleanup();
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

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct strbuf *sb = arg;
	/* a short count makes curl fail the transfer with CURLE_WRITE_ERROR */
	return strbuf_add(sb, data, size * n) ? 0 : size * n;
}

static int add_header(struct curl_slist **list, const char *h)
{
	struct curl_slist *l = curl_slist_append(*list, h);
	if (!l)
		return -ENOMEM;
	*list = l;
	return 0;
}

static int build_headers(const struct client *c, const struct client_request *r,
			 struct curl_slist **out)
{
	struct strbuf line;
	int rc;

	strbuf_init(&line, 0);
	rc = add_header(out, "Accept: application/json, application/problem+json");
	if (!rc && r->body)
		rc = add_header(out, "Content-Type: application/json");
	if (!rc && r->raw && !strpbrk(r->content_type ? r->content_type : "", "\r\n")) {
		rc = strbuf_addf(&line, "Content-Type: %s",
				 r->content_type ? r->content_type : "application/octet-stream");
		if (!rc)
			rc = add_header(out, line.buf);
		strbuf_reset(&line);
	}
	if (!rc && r->if_match && !strpbrk(r->if_match, "\r\n")) {
		rc = strbuf_addf(&line, "If-Match: %s", r->if_match);
		if (!rc)
			rc = add_header(out, line.buf);
		strbuf_reset(&line);
	}
	if (!rc) /* no "Expect: 100-continue" round trip for larger bodies */
		rc = add_header(out, "Expect:");
	if (!rc && c->token) {
		rc = strbuf_addf(&line, "Authorization: Bearer %s", c->token);
		if (!rc)
			rc = add_header(out, line.buf);
		sodium_memzero(line.buf, line.len);
	}
	strbuf_release(&line);
	return rc;
}

static void set_options(struct client *c, const char *url, const char *method, const char *body,
			size_t body_len, struct curl_slist *headers)
{
	CURL *h = c->curl;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "rics/" RICS_VERSION);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->curl_error);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &c->answer);
	if (c->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		return;
	}
	if (strcmp(method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (body || strcmp(method, "POST") == 0) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(body ? body_len : 0));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
	}
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

static int transport_error(struct client *c, CURLcode cc)
{
	if (cc == CURLE_WRITE_ERROR) {
		strbuf_addf(&c->error, "answer of the node '%s' is larger than %zu MiB", c->url,
			    ANSWER_MAX >> 20);
		return RICS_E_TOO_LARGE;
	}
	strbuf_addf(&c->error, "cannot reach the node '%s': %s%s", c->url,
		    c->curl_error[0] ? c->curl_error : curl_easy_strerror(cc),
		    cc == CURLE_COULDNT_CONNECT ? " (is ricsd running there?)" : "");
	return cc == CURLE_OUT_OF_MEMORY ? -ENOMEM : -EIO;
}

int client_call(struct client *c, const char *method, const char *path, json_t *body, json_t **out)
{
	struct client_request r = { .method = method, .path = path, .body = body };
	return client_request(c, &r, out);
}

int client_request(struct client *c, const struct client_request *r, json_t **out)
{
	struct curl_slist *headers = NULL;
	struct strbuf url;
	char *text = NULL;
	CURLcode cc;
	int rc;

	strbuf_init(&url, 0);
	strbuf_reset(&c->answer);
	strbuf_reset(&c->error);
	c->status = 0;
	c->curl_error[0] = '\0';
	if ((r->body && !(text = json_dumps(r->body, JSON_COMPACT))) ||
	    strbuf_addf(&url, "%s%s", c->url, r->path) || build_headers(c, r, &headers)) {
		strbuf_adds(&c->error, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	if (r->raw)
		set_options(c, url.buf, r->method, r->raw, r->raw_len, headers);
	else
		set_options(c, url.buf, r->method, text, text ? strlen(text) : 0, headers);
	cc = curl_easy_perform(c->curl);
	if (cc != CURLE_OK) {
		rc = transport_error(c, cc);
		goto out;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &c->status);
	rc = answer(c, out);
out:
	if (text) /* it may hold a password */
		sodium_memzero(text, strlen(text));
	rics_free(text);
	curl_slist_free_all(headers);
	strbuf_release(&url);
	return rc;
}
