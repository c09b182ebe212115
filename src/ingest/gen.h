/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The synthetic data generator behind `rics gen`: every demo, test and
 * benchmark of RICS runs on what it makes, and no real personal data ever
 * enters the repository. Names are combinations from the lists in
 * gen_names.c, written the way each country's documents write them, with
 * the ICAO 9303 transliteration in the MRZ. See docs/internals/gen.md for
 * what is generated, the distributions, the planted networks and the
 * name-pair kinds.
 *
 * Pure C over core/ and the MRZ builder of ingest/: no I/O, no logging, no
 * global state. The caller hands in the border crossing points (the text of
 * data/bcps.csv) and a sink; gen_run() streams every record to the sink and
 * keeps nothing but the records of one day in memory, so the large scale
 * (10 million crossings) runs in constant memory.
 *
 * Invariants:
 * - The output is a function of (params, BCP table) alone: the same seed
 *   gives byte-identical rows on every machine (no clock, no libm, integer
 *   and exactly rounded double arithmetic only); asking for PAXLST files
 *   adds files without changing a row.
 * - Rows are JSON objects whose keys are the fields of src/model/types.c,
 *   plus keys starting with '_' that the API does not know: "_ref" is the
 *   generator's own key of the record ("p12": person 12), and a reference
 *   field F_id / F_ids is written as "_F_ref" / "_F_refs" holding such keys
 *   ("_person_ref": "p12"), because ids are assigned by the node. Dropping
 *   the '_' keys and setting the references to node ids makes a valid body
 *   for POST /api/v1/{type} (gen_row_body() does both).
 * - Streams are emitted in dependency order: bcps, persons, documents,
 *   vehicles; then crossings, declarations and seizures interleaved, day by
 *   day in time order; then relations, watchlist and name pairs. A row only
 *   refers to records emitted before it.
 */
#ifndef RICS_INGEST_GEN_H
#define RICS_INGEST_GEN_H

#include "core/strbuf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- random numbers ---- */

/*
 * xoshiro256** seeded through splitmix64. A generator is derived from
 * (seed, stream, index), so that record i of a stream can be made again
 * without making the records before it.
 */
struct gen_rng {
	uint64_t s[4];
};

void gen_rng_init(struct gen_rng *r, uint64_t seed, uint64_t stream, uint64_t index);
uint64_t gen_rng_next(struct gen_rng *r);
/* Uniform in [0, n); 0 when n is 0. Unbiased (rejection). */
uint64_t gen_rng_below(struct gen_rng *r, uint64_t n);
/* Uniform in [lo, hi] (hi >= lo). */
int64_t gen_rng_range(struct gen_rng *r, int64_t lo, int64_t hi);
/* True with probability per_mille / 1000. */
bool gen_rng_chance(struct gen_rng *r, unsigned per_mille);
/* Index i with probability weights[i] / sum(weights); n > 0, sum > 0. */
size_t gen_rng_pick(struct gen_rng *r, const unsigned *weights, size_t n);

/* ---- scales ---- */

enum gen_scale {
	GEN_SCALE_SMALL,
	GEN_SCALE_MEDIUM,
	GEN_SCALE_LARGE,
};

/* "small", "medium", "large". */
int gen_scale_parse(const char *name, enum gen_scale *out);
const char *gen_scale_name(enum gen_scale s);

/* How much to make. persons is rounded up to a multiple of 4 (households);
 * seizures is a target the random draws come near, the others are exact. */
struct gen_sizes {
	size_t persons;
	size_t vehicles;
	size_t crossings;
	unsigned days;      /* crossings span days from the start date */
	size_t seizures;    /* about */
	size_t networks;    /* planted trafficking networks */
	size_t watchlist;   /* entries besides the networks' */
	size_t name_pairs;  /* per kind: half matches, half not */
	unsigned group_max; /* largest bus, train or flight */
};

void gen_sizes_for(enum gen_scale s, struct gen_sizes *out);

/* ---- what comes out ---- */

enum gen_stream {
	GEN_BCPS,
	GEN_PERSONS,
	GEN_DOCUMENTS,
	GEN_VEHICLES,
	GEN_CROSSINGS,
	GEN_DECLARATIONS,
	GEN_SEIZURES,
	GEN_RELATIONS,
	GEN_WATCHLIST,
	GEN_NAME_PAIRS, /* {"a", "b", "match", "kind", "note"} */
	GEN_PAXLST,     /* files: one UN/EDIFACT interchange per flight */
	GEN_NSTREAMS,
};

/* "bcps" ... "watchlist" (the record type's plural, the URL segment),
 * "name_pairs", "paxlst". */
const char *gen_stream_name(enum gen_stream s);
/* The record type of a stream's rows: GEN_BCPS .. GEN_WATCHLIST. */
bool gen_stream_is_record(enum gen_stream s);

/*
 * Where the records go. row() borrows the row (copy or json_incref to keep
 * it); file() gets a whole file (a PAXLST interchange) with a file name of
 * [A-Za-z0-9._-]. A non-zero return from either stops gen_run with that
 * code. file may be NULL when params.paxlst is false.
 */
struct gen_sink {
	int (*row)(void *ctx, enum gen_stream s, json_t *row);
	int (*file)(void *ctx, enum gen_stream s, const char *name, const char *data, size_t len);
	void *ctx;
};

struct gen_params {
	uint64_t seed;
	struct gen_sizes sizes; /* from gen_sizes_for, or the caller's */
	int64_t start_day;      /* first day of crossings, days since 1970-01-01 */
	bool paxlst;            /* also make PAXLST files for flights */
};

/* The default start: 2026-01-01. Documents are issued and expire around it. */
int64_t gen_default_start(void);

struct gen_stats {
	size_t rows[GEN_NSTREAMS]; /* GEN_PAXLST: files */
	size_t networks;
	size_t network_members; /* persons in planted networks */
	size_t flights;
	size_t declarations_above; /* above the 10,000 USD equivalent */
	size_t td3, td1;           /* MRZs made */
};

/* ---- border crossing points ---- */

struct gen_bcps;

/*
 * Read data/bcps.csv (RFC 4180; the header names the columns: code,
 * name_en, name_local, country, neighbour, counterpart_code, type, lat, lon,
 * confidence, source). On failure err says which line and why and *out is
 * untouched; RICS_E_INVALID or -ENOMEM.
 */
int gen_bcps_parse(const char *csv, size_t len, struct strbuf *err, struct gen_bcps **out);
void gen_bcps_free(struct gen_bcps *b);
size_t gen_bcps_count(const struct gen_bcps *b);

/* ---- running ---- */

/*
 * Make everything and hand it to sink. Returns 0 and fills *stats (may be
 * NULL); -ENOMEM; RICS_E_INVALID when the BCP table has no crossing point
 * of the region to make crossings at, or sizes are zero where they cannot
 * be; or the sink's own non-zero code.
 */
int gen_run(const struct gen_params *p, const struct gen_bcps *bcps, const struct gen_sink *sink,
	    struct gen_stats *stats);

/* ---- helpers the CLI and tests use ---- */

/*
 * The MRZ form of a name (upper-case A-Z and spaces) as the documents of
 * nationality (ICAO code: "KAZ", "UZB", ...) write it: Cyrillic per ICAO
 * 9303 Part 3 (Ж ZH, Х KH, Ц TS, Щ SHCH, Ю IU, Я IA, Й I, Ъ IE, Ы Y, Ь -)
 * with the national letters as each country's passports write them, the
 * Uzbek Latin oʻ gʻ as O G, the Turkmen Latin per Doc 9303 Table A (Ä AE,
 * Ö OE, Ü UE, Ç C, Ş S, Ž Z, Ň N, Ý Y). Appends to out. RICS_E_INVALID for
 * a letter it has no rule for (Arabic script: the caller has the Latin).
 */
int gen_mrz_name(const char *name, const char *nationality, struct strbuf *out);

/*
 * The reference key of a row's field: "_person_ref" for person_id,
 * "_person_refs" for person_ids, "_from_ref" for from_id. Writes into buf
 * (size >= strlen(field) + 6); false if field is not an id field name.
 */
bool gen_ref_key(const char *field, char *buf, size_t size);

/*
 * Resolve a row into an API body: copy the keys that do not start with '_'
 * and set each reference field from its "_F_ref(s)" key through
 * resolve(ctx, ref), which returns the node's id or NULL if it has none.
 * On success *out is a new object; on failure (an unresolved reference:
 * RICS_E_NOT_FOUND with why naming it, -ENOMEM) *out is untouched.
 */
int gen_row_body(json_t *row, const char *(*resolve)(void *ctx, const char *ref), void *ctx,
		 struct strbuf *why, json_t **out);

#endif
