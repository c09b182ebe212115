// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The exchange's one HTTP client call: GET a peer's identity or POST a batch
 * to its inbox, with timeouts so a dead peer costs a bounded wait. With a
 * TLS pin the peer's public key is checked instead of a certificate
 * authority: border nodes use self-signed certificates whose keys were
 * agreed at pairing. Pairing's first look at an identity checks no
 * certificate at all: only the signatures in it are trusted.
 */
#include "exchange/exchange.h"

#include "core/error.h"

#include <errno.h>

#include <curl/curl.h>
#include <string.h>

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct strbuf *sb = arg;
	return strbuf_add(sb, data, size * n) ? 0 : size * n;
}

/* unchecked: pairing's first look, whose answer is trusted only through
 * the signatures in it */
static void set_tls(CURL *h, const char *tls_pin, bool unchecked)
{
	if (tls_pin && *tls_pin)
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, tls_pin);
	else if (!unchecked)
		return;
	/* the pin is the trust anchor: the certificate is self-signed */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
}

static int http_call(const char *url, const char *tls_pin, bool unchecked, const char *body,
		     long timeout_s, long *status, struct strbuf *answer)
{
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	CURL *h = curl_easy_init();
	long code = 0;
	int rc = -ENOMEM;

	if (!h || !headers)
		goto out;
	curl_easy_setopt(h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s < 5 ? timeout_s : 5L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "ricsd/" RICS_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, answer);
	set_tls(h, tls_pin, unchecked);
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	}
	rc = curl_easy_perform(h) == CURLE_OK ? 0 : -EHOSTUNREACH;
	if (!rc) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		*status = code;
	}
out:
	curl_slist_free_all(headers);
	if (h)
		curl_easy_cleanup(h);
	return rc;
}

int exchange_http(const char *url, const char *tls_pin, const char *body, long timeout_s,
		  long *status, struct strbuf *answer)
{
	return http_call(url, tls_pin, false, body, timeout_s, status, answer);
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
		rc = http_call(url.buf, tls_pin, !tls_pin, NULL, 10, &status, &answer);
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
