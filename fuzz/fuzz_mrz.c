// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for the MRZ parser of ingest/mrz.h, which reads whatever a
 * document reader or an OCR engine hands over at the border post.
 *
 * Besides memory safety it checks the contract of mrz.h: the return codes;
 * valid exactly when every check passed and there is no error; a failure
 * always explained; every string NUL-terminated printable ASCII; the JSON
 * form always built and always valid UTF-8; and a valid TD3 or TD1 written
 * back by the builder reads back to the same fields.
 */
#include "fuzz.h"

#include "core/clock.h"
#include "core/error.h"
#include "ingest/mrz.h"

#include <string.h>

static void check_text(const char *s, size_t size, const char *what)
{
	const char *end = memchr(s, '\0', size);

	FUZZ_CHECK(end != NULL, "%s is not NUL-terminated", what);
	for (const char *p = s; p < end; p++)
		FUZZ_CHECK(*p >= 0x20 && *p < 0x7F, "%s holds byte 0x%02X", what,
			   (unsigned char)*p);
}

static void check_messages(const struct mrz_messages *m, const char *what)
{
	FUZZ_CHECK(m->count <= MRZ_MAX_MESSAGES, "%s: count %zu", what, m->count);
	FUZZ_CHECK(!m->dropped || m->count == MRZ_MAX_MESSAGES, "%s dropped with room left", what);
	for (size_t i = 0; i < m->count; i++)
		check_text(m->text[i], sizeof m->text[i], what);
}

static void check_strings(const struct mrz_result *r)
{
	check_text(r->document_code, sizeof r->document_code, "document_code");
	check_text(r->document_number, sizeof r->document_number, "document_number");
	check_text(r->issuing_state.code, sizeof r->issuing_state.code, "issuing_state");
	check_text(r->nationality.code, sizeof r->nationality.code, "nationality");
	check_text(r->surname, sizeof r->surname, "surname");
	check_text(r->given_names, sizeof r->given_names, "given_names");
	check_text(r->birth_date.text, sizeof r->birth_date.text, "birth_date");
	check_text(r->expiry_date.text, sizeof r->expiry_date.text, "expiry_date");
	check_text(r->optional_data, sizeof r->optional_data, "optional_data");
	check_text(r->optional_data_2, sizeof r->optional_data_2, "optional_data_2");
	check_messages(&r->warnings, "warnings");
	check_messages(&r->errors, "errors");
	check_messages(&r->suggestions, "suggestions");
}

static void check_result(int rc, const struct mrz_result *r)
{
	bool all_ok = true;

	FUZZ_CHECK(rc == 0 || rc == RICS_E_INVALID, "mrz_parse returned %d", rc);
	FUZZ_CHECK(rc == 0 || (r->format == MRZ_FORMAT_UNKNOWN && r->errors.count > 0),
		   "failure %d without an explanation", rc);
	FUZZ_CHECK(r->check_count <= MRZ_MAX_CHECKS, "%zu checks", r->check_count);
	for (size_t i = 0; i < r->check_count; i++)
		all_ok = all_ok && r->checks[i].ok;
	FUZZ_CHECK(r->valid == (rc == 0 && all_ok && r->errors.count == 0),
		   "valid %d but rc %d, checks ok %d, %zu errors", r->valid, rc, all_ok,
		   r->errors.count);
	check_strings(r);
}

static void check_json(const struct mrz_result *r)
{
	json_t *j = NULL;
	char *dump;
	int rc = mrz_to_json(r, &j);

	FUZZ_CHECK(rc == 0, "mrz_to_json returned %d", rc);
	dump = json_dumps(j, 0);
	FUZZ_CHECK(dump != NULL, "the JSON form does not serialise");
	free(dump);
	json_decref(j);
}

static void copy_fields(const struct mrz_result *r, struct mrz_fields *f, char code[3], char sex[2])
{
	memcpy(code, r->document_code, 3);
	if (code[1] == '<')
		code[1] = '\0';
	sex[0] = r->sex;
	sex[1] = '\0';
	*f = (struct mrz_fields){
		.document_code = code,
		.issuing_state = r->issuing_state.code,
		.surname = r->surname,
		.given_names = r->given_names,
		.document_number = r->document_number,
		.nationality = r->nationality.code,
		.birth_date = r->birth_date.text,
		.expiry_date = r->expiry_date.text,
		.sex = sex[0],
		.optional_data = r->optional_data,
		.optional_data_2 = r->optional_data_2,
	};
}

static void check_same_fields(const struct mrz_result *a, const struct mrz_result *b)
{
	FUZZ_CHECK(b->valid, "the rebuilt MRZ is not valid: %s",
		   b->errors.count ? b->errors.text[0] : "a check fails");
	FUZZ_CHECK(!strcmp(a->surname, b->surname) && !strcmp(a->given_names, b->given_names),
		   "name '%s, %s' rebuilt as '%s, %s'", a->surname, a->given_names, b->surname,
		   b->given_names);
	FUZZ_CHECK(!strcmp(a->document_number, b->document_number), "number '%s' rebuilt as '%s'",
		   a->document_number, b->document_number);
	FUZZ_CHECK(!strcmp(a->birth_date.text, b->birth_date.text) &&
			   !strcmp(a->expiry_date.text, b->expiry_date.text),
		   "dates %s/%s rebuilt as %s/%s", a->birth_date.text, a->expiry_date.text,
		   b->birth_date.text, b->expiry_date.text);
	FUZZ_CHECK(!strcmp(a->optional_data, b->optional_data) && a->sex == b->sex &&
			   !strcmp(a->nationality.code, b->nationality.code),
		   "optional data, sex or nationality changed");
}

/* A valid TD3 or TD1 written back by the builder reads back the same. */
static void check_round_trip(const struct mrz_result *r, int64_t ref)
{
	struct mrz_fields f;
	struct mrz_result again;
	char code[3], sex[2], text[MRZ_TD1_TEXT_SIZE];
	int rc;

	if (!r->valid || (r->format != MRZ_FORMAT_TD3 && r->format != MRZ_FORMAT_TD1))
		return;
	copy_fields(r, &f, code, sex);
	if (r->format == MRZ_FORMAT_TD3)
		rc = mrz_build_td3(&f, text);
	else
		rc = mrz_build_td1(&f, text);
	if (rc) /* e.g. a filler inside the document number: readable, not writable */
		return;
	FUZZ_CHECK(mrz_parse(text, strlen(text), ref, &again) == 0, "rebuilt MRZ unreadable: %s",
		   text);
	check_same_fields(r, &again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const int64_t ref = rics_days_from_civil(2026, 11, 28);
	struct mrz_result r;
	int rc = mrz_parse((const char *)data, size, ref, &r);

	check_result(rc, &r);
	check_json(&r);
	check_round_trip(&r, ref);
	return 0;
}
