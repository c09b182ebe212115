/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The machine readable zone (MRZ) of travel documents, ICAO Doc 9303: the two
 * or three lines of OCR-B text at the foot of a passport, identity card or
 * visa. mrz_parse() reads what a document reader or an OCR engine produced,
 * checks every check digit and explains, by line and column, whatever it
 * could not read. It never changes what it read: likely OCR misreadings come
 * back as suggestions for an officer to confirm. The builders write valid
 * MRZs from fields, for the synthetic data generator and for tests.
 *
 * Pure computation over core/: no I/O, no logging, no global state.
 * See docs/internals/mrz.md for the formats and the century rules.
 *
 * Formats, decided from the line count, the line length and the first
 * character of the document code ('V' marks a visa):
 *   TD1   3 lines x 30  identity cards (document code A, C or I)
 *   TD2   2 lines x 36  identity cards, older travel documents
 *   TD3   2 lines x 44  passports (document code P)
 *   MRV-A 2 lines x 44  visas, no composite check digit
 *   MRV-B 2 lines x 36  visas, no composite check digit
 *
 * Invariants of a struct mrz_result filled by mrz_parse():
 * - every field is initialised, even when mrz_parse() fails: the messages
 *   that explain a failure are the result (this is the one exception to the
 *   "output parameters only on success" rule, and it is deliberate);
 * - every string is NUL-terminated, printable ASCII, and fits its buffer:
 *   field text holds A-Z, 0-9, '<', space and '?' (a character that is not
 *   an MRZ character), messages quote other characters as U+XXXX;
 * - an empty string means "absent or unknown";
 * - valid is true exactly when the format is known, every check in checks[]
 *   passed and errors.count == 0;
 * - no message is ever dropped silently: messages past MRZ_MAX_MESSAGES are
 *   counted in dropped;
 * - suggestions describe a change; nothing in the fields has been changed.
 */
#ifndef RICS_INGEST_MRZ_H
#define RICS_INGEST_MRZ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mrz_format {
	MRZ_FORMAT_UNKNOWN = 0,
	MRZ_FORMAT_TD1,
	MRZ_FORMAT_TD2,
	MRZ_FORMAT_TD3,
	MRZ_FORMAT_MRV_A,
	MRZ_FORMAT_MRV_B,
};

#define MRZ_MAX_MESSAGES 16
#define MRZ_MESSAGE_SIZE 200
#define MRZ_MAX_CHECKS 5

struct mrz_messages {
	size_t count;
	size_t dropped; /* messages that did not fit in text[] */
	char text[MRZ_MAX_MESSAGES][MRZ_MESSAGE_SIZE];
};

struct mrz_check {
	/* "document_number", "birth_date", "expiry_date", "optional_data" or
	 * "composite"; a static string. */
	const char *field;
	bool ok;
};

struct mrz_date {
	/* "YYYY-MM-DD", or "YYYY-MM" / "YYYY" when the document gives the day
	 * or the month as unknown; "" when wholly unknown or unreadable. */
	char text[11];
	int year, month, day; /* 0 where unknown */
	bool partial;         /* some parts known, some not */
};

struct mrz_country {
	/* As printed, fillers removed: "UTO", "D" (Germany), "XXA". */
	char code[4];
	/* True for the Doc 9303 codes that are not ISO 3166-1 alpha-3 (D, UNO,
	 * UNA, UNK, XXA, XXB, XXC, XXX, XOM, EUE, GBD, ..., the specimen state
	 * UTO); meaning then says briefly what the code stands for. */
	bool special;
	const char *meaning; /* static; NULL unless special */
};

struct mrz_result {
	enum mrz_format format;

	char document_code[3];    /* two characters as printed: "P<", "ID", "V<" */
	char document_number[24]; /* fillers removed; a TD1 number reaches 22 */
	struct mrz_country issuing_state;
	struct mrz_date expiry_date;
	bool expired;             /* expiry known and before the reference date */
	char optional_data[17];   /* TD3 personal number; TD1 line 1; TD2; MRV */
	char optional_data_2[12]; /* TD1 line 2 only */

	char surname[40];     /* primary identifier, '<' read as space */
	char given_names[40]; /* secondary identifier */
	bool name_truncated;  /* the name field is full: may be cut short */
	struct mrz_date birth_date;
	char sex; /* 'M', 'F', 'X', '<' (unspecified), '?' unreadable */
	struct mrz_country nationality;

	struct mrz_check checks[MRZ_MAX_CHECKS];
	size_t check_count;
	bool valid;

	struct mrz_messages warnings;
	struct mrz_messages errors;
	struct mrz_messages suggestions;
};

/*
 * Read an MRZ from text: lines separated by LF, CRLF or CR, surrounding
 * whitespace and blank lines ignored, lower case accepted (with a warning).
 * A whole MRZ given as one line of 72, 88 or 90 characters is split (with a
 * warning). ref_days is the reference date ("today") in days since
 * 1970-01-01; it decides the century of two-digit years and must fall in
 * the years 1000 to 9000.
 *
 * Returns 0 when the MRZ could be read, even with failed check digits or
 * unreadable fields (out->valid says whether it is all good);
 * RICS_E_INVALID when it cannot be read at all (no format fits); -EINVAL
 * for a NULL out, NULL text with len > 0 or ref_days out of range. In every
 * case but a NULL out, *out is filled and its errors say why.
 */
int mrz_parse(const char *text, size_t len, int64_t ref_days, struct mrz_result *out);

/* The same, with the lines given as separate NUL-terminated strings (NULL
 * entries read as empty lines). */
int mrz_parse_lines(const char *const *lines, size_t count, int64_t ref_days,
		    struct mrz_result *out);

/* "TD1", "TD2", "TD3", "MRV-A", "MRV-B"; NULL for MRZ_FORMAT_UNKNOWN. */
const char *mrz_format_name(enum mrz_format format);

/*
 * The Doc 9303 check digit of s[0..n): weights 7, 3, 1 repeating, digits
 * count as themselves, A-Z as 10-35, '<' as 0. Returns 0-9, or
 * RICS_E_INVALID if s holds any other character (lower case included).
 */
int mrz_check_digit(const char *s, size_t n);

/*
 * The result as JSON:
 *   {format, document:{type, kind, number, issuing_state, expiry_date,
 *    expired, optional_data, optional_data_2?, issuing_state_note?},
 *    person:{surname, given_names, name_truncated, birth_date, sex,
 *    nationality, nationality_note?}, checks:[{field, ok}], valid,
 *    warnings:[], errors:[], suggestions:[]}
 * Empty fields are null; sex is "M", "F", "X" or null; the *_note keys are
 * present for special country codes only, optional_data_2 for TD1 only.
 * Returns 0 and a new reference in *out, or -ENOMEM or -EINVAL (for a NULL
 * argument), *out then untouched.
 */
int mrz_to_json(const struct mrz_result *r, json_t **out);

/*
 * Fields for the builders. Strings may be NULL (empty). Letters may be lower
 * case. Names: letters, with space, hyphen and comma written as '<' and
 * apostrophes and full stops dropped; anything else (digits, non-ASCII) is
 * refused: transliteration is the caller's work. Names longer than the
 * field are cut at the field's end (the parser then flags them truncated).
 * Dates: "YYYY-MM-DD", or "YYYY-MM" / "YYYY" / empty for unknown parts.
 */
struct mrz_fields {
	const char *document_code; /* 1-2 letters: "P", "ID", "AC" */
	const char *issuing_state; /* 1-3 letters: "UTO", "D" */
	const char *surname;       /* required */
	const char *given_names;
	const char *document_number; /* A-Z 0-9; TD3: up to 9, TD1: up to 22 */
	const char *nationality;     /* 1-3 letters */
	const char *birth_date;
	const char *expiry_date;
	char sex;                    /* 'M', 'F', 'X', '<' or 0 (unspecified) */
	const char *optional_data;   /* A-Z 0-9 '<' space; TD3: 14, TD1: 15 less overflow */
	const char *optional_data_2; /* TD1 line 2: 11; ignored by TD3 */
};

#define MRZ_TD3_TEXT_SIZE 90 /* 2 lines of 44, one '\n', NUL */
#define MRZ_TD1_TEXT_SIZE 93 /* 3 lines of 30, two '\n', NUL */

/* Write the MRZ as lines joined by '\n', with every check digit right.
 * Returns 0, or RICS_E_INVALID when a field cannot be written (out is then
 * untouched). */
int mrz_build_td3(const struct mrz_fields *f, char out[MRZ_TD3_TEXT_SIZE]);
int mrz_build_td1(const struct mrz_fields *f, char out[MRZ_TD1_TEXT_SIZE]);

#endif
