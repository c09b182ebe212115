// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of src/exchange/share.c: a shared record travels without the
 * fields its node set for itself, the receiver's key needs two node/record
 * ids, and a hit/no-hit question keeps only the identifiers of its subject
 * and refuses one that lacks the one it needs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/error.h"
#include "exchange/exchange.h"
#include "model/model.h"

#include <string.h>

#define A "019a0000-0000-7000-8000-00000000000a"
#define B "019a0000-0000-7000-8000-00000000000b"

static void test_share_fields(void **state)
{
	(void)state;
	json_t *rec = json_pack("{ss ss ss si ss ss ss sn}", "id", A, "origin_node", B,
				"created_at", "2026-01-01T00:00:00Z", "version", 3, "subject_type",
				"person", "surname", "Wanted", "handling", "H2", "plate", NULL);
	json_t *f = exchange_share_fields(model_type_by_name("watchlist"), rec);
	assert_non_null(f);
	assert_null(json_object_get(f, "id"));
	assert_null(json_object_get(f, "origin_node"));
	assert_null(json_object_get(f, "created_at"));
	assert_null(json_object_get(f, "version"));
	assert_null(json_object_get(f, "plate"));
	assert_string_equal(json_string_value(json_object_get(f, "surname")), "Wanted");
	assert_string_equal(json_string_value(json_object_get(f, "handling")), "H2");
	assert_int_equal(json_object_size(f), 3);
	json_decref(f);
	json_decref(rec);
}

static void test_share_key(void **state)
{
	char key[2 * RICS_UUID_LEN];
	(void)state;
	assert_int_equal(exchange_share_key(A, B, key), 0);
	assert_string_equal(key, A ":" B);
	assert_int_equal(exchange_share_key(A, "x", key), RICS_E_INVALID);
	assert_int_equal(exchange_share_key(NULL, B, key), RICS_E_INVALID);
}

static void test_hit_query(void **state)
{
	struct strbuf detail;
	json_t *q = json_pack("{ss ss ss ss}", "subject", "document", "document_number", "N1",
			      "surname", "Leak", "id", A), *out = NULL;
	(void)state;
	strbuf_init(&detail, 1024);
	assert_int_equal(exchange_hit_query_check(q, &detail, &out), 0);
	assert_int_equal(json_object_size(out), 2);
	assert_string_equal(json_string_value(json_object_get(out, "document_number")), "N1");
	json_decref(out);
	json_object_set_new(q, "subject", json_string("vehicle"));
	out = NULL;
	assert_int_equal(exchange_hit_query_check(q, &detail, &out), RICS_E_INVALID);
	assert_null(out);
	assert_non_null(strstr(detail.buf, "'plate'"));
	strbuf_reset(&detail);
	json_object_set_new(q, "subject", json_string("crossing"));
	assert_int_equal(exchange_hit_query_check(q, &detail, &out), RICS_E_INVALID);
	assert_non_null(strstr(detail.buf, "'subject'"));
	json_decref(q);
	strbuf_release(&detail);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share_fields),
		cmocka_unit_test(test_share_key),
		cmocka_unit_test(test_hit_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
