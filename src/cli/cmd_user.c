// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics user: manage the node's users through its API. This file holds the
 * group and its small subcommands (list, lock, unlock); add and passwd have
 * files of their own.
 */
#include "cli/commands.h"

#include <string.h>

extern const struct cli_command cli_cmd_user_list, cli_cmd_user_lock, cli_cmd_user_unlock;

/* the query parameter of each filter option, numbered from CLI_KEY_FIRST_FREE */
static const char *const list_params[] = {
	"name", "name_prefix", "role", "clearance", "country", "bcp_code", "state", NULL,
};

static const struct cli_option list_options[] = {
	{ CLI_KEY_FIRST_FREE, "name", "TEXT", "users whose name or full name holds TEXT (any case)" },
	{ CLI_KEY_FIRST_FREE + 1, "name-prefix", "PREFIX", "users whose name starts with PREFIX" },
	{ CLI_KEY_FIRST_FREE + 2, "role", "ROLE", "officer, supervisor, analyst, admin or auditor" },
	{ CLI_KEY_FIRST_FREE + 3, "clearance", "LEVEL", "UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or SECRET" },
	{ CLI_KEY_FIRST_FREE + 4, "country", "CC", "users of this country (2 upper-case letters)" },
	{ CLI_KEY_FIRST_FREE + 5, "bcp", "CODE", "users of this crossing point" },
	{ CLI_KEY_FIRST_FREE + 6, "state", "STATE", "active, locked or disabled" },
	CLI_JSON_OPTION,
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static const char *user_state(json_t *u)
{
	if (json_is_true(json_object_get(u, "disabled")))
		return "disabled";
	if (json_is_true(json_object_get(u, "locked")))
		return "locked";
	if (json_is_true(json_object_get(u, "must_change_password")))
		return "must change password";
	return "active";
}

static void print_users(json_t *items)
{
	json_t *rows = json_array(), *u;
	size_t i;

	json_array_append_new(rows, json_pack("[ssssssss]", "NAME", "ROLE", "CLEARANCE", "AGENCY",
					      "COUNTRY", "BCP", "STATE", "FULL NAME"));
	json_array_foreach(items, i, u) {
		json_array_append_new(rows, json_pack("[ssssssss]", cli_json_str(u, "name"),
						      cli_json_str(u, "role"),
						      cli_json_str(u, "clearance"),
						      cli_json_str(u, "agency"),
						      cli_json_str(u, "country"),
						      cli_json_str(u, "bcp_code"), user_state(u),
						      cli_json_str(u, "full_name")));
	}
	cli_table_print(stdout, rows);
	json_decref(rows);
}

static int run_user_list(int argc, char **argv)
{
	return cli_run_list(&cli_cmd_user_list, argc, argv, "/api/v1/users", list_params,
			    print_users);
}

const struct cli_command cli_cmd_user_list = {
	.name = "user list",
	.summary = "list the users",
	.usage = "rics user list [--FILTER VALUE ...] [--json]",
	.description = "List every user of the node as a table (name, role, clearance, agency,\n"
		       "country, crossing point, state, full name), or with --json one JSON\n"
		       "object per line, oldest first. The filters narrow the list on the node;\n"
		       "given together, a user must match them all.",
	.options = list_options,
	.examples = "rics user list\nrics user list --state locked\n"
		    "rics user list --role officer --country KZ --json | jq -r .name",
	.run = run_user_list,
};

/* ---- lock, unlock ---- */

static const struct cli_option lock_options[] = {
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static int set_locked(const struct cli_command *cmd, int argc, char **argv, bool locked)
{
	struct online_args a;
	struct client *c = NULL;
	struct strbuf path;
	json_t *body = NULL;
	int rc = cli_parse_online(cmd, argc, argv, 1, 1, "the user NAME", &a);

	if (rc)
		return cli_status(rc);
	strbuf_init(&path, 0);
	body = json_pack("{sb}", "locked", locked);
	if (!body || strbuf_adds(&path, "/api/v1/users")) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_path_add(&path, a.rest[0])) || (rc = cli_connect(&a.co, &c)) ||
	    (rc = cli_call(c, "PATCH", path.buf, body, NULL)))
		goto out;
	if (locked)
		printf("locked user '%s'; their sessions have ended\n", a.rest[0]);
	else
		printf("unlocked user '%s'\n", a.rest[0]);
out:
	json_decref(body);
	client_free(c);
	strbuf_release(&path);
	return rc;
}

static int run_user_lock(int argc, char **argv)
{
	return set_locked(&cli_cmd_user_lock, argc, argv, true);
}

static int run_user_unlock(int argc, char **argv)
{
	return set_locked(&cli_cmd_user_unlock, argc, argv, false);
}

const struct cli_command cli_cmd_user_lock = {
	.name = "user lock",
	.summary = "lock a user out and end their sessions",
	.usage = "rics user lock NAME",
	.description = "Lock the user NAME: they cannot log in and their sessions end at once,\n"
		       "until 'rics user unlock NAME'. Administrators cannot lock themselves.",
	.options = lock_options,
	.examples = "rics user lock aibek",
	.run = run_user_lock,
};

const struct cli_command cli_cmd_user_unlock = {
	.name = "user unlock",
	.summary = "let a locked user log in again",
	.usage = "rics user unlock NAME",
	.description = "Unlock the user NAME, whether an administrator locked them or too many\n"
		       "wrong passwords did, and reset their count of failed logins.",
	.options = lock_options,
	.examples = "rics user unlock aibek",
	.run = run_user_unlock,
};

/* ---- the group ---- */

static const struct cli_command *const user_commands[] = {
	&cli_cmd_user_add,  &cli_cmd_user_list,   &cli_cmd_user_passwd,
	&cli_cmd_user_lock, &cli_cmd_user_unlock, NULL,
};

static int run_user(int argc, char **argv)
{
	return cli_run_group(&cli_cmd_user, argc, argv);
}

const struct cli_command cli_cmd_user = {
	.name = "user",
	.summary = "add, list, lock and unlock users, set passwords",
	.usage = "rics user add NAME --role ROLE --clearance LEVEL --agency AGENCY --country CC\n"
		 "rics user list\n"
		 "rics user passwd NAME\n"
		 "rics user lock NAME\n"
		 "rics user unlock NAME",
	.description = "Manage the node's users through its API. Every command but 'passwd' on\n"
		       "your own account needs an administrator's session or token.",
	.subcommands = user_commands,
	.run = run_user,
};
