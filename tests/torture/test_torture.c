// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Allocation torture, after curl's and SQLite's: run an operation once to
 * count its allocations, then again with the 1st, 2nd, ... nth allocation
 * failing. Every run must either succeed or fail cleanly with an error code;
 * none may crash, and LeakSanitizer (on in the ASan build) fails the test if
 * any failure path leaks.
 */
#include "core/alloc.h"
#include "core/config.h"
#include "core/error.h"
#include "core/text.h"
#include "model/model.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

typedef int (*torture_fn)(void);

/* Fail each allocation of fn in turn; fn must return 0 or an error. */
static void torture(torture_fn fn)
{
	long before = rics_alloc_count();
	assert_int_equal(fn(), 0);
	long needed = rics_alloc_count() - before;
	assert_true(needed > 0);
	for (long n = 1; n <= needed; n++) {
		rics_alloc_fail_after(n);
		int rc = fn();
		rics_alloc_fail_after(0);
		assert_true(rc == 0 || rc < 0);
	}
}

static int validate_person(void)
{
	json_t *body = json_pack("{ss ss ss ss s[ss] ss}", "surname", "ТОХТАСИНОВ",
				 "given_names", "Алишер", "birth_date", "1979-03-14",
				 "classification", "RESTRICTED", "other_names", "TOKHTASINOV",
				 "Toxtasinov", "nationality", "TJK");
	json_t *out = NULL;
	struct strbuf detail;
	int rc;
	if (!body)
		return -ENOMEM;
	strbuf_init(&detail, 1024);
	rc = model_validate(model_type_by_name("person"), body, false, &detail, &out);
	json_decref(out);
	json_decref(body);
	strbuf_release(&detail);
	return rc;
}

static int validate_bad_crossing(void)
{
	json_t *body = json_pack("{ss ss ss}", "bcp_code", "KZ-KORDAY", "direction", "sideways",
				 "crossed_at", "2026-02-30T10:00:00Z");
	json_t *out = NULL;
	struct strbuf detail;
	int rc;
	if (!body)
		return -ENOMEM;
	strbuf_init(&detail, 1024);
	rc = model_validate(model_type_by_name("crossing"), body, false, &detail, &out);
	json_decref(out);
	json_decref(body);
	strbuf_release(&detail);
	/* the expected outcome is a validation error: count it as success */
	return rc == RICS_E_INVALID ? 0 : rc;
}

static int parse_config(void)
{
	static const char text[] = "# node\nlisten = 127.0.0.1\nport = 8081\nsession_ttl = 8h\n";
	struct rics_config cfg;
	struct strbuf err;
	int rc;
	rics_config_defaults(&cfg);
	strbuf_init(&err, 1024);
	rc = rics_config_parse(&cfg, text, sizeof text - 1, &err);
	strbuf_release(&err);
	return rc;
}

static int fold_text(void)
{
	struct strbuf out;
	int rc;
	strbuf_init(&out, 4096);
	rc = rics_text_fold("  ЖАННА   Нурланова ", &out);
	if (!rc && strcmp(out.buf, "жанна нурланова") != 0)
		rc = RICS_E_INVALID;
	strbuf_release(&out);
	return rc;
}

static void test_validate_person(void **state)
{
	(void)state;
	torture(validate_person);
}

static void test_validate_bad_crossing(void **state)
{
	(void)state;
	torture(validate_bad_crossing);
}

static void test_config(void **state)
{
	(void)state;
	torture(parse_config);
}

static void test_fold(void **state)
{
	(void)state;
	torture(fold_text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_person),
		cmocka_unit_test(test_validate_bad_crossing),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_fold),
	};
	rics_alloc_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
