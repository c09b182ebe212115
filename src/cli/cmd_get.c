// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics get: one record of any type, by id, printed as indented JSON. A
 * record above the caller's clearance does not exist for them, so the
 * node answers "not found" for it as for a missing one.
 */
#include "cli/commands.h"

static const struct cli_option get_options[] = {
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static int run_get(int argc, char **argv)
{
	const struct record_type *t;
	struct online_args a;
	struct client *c = NULL;
	struct strbuf path;
	json_t *rec = NULL;
	int rc = cli_parse_online(&cli_cmd_get, argc, argv, 2, 2, "the record TYPE and ID", &a);

	if (rc)
		return cli_status(rc);
	if ((rc = cli_record_type(&cli_cmd_get, a.rest[0], &t)) != 0)
		return rc;
	strbuf_init(&path, 0);
	if (strbuf_addf(&path, "/api/v1/%s", t->plural)) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_path_add(&path, a.rest[1])) || (rc = cli_connect(&a.co, &c)) ||
	    (rc = cli_call(c, "GET", path.buf, NULL, &rec)))
		goto out;
	rc = cli_json_print(stdout, rec, false);
out:
	json_decref(rec);
	client_free(c);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_get = {
	.name = "get",
	.summary = "print one record of any type",
	.usage = "rics get TYPE ID",
	.description = "Print the record ID of type TYPE (the plural as in the API, e.g. persons,\n"
		       "or the singular, e.g. person) as indented JSON. Reading a record above\n"
		       "UNCLASSIFIED is written to the audit log.",
	.options = get_options,
	.examples = "rics get persons 0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69\n"
		    "rics get crossing 0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69 | jq .crossed_at",
	.run = run_get,
};
