// SPDX-License-Identifier: AGPL-3.0-or-later
/* rics.conf parsing; see config.h. One table lists every key. */
#include "core/config.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef RICS_UI_DIR /* the build names web/dist of the source tree */
#define RICS_UI_DIR "web/dist"
#endif

void rics_config_defaults(struct rics_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1");
	cfg->port = 8080;
	cfg->threads = 16; /* a handler waits for its commit: more threads, more writes per fsync */
	cfg->max_body = 1 << 20;
	cfg->max_connections = 1024;
	cfg->session_ttl_s = 8 * 3600;
	cfg->lockout_attempts = 5;
	cfg->lockout_s = 15 * 60;
	cfg->page_max = 500;
	cfg->exchange_approval_level = 2; /* CONFIDENTIAL */
	cfg->exchange_window_s = 5 * 60;
	cfg->cash_threshold = 10000;
	snprintf(cfg->ui_dir, sizeof cfg->ui_dir, "%s", RICS_UI_DIR);
}

enum conf_kind { CONF_STR, CONF_UINT, CONF_SIZE, CONF_SECONDS };

struct conf_key {
	const char *name;
	enum conf_kind kind;
	size_t offset;
	size_t size;      /* for strings */
	uint64_t min, max;
};

#define STR(f) CONF_STR, offsetof(struct rics_config, f), sizeof(((struct rics_config *)0)->f), 0, 0
#define NUM(k, f, lo, hi) k, offsetof(struct rics_config, f), 0, lo, hi

static const struct conf_key conf_keys[] = {
	{ "listen", STR(listen) },
	{ "port", NUM(CONF_UINT, port, 1, 65535) },
	{ "threads", NUM(CONF_UINT, threads, 1, 256) },
	{ "tls_cert", STR(tls_cert) },
	{ "tls_key", STR(tls_key) },
	{ "max_body", NUM(CONF_SIZE, max_body, 1024, 1ull << 30) },
	{ "max_connections", NUM(CONF_UINT, max_connections, 1, 100000) },
	{ "session_ttl", NUM(CONF_SECONDS, session_ttl_s, 60, 30 * 86400) },
	{ "lockout_attempts", NUM(CONF_UINT, lockout_attempts, 1, 1000) },
	{ "lockout_time", NUM(CONF_SECONDS, lockout_s, 1, 30 * 86400) },
	{ "page_max", NUM(CONF_UINT, page_max, 1, 10000) },
	{ "exchange_approval_level", NUM(CONF_UINT, exchange_approval_level, 0, 4) },
	{ "exchange_window", NUM(CONF_SECONDS, exchange_window_s, 10, 86400) },
	{ "contact", STR(contact) },
	{ "ui_dir", STR(ui_dir) },
	{ "cash_threshold", NUM(CONF_UINT, cash_threshold, 1, 1000000000) },
};

int rics_config_set(struct rics_config *cfg, const char *key, const char *value,
		    struct strbuf *err)
{
	const struct conf_key *k = NULL;
	char *end;
	unsigned long long v;

	for (size_t i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++)
		if (strcmp(conf_keys[i].name, key) == 0)
			k = &conf_keys[i];
	if (!k) {
		strbuf_addf(err, "unknown key '%.64s'", key);
		return RICS_E_INVALID;
	}
	char *field = (char *)cfg + k->offset;
	if (k->kind == CONF_STR) {
		if (strlen(value) >= k->size) {
			strbuf_addf(err, "value of '%s' is too long", key);
			return RICS_E_INVALID;
		}
		snprintf(field, k->size, "%s", value);
		return 0;
	}
	errno = 0;
	if (!*value || *value == '-' || *value == '+')
		goto bad;
	v = strtoull(value, &end, 10);
	if (errno || end == value)
		goto bad;
	if (k->kind == CONF_SECONDS && *end) {
		unsigned long long mult = *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600
			: *end == 'd' ? 86400 : 0;
		if (!mult || end[1] || v > UINT64_MAX / mult)
			goto bad;
		v *= mult;
		end++;
	}
	if (*end)
		goto bad;
	if (v < k->min || v > k->max) {
		strbuf_addf(err, "'%s' must be between %llu and %llu", key,
			    (unsigned long long)k->min, (unsigned long long)k->max);
		return RICS_E_INVALID;
	}
	switch (k->kind) {
	case CONF_UINT: *(unsigned *)(void *)field = (unsigned)v; break;
	case CONF_SIZE: *(size_t *)(void *)field = (size_t)v; break;
	case CONF_SECONDS: *(int64_t *)(void *)field = (int64_t)v; break;
	case CONF_STR: break;
	}
	return 0;
bad:
	strbuf_addf(err, "'%s' wants a number%s, got '%.64s'", key,
		    k->kind == CONF_SECONDS ? " of seconds (suffix s, m, h or d allowed)" : "",
		    value);
	return RICS_E_INVALID;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int rics_config_parse(struct rics_config *cfg, const char *text, size_t len,
		      struct strbuf *err)
{
	char *copy = rics_strndup(text, len), *line, *save = NULL;
	unsigned lineno = 0;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	if (strlen(copy) != len) {
		strbuf_adds(err, "configuration contains a NUL byte");
		rc = RICS_E_INVALID;
		goto out;
	}
	/* strsep keeps empty lines, so line numbers stay right */
	save = copy;
	while ((line = strsep(&save, "\n")) != NULL) {
		char *eq, *key, *value;
		lineno++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			strbuf_addf(err, "line %u: expected 'key = value'", lineno);
			rc = RICS_E_INVALID;
			goto out;
		}
		*eq = '\0';
		key = trim(line);
		value = trim(eq + 1);
		struct strbuf why;
		strbuf_init(&why, 1024);
		rc = rics_config_set(cfg, key, value, &why);
		if (rc)
			strbuf_addf(err, "line %u: %s", lineno, why.buf);
		strbuf_release(&why);
		if (rc)
			goto out;
	}
out:
	rics_free(copy);
	return rc;
}

int rics_config_load(struct rics_config *cfg, const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf text;
	char buf[4096];
	size_t n;
	int rc = 0;

	if (!f)
		return errno == ENOENT ? 0 : -errno;
	strbuf_init(&text, 1 << 20);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		rc = strbuf_add(&text, buf, n);
		if (rc) {
			strbuf_addf(err, "%s: file too large", path);
			goto out;
		}
	}
	if (ferror(f)) {
		rc = -EIO;
		goto out;
	}
	rc = rics_config_parse(cfg, text.buf, text.len, err);
out:
	fclose(f);
	strbuf_release(&text);
	return rc;
}
