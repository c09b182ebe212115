// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics token: API tokens for devices (passport readers, ANPR cameras) and
 * integrations, through the API. A token's secret is shown once, when it is
 * made; the node keeps only its hash.
 */
#include "cli/commands.h"

#include "core/clock.h"
#include "core/ids.h"
#include "policy/policy.h"

#include <string.h>

extern const struct cli_command cli_cmd_token_create, cli_cmd_token_list, cli_cmd_token_revoke;

enum { KEY_ROLE = CLI_KEY_FIRST_FREE, KEY_CLEARANCE, KEY_BCP, KEY_EXPIRES };

static const struct cli_option create_options[] = {
	{ KEY_ROLE, "role", "ROLE", "reader, camera, officer or analyst (required)" },
	{ KEY_CLEARANCE, "clearance", "LEVEL",
	  "UNCLASSIFIED (default), RESTRICTED, CONFIDENTIAL or SECRET" },
	{ KEY_BCP, "bcp", "CODE", "the border crossing point the device stands at" },
	{ KEY_EXPIRES, "expires-days", "N", "the token expires after N days (default: never)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct create_args {
	struct client_options co;
	const char *name, *role, *clearance, *bcp;
	unsigned long days;
};

static int create_check(const struct create_args *a)
{
	const struct cli_command *cmd = &cli_cmd_token_create;
	int role;

	if (!a->role)
		return cli_usage_error(cmd, "missing --role");
	role = policy_role_parse(a->role);
	if (role < 0 || !policy_role_for_token((enum role)role))
		return cli_usage_error(cmd,
				       "role '%s' is not one of reader, camera, officer or analyst",
				       a->role);
	if (a->clearance && classification_parse(a->clearance) < 0)
		return cli_usage_error(cmd,
				       "clearance '%s' is not one of UNCLASSIFIED, "
				       "RESTRICTED, CONFIDENTIAL or SECRET",
				       a->clearance);
	return 0;
}

static int create_parse(int argc, char **argv, struct create_args *a)
{
	const struct cli_command *cmd = &cli_cmd_token_create;
	struct cli_parser p;
	int c = 0, rc = 0;

	cli_parser_init(&p, cmd, argc, argv);
	while (!rc && (c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case KEY_ROLE: a->role = p.arg; break;
		case KEY_CLEARANCE: a->clearance = p.arg; break;
		case KEY_BCP: a->bcp = p.arg; break;
		case KEY_EXPIRES:
			rc = cli_parse_uint(cmd, "expires-days", p.arg, 1, 3650, &a->days);
			break;
		case CLI_KEY_URL: a->co.url = p.arg; break;
		case CLI_KEY_TOKEN: a->co.token = p.arg; break;
		}
	}
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(cmd, &p, 1, 1, "the token NAME")) != 0)
		return rc;
	a->name = p.rest[0];
	return create_check(a);
}

static json_t *create_body(const struct create_args *a)
{
	json_t *b = json_pack("{ss ss}", "name", a->name, "role", a->role);
	if (b && a->clearance && json_object_set_new(b, "clearance", json_string(a->clearance)))
		goto fail;
	if (b && a->bcp && json_object_set_new(b, "bcp_code", json_string(a->bcp)))
		goto fail;
	if (b && a->days &&
	    json_object_set_new(b, "expires_days", json_integer((json_int_t)a->days)))
		goto fail;
	return b;
fail:
	json_decref(b);
	return NULL;
}

static int run_token_create(int argc, char **argv)
{
	struct create_args a = { 0 };
	struct client *c = NULL;
	json_t *body = NULL, *tok = NULL;
	int rc = create_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	if (!(body = create_body(&a))) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_connect(&a.co, &c)) ||
	    (rc = cli_call(c, "POST", "/api/v1/tokens", body, &tok)))
		goto out;
	printf("created token '%s' (%s, %s), id %s\n", cli_json_str(tok, "name"),
	       cli_json_str(tok, "role"), cli_json_str(tok, "clearance"), cli_json_str(tok, "id"));
	printf("token secret (shown once): %s\n", cli_json_str(tok, "token"));
out:
	json_decref(body);
	json_decref(tok);
	client_free(c);
	return rc;
}

const struct cli_command cli_cmd_token_create = {
	.name = "token create",
	.summary = "create an API token; its secret is printed once",
	.usage = "rics token create NAME --role reader|camera|officer|analyst [--clearance LEVEL]\n"
		 "    [--bcp CODE] [--expires-days N]",
	.description = "Create the API token NAME for a device or an integration, with a narrow\n"
		       "role: reader (passport readers: persons, documents, crossings), camera\n"
		       "(ANPR: vehicles, crossings), officer or analyst. The secret is printed\n"
		       "once; the device sends it as 'Authorization: Bearer SECRET'.",
	.options = create_options,
	.examples = "rics token create reader-lane-1 --role reader --bcp KZ-KORDAY\n"
		    "rics token create anpr-2 --role camera --bcp KZ-KORDAY --expires-days 365",
	.run = run_token_create,
};

/* ---- list ---- */

/* the query parameter of each filter option, numbered from CLI_KEY_FIRST_FREE */
static const char *const list_params[] = { "name", "role", "revoked", NULL };

static const struct cli_option list_options[] = {
	{ CLI_KEY_FIRST_FREE, "name", "TEXT", "tokens whose name holds TEXT (any case)" },
	{ CLI_KEY_FIRST_FREE + 1, "role", "ROLE", "reader, camera, officer or analyst" },
	{ CLI_KEY_FIRST_FREE + 2, "revoked", "BOOL", "true: only revoked tokens; false: only the others" },
	CLI_JSON_OPTION,
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

/* When the token expires, and whether it is still usable. */
static const char *token_expiry(json_t *t, int64_t now, char out[RICS_TIME_LEN])
{
	const char *s = json_string_value(json_object_get(t, "expires_at"));
	int64_t ms;

	if (json_is_true(json_object_get(t, "revoked")))
		return "revoked";
	if (!s || rics_time_parse(s, &ms))
		return "never";
	rics_time_format(ms, out);
	return ms <= now ? "expired" : out;
}

static void print_tokens(json_t *items)
{
	json_t *rows = json_array(), *t;
	int64_t now = rics_clock_now(&rics_clock_system);
	char when[RICS_TIME_LEN];
	size_t i;

	json_array_append_new(rows, json_pack("[ssssssss]", "ID", "NAME", "ROLE", "CLEARANCE",
					      "BCP", "CREATED BY", "CREATED", "EXPIRES"));
	json_array_foreach(items, i, t) {
		json_array_append_new(rows,
				      json_pack("[ssssssss]", cli_json_str(t, "id"),
						cli_json_str(t, "name"), cli_json_str(t, "role"),
						cli_json_str(t, "clearance"),
						cli_json_str(t, "bcp_code"),
						cli_json_str(t, "created_by"),
						cli_json_str(t, "created_at"),
						token_expiry(t, now, when)));
	}
	cli_table_print(stdout, rows);
	json_decref(rows);
}

static int run_token_list(int argc, char **argv)
{
	return cli_run_list(&cli_cmd_token_list, argc, argv, "/api/v1/tokens", list_params,
			    print_tokens);
}

const struct cli_command cli_cmd_token_list = {
	.name = "token list",
	.summary = "list the API tokens (never their secrets)",
	.usage = "rics token list [--name TEXT] [--role ROLE] [--revoked BOOL] [--json]",
	.description = "List every API token: id, name, role, clearance, crossing point, who\n"
		       "made it and when, and when it expires ('revoked' or 'expired' once it\n"
		       "no longer works). With --json, one JSON object per line.",
	.options = list_options,
	.examples = "rics token list\nrics token list --role camera --revoked false",
	.run = run_token_list,
};

/* ---- revoke ---- */

static const struct cli_option revoke_options[] = {
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

/* The id of the one live token called name. */
static int token_id_by_name(struct client *c, const char *name, struct strbuf *id)
{
	json_t *items = NULL, *t;
	size_t i, found = 0;
	int rc = cli_get_all(c, "/api/v1/tokens", &items);

	json_array_foreach(items, i, t) {
		if (strcmp(cli_json_str(t, "name"), name) != 0 ||
		    json_is_true(json_object_get(t, "revoked")))
			continue;
		if (!found++)
			strbuf_adds(id, cli_json_str(t, "id"));
	}
	json_decref(items);
	if (rc)
		return rc;
	if (found == 1)
		return CLI_OK;
	return found ? cli_error("%zu live tokens are called '%s': revoke one by its id", found,
				 name) :
		       cli_error("no live token '%s'", name);
}

/* The token's id: arg itself, or the id of the one live token called arg. */
static int token_id(struct client *c, const char *arg, struct strbuf *id)
{
	if (!rics_uuid_valid(arg))
		return token_id_by_name(c, arg, id);
	return strbuf_adds(id, arg) ? cli_error("out of memory") : CLI_OK;
}

static int run_token_revoke(int argc, char **argv)
{
	struct online_args a;
	struct client *c = NULL;
	struct strbuf id, path;
	int rc = cli_parse_online(&cli_cmd_token_revoke, argc, argv, 1, 1, "the token ID", &a);

	if (rc)
		return cli_status(rc);
	strbuf_init(&id, 256);
	strbuf_init(&path, 0);
	if ((rc = cli_connect(&a.co, &c)) || (rc = token_id(c, a.rest[0], &id)))
		goto out;
	if (strbuf_adds(&path, "/api/v1/tokens")) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_path_add(&path, id.buf)) ||
	    (rc = cli_call(c, "DELETE", path.buf, NULL, NULL)))
		goto out;
	printf("revoked token %s\n", id.buf);
out:
	client_free(c);
	strbuf_release(&id);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_token_revoke = {
	.name = "token revoke",
	.summary = "revoke an API token at once",
	.usage = "rics token revoke ID|NAME",
	.description = "Revoke the API token with this id, or the one live token with this name.\n"
		       "A device using it is refused from the next request on.",
	.options = revoke_options,
	.examples = "rics token revoke 0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69\n"
		    "rics token revoke reader-lane-1",
	.run = run_token_revoke,
};

/* ---- the group ---- */

static const struct cli_command *const token_commands[] = {
	&cli_cmd_token_create,
	&cli_cmd_token_list,
	&cli_cmd_token_revoke,
	NULL,
};

static int run_token(int argc, char **argv)
{
	return cli_run_group(&cli_cmd_token, argc, argv);
}

const struct cli_command cli_cmd_token = {
	.name = "token",
	.summary = "create, list and revoke API tokens for devices",
	.usage = "rics token create NAME --role ROLE [--clearance LEVEL] [--bcp CODE] "
		 "[--expires-days N]\n"
		 "rics token list\n"
		 "rics token revoke ID|NAME",
	.description = "Manage API tokens through the node's API (administrators only).",
	.subcommands = token_commands,
	.run = run_token,
};
