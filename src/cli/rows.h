/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Rows of a CSV or JSONL file as JSON objects, one at a time, for the
 * commands that feed files to a node (rics import, rics screen). CSV starts
 * with a header naming the fields; with a record type, values are typed as
 * its fields want (numbers, ';'-separated lists) and unknown columns are
 * refused up front; without one every value stays text. Every row carries
 * the line it started on; a malformed row is reported, not fatal.
 */
#ifndef RICS_CLI_ROWS_H
#define RICS_CLI_ROWS_H

#include "ingest/csv.h"
#include "ingest/jsonl.h"
#include "model/model.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

struct rows {
	FILE *f;
	const char *file;
	bool csv;
	const struct record_type *t;          /* NULL: untyped */
	struct csv_reader cr;
	const struct field_desc *cols[CSV_FIELDS_MAX];
	const char *names[CSV_FIELDS_MAX];    /* untyped CSV: the header's names */
	struct strbuf header;                 /* their storage */
	size_t ncols;
	struct jsonl_reader jr;
	char why[200];                        /* why the last row was refused */
};

/* Open file ("-" for stdin) as format "csv" or "jsonl" (NULL: from the
 * extension). Prints its own errors; 0 or CLI_FAILED. */
int rows_open(struct rows *r, const char *file, const char *format, const struct record_type *t);
void rows_close(struct rows *r);

/* 1 and a new object in *row, 0 at the end, RICS_E_INVALID for a refused
 * row (r->why), or a negative errno after printing why the file cannot be
 * read. *line is the row's first line. */
int rows_next(struct rows *r, json_t **row, unsigned long *line);

#endif
