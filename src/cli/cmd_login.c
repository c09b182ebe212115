// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics login: log in to a node and keep the session token for the commands
 * that follow (session.h says where and how). A first login with a one-time
 * password changes it on the spot, as the node allows nothing else until
 * then.
 */
#include "cli/commands.h"

#include "cli/session.h"

#include <string.h>

static const struct cli_option login_options[] = {
	{ CLI_KEY_URL, "url", "URL",
	  "the node (default: $RICS_URL, else the last session's node, else "
	  "http://127.0.0.1:8080)" },
	{ CLI_KEY_PASSWORD_STDIN, "password-stdin", NULL,
	  "read the password from the first line of stdin (and a new one from the second, "
	  "if it must be changed)" },
	{ 0, NULL, NULL, NULL },
};

struct login {
	struct client_options co;
	const char *user;
	bool from_stdin;
	char password[CLI_PASSWORD_MAX + 1];
	struct client *client;
	json_t *answer; /* of POST /auth/login */
};

static int login_parse(int argc, char **argv, struct login *l)
{
	struct cli_parser p;
	int c, rc;

	cli_parser_init(&p, &cli_cmd_login, argc, argv);
	while ((c = cli_parser_next(&p)) > 0) {
		if (c == CLI_KEY_URL)
			l->co.url = p.arg;
		else if (c == CLI_KEY_PASSWORD_STDIN)
			l->from_stdin = true;
	}
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_login, &p, 1, 1, "the USERNAME")) != 0)
		return rc;
	l->user = p.rest[0];
	return 0;
}

/* The first login with a one-time password: choose the real one now. */
static int change_password(struct login *l)
{
	char fresh[CLI_PASSWORD_MAX + 1];
	struct strbuf path;
	json_t *body = NULL;
	int rc;

	strbuf_init(&path, 0);
	fprintf(stderr, "the password of '%s' is a one-time password: choose a new one now\n",
		l->user);
	rc = cli_password_new("new password: ", l->from_stdin, fresh);
	if (rc)
		goto out;
	body = json_pack("{ss ss}", "password", fresh, "current_password", l->password);
	if (!body || strbuf_adds(&path, "/api/v1/users")) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_path_add(&path, l->user)) != 0 || strbuf_adds(&path, "/password") ||
	    (rc = cli_call(l->client, "POST", path.buf, body, NULL)) != 0)
		goto out;
	fprintf(stderr, "password of '%s' changed\n", l->user);
out:
	cli_password_wipe(fresh);
	json_decref(body);
	strbuf_release(&path);
	return rc ? CLI_FAILED : CLI_OK;
}

static int save_session(struct login *l)
{
	struct strbuf path, err;
	json_t *s = json_pack("{ss ss sO sO}", "url", client_url(l->client), "user", l->user,
			      "token", json_object_get(l->answer, "token"), "expires_at",
			      json_object_get(l->answer, "expires_at"));
	int rc;

	strbuf_init(&path, 0);
	strbuf_init(&err, 4096);
	rc = s ? session_path(&path, &err) : -1;
	if (!rc)
		rc = session_save(path.buf, s, &err);
	if (rc)
		cli_error("%s", err.len ? err.buf : "out of memory");
	json_decref(s);
	strbuf_release(&path);
	strbuf_release(&err);
	return rc ? CLI_FAILED : CLI_OK;
}

static int log_in(struct login *l)
{
	const char *token;
	json_t *body;
	char prompt[512];
	int rc;

	snprintf(prompt, sizeof prompt, "password of '%s' at %s: ", l->user, client_url(l->client));
	if ((rc = cli_password_read(prompt, l->from_stdin, l->password)) != 0)
		return rc;
	body = json_pack("{ss ss}", "username", l->user, "password", l->password);
	if (!body)
		return cli_error("out of memory");
	rc = cli_call(l->client, "POST", "/api/v1/auth/login", body, &l->answer);
	json_decref(body);
	if (rc)
		return rc;
	token = json_string_value(json_object_get(l->answer, "token"));
	if (!token || !json_is_string(json_object_get(l->answer, "expires_at")))
		return cli_error("the node's login answer holds no token");
	if (client_set_token(l->client, token))
		return cli_error("out of memory");
	if (json_is_true(json_object_get(l->answer, "must_change_password")) &&
	    change_password(l) != 0) {
		/* leave no session behind that can do nothing but change a password */
		client_call(l->client, "POST", "/api/v1/auth/logout", NULL, NULL);
		return CLI_FAILED;
	}
	return save_session(l);
}

static int run_login(int argc, char **argv)
{
	struct login l = { .co.anonymous = true };
	json_t *u;
	int rc = login_parse(argc, argv, &l);

	if (rc)
		return cli_status(rc);
	if ((rc = cli_connect(&l.co, &l.client)) == 0)
		rc = log_in(&l);
	if (!rc) {
		u = json_object_get(l.answer, "user");
		printf("logged in to %s as '%s' (%s, %s) until %s\n", client_url(l.client), l.user,
		       cli_json_str(u, "role"), cli_json_str(u, "clearance"),
		       cli_json_str(l.answer, "expires_at"));
	}
	cli_password_wipe(l.password);
	json_decref(l.answer);
	client_free(l.client);
	return rc;
}

const struct cli_command cli_cmd_login = {
	.name = "login",
	.summary = "log in to a node and keep the session for later commands",
	.usage = "rics login [--url URL] [--password-stdin] USERNAME",
	.description = "Log in as USERNAME and store the session token in $RICS_SESSION_FILE or\n"
		       "~/.config/rics/session (mode 0600), with the node's URL, so that later\n"
		       "commands need neither --url nor --token. The password is asked on the\n"
		       "terminal without echo, or read from stdin with --password-stdin.\n"
		       "\n"
		       "If the password was set by an administrator (the first login after\n"
		       "'rics init' or 'rics user add'), a new password is asked twice and set\n"
		       "before the session is stored; with --password-stdin it is the second\n"
		       "line of stdin.",
	.options = login_options,
	.examples = "rics login admin\n"
		    "rics login --url https://rics.korday.example admin\n"
		    "printf '%s\\n' \"$PW\" | rics login --password-stdin aibek",
	.run = run_login,
};
