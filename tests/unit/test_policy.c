// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of src/policy: the permission table (every role against every
 * record type for read, create and update, compared with a copy of the
 * table kept here, plus explicit rows a reviewer can check by eye),
 * clearance (classifying and the store view), administrative actions, role
 * names, password rules, argon2id hashing and the login lock-out, driven by
 * explicit now_ms values instead of sleeping. argon2id is slow, so one hash
 * is made for the whole group and verified only a few times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/error.h"
#include "core/ids.h"
#include "model/model.h"
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>

#define T0 1795907163123
#define PASSWORD "correct horse battery staple"

static const struct record_type *type(const char *name)
{
	const struct record_type *t = model_type_by_name(name);
	if (!t)
		fail_msg("no record type '%s'", name);
	return t;
}

static struct principal who(enum role r, int clearance)
{
	struct principal p;
	memset(&p, 0, sizeof p);
	snprintf(p.name, sizeof p.name, "%s", policy_role_name(r));
	p.role = r;
	p.clearance = clearance;
	return p;
}

static bool may(enum role r, enum record_action act, const char *tname)
{
	struct principal p = who(r, CLS_SECRET);
	int rc = policy_check_record(&p, act, type(tname));
	if (rc != 0 && rc != RICS_E_FORBIDDEN)
		fail_msg("policy_check_record: unexpected %d", rc);
	return rc == 0;
}

/* ---- permissions ---- */

#define R "r"
#define C "c"
#define U "u"
#define RC "rc"
#define RU "ru"
#define RCU "rcu"
#define NONE ""

/* The intended permissions, written down a second time: a change to the
 * table in policy.c must be made here too, deliberately. */
// clang-format off
static const struct {
	const char *type;
	const char *allow[ROLE_COUNT];
	/*              officer supervisor analyst admin auditor reader camera */
} expected[] = {
	{ "bcp",         { R,   RU,  R,   RCU,  R, R,    R } },
	{ "person",      { RCU, RCU, RU,  NONE, R, C,    NONE } },
	{ "document",    { RCU, RCU, RU,  NONE, R, C,    NONE } },
	{ "vehicle",     { RCU, RCU, RU,  NONE, R, NONE, C } },
	{ "crossing",    { RCU, RCU, R,   NONE, R, C,    C } },
	{ "declaration", { RCU, RCU, R,   NONE, R, NONE, NONE } },
	{ "seizure",     { RCU, RCU, R,   NONE, R, NONE, NONE } },
	{ "relation",    { R,   RCU, RCU, NONE, R, NONE, NONE } },
	{ "watchlist",   { R,   RCU, R,   NONE, R, NONE, NONE } },
	{ "hit",         { RU,  RCU, R,   NONE, R, NONE, NONE } },
	{ "message",     { RCU, RCU, RC,  NONE, R, NONE, NONE } },
	{ "sighting",    { R,   R,   R,   NONE, R, NONE, C    } },
};
// clang-format on

static void test_permission_table(void **state)
{
	static const struct {
		enum record_action act;
		char letter;
	} acts[] = { { ACT_READ, 'r' }, { ACT_CREATE, 'c' }, { ACT_UPDATE, 'u' } };
	size_t ntypes = 0;
	(void)state;
	while (model_types[ntypes])
		ntypes++;
	/* every record type has a row, and only those */
	assert_int_equal(sizeof expected / sizeof expected[0], ntypes);
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		type(expected[i].type);
		for (int r = 0; r < ROLE_COUNT; r++) {
			for (size_t a = 0; a < 3; a++) {
				bool want = strchr(expected[i].allow[r], acts[a].letter) != NULL;
				if (may((enum role)r, acts[a].act, expected[i].type) != want)
					fail_msg("policy %s %s '%c' on %s; the table says otherwise",
						 want ? "refuses" : "allows",
						 policy_role_name((enum role)r), acts[a].letter,
						 expected[i].type);
			}
		}
	}
}

#undef R
#undef C
#undef U
#undef RC
#undef RU
#undef RCU
#undef NONE

static void test_permission_rows(void **state)
{
	(void)state;
	/* officers work the crossing */
	assert_true(may(ROLE_OFFICER, ACT_CREATE, "crossing"));
	assert_true(may(ROLE_OFFICER, ACT_READ, "person"));
	assert_true(may(ROLE_OFFICER, ACT_UPDATE, "hit"));
	assert_false(may(ROLE_OFFICER, ACT_CREATE, "hit"));
	assert_false(may(ROLE_OFFICER, ACT_CREATE, "watchlist"));
	assert_false(may(ROLE_OFFICER, ACT_UPDATE, "bcp"));
	/* admins run the node, not the casework */
	assert_false(may(ROLE_ADMIN, ACT_READ, "person"));
	assert_false(may(ROLE_ADMIN, ACT_READ, "message"));
	assert_true(may(ROLE_ADMIN, ACT_CREATE, "bcp"));
	/* auditors read everything and change nothing */
	for (size_t i = 0; model_types[i]; i++) {
		assert_true(may(ROLE_AUDITOR, ACT_READ, model_types[i]->name));
		assert_false(may(ROLE_AUDITOR, ACT_CREATE, model_types[i]->name));
		assert_false(may(ROLE_AUDITOR, ACT_UPDATE, model_types[i]->name));
	}
	/* a passport reader writes what it scans and reads nothing back */
	assert_true(may(ROLE_READER, ACT_CREATE, "document"));
	assert_true(may(ROLE_READER, ACT_CREATE, "person"));
	assert_true(may(ROLE_READER, ACT_CREATE, "crossing"));
	assert_false(may(ROLE_READER, ACT_READ, "person"));
	assert_false(may(ROLE_READER, ACT_READ, "document"));
	assert_false(may(ROLE_READER, ACT_UPDATE, "document"));
	assert_false(may(ROLE_READER, ACT_CREATE, "vehicle"));
	/* an ANPR camera: vehicles and crossings */
	assert_true(may(ROLE_CAMERA, ACT_CREATE, "vehicle"));
	assert_true(may(ROLE_CAMERA, ACT_CREATE, "crossing"));
	assert_false(may(ROLE_CAMERA, ACT_READ, "vehicle"));
	assert_false(may(ROLE_CAMERA, ACT_CREATE, "person"));
	/* analysts link and annotate, supervisors run the watchlist */
	assert_true(may(ROLE_ANALYST, ACT_CREATE, "relation"));
	assert_false(may(ROLE_ANALYST, ACT_CREATE, "person"));
	assert_false(may(ROLE_ANALYST, ACT_UPDATE, "message"));
	assert_true(may(ROLE_SUPERVISOR, ACT_CREATE, "watchlist"));
	assert_true(may(ROLE_SUPERVISOR, ACT_CREATE, "hit"));
	assert_false(may(ROLE_SUPERVISOR, ACT_CREATE, "bcp"));
}

static void test_unknown_type_closed(void **state)
{
	static const struct record_type ghost = { "ghost", "ghosts", "ghost", "", NULL, 0, 0 };
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct principal p = who((enum role)r, CLS_SECRET);
		assert_int_equal(policy_check_record(&p, ACT_READ, &ghost), RICS_E_FORBIDDEN);
	}
}

static void test_admin_actions(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct principal p = who((enum role)r, CLS_SECRET);
		int users = r == ROLE_ADMIN ? 0 : RICS_E_FORBIDDEN;
		int audit = r == ROLE_ADMIN || r == ROLE_AUDITOR ? 0 : RICS_E_FORBIDDEN;
		assert_int_equal(policy_check_admin(&p, ADMIN_USERS), users);
		assert_int_equal(policy_check_admin(&p, ADMIN_TOKENS), users);
		assert_int_equal(policy_check_admin(&p, ADMIN_AUDIT), audit);
		assert_int_equal(policy_check_admin(&p, ADMIN_METRICS_RECORDS), 0);
	}
}

static void test_roles(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++)
		assert_int_equal(policy_role_parse(policy_role_name((enum role)r)), r);
	assert_int_equal(policy_role_parse("officer"), ROLE_OFFICER);
	assert_int_equal(policy_role_parse("camera"), ROLE_CAMERA);
	assert_int_equal(policy_role_parse("Officer"), -1);
	assert_int_equal(policy_role_parse(""), -1);
	assert_int_equal(policy_role_parse("root"), -1);
	assert_string_equal(policy_role_name(ROLE_COUNT), "unknown");
	/* people hold the human roles; tokens the device roles and two others */
	assert_true(policy_role_for_user(ROLE_OFFICER));
	assert_true(policy_role_for_user(ROLE_AUDITOR));
	assert_false(policy_role_for_user(ROLE_READER));
	assert_false(policy_role_for_user(ROLE_CAMERA));
	assert_true(policy_role_for_token(ROLE_READER));
	assert_true(policy_role_for_token(ROLE_CAMERA));
	assert_true(policy_role_for_token(ROLE_OFFICER));
	assert_true(policy_role_for_token(ROLE_ANALYST));
	assert_false(policy_role_for_token(ROLE_ADMIN));
	assert_false(policy_role_for_token(ROLE_AUDITOR));
	assert_false(policy_role_for_token(ROLE_SUPERVISOR));
}

/* ---- clearance ---- */

static void test_classify(void **state)
{
	(void)state;
	for (int c = CLS_UNCLASSIFIED; c <= CLS_SECRET; c++) {
		struct principal p = who(ROLE_OFFICER, c);
		for (int level = CLS_UNCLASSIFIED; level <= CLS_SECRET; level++)
			assert_int_equal(policy_check_classify(&p, level),
					 level <= c ? 0 : RICS_E_FORBIDDEN);
	}
	struct principal p = who(ROLE_SUPERVISOR, CLS_RESTRICTED);
	assert_int_equal(policy_check_classify(&p, CLS_CONFIDENTIAL), RICS_E_FORBIDDEN);
	assert_int_equal(policy_check_classify(&p, CLS_SECRET), RICS_E_FORBIDDEN);
	assert_int_equal(policy_check_classify(&p, CLS_RESTRICTED), 0);
}

static void test_view(void **state)
{
	(void)state;
	for (int c = CLS_UNCLASSIFIED; c <= CLS_SECRET; c++) {
		struct principal p = who(ROLE_ANALYST, c);
		struct store_view v = policy_view(&p);
		assert_int_equal(v.max_classification, c);
	}
	/* the view follows clearance, not role */
	struct principal admin = who(ROLE_ADMIN, CLS_UNCLASSIFIED);
	assert_int_equal(policy_view(&admin).max_classification, CLS_UNCLASSIFIED);
	assert_false(policy_audit_read(CLS_UNCLASSIFIED));
	assert_true(policy_audit_read(CLS_RESTRICTED));
	assert_true(policy_audit_read(CLS_SECRET));
}

/* ---- passwords ---- */

struct hashed {
	char hash[160];
};

static int hash_once(void **state)
{
	struct hashed *h = calloc(1, sizeof *h);
	if (!h || rics_ids_init() != 0 || policy_password_hash(PASSWORD, h->hash) != 0)
		return -1;
	*state = h;
	return 0;
}

static int hash_free(void **state)
{
	free(*state);
	return 0;
}

static void test_password_rules(void **state)
{
	struct strbuf why;
	char pw[300];
	(void)state;
	strbuf_init(&why, 0);
	memset(pw, 'a', sizeof pw);
	pw[11] = '\0';
	assert_int_equal(policy_password_acceptable(pw, &why), RICS_E_INVALID);
	assert_non_null(strstr(why.buf, "at least 12"));
	pw[11] = 'a';
	pw[12] = '\0';
	assert_int_equal(policy_password_acceptable(pw, &why), 0);
	pw[12] = 'a';
	pw[256] = '\0';
	assert_int_equal(policy_password_acceptable(pw, &why), 0);
	pw[256] = 'a';
	pw[257] = '\0';
	strbuf_reset(&why);
	assert_int_equal(policy_password_acceptable(pw, &why), RICS_E_INVALID);
	assert_non_null(strstr(why.buf, "at most 256"));
	assert_int_equal(policy_password_acceptable("", &why), RICS_E_INVALID);
	strbuf_release(&why);
}

static void test_password_generate(void **state)
{
	char a[32], b[32];
	struct strbuf why;
	(void)state;
	strbuf_init(&why, 0);
	policy_password_generate(a);
	policy_password_generate(b);
	assert_int_equal(strlen(a), 24);
	assert_string_not_equal(a, b);
	/* no look-alikes, and long enough for the rules */
	assert_null(strpbrk(a, "0O1lI"));
	assert_int_equal(strspn(a, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"), 24);
	assert_int_equal(policy_password_acceptable(a, &why), 0);
	strbuf_release(&why);
}

static void test_password_verify(void **state)
{
	struct hashed *h = *state;
	(void)state;
	assert_non_null(strstr(h->hash, "$argon2id$"));
	assert_null(strstr(h->hash, PASSWORD));
	assert_int_equal(policy_password_verify(h->hash, PASSWORD), 0);
	assert_int_equal(policy_password_verify(h->hash, "correct horse battery stapler"),
			 RICS_E_UNAUTHORIZED);
	assert_int_equal(policy_password_verify("not a hash", PASSWORD), RICS_E_UNAUTHORIZED);
}

static void user_with(struct store_user *u, const struct hashed *h)
{
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "alice");
	snprintf(u->role, sizeof u->role, "officer");
	snprintf(u->password_hash, sizeof u->password_hash, "%s", h->hash);
}

static void test_login_lockout(void **state)
{
	struct hashed *h = *state;
	struct store_user u;
	struct rics_config cfg;
	rics_config_defaults(&cfg);
	cfg.lockout_attempts = 3;
	cfg.lockout_s = 60;
	user_with(&u, h);

	assert_int_equal(policy_login(&u, "wrong", T0, &cfg), RICS_E_UNAUTHORIZED);
	assert_int_equal(u.failed_logins, 1);
	assert_true(u.locked_until == 0);
	assert_int_equal(policy_login(&u, "wrong", T0 + 1000, &cfg), RICS_E_UNAUTHORIZED);
	assert_int_equal(u.failed_logins, 2);
	assert_true(u.locked_until == 0);
	/* the third failure locks the account for lockout_s */
	assert_int_equal(policy_login(&u, "wrong", T0 + 2000, &cfg), RICS_E_UNAUTHORIZED);
	assert_true(u.locked_until == T0 + 2000 + 60000);
	/* locked: even the right password is refused, and nothing is counted */
	int failed = u.failed_logins;
	assert_int_equal(policy_login(&u, PASSWORD, T0 + 2001, &cfg), RICS_E_LOCKED);
	assert_int_equal(policy_login(&u, "wrong", T0 + 61999, &cfg), RICS_E_LOCKED);
	assert_int_equal(u.failed_logins, failed);
	assert_true(u.locked_until == T0 + 62000);
	/* once lockout_s has passed the right password works and clears all */
	assert_int_equal(policy_login(&u, PASSWORD, T0 + 62000, &cfg), 0);
	assert_int_equal(u.failed_logins, 0);
	assert_true(u.locked_until == 0);
}

static void test_login_success_resets(void **state)
{
	struct hashed *h = *state;
	struct store_user u;
	struct rics_config cfg;
	rics_config_defaults(&cfg);
	cfg.lockout_attempts = 2;
	cfg.lockout_s = 1;
	user_with(&u, h);
	assert_int_equal(policy_login(&u, "wrong", T0, &cfg), RICS_E_UNAUTHORIZED);
	assert_int_equal(u.failed_logins, 1);
	assert_int_equal(policy_login(&u, PASSWORD, T0 + 10, &cfg), 0);
	assert_int_equal(u.failed_logins, 0);
	/* a lock that has run out is no lock: the stored time is in the past */
	u.locked_until = T0 - 1;
	assert_int_equal(policy_login(&u, PASSWORD, T0, &cfg), 0);
	assert_true(u.locked_until == 0);
}

static void test_login_disabled(void **state)
{
	struct hashed *h = *state;
	struct store_user u;
	struct rics_config cfg;
	rics_config_defaults(&cfg);
	user_with(&u, h);
	u.disabled = true;
	assert_int_not_equal(policy_login(&u, PASSWORD, T0, &cfg), 0);
	assert_int_equal(policy_login(&u, PASSWORD, T0, &cfg), RICS_E_LOCKED);
	assert_int_equal(u.failed_logins, 0);
	assert_true(u.locked_until == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permission_table),
		cmocka_unit_test(test_permission_rows),
		cmocka_unit_test(test_unknown_type_closed),
		cmocka_unit_test(test_admin_actions),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_password_generate),
		cmocka_unit_test(test_password_verify),
		cmocka_unit_test(test_login_lockout),
		cmocka_unit_test(test_login_success_resets),
		cmocka_unit_test(test_login_disabled),
	};
	return cmocka_run_group_tests_name("policy", tests, hash_once, hash_free);
}
