// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * What commands read from the user: passwords (a line of stdin for scripts,
 * or asked on the terminal with echo off) and JSON documents (a file or
 * stdin). A password lives only in a caller's fixed buffer, whose size is
 * the longest password the node accepts, and is wiped after use.
 */
#include "cli/cli.h"

#include "core/strbuf.h"
#include "policy/policy.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Read one line of stdin into out, without its newline (or CR LF). 0; -1 at
 * the end of input; -E2BIG for a line longer than CLI_PASSWORD_MAX (the
 * rest of it is consumed). */
static int read_line(char out[CLI_PASSWORD_MAX + 1])
{
	size_t n = 0;
	bool any = false, too_long = false;
	int c;

	while ((c = fgetc(stdin)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (n < CLI_PASSWORD_MAX)
			out[n++] = (char)c;
		else
			too_long = true;
	}
	if (n && out[n - 1] == '\r')
		n--;
	out[n] = '\0';
	if (!any)
		return -1;
	return too_long ? -E2BIG : 0;
}

static int read_quietly(const char *prompt, char out[CLI_PASSWORD_MAX + 1])
{
	struct termios old, quiet;
	int rc;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -errno;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	fputs(prompt, stderr);
	fflush(stderr);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return -errno;
	rc = read_line(out);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

int cli_password_read(const char *prompt, bool from_stdin, char out[CLI_PASSWORD_MAX + 1])
{
	int rc;

	if (!from_stdin && !isatty(STDIN_FILENO))
		return cli_error("cannot ask for a password: stdin is not a terminal "
				 "(use --password-stdin)");
	rc = from_stdin ? read_line(out) : read_quietly(prompt, out);
	if (rc == -1 || (!rc && !out[0])) {
		cli_password_wipe(out);
		return cli_error("empty password %s", from_stdin ? "on stdin" : "given");
	}
	if (rc == -E2BIG) {
		cli_password_wipe(out);
		return cli_error("password is longer than %d bytes", CLI_PASSWORD_MAX);
	}
	if (rc)
		return cli_error("cannot read the password: %s", strerror(-rc));
	return 0;
}

static int acceptable(char pw[CLI_PASSWORD_MAX + 1])
{
	struct strbuf why;
	int rc;

	strbuf_init(&why, 512);
	rc = policy_password_acceptable(pw, &why);
	if (rc) {
		cli_password_wipe(pw);
		rc = cli_error("new password not accepted: %s",
			       why.len ? why.buf : "it breaks the password rules");
	}
	strbuf_release(&why);
	return rc;
}

int cli_password_new(const char *prompt, bool from_stdin, char out[CLI_PASSWORD_MAX + 1])
{
	char again[CLI_PASSWORD_MAX + 1];
	int rc = cli_password_read(prompt, from_stdin, out);

	if (rc || from_stdin)
		return rc ? rc : acceptable(out);
	rc = acceptable(out);
	if (rc)
		return rc;
	rc = cli_password_read("repeat it: ", false, again);
	if (!rc && strcmp(out, again) != 0)
		rc = cli_error("the two passwords differ");
	cli_password_wipe(again);
	if (rc)
		cli_password_wipe(out);
	return rc;
}

void cli_password_wipe(char pw[CLI_PASSWORD_MAX + 1])
{
	sodium_memzero(pw, CLI_PASSWORD_MAX + 1);
}

int cli_json_load(const char *path, json_t **out)
{
	json_error_t e;
	bool from_stdin = strcmp(path, "-") == 0;
	json_t *v = from_stdin ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &e) :
				 json_load_file(path, JSON_REJECT_DUPLICATES, &e);

	if (!v) {
		if (e.line < 0)
			return cli_error("cannot read '%s': %s", from_stdin ? "stdin" : path,
					 e.text);
		return cli_error("malformed JSON in '%s' at line %d, column %d: %s",
				 from_stdin ? "stdin" : path, e.line, e.column, e.text);
	}
	*out = v;
	return 0;
}
