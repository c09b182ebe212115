// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics create: new records of any type from JSON, a file or stdin. One
 * object makes one record, printed back as the node stored it; an array
 * makes one record per element, in order, each printed as a line of JSON,
 * and stops at the first the node refuses.
 */
#include "cli/commands.h"

static const struct cli_option create_options[] = {
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static int create_one(struct client *c, const char *path, json_t *body, bool many)
{
	json_t *rec = NULL;
	int rc = cli_call(c, "POST", path, body, &rec);
	if (!rc)
		rc = cli_json_print(stdout, rec, many);
	json_decref(rec);
	return rc;
}

static int create_all(struct client *c, const char *path, json_t *doc)
{
	size_t i, n = json_array_size(doc);
	json_t *body;

	if (!json_is_array(doc))
		return create_one(c, path, doc, false);
	json_array_foreach(doc, i, body) {
		if (create_one(c, path, body, true) != 0)
			return cli_error("stopped at record %zu of %zu: %zu created before it",
					 i + 1, n, i);
	}
	return CLI_OK;
}

static int run_create(int argc, char **argv)
{
	const struct record_type *t;
	struct online_args a;
	struct client *c = NULL;
	struct strbuf path;
	json_t *doc = NULL;
	int rc =
		cli_parse_online(&cli_cmd_create, argc, argv, 2, 2, "the record TYPE and FILE", &a);

	if (rc)
		return cli_status(rc);
	if ((rc = cli_record_type(&cli_cmd_create, a.rest[0], &t)) != 0)
		return rc;
	strbuf_init(&path, 0);
	if ((rc = cli_json_load(a.rest[1], &doc)) != 0)
		goto out;
	if (!json_is_object(doc) && !json_is_array(doc)) {
		rc = cli_error("'%s' holds neither a JSON object nor an array of them", a.rest[1]);
		goto out;
	}
	if (strbuf_addf(&path, "/api/v1/%s", t->plural)) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_connect(&a.co, &c)) == 0)
		rc = create_all(c, path.buf, doc);
out:
	json_decref(doc);
	client_free(c);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_create = {
	.name = "create",
	.summary = "create records of any type from JSON",
	.usage = "rics create TYPE FILE|-",
	.description = "Create a record of type TYPE from the JSON object in FILE ('-' reads\n"
		       "stdin) and print it as the node stored it (with its id, version and\n"
		       "stamps). An array of objects creates one record per element, in order,\n"
		       "printing each as a line of JSON; the first refusal stops it. The fields\n"
		       "of each type are in docs/api.md.",
	.options = create_options,
	.examples =
		"rics create persons person.json\n"
		"echo '{\"surname\":\"IVANOV\",\"given_names\":\"PETR\"}' | rics create persons -\n"
		"rics create bcps bcps.json    # an array: one record each",
	.run = run_create,
};
