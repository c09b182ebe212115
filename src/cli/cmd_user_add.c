// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics user add: create a user through the API. Role, clearance, agency and
 * country are checked here with the same rules the node applies, so a typo
 * is a usage error before anything is sent. Without --password-stdin the
 * node makes a one-time password, printed once, that the user changes at
 * the first login.
 */
#include "cli/commands.h"

#include "policy/policy.h"

#include <string.h>

enum {
	KEY_ROLE = CLI_KEY_FIRST_FREE,
	KEY_CLEARANCE,
	KEY_AGENCY,
	KEY_COUNTRY,
	KEY_BCP,
	KEY_FULL_NAME
};

static const struct cli_option add_options[] = {
	{ KEY_ROLE, "role", "ROLE", "officer, supervisor, analyst, admin or auditor (required)" },
	{ KEY_CLEARANCE, "clearance", "LEVEL",
	  "UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or SECRET (required)" },
	{ KEY_AGENCY, "agency", "AGENCY",
	  "border, customs, drug_control, police or foreign_affairs (required)" },
	{ KEY_COUNTRY, "country", "CC", "ISO 3166 alpha-2 country in capitals (required)" },
	{ KEY_BCP, "bcp", "CODE", "the border crossing point the user works at" },
	{ KEY_FULL_NAME, "full-name", "TEXT", "the user's full name" },
	{ CLI_KEY_PASSWORD_STDIN, "password-stdin", NULL,
	  "read the password from stdin instead of having a one-time one made" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct add_args {
	struct client_options co;
	const char *name, *role, *clearance, *agency, *country, *bcp, *full_name;
	bool from_stdin;
};

static int check(const struct add_args *a)
{
	const struct cli_command *cmd = &cli_cmd_user_add;
	int role;

	if (!a->role || !a->clearance || !a->agency || !a->country)
		return cli_usage_error(cmd, "missing --%s",
				       !a->role      ? "role" :
				       !a->clearance ? "clearance" :
				       !a->agency    ? "agency" :
						       "country");
	role = policy_role_parse(a->role);
	if (role < 0 || !policy_role_for_user((enum role)role))
		return cli_usage_error(cmd,
				       "role '%s' is not one of officer, supervisor, "
				       "analyst, admin or auditor",
				       a->role);
	if (classification_parse(a->clearance) < 0)
		return cli_usage_error(cmd,
				       "clearance '%s' is not one of UNCLASSIFIED, "
				       "RESTRICTED, CONFIDENTIAL or SECRET",
				       a->clearance);
	if (!cli_valid_agency(a->agency))
		return cli_usage_error(cmd, "agency '%s' is not one of %s", a->agency,
				       cli_agencies);
	if (!cli_valid_country(a->country))
		return cli_usage_error(cmd, "country '%s' is not 2 capital letters", a->country);
	return 0;
}

static int add_parse(int argc, char **argv, struct add_args *a)
{
	struct cli_parser p;
	int c, rc;

	cli_parser_init(&p, &cli_cmd_user_add, argc, argv);
	while ((c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case KEY_ROLE: a->role = p.arg; break;
		case KEY_CLEARANCE: a->clearance = p.arg; break;
		case KEY_AGENCY: a->agency = p.arg; break;
		case KEY_COUNTRY: a->country = p.arg; break;
		case KEY_BCP: a->bcp = p.arg; break;
		case KEY_FULL_NAME: a->full_name = p.arg; break;
		case CLI_KEY_PASSWORD_STDIN: a->from_stdin = true; break;
		case CLI_KEY_URL: a->co.url = p.arg; break;
		case CLI_KEY_TOKEN: a->co.token = p.arg; break;
		}
	}
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_user_add, &p, 1, 1, "the user NAME")) != 0)
		return rc;
	a->name = p.rest[0];
	return check(a);
}

/* The request body; password may be "" (the node then makes one). */
static json_t *add_body(const struct add_args *a, const char *password)
{
	json_t *b = json_pack("{ss ss ss ss ss}", "name", a->name, "role", a->role, "clearance",
			      a->clearance, "agency", a->agency, "country", a->country);
	if (b && a->bcp && json_object_set_new(b, "bcp_code", json_string(a->bcp)))
		goto fail;
	if (b && a->full_name && json_object_set_new(b, "full_name", json_string(a->full_name)))
		goto fail;
	if (b && *password && json_object_set_new(b, "password", json_string(password)))
		goto fail;
	return b;
fail:
	json_decref(b);
	return NULL;
}

static int run_user_add(int argc, char **argv)
{
	struct add_args a = { 0 };
	char password[CLI_PASSWORD_MAX + 1] = "";
	struct client *c = NULL;
	json_t *body = NULL, *user = NULL;
	int rc = add_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	if (a.from_stdin && (rc = cli_password_new("", true, password)) != 0)
		goto out;
	if ((rc = cli_connect(&a.co, &c)) != 0)
		goto out;
	if (!(body = add_body(&a, password))) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_call(c, "POST", "/api/v1/users", body, &user)) != 0)
		goto out;
	printf("created user '%s' (%s, %s, %s, %s)\n", cli_json_str(user, "name"),
	       cli_json_str(user, "role"), cli_json_str(user, "clearance"),
	       cli_json_str(user, "agency"), cli_json_str(user, "country"));
	if (json_is_string(json_object_get(user, "password")))
		printf("one-time password of '%s' (shown once): %s\n", a.name,
		       cli_json_str(user, "password"));
out:
	cli_password_wipe(password);
	json_decref(body);
	json_decref(user);
	client_free(c);
	return rc;
}

const struct cli_command cli_cmd_user_add = {
	.name = "user add",
	.summary = "create a user",
	.usage = "rics user add NAME --role ROLE --clearance LEVEL --agency AGENCY --country CC\n"
		 "    [--bcp CODE] [--full-name TEXT] [--password-stdin]",
	.description = "Create the user NAME (1-64 of a-z 0-9 . _ -). Without --password-stdin\n"
		       "the node makes a one-time password, printed once here; the user must\n"
		       "change it at the first login ('rics login NAME' does that).",
	.options = add_options,
	.examples =
		"rics user add aibek --role officer --clearance RESTRICTED --agency border \\\n"
		"    --country KZ --bcp KZ-KORDAY --full-name \"Aibek Nurlanov\"\n"
		"printf '%s\\n' \"$PW\" | rics user add gulnara --role analyst \\\n"
		"    --clearance CONFIDENTIAL --agency drug_control --country KG --password-stdin",
	.run = run_user_add,
};
