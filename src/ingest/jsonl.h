/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A streaming JSON Lines reader: one JSON object per line (LF or CRLF),
 * blank lines skipped, a UTF-8 byte order mark ignored, read one at a time
 * from a FILE, so a file of any size streams through the footprint of its
 * longest line. The reader of every JSONL file `rics import` and
 * `rics screen` are given.
 *
 * A line that is not a JSON object (malformed JSON, bytes that are not
 * UTF-8, a duplicate key, another JSON value, a line over the limit) is
 * refused with its line number and reason, and reading goes on with the
 * next line: one bad line never costs the rest of the file.
 */
#ifndef RICS_INGEST_JSONL_H
#define RICS_INGEST_JSONL_H

#include <jansson.h>
#include <stdio.h>

/* The longest line read: a record is far smaller; more is a wrong file. */
#define JSONL_LINE_MAX (16 * 1024 * 1024)

struct jsonl_reader {
	FILE *f;
	char *line;          /* getline's buffer */
	size_t cap;
	unsigned long line_no; /* the line of the last object or refusal */
	char error[200];     /* why the last line was refused */
};

void jsonl_reader_init(struct jsonl_reader *r, FILE *f);
void jsonl_reader_release(struct jsonl_reader *r);

/*
 * Read the next object. Returns 1 with a new reference in *out, 0 at the
 * end of the input, RICS_E_INVALID for a refused line (r->error and
 * r->line_no say why and where; call again for the next one), or -EIO.
 */
int jsonl_next(struct jsonl_reader *r, json_t **out);

#endif
