// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics import: bulk records from a CSV or JSONL file into a node. The file
 * streams through in batches; each batch is one transaction on the node
 * (POST /api/v1/{type}/import), four batches in flight at a time, so a
 * crash loses at most those four, and importing the same file again creates
 * nothing twice. Every
 * refused row is reported with its line number and reason.
 */
#include "cli/commands.h"

#include "core/alloc.h"
#include "core/error.h"
#include "cli/rows.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { KEY_FORMAT = CLI_KEY_FIRST_FREE, KEY_TYPE, KEY_BATCH, KEY_BCP, KEY_DIRECTION };

static const struct cli_option import_options[] = {
	{ KEY_FORMAT, "format", "csv|jsonl|paxlst|pnrgov",
	  "the file's format (default: from its extension)" },
	{ KEY_TYPE, "type", "TYPE", "the records' type: persons, vehicles, crossings, watchlist, ..." },
	{ KEY_BATCH, "batch", "N", "rows per transaction (default 1000, at most 5000)" },
	{ KEY_BCP, "bcp", "CODE", "paxlst, pnrgov: the receiving BCP (default: your home BCP)" },
	{ KEY_DIRECTION, "direction", "in|out",
	  "paxlst, pnrgov: arrivals (in, the default) or departures" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

#define REPORT_MAX 50 /* refused rows printed one by one; the rest counted */
/*
 * Batches in flight: while the node stores one batch, the next are read,
 * sent and validated, so the file, the HTTP path and the store's writer
 * work at the same time instead of in turn. Each has its own connection;
 * answers are counted in the order the batches were read.
 */
#define IN_FLIGHT 4 /* two left the writer idle between batches; eight gained nothing */

/* One batch and its request, sent from a thread of its own. */
struct flight {
	struct client *c;
	const char *path;
	json_t *rows;          /* the batch */
	unsigned long *lines;  /* the line of each row */
	json_t *answer;
	int rc;
	pthread_t thread;
	bool busy;             /* its thread runs: join it before touching it */
};

struct import_run {
	const struct record_type *t;
	const char *file;
	struct strbuf path;
	struct flight f[IN_FLIGHT];
	size_t cur;            /* the flight gathering rows */
	size_t batch;
	unsigned long read, created, duplicates, rejected;
	bool progress;
};

static void reject(struct import_run *r, unsigned long line, const char *why)
{
	if (++r->rejected <= REPORT_MAX)
		fprintf(stderr, "%s%s:%lu: %s\n", r->progress ? "\r\033[K" : "", r->file, line, why);
}

static void *send_thread(void *arg)
{
	struct flight *f = arg;
	json_t *body = json_pack("{sO}", "rows", f->rows);
	f->rc = body ? cli_call(f->c, "POST", f->path, body, &f->answer) : cli_error("out of memory");
	json_decref(body);
	return NULL;
}

/* Wait for flight f (if out) and count its answer. */
static int land(struct import_run *r, struct flight *f)
{
	json_t *res;
	size_t i;
	int rc;
	if (!f->busy)
		return 0;
	pthread_join(f->thread, NULL);
	f->busy = false;
	json_array_foreach(json_object_get(f->answer, "results"), i, res) {
		const char *st = json_string_value(json_object_get(res, "status"));
		if (!strcmp(st, "created"))
			r->created++;
		else if (!strcmp(st, "duplicate"))
			r->duplicates++;
		else
			reject(r, f->lines[i], json_string_value(json_object_get(res, "detail")));
	}
	json_decref(f->answer);
	f->answer = NULL;
	json_array_clear(f->rows);
	rc = f->rc;
	if (r->progress)
		fprintf(stderr, "\r\033[K%s: %lu rows read, %lu created, %lu already there, %lu refused",
			r->t->plural, r->read, r->created, r->duplicates, r->rejected);
	return rc;
}

/* Send the batch gathered so far, and move on to the next flight. */
static int send_batch(struct import_run *r)
{
	struct flight *f = &r->f[r->cur];
	int rc;
	if (!json_array_size(f->rows))
		return 0;
	f->path = r->path.buf;
	f->rc = 0;
	if ((rc = pthread_create(&f->thread, NULL, send_thread, f)) != 0)
		return cli_error("cannot start a thread: %s", strerror(rc));
	f->busy = true;
	r->cur = (r->cur + 1) % IN_FLIGHT;
	return land(r, &r->f[r->cur]); /* the next flight must be back first */
}

/* Send what is left and count every answer, in order. */
static int finish(struct import_run *r)
{
	int rc = send_batch(r);
	for (size_t k = 0; k < IN_FLIGHT; k++) {
		int l = land(r, &r->f[(r->cur + k) % IN_FLIGHT]);
		rc = rc ? rc : l;
	}
	return rc;
}

static int add_row(struct import_run *r, json_t *row, unsigned long line)
{
	struct flight *f = &r->f[r->cur];
	r->read++;
	f->lines[json_array_size(f->rows)] = line;
	if (json_array_append_new(f->rows, row))
		return cli_error("out of memory");
	return json_array_size(f->rows) == r->batch ? send_batch(r) : 0;
}

static int import_rows(struct import_run *r, struct rows *rows)
{
	unsigned long line;
	json_t *row = NULL;
	int got, rc = 0;
	while (!rc && (got = rows_next(rows, &row, &line)) != 0) {
		if (got == RICS_E_INVALID) {
			r->read++;
			reject(r, line, rows->why);
		} else if (got < 0) {
			rc = CLI_FAILED;
		} else {
			rc = add_row(r, row, line);
		}
	}
	return rc;
}

struct import_args {
	struct client_options co;
	const char *format, *type, *bcp, *direction;
	size_t batch;
	char **rest;
	int nrest;
};

/* PAXLST and PNRGOV files go whole to POST /api/v1/manifests. */
static bool is_manifest(const char *format)
{
	return format && (!strcmp(format, "paxlst") || !strcmp(format, "pnrgov"));
}

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
		case KEY_BCP: a->bcp = p.arg; break;
		case KEY_DIRECTION: a->direction = p.arg; break;
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
	if (!a->format) {
		const char *dot = strrchr(p.rest[0], '.');
		if (dot && (!strcmp(dot, ".edi") || !strcmp(dot, ".paxlst")))
			a->format = "paxlst";
	}
	if (!a->type && !is_manifest(a->format))
		return cli_usage_error(&cli_cmd_import, "--type is required");
	a->rest = p.rest;
	a->nrest = p.nrest;
	if (a->format && strcmp(a->format, "csv") && strcmp(a->format, "jsonl") &&
	    !is_manifest(a->format))
		return cli_usage_error(&cli_cmd_import,
				       "--format is csv, jsonl, paxlst or pnrgov, not '%s'", a->format);
	return 0;
}

/* Read all of file ("-": stdin) into sb. */
static int slurp(const char *file, struct strbuf *sb)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	char buf[8192];
	size_t n;
	int rc = 0;
	if (!f)
		return cli_error("cannot open '%s': %s", file, strerror(errno));
	while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
		if (strbuf_add(sb, buf, n))
			rc = cli_error("'%s' is larger than a manifest can be", file);
	if (!rc && ferror(f))
		rc = cli_error("cannot read '%s'", file);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* What the node did with each traveller and each problem, by segment. */
static int print_manifests(const char *file, json_t *answer)
{
	json_t *m, *t, *e;
	size_t i, j;
	unsigned long created = 0, refused = 0, hits = 0, problems = 0;
	json_array_foreach(json_object_get(answer, "errors"), j, e) {
		problems++;
		fprintf(stderr, "%s: segment %lld: %s\n", file,
			(long long)json_integer_value(json_object_get(e, "segment")),
			json_string_value(json_object_get(e, "message")));
	}
	json_array_foreach(json_object_get(answer, "manifests"), i, m) {
		json_array_foreach(json_object_get(m, "errors"), j, e) {
			problems++;
			fprintf(stderr, "%s: segment %lld: %s\n", file,
				(long long)json_integer_value(json_object_get(e, "segment")),
				json_string_value(json_object_get(e, "message")));
		}
		json_array_foreach(json_object_get(m, "travellers"), j, t) {
			const char *st = json_string_value(json_object_get(t, "status"));
			if (st && !strcmp(st, "created")) {
				created++;
				hits += json_integer_value(json_object_get(t, "hits")) > 0;
			} else {
				refused++;
				fprintf(stderr, "%s: traveller %s: %s\n", file,
					json_string_value(json_object_get(t, "surname")) ?: "?",
					json_string_value(json_object_get(t, "detail")));
			}
		}
	}
	printf("%s: %zu manifests: %lu expected crossings stored, %lu travellers refused, "
	       "%lu with watchlist hits, %lu problems\n", file,
	       json_array_size(json_object_get(answer, "manifests")), created, refused, hits, problems);
	return refused ? CLI_FAILED : CLI_OK;
}

static int import_paxlst(const struct import_args *a)
{
	struct strbuf body, path;
	struct client *c = NULL;
	json_t *answer = NULL;
	int rc;

	strbuf_init(&body, 64 << 20);
	strbuf_init(&path, 0);
	if ((rc = slurp(a->rest[0], &body)))
		goto out;
	rc = strbuf_adds(&path, "/api/v1/manifests?direction=");
	rc |= client_escape(&path, a->direction ? a->direction : "in");
	if (a->bcp) {
		rc |= strbuf_adds(&path, "&bcp=");
		rc |= client_escape(&path, a->bcp);
	}
	if (rc) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_connect(&a->co, &c)))
		goto out;
	struct client_request r = { .method = "POST", .path = path.buf, .raw = body.buf,
				    .raw_len = body.len, .content_type = "application/edifact" };
	if (client_request(c, &r, &answer)) {
		rc = cli_error("%s", client_error(c));
		goto out;
	}
	rc = print_manifests(a->rest[0], answer);
out:
	json_decref(answer);
	client_free(c);
	strbuf_release(&body);
	strbuf_release(&path);
	return rc;
}

/* The flights' batches and connections; CLI_OK or CLI_FAILED after saying why. */
static int flights_open(struct import_run *r, const struct client_options *co)
{
	for (size_t k = 0; k < IN_FLIGHT; k++) {
		struct flight *f = &r->f[k];
		int rc;
		f->rows = json_array();
		f->lines = rics_calloc(r->batch, sizeof *f->lines);
		if (!f->rows || !f->lines)
			return cli_error("out of memory");
		if ((rc = cli_connect(co, &f->c)))
			return rc;
	}
	return CLI_OK;
}

static void flights_close(struct import_run *r)
{
	for (size_t k = 0; k < IN_FLIGHT; k++) {
		land(r, &r->f[k]);
		client_free(r->f[k].c);
		json_decref(r->f[k].rows);
		rics_free(r->f[k].lines);
	}
}

static int run_import(int argc, char **argv)
{
	struct import_args a;
	struct import_run r = { 0 };
	struct rows rows;
	bool opened = false;
	int rc = import_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	if (is_manifest(a.format))
		return import_paxlst(&a);
	if ((rc = cli_record_type(&cli_cmd_import, a.type, &r.t)))
		return rc;
	r.file = a.rest[0];
	r.batch = a.batch;
	r.progress = isatty(2);
	strbuf_init(&r.path, 0);
	if (strbuf_addf(&r.path, "/api/v1/%s/import", r.t->plural)) {
		rc = cli_error("out of memory");
		goto out;
	}
	opened = true; /* rows_close undoes a failed rows_open too */
	if ((rc = rows_open(&rows, r.file, a.format, r.t)) || (rc = flights_open(&r, &a.co)))
		goto out;
	rc = import_rows(&r, &rows);
	if (!rc)
		rc = finish(&r);
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
	flights_close(&r);
	if (opened)
		rows_close(&rows);
	strbuf_release(&r.path);
	return rc;
}

const struct cli_command cli_cmd_import = {
	.name = "import",
	.summary = "import records in bulk from a CSV or JSONL file",
	.usage = "rics import --type TYPE [--format csv|jsonl] [--batch N] FILE|-\n"
		 "rics import --format paxlst|pnrgov [--bcp CODE] [--direction in|out] FILE|-",
	.description = "Stream FILE into the node in batches, each stored in one transaction\n"
		       "(POST /api/v1/TYPE/import). CSV files start with a header line naming the\n"
		       "fields (as in docs/api.md; lists are ';'-separated); JSONL files hold one\n"
		       "JSON object per line. Every refused row is reported as FILE:LINE: reason;\n"
		       "the others are stored. Importing the same file again creates nothing new:\n"
		       "rows already stored are counted as 'already there'. A progress line shows\n"
		       "on a terminal. Exits 1 if any row was refused.\n"
		       "\n"
		       "With --format paxlst, FILE is a UN/EDIFACT PAXLST passenger manifest: its\n"
		       "travellers become expected crossings at the BCP (POST /api/v1/manifests),\n"
		       "screened at once; problems are reported with their segment numbers.\n"
		       "--format pnrgov does the same with a PNRGOV push: the travellers of every\n"
		       "reservation in it, on the flight it was pushed for.",
	.options = import_options,
	.examples = "rics import --type persons persons.csv\n"
		    "rics import --type crossings --format jsonl crossings.jsonl\n"
		    "zcat watchlist.jsonl.gz | rics import --type watchlist --format jsonl -\n"
		    "rics import --format paxlst --bcp TJ-DYU HY771.edi",
	.run = run_import,
};
