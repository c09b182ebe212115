/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A streaming CSV reader (RFC 4180): fields separated by commas, quoted
 * fields with "" for a quote and line breaks inside quotes, CRLF or LF line
 * ends, a UTF-8 byte order mark ignored. Records are read one at a time
 * from a FILE, so a file of any size streams through a fixed footprint.
 *
 * A malformed record (a stray quote, a quote left open, bytes that are not
 * UTF-8, a field or record over the limits) is reported with the line it
 * started on, and reading goes on with the next record: one bad line never
 * costs the rest of the file.
 */
#ifndef RICS_INGEST_CSV_H
#define RICS_INGEST_CSV_H

#include "core/strbuf.h"

#include <stdio.h>

#define CSV_FIELDS_MAX 256
#define CSV_FIELD_MAX (64 * 1024)

struct csv_reader {
	FILE *f;
	unsigned long line;       /* lines consumed so far */
	struct strbuf data;       /* the fields of the current record, each NUL-ended */
	size_t offsets[CSV_FIELDS_MAX];
	size_t nfields;
	unsigned long record_line; /* the line the current record started on */
	char error[160];          /* why the last record was refused */
	int first;                /* a BOM may still come */
};

void csv_reader_init(struct csv_reader *r, FILE *f);
void csv_reader_release(struct csv_reader *r);

/*
 * Read the next record. Returns 1 with the fields available through
 * csv_field(), 0 at the end of the input, RICS_E_INVALID for a malformed
 * record (r->error and r->record_line say why and where; call again for the
 * next one), or -EIO / -ENOMEM.
 */
int csv_next(struct csv_reader *r);

/* Field i of the current record (i < r->nfields), NUL-terminated. */
static inline const char *csv_field(const struct csv_reader *r, size_t i)
{
	return r->data.buf + r->offsets[i];
}

#endif
