// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics import: bulk records from a CSV or JSONL file into a node. The file
 * streams through in batches; each batch is one transaction on the node
 * (POST /api/v1/{type}/import), so a crash loses at most the batch in
 * flight, and importing the same file again creates nothing twice. Every
 * refused row is reported with its line number and reason.
 */
#include "cli/commands.h"

#include "core/alloc.h"
#include "core/error.h"
#include "ingest/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { KEY_FORMAT = CLI_KEY_FIRST_FREE, KEY_TYPE, KEY_BATCH };

static const struct cli_option import_options[] = {
	{ KEY_FORMAT, "format", "csv|jsonl", "the file's format (default: from its extension)" },
	{ KEY_TYPE, "type", "TYPE", "the records' type: persons, vehicles, crossings, watchlist, ..." },
	{ KEY_BATCH, "batch", "N", "rows per transaction (default 1000, at most 5000)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

#define REPORT_MAX 50 /* refused rows printed one by one; the rest counted */

struct import_run {
	struct client *c;
	const struct record_type *t;
	const char *file;
	struct strbuf path;
	json_t *rows;          /* the batch being gathered */
	unsigned long *lines;  /* the line of each row in the batch */
	size_t batch;
	unsigned long read, created, duplicates, rejected;
	bool progress;
};

static void reject(struct import_run *r, unsigned long line, const char *why)
{
	if (++r->rejected <= REPORT_MAX)
		fprintf(stderr, "%s%s:%lu: %s\n", r->progress ? "\r\033[K" : "", r->file, line, why);
}

static int send_batch(struct import_run *r)
{
	json_t *answer = NULL, *res;
	size_t i;
	int rc;
	if (!json_array_size(r->rows))
		return 0;
	json_t *body = json_pack("{sO}", "rows", r->rows);
	rc = body ? cli_call(r->c, "POST", r->path.buf, body, &answer) : cli_error("out of memory");
	json_decref(body);
	json_array_foreach(json_object_get(answer, "results"), i, res) {
		const char *st = json_string_value(json_object_get(res, "status"));
		if (!strcmp(st, "created"))
			r->created++;
		else if (!strcmp(st, "duplicate"))
			r->duplicates++;
		else
			reject(r, r->lines[i], json_string_value(json_object_get(res, "detail")));
	}
	json_decref(answer);
	json_array_clear(r->rows);
	if (r->progress)
		fprintf(stderr, "\r\033[K%s: %lu rows read, %lu created, %lu already there, %lu refused",
			r->t->plural, r->read, r->created, r->duplicates, r->rejected);
	return rc;
}

static int add_row(struct import_run *r, json_t *row, unsigned long line)
{
	r->read++;
	r->lines[json_array_size(r->rows)] = line;
	if (json_array_append_new(r->rows, row))
		return cli_error("out of memory");
	return json_array_size(r->rows) == r->batch ? send_batch(r) : 0;
}

/* A CSV value as the JSON its field wants: numbers as numbers, lists split
 * at ';', everything else as text (the node validates it). */
static json_t *csv_value(const struct field_desc *f, const char *v)
{
	char *end;
	if (f->kind == FK_INT) {
		long long n = strtoll(v, &end, 10);
		return *end ? json_string(v) : json_integer(n);
	}
	if (f->kind == FK_REAL) {
		double d = strtod(v, &end);
		return *end ? json_string(v) : json_real(d);
	}
	if (f->kind == FK_TEXT_LIST || f->kind == FK_ID_LIST) {
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

static int import_csv(struct import_run *r, FILE *f)
{
	struct csv_reader cr;
	const struct field_desc *cols[CSV_FIELDS_MAX];
	size_t ncols = 0;
	int rc, got;

	csv_reader_init(&cr, f);
	got = csv_next(&cr);
	if (got != 1) {
		rc = cli_error("'%s' has no header line naming the columns%s%s", r->file,
			       cr.error[0] ? ": " : "", cr.error);
		goto out;
	}
	for (; ncols < cr.nfields; ncols++) {
		cols[ncols] = model_field_any(r->t, csv_field(&cr, ncols));
		if (!cols[ncols] || cols[ncols]->flags & FF_SERVER) {
			rc = cli_error("'%s' line 1: column '%s' is not a field of %s", r->file,
				       csv_field(&cr, ncols), r->t->plural);
			goto out;
		}
	}
	rc = 0;
	while (!rc && (got = csv_next(&cr)) != 0) {
		json_t *row;
		if (got == RICS_E_INVALID) {
			r->read++;
			reject(r, cr.record_line, cr.error);
			continue;
		}
		if (got < 0) {
			rc = cli_error("cannot read '%s': %s", r->file, rics_strerror(got));
			break;
		}
		if (cr.nfields != ncols) {
			char why[96];
			snprintf(why, sizeof why, "%zu fields where the header names %zu", cr.nfields, ncols);
			r->read++;
			reject(r, cr.record_line, why);
			continue;
		}
		row = json_object();
		for (size_t i = 0; row && i < ncols; i++)
			if (*csv_field(&cr, i))
				json_object_set_new(row, cols[i]->name, csv_value(cols[i], csv_field(&cr, i)));
		rc = row ? add_row(r, row, cr.record_line) : cli_error("out of memory");
	}
out:
	csv_reader_release(&cr);
	return rc;
}

static int import_jsonl(struct import_run *r, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	int rc = 0;

	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		json_error_t e;
		json_t *row;
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		row = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &e);
		if (!row || !json_is_object(row)) {
			char why[200];
			snprintf(why, sizeof why, "not a JSON object: %s", row ? "another JSON value" : e.text);
			json_decref(row);
			r->read++;
			reject(r, lineno, why);
			continue;
		}
		rc = add_row(r, row, lineno);
	}
	free(line);
	if (!rc && ferror(f))
		rc = cli_error("cannot read '%s'", r->file);
	return rc;
}

struct import_args {
	struct client_options co;
	const char *format, *type;
	size_t batch;
	char **rest;
	int nrest;
};

static int import_parse(int argc, char **argv, struct import_args *a)
{
	struct cli_parser p;
	char *end;
	int c, rc;

	memset(a, 0, sizeof *a);
	a->batch = 1000;
	cli_parser_init(&p, &cli_cmd_import, argc, argv);
	while ((c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case CLI_KEY_URL: a->co.url = p.arg; break;
		case CLI_KEY_TOKEN: a->co.token = p.arg; break;
		case KEY_FORMAT: a->format = p.arg; break;
		case KEY_TYPE: a->type = p.arg; break;
		case KEY_BATCH:
			a->batch = strtoul(p.arg, &end, 10);
			if (*end || a->batch < 1 || a->batch > 5000)
				return cli_usage_error(&cli_cmd_import, "--batch wants 1 to 5000, not '%s'",
						       p.arg);
			break;
		}
	}
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_import, &p, 1, 1, "the FILE to import")))
		return rc;
	if (!a->type)
		return cli_usage_error(&cli_cmd_import, "--type is required");
	a->rest = p.rest;
	a->nrest = p.nrest;
	if (!a->format) {
		const char *dot = strrchr(p.rest[0], '.');
		a->format = dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson")) ? "jsonl" : "csv";
	}
	if (strcmp(a->format, "csv") && strcmp(a->format, "jsonl"))
		return cli_usage_error(&cli_cmd_import, "--format is csv or jsonl, not '%s'", a->format);
	return 0;
}

static int run_import(int argc, char **argv)
{
	struct import_args a;
	struct import_run r = { 0 };
	FILE *f = NULL;
	int rc = import_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	if ((rc = cli_record_type(&cli_cmd_import, a.type, &r.t)))
		return rc;
	r.file = a.rest[0];
	r.batch = a.batch;
	r.progress = isatty(2);
	strbuf_init(&r.path, 0);
	r.rows = json_array();
	r.lines = rics_calloc(a.batch, sizeof *r.lines);
	if (!r.rows || !r.lines || strbuf_addf(&r.path, "/api/v1/%s/import", r.t->plural)) {
		rc = cli_error("out of memory");
		goto out;
	}
	f = strcmp(r.file, "-") ? fopen(r.file, "rb") : stdin;
	if (!f) {
		rc = cli_error("cannot open '%s': %s", r.file, strerror(errno));
		goto out;
	}
	if ((rc = cli_connect(&a.co, &r.c)))
		goto out;
	rc = !strcmp(a.format, "csv") ? import_csv(&r, f) : import_jsonl(&r, f);
	if (!rc)
		rc = send_batch(&r);
	if (r.progress)
		fputs("\r\033[K", stderr);
	if (r.rejected > REPORT_MAX)
		fprintf(stderr, "... and %lu more rows refused\n", r.rejected - REPORT_MAX);
	if (rc && !r.read)
		goto out; /* nothing was read: the error says it all */
	printf("%s: %lu rows read: %lu created, %lu already there, %lu refused\n", r.t->plural,
	       r.read, r.created, r.duplicates, r.rejected);
	if (!rc && r.rejected)
		rc = CLI_FAILED;
out:
	if (f && f != stdin)
		fclose(f);
	client_free(r.c);
	json_decref(r.rows);
	rics_free(r.lines);
	strbuf_release(&r.path);
	return rc;
}

const struct cli_command cli_cmd_import = {
	.name = "import",
	.summary = "import records in bulk from a CSV or JSONL file",
	.usage = "rics import --type TYPE [--format csv|jsonl] [--batch N] FILE|-",
	.description = "Stream FILE into the node in batches, each stored in one transaction\n"
		       "(POST /api/v1/TYPE/import). CSV files start with a header line naming the\n"
		       "fields (as in docs/api.md; lists are ';'-separated); JSONL files hold one\n"
		       "JSON object per line. Every refused row is reported as FILE:LINE: reason;\n"
		       "the others are stored. Importing the same file again creates nothing new:\n"
		       "rows already stored are counted as 'already there'. A progress line shows\n"
		       "on a terminal. Exits 1 if any row was refused.",
	.options = import_options,
	.examples = "rics import --type persons persons.csv\n"
		    "rics import --type crossings --format jsonl crossings.jsonl\n"
		    "zcat watchlist.jsonl.gz | rics import --type watchlist --format jsonl -",
	.run = run_import,
};
