/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Synthetic watchlist persons and labelled screening queries for the
 * screening benchmark (screen_bench.c). Everything is made up: a person is a
 * random combination of common given names and surnames of one origin
 * (Kazakh, Kyrgyz, Tajik, Uzbek, Turkmen, Russian, Afghan), a father's name,
 * a sex and a birth date, drawn from a fixed-seed generator; no real person
 * is described.
 *
 * A person is kept as indexes into the name pools, so the same person can be
 * written in every script and spelling the region uses (a scheme): national
 * Cyrillic (with the Kazakh, Kyrgyz, Tajik and Uzbek letters), ICAO 9303 as
 * a passport's MRZ prints it, the older Russian passport style (YU, YA, Y,
 * KH), Uzbek Latin (X, J, Q, oʻ, gʻ), Turkmen and Kazakh Latin, and for
 * Afghan names Arabic script (Dari/Pashto) and two Latin spellings. A query
 * is a person written in one scheme, with the variation that defines its
 * kind (another script, a typo, swapped order, day and month swapped, ...),
 * labelled with the listed entry it stands for, or none.
 */
#ifndef RICS_BENCH_SCREEN_NAMES_H
#define RICS_BENCH_SCREEN_NAMES_H

#include "ingest/gen.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- randomness: the generator of `rics gen` (ingest/gen.h) ---- */

/* Uniform in [0, n); n > 0. */
uint32_t synth_rng_below(struct gen_rng *r, uint32_t n);
/* True with probability percent / 100. */
bool synth_rng_chance(struct gen_rng *r, unsigned percent);

/* ---- persons ---- */

enum synth_origin {
	SYN_KAZ = 0,
	SYN_KGZ,
	SYN_TJK,
	SYN_UZB,
	SYN_TKM,
	SYN_RUS,
	SYN_AFG,
	SYN_ORIGINS,
};

/* How a name is written. */
enum synth_scheme {
	SCH_CYR = 0, /* national Cyrillic (Afghan names as Russian/Tajik records write them) */
	SCH_ICAO, /* upper-case ASCII as the MRZ prints it (ICAO 9303; UZ, TM: their Latin folded) */
	SCH_OLDRU, /* older Russian passports and press: YU, YA, Y, KH, DZH; Afghan: 2nd Latin spelling */
	SCH_UZLAT,       /* Uzbek Latin with the official ʻ (U+02BB): Toʻxtasinov */
	SCH_UZLAT_ASCII, /* Uzbek Latin as typed, with ': To'xtasinov */
	SCH_TMLAT,       /* Turkmen Latin: Çaryýew */
	SCH_KZLAT,       /* Kazakh Latin (2021): Äbdıhalyqov */
	SCH_ARABIC,      /* Arabic script (Afghan names only) */
	SCH_AFLAT,       /* the usual Latin spelling of an Afghan name: Mohammad */
	SCH_SCHEMES,
};

enum synth_script { SYN_SCRIPT_LATIN = 0, SYN_SCRIPT_CYRILLIC, SYN_SCRIPT_ARABIC };

#define SYN_MALE 1
#define SYN_FEMALE 2

/* Patronymic styles. */
#define SYN_PATRO_RUSSIAN 1  /* -ович / -овна */
#define SYN_PATRO_REGIONAL 2 /* Нұрланұлы, Ботир ўғли, Асан уулу */

struct synth_person {
	uint8_t origin;       /* enum synth_origin */
	uint8_t sex;          /* SYN_MALE, SYN_FEMALE */
	uint8_t scheme;       /* how the watchlist stores the name */
	uint8_t patro_style;  /* SYN_PATRO_*, 0 for none (Afghan) */
	uint8_t patro_listed; /* the watchlist entry has the patronymic */
	uint8_t ngiven;       /* 1 or 2 */
	uint16_t surname;     /* pool indexes */
	uint16_t given[2];
	uint16_t father;
	int16_t year;
	uint8_t month, day;
};

struct synth_names;

/* The name pools (a few hundred surnames and given names per origin, with
 * Zipf-like frequencies). NULL on allocation failure. */
struct synth_names *synth_names_new(void);
void synth_names_free(struct synth_names *nm);

/* A random person, stored as the region stores its origin. */
void synth_person_make(const struct synth_names *nm, struct gen_rng *r, struct synth_person *out);

#define SYN_FIELD_MAX 160

/* The name of p in scheme sch, field by field (patronymic "" if p has none
 * or with_patronymic is false). */
struct synth_fields {
	char surname[SYN_FIELD_MAX];
	char given[SYN_FIELD_MAX];
	char patronymic[SYN_FIELD_MAX];
};
void synth_render(const struct synth_names *nm, const struct synth_person *p, enum synth_scheme sch,
		  bool with_patronymic, struct synth_fields *out);

/* "KAZ", "KGZ", ... as an MRZ writes the nationality. */
const char *synth_nationality(enum synth_origin o);
enum synth_script synth_scheme_script(enum synth_scheme sch);
const char *synth_scheme_name(enum synth_scheme sch);

/* ---- labelled queries ---- */

enum synth_kind {
	/* variants of a listed person: the right answer is that entry */
	KIND_SCRIPT = 0, /* another script */
	KIND_MRZ,        /* ICAO transliteration as the MRZ prints it */
	KIND_OLDRU,      /* older Russian spellings (YU, YA, KH); Afghan: another Latin spelling */
	KIND_UZX,        /* Uzbek Latin (X, J, Q) */
	KIND_TYPO,       /* one letter wrong, missing, doubled or swapped */
	KIND_SWAP,       /* given names before the surname */
	KIND_DATESWAP,   /* day and month of birth swapped */
	KIND_DATETYPO,   /* one digit of the birth date wrong */
	KIND_YEARONLY,   /* only the year of birth known */
	KIND_PATRONYMIC, /* patronymic added (or written in another style) */
	/* not on the list: the right answer is nothing */
	KIND_NAMESAKE, /* the same name, born years apart */
	KIND_SIBLING,  /* same surname and father, another given name */
	KIND_SURNAME,  /* same given name and birth date, another surname */
	KIND_RANDOM,   /* another person of the same generator */
	KIND_COUNT,
};
#define KIND_FIRST_NONMATCH KIND_NAMESAKE

const char *synth_kind_name(enum synth_kind k);

#define SYN_NAME_MAX 240

struct synth_query {
	struct synth_person p;   /* the person the query describes */
	char name[SYN_NAME_MAX]; /* the name as typed: fields joined by spaces */
	int32_t target;          /* the listed entry, -1 for none */
	uint8_t kind;            /* enum synth_kind */
	uint8_t scheme;          /* enum synth_scheme of name */
	uint8_t cross_script;    /* written in another script than the listed entry */
	int16_t year;            /* the birth date as the query gives it (0: unknown) */
	uint8_t month, day;
};

/*
 * A query of the given kind. For variant kinds, listed is the watchlist
 * entry (number target) it varies; for non-matching kinds, listed is the
 * person it is made near (ignored for KIND_RANDOM, which draws a new one).
 * -1 when the kind does not apply to this person (a day after the 12th
 * cannot be swapped with the month); the caller then picks another.
 */
int synth_query_make(const struct synth_names *nm, struct gen_rng *r, enum synth_kind kind,
		     const struct synth_person *listed, int32_t target, struct synth_query *out);

#endif
