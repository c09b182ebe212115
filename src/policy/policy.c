// SPDX-License-Identifier: AGPL-3.0-or-later
/* Roles, permissions, visibility and passwords; see policy.h. */
#include "policy/policy.h"

#include "core/error.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	"officer", "supervisor", "analyst", "admin", "auditor", "reader", "camera",
};

int policy_role_parse(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

const char *policy_role_name(enum role r)
{
	return r < ROLE_COUNT ? role_names[r] : "unknown";
}

bool policy_role_for_user(enum role r)
{
	return r <= ROLE_AUDITOR;
}

bool policy_role_for_token(enum role r)
{
	return r == ROLE_READER || r == ROLE_CAMERA || r == ROLE_OFFICER || r == ROLE_ANALYST;
}

#define R ACT_READ
#define C ACT_CREATE
#define U ACT_UPDATE

/* Who may do what with each record type. Rows in the order of model_types. */
static const struct {
	const char *type;
	unsigned char allow[ROLE_COUNT];
	/*                officer    supervisor  analyst  admin auditor reader camera */
} permissions[] = {
	{ "bcp",         { R,        R | U,      R,       R | C | U, R, R, R } },
	{ "person",      { R | C | U, R | C | U, R | U,   0,     R,     C,  0 } },
	{ "document",    { R | C | U, R | C | U, R | U,   0,     R,     C,  0 } },
	{ "vehicle",     { R | C | U, R | C | U, R | U,   0,     R,     0,  C } },
	{ "crossing",    { R | C | U, R | C | U, R,       0,     R,     C,  C } },
	{ "declaration", { R | C | U, R | C | U, R,       0,     R,     0,  0 } },
	{ "seizure",     { R | C | U, R | C | U, R,       0,     R,     0,  0 } },
	{ "relation",    { R,        R | C | U,  R | C | U, 0,   R,     0,  0 } },
	{ "watchlist",   { R,        R | C | U,  R,       0,     R,     0,  0 } },
	{ "hit",         { R | U,    R | C | U,  R,       0,     R,     0,  0 } },
	{ "message",     { R | C | U, R | C | U, R | C,   0,     R,     0,  0 } },
	{ "sighting",    { R,        R,          R,       0,     R,     0,  C } },
};

#undef R
#undef C
#undef U

int policy_check_record(const struct principal *p, enum record_action act,
			const struct record_type *t)
{
	if ((unsigned)p->role >= ROLE_COUNT)
		return RICS_E_FORBIDDEN;
	for (size_t i = 0; i < sizeof permissions / sizeof permissions[0]; i++)
		if (strcmp(permissions[i].type, t->name) == 0)
			return permissions[i].allow[p->role] & act ? 0 : RICS_E_FORBIDDEN;
	return RICS_E_FORBIDDEN; /* a type nobody listed is closed to all */
}

int policy_check_admin(const struct principal *p, enum admin_action act)
{
	switch (act) {
	case ADMIN_USERS:
	case ADMIN_TOKENS:
	case ADMIN_PEERS:
		return p->role == ROLE_ADMIN ? 0 : RICS_E_FORBIDDEN;
	case ADMIN_AUDIT:
		return p->role == ROLE_AUDITOR || p->role == ROLE_ADMIN ? 0 : RICS_E_FORBIDDEN;
	case ADMIN_METRICS_RECORDS:
		return 0;
	}
	return RICS_E_FORBIDDEN;
}

struct store_view policy_view(const struct principal *p)
{
	struct store_view v = { .max_classification = p->clearance };
	return v;
}

int policy_check_classify(const struct principal *p, int level)
{
	return level <= p->clearance ? 0 : RICS_E_FORBIDDEN;
}

bool policy_audit_read(int level)
{
	return level > CLS_UNCLASSIFIED;
}

int policy_password_acceptable(const char *pw, struct strbuf *why)
{
	size_t chars = 0;
	/* characters, not bytes: a Cyrillic passphrase counts as it reads */
	for (const char *p = pw; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars < 12) {
		strbuf_adds(why, "password must be at least 12 characters");
		return RICS_E_INVALID;
	}
	if (strlen(pw) > 256) {
		strbuf_adds(why, "password must be at most 256 bytes");
		return RICS_E_INVALID;
	}
	return 0;
}

int policy_password_hash(const char *pw, char out[160])
{
	char h[crypto_pwhash_STRBYTES];
	_Static_assert(crypto_pwhash_STRBYTES <= 160, "hash buffer");
	if (crypto_pwhash_str_alg(h, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -ENOMEM; /* argon2id needs its memory */
	memcpy(out, h, sizeof h);
	return 0;
}

int policy_password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 ? 0 : RICS_E_UNAUTHORIZED;
}

void policy_password_generate(char out[32])
{
	/* no look-alikes (0/O, 1/l/I), so it can be read out over a phone */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 24; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[24] = '\0';
}

int policy_login(struct store_user *u, const char *pw, int64_t now_ms,
		 const struct rics_config *cfg)
{
	if (u->disabled)
		return RICS_E_LOCKED;
	if (u->locked_until > now_ms)
		return RICS_E_LOCKED;
	if (policy_password_verify(u->password_hash, pw) != 0) {
		u->failed_logins++;
		if ((unsigned)u->failed_logins >= cfg->lockout_attempts) {
			u->locked_until = now_ms + cfg->lockout_s * 1000;
			u->failed_logins = 0;
		}
		return RICS_E_UNAUTHORIZED;
	}
	u->failed_logins = 0;
	u->locked_until = 0;
	return 0;
}
