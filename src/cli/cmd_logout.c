// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics logout: end the login session on the node and remove the session
 * file. The file goes even when the node cannot be reached, so a stolen
 * laptop holds no usable token; the message then says the node-side
 * session lives on until it expires.
 */
#include "cli/commands.h"

#include "cli/session.h"

static int end_session(json_t *s, struct client **c)
{
	struct client_options co = {
		.url = json_string_value(json_object_get(s, "url")),
		.token = json_string_value(json_object_get(s, "token")),
	};
	int rc = cli_connect(&co, c);

	if (rc)
		return rc;
	rc = client_call(*c, "POST", "/api/v1/auth/logout", NULL, NULL);
	/* 401: the node had already ended it (expired, or the user locked) */
	if (rc && client_status(*c) != 401)
		return cli_error("%s; the session file is removed, but the session stays "
				 "valid on the node until it expires",
				 client_error(*c));
	return CLI_OK;
}

static int run_logout(int argc, char **argv)
{
	struct strbuf path, err;
	struct client *c = NULL;
	struct cli_parser p;
	json_t *s = NULL;
	int rc, opt;

	cli_parser_init(&p, &cli_cmd_logout, argc, argv);
	while ((opt = cli_parser_next(&p)) > 0)
		;
	if (opt < 0)
		return cli_parser_exit(opt);
	if ((rc = cli_want_args(&cli_cmd_logout, &p, 0, 0, "")) != 0)
		return rc;
	strbuf_init(&path, 0);
	strbuf_init(&err, 4096);
	rc = session_path(&path, &err);
	if (!rc)
		rc = session_load(path.buf, &err, &s);
	if (rc) {
		rc = err.len ? cli_error("%s", err.buf) :
			       cli_error("not logged in: no session file '%s'", path.buf);
		goto out;
	}
	rc = end_session(s, &c);
	if (session_remove(path.buf, &err) < 0 && err.len)
		rc = cli_error("%s", err.buf);
	if (!rc)
		printf("logged out of %s\n", json_string_value(json_object_get(s, "url")));
out:
	json_decref(s);
	client_free(c);
	strbuf_release(&path);
	strbuf_release(&err);
	return rc ? CLI_FAILED : CLI_OK;
}

const struct cli_command cli_cmd_logout = {
	.name = "logout",
	.summary = "end the login session and remove the session file",
	.usage = "rics logout",
	.description = "End the session that 'rics login' stored, on the node and locally. The\n"
		       "session file is removed even if the node cannot be reached.",
	.examples = "rics logout",
	.run = run_logout,
};
