// SPDX-License-Identifier: AGPL-3.0-or-later
/* A streaming RFC 4180 reader; see csv.h. */
#include "ingest/csv.h"

#include "core/error.h"
#include "core/text.h"

#include <errno.h>
#include <string.h>

void csv_reader_init(struct csv_reader *r, FILE *f)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->first = 1;
	strbuf_init(&r->data, (size_t)CSV_FIELDS_MAX * 1024);
}

void csv_reader_release(struct csv_reader *r)
{
	strbuf_release(&r->data);
}

static int field_end(struct csv_reader *r, size_t start)
{
	if (r->data.len - start > CSV_FIELD_MAX) {
		snprintf(r->error, sizeof r->error, "field %zu is longer than %d bytes",
			 r->nfields + 1, CSV_FIELD_MAX);
		return RICS_E_INVALID;
	}
	if (!rics_text_valid(r->data.buf + start, r->data.len - start)) {
		snprintf(r->error, sizeof r->error,
			 "field %zu is not valid UTF-8 text (or holds control characters)",
			 r->nfields + 1);
		return RICS_E_INVALID;
	}
	if (r->nfields == CSV_FIELDS_MAX) {
		snprintf(r->error, sizeof r->error, "more than %d fields", CSV_FIELDS_MAX);
		return RICS_E_INVALID;
	}
	r->offsets[r->nfields++] = start;
	return strbuf_addch(&r->data, '\0') ? -ENOMEM : 0;
}

/* Skip to the end of the current line after an error (counting it). */
static void skip_line(struct csv_reader *r)
{
	int c;
	while ((c = getc(r->f)) != EOF && c != '\n')
		;
	if (c == '\n')
		r->line++;
}

int csv_next(struct csv_reader *r)
{
	bool quoted = false, was_quoted = false, any = false;
	size_t start;
	int c, rc = 0;

	strbuf_reset(&r->data);
	r->nfields = 0;
	r->error[0] = '\0';
	r->record_line = r->line + 1;
	start = 0;
	if (r->first) {
		r->first = 0;
		if ((c = getc(r->f)) == 0xef) {
			if (getc(r->f) != 0xbb || getc(r->f) != 0xbf) {
				snprintf(r->error, sizeof r->error, "a broken byte order mark");
				skip_line(r);
				return RICS_E_INVALID;
			}
		} else if (c != EOF) {
			ungetc(c, r->f);
		}
	}
	for (;;) {
		c = getc(r->f);
		if (c == EOF) {
			if (ferror(r->f))
				return -EIO;
			if (quoted) {
				snprintf(r->error, sizeof r->error, "a quoted field is never closed");
				return RICS_E_INVALID;
			}
			if (!any)
				return 0;
			r->line++;
			return field_end(r, start) ? RICS_E_INVALID : 1;
		}
		any = true;
		if (quoted) {
			if (c == '"') {
				int d = getc(r->f);
				if (d == '"') {
					rc = strbuf_addch(&r->data, '"');
				} else {
					quoted = false;
					if (d != EOF)
						ungetc(d, r->f);
				}
			} else {
				if (c == '\n')
					r->line++;
				rc = strbuf_addch(&r->data, (char)c);
			}
		} else if (c == '"') {
			if (r->data.len != start || was_quoted) {
				snprintf(r->error, sizeof r->error,
					 "a quote inside field %zu that is not quoted", r->nfields + 1);
				skip_line(r);
				return RICS_E_INVALID;
			}
			quoted = was_quoted = true;
		} else if (c == ',') {
			if ((rc = field_end(r, start)))
				break;
			start = r->data.len;
			was_quoted = false;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r' && (c = getc(r->f)) != '\n' && c != EOF)
				ungetc(c, r->f);
			r->line++;
			if ((rc = field_end(r, start)))
				return rc == -ENOMEM ? rc : RICS_E_INVALID;
			return 1;
		} else {
			if (was_quoted) {
				snprintf(r->error, sizeof r->error,
					 "text after the closing quote of field %zu", r->nfields + 1);
				skip_line(r);
				return RICS_E_INVALID;
			}
			rc = strbuf_addch(&r->data, (char)c);
		}
		if (rc == -E2BIG) {
			snprintf(r->error, sizeof r->error, "the record is too long");
			skip_line(r);
			r->line++;
			return RICS_E_INVALID;
		}
		if (rc)
			return rc;
	}
	/* a field was refused mid-record: drop the rest of the line */
	if (rc == RICS_E_INVALID) {
		skip_line(r);
	}
	return rc;
}
