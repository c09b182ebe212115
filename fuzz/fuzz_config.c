// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for rics.conf parsing (core/config.h): the input is the text
 * of a configuration file.
 *
 * Besides memory safety it checks the contract: a refused file gets a
 * reason, and a reason that names the line when the text has no NUL; an
 * accepted one leaves every setting inside the range the key table allows,
 * and writing the settings back out as a rics.conf reads back the same.
 */
#include "fuzz.h"

#include "core/config.h"
#include "core/error.h"

#include <inttypes.h>
#include <string.h>

static void check_ranges(const struct rics_config *c)
{
	FUZZ_CHECK(memchr(c->listen, '\0', sizeof c->listen), "listen is not terminated");
	FUZZ_CHECK(memchr(c->tls_cert, '\0', sizeof c->tls_cert), "tls_cert is not terminated");
	FUZZ_CHECK(memchr(c->tls_key, '\0', sizeof c->tls_key), "tls_key is not terminated");
	FUZZ_CHECK(c->port >= 1 && c->port <= 65535, "port %u", c->port);
	FUZZ_CHECK(c->threads >= 1 && c->threads <= 256, "threads %u", c->threads);
	FUZZ_CHECK(c->max_body >= 1024 && c->max_body <= (size_t)1 << 30, "max_body %zu",
		   c->max_body);
	FUZZ_CHECK(c->max_connections >= 1 && c->max_connections <= 100000, "max_connections %u",
		   c->max_connections);
	FUZZ_CHECK(c->session_ttl_s >= 60 && c->session_ttl_s <= 30 * 86400, "session_ttl %" PRId64,
		   c->session_ttl_s);
	FUZZ_CHECK(c->lockout_attempts >= 1 && c->lockout_attempts <= 1000, "lockout_attempts %u",
		   c->lockout_attempts);
	FUZZ_CHECK(c->lockout_s >= 1 && c->lockout_s <= 30 * 86400, "lockout_time %" PRId64,
		   c->lockout_s);
	FUZZ_CHECK(c->page_max >= 1 && c->page_max <= 10000, "page_max %u", c->page_max);
}

/* The settings as a rics.conf, every key once. */
static void write_back(const struct rics_config *c, struct strbuf *out)
{
	strbuf_addf(out, "listen = %s\nport = %u\nthreads = %u\n", c->listen, c->port, c->threads);
	strbuf_addf(out, "tls_cert = %s\ntls_key = %s\n", c->tls_cert, c->tls_key);
	strbuf_addf(out, "max_body = %zu\nmax_connections = %u\n", c->max_body, c->max_connections);
	strbuf_addf(out, "session_ttl = %" PRId64 "s\nlockout_attempts = %u\n", c->session_ttl_s,
		    c->lockout_attempts);
	strbuf_addf(out, "lockout_time = %" PRId64 "\npage_max = %u\n", c->lockout_s, c->page_max);
}

static void check_same(const struct rics_config *a, const struct rics_config *b)
{
	FUZZ_CHECK(strcmp(a->listen, b->listen) == 0, "listen '%s' reads back as '%s'", a->listen,
		   b->listen);
	FUZZ_CHECK(strcmp(a->tls_cert, b->tls_cert) == 0, "tls_cert '%s' reads back as '%s'",
		   a->tls_cert, b->tls_cert);
	FUZZ_CHECK(strcmp(a->tls_key, b->tls_key) == 0, "tls_key '%s' reads back as '%s'",
		   a->tls_key, b->tls_key);
	FUZZ_CHECK(a->port == b->port && a->threads == b->threads && a->max_body == b->max_body &&
			   a->max_connections == b->max_connections &&
			   a->session_ttl_s == b->session_ttl_s &&
			   a->lockout_attempts == b->lockout_attempts &&
			   a->lockout_s == b->lockout_s && a->page_max == b->page_max,
		   "a number reads back differently");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rics_config cfg, again;
	struct strbuf err, text;
	int rc;

	/* the error buffer is sized as ricsd sizes it */
	strbuf_init(&err, 1024);
	strbuf_init(&text, 0);
	rics_config_defaults(&cfg);
	rc = rics_config_parse(&cfg, (const char *)data, size, &err);
	if (rc != 0) {
		FUZZ_CHECK(rc == RICS_E_INVALID, "rc %d", rc);
		FUZZ_CHECK(err.len > 0, "refused without a reason");
		if (!memchr(data, '\0', size)) {
			unsigned line;
			int at = 0;

			FUZZ_CHECK(sscanf(err.buf, "line %u: %n", &line, &at) == 1 && at > 0,
				   "the reason does not name the line: '%s'", err.buf);
			FUZZ_CHECK(err.buf[at] != '\0', "line %u is refused without a reason",
				   line);
		}
		goto out;
	}
	check_ranges(&cfg);
	write_back(&cfg, &text);
	strbuf_reset(&err);
	rics_config_defaults(&again);
	rc = rics_config_parse(&again, text.buf, text.len, &err);
	FUZZ_CHECK(rc == 0, "the settings written back are refused: %s\n%s", err.buf, text.buf);
	check_same(&cfg, &again);
out:
	strbuf_release(&err);
	strbuf_release(&text);
	return 0;
}
