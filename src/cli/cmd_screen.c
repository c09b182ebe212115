// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics screen: screen a file of travellers against the node's watchlists,
 * one POST /api/v1/screen per row, and write one line per hit (or per
 * traveller without a hit, with --all) as CSV or JSON lines. For a list of
 * expected passengers, a coach's manifest, a batch of visa applications.
 */
#include "cli/commands.h"
#include "cli/rows.h"

#include "core/error.h"

#include <string.h>
#include <unistd.h>

enum { KEY_FORMAT = CLI_KEY_FIRST_FREE, KEY_SUBJECT, KEY_OUTPUT, KEY_ALL };

static const struct cli_option screen_options[] = {
	{ KEY_FORMAT, "format", "csv|jsonl", "the input's format (default: from its extension)" },
	{ KEY_SUBJECT, "subject", "person|document|vehicle",
	  "what each row describes, unless it says so in a 'subject' column (default person)" },
	{ KEY_OUTPUT, "output", "csv|json", "how to write the hits (default csv)" },
	{ KEY_ALL, "all", NULL, "also write a line for every row without a hit" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct screen_args {
	struct client_options co;
	const char *format, *subject, *output;
	bool all;
	char **rest;
};

static void csv_quote(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* One output line: the row, and a hit or nothing. */
static void write_hit(const struct screen_args *a, unsigned long line, json_t *hit)
{
	const char *refer = json_is_true(json_object_get(hit, "refer_to_supervisor"))
		? "refer to a supervisor" : NULL;
	if (!strcmp(a->output, "json")) {
		json_t *o = json_pack("{sI sO}", "line", (json_int_t)line, "hit", hit ? hit : json_null());
		cli_json_print(stdout, o, true);
		json_decref(o);
		return;
	}
	printf("%lu,", line);
	if (hit) {
		if (refer) /* no score either: it would say something of the entry */
			putchar(',');
		else
			printf("%lld,", (long long)json_integer_value(json_object_get(hit, "score")));
		csv_quote(refer ? refer : json_string_value(json_object_get(hit, "action")));
		putchar(',');
		csv_quote(json_string_value(json_object_get(hit, "watchlist_id")));
		putchar(',');
		csv_quote(json_string_value(json_object_get(hit, "explanation")));
	} else {
		fputs(",,,", stdout);
	}
	putchar('\n');
}

static int screen_file(const struct screen_args *a, struct client *c, struct rows *rows,
		       unsigned long *counts)
{
	unsigned long line;
	json_t *row = NULL;
	int got, rc = 0;
	bool progress = isatty(2);

	if (!strcmp(a->output, "csv"))
		puts("line,score,action,watchlist_id,explanation");
	while (!rc && (got = rows_next(rows, &row, &line)) != 0) {
		json_t *answer = NULL, *hit;
		size_t i;
		counts[0]++;
		if (got < 0 && got != RICS_E_INVALID) {
			rc = CLI_FAILED;
			break;
		}
		if (got == RICS_E_INVALID) {
			fprintf(stderr, "%s:%lu: %s\n", rows->file, line, rows->why);
			counts[2]++;
			continue;
		}
		if (!json_object_get(row, "subject"))
			json_object_set_new(row, "subject", json_string(a->subject));
		if (client_call(c, "POST", "/api/v1/screen", row, &answer)) {
			fprintf(stderr, "%s:%lu: %s\n", rows->file, line, client_error(c));
			counts[2]++;
			if (client_status(c) == 0 || client_status(c) == 401 || client_status(c) == 403)
				rc = CLI_FAILED; /* the node is gone or refuses us: stop */
		} else {
			json_array_foreach(json_object_get(answer, "hits"), i, hit)
				write_hit(a, line, hit);
			if (!json_array_size(json_object_get(answer, "hits")) && a->all)
				write_hit(a, line, NULL);
			counts[1] += json_array_size(json_object_get(answer, "hits")) > 0;
		}
		json_decref(answer);
		json_decref(row);
		if (progress && counts[0] % 50 == 0)
			fprintf(stderr, "\r\033[K%lu screened, %lu with hits", counts[0], counts[1]);
	}
	if (progress)
		fputs("\r\033[K", stderr);
	return rc;
}

static int screen_parse(int argc, char **argv, struct screen_args *a)
{
	struct cli_parser p;
	int c, rc;

	memset(a, 0, sizeof *a);
	a->subject = "person";
	a->output = "csv";
	cli_parser_init(&p, &cli_cmd_screen, argc, argv);
	while ((c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case CLI_KEY_URL: a->co.url = p.arg; break;
		case CLI_KEY_TOKEN: a->co.token = p.arg; break;
		case KEY_FORMAT: a->format = p.arg; break;
		case KEY_SUBJECT: a->subject = p.arg; break;
		case KEY_OUTPUT: a->output = p.arg; break;
		case KEY_ALL: a->all = true; break;
		}
	}
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_screen, &p, 1, 1, "the FILE of travellers")))
		return rc;
	if (strcmp(a->output, "csv") && strcmp(a->output, "json"))
		return cli_usage_error(&cli_cmd_screen, "--output is csv or json, not '%s'", a->output);
	if (a->format && strcmp(a->format, "csv") && strcmp(a->format, "jsonl"))
		return cli_usage_error(&cli_cmd_screen, "--format is csv or jsonl, not '%s'", a->format);
	a->rest = p.rest;
	return 0;
}

static int run_screen(int argc, char **argv)
{
	struct screen_args a;
	struct client *c = NULL;
	struct rows rows;
	unsigned long counts[3] = { 0 }; /* rows, rows with hits, rows refused */
	int rc = screen_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	if ((rc = rows_open(&rows, a.rest[0], a.format, NULL)) == 0) {
		if ((rc = cli_connect(&a.co, &c)) == 0)
			rc = screen_file(&a, c, &rows, counts);
		fprintf(stderr, "%lu rows screened: %lu with hits, %lu refused\n", counts[0], counts[1],
			counts[2]);
	}
	rows_close(&rows);
	client_free(c);
	return rc ? rc : counts[2] ? CLI_FAILED : CLI_OK;
}

const struct cli_command cli_cmd_screen = {
	.name = "screen",
	.summary = "screen a file of travellers against the watchlists",
	.usage = "rics screen [--subject S] [--format csv|jsonl] [--output csv|json] [--all] FILE|-",
	.description = "Screen every row of FILE (CSV with a header, or JSON lines) with the node's\n"
		       "POST /api/v1/screen: columns surname, given_names, patronymic, birth_date,\n"
		       "sex, nationality, document_number, issuing_country, plate, and optionally\n"
		       "subject. Writes one line per hit: the row's line, the score, the action on\n"
		       "hit (or 'refer to a supervisor' for an entry above your clearance), the\n"
		       "entry and the explanation. A summary goes to stderr; exits 1 if a row could\n"
		       "not be screened.",
	.options = screen_options,
	.examples = "rics screen passengers.csv > hits.csv\n"
		    "rics screen --subject vehicle --output json plates.jsonl",
	.run = run_screen,
};
