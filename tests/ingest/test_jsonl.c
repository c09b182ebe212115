// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Tests of the JSON Lines reader (src/ingest/jsonl.c): objects in order
 * with their line numbers, blank lines and CRLF, a byte order mark, and
 * each kind of refused line, after which reading goes on.
 */
#include "core/error.h"
#include "ingest/jsonl.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

struct step {
	int rc;
	unsigned long line;
	const char *what; /* the object's "k", or a part of the refusal */
};

static void expect_steps(const char *text, const struct step *steps, size_t n)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "rb");
	struct jsonl_reader r;
	json_t *o = NULL;

	assert_non_null(f);
	jsonl_reader_init(&r, f);
	for (size_t i = 0; i < n; i++) {
		int rc = jsonl_next(&r, &o);
		assert_int_equal(rc, steps[i].rc);
		assert_int_equal(r.line_no, steps[i].line);
		if (rc == 1) {
			assert_string_equal(json_string_value(json_object_get(o, "k")), steps[i].what);
			json_decref(o);
		} else {
			assert_non_null(strstr(r.error, steps[i].what));
		}
	}
	assert_int_equal(jsonl_next(&r, &o), 0);
	jsonl_reader_release(&r);
	fclose(f);
}

static void test_objects_and_lines(void **state)
{
	static const struct step steps[] = {
		{ 1, 1, "a" }, { 1, 3, "b" }, { 1, 5, "c" },
	};
	(void)state;
	expect_steps("\xef\xbb\xbf{\"k\":\"a\"}\r\n\r\n{\"k\":\"b\"}\n\n{\"k\":\"c\"}", steps, 3);
}

static void test_refusals_go_on(void **state)
{
	static const struct step steps[] = {
		{ RICS_E_INVALID, 1, "not a JSON object" },
		{ RICS_E_INVALID, 2, "another JSON value" },
		{ RICS_E_INVALID, 3, "duplicate" },
		{ RICS_E_INVALID, 4, "not a JSON object" }, /* not UTF-8 */
		{ RICS_E_INVALID, 5, "not a JSON object" }, /* \u0000 */
		{ 1, 6, "ok" },
		{ RICS_E_INVALID, 7, "not a JSON object" }, /* a BOM only counts first */
		{ RICS_E_INVALID, 8, "not a JSON object" }, /* cut short at the end */
	};
	(void)state;
	expect_steps("not json\n[1]\n{\"k\":1,\"k\":2}\n{\"k\":\"\xff\"}\n{\"k\":\"\\u0000\"}\n"
		     "{\"k\":\"ok\"}\n\xef\xbb\xbf{\"k\":\"x\"}\n{\"k\":", steps, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects_and_lines),
		cmocka_unit_test(test_refusals_go_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
