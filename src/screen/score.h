/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Scoring one screening candidate: a query person (from a document check)
 * against one watchlist person, both already normalised with normalize.h.
 * The names are aligned token to token in any order (the best one-to-one
 * assignment), each pair judged by skeleton equality, consonant skeletons
 * for Arabic-script spellings, and edit distance / Jaro-Winkler on the
 * Latin forms; birth date, sex, nationality and document number then move
 * the score up or down. The result is a score 0-100 and a structured record
 * of every component, which screen_explain() turns into a sentence a border
 * officer can check. Also here: the normalisers and the OCR-tolerant
 * comparison of document numbers and vehicle plates.
 *
 * Every function here is pure: no global state, no allocation except into the
 * caller's strbuf, safe from any number of threads on shared inputs.
 * Weights and rules: docs/internals/screening.md.
 */
#ifndef RICS_SCREEN_SCORE_H
#define RICS_SCREEN_SCORE_H

#include "core/strbuf.h"
#include "screen/normalize.h"

#include <stdint.h>

/* A score at or above this is a hit to show an officer (the tests hold every
 * hand-written match above it and every hard non-match below). */
#define SCREEN_THRESHOLD_DEFAULT 75

/* ---- documents and plates ---- */

#define SCREEN_DOC_MAX 32 /* a normalised number, with the NUL */

/*
 * Normalise a document number or a vehicle plate: upper case, separators
 * (spaces, - / . № and other punctuation) dropped, full-width forms folded,
 * Cyrillic letters that look Latin read as Latin (А В Е К М Н О Р С Т У Х ->
 * A B E K M H O P C T Y X, also І Ү), other Russian Cyrillic letters
 * transliterated. Fails with RICS_E_INVALID for invalid UTF-8, letters of
 * other scripts or nothing left, RICS_E_TOO_LARGE above SCREEN_DOC_MAX - 1
 * characters; out is written only on success.
 */
int screen_doc_normalize(const char *utf8, char out[SCREEN_DOC_MAX]);
int screen_plate_normalize(const char *utf8, char out[SCREEN_DOC_MAX]);

/*
 * Compare two normalised numbers: 100 when equal; 90 when they differ in one
 * position by an OCR confusion (0/O/D, 1/I, 8/B, 5/S, 2/Z), 80 for two such
 * positions (numbers of at least 5 characters); otherwise 0, also when either
 * is empty.
 */
int screen_doc_compare(const char *a, const char *b);
int screen_plate_compare(const char *a, const char *b);

/* ---- persons ---- */

/* A birth date; 0 in a field means unknown (year 0: no date at all). */
struct screen_date {
	int16_t year;
	uint8_t month;
	uint8_t day;
};

/* Parse "YYYY-MM-DD", "YYYY-MM", "YYYY", with 00 for an unknown month or day
 * ("1975-00-00"); "" gives an unknown date. Impossible dates fail with
 * RICS_E_INVALID; out is written only on success. */
int screen_date_parse(const char *s, struct screen_date *out);

enum screen_sex {
	SCREEN_SEX_UNKNOWN = 0,
	SCREEN_SEX_MALE,
	SCREEN_SEX_FEMALE,
};

struct screen_person {
	struct screen_name name;
	struct screen_date birth;
	enum screen_sex sex;
	char nationality[4];      /* ISO 3166-1 alpha-3 ("UZB"), "" if unknown */
	char doc[SCREEN_DOC_MAX]; /* from screen_doc_normalize, "" if unknown */
};

/* ---- results ---- */

/* Why two tokens were paired. */
enum screen_verdict {
	SCREEN_V_SAME = 1,   /* identical Latin form (possibly from another script) */
	SCREEN_V_VARIANT,    /* same skeleton: a spelling variant */
	SCREEN_V_GENDER,     /* same surname, male and female form (-OV / -OVA) */
	SCREEN_V_CONSONANTS, /* same consonants, one side written without vowels */
	SCREEN_V_STEM,       /* same stem, -OV or -ZODA on one side only (RAHMON / RAKHMONOV) */
	SCREEN_V_JOINED,     /* one side writes two tokens as one (ABDUL AZIZ / ABDULAZIZ) */
	SCREEN_V_TYPO,       /* close: one or two letters differ */
	SCREEN_V_INITIAL,    /* an initial and a name starting with it */
};

/* A pair of aligned tokens: indexes into query.name.tok / listed.name.tok;
 * q2 / w2 are the second token of a joined pair, else -1. */
struct screen_pair {
	int8_t q, q2;
	int8_t w, w2;
	uint8_t verdict;    /* enum screen_verdict */
	uint8_t similarity; /* 0-100 */
	uint8_t edits;      /* letters that differ, for SCREEN_V_TYPO */
};

enum screen_date_verdict {
	SCREEN_DATE_MISSING = 0, /* no date on one side */
	SCREEN_DATE_EXACT,
	SCREEN_DATE_PARTIAL,   /* same year, month or day unknown (or 1 January placeholder) */
	SCREEN_DATE_SWAPPED,   /* day and month swapped */
	SCREEN_DATE_TYPO,      /* one digit differs */
	SCREEN_DATE_NEAR_YEAR, /* same day and month, years one apart */
	SCREEN_DATE_SAME_YEAR, /* same year, day or month different */
	SCREEN_DATE_CONFLICT,
	SCREEN_DATE_OTHER_DAY, /* same year, day and month both different */
};

enum screen_agreement {
	SCREEN_AGREE_UNKNOWN = 0, /* missing on one side */
	SCREEN_AGREE_SAME,
	SCREEN_AGREE_CLOSE,         /* document: same up to OCR confusions */
	SCREEN_AGREE_SOFT_CONFLICT, /* sex: contradicted only by a surname's gender form */
	SCREEN_AGREE_CONFLICT,
};

/*
 * The score and its parts: score = clamp(name_score + patronymic_points +
 * date_points + sex_points + nationality_points + document_points, 0, 100).
 * name_score is 100 * 2 * (weighted similarity of the pairs) / (weight of
 * the query's tokens + weight of the listed tokens), token weights by kind
 * (surname / given / unknown 1, patronymic 0.4, initial 0.3, particle 0).
 * The pairs are in query token order; the masks say which tokens
 * (bit i = tok[i]) are in a pair.
 */
struct screen_result {
	int score;
	int name_score;
	int patronymic_points; /* -15 when both name a father and the names differ */
	int date_points;
	int sex_points;
	int nationality_points;
	int document_points;
	uint8_t patronymic;  /* enum screen_agreement */
	uint8_t date;        /* enum screen_date_verdict */
	uint8_t sex;         /* enum screen_agreement */
	uint8_t nationality; /* enum screen_agreement */
	uint8_t document;    /* enum screen_agreement */
	uint8_t npairs;
	uint16_t q_paired, w_paired;
	struct screen_pair pairs[SCREEN_NAME_MAX_TOKENS];
};

/*
 * Score query against listed. Fails only with RICS_E_INVALID when a name
 * breaks the screen_name invariants (ntokens above the maximum); *out is
 * written only on success. Cost: a few microseconds for ordinary names
 * (the alignment is O(n^3) in the number of tokens, n <= 12).
 */
int screen_score(const struct screen_person *query, const struct screen_person *listed,
		 struct screen_result *out);

/*
 * Append to out the explanation of r, component by component, e.g.
 * "surname TOKHTASINOV = Тохтасинов (same name in another script); given name
 * ALISHER = Алишер (same name in another script); patronymic Ботирович: only
 * on the watchlist; birth date: day and month swapped (1980-12-05 /
 * 1980-05-12); score 96". query and listed must be the persons r was computed
 * from. Errors: those of strbuf (-E2BIG, -ENOMEM); out may then hold part of
 * the text.
 */
int screen_explain(const struct screen_person *query, const struct screen_person *listed,
		   const struct screen_result *r, struct strbuf *out);

/*
 * The similarity 0-100 of two tokens and why (an enum screen_verdict, 0 for
 * no match), as screen_score judges a pair; below 60 counts as no match. For
 * the index, to rank candidates before scoring them in full.
 */
int screen_token_similarity(const struct screen_token *a, const struct screen_token *b,
			    enum screen_verdict *why, unsigned *edits);

#endif
