// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Help text, generated from the command table: `rics help`, every
 * command's --help, and docs/cli.md (`rics help --markdown`). Nothing here
 * is written twice: a command's options are listed from the same table its
 * parser is built from, so the help cannot miss an option.
 */
#include "cli/cli.h"

#include <ctype.h>
#include <string.h>

#define OPTION_COLUMN 26

static const char intro[] =
	"`rics` sets up a RICS node and talks to it. Offline commands (`init`,\n"
	"`audit verify`, `backup`) work on a data directory directly and are safe\n"
	"while `ricsd` runs; every other command goes through the node's HTTP API,\n"
	"with the same permissions as the web interface.\n"
	"\n"
	"Which node and which credentials an online command uses:\n"
	"\n"
	"- the node: `--url URL`, else `$RICS_URL`, else the node of the login\n"
	"  session, else `http://127.0.0.1:8080`;\n"
	"- the credentials: `--token TOKEN`, else `$RICS_TOKEN`, else the session\n"
	"  that `rics login` stored in `$RICS_SESSION_FILE` or\n"
	"  `~/.config/rics/session` (mode 0600). The session is only sent to the\n"
	"  node it was made for.\n"
	"- `$RICS_CA_FILE` names a PEM bundle to trust for an `https://` node.\n"
	"\n"
	"Exit status: 0 on success, 1 when the operation failed (the node's reason\n"
	"is printed as `rics: <detail>`), 2 for a usage error (unknown command or\n"
	"option, missing argument). Every command and subcommand takes `-h` or\n"
	"`--help`.\n";

static void print_lines(FILE *f, const char *text, const char *indent)
{
	const char *nl;
	for (const char *s = text; s && *s; s = *nl ? nl + 1 : nl) {
		nl = strchr(s, '\n');
		if (!nl)
			nl = s + strlen(s);
		if (nl == s)
			fputc('\n', f);
		else
			fprintf(f, "%s%.*s\n", indent, (int)(nl - s), s);
	}
}

void cli_usage_print(const struct cli_command *cmd, FILE *f)
{
	const char *u = cmd->usage, *nl;
	for (int i = 0; *u; i++, u = *nl ? nl + 1 : nl) {
		/* a line that starts with a space continues the one before */
		const char *lead = !i ? "usage:" : *u == ' ' ? "      " : "   or:";
		nl = strchr(u, '\n');
		if (!nl)
			nl = u + strlen(u);
		fprintf(f, "%s %.*s\n", lead, (int)(nl - u), u);
	}
}

/* "-n, --name NAME" or "    --bcp CODE" into buf. */
static void option_label(const struct cli_option *o, char *buf, size_t size)
{
	bool has_short = o->key < 0x100;
	snprintf(buf, size, "%c%c%s--%s%s%s", has_short ? '-' : ' ', has_short ? (char)o->key : ' ',
		 has_short ? ", " : "  ", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

static void print_option(FILE *f, const struct cli_option *o)
{
	char label[128];
	option_label(o, label, sizeof label);
	if (strlen(label) + 2 < OPTION_COLUMN)
		fprintf(f, "  %-*s%s\n", OPTION_COLUMN - 2, label, o->help);
	else
		fprintf(f, "  %s\n  %-*s%s\n", label, OPTION_COLUMN - 2, "", o->help);
}

static const struct cli_option help_option = { 'h', "help", NULL, "show this help and exit" };

static void print_subcommands(FILE *f, const struct cli_command *const *subs)
{
	fputs("\ncommands:\n", f);
	for (size_t i = 0; subs[i]; i++)
		fprintf(f, "  %-12s %s\n", cli_word(subs[i]), subs[i]->summary);
}

void cli_help_print(const struct cli_command *cmd, FILE *f)
{
	cli_usage_print(cmd, f);
	fputc('\n', f);
	print_lines(f, cmd->description, "");
	if (cmd->subcommands) {
		print_subcommands(f, cmd->subcommands);
		fprintf(f, "\nrun 'rics %s COMMAND --help' for a command's options\n", cmd->name);
	} else {
		fputs("\noptions:\n", f);
		for (const struct cli_option *o = cmd->options; o && o->key; o++)
			print_option(f, o);
		print_option(f, &help_option);
	}
	if (cmd->help_more)
		cmd->help_more(f, false);
	if (cmd->examples) {
		fputs("\nexamples:\n", f);
		print_lines(f, cmd->examples, "  ");
	}
}

void cli_help_overview(FILE *f)
{
	fputs("usage: rics COMMAND [ARGS]\n"
	      "\n"
	      "Set up a RICS node, manage its users and API tokens, and read and write\n"
	      "its records.\n"
	      "\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-9s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
	fputs("\nrun 'rics help COMMAND' or 'rics COMMAND --help' for a command's options;\n"
	      "'rics --version' prints the version\n",
	      f);
}

/* ---- docs/cli.md ---- */

/* Text for a Markdown table cell: '|' escaped. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

static void md_options(FILE *f, const struct cli_command *cmd)
{
	char label[128];
	fputs("| option | meaning |\n| --- | --- |\n", f);
	for (const struct cli_option *o = cmd->options; o && o->key; o++) {
		option_label(o, label, sizeof label);
		fputs("| `", f);
		md_cell(f, label[0] == ' ' ? label + 4 : label);
		fputs("` | ", f);
		md_cell(f, o->help);
		fputs(" |\n", f);
	}
	fputs("| `-h, --help` | show this help and exit |\n", f);
}

static void md_command(FILE *f, const struct cli_command *cmd, const char *heading)
{
	fprintf(f, "\n%s rics %s\n\n%c%s.\n\n```\n", heading, cmd->name,
		toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	cli_usage_print(cmd, f);
	fputs("```\n\n", f);
	print_lines(f, cmd->description, "");
	if (cmd->subcommands) {
		fputs("\n| command | what it does |\n| --- | --- |\n", f);
		for (size_t i = 0; cmd->subcommands[i]; i++)
			fprintf(f, "| `rics %s` | %s |\n", cmd->subcommands[i]->name,
				cmd->subcommands[i]->summary);
	} else {
		fputc('\n', f);
		md_options(f, cmd);
	}
	if (cmd->help_more)
		cmd->help_more(f, true);
	if (cmd->examples) {
		fputs("\nExamples:\n\n```sh\n", f);
		print_lines(f, cmd->examples, "");
		fputs("```\n", f);
	}
	for (size_t i = 0; cmd->subcommands && cmd->subcommands[i]; i++)
		md_command(f, cmd->subcommands[i], "###");
}

void cli_help_markdown(FILE *f)
{
	fputs("# `rics`: command-line reference\n\n"
	      "<!-- generated from src/cli by `rics help --markdown`; a test fails when "
	      "this page and the code disagree -->\n\n",
	      f);
	fputs(intro, f);
	fputs("\n| command | what it does |\n| --- | --- |\n", f);
	for (size_t i = 0; cli_commands[i]; i++)
		fprintf(f, "| [`rics %s`](#rics-%s) | %s |\n", cli_commands[i]->name,
			cli_commands[i]->name, cli_commands[i]->summary);
	for (size_t i = 0; cli_commands[i]; i++)
		md_command(f, cli_commands[i], "##");
}
