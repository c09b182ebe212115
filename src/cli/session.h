/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The login session `rics login` keeps between commands: a small JSON file
 * {"url", "user", "token", "expires_at"} at $RICS_SESSION_FILE, else
 * ~/.config/rics/session. The token in it is a bearer secret, so the file
 * is written atomically with mode 0600 (its directory 0700), and a file that
 * others could read or that another user owns is refused, not used.
 *
 * Functions return 0 or a negative code; on failure err says why.
 */
#ifndef RICS_CLI_SESSION_H
#define RICS_CLI_SESSION_H

#include "core/strbuf.h"

#include <jansson.h>

/* Append the session file's path to out. */
int session_path(struct strbuf *out, struct strbuf *err);

/* RICS_E_NOT_FOUND (err untouched) if there is no session file. */
int session_load(const char *path, struct strbuf *err, json_t **out);

int session_save(const char *path, json_t *session, struct strbuf *err);

/* Remove the file; RICS_E_NOT_FOUND if there was none. */
int session_remove(const char *path, struct strbuf *err);

#endif
