// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics help: the list of commands, one command's help, or (--markdown) the
 * whole reference page docs/cli.md, all generated from the command table.
 */
#include "cli/commands.h"

enum { KEY_MARKDOWN = CLI_KEY_FIRST_FREE };

static const struct cli_option help_options[] = {
	{ KEY_MARKDOWN, "markdown", NULL,
	  "print the reference of every command as Markdown (docs/cli.md)" },
	{ 0, NULL, NULL, NULL },
};

static int unknown(char **words, int n)
{
	struct strbuf name;
	int rc;

	strbuf_init(&name, 1024);
	for (int i = 0; i < n; i++)
		strbuf_addf(&name, "%s%s", i ? " " : "", words[i]);
	rc = cli_usage_error(&cli_cmd_help, "unknown command '%s'", name.buf);
	strbuf_release(&name);
	return rc;
}

static int run_help(int argc, char **argv)
{
	const struct cli_command *cmd;
	struct cli_parser p;
	bool markdown = false;
	int c;

	cli_parser_init(&p, &cli_cmd_help, argc, argv);
	while ((c = cli_parser_next(&p)) > 0)
		if (c == KEY_MARKDOWN)
			markdown = true;
	if (c < 0)
		return cli_parser_exit(c);
	if (markdown) {
		if (p.nrest)
			return cli_usage_error(&cli_cmd_help, "--markdown takes no command");
		cli_help_markdown(stdout);
		return CLI_OK;
	}
	if (!p.nrest) {
		cli_help_overview(stdout);
		return CLI_OK;
	}
	cmd = cli_find((const char *const *)p.rest, p.nrest);
	if (!cmd)
		return unknown(p.rest, p.nrest);
	cli_help_print(cmd, stdout);
	return CLI_OK;
}

const struct cli_command cli_cmd_help = {
	.name = "help",
	.summary = "show the commands, or the help of one",
	.usage = "rics help [COMMAND [SUBCOMMAND]]\nrics help --markdown",
	.description = "Without a command, list every command. With one, print its usage,\n"
		       "options and examples, the same as 'rics COMMAND --help'.",
	.options = help_options,
	.examples = "rics help user add\nrics help --markdown > docs/cli.md",
	.run = run_help,
};
