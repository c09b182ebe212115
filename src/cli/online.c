// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The glue between online commands and the client: open it, call it and
 * build request paths, printing any failure once as "rics: <detail>".
 */
#include "cli/commands.h"

#include <string.h>

/* Add --OPTION VALUE as "&param=VALUE" to query, param being params[c -
 * CLI_KEY_FIRST_FREE]; other options are not list filters. */
static int filter_add(const char *const *params, int c, const char *value, struct strbuf *query)
{
	for (int i = 0; params && params[i]; i++)
		if (c == CLI_KEY_FIRST_FREE + i)
			return strbuf_addf(query, "&%s=", params[i]) || client_escape(query, value)
				? cli_error("out of memory") : 0;
	return 0;
}

static int parse_online(const struct cli_command *cmd, int argc, char **argv, int min, int max,
			const char *what, const char *const *params, struct strbuf *query,
			struct online_args *out)
{
	struct cli_parser p;
	int c = 0, rc = 0;

	memset(out, 0, sizeof *out);
	cli_parser_init(&p, cmd, argc, argv);
	while (!rc && (c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case CLI_KEY_URL: out->co.url = p.arg; break;
		case CLI_KEY_TOKEN: out->co.token = p.arg; break;
		case CLI_KEY_PASSWORD_STDIN: out->password_stdin = true; break;
		case CLI_KEY_JSON: out->json = true; break;
		default: rc = filter_add(params, c, p.arg, query);
		}
	}
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(cmd, &p, min, max, what)) != 0)
		return rc;
	out->rest = p.rest;
	out->nrest = p.nrest;
	return 0;
}

int cli_parse_online(const struct cli_command *cmd, int argc, char **argv, int min, int max,
		     const char *what, struct online_args *out)
{
	return parse_online(cmd, argc, argv, min, max, what, NULL, NULL, out);
}

int cli_get_all(struct client *c, const char *path, json_t **items)
{
	json_t *all = json_array(), *page = NULL;
	struct strbuf next;
	const char *cursor;
	int rc = all ? 0 : cli_error("out of memory");

	strbuf_init(&next, 0);
	rc = rc ? rc : strbuf_adds(&next, path) ? cli_error("out of memory") : 0;
	while (!rc && !(rc = cli_call(c, "GET", next.buf, NULL, &page))) {
		if (json_array_extend(all, json_object_get(page, "items"))) {
			rc = cli_error("out of memory");
			break;
		}
		cursor = json_string_value(json_object_get(page, "next_cursor"));
		if (!cursor)
			break;
		strbuf_reset(&next);
		if (strbuf_addf(&next, "%s%ccursor=", path, strchr(path, '?') ? '&' : '?') ||
		    client_escape(&next, cursor))
			rc = cli_error("out of memory");
		json_decref(page);
		page = NULL;
	}
	if (!rc) {
		*items = all;
		all = NULL;
	}
	json_decref(page);
	json_decref(all);
	strbuf_release(&next);
	return rc;
}

int cli_run_list(const struct cli_command *cmd, int argc, char **argv, const char *path,
		 const char *const *params, void (*print_table)(json_t *items))
{
	struct online_args a;
	struct client *c = NULL;
	struct strbuf query;
	json_t *items = NULL;
	int rc;

	strbuf_init(&query, 0);
	rc = strbuf_adds(&query, path) ? cli_error("out of memory") : 0;
	rc = rc ? rc : parse_online(cmd, argc, argv, 0, 0, "", params, &query, &a);
	if (rc) {
		rc = cli_status(rc);
		goto out;
	}
	/* the first filter opens the query string unless path has one */
	if (query.len > strlen(path) && !strchr(path, '?'))
		query.buf[strlen(path)] = '?';
	if ((rc = cli_connect(&a.co, &c)) || (rc = cli_get_all(c, query.buf, &items)))
		goto out;
	cli_print_items(items, a.json, print_table);
out:
	json_decref(items);
	client_free(c);
	strbuf_release(&query);
	return rc;
}

void cli_print_items(json_t *items, bool json, void (*print_table)(json_t *items))
{
	if (!json)
		print_table(items);
	for (size_t i = 0; json && i < json_array_size(items); i++)
		cli_json_print(stdout, json_array_get(items, i), true);
}

void cli_print_more(json_t *page, const char *command)
{
	if (json_is_integer(json_object_get(page, "next_after")))
		fprintf(stderr, "more: rics %s --after %lld\n", command,
			(long long)json_integer_value(json_object_get(page, "next_after")));
}

int cli_connect(const struct client_options *opt, struct client **out)
{
	struct strbuf err;
	int rc;

	strbuf_init(&err, 4096);
	rc = client_open(opt, &err, out);
	if (rc)
		cli_error("%s", err.len ? err.buf : "cannot set up the HTTP client");
	strbuf_release(&err);
	return rc ? CLI_FAILED : CLI_OK;
}

int cli_call(struct client *c, const char *method, const char *path, json_t *body, json_t **out)
{
	if (client_call(c, method, path, body, out) == 0)
		return CLI_OK;
	return cli_error("%s", client_error(c));
}

int cli_path_add(struct strbuf *path, const char *segment)
{
	if (!*segment || strcmp(segment, ".") == 0 || strcmp(segment, "..") == 0)
		return cli_error("'%s' is not a name or id", segment);
	if (strbuf_addch(path, '/') || client_escape(path, segment))
		return cli_error("out of memory");
	return CLI_OK;
}
