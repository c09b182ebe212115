// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics update: change the updatable fields of a record from a JSON object
 * (a null value clears a field). --if-match makes the change conditional on
 * the version the caller last saw, so two people editing the same record
 * cannot silently overwrite each other.
 */
#include "cli/commands.h"

#include <string.h>

enum { KEY_IF_MATCH = CLI_KEY_FIRST_FREE };

static const struct cli_option update_options[] = {
	{ KEY_IF_MATCH, "if-match", "VERSION",
	  "change the record only if its version is still VERSION (else 409)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct update_args {
	struct client_options co;
	const char *type, *id, *file;
	const char *version;
};

static int update_parse(int argc, char **argv, struct update_args *a)
{
	const struct cli_command *cmd = &cli_cmd_update;
	struct cli_parser p;
	unsigned long v;
	int c = 0, rc = 0;

	cli_parser_init(&p, cmd, argc, argv);
	while (!rc && (c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case KEY_IF_MATCH:
			rc = cli_parse_uint(cmd, "if-match", p.arg, 1, 1ul << 62, &v);
			a->version = p.arg;
			break;
		case CLI_KEY_URL: a->co.url = p.arg; break;
		case CLI_KEY_TOKEN: a->co.token = p.arg; break;
		}
	}
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(cmd, &p, 3, 3, "the record TYPE, ID and FILE")) != 0)
		return rc;
	a->type = p.rest[0];
	a->id = p.rest[1];
	a->file = p.rest[2];
	return 0;
}

static int run_update(int argc, char **argv)
{
	struct update_args a = { 0 };
	const struct record_type *t;
	struct client *c = NULL;
	struct strbuf path;
	json_t *patch = NULL, *rec = NULL;
	int rc = update_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	if ((rc = cli_record_type(&cli_cmd_update, a.type, &t)) != 0)
		return rc;
	strbuf_init(&path, 0);
	if ((rc = cli_json_load(a.file, &patch)) != 0)
		goto out;
	if (!json_is_object(patch)) {
		rc = cli_error("'%s' does not hold a JSON object", a.file);
		goto out;
	}
	if (strbuf_addf(&path, "/api/v1/%s", t->plural)) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_path_add(&path, a.id)) || (rc = cli_connect(&a.co, &c)))
		goto out;
	struct client_request r = { .method = "PATCH", .path = path.buf, .body = patch,
				    .if_match = a.version };
	if (client_request(c, &r, &rec) != 0)
		rc = cli_error("%s", client_error(c));
	else
		rc = cli_json_print(stdout, rec, false);
out:
	json_decref(patch);
	json_decref(rec);
	client_free(c);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_update = {
	.name = "update",
	.summary = "change the updatable fields of a record",
	.usage = "rics update TYPE ID FILE|- [--if-match VERSION]",
	.description = "Change the record ID of type TYPE with the fields of the JSON object in\n"
		       "FILE ('-' reads stdin); a null value clears a field. Only fields marked\n"
		       "updatable in docs/api.md may change. Prints the record as it is now.",
	.options = update_options,
	.examples = "echo '{\"status\":\"confirmed\"}' | rics update hits \"$HIT\" - --if-match 1\n"
		    "rics update persons \"$ID\" changes.json",
	.run = run_update,
};
