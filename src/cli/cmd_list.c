// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics list: records of any type, one JSON object per line, with the
 * type's filters as options. The filters are not written here: the option
 * table is built at run time from the record type's description in
 * model/types.c (every field marked filterable), so the command, its help
 * and the API always offer the same filters.
 */
#include "cli/commands.h"

#include "core/alloc.h"

#include <string.h>

enum { KEY_LIMIT = CLI_KEY_FIRST_FREE, KEY_ALL, KEY_CURSOR, KEY_COUNT, KEY_FILTER = 0x200 };

static const struct cli_option list_options[] = {
	{ KEY_LIMIT, "limit", "N", "at most N records (a page; default: the node's page size)" },
	{ KEY_ALL, "all", NULL, "every record: follow the pages to the end" },
	{ KEY_CURSOR, "cursor", "CURSOR", "start after this cursor from an earlier page" },
	{ KEY_COUNT, "count", NULL, "print only how many records you may see (no filters)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

/* The filters of a record type: its filterable fields, plus name and
 * name_prefix for types searched by name. Each also has a spelling with
 * dashes (birth-date for birth_date), for comfort. */
#define MAX_FILTERS 64

struct filters {
	const char *names[MAX_FILTERS];
	char *dashed[MAX_FILTERS]; /* owned; NULL where the name has no '_' */
	size_t n;
};

static void filters_of(const struct record_type *t, struct filters *f)
{
	memset(f, 0, sizeof *f);
	if (t->flags & RT_NAME_SEARCH) {
		f->names[f->n++] = "name";
		f->names[f->n++] = "name_prefix";
	}
	for (size_t i = 0; i < t->nfields && f->n < MAX_FILTERS; i++)
		if (t->fields[i].flags & FF_FILTER)
			f->names[f->n++] = t->fields[i].name;
	for (size_t i = 0; i < model_common_nfields && f->n < MAX_FILTERS; i++)
		if (model_common_fields[i].flags & FF_FILTER)
			f->names[f->n++] = model_common_fields[i].name;
}

static int filters_dash(struct filters *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (!strchr(f->names[i], '_'))
			continue;
		if (!(f->dashed[i] = rics_strdup(f->names[i])))
			return -1;
		for (char *p = f->dashed[i]; *p; p++)
			if (*p == '_')
				*p = '-';
	}
	return 0;
}

static void filters_release(struct filters *f)
{
	for (size_t i = 0; i < f->n; i++)
		rics_free(f->dashed[i]);
	f->n = 0;
}

struct list_args {
	struct client_options co;
	const struct record_type *t;
	struct filters f;
	struct strbuf query; /* "&field=value..." */
	const char *limit, *cursor;
	bool all, count;
	struct option *table; /* getopt table: list_options and the filters */
};

static int build_table(struct list_args *a, size_t *count)
{
	size_t n = 0, fixed = sizeof list_options / sizeof list_options[0];

	a->table = rics_calloc(fixed + 2 * a->f.n + 2, sizeof *a->table);
	if (!a->table || filters_dash(&a->f))
		return cli_error("out of memory");
	for (const struct cli_option *o = list_options; o->key; o++)
		a->table[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
						 NULL, o->key };
	a->table[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	for (size_t i = 0; i < a->f.n; i++) {
		a->table[n++] = (struct option){ a->f.names[i], required_argument, NULL,
						 KEY_FILTER + (int)i };
		if (a->f.dashed[i])
			a->table[n++] = (struct option){ a->f.dashed[i], required_argument, NULL,
							 KEY_FILTER + (int)i };
	}
	*count = n;
	return 0;
}

static int list_option(struct list_args *a, struct cli_parser *p, int c)
{
	unsigned long n;
	int rc = 0;

	switch (c) {
	case KEY_LIMIT:
		rc = cli_parse_uint(&cli_cmd_list, "limit", p->arg, 1, 100000, &n);
		a->limit = p->arg;
		break;
	case KEY_ALL: a->all = true; break;
	case KEY_CURSOR: a->cursor = p->arg; break;
	case KEY_COUNT: a->count = true; break;
	case CLI_KEY_URL: a->co.url = p->arg; break;
	case CLI_KEY_TOKEN: a->co.token = p->arg; break;
	default:
		if (c < KEY_FILTER || (size_t)(c - KEY_FILTER) >= a->f.n)
			break;
		if (strbuf_addf(&a->query, "&%s=", a->f.names[c - KEY_FILTER]) ||
		    client_escape(&a->query, p->arg))
			rc = cli_error("out of memory");
	}
	return rc;
}

/* TYPE comes first, as the options depend on it. */
static int list_type(int argc, char **argv, struct list_args *a)
{
	if (argc < 2)
		return cli_usage_error(&cli_cmd_list, "missing the record TYPE");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		cli_help_print(&cli_cmd_list, stdout);
		return CLI_HELP_SHOWN;
	}
	if (argv[1][0] == '-')
		return cli_usage_error(&cli_cmd_list,
				       "the record TYPE comes before the options, not '%s'",
				       argv[1]);
	return cli_record_type(&cli_cmd_list, argv[1], &a->t);
}

static int list_parse(int argc, char **argv, struct list_args *a)
{
	struct cli_parser p;
	size_t n = 0;
	int c = 0, rc = list_type(argc, argv, a);

	if (rc)
		return rc;
	filters_of(a->t, &a->f);
	if ((rc = build_table(a, &n)) != 0)
		return rc;
	/* argv + 1: getopt skips its argv[0], here the TYPE */
	cli_parser_init_table(&p, &cli_cmd_list, argc - 1, argv + 1, a->table, n);
	while (!rc && (c = cli_parser_next(&p)) > 0)
		rc = list_option(a, &p, c);
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_list, &p, 0, 0, "")) != 0)
		return rc;
	if (a->count && (a->query.len || a->all || a->cursor || a->limit))
		return cli_usage_error(&cli_cmd_list,
				       "--count counts every record you may see: "
				       "it takes no filters, --limit, --cursor or --all");
	return 0;
}

/* The path of one page: filters, limit and cursor as the query. */
static int page_path(const struct list_args *a, const char *cursor, struct strbuf *path)
{
	char sep = '?';
	int rc;

	strbuf_reset(path);
	rc = strbuf_addf(path, "/api/v1/%s", a->t->plural);
	if (!rc && a->limit) {
		rc = strbuf_addf(path, "%climit=%s", sep, a->limit);
		sep = '&';
	}
	if (!rc && cursor && *cursor) {
		rc = strbuf_addf(path, "%ccursor=", sep);
		rc = rc ? rc : client_escape(path, cursor);
		sep = '&';
	}
	if (!rc && a->query.len)
		rc = strbuf_addf(path, "%c%s", sep, a->query.buf + 1);
	return rc ? cli_error("out of memory") : 0;
}

/* Print one page; next is set to its next_cursor ("" after the last). */
static int list_page(struct client *c, struct strbuf *path, struct strbuf *next)
{
	json_t *page = NULL, *items;
	const char *cursor;
	int rc;

	if ((rc = cli_call(c, "GET", path->buf, NULL, &page)) != 0)
		return rc;
	items = json_object_get(page, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		cli_json_print(stdout, json_array_get(items, i), true);
	cursor = json_string_value(json_object_get(page, "next_cursor"));
	strbuf_reset(next);
	if (cursor && strbuf_adds(next, cursor))
		rc = cli_error("out of memory");
	json_decref(page);
	return rc;
}

static int list_records(struct client *c, const struct list_args *a)
{
	struct strbuf path, next;
	int rc;

	strbuf_init(&path, 0);
	strbuf_init(&next, 1024);
	rc = strbuf_adds(&next, a->cursor ? a->cursor : "") ? cli_error("out of memory") : 0;
	do {
		if (!rc)
			rc = page_path(a, next.buf, &path);
		if (!rc)
			rc = list_page(c, &path, &next);
		fflush(stdout);
	} while (!rc && a->all && next.len);
	if (!rc && !a->all && next.len)
		fprintf(stderr, "more records: add --cursor %s (or --all)\n", next.buf);
	strbuf_release(&path);
	strbuf_release(&next);
	return rc;
}

static int count_records(struct client *c, const struct list_args *a)
{
	struct strbuf path;
	json_t *answer = NULL;
	int rc;

	strbuf_init(&path, 0);
	if (strbuf_addf(&path, "/api/v1/%s/count", a->t->plural))
		rc = cli_error("out of memory");
	else
		rc = cli_call(c, "GET", path.buf, NULL, &answer);
	if (!rc)
		printf("%lld\n", (long long)json_integer_value(json_object_get(answer, "count")));
	json_decref(answer);
	strbuf_release(&path);
	return rc;
}

static int run_list(int argc, char **argv)
{
	struct list_args a = { 0 };
	struct client *c = NULL;
	int rc;

	strbuf_init(&a.query, 0);
	rc = list_parse(argc, argv, &a);
	if (rc) {
		rc = cli_status(rc);
		goto out;
	}
	if ((rc = cli_connect(&a.co, &c)) == 0)
		rc = a.count ? count_records(c, &a) : list_records(c, &a);
out:
	client_free(c);
	rics_free(a.table);
	filters_release(&a.f);
	strbuf_release(&a.query);
	return rc;
}

/* The filters of every type, for the help and docs/cli.md. */
static void list_help_more(FILE *f, bool markdown)
{
	struct filters fl;

	fputs(markdown ? "\nFilters by type (`--FIELD VALUE`, exact match; `_` may be "
			 "written `-`):\n\n| type | filters |\n| --- | --- |\n" :
			 "\nfilters by type (--FIELD VALUE, exact match; '_' may be written "
			 "'-'):\n",
	      f);
	for (size_t i = 0; model_types[i]; i++) {
		filters_of(model_types[i], &fl);
		fprintf(f, markdown ? "| `%s` |" : "  %-14s", model_types[i]->plural);
		for (size_t j = 0; j < fl.n; j++)
			fprintf(f, markdown ? " `%s`" : " %s", fl.names[j]);
		fputs(markdown ? " |\n" : "\n", f);
	}
}

const struct cli_command cli_cmd_list = {
	.name = "list",
	.summary = "list records of any type, with filters",
	.usage = "rics list TYPE [--FIELD VALUE ...] [--limit N] [--cursor CURSOR] [--all]\n"
		 "rics list TYPE --count",
	.description = "Print the records of type TYPE that you may see, oldest first, one JSON\n"
		       "object per line. Each filter option --FIELD VALUE keeps the records whose\n"
		       "FIELD equals VALUE; the filters of each type are listed below. Persons\n"
		       "are also found by --name (surname or full name) or --name_prefix, which\n"
		       "ignore case and compatibility forms. Without --all one page is printed,\n"
		       "and the cursor of the next one goes to stderr.",
	.options = list_options,
	.examples = "rics list persons --name_prefix тохта\n"
		    "rics list crossings --bcp_code KZ-KORDAY --direction in --limit 50\n"
		    "rics list hits --status new --all | jq -r .id\n"
		    "rics list seizures --count",
	.help_more = list_help_more,
	.run = run_list,
};
