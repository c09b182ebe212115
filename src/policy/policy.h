/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Policy: the one place that decides who may see or do what.
 *
 * - A principal is a logged-in user or an API token, with a role and a
 *   clearance.
 * - Visibility: a record classified above the principal's clearance does not
 *   exist for it (policy_view gives the store the bound).
 * - Permissions: a table of role x record type -> read / create / update,
 *   plus the administrative actions.
 * - Nobody may create or raise a record above their own clearance.
 * - Reads of records above UNCLASSIFIED are audited.
 * - Passwords: argon2id via libsodium; lock-out after repeated failures.
 */
#ifndef RICS_POLICY_H
#define RICS_POLICY_H

#include "core/config.h"
#include "model/model.h"
#include "store/store.h"

#include <stdbool.h>

enum role {
	ROLE_OFFICER,
	ROLE_SUPERVISOR,
	ROLE_ANALYST,
	ROLE_ADMIN,
	ROLE_AUDITOR,
	ROLE_READER, /* device: passport reader */
	ROLE_CAMERA, /* device: ANPR camera */
	ROLE_COUNT,
};

/* -1 if not a role name. */
int policy_role_parse(const char *name);
const char *policy_role_name(enum role r);
/* Roles a person can hold vs. roles an API token can hold. */
bool policy_role_for_user(enum role r);
bool policy_role_for_token(enum role r);

struct principal {
	char name[72];          /* user name, or "token:" and the token name */
	char id[RICS_UUID_LEN]; /* user or token id */
	enum role role;
	int clearance;
	char country[4];
	char agency[32];
	char bcp_code[41];
	bool is_token;
	bool via_cookie;        /* browser session: CSRF token required */
	char csrf_token[RICS_TOKEN_LEN];
};

enum record_action { ACT_READ = 1, ACT_CREATE = 2, ACT_UPDATE = 4 };

enum admin_action {
	ADMIN_USERS,   /* create, change, lock users */
	ADMIN_TOKENS,  /* create and revoke API tokens */
	ADMIN_AUDIT,   /* read and verify the audit log */
	ADMIN_PEERS,   /* pair with and remove exchange peers */
	ADMIN_METRICS_RECORDS,
};

/* 0 or RICS_E_FORBIDDEN. */
int policy_check_record(const struct principal *p, enum record_action act,
			const struct record_type *t);
int policy_check_admin(const struct principal *p, enum admin_action act);

/* The store view of what p may see. */
struct store_view policy_view(const struct principal *p);

/* RICS_E_FORBIDDEN if p may not mark a record with level. */
int policy_check_classify(const struct principal *p, int level);

/* True if reading a record of this level must be audited. */
bool policy_audit_read(int level);

/* Password rules: at least 12 bytes, at most 256. */
int policy_password_acceptable(const char *pw, struct strbuf *why);
int policy_password_hash(const char *pw, char out[160]);
/* 0 if pw matches hash, RICS_E_UNAUTHORIZED if not. */
int policy_password_verify(const char *hash, const char *pw);

/* A new random password for first logins (24 characters). */
void policy_password_generate(char out[32]);

/* Decide a login attempt for u at now: RICS_E_LOCKED while locked,
 * RICS_E_UNAUTHORIZED for a wrong password (u's failure count and lock
 * updated in place, to be stored), 0 on success (counters reset). */
int policy_login(struct store_user *u, const char *pw, int64_t now_ms,
		 const struct rics_config *cfg);

#endif
