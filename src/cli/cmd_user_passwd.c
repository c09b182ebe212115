// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics user passwd: set a password through the API. Users change their own
 * (the node wants the current one too); administrators set anyone's, which
 * makes it a one-time password the user must change at the next login.
 */
#include "cli/commands.h"

#include <string.h>

static const struct cli_option passwd_options[] = {
	{ CLI_KEY_PASSWORD_STDIN, "password-stdin", NULL,
	  "read from stdin: the new password, or for your own the current one and then "
	  "the new one, a line each" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

/* Whether the caller is the user name (and not an API token). */
static int is_self(struct client *c, const char *name, bool *out)
{
	json_t *me = NULL;
	int rc = cli_call(c, "GET", "/api/v1/auth/me", NULL, &me);
	if (!rc)
		*out = !strcmp(cli_json_str(me, "name"), name) &&
		       !strcmp(cli_json_str(me, "kind"), "user");
	json_decref(me);
	return rc;
}

static int read_passwords(const char *name, bool self, bool from_stdin,
			  char current[CLI_PASSWORD_MAX + 1], char fresh[CLI_PASSWORD_MAX + 1])
{
	char prompt[128];
	int rc;

	if (self && (rc = cli_password_read("current password: ", from_stdin, current)) != 0)
		return rc;
	snprintf(prompt, sizeof prompt, "new password for '%s': ", name);
	return cli_password_new(prompt, from_stdin, fresh);
}

static int set_password(struct client *c, const char *name, const char *current, const char *fresh)
{
	struct strbuf path;
	json_t *body = json_pack("{ss}", "password", fresh);
	int rc = body ? 0 : cli_error("out of memory");

	strbuf_init(&path, 0);
	if (!rc && *current && json_object_set_new(body, "current_password", json_string(current)))
		rc = cli_error("out of memory");
	if (!rc && strbuf_adds(&path, "/api/v1/users"))
		rc = cli_error("out of memory");
	if (!rc && !(rc = cli_path_add(&path, name)) && strbuf_adds(&path, "/password"))
		rc = cli_error("out of memory");
	if (!rc)
		rc = cli_call(c, "POST", path.buf, body, NULL);
	json_decref(body);
	strbuf_release(&path);
	return rc;
}

static int run_user_passwd(int argc, char **argv)
{
	char current[CLI_PASSWORD_MAX + 1] = "", fresh[CLI_PASSWORD_MAX + 1] = "";
	struct online_args a;
	struct client *c = NULL;
	bool self = false;
	const char *name;
	int rc = cli_parse_online(&cli_cmd_user_passwd, argc, argv, 1, 1, "the user NAME", &a);

	if (rc)
		return cli_status(rc);
	name = a.rest[0];
	if ((rc = cli_connect(&a.co, &c)) || (rc = is_self(c, name, &self)) ||
	    (rc = read_passwords(name, self, a.password_stdin, current, fresh)) ||
	    (rc = set_password(c, name, current, fresh)))
		goto out;
	if (self)
		printf("password of '%s' changed\n", name);
	else
		printf("password of '%s' set; '%s' must change it at the next login\n", name, name);
out:
	cli_password_wipe(current);
	cli_password_wipe(fresh);
	client_free(c);
	return rc;
}

const struct cli_command cli_cmd_user_passwd = {
	.name = "user passwd",
	.summary = "change your password, or set a user's (admin)",
	.usage = "rics user passwd NAME [--password-stdin]",
	.description = "Change your own password (NAME is you: the current password is asked\n"
		       "first), or as an administrator set the password of the user NAME; that\n"
		       "one is a one-time password the user must change at the next login, and\n"
		       "the user's sessions end. The new password is asked twice on the\n"
		       "terminal without echo, or read from stdin with --password-stdin.",
	.options = passwd_options,
	.examples =
		"rics user passwd aibek\n"
		"printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | rics user passwd admin --password-stdin",
	.run = run_user_passwd,
};
