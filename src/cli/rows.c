// SPDX-License-Identifier: AGPL-3.0-or-later
/* Rows of CSV and JSONL files as JSON objects; see rows.h. */
#include "cli/rows.h"

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A CSV value as the JSON its field wants: numbers as numbers, lists split
 * at ';', everything else as text (the node validates it). */
static json_t *typed_value(const struct field_desc *f, const char *v)
{
	char *end;
	if (f && f->kind == FK_INT) {
		long long n = strtoll(v, &end, 10);
		return *end ? json_string(v) : json_integer(n);
	}
	if (f && f->kind == FK_REAL) {
		double d = strtod(v, &end);
		return *end ? json_string(v) : json_real(d);
	}
	if (f && (f->kind == FK_TEXT_LIST || f->kind == FK_ID_LIST)) {
		json_t *a = json_array();
		char *copy = rics_strdup(v), *save = NULL;
		for (char *tok = copy ? strtok_r(copy, ";", &save) : NULL; tok && a;
		     tok = strtok_r(NULL, ";", &save))
			json_array_append_new(a, json_string(tok));
		rics_free(copy);
		return a;
	}
	return json_string(v);
}

static int read_header(struct rows *r)
{
	int got = csv_next(&r->cr);
	if (got != 1)
		return cli_error("'%s' has no header line naming the columns%s%s", r->file,
				 r->cr.error[0] ? ": " : "", r->cr.error);
	for (; r->ncols < r->cr.nfields; r->ncols++) {
		const char *name = csv_field(&r->cr, r->ncols);
		r->cols[r->ncols] = r->t ? model_field_any(r->t, name) : NULL;
		if (r->t && (!r->cols[r->ncols] || r->cols[r->ncols]->flags & FF_SERVER))
			return cli_error("'%s' line 1: column '%s' is not a field of %s", r->file, name,
					 r->t->plural);
		strbuf_add(&r->header, name, strlen(name) + 1);
	}
	/* the names move with the buffer: point at them only now */
	for (size_t i = 0, off = 0; i < r->ncols; i++) {
		r->names[i] = r->header.buf + off;
		off += strlen(r->names[i]) + 1;
	}
	return 0;
}

int rows_open(struct rows *r, const char *file, const char *format, const struct record_type *t)
{
	const char *dot = strrchr(file, '.');
	memset(r, 0, sizeof *r);
	r->file = file;
	r->t = t;
	strbuf_init(&r->header, 1 << 20);
	if (!format)
		format = dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson")) ? "jsonl" : "csv";
	r->csv = !strcmp(format, "csv");
	r->f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	if (!r->f)
		return cli_error("cannot open '%s': %s", file, strerror(errno));
	if (!r->csv) {
		jsonl_reader_init(&r->jr, r->f);
		return 0;
	}
	csv_reader_init(&r->cr, r->f);
	return read_header(r) ? CLI_FAILED : 0;
}

void rows_close(struct rows *r)
{
	if (r->csv)
		csv_reader_release(&r->cr);
	else if (r->f)
		jsonl_reader_release(&r->jr);
	if (r->f && r->f != stdin)
		fclose(r->f);
	strbuf_release(&r->header);
}

static int next_csv(struct rows *r, json_t **row, unsigned long *line)
{
	json_t *o;
	int got = csv_next(&r->cr);
	*line = r->cr.record_line;
	if (got == 0)
		return 0;
	if (got == RICS_E_INVALID) {
		snprintf(r->why, sizeof r->why, "%s", r->cr.error);
		return RICS_E_INVALID;
	}
	if (got < 0) {
		cli_error("cannot read '%s': %s", r->file, rics_strerror(got));
		return -EIO;
	}
	if (r->cr.nfields != r->ncols) {
		snprintf(r->why, sizeof r->why, "%zu fields where the header names %zu",
			 r->cr.nfields, r->ncols);
		return RICS_E_INVALID;
	}
	o = json_object();
	for (size_t i = 0; o && i < r->ncols; i++)
		if (*csv_field(&r->cr, i))
			json_object_set_new(o, r->names[i], typed_value(r->cols[i], csv_field(&r->cr, i)));
	if (!o) {
		cli_error("out of memory");
		return -ENOMEM;
	}
	*row = o;
	return 1;
}

static int next_jsonl(struct rows *r, json_t **row, unsigned long *line)
{
	int got = jsonl_next(&r->jr, row);
	*line = r->jr.line_no;
	if (got == RICS_E_INVALID)
		snprintf(r->why, sizeof r->why, "%s", r->jr.error);
	else if (got < 0)
		cli_error("cannot read '%s'", r->file);
	return got;
}

int rows_next(struct rows *r, json_t **row, unsigned long *line)
{
	return r->csv ? next_csv(r, row, line) : next_jsonl(r, row, line);
}
