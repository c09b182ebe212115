/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The record types of RICS, described once as data: each type's fields,
 * their kinds, which are required, filterable, updatable or searchable.
 * The store maps these descriptions to columns, the HTTP layer validates
 * request bodies against them and builds its routes and the API reference
 * from them, so a field is declared in exactly one place (plus the migration
 * that created its column, which a unit test keeps in step).
 *
 * Every record also carries the common fields of struct model_common:
 * id, origin node, classification, handling code, source reliability,
 * information assessment, releasability, creation and update stamps, version.
 */
#ifndef RICS_MODEL_H
#define RICS_MODEL_H

#include "core/strbuf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum classification {
	CLS_UNCLASSIFIED = 0,
	CLS_RESTRICTED = 1,
	CLS_CONFIDENTIAL = 2,
	CLS_SECRET = 3,
};

/* "UNCLASSIFIED".."SECRET"; NULL for an out-of-range level. */
const char *classification_name(int level);
/* -1 if name is not a level (exact upper-case match). */
int classification_parse(const char *name);

enum field_kind {
	FK_TEXT,     /* UTF-8 string up to max_len bytes */
	FK_CODE,     /* upper-case letters: country (2-3) or currency (3) */
	FK_ENUM,     /* one of values[] */
	FK_INT,      /* integer in [min, max] */
	FK_REAL,     /* number in [min, max] */
	FK_DATE,     /* "YYYY-MM-DD" */
	FK_TIME,     /* RFC 3339 date-time, stored normalised to UTC */
	FK_ID,       /* UUID of a record of ref_type */
	FK_ID_LIST,  /* array of UUIDs, stored as JSON text */
	FK_TEXT_LIST /* array of strings, stored as JSON text */
};

enum field_flags {
	FF_REQUIRED = 1 << 0,
	FF_FILTER = 1 << 1,    /* ?field=value on list */
	FF_UPDATABLE = 1 << 2, /* may change with PATCH */
	FF_UNIQUE = 1 << 3,
	FF_SERVER = 1 << 4,    /* set by the server; refused in request bodies */
};

struct field_desc {
	const char *name;
	enum field_kind kind;
	unsigned flags;
	size_t max_len;              /* FK_TEXT, FK_CODE, lists: max entries */
	const char *const *values;   /* FK_ENUM: NULL-terminated */
	double min, max;             /* FK_INT, FK_REAL */
	const char *ref_type;        /* FK_ID: the record type referred to */
	const char *doc;             /* one line for the API reference */
	const char *def;             /* value stored when a new record omits it */
};

enum record_flags {
	RT_NAME_SEARCH = 1 << 0, /* ?name= / ?name_prefix= over folded names */
	RT_NO_UPDATE = 1 << 1,   /* records are immutable once written */
};

struct record_type {
	const char *name;       /* "person" */
	const char *plural;     /* "persons": the URL segment */
	const char *table;      /* SQL table */
	const char *doc;
	const struct field_desc *fields;
	size_t nfields;
	unsigned flags;
};

/* The common fields, in the order the store keeps them. */
extern const struct field_desc model_common_fields[];
extern const size_t model_common_nfields;

/* The agencies of a BLO, NULL-terminated: border, customs, drug_control,
 * police, foreign_affairs. */
extern const char *const model_agencies[];
bool model_agency_valid(const char *s);
/* An ISO 3166 alpha-2 country code: two upper-case letters. */
bool model_country_valid(const char *s);

/* All record types, NULL-terminated. */
extern const struct record_type *const model_types[];

const struct record_type *model_type_by_plural(const char *plural);
const struct record_type *model_type_by_name(const char *name);
const struct field_desc *model_field(const struct record_type *t, const char *name);
/* A type-specific or common field. */
const struct field_desc *model_field_any(const struct record_type *t, const char *name);

/*
 * Validate a request body for a new record (partial = false) or a PATCH
 * (partial = true). On success *out is a new object holding only known
 * fields, normalised (times in UTC, codes checked); on failure detail says
 * which field is wrong and why, and *out is untouched.
 */
int model_validate(const struct record_type *t, json_t *body, bool partial,
		   struct strbuf *detail, json_t **out);

/* Validate one value of field f; used for list filters too. */
int model_check_value(const struct field_desc *f, json_t *v, struct strbuf *detail,
		      json_t **out);

/* The rules that join fields (H3 needs a handling_note), on a whole record:
 * the store checks a record merged with a patch. detail may be NULL. */
int model_check_rules(json_t *rec, struct strbuf *detail);

/* Classification level of a validated record (UNCLASSIFIED if absent). */
int model_record_classification(json_t *rec);

#endif
