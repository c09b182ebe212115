// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The libcurl options every RICS request carries, written once: protocols,
 * timeouts, TLS trust (pin, unchecked or CA), headers, method and body, and
 * the answer collected into a capped strbuf. The rules are in net.h.
 */
#include "net/net.h"

#include "core/alloc.h"
#include "core/error.h"

#include <curl/curl.h>
#include <errno.h>
#include <sodium.h>
#include <string.h>

struct net {
	CURL *curl;
	char error[CURL_ERROR_SIZE];
};

int net_global_init(void)
{
	return curl_global_init_mem(CURL_GLOBAL_DEFAULT, rics_malloc, rics_free, rics_realloc,
				    rics_strdup, rics_calloc) == CURLE_OK ? 0 : -ENOMEM;
}

void net_global_cleanup(void)
{
	curl_global_cleanup();
}

int net_open(struct net **out)
{
	struct net *n = rics_calloc(1, sizeof *n);
	if (!n)
		return -ENOMEM;
	n->curl = curl_easy_init();
	if (!n->curl) {
		rics_free(n);
		return -ENOMEM;
	}
	*out = n;
	return 0;
}

void net_free(struct net *n)
{
	if (!n)
		return;
	curl_easy_cleanup(n->curl);
	rics_free(n);
}

int net_header_add(struct net_headers *h, const char *name, const char *value)
{
	struct strbuf line;
	struct curl_slist *l;
	int rc;

	if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
		return RICS_E_INVALID;
	strbuf_init(&line, 0);
	/* "Name:" with nothing after it is curl's way to drop a header */
	rc = *value ? strbuf_addf(&line, "%s: %s", name, value) : strbuf_addf(&line, "%s:", name);
	if (!rc) {
		l = curl_slist_append(h->list, line.buf);
		if (l)
			h->list = l;
		else
			rc = -ENOMEM;
	}
	sodium_memzero(line.buf, line.len);
	strbuf_release(&line);
	return rc;
}

void net_headers_release(struct net_headers *h)
{
	curl_slist_free_all(h->list);
	h->list = NULL;
}

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct strbuf *sb = arg;
	/* a short count makes curl fail the transfer with CURLE_WRITE_ERROR */
	return strbuf_add(sb, data, size * n) ? 0 : size * n;
}

static void set_tls(CURL *h, const struct net_request *r)
{
	if (r->tls_pin && *r->tls_pin)
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, r->tls_pin);
	else if (!r->tls_unchecked) {
		if (r->ca_file)
			curl_easy_setopt(h, CURLOPT_CAINFO, r->ca_file);
		return;
	}
	/* the pin is the trust anchor: the certificate is self-signed */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
}

static void set_method(CURL *h, const struct net_request *r)
{
	const char *method = r->method ? r->method : r->body ? "POST" : "GET";

	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		return;
	}
	if (strcmp(method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (r->body || strcmp(method, "POST") == 0) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(r->body ? r->body_len : 0));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body ? r->body : "");
	}
}

static void set_options(struct net *n, const struct net_request *r, struct strbuf *answer)
{
	CURL *h = n->curl;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, r->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, r->connect_timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, r->timeout_s);
	if (r->user_agent)
		curl_easy_setopt(h, CURLOPT_USERAGENT, r->user_agent);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, n->error);
	if (r->headers)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->headers->list);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, answer);
	set_tls(h, r);
	set_method(h, r);
}

static int transport_error(const struct net *n, CURLcode cc, const struct strbuf *answer,
			   struct strbuf *err)
{
	if (cc == CURLE_WRITE_ERROR) {
		strbuf_addf(err, "the answer is larger than %zu bytes", answer->max);
		return RICS_E_TOO_LARGE;
	}
	strbuf_adds(err, n->error[0] ? n->error : curl_easy_strerror(cc));
	switch (cc) {
	case CURLE_OUT_OF_MEMORY: return -ENOMEM;
	case CURLE_COULDNT_CONNECT: return -ECONNREFUSED;
	case CURLE_OPERATION_TIMEDOUT: return -ETIMEDOUT;
	default: return -EIO;
	}
}

int net_perform(struct net *n, const struct net_request *r, struct strbuf *answer,
		struct strbuf *err, long *status)
{
	long code = 0;
	CURLcode cc;

	n->error[0] = '\0';
	set_options(n, r, answer);
	cc = curl_easy_perform(n->curl);
	if (cc != CURLE_OK)
		return transport_error(n, cc, answer, err);
	curl_easy_getinfo(n->curl, CURLINFO_RESPONSE_CODE, &code);
	*status = code;
	return 0;
}

int net_perform_once(const struct net_request *r, struct strbuf *answer, struct strbuf *err,
		     long *status)
{
	struct net *n = NULL;
	int rc = net_open(&n);

	if (!rc)
		rc = net_perform(n, r, answer, err, status);
	net_free(n);
	return rc;
}
