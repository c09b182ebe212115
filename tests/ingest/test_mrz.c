// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Tests of the MRZ parser and builders (src/ingest/mrz.c): the ICAO Doc 9303
 * specimens of every format, each check digit failing alone, broken lines
 * (wrong length, wrong count, lower case, characters that are not MRZ
 * characters), OCR suggestions, the century rules, special country codes,
 * builder round trips, the JSON form and its behaviour when allocations fail.
 */
#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "ingest/mrz.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* ICAO Doc 9303 specimens (Parts 4 to 7), check digits verified. */
static const char td3_1[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char td3_2[] = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
static const char td1_1[] = "I<UTOD231458907<<<<<<<<<<<<<<<";
static const char td1_2[] = "7408122F1204159UTO<<<<<<<<<<<6";
static const char td1_3[] = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
static const char td2_1[] = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<";
static const char td2_2[] = "D231458907UTO7408122F1204159<<<<<<<6";
static const char mrva_1[] = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char mrva_2[] = "L8988901C4XXX4009078F96121096ZE184226B<<<<<<";
static const char mrvb_1[] = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<";
static const char mrvb_2[] = "L8988901C4XXX4009078F9612109<<<<<<<<";

static int64_t ref_2026(void)
{
	return rics_days_from_civil(2026, 11, 28);
}

static int parse_text(const char *text, struct mrz_result *r)
{
	return mrz_parse(text, strlen(text), ref_2026(), r);
}

static int parse2(const char *l1, const char *l2, struct mrz_result *r)
{
	char text[256];
	snprintf(text, sizeof text, "%s\n%s", l1, l2);
	return parse_text(text, r);
}

static int parse3(const char *l1, const char *l2, const char *l3, struct mrz_result *r)
{
	char text[256];
	snprintf(text, sizeof text, "%s\n%s\n%s", l1, l2, l3);
	return parse_text(text, r);
}

static bool has_message(const struct mrz_messages *m, const char *part)
{
	for (size_t i = 0; i < m->count; i++)
		if (strstr(m->text[i], part))
			return true;
	return false;
}

static void print_messages(const struct mrz_result *r)
{
	for (size_t i = 0; i < r->errors.count; i++)
		print_message("error: %s\n", r->errors.text[i]);
	for (size_t i = 0; i < r->warnings.count; i++)
		print_message("warning: %s\n", r->warnings.text[i]);
	for (size_t i = 0; i < r->suggestions.count; i++)
		print_message("suggestion: %s\n", r->suggestions.text[i]);
}

static void assert_message(const struct mrz_messages *m, const char *part,
			   const struct mrz_result *r)
{
	if (!has_message(m, part)) {
		print_message("no message containing \"%s\"\n", part);
		print_messages(r);
		fail();
	}
}

/* 1 ok, 0 failed, -1 no such check. */
static int check_state(const struct mrz_result *r, const char *field)
{
	for (size_t i = 0; i < r->check_count; i++)
		if (!strcmp(r->checks[i].field, field))
			return r->checks[i].ok;
	return -1;
}

static void assert_all_checks_ok(const struct mrz_result *r, size_t count)
{
	assert_int_equal(r->check_count, count);
	for (size_t i = 0; i < r->check_count; i++)
		assert_true(r->checks[i].ok);
	if (!r->valid)
		print_messages(r);
	assert_true(r->valid);
	assert_int_equal(r->errors.count, 0);
}

static char digit(const char *s, size_t n)
{
	int d = mrz_check_digit(s, n);
	assert_true(d >= 0 && d <= 9);
	return (char)('0' + d);
}

/* Recompute every check digit of a TD3 line 2 (personal number check left
 * alone when it is '<'). */
static void fix_td3_checks(char *l2)
{
	char composite[40];

	l2[9] = digit(l2, 9);
	l2[19] = digit(l2 + 13, 6);
	l2[27] = digit(l2 + 21, 6);
	if (l2[42] != '<')
		l2[42] = digit(l2 + 28, 14);
	memcpy(composite, l2, 10);
	memcpy(composite + 10, l2 + 13, 7);
	memcpy(composite + 17, l2 + 21, 22);
	l2[43] = digit(composite, 39);
}

static void fix_td3_composite(char *l2)
{
	char composite[40];

	memcpy(composite, l2, 10);
	memcpy(composite + 10, l2 + 13, 7);
	memcpy(composite + 17, l2 + 21, 22);
	l2[43] = digit(composite, 39);
}

static void fix_td1_composite(const char *l1, char *l2)
{
	char composite[50];

	memcpy(composite, l1 + 5, 25);
	memcpy(composite + 25, l2, 7);
	memcpy(composite + 32, l2 + 8, 7);
	memcpy(composite + 39, l2 + 18, 11);
	l2[29] = digit(composite, 50);
}

/* ---- check digits and specimens -------------------------------------- */

static void test_check_digit(void **state)
{
	(void)state;
	assert_int_equal(mrz_check_digit("L898902C3", 9), 6);
	assert_int_equal(mrz_check_digit("740812", 6), 2);
	assert_int_equal(mrz_check_digit("120415", 6), 9);
	assert_int_equal(mrz_check_digit("ZE184226B<<<<<", 14), 1);
	assert_int_equal(mrz_check_digit("D23145890734", 12), 9);
	assert_int_equal(mrz_check_digit("<<<<<<", 6), 0);
	assert_int_equal(mrz_check_digit("", 0), 0);
	assert_int_equal(mrz_check_digit("abc", 3), RICS_E_INVALID);
	assert_int_equal(mrz_check_digit("A-B", 3), RICS_E_INVALID);
}

static void test_td3_specimen(void **state)
{
	struct mrz_result r;
	(void)state;

	assert_int_equal(parse2(td3_1, td3_2, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_TD3);
	assert_string_equal(r.document_code, "P<");
	assert_string_equal(r.issuing_state.code, "UTO");
	assert_true(r.issuing_state.special);
	assert_non_null(strstr(r.issuing_state.meaning, "specimen"));
	assert_string_equal(r.surname, "ERIKSSON");
	assert_string_equal(r.given_names, "ANNA MARIA");
	assert_false(r.name_truncated);
	assert_string_equal(r.document_number, "L898902C3");
	assert_string_equal(r.nationality.code, "UTO");
	assert_string_equal(r.birth_date.text, "1974-08-12");
	assert_false(r.birth_date.partial);
	assert_string_equal(r.expiry_date.text, "2012-04-15");
	assert_true(r.expired);
	assert_int_equal(r.sex, 'F');
	assert_string_equal(r.optional_data, "ZE184226B");
	assert_all_checks_ok(&r, 5);
	assert_int_equal(check_state(&r, "optional_data"), 1);
	assert_int_equal(check_state(&r, "composite"), 1);
	assert_int_equal(r.warnings.count, 0);
	assert_int_equal(r.suggestions.count, 0);
}

static void test_td1_specimen(void **state)
{
	struct mrz_result r;
	(void)state;

	assert_int_equal(parse3(td1_1, td1_2, td1_3, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_TD1);
	assert_string_equal(r.document_code, "I<");
	assert_string_equal(r.document_number, "D23145890");
	assert_string_equal(r.surname, "ERIKSSON");
	assert_string_equal(r.given_names, "ANNA MARIA");
	assert_string_equal(r.birth_date.text, "1974-08-12");
	assert_string_equal(r.expiry_date.text, "2012-04-15");
	assert_string_equal(r.nationality.code, "UTO");
	assert_string_equal(r.optional_data, "");
	assert_string_equal(r.optional_data_2, "");
	assert_int_equal(r.sex, 'F');
	assert_all_checks_ok(&r, 4);
	assert_int_equal(check_state(&r, "optional_data"), -1);
	assert_int_equal(r.warnings.count, 0);
}

static void test_td2_specimen(void **state)
{
	struct mrz_result r;
	(void)state;

	assert_int_equal(parse2(td2_1, td2_2, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_TD2);
	assert_string_equal(r.document_number, "D23145890");
	assert_string_equal(r.surname, "ERIKSSON");
	assert_string_equal(r.given_names, "ANNA MARIA");
	assert_string_equal(r.birth_date.text, "1974-08-12");
	assert_string_equal(r.expiry_date.text, "2012-04-15");
	assert_all_checks_ok(&r, 4);
	assert_int_equal(r.warnings.count, 0);
}

static void test_mrv_a_specimen(void **state)
{
	struct mrz_result r;
	(void)state;

	assert_int_equal(parse2(mrva_1, mrva_2, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_MRV_A);
	assert_string_equal(r.document_code, "V<");
	assert_string_equal(r.document_number, "L8988901C");
	assert_string_equal(r.nationality.code, "XXX");
	assert_true(r.nationality.special);
	assert_non_null(strstr(r.nationality.meaning, "unspecified"));
	assert_string_equal(r.birth_date.text, "1940-09-07");
	assert_string_equal(r.expiry_date.text, "1996-12-10");
	/* MRV-A optional data start right after the expiry check digit */
	assert_string_equal(r.optional_data, "6ZE184226B");
	assert_all_checks_ok(&r, 3);
	assert_int_equal(check_state(&r, "composite"), -1);
	assert_int_equal(r.warnings.count, 0);
}

static void test_mrv_b_specimen(void **state)
{
	struct mrz_result r;
	(void)state;

	assert_int_equal(parse2(mrvb_1, mrvb_2, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_MRV_B);
	assert_string_equal(r.document_number, "L8988901C");
	assert_string_equal(r.given_names, "ANNA MARIA");
	assert_string_equal(r.birth_date.text, "1940-09-07");
	assert_string_equal(r.expiry_date.text, "1996-12-10");
	assert_string_equal(r.optional_data, "");
	assert_all_checks_ok(&r, 3);
	assert_int_equal(check_state(&r, "composite"), -1);
}

static void test_td1_long_document_number(void **state)
{
	struct mrz_result r;
	(void)state;

	/* Doc 9303 Part 5: a 12-character number goes on in the optional data. */
	assert_int_equal(parse3("I<UTOD23145890<7349<<<<<<<<<<<", td1_2, td1_3, &r), 0);
	assert_string_equal(r.document_number, "D23145890734");
	assert_string_equal(r.optional_data, "");
	assert_all_checks_ok(&r, 4);

	/* its check digit wrong: the digit after the continuation is named */
	assert_int_equal(parse3("I<UTOD23145890<7348<<<<<<<<<<<", td1_2, td1_3, &r), 0);
	assert_int_equal(check_state(&r, "document_number"), 0);
	assert_message(
		&r.errors,
		"document number check digit fails: line 1 column 19 holds '8', the data give '9'",
		&r);

	/* TD2 has long numbers too, in its 7 columns of optional data */
	assert_int_equal(parse2(td2_1, "D23145890<UTO7408122F12041597349<<<2", &r), 0);
	assert_string_equal(r.document_number, "D23145890734");
	assert_all_checks_ok(&r, 4);

	/* '<' in the check digit column but no continuation */
	assert_int_equal(parse3("I<UTOD23145890<<<<<<<<<<<<<<<<", td1_2, td1_3, &r), 0);
	assert_int_equal(check_state(&r, "document_number"), 0);
	assert_message(&r.errors, "do not go on with it", &r);
}

/* ---- each check digit failing alone ---------------------------------- */

struct td3_flip {
	size_t col; /* 0-based column in line 2 */
	char to;
	const char *field;
	bool fix_composite;
};

static void test_td3_each_check_fails_alone(void **state)
{
	static const struct td3_flip flips[] = {
		{ 9, '7', "document_number", true }, { 19, '3', "birth_date", true },
		{ 27, '8', "expiry_date", true },    { 42, '2', "optional_data", true },
		{ 43, '1', "composite", false },
	};
	static const char *const fields[] = { "document_number", "birth_date", "expiry_date",
					      "optional_data", "composite" };
	(void)state;

	for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
		struct mrz_result r;
		char l2[45];
		memcpy(l2, td3_2, sizeof l2);
		l2[flips[i].col] = flips[i].to;
		if (flips[i].fix_composite)
			fix_td3_composite(l2);
		assert_int_equal(parse2(td3_1, l2, &r), 0);
		assert_false(r.valid);
		assert_int_equal(r.check_count, 5);
		for (size_t f = 0; f < 5; f++)
			assert_int_equal(check_state(&r, fields[f]),
					 strcmp(fields[f], flips[i].field) != 0);
		assert_message(&r.errors, "check digit fails", &r);
	}
}

static void test_td1_checks_fail(void **state)
{
	struct mrz_result r;
	char l1[31], l2[31];
	(void)state;

	/* document number check digit 7 -> 8, composite kept right */
	memcpy(l1, td1_1, sizeof l1);
	memcpy(l2, td1_2, sizeof l2);
	l1[14] = '8';
	fix_td1_composite(l1, l2);
	assert_int_equal(parse3(l1, l2, td1_3, &r), 0);
	assert_int_equal(check_state(&r, "document_number"), 0);
	assert_int_equal(check_state(&r, "birth_date"), 1);
	assert_int_equal(check_state(&r, "expiry_date"), 1);
	assert_int_equal(check_state(&r, "composite"), 1);
	assert_false(r.valid);

	/* the optional data on line 1 are under the composite check only */
	memcpy(l1, td1_1, sizeof l1);
	l1[20] = 'X';
	assert_int_equal(parse3(l1, td1_2, td1_3, &r), 0);
	assert_int_equal(check_state(&r, "document_number"), 1);
	assert_int_equal(check_state(&r, "composite"), 0);
	assert_message(&r.errors, "composite check digit fails: line 2 column 30", &r);
}

static void test_mrv_check_fails(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	memcpy(l2, mrva_2, sizeof l2);
	l2[27] = '0';
	assert_int_equal(parse2(mrva_1, l2, &r), 0);
	assert_int_equal(check_state(&r, "expiry_date"), 0);
	assert_int_equal(check_state(&r, "document_number"), 1);
	assert_false(r.valid);
}

static void test_personal_number_filler_check(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	/* empty personal number: check digit '<' or '0' */
	memcpy(l2, td3_2, sizeof l2);
	memset(l2 + 28, '<', 15);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_all_checks_ok(&r, 5);
	assert_string_equal(r.optional_data, "");
	l2[42] = '0';
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_all_checks_ok(&r, 5);

	/* '<' as the check digit of a personal number that is not empty */
	memcpy(l2, td3_2, sizeof l2);
	l2[42] = '<';
	fix_td3_composite(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_int_equal(check_state(&r, "optional_data"), 0);
	assert_message(&r.errors, "right only when the field is empty", &r);
}

/* ---- broken input ---------------------------------------------------- */

static void test_truncated_and_overlong_lines(void **state)
{
	struct mrz_result r;
	char l2[64];
	(void)state;

	snprintf(l2, sizeof l2, "%.43s", td3_2);
	assert_int_equal(parse2(td3_1, l2, &r), RICS_E_INVALID);
	assert_int_equal(r.format, MRZ_FORMAT_UNKNOWN);
	assert_false(r.valid);
	assert_message(&r.errors, "line 2 is 43 characters long; TD3 and MRV-A lines have 44", &r);

	snprintf(l2, sizeof l2, "%s<", td3_2);
	assert_int_equal(parse2(td3_1, l2, &r), RICS_E_INVALID);
	assert_message(&r.errors, "line 2 is 45 characters long", &r);
	assert_message(&r.suggestions, "line 2 ends in 1 filler '<' too many", &r);

	snprintf(l2, sizeof l2, "%.10s %s", td3_2, td3_2 + 10);
	assert_int_equal(parse2(td3_1, l2, &r), RICS_E_INVALID);
	assert_message(&r.suggestions, "line 2 holds 1 space(s), the first at column 11", &r);
	assert_message(&r.errors, "line 2 column 11: a space is not an MRZ character", &r);

	/* trailing fillers cut off */
	assert_int_equal(parse2(td3_1, "L898902C36UTO7408122F1204159ZE184226B<<<<<10", &r), 0);
	assert_int_equal(parse2("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<", td3_2, &r),
			 RICS_E_INVALID);
	assert_message(&r.suggestions, "line 1 ends in fillers and may have lost 2 more", &r);

	/* TD1 line 3 cut short */
	assert_int_equal(parse3(td1_1, td1_2, "ERIKSSON<<ANNA<MARIA", &r), RICS_E_INVALID);
	assert_message(&r.errors, "line 3 is 20 characters long; TD1 lines have 30", &r);

	/* both lines of a length no format has */
	assert_int_equal(parse2("P<UTOERIKSSON<<ANNA", "L898902C36UTO740812", &r), RICS_E_INVALID);
	assert_message(&r.errors, "line 1 is 19 characters long", &r);
}

static void test_wrong_line_counts(void **state)
{
	struct mrz_result r;
	char text[256];
	(void)state;

	assert_int_equal(parse_text(td3_1, &r), RICS_E_INVALID);
	assert_message(&r.errors, "1 line of 44 characters", &r);

	snprintf(text, sizeof text, "%s\n%s\n%s\n%s", td1_1, td1_2, td1_3, td1_3);
	assert_int_equal(parse_text(text, &r), RICS_E_INVALID);
	assert_message(&r.errors, "4 lines; an MRZ has 2 lines", &r);

	assert_int_equal(parse_text("", &r), RICS_E_INVALID);
	assert_message(&r.errors, "no MRZ text", &r);
	assert_int_equal(parse_text("  \r\n\t\n \n", &r), RICS_E_INVALID);
	assert_message(&r.errors, "no MRZ text", &r);

	assert_int_equal(parse2(td1_1, td1_2, &r), RICS_E_INVALID);
	assert_message(&r.errors, "a TD1 MRZ has 3 lines", &r);

	/* a whole two-line MRZ and a line of something else */
	snprintf(text, sizeof text, "%s\n%s\nSCANNED OK", mrva_1, mrva_2);
	assert_int_equal(parse_text(text, &r), RICS_E_INVALID);
	assert_message(
		&r.errors,
		"3 lines, but lines 1 and 2 have 44 characters, the width of a two-line MRZ (TD3 and MRV-A); line 3 is extra",
		&r);
	snprintf(text, sizeof text, "Header\n%s\n%s", td2_1, td2_2);
	assert_int_equal(parse_text(text, &r), RICS_E_INVALID);
	assert_message(&r.errors, "line 1 is extra", &r);

	/* TD3 line 1 with a TD1 line 2 */
	assert_int_equal(parse2(td3_1, td1_2, &r), RICS_E_INVALID);
	assert_message(&r.errors, "line 2 is 30 characters long; TD3 and MRV-A lines have 44", &r);
}

static void test_lower_case(void **state)
{
	struct mrz_result r;
	char l1[45], l2[45];
	(void)state;

	for (size_t i = 0; i < 45; i++) {
		l1[i] = (char)(td3_1[i] >= 'A' && td3_1[i] <= 'Z' ? td3_1[i] + 32 : td3_1[i]);
		l2[i] = (char)(td3_2[i] >= 'A' && td3_2[i] <= 'Z' ? td3_2[i] + 32 : td3_2[i]);
	}
	assert_int_equal(parse2(l1, l2, &r), 0);
	assert_all_checks_ok(&r, 5);
	assert_string_equal(r.surname, "ERIKSSON");
	assert_string_equal(r.document_number, "L898902C3");
	assert_message(&r.warnings, "line 1 has lower-case letters (the first at column 1)", &r);
	assert_message(&r.warnings, "line 2 has lower-case letters (the first at column 1)", &r);
	/* a lower-case 'v' still makes a visa */
	memcpy(l1, mrva_1, sizeof l1);
	l1[0] = 'v';
	assert_int_equal(parse2(l1, mrva_2, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_MRV_A);
}

static void test_invalid_characters(void **state)
{
	struct mrz_result r;
	char l2[64];
	(void)state;

	memcpy(l2, td3_2, 45);
	l2[4] = '-';
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_false(r.valid);
	assert_message(&r.errors, "line 2 column 5: '-' is not an MRZ character", &r);
	assert_message(&r.errors,
		       "document number check digit at line 2 column 10 cannot be computed", &r);
	assert_string_equal(r.document_number, "L898?02C3");

	/* a guillemet for the last filler of line 1: one column, named U+00AB */
	char l1[64];
	snprintf(l1, sizeof l1, "%.43s\xC2\xAB", td3_1);
	assert_int_equal(parse2(l1, td3_2, &r), 0);
	assert_message(&r.errors, "line 1 column 44: U+00AB is not an MRZ character", &r);

	/* a byte that is not UTF-8, and a NUL */
	char text[128];
	size_t len = (size_t)snprintf(text, sizeof text, "%s\n%s", td3_1, td3_2);
	text[45 + 20] = (char)0xFF;
	text[45 + 21] = '\0';
	assert_int_equal(mrz_parse(text, len, ref_2026(), &r), 0);
	assert_message(&r.errors, "line 2 column 21: byte 0xFF (not UTF-8) is not an MRZ character",
		       &r);
	assert_message(&r.errors, "line 2 column 22: U+0000 is not an MRZ character", &r);
	assert_int_equal(r.sex, '?');
}

static void test_impossible_dates(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	memcpy(l2, td3_2, sizeof l2);
	memcpy(l2 + 13, "741312", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_false(r.valid);
	assert_message(&r.errors,
		       "date of birth at line 2 columns 14-19 is '741312': month 13 does not exist",
		       &r);
	assert_string_equal(r.birth_date.text, "");

	memcpy(l2 + 13, "740230", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_message(&r.errors, "1974-02-30 does not exist", &r);

	memcpy(l2 + 13, "740812", 6);
	memcpy(l2 + 21, "120432", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_message(&r.errors,
		       "expiry date at line 2 columns 22-27 is '120432': day 32 does not exist",
		       &r);

	memcpy(l2 + 21, "12<<15", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_message(&r.errors, "unknown parts must be '<<' and come last", &r);
}

static void test_partial_dates(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	memcpy(l2, td3_2, sizeof l2);
	memcpy(l2 + 13, "7408<<", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_true(r.valid);
	assert_string_equal(r.birth_date.text, "1974-08");
	assert_true(r.birth_date.partial);
	assert_int_equal(r.birth_date.day, 0);
	assert_message(&r.warnings, "date of birth is partial: the day is unknown; read as 1974-08",
		       &r);

	memcpy(l2 + 13, "74<<<<", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_string_equal(r.birth_date.text, "1974");
	assert_true(r.birth_date.partial);

	memcpy(l2 + 13, "740800", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_string_equal(r.birth_date.text, "1974-08");
	assert_message(&r.warnings, "gives day 00; read as unknown", &r);

	memcpy(l2 + 13, "<<<<<<", 6);
	fix_td3_checks(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_true(r.valid);
	assert_string_equal(r.birth_date.text, "");
	assert_message(&r.warnings, "date of birth at line 2 columns 14-19 is unknown", &r);
	l2[19] = '<'; /* '<' as the check digit of an unknown date */
	fix_td3_composite(l2);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_int_equal(check_state(&r, "birth_date"), 1);
}

/* ---- OCR suggestions ------------------------------------------------- */

static void test_ocr_suggestion_document_number(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	memcpy(l2, td3_2, sizeof l2);
	l2[5] = 'O'; /* L898902C3 read as L8989O2C3 */
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_false(r.valid);
	assert_int_equal(check_state(&r, "document_number"), 0);
	assert_int_equal(check_state(&r, "composite"), 0);
	assert_message(
		&r.suggestions,
		"document number check digit fails; reading 'O' at line 2 column 6 as '0' makes it pass (and the composite check)",
		&r);
	/* never applied */
	assert_string_equal(r.document_number, "L8989O2C3");
	assert_int_equal(r.suggestions.count, 1);
}

static void test_ocr_suggestion_two_misreads(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	/* two misreads under one composite: neither alone can repair it */
	memcpy(l2, td3_2, sizeof l2);
	l2[5] = 'O';
	l2[15] = 'O';
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_int_equal(check_state(&r, "document_number"), 0);
	assert_int_equal(check_state(&r, "birth_date"), 0);
	assert_int_equal(check_state(&r, "composite"), 0);
	assert_message(
		&r.suggestions,
		"document number check digit fails; reading 'O' at line 2 column 6 as '0' makes it pass",
		&r);
	assert_message(
		&r.suggestions,
		"date of birth check digit fails; reading 'O' at line 2 column 16 as '0' makes it pass",
		&r);
	assert_message(&r.suggestions,
		       "taken together, the 2 readings above make the composite check pass too",
		       &r);
	assert_int_equal(r.suggestions.count, 3);
}

static void test_ocr_suggestion_dates_and_digits(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	memcpy(l2, td3_2, sizeof l2);
	l2[15] = 'O'; /* 740812 read as 74O812 */
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_message(&r.errors, "date of birth at line 2 column 16: 'O' is not a digit", &r);
	assert_message(
		&r.suggestions,
		"date of birth check digit fails; reading 'O' at line 2 column 16 as '0' makes it pass (and the composite check)",
		&r);
	assert_string_equal(r.birth_date.text, "");

	memcpy(l2, td3_2, sizeof l2);
	l2[19] = 'Z'; /* check digit 2 read as Z */
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_message(&r.errors,
		       "date of birth check digit at line 2 column 20 is 'Z', not a digit", &r);
	assert_message(&r.suggestions, "reading 'Z' at line 2 column 20 as '2' makes it pass", &r);

	/* S for 5 in a TD1 expiry date: no check digit over it is right either way */
	char t2[31];
	memcpy(t2, td1_2, sizeof t2);
	t2[12] = 'S';
	assert_int_equal(parse3(td1_1, t2, td1_3, &r), 0);
	assert_message(&r.suggestions,
		       "reading 'S' at line 2 column 13 as '5' (the expiry date holds only digits)",
		       &r);
}

static void test_ocr_suggestion_letters(void **state)
{
	struct mrz_result r;
	char l1[45], l2[45];
	(void)state;

	memcpy(l1, td3_1, sizeof l1);
	l1[7] = '1'; /* ERIKSSON read as ER1KSSON */
	assert_int_equal(parse2(l1, td3_2, &r), 0);
	assert_false(r.valid);
	assert_message(&r.errors, "line 1 column 8: '1' in the name is not a letter", &r);
	assert_message(&r.suggestions,
		       "reading '1' at line 1 column 8 as 'I' (the name holds only letters)", &r);
	assert_string_equal(r.surname, "ER1KSSON");

	memcpy(l2, td3_2, sizeof l2);
	l2[12] = '0'; /* nationality UTO read as UT0 (not under any check digit) */
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_false(r.valid);
	assert_message(
		&r.errors,
		"nationality at line 2 columns 11-13 is 'UT0': neither three letters nor a known code",
		&r);
	assert_message(&r.suggestions, "reading '0' at line 2 column 13 as 'O' or 'D'", &r);
}

/* ---- century rules --------------------------------------------------- */

static void build_parse_td3(const char *birth, const char *expiry, int64_t ref,
			    struct mrz_result *r)
{
	char text[MRZ_TD3_TEXT_SIZE];
	const struct mrz_fields f = {
		.document_code = "P",
		.issuing_state = "KAZ",
		.surname = "Test",
		.given_names = "Case",
		.document_number = "N1234567",
		.nationality = "KAZ",
		.birth_date = birth,
		.expiry_date = expiry,
		.sex = 'M',
	};

	assert_int_equal(mrz_build_td3(&f, text), 0);
	assert_int_equal(mrz_parse(text, strlen(text), ref, r), 0);
	if (r->errors.count)
		print_messages(r);
	assert_int_equal(r->errors.count, 0);
}

static void test_century_rules(void **state)
{
	struct mrz_result r;
	(void)state;

	build_parse_td3("1974-08-12", "2031-01-01", ref_2026(), &r);
	assert_string_equal(r.birth_date.text, "1974-08-12");
	assert_string_equal(r.expiry_date.text, "2031-01-01");
	assert_false(r.expired);
	build_parse_td3("2012-01-01", "1996-12-10", ref_2026(), &r);
	assert_string_equal(r.birth_date.text, "2012-01-01");
	assert_string_equal(r.expiry_date.text, "1996-12-10"); /* 2096 is past ref + 50 */
	assert_true(r.expired);
	/* born today, or tomorrow a century ago */
	build_parse_td3("2026-11-28", "2076-01-01", ref_2026(), &r);
	assert_string_equal(r.birth_date.text, "2026-11-28");
	assert_string_equal(r.expiry_date.text, "1976-01-01"); /* the window ends before ref + 50 */
	build_parse_td3("1926-11-29", "2075-12-31", ref_2026(), &r);
	assert_string_equal(r.birth_date.text, "1926-11-29");
	assert_string_equal(r.expiry_date.text, "2075-12-31");
	/* the same MRZ read in 2010: born 1912 */
	build_parse_td3("2012-01-01", "2031-01-01", rics_days_from_civil(2010, 6, 1), &r);
	assert_string_equal(r.birth_date.text, "1912-01-01");
	/* 29 February: 2000 is a leap year, 1900 is not */
	build_parse_td3("2000-02-29", "2030-02-28", ref_2026(), &r);
	assert_string_equal(r.birth_date.text, "2000-02-29");
}

static void test_reference_out_of_range(void **state)
{
	struct mrz_result r;
	char text[128];
	(void)state;

	snprintf(text, sizeof text, "%s\n%s", td3_1, td3_2);
	assert_int_equal(mrz_parse(text, strlen(text), INT64_MAX, &r), -EINVAL);
	assert_message(&r.errors, "reference date out of range", &r);
	assert_int_equal(mrz_parse(text, strlen(text), INT64_MIN, &r), -EINVAL);
	assert_int_equal(mrz_parse(text, strlen(text), ref_2026(), NULL), -EINVAL);
	assert_int_equal(mrz_parse(NULL, 5, ref_2026(), &r), -EINVAL);
	assert_int_equal(mrz_parse(NULL, 0, ref_2026(), &r), RICS_E_INVALID);
}

/* ---- country codes --------------------------------------------------- */

static void test_special_country_codes(void **state)
{
	static const struct {
		const char *code, *shown, *meaning;
	} cases[] = {
		{ "D", "D", "Germany" },
		{ "UNO", "UNO", "United Nations" },
		{ "UNA", "UNA", "specialized agency" },
		{ "UNK", "UNK", "Kosovo" },
		{ "XXA", "XXA", "stateless" },
		{ "XXB", "XXB", "refugee (1951" },
		{ "XXC", "XXC", "other than" },
		{ "XOM", "XOM", "Malta" },
		{ "XXX", "XXX", "unspecified" },
		{ "EUE", "EUE", "European Union" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct mrz_result r;
		char text[MRZ_TD3_TEXT_SIZE];
		const struct mrz_fields f = {
			.document_code = "P",
			.issuing_state = cases[i].code,
			.surname = "Doe",
			.document_number = "X1",
			.nationality = cases[i].code,
			.birth_date = "1980-01-01",
			.expiry_date = "2030-01-01",
		};
		assert_int_equal(mrz_build_td3(&f, text), 0);
		assert_int_equal(parse_text(text, &r), 0);
		assert_all_checks_ok(&r, 5);
		assert_string_equal(r.nationality.code, cases[i].shown);
		assert_true(r.nationality.special);
		assert_non_null(strstr(r.nationality.meaning, cases[i].meaning));
		assert_true(r.issuing_state.special);
		assert_int_equal(r.warnings.count, 0);
	}
}

static void test_ordinary_and_bad_country_codes(void **state)
{
	struct mrz_result r;
	char l2[45];
	(void)state;

	memcpy(l2, td3_2, sizeof l2);
	memcpy(l2 + 10, "KGZ", 3);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_true(r.valid);
	assert_false(r.nationality.special);
	assert_null(r.nationality.meaning);
	assert_int_equal(r.warnings.count, 0);

	/* the ends of the ISO table */
	memcpy(l2 + 10, "ABW", 3);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_int_equal(r.warnings.count, 0);
	memcpy(l2 + 10, "ZWE", 3);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_int_equal(r.warnings.count, 0);

	memcpy(l2 + 10, "QQQ", 3); /* alphabetic but unknown: a warning */
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_true(r.valid);
	assert_message(&r.warnings,
		       "nationality 'QQQ' is neither an ISO 3166-1 alpha-3 code nor a Doc 9303 code",
		       &r);

	memcpy(l2 + 10, "A<<", 3); /* only D may be followed by fillers */
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_false(r.valid);
	assert_message(&r.errors, "nationality at line 2 columns 11-13 is 'A<<'", &r);

	memcpy(l2 + 10, "<<<", 3);
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_message(&r.errors, "nationality at line 2 columns 11-13 is empty", &r);
}

/* ---- builders --------------------------------------------------------- */

static void test_build_td3_round_trip(void **state)
{
	struct mrz_result r;
	char text[MRZ_TD3_TEXT_SIZE];
	const struct mrz_fields f = {
		.document_code = "P",
		.issuing_state = "KAZ",
		.surname = "O'Brien-Smith",
		.given_names = "Mary  Ann",
		.document_number = "n12345678",
		.nationality = "uzb",
		.birth_date = "1990-02-28",
		.expiry_date = "2033-07-01",
		.sex = 'x',
		.optional_data = "1234 5678",
	};
	(void)state;

	assert_int_equal(mrz_build_td3(&f, text), 0);
	/* check digits verified independently */
	assert_string_equal(text, "P<KAZOBRIEN<SMITH<<MARY<ANN<<<<<<<<<<<<<<<<<\n"
				  "N123456785UZB9002281X33070101234<5678<<<<<08");
	assert_int_equal(parse_text(text, &r), 0);
	assert_all_checks_ok(&r, 5);
	assert_string_equal(r.surname, "OBRIEN SMITH");
	assert_string_equal(r.given_names, "MARY ANN");
	assert_string_equal(r.document_number, "N12345678");
	assert_string_equal(r.nationality.code, "UZB");
	assert_string_equal(r.birth_date.text, "1990-02-28");
	assert_string_equal(r.expiry_date.text, "2033-07-01");
	assert_int_equal(r.sex, 'X');
	assert_string_equal(r.optional_data, "1234<5678");
	assert_int_equal(r.warnings.count, 0);
}

static void test_build_td1_round_trip(void **state)
{
	struct mrz_result r;
	char text[MRZ_TD1_TEXT_SIZE];
	struct mrz_fields f = {
		.document_code = "ID",
		.issuing_state = "D",
		.surname = "Mustermann",
		.given_names = "Erika",
		.document_number = "D23145890734",
		.nationality = "D",
		.birth_date = "1964-08-12",
		.expiry_date = "2031-10-31",
		.sex = 'F',
		.optional_data = "AB12",
		.optional_data_2 = "XYZ",
	};
	(void)state;

	assert_int_equal(mrz_build_td1(&f, text), 0);
	assert_int_equal(parse_text(text, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_TD1);
	assert_all_checks_ok(&r, 4);
	assert_string_equal(r.document_code, "ID");
	assert_string_equal(r.document_number, "D23145890734");
	assert_string_equal(r.optional_data, "AB12");
	assert_string_equal(r.optional_data_2, "XYZ");
	assert_string_equal(r.issuing_state.code, "D");
	assert_string_equal(r.surname, "MUSTERMANN");

	f.document_number = "L01X00T47";
	f.optional_data = NULL;
	assert_int_equal(mrz_build_td1(&f, text), 0);
	assert_int_equal(parse_text(text, &r), 0);
	assert_all_checks_ok(&r, 4);
	assert_string_equal(r.document_number, "L01X00T47");

	/* the longest number a TD1 can hold: 9 + 13 */
	f.document_number = "ABCDEFGHIJKLMNOPQRSTUV";
	assert_int_equal(mrz_build_td1(&f, text), 0);
	assert_int_equal(parse_text(text, &r), 0);
	assert_all_checks_ok(&r, 4);
	assert_string_equal(r.document_number, "ABCDEFGHIJKLMNOPQRSTUV");
}

static void test_build_refuses_bad_fields(void **state)
{
	char text[MRZ_TD3_TEXT_SIZE], before[MRZ_TD3_TEXT_SIZE];
	char text1[MRZ_TD1_TEXT_SIZE];
	const struct mrz_fields good = {
		.document_code = "P",
		.issuing_state = "KAZ",
		.surname = "Doe",
		.document_number = "X1",
		.nationality = "KAZ",
	};
	struct mrz_fields f;
	(void)state;

	memset(text, 'z', sizeof text);
	memcpy(before, text, sizeof text);
	f = good, f.surname = "D0e";
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.surname = "Müller";
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.surname = NULL;
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.document_number = "ABCDEFGHIJ";
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.birth_date = "2023-02-30";
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.birth_date = "23-02-03";
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.sex = 'Q';
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.nationality = "K1Z";
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	f = good, f.optional_data = "123456789012345";
	assert_int_equal(mrz_build_td3(&f, text), RICS_E_INVALID);
	assert_int_equal(mrz_build_td3(NULL, text), RICS_E_INVALID);
	assert_memory_equal(text, before, sizeof text);
	f = good, f.document_number = "ABCDEFGHIJKLMNOPQRSTUVW";
	assert_int_equal(mrz_build_td1(&f, text1), RICS_E_INVALID);
	f = good, f.document_number = "ABCDEFGHIJKL", f.optional_data = "1234567890123";
	assert_int_equal(mrz_build_td1(&f, text1), RICS_E_INVALID);
}

static void test_truncated_name(void **state)
{
	struct mrz_result r;
	char text[MRZ_TD3_TEXT_SIZE];
	const struct mrz_fields f = {
		.document_code = "P",
		.issuing_state = "KAZ",
		.surname = "Abdurakhmanovaaaaaaaaaaaaaaa",
		.given_names = "Gulnarakhon Bakhtiyorovna",
		.document_number = "X1",
		.nationality = "KAZ",
	};
	(void)state;

	assert_int_equal(mrz_build_td3(&f, text), 0);
	assert_int_equal(parse_text(text, &r), 0);
	assert_true(r.name_truncated);
	assert_string_equal(r.given_names, "GULNARAKH");
	assert_message(&r.warnings,
		       "the name field is full (line 1 ends in 'H'); the name may be truncated",
		       &r);
	assert_true(r.valid);
}

/* ---- input forms ------------------------------------------------------ */

static void test_input_forms(void **state)
{
	struct mrz_result r;
	char text[256];
	const char *const lines[] = { td1_1, "  ", td1_2, td1_3 };
	(void)state;

	snprintf(text, sizeof text, "\r\n  %s \r\n\r\n\t%s\t\r\n\n", td3_1, td3_2);
	assert_int_equal(parse_text(text, &r), 0);
	assert_all_checks_ok(&r, 5);
	assert_int_equal(r.warnings.count, 0);

	snprintf(text, sizeof text, "%s\r%s", td2_1, td2_2);
	assert_int_equal(parse_text(text, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_TD2);

	assert_int_equal(mrz_parse_lines(lines, 4, ref_2026(), &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_TD1);
	assert_all_checks_ok(&r, 4);
	assert_int_equal(mrz_parse_lines(NULL, 0, ref_2026(), &r), RICS_E_INVALID);
	assert_int_equal(mrz_parse_lines(NULL, 2, ref_2026(), &r), -EINVAL);

	snprintf(text, sizeof text, "%s%s", td3_1, td3_2);
	assert_int_equal(parse_text(text, &r), 0);
	assert_all_checks_ok(&r, 5);
	assert_message(&r.warnings, "one line of 88 characters; read as 2 lines of 44", &r);
	snprintf(text, sizeof text, "%s%s%s", td1_1, td1_2, td1_3);
	assert_int_equal(parse_text(text, &r), 0);
	assert_int_equal(r.format, MRZ_FORMAT_TD1);
}

static void test_unusual_document_codes(void **state)
{
	struct mrz_result r;
	char l1[45], t1[31];
	(void)state;

	memcpy(l1, td3_1, sizeof l1);
	l1[0] = 'I';
	assert_int_equal(parse2(l1, td3_2, &r), 0);
	assert_true(r.valid);
	assert_message(&r.warnings, "document code 'I' is unusual on a TD3 document (expected P)",
		       &r);

	memcpy(t1, td1_1, sizeof t1);
	t1[0] = 'V';
	assert_int_equal(parse3(t1, td1_2, td1_3, &r), 0);
	assert_message(&r.warnings, "visas are MRV-A or MRV-B", &r);

	memcpy(l1, td3_1, sizeof l1);
	l1[0] = '1';
	assert_int_equal(parse2(l1, td3_2, &r), 0);
	assert_false(r.valid);
	assert_message(&r.errors, "document code at line 1 column 1 is '1'; it must be a letter",
		       &r);
	assert_message(&r.suggestions, "reading '1' at line 1 column 1 as 'I'", &r);
}

static void test_sex_values(void **state)
{
	struct mrz_result r;
	char l2[45];
	json_t *j;
	(void)state;

	memcpy(l2, td3_2, sizeof l2);
	l2[20] = '<';
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_true(r.valid);
	assert_int_equal(r.sex, '<');
	assert_int_equal(mrz_to_json(&r, &j), 0);
	assert_true(json_is_null(json_object_get(json_object_get(j, "person"), "sex")));
	json_decref(j);

	l2[20] = 'Q';
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	assert_false(r.valid);
	assert_int_equal(r.sex, '?');
	assert_message(&r.errors, "sex at line 2 column 21 is 'Q'; it must be M, F, X or '<'", &r);
}

/* ---- JSON ------------------------------------------------------------ */

static const char *json_text(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);
	if (b)
		v = json_object_get(v, b);
	return json_string_value(v);
}

static void test_json(void **state)
{
	struct mrz_result r;
	json_t *j;
	(void)state;

	assert_int_equal(parse2(td3_1, td3_2, &r), 0);
	assert_int_equal(mrz_to_json(&r, &j), 0);
	assert_string_equal(json_text(j, "format", NULL), "TD3");
	assert_string_equal(json_text(j, "document", "type"), "P");
	assert_string_equal(json_text(j, "document", "kind"), "passport");
	assert_string_equal(json_text(j, "document", "number"), "L898902C3");
	assert_string_equal(json_text(j, "document", "issuing_state"), "UTO");
	assert_non_null(json_text(j, "document", "issuing_state_note"));
	assert_string_equal(json_text(j, "document", "expiry_date"), "2012-04-15");
	assert_string_equal(json_text(j, "document", "optional_data"), "ZE184226B");
	assert_null(json_object_get(json_object_get(j, "document"), "optional_data_2"));
	assert_string_equal(json_text(j, "person", "surname"), "ERIKSSON");
	assert_string_equal(json_text(j, "person", "given_names"), "ANNA MARIA");
	assert_string_equal(json_text(j, "person", "birth_date"), "1974-08-12");
	assert_string_equal(json_text(j, "person", "sex"), "F");
	assert_string_equal(json_text(j, "person", "nationality"), "UTO");
	assert_true(json_is_true(json_object_get(j, "valid")));
	json_t *checks = json_object_get(j, "checks");
	assert_int_equal(json_array_size(checks), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(checks, 0), "field")),
			    "document_number");
	assert_true(json_is_true(json_object_get(json_array_get(checks, 4), "ok")));
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "warnings")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "suggestions")), 0);
	json_decref(j);

	/* unreadable: nulls, not valid, the errors say why */
	assert_int_equal(parse_text("hello", &r), RICS_E_INVALID);
	assert_int_equal(mrz_to_json(&r, &j), 0);
	assert_true(json_is_null(json_object_get(j, "format")));
	assert_true(json_is_null(json_object_get(json_object_get(j, "document"), "number")));
	assert_true(json_is_false(json_object_get(j, "valid")));
	assert_true(json_array_size(json_object_get(j, "errors")) > 0);
	json_decref(j);
}

static void test_json_when_allocations_fail(void **state)
{
	struct mrz_result r;
	char l2[45];
	json_t *j = NULL;
	int rc = -ENOMEM;
	(void)state;

	memcpy(l2, td3_2, sizeof l2);
	l2[5] = 'O';
	assert_int_equal(parse2(td3_1, l2, &r), 0);
	rics_alloc_install();
	for (long n = 1; n < 1000 && rc; n++) {
		rics_alloc_fail_after(n);
		rc = mrz_to_json(&r, &j);
		rics_alloc_fail_after(0);
		assert_true(rc == 0 || rc == -ENOMEM);
	}
	assert_int_equal(rc, 0);
	json_decref(j);
}

static void test_message_overflow(void **state)
{
	struct mrz_result r;
	char l1[45], l2[45];
	json_t *j;
	(void)state;

	memset(l1, '.', 44);
	memset(l2, '.', 44);
	l1[44] = l2[44] = '\0';
	assert_int_equal(parse2(l1, l2, &r), 0);
	assert_false(r.valid);
	assert_int_equal(r.errors.count, MRZ_MAX_MESSAGES);
	assert_true(r.errors.dropped > 0);
	assert_int_equal(mrz_to_json(&r, &j), 0);
	json_t *errors = json_object_get(j, "errors");
	assert_int_equal(json_array_size(errors), MRZ_MAX_MESSAGES + 1);
	assert_non_null(strstr(json_string_value(json_array_get(errors, MRZ_MAX_MESSAGES)),
			       "more not shown"));
	json_decref(j);
}

/* Arbitrary bytes never crash and keep the invariants of mrz.h. */
static void test_garbage(void **state)
{
	uint32_t seed = 12345;
	char text[200];
	(void)state;

	for (int round = 0; round < 3000; round++) {
		struct mrz_result r;
		json_t *j;
		size_t len = (size_t)(round % 190);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly MRZ characters and newlines, some anything */
			static const char alphabet[] =
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<\n";
			unsigned v = seed >> 16;
			text[i] = v % 7 ? alphabet[v % (sizeof alphabet - 1)] : (char)(v >> 3);
		}
		int rc = mrz_parse(text, len, ref_2026(), &r);
		assert_true(rc == 0 || rc == RICS_E_INVALID);
		assert_true(!r.valid || (rc == 0 && r.errors.count == 0));
		assert_int_equal(mrz_to_json(&r, &j), 0);
		char *dump = json_dumps(j, 0);
		assert_non_null(dump);
		free(dump);
		json_decref(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_digit),
		cmocka_unit_test(test_td3_specimen),
		cmocka_unit_test(test_td1_specimen),
		cmocka_unit_test(test_td2_specimen),
		cmocka_unit_test(test_mrv_a_specimen),
		cmocka_unit_test(test_mrv_b_specimen),
		cmocka_unit_test(test_td1_long_document_number),
		cmocka_unit_test(test_td3_each_check_fails_alone),
		cmocka_unit_test(test_td1_checks_fail),
		cmocka_unit_test(test_mrv_check_fails),
		cmocka_unit_test(test_personal_number_filler_check),
		cmocka_unit_test(test_truncated_and_overlong_lines),
		cmocka_unit_test(test_wrong_line_counts),
		cmocka_unit_test(test_lower_case),
		cmocka_unit_test(test_invalid_characters),
		cmocka_unit_test(test_impossible_dates),
		cmocka_unit_test(test_partial_dates),
		cmocka_unit_test(test_ocr_suggestion_document_number),
		cmocka_unit_test(test_ocr_suggestion_two_misreads),
		cmocka_unit_test(test_ocr_suggestion_dates_and_digits),
		cmocka_unit_test(test_ocr_suggestion_letters),
		cmocka_unit_test(test_century_rules),
		cmocka_unit_test(test_reference_out_of_range),
		cmocka_unit_test(test_special_country_codes),
		cmocka_unit_test(test_ordinary_and_bad_country_codes),
		cmocka_unit_test(test_build_td3_round_trip),
		cmocka_unit_test(test_build_td1_round_trip),
		cmocka_unit_test(test_build_refuses_bad_fields),
		cmocka_unit_test(test_truncated_name),
		cmocka_unit_test(test_input_forms),
		cmocka_unit_test(test_unusual_document_codes),
		cmocka_unit_test(test_sex_values),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_when_allocations_fail),
		cmocka_unit_test(test_message_overflow),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
