/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A node's configuration: DIR/rics.conf ("key = value" lines, '#' comments),
 * then command-line flags on top. Unknown keys and bad values are errors
 * that name the line, never silently ignored.
 */
#ifndef RICS_CORE_CONFIG_H
#define RICS_CORE_CONFIG_H

#include "core/strbuf.h"

#include <stdint.h>

struct rics_config {
	char listen[64];        /* address to bind; loopback by default */
	unsigned port;
	unsigned threads;       /* HTTP worker threads */
	char tls_cert[512];     /* PEM paths; both empty = plain HTTP */
	char tls_key[512];
	size_t max_body;        /* bytes */
	unsigned max_connections;
	int64_t session_ttl_s;
	unsigned lockout_attempts;
	int64_t lockout_s;
	unsigned page_max;      /* largest page a list returns */
	unsigned exchange_approval_level; /* messages at this classification or above wait
					     for a supervisor (0-3; 4: none) */
	int64_t exchange_window_s;        /* accepted clock difference of a peer's batch */
	char ui_dir[512];       /* the built web UI served under /ui/ */
	char contact[200];
	unsigned cash_threshold; /* a declared amount from which the live feed flags
				    a cash declaration (in the declared currency) */      /* who peers ask for a formal request (hit/no-hit answers) */
};

void rics_config_defaults(struct rics_config *cfg);

/* Apply one key = value; on error writes a reason to err. */
int rics_config_set(struct rics_config *cfg, const char *key, const char *value,
		    struct strbuf *err);

/* Parse the text of a rics.conf; on error err names the line. */
int rics_config_parse(struct rics_config *cfg, const char *text, size_t len,
		      struct strbuf *err);

/* Load path if it exists (a missing file is not an error). */
int rics_config_load(struct rics_config *cfg, const char *path, struct strbuf *err);

#endif
