/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The UN/EDIFACT syntax layer (ISO 9735, as airlines and reservation systems
 * send it): service string advice, segments, elements and components with
 * the release character undone, and the UNB/UNZ interchange, UNG/UNE group
 * and UNH/UNT message envelopes with their counts and references checked.
 * Message parsers (paxlst.c, pnrgov.c) read the result; this layer knows no
 * message type. Pure: no I/O, no logging, no global mutable state.
 *
 * Reading is tolerant where the data can still be trusted and strict where it
 * cannot:
 * - Fatal (edifact_parse returns an error, *out untouched): input that is not
 *   an interchange (it must begin with UNA or UNB), a malformed UNA, a NUL
 *   byte, a limit passed, no memory.
 * - Problems (edifact_parse returns 0): a wrong UNT/UNE/UNZ count, a
 *   reference that does not match its header, a missing trailer, a segment
 *   outside any message, a final segment with no terminator (dropped), an
 *   invalid tag. Each problem names the segment it is about; callers decide
 *   whether to accept an interchange with problems.
 *
 * Indices: an element index counts the element separators before it, so
 * element 0 is the tag and element 1 the first data element ("NAD+FL": FL is
 * element 1); a component index counts the component separators before it
 * within its element ("NAD+FL+++SURNAME:GIVEN": GIVEN is element 4,
 * component 1). Positions are 1-based: segment 1 is UNB (UNA is service
 * string advice, not a segment) and a message's UNH is its segment 1.
 */
#ifndef RICS_INGEST_EDIFACT_H
#define RICS_INGEST_EDIFACT_H

#include "core/strbuf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct edifact_separators {
	char component;  /* ':' by default */
	char element;    /* '+' */
	char decimal;    /* '.'; recorded, never structural */
	char release;    /* '?'; '\0' when the interchange declares none */
	char repetition; /* ' ' (reserved in syntax 3), '*' in syntax 4: the
			  * release character escapes it, but it splits
			  * nothing: PAXLST and PNRGOV repeat no element */
	char terminator; /* '\'' */
};

/* Bounds for hostile input. Passing one is fatal (RICS_E_TOO_LARGE) with an
 * error naming the segment. Every field must be non-zero. */
struct edifact_limits {
	size_t max_input;            /* bytes of input */
	size_t max_segments;         /* segments in the interchange */
	size_t max_elements;         /* elements in a segment, the tag included */
	size_t max_components;       /* components in an element */
	size_t max_component_len;    /* bytes of one component, unescaped */
	size_t max_total_components; /* components in the interchange: bounds
				      * memory, about 50 bytes each at most */
	size_t max_problems;         /* problems kept; later ones are counted only */
};

/* 16 MiB, 100000 segments, 128 elements, 64 components, 2048 bytes,
 * 4000000 components in all, 1000 problems. */
extern const struct edifact_limits edifact_default_limits;

/* One component, unescaped. Invariants: str is never NULL, str[len] == '\0'
 * and str holds no NUL (NUL bytes are rejected), so strlen(str) == len. */
struct edifact_text {
	const char *str;
	size_t len;
};

/* Invariant: component_count >= 1 (an empty element is one empty
 * component). */
struct edifact_element {
	size_t component_count;
	const struct edifact_text *components;
};

struct edifact_message;

/* Invariants: element_count >= 1; tag == elements[0].components[0].str;
 * position == index in the interchange + 1; message_position is 1 for a
 * message's UNH and 0 for a segment outside any message, in which case
 * message is NULL. */
struct edifact_segment {
	const char *tag;
	size_t position;         /* 1-based in the interchange */
	size_t message_position; /* 1-based in its message, 0 outside */
	size_t offset;           /* byte offset of the segment in the input */
	size_t element_count;
	const struct edifact_element *elements;
	const struct edifact_message *message;
};

/* A UNH ... UNT message. Strings are never NULL ("" when absent).
 * segments[0] is the UNH; the last segment is the UNT when has_trailer,
 * otherwise the last segment before the next envelope segment. */
struct edifact_message {
	const char *reference;   /* UNH 0062 */
	const char *type;        /* S009 0065, e.g. "PAXLST" */
	const char *version;     /* S009 0052, e.g. "D" */
	const char *release;     /* S009 0054, e.g. "05B" */
	const char *agency;      /* S009 0051, e.g. "UN" */
	const char *association; /* S009 0057, e.g. "IATA" */
	const char *access_ref;  /* 0068 common access reference */
	unsigned sequence;       /* S010 0070 sequence of transfers, 0 absent */
	char first_last;         /* S010 0073: 'C' first, 'F' final, '\0' */
	bool has_trailer;        /* a UNT closes it */
	size_t group;            /* 1-based UNG group, 0 outside groups */
	size_t segment_count;
	const struct edifact_segment *segments;
};

/* The UNB header. Strings are never NULL ("" when absent). */
struct edifact_header {
	struct edifact_separators separators;
	bool has_una;
	const char *syntax_id;      /* S001 0001: UNOA, UNOB, UNOC, UNOW... */
	const char *syntax_version; /* S001 0002 */
	const char *sender;         /* S002 0004 */
	const char *sender_qualifier;
	const char *recipient; /* S003 0010 */
	const char *recipient_qualifier;
	const char *prepared_date;   /* S004 0017, YYMMDD or CCYYMMDD */
	const char *prepared_time;   /* S004 0019, HHMM */
	const char *control_ref;     /* 0020 */
	const char *application_ref; /* 0026 */
	bool test;                   /* 0035 == "1" */
};

/* A problem found while reading. segment is an interchange position (0 when
 * the problem concerns no single segment); message_segment the position in
 * its message (0 outside). text is lower-case, names the problem first and
 * quotes its subject; owned by the list. */
struct edifact_problem {
	size_t segment;
	size_t message_segment;
	char *text;
};

/* Invariants: count <= max; dropped counts problems past max. */
struct edifact_problems {
	struct edifact_problem *items;
	size_t count;
	size_t alloc;
	size_t max;
	size_t dropped;
};

struct edifact_interchange;

/* Read an interchange. On success *out owns everything the accessors return
 * and every problem kept is also appended to errors as a line
 * "segment N: text" (one more line counts the dropped ones; errors may be
 * NULL). On failure *out is untouched, the reason is appended to errors,
 * and the result is RICS_E_MALFORMED, RICS_E_TOO_LARGE or -ENOMEM. data
 * need not be NUL-terminated. */
int edifact_parse(const char *data, size_t len, struct edifact_interchange **out,
		  struct strbuf *errors);
int edifact_parse_limited(const char *data, size_t len, const struct edifact_limits *limits,
			  struct edifact_interchange **out, struct strbuf *errors);
void edifact_interchange_free(struct edifact_interchange *ic);

const struct edifact_header *edifact_interchange_header(const struct edifact_interchange *ic);
size_t edifact_segment_count(const struct edifact_interchange *ic);
/* NULL when i >= edifact_segment_count(). i is 0-based: position i + 1. */
const struct edifact_segment *edifact_segment_at(const struct edifact_interchange *ic, size_t i);
size_t edifact_message_count(const struct edifact_interchange *ic);
const struct edifact_message *edifact_message_at(const struct edifact_interchange *ic, size_t i);
size_t edifact_group_count(const struct edifact_interchange *ic);
const struct edifact_problems *edifact_interchange_problems(const struct edifact_interchange *ic);

/* Component j of element i, "" when absent; never NULL. */
const char *edifact_component(const struct edifact_segment *seg, size_t i, size_t j);
/* Component 0 of element i. */
const char *edifact_element(const struct edifact_segment *seg, size_t i);
/* True if seg has this tag and, when qualifier is not NULL, element 1
 * component 0 equals it ("NAD", "FL"). */
bool edifact_segment_is(const struct edifact_segment *seg, const char *tag, const char *qualifier);

/* Append text (bytes in the interchange's character set, UNB S001) to out
 * as UTF-8: UNOA/UNOB are ASCII, UNOC is ISO 8859-1, UNOD ISO 8859-2, UNOE
 * ISO 8859-5 (Cyrillic), UNOW/UNOY UTF-8. A byte or sequence that is not
 * valid in that set, and every byte >= 0x80 of an unknown set, becomes
 * U+FFFD, so the result is always valid UTF-8. */
int edifact_text_utf8(const struct edifact_interchange *ic, const char *text, size_t len,
		      struct strbuf *out);

/* Problem lists, shared with the message parsers. */
void edifact_problems_init(struct edifact_problems *p, size_t max);
void edifact_problems_release(struct edifact_problems *p);
/* Add a problem about seg (NULL: none). Past max, counts it in dropped and
 * returns 0; -ENOMEM on allocation failure. */
int edifact_problems_add(struct edifact_problems *p, const struct edifact_segment *seg,
			 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Quote untrusted text for a problem message: at most 32 printable ASCII
 * characters, others as '.', "..." when cut. Returns out. */
#define EDIFACT_QUOTE_LEN 40
const char *edifact_quote(const char *s, char out[EDIFACT_QUOTE_LEN]);

/* Multi-part messages (UNH S010 "01:C", "02", "03:F"): the messages of one
 * type joined by common access reference, parts in sequence order. A
 * message without S010 is a transfer of its own. Transfers come in the order
 * of their first part in the interchange. */
struct edifact_transfer {
	size_t part_count; /* >= 1 */
	const struct edifact_message **parts;
};

struct edifact_transfers {
	size_t count;
	struct edifact_transfer *items;
	const struct edifact_message **storage; /* parts of every transfer */
};

/* Collect the transfers of messages of this type. Missing, duplicate and
 * out-of-place parts are added to problems (naming the UNH); the parts that
 * are there are still joined. */
int edifact_transfers_collect(const struct edifact_interchange *ic, const char *type,
			      struct edifact_problems *problems, struct edifact_transfers *out);
void edifact_transfers_release(struct edifact_transfers *t);

/* Dates (code list 2379 formats). Two-digit years are resolved against a
 * reference date (the UNB preparation date): EDIFACT_CENTURY_PAST picks the
 * latest year not after the reference (dates of birth), EDIFACT_CENTURY_NEAR
 * the year within 50 years of it (expiry dates, flight times). */
struct edifact_datetime {
	int year, month, day;
	int hour, minute, second;
	bool has_time;
	bool has_seconds;
};

enum edifact_century { EDIFACT_CENTURY_PAST, EDIFACT_CENTURY_NEAR };

/* The UNB preparation date and time; RICS_E_INVALID if absent or invalid.
 * A six-digit UNB date is taken as 20YY. */
int edifact_reference_date(const struct edifact_interchange *ic, struct edifact_datetime *out);

/* Resolve a two-digit year yy (0-99) for month/day; RICS_E_INVALID if ref
 * is NULL. */
int edifact_year_resolve(int yy, int month, int day, const struct edifact_datetime *ref,
			 enum edifact_century rule, int *year);

/* Parse a DTM value in format 101 (YYMMDD), 102 (CCYYMMDD), 201
 * (YYMMDDHHMM), 203 (CCYYMMDDHHMM) or 204 (CCYYMMDDHHMMSS); an empty format
 * is inferred from the length. Spaces around value are ignored. Impossible
 * dates and times fail with RICS_E_INVALID. */
int edifact_dtm_parse(const char *value, const char *format, const struct edifact_datetime *ref,
		      enum edifact_century rule, struct edifact_datetime *out);

/* "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS"; local time as
 * the message gives it, no zone. */
#define EDIFACT_DATETIME_LEN 20
void edifact_datetime_format(const struct edifact_datetime *dt, char out[EDIFACT_DATETIME_LEN]);

/* ---- Output helpers shared by the message readers (paxlst.c, pnrgov.c),
 * which all answer in JSON. Each returns 0 or -ENOMEM. ---- */

/* Stable sort by segment position (problems about no segment first). */
void edifact_problems_sort(struct edifact_problems *p);

/* A message reader's starting point: the transfers of one message type,
 * each with its own problem list already holding the interchange's problems
 * (and those of joining its parts) about its segments, and rest holding the
 * problems about anything else. */
struct edifact_transfer_set {
	struct edifact_transfers transfers;
	struct edifact_problems *problems; /* transfers.count lists */
	struct edifact_problems rest;
};

int edifact_transfer_set_init(struct edifact_transfer_set *set,
			      const struct edifact_interchange *ic, const char *type,
			      size_t max_problems);
void edifact_transfer_set_release(struct edifact_transfer_set *set);

/* Reads one transfer (a joined multi-part message) into an entry of list. */
typedef int (*edifact_transfer_reader)(const struct edifact_interchange *ic,
				       const struct edifact_transfer *t,
				       struct edifact_problems *problems, size_t *travellers_left,
				       json_t *list);

/*
 * Read every message of type with read: *out becomes
 * {"manifests": [entry...], "errors": [problems outside any message]}, the
 * shape PAXLST and PNRGOV share. No message of the type is an error in the
 * list, not a failure. 0, or -ENOMEM (*out untouched).
 */
int edifact_read_transfers(const struct edifact_interchange *ic, const char *type,
			   size_t max_problems, size_t max_travellers,
			   edifact_transfer_reader read, json_t **out);

/* [ { "segment": N | null, "message_segment": M, "message": "..." } ],
 * sorted by segment, with a last entry counting dropped problems. */
json_t *edifact_json_problems(const struct edifact_problems *p);

/* raw trimmed of spaces and converted to UTF-8 (edifact_text_utf8): a JSON
 * string, json null when nothing is left, NULL when out of memory. */
json_t *edifact_json_text(const struct edifact_interchange *ic, const char *raw);

/* Set key to value, taking the reference (also on failure); a NULL value
 * is an allocation failure. */
int edifact_json_set(json_t *obj, const char *key, json_t *value);
int edifact_json_append(json_t *array, json_t *value);
/* Set each of keys (NULL-terminated) to null, so every documented key is present. */
int edifact_json_set_nulls(json_t *obj, const char *const *keys);
int edifact_json_set_text(json_t *obj, const char *key, const struct edifact_interchange *ic,
			  const char *raw);
int edifact_json_set_datetime(json_t *obj, const char *key, const struct edifact_datetime *dt);

#endif
