// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of src/model: the record type descriptions and model_validate.
 * Bodies for new records and PATCHes are checked for unknown and server
 * fields, missing required fields, wrong JSON types, enum values (listed in
 * the detail), impossible dates and times, the H3 handling-note rule and
 * fields that may not change; valid bodies come back normalised (times in
 * UTC with milliseconds, ids in lower case, only known fields).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/ids.h"
#include "fixtures.h"
#include "model/model.h"

#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' does not contain '%s'", hay, needle);
}

static const struct record_type *type(const char *name)
{
	const struct record_type *t = model_type_by_name(name);
	if (!t)
		fail_msg("no record type '%s'", name);
	return t;
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
	if (!j)
		fail_msg("bad test JSON '%s': %s", text, e.text);
	return j;
}

/* Validate text as a body of type tname; return the normalised object. */
static json_t *expect_valid(const char *tname, const char *text, bool partial)
{
	struct strbuf detail;
	json_t *body = parse(text), *out = NULL;
	int rc;
	strbuf_init(&detail, 0);
	rc = model_validate(type(tname), body, partial, &detail, &out);
	if (rc)
		fail_msg("%s %s refused: %s", tname, text, detail.buf);
	assert_non_null(out);
	json_decref(body);
	strbuf_release(&detail);
	return out;
}

/* Expect text refused with a detail containing each of the given words. */
static void expect_invalid(const char *tname, const char *text, bool partial, const char *want1,
			   const char *want2)
{
	struct strbuf detail;
	json_t *body = parse(text), *out = (json_t *)&detail; /* a sentinel */
	int rc;
	strbuf_init(&detail, 0);
	rc = model_validate(type(tname), body, partial, &detail, &out);
	if (rc != RICS_E_INVALID)
		fail_msg("%s %s: rc %d, want RICS_E_INVALID", tname, text, rc);
	assert_ptr_equal(out, (json_t *)&detail); /* untouched on failure */
	if (want1)
		assert_contains(detail.buf, want1);
	if (want2)
		assert_contains(detail.buf, want2);
	json_decref(body);
	strbuf_release(&detail);
}

static void test_lookups(void **state)
{
	size_t n = 0;
	(void)state;
	for (; model_types[n]; n++) {
		const struct record_type *t = model_types[n];
		assert_ptr_equal(model_type_by_name(t->name), t);
		assert_ptr_equal(model_type_by_plural(t->plural), t);
		for (size_t i = 0; i < t->nfields; i++)
			assert_ptr_equal(model_field(t, t->fields[i].name), &t->fields[i]);
	}
	assert_int_equal(n, 12);
	assert_null(model_type_by_name("persons"));
	assert_null(model_type_by_plural("person"));
	assert_null(model_field(type("person"), "classification"));
	assert_non_null(model_field_any(type("person"), "classification"));
	assert_null(model_field_any(type("person"), "shoe_size"));
	assert_string_equal(classification_name(CLS_SECRET), "SECRET");
	assert_null(classification_name(4));
	assert_null(classification_name(-1));
	assert_int_equal(classification_parse("CONFIDENTIAL"), CLS_CONFIDENTIAL);
	assert_int_equal(classification_parse("secret"), -1);
	assert_true(model_agency_valid("border"));
	assert_true(model_agency_valid("foreign_affairs"));
	assert_false(model_agency_valid("Border"));
	assert_false(model_agency_valid("fbi"));
	assert_true(model_country_valid("KZ"));
	assert_false(model_country_valid("kz"));
	assert_false(model_country_valid("KAZ"));
	assert_false(model_country_valid("K"));
	assert_false(model_country_valid(""));
}

/* Every FK_ENUM has values, every list a bound, every text a length. */
static void test_descriptions_sane(void **state)
{
	(void)state;
	for (size_t n = 0; model_types[n]; n++) {
		const struct record_type *t = model_types[n];
		for (size_t i = 0; i < t->nfields; i++) {
			const struct field_desc *f = &t->fields[i];
			if (f->kind == FK_ENUM && !f->values)
				fail_msg("%s.%s: enum without values", t->name, f->name);
			if ((f->kind == FK_TEXT || f->kind == FK_CODE || f->kind == FK_ID_LIST ||
			     f->kind == FK_TEXT_LIST) &&
			    f->max_len == 0)
				fail_msg("%s.%s: no max_len", t->name, f->name);
			if (f->kind == FK_ID && f->ref_type && !model_type_by_name(f->ref_type))
				fail_msg("%s.%s: unknown ref_type", t->name, f->name);
			for (size_t j = 0; j < model_common_nfields; j++)
				if (strcmp(model_common_fields[j].name, f->name) == 0)
					fail_msg("%s.%s shadows a common field", t->name, f->name);
		}
	}
}

static void test_every_type_minimal_and_full(void **state)
{
	(void)state;
	for (size_t n = 0; model_types[n]; n++) {
		const struct record_type *t = model_types[n];
		for (int full = 0; full < 2; full++) {
			struct strbuf detail;
			json_t *body = fixture_body(t, 1, full, NULL), *out = NULL;
			strbuf_init(&detail, 0);
			if (model_validate(t, body, false, &detail, &out))
				fail_msg("%s %s: %s", t->name, full ? "full" : "minimal",
					 detail.buf);
			assert_int_equal(json_object_size(out), json_object_size(body));
			json_decref(out);
			/* dropping any required field is refused, naming it */
			for (size_t i = 0; i < t->nfields && !full; i++) {
				const struct field_desc *f = &t->fields[i];
				json_t *copy;
				if (!(f->flags & FF_REQUIRED))
					continue;
				copy = json_deep_copy(body);
				json_object_del(copy, f->name);
				strbuf_reset(&detail);
				out = NULL;
				assert_int_equal(model_validate(t, copy, false, &detail, &out),
						 RICS_E_INVALID);
				assert_null(out);
				assert_contains(detail.buf, f->name);
				assert_contains(detail.buf, "required");
				json_decref(copy);
			}
			json_decref(body);
			strbuf_release(&detail);
		}
	}
}

static void test_unknown_field(void **state)
{
	(void)state;
	expect_invalid("person", "{\"surname\": \"Smith\", \"shoe_size\": 42}", false, "shoe_size",
		       "unknown field");
	expect_invalid("crossing", "{\"colour\": \"red\"}", true, "colour", NULL);
	/* a field of another type is unknown here */
	expect_invalid("person", "{\"surname\": \"Smith\", \"plate\": \"A123BC\"}", false, "plate",
		       NULL);
}

static void test_server_fields(void **state)
{
	static const char *const fields[] = {
		"id", "created_at", "updated_at", "origin_node", "created_by", "version",
	};
	char text[256];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *v = strcmp(fields[i], "version") == 0 ? "3" :
				strstr(fields[i], "_at")          ? "\"2026-11-28T23:06:03Z\"" :
								    "\"x\"";
		if (strcmp(fields[i], "id") == 0 || strcmp(fields[i], "origin_node") == 0)
			v = "\"018f3a5c-0000-7000-8000-000000000000\"";
		snprintf(text, sizeof text, "{\"surname\": \"Smith\", \"%s\": %s}", fields[i], v);
		expect_invalid("person", text, false, fields[i], "set by the node");
		snprintf(text, sizeof text, "{\"%s\": %s}", fields[i], v);
		expect_invalid("person", text, true, fields[i], NULL);
	}
}

static void test_missing_required(void **state)
{
	(void)state;
	expect_invalid("person", "{}", false, "'surname' is required", NULL);
	expect_invalid("person", "{\"given_names\": \"John\"}", false, "surname", NULL);
	expect_invalid("crossing", "{\"bcp_code\": \"KZ-KORDAY\", \"direction\": \"in\"}", false,
		       "crossed_at", "required");
	expect_invalid("declaration",
		       "{\"person_id\": \"018f3a5c-0000-7000-8000-000000000000\","
		       " \"bcp_code\": \"KZ-KORDAY\", \"direction\": \"out\","
		       " \"declared_at\": \"2026-11-28T10:00:00Z\", \"currency\": \"USD\"}",
		       false, "amount", NULL);
	/* null for a required field, or a field with a default, is refused */
	expect_invalid("person", "{\"surname\": null}", false, "surname", "required");
	expect_invalid("person", "{\"surname\": \"Smith\", \"classification\": null}", false,
		       "classification", NULL);
	expect_invalid("person", "{\"surname\": \"\"}", false, "surname", "empty");
	expect_invalid("person", "{\"surname\": \"Smith\", \"other_names\": null}", false,
		       "other_names", NULL);
}

static void test_wrong_types(void **state)
{
	static const struct {
		const char *type, *body, *want;
	} cases[] = {
		{ "person", "{\"surname\": 42}", "'surname' must be a string" },
		{ "person", "{\"surname\": true}", "'surname' must be a string" },
		{ "person", "{\"surname\": [\"Smith\"]}", "'surname' must be a string" },
		{ "person", "{\"surname\": \"S\", \"assessment\": \"2\"}",
		  "'assessment' must be an integer" },
		{ "person", "{\"surname\": \"S\", \"assessment\": 2.5}",
		  "'assessment' must be an integer" },
		{ "person", "{\"surname\": \"S\", \"assessment\": 5}",
		  "'assessment' must be between 1 and 4" },
		{ "person", "{\"surname\": \"S\", \"assessment\": 0}", "'assessment'" },
		{ "person", "{\"surname\": \"S\", \"other_names\": \"Smyth\"}",
		  "'other_names' must be an array" },
		{ "person", "{\"surname\": \"S\", \"other_names\": [1]}",
		  "'other_names[0]' must be a string" },
		{ "person", "{\"surname\": \"S\", \"nationality\": \"kaz\"}",
		  "'nationality' must be 2 or 3 upper-case letters" },
		{ "person", "{\"surname\": \"S\", \"nationality\": \"KAZAK\"}", "'nationality'" },
		{ "person", "{\"surname\": \"S\", \"nationality\": \"K\"}", "'nationality'" },
		{ "bcp", "{\"code\": \"A\", \"name\": \"A\", \"country\": \"KAZ\"}",
		  "'country' must be 2 upper-case letters" },
		{ "bcp", "{\"code\": \"A\", \"name\": \"A\", \"country\": \"KZ\", \"lat\": \"43\"}",
		  "'lat' must be a number" },
		{ "bcp", "{\"code\": \"A\", \"name\": \"A\", \"country\": \"KZ\", \"lat\": 91}",
		  "'lat' must be between -90 and 90" },
		{ "declaration", "{\"currency\": \"KZ\"}",
		  "'currency' must be 3 upper-case letters" },
		{ "seizure", "{\"person_ids\": [\"not-a-uuid\"]}",
		  "'person_ids[0]' is not a UUID" },
		{ "vehicle", "{\"plate\": \"A\", \"owner_id\": \"1234\"}",
		  "'owner_id' is not a UUID" },
		{ "vehicle", "{\"plate\": \"123456789012345678901\"}",
		  "'plate' is longer than 20 bytes" },
		{ "person", "{\"surname\": \"S\\u0007\"}",
		  "'surname' contains a NUL or control character" },
		{ "message",
		  "{\"type\": \"alert\", \"subject\": \"s\", \"recipients\": [\"KZ\"], \"reply_by\": 5}",
		  "'reply_by' must be a string" },
	};
	(void)state;
	/* the body's own fields are checked before the required ones, so a
	 * body holding only the bad field names that field */
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		expect_invalid(cases[i].type, cases[i].body, false, cases[i].want, NULL);
	expect_invalid("person", "[]", false, "JSON object", NULL);
	expect_invalid("person", "\"Smith\"", false, "JSON object", NULL);
}

static void test_enum_values_listed(void **state)
{
	(void)state;
	expect_invalid("person", "{\"surname\": \"S\", \"sex\": \"Q\"}", false,
		       "'sex' must be one of: M, F, X", NULL);
	expect_invalid("person", "{\"surname\": \"S\", \"sex\": \"m\"}", false, "M, F, X", NULL);
	expect_invalid("person", "{\"surname\": \"S\", \"classification\": \"TOP SECRET\"}", false,
		       "UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET", NULL);
	expect_invalid("crossing", "{\"direction\": \"sideways\"}", false, "in, out", NULL);
	expect_invalid("person",
		       "{\"surname\": \"S\", \"releasable_agencies\": [\"border\", \"fbi\"]}",
		       false, "'releasable_agencies[1]' must be one of: border, customs", NULL);
	expect_invalid("seizure", "{\"unit\": \"pounds\"}", true, "kg, g, l, ml, tablets, units",
		       NULL);
}

static void test_impossible_dates(void **state)
{
	static const char *const dates[] = {
		"2023-02-29", "2026-02-30",           "2026-04-31", "2026-13-01",
		"1990-1-1",   "1990-01-01T00:00:00Z", "01.02.1990",
	};
	static const char *const times[] = {
		"2026-02-30T10:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T23:60:00Z",
		"2026-11-28T23:06:03",  "2026-11-28",           "2026-11-28T23:06:03Z junk",
	};
	char text[256];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
		snprintf(text, sizeof text, "{\"surname\": \"S\", \"birth_date\": \"%s\"}",
			 dates[i]);
		expect_invalid("person", text, false, "'birth_date' is not a valid date", dates[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(times); i++) {
		snprintf(text, sizeof text,
			 "{\"bcp_code\": \"KZ-KORDAY\", \"direction\": \"in\", \"crossed_at\": \"%s\"}",
			 times[i]);
		expect_invalid("crossing", text, false, "'crossed_at' is not a valid RFC 3339 time",
			       times[i]);
	}
}

static void test_handling_h3(void **state)
{
	json_t *out;
	(void)state;
	expect_invalid("person", "{\"surname\": \"S\", \"handling\": \"H3\"}", false,
		       "'handling_note' is required with handling H3", NULL);
	expect_invalid("person",
		       "{\"surname\": \"S\", \"handling\": \"H3\", \"handling_note\": \"\"}", false,
		       "handling_note", NULL);
	expect_invalid("person", "{\"surname\": \"S\", \"handling\": \"H4\"}", false,
		       "H0, H1, H2, H3", NULL);
	out = expect_valid(
		"person",
		"{\"surname\": \"S\", \"handling\": \"H3\", \"handling_note\": \"no onward use\"}",
		false);
	assert_string_equal(json_string_value(json_object_get(out, "handling_note")),
			    "no onward use");
	json_decref(out);
	out = expect_valid("person", "{\"surname\": \"S\", \"handling\": \"H2\"}", false);
	json_decref(out);
}

static void test_partial(void **state)
{
	json_t *out;
	(void)state;
	/* fields fixed at creation */
	expect_invalid("document", "{\"doc_type\": \"visa\"}", true, "'doc_type' cannot be changed",
		       NULL);
	expect_invalid("document", "{\"number\": \"N123\"}", true, "number", NULL);
	expect_invalid("crossing", "{\"bcp_code\": \"KZ-KORDAY\"}", true, "bcp_code", NULL);
	expect_invalid("crossing", "{\"crossed_at\": \"2026-11-28T23:06:03Z\"}", true, "crossed_at",
		       NULL);
	expect_invalid("message", "{\"subject\": \"changed\"}", true, "subject", NULL);
	expect_invalid("hit", "{\"score\": 50}", true, "score", NULL);
	/* updatable fields pass without the required ones */
	out = expect_valid("person", "{\"given_names\": \"John\", \"classification\": \"SECRET\"}",
			   true);
	assert_int_equal(json_object_size(out), 2);
	assert_int_equal(model_record_classification(out), CLS_SECRET);
	json_decref(out);
	out = expect_valid("person", "{}", true);
	assert_int_equal(json_object_size(out), 0);
	json_decref(out);
	/* null clears an optional field in a PATCH... */
	out = expect_valid("person", "{\"given_names\": null}", true);
	assert_true(json_is_null(json_object_get(out, "given_names")));
	json_decref(out);
	/* ...but not a required one or one with a default */
	expect_invalid("person", "{\"surname\": null}", true, "surname", NULL);
	expect_invalid("hit", "{\"status\": null}", true, "status", NULL);
	expect_invalid("person", "{\"surname\": 5}", true, "must be a string", NULL);
}

static void test_normalised(void **state)
{
	json_t *out;
	(void)state;
	out = expect_valid("crossing",
			   "{\"bcp_code\": \"KZ-KORDAY\", \"direction\": \"in\","
			   " \"crossed_at\": \"2026-11-29T01:06:03+02:00\","
			   " \"person_id\": \"018F3A5C-0000-7ABC-8DEF-00000000000A\"}",
			   false);
	assert_string_equal(json_string_value(json_object_get(out, "crossed_at")),
			    "2026-11-28T23:06:03.000Z");
	assert_string_equal(json_string_value(json_object_get(out, "person_id")),
			    "018f3a5c-0000-7abc-8def-00000000000a");
	assert_int_equal(json_object_size(out), 4);
	json_decref(out);
	out = expect_valid("crossing",
			   "{\"bcp_code\": \"KZ-KORDAY\", \"direction\": \"out\","
			   " \"crossed_at\": \"2026-11-28T17:36:03.5-05:30\"}",
			   false);
	assert_string_equal(json_string_value(json_object_get(out, "crossed_at")),
			    "2026-11-28T23:06:03.500Z");
	json_decref(out);
	out = expect_valid("watchlist", "{\"expires_at\": \"2027-01-01t00:00:00.123456z\"}", true);
	assert_string_equal(json_string_value(json_object_get(out, "expires_at")),
			    "2027-01-01T00:00:00.123Z");
	json_decref(out);
	/* other values come back as given; absent optional fields stay absent */
	out = expect_valid("person",
			   "{\"surname\": \"Тохтасинов\", \"birth_date\": \"1990-02-28\","
			   " \"other_names\": [\"Tokhtasinov\", \"Токтасынов\"], \"assessment\": 2}",
			   false);
	assert_string_equal(json_string_value(json_object_get(out, "surname")), "Тохтасинов");
	assert_string_equal(json_string_value(json_object_get(out, "birth_date")), "1990-02-28");
	assert_int_equal(json_array_size(json_object_get(out, "other_names")), 2);
	assert_int_equal(json_integer_value(json_object_get(out, "assessment")), 2);
	assert_null(json_object_get(out, "classification"));
	assert_int_equal(model_record_classification(out), CLS_UNCLASSIFIED);
	json_decref(out);
}

static void test_check_value(void **state)
{
	const struct field_desc *f = model_field(type("crossing"), "crossed_at");
	struct strbuf detail;
	json_t *v = json_string("2026-11-29T01:06:03+02:00"), *out = NULL;
	(void)state;
	strbuf_init(&detail, 0);
	assert_int_equal(model_check_value(f, v, &detail, &out), 0);
	assert_string_equal(json_string_value(out), "2026-11-28T23:06:03.000Z");
	json_decref(out);
	json_decref(v);
	f = model_field(type("person"), "sex");
	v = json_string("Z");
	out = NULL;
	assert_int_equal(model_check_value(f, v, &detail, &out), RICS_E_INVALID);
	assert_null(out);
	assert_contains(detail.buf, "M, F, X");
	json_decref(v);
	strbuf_release(&detail);
}

static void test_embedded_nul(void **state)
{
	struct strbuf detail;
	json_t *body = json_object(), *out = NULL;
	(void)state;
	strbuf_init(&detail, 0);
	json_object_set_new(body, "surname", json_stringn("S\0x", 3));
	assert_int_equal(model_validate(type("person"), body, false, &detail, &out),
			 RICS_E_INVALID);
	assert_null(out);
	assert_contains(detail.buf, "'surname' contains a NUL");
	json_decref(body);
	strbuf_release(&detail);
}

static void test_list_limits(void **state)
{
	struct strbuf detail;
	const struct record_type *t = type("person");
	json_t *body = json_pack("{ss}", "surname", "S"), *names = json_array(), *out = NULL;
	char big[202];
	(void)state;
	strbuf_init(&detail, 0);
	for (int i = 0; i < 33; i++)
		json_array_append_new(names, json_string("n"));
	json_object_set_new(body, "other_names", names);
	assert_int_equal(model_validate(t, body, false, &detail, &out), RICS_E_INVALID);
	assert_contains(detail.buf, "more than 32 items");
	json_array_remove(names, 0);
	strbuf_reset(&detail);
	assert_int_equal(model_validate(t, body, false, &detail, &out), 0);
	json_decref(out);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	json_array_set_new(names, 0, json_string(big));
	strbuf_reset(&detail);
	out = NULL;
	assert_int_equal(model_validate(t, body, false, &detail, &out), RICS_E_INVALID);
	assert_contains(detail.buf, "'other_names[0]' is too long");
	json_decref(body);
	strbuf_release(&detail);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_descriptions_sane),
		cmocka_unit_test(test_every_type_minimal_and_full),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_server_fields),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_enum_values_listed),
		cmocka_unit_test(test_impossible_dates),
		cmocka_unit_test(test_handling_h3),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_normalised),
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_list_limits),
	};
	if (rics_ids_init() != 0)
		return 1;
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
