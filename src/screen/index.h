/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The in-memory watchlist index: finds, among up to millions of listed
 * persons, documents and vehicles, the few worth scoring against a query,
 * scores them (score.h) and returns the ones at or above each entry's
 * threshold, best first.
 *
 * Candidates come from exact lookups of 64-bit key hashes: each name
 * token's regional skeleton, its single-letter deletions (so a typo on
 * either side still meets: a SymSpell-style neighbourhood), its consonant
 * skeleton (Arabic-script spellings), the skeletons joined to the birth
 * year and to the day and month, the birth date, and OCR-folded document
 * numbers and plates; a person's other names get the same keys as the
 * name. Keys in few entries (the dated ones, rare tokens) seed candidates;
 * common ones only add weight to candidates already found, unless the
 * narrow seeds found no one. docs/internals/screening.md, section 4.
 *
 * Concurrency: any number of threads query while one thread at a time
 * changes the index; queries never wait for a change. The content is an
 * immutable snapshot (a large base segment plus a small delta segment and a
 * bitmap of base entries removed since the base was built) behind a
 * reference count. A change builds a new delta and swaps the snapshot in; a
 * query holds the snapshot it started with. When the delta grows past a few
 * thousand entries the writer folds it into a new base (seconds for a
 * million entries), still without stopping queries.
 *
 * The index keeps listings packed (about 150 bytes for a typical name), and
 * unpacks only the candidates it scores.
 */
#ifndef RICS_SCREEN_INDEX_H
#define RICS_SCREEN_INDEX_H

#include "core/ids.h"
#include "screen/score.h"

#include <stddef.h>
#include <stdint.h>

enum screen_subject {
	SCREEN_SUBJECT_PERSON = 0,
	SCREEN_SUBJECT_DOCUMENT,
	SCREEN_SUBJECT_VEHICLE,
};

#define SCREEN_ACTION_MAX 16
#define SCREEN_ALIASES_MAX 4 /* other names of a person indexed per entry */

/* One watchlist entry as the index keeps it. */
struct screen_listing {
	char id[RICS_UUID_LEN];
	uint8_t subject;        /* enum screen_subject */
	uint8_t classification; /* the entry's level: callers filter by clearance */
	uint8_t threshold;      /* 1..100; 0 means SCREEN_THRESHOLD_DEFAULT */
	char action[SCREEN_ACTION_MAX];
	int64_t expires_ms;     /* 0: never */
	struct screen_person person; /* persons; documents use person.doc and nationality */
	char plate[SCREEN_DOC_MAX];  /* vehicles */
	/* persons: other names (aliases, other spellings), each found and
	 * scored like the main name with the same birth date, sex and
	 * nationality */
	uint8_t naliases;
	struct screen_name alias[SCREEN_ALIASES_MAX];
};

struct screen_query {
	uint8_t subject;             /* enum screen_subject */
	struct screen_person person; /* persons (name, birth, ...), documents (doc) */
	char plate[SCREEN_DOC_MAX];  /* vehicles */
	int64_t now_ms;              /* entries expired by then are skipped */
};

struct screen_match {
	struct screen_listing listing;
	struct screen_result result; /* persons: the score's parts, for screen_explain */
	int score;                   /* 0..100 */
	/* 0: the entry's name matched; k: its alias k-1 matched best, and
	 * listing.person.name holds that alias (what result explains) */
	int alias;
};

struct screen_index;

int screen_index_new(struct screen_index **out);
/* No query may be running. Accepts NULL. */
void screen_index_free(struct screen_index *idx);

/* Replace the whole content with n listings (at start-up). */
int screen_index_load(struct screen_index *idx, const struct screen_listing *l, size_t n);
/*
 * The same, reading the listings one at a time: next(ctx, out) fills *out
 * and returns 1, returns 0 after the last, or a negative error that stops
 * the load (the index is then unchanged). Only the packed listings and
 * their keys are held while building, never the unpacked listings.
 */
typedef int (*screen_listing_next)(void *ctx, struct screen_listing *out);
int screen_index_load_stream(struct screen_index *idx, screen_listing_next next, void *ctx);
/* Add a listing, or replace the one with the same id. */
int screen_index_put(struct screen_index *idx, const struct screen_listing *l);
/* Add or replace many listings with one new snapshot: for bulk changes,
 * where one put each would rebuild the delta every time. */
int screen_index_put_many(struct screen_index *idx, const struct screen_listing *l, size_t n);
/* Remove the listing with this id; RICS_E_NOT_FOUND if there is none. */
int screen_index_remove(struct screen_index *idx, const char *id);

/*
 * The listings that match q at or above their threshold, best first, at
 * most max of them into out; *n says how many. Safe from many threads at
 * once, and while another thread changes the index.
 */
int screen_index_query(struct screen_index *idx, const struct screen_query *q,
		       struct screen_match *out, size_t max, size_t *n);

struct screen_index_stats {
	size_t entries;   /* live listings */
	size_t keys;      /* distinct key hashes */
	size_t postings;
	size_t bytes;     /* memory held by the current snapshot */
};
void screen_index_stats(struct screen_index *idx, struct screen_index_stats *out);

#endif
