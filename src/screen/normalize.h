/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Name normalisation for cross-script watchlist screening: a personal name
 * written in Cyrillic (Russian, Kazakh, Kyrgyz, Tajik, Uzbek), a national
 * Latin alphabet (Uzbek, Turkmen, Kazakh) or Arabic script (Dari, Pashto)
 * becomes up to SCREEN_NAME_MAX_TOKENS tokens, each with an upper-case ASCII
 * Latin form (as a passport writes it), a regional phonetic skeleton that
 * folds the spelling variants of the region, an Arabic-style consonant
 * skeleton, and a kind (surname, patronymic, particle, initial, ...).
 * Normalise once (at index time for the watchlist, once per query) and
 * compare the results with score.h. The pipeline and the skeleton rules are
 * described in docs/internals/screening.md.
 *
 * Threads: a struct screen_normalizer owns ICU transliterators and scratch
 * buffers and is NOT safe to use from two threads at once. Each thread needs
 * its own: create one with screen_normalizer_new() (compiles the rules, a few
 * milliseconds) and give every other thread a screen_normalizer_clone() of it
 * (cheap; shares the compiled rules). Everything else in this header is a pure
 * function of its arguments. ICU 72 still serialises rule-based transliteration
 * behind one process-wide mutex, so only tokens that are not plain ASCII pay
 * for it; plain ASCII tokens (MRZ, most query input) never enter ICU.
 */
#ifndef RICS_SCREEN_NORMALIZE_H
#define RICS_SCREEN_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCREEN_NAME_MAX_TOKENS 12
#define SCREEN_TOKEN_MAX 64      /* latin and skeleton, with the NUL */
#define SCREEN_CONSONANTS_MAX 32 /* consonant skeleton, with the NUL */
#define SCREEN_NAME_TEXT_MAX 256 /* the original text of a name, with the NUL */

enum screen_kind {
	SCREEN_KIND_UNKNOWN = 0, /* a given name or a surname: order is free */
	SCREEN_KIND_GIVEN,       /* only from a caller's hint */
	SCREEN_KIND_SURNAME,     /* from a hint or a surname suffix (-OV, -EVA, -SKIY, -ZODA) */
	SCREEN_KIND_PATRONYMIC, /* -OVICH, -EVNA, -ULY, -KYZY, or the name before UGLI / after BIN */
	SCREEN_KIND_PARTICLE, /* UGLI, QIZI, ULY, KYZY, IBN, BIN, BINT, AL, UL, HAJI, MULLAH ... */
	SCREEN_KIND_INITIAL, /* one letter in the source (A., Ш.), or SH CH ZH KH TS GH YU YA YO IU IA */
};

enum screen_script {
	SCREEN_SCRIPT_LATIN = 0,
	SCREEN_SCRIPT_CYRILLIC,
	SCREEN_SCRIPT_ARABIC,
	SCREEN_SCRIPT_OTHER,
};

/* Token flags. */
#define SCREEN_TOKF_FEMININE \
	0x01 /* female form: -OVA, -EVA, -SKAYA, -OVNA, -KYZY, (-INA as surname) */
#define SCREEN_TOKF_MASCULINE \
	0x02                   /* male form: -OV, -EV, -SKIY, -OVICH, -ULY, UGLI (-IN as surname) */
#define SCREEN_TOKF_ABJAD 0x04 /* spelled without vowels: Arabic script, or Latin like MHMD */
#define SCREEN_TOKF_TRUNCATED 0x08 /* the source token was longer than a token can hold */

/*
 * One token. Invariants after a successful normalise:
 *   latin: 1..63 characters 'A'..'Z', NUL-terminated;
 *   skeleton: 1..63 characters 'A'..'Z', NUL-terminated; equal skeletons mean
 *     "the same name in another spelling" (see screening.md for the rules);
 *   consonants: 0..31 characters 'A'..'Z' (may be empty), compared only when
 *     one side has SCREEN_TOKF_ABJAD;
 *   off, len: the bytes of the original token inside screen_name.text
 *     (len > 0, off + len < SCREEN_NAME_TEXT_MAX), for explanations.
 */
struct screen_token {
	char latin[SCREEN_TOKEN_MAX];
	char skeleton[SCREEN_TOKEN_MAX];
	char consonants[SCREEN_CONSONANTS_MAX];
	uint16_t off;
	uint16_t len;
	uint8_t kind;   /* enum screen_kind */
	uint8_t script; /* enum screen_script of the original token */
	uint8_t flags;  /* SCREEN_TOKF_* */
};

/* Name flags. */
#define SCREEN_NAMEF_TRUNCATED \
	0x01 /* more than SCREEN_NAME_MAX_TOKENS tokens: later ones dropped */

/*
 * A normalised name: the original text (the appended fields joined by one
 * space) and its tokens in input order. A plain value: copy it, keep it in an
 * index, compare it from any thread. Particles stay in tok[] (scoring ignores
 * them) so that explanations can show them.
 */
struct screen_name {
	char text[SCREEN_NAME_TEXT_MAX];
	uint16_t text_len;
	uint8_t ntokens;
	uint8_t flags; /* SCREEN_NAMEF_* */
	struct screen_token tok[SCREEN_NAME_MAX_TOKENS];
};

struct screen_normalizer;

/* Compile the regional rules; *out is set only on success. Errors: -ENOMEM,
 * RICS_E_INVALID if ICU rejects the rules (a build without ICU data). */
int screen_normalizer_new(struct screen_normalizer **out);

/* A normalizer for another thread, sharing src's compiled rules. src is only
 * read, but must not be in use by another thread during the call. */
int screen_normalizer_clone(const struct screen_normalizer *src, struct screen_normalizer **out);

void screen_normalizer_free(struct screen_normalizer *nz);

/* An empty name (no tokens). */
void screen_name_init(struct screen_name *name);

/*
 * Normalise a whole name ("Тохтасинов Алишер Ботирович", "TOKHTASINOV ALISHER",
 * "محمد ولی") into *out; token kinds are guessed from suffixes and particles.
 * utf8 must be valid UTF-8 without control characters (RICS_E_INVALID) and at
 * most SCREEN_NAME_TEXT_MAX - 1 bytes (RICS_E_TOO_LARGE). A name with no
 * letters gives zero tokens and succeeds. *out is written only on success.
 */
int screen_name_normalize(struct screen_normalizer *nz, const char *utf8, struct screen_name *out);

/*
 * Append one field of a structured name, with a hint for its tokens' kind
 * (SCREEN_KIND_SURNAME for a surname field, SCREEN_KIND_GIVEN for given
 * names, SCREEN_KIND_UNKNOWN if the field mixes them). Initials, particles
 * and patronymics are recognised whatever the hint, except that a surname
 * field keeps -OVICH as a surname (Belarusian PETROVICH). Errors as for
 * screen_name_normalize, also RICS_E_TOO_LARGE when the joined text would not
 * fit; on error *name is unchanged.
 */
int screen_name_append(struct screen_normalizer *nz, const char *utf8, enum screen_kind hint,
		       struct screen_name *name);

/*
 * The regional skeleton of one Latin form (upper-case ASCII letters) of a
 * token of the given kind, as screen_name_normalize computes it: for callers
 * that build tokens themselves (scoring joins ABDUL AZIZ to match ABDULAZIZ).
 * A patronymic's skeleton is that of its stem (BOTIROVICH -> BATIR). out
 * receives at most SCREEN_TOKEN_MAX bytes; a latin of SCREEN_TOKEN_MAX
 * characters or more, or without letters, gives "".
 */
void screen_skeleton(const char *latin, enum screen_kind kind, char out[SCREEN_TOKEN_MAX]);

/* The Arabic-style consonant skeleton of a Latin form (MOHAMMAD -> MHMD). */
void screen_consonants(const char *latin, char out[SCREEN_CONSONANTS_MAX]);

/* "surname", "given name", "patronymic", "particle", "initial" or "name". */
const char *screen_kind_name(enum screen_kind kind);

#endif
