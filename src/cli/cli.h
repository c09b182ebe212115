/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The contract of the `rics` command line: one struct cli_command per
 * command, in one file each (cmd_<name>.c), listed in one table
 * (commands.c), and the helpers every command shares.
 *
 * A command's option table is at once its getopt_long table, its --help text
 * and its section of docs/cli.md (`rics help --markdown`), so the parser, the
 * help and the reference page cannot drift apart.
 *
 * Conventions every command keeps:
 * - Exit status: 0 success, 1 the operation failed, 2 a usage error.
 * - Messages go to stderr as "rics: <problem> '<subject>'", lower-case,
 *   problem first (git style). Results go to stdout.
 * - -h and --help work on every command and subcommand and exit 0.
 * - Online commands talk to a node only through client.h; offline commands
 *   (init, audit verify, backup) open a data directory themselves.
 */
#ifndef RICS_CLI_H
#define RICS_CLI_H

#include "model/model.h"
#include "store/store.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

enum cli_exit {
	CLI_OK = 0,
	CLI_FAILED = 1,
	CLI_USAGE = 2,
};

/* Keys of long-only options (short ones use their letter as the key). */
enum cli_key {
	CLI_KEY_URL = 0x100,
	CLI_KEY_TOKEN,
	CLI_KEY_PASSWORD_STDIN,
	CLI_KEY_JSON,
	CLI_KEY_FIRST_FREE = 0x140, /* commands number their own long options from here */
};

struct cli_option {
	int key;          /* a letter (also the short option) or a value >= 0x100 */
	const char *name; /* the long name, without "--" */
	const char *arg;  /* placeholder of the value; NULL for a flag */
	const char *help; /* one line */
};

/* The options of every command that talks to a node. */
/* clang-format off */
#define CLI_CLIENT_OPTIONS                                                              \
	{ CLI_KEY_URL, "url", "URL",                                                    \
	  "the node (default: $RICS_URL, else the login session's node, else "          \
	  "http://127.0.0.1:8080)" },                                                   \
	{ CLI_KEY_TOKEN, "token", "TOKEN",                                              \
	  "bearer token (default: $RICS_TOKEN, else the login session)" }
/* clang-format on */

struct cli_command {
	const char *name;                 /* the words after "rics": "init", "user add" */
	const char *summary;              /* one line for command lists */
	const char *usage;                /* synopsis lines, '\n'-separated, each "rics ..." */
	const char *description;          /* what it does: paragraphs, '\n'-separated */
	const struct cli_option *options; /* ends with key 0; -h/--help is implied */
	const char *examples;             /* lines of shell, or NULL */
	const struct cli_command *const *subcommands; /* NULL-terminated, or NULL */
	int (*run)(int argc, char **argv);            /* argv[0] is the command's last word */
	/* Help that is generated, not written (rics list: the filters of each
	 * type); markdown selects the format of docs/cli.md. May be NULL. */
	void (*help_more)(FILE *f, bool markdown);
};

/* The top-level commands, NULL-terminated (commands.c). */
extern const struct cli_command *const cli_commands[];

/* Run the tool: argv as main() got it. Returns the exit status. */
int cli_main(int argc, char **argv);

/* The command named by words (e.g. {"user", "add"}), or NULL. */
const struct cli_command *cli_find(const char *const *words, int n);
/* The command's last word: "add" for "user add". */
const char *cli_word(const struct cli_command *cmd);

/* Run the subcommand named by argv[1] of a command that has subcommands. */
int cli_run_group(const struct cli_command *group, int argc, char **argv);

/* ---- options ---- */

#define CLI_MAX_OPTIONS 32

/*
 * getopt_long over a command's option table. Usage:
 *
 *	struct cli_parser p;
 *	int c;
 *	cli_parser_init(&p, &cli_cmd_x, argc, argv);
 *	while ((c = cli_parser_next(&p)) > 0)
 *		switch (c) { case 'n': name = p.arg; break; ... }
 *	if (c < 0)
 *		return cli_parser_exit(c);
 *	... positional arguments are p.rest[0 .. p.nrest) ...
 *
 * Options and positional arguments may come in any order; "--" ends the
 * options. -h/--help prints the help; an unknown option or a missing value
 * prints a message naming it; either ends the loop with a negative value.
 */
struct cli_parser {
	const struct cli_command *cmd;
	int argc;
	char **argv;
	const char *arg; /* the value of the option just returned, or NULL */
	char **rest;     /* positional arguments, valid after the loop */
	int nrest;
	struct option *longopts; /* the getopt table, built from cmd->options */
	char shortopts[CLI_MAX_OPTIONS * 2 + 4];
	struct option table[CLI_MAX_OPTIONS + 2];
};

enum { CLI_PARSE_HELP = -1, CLI_PARSE_BAD = -2 };

/* What a command's own parse function returns when --help was printed: the
 * command stops and exits 0. cli_status() makes it an exit status. */
#define CLI_HELP_SHOWN (-1)

void cli_parser_init(struct cli_parser *p, const struct cli_command *cmd, int argc, char **argv);
/* Use a caller-built getopt table instead of cmd->options (rics list). */
void cli_parser_init_table(struct cli_parser *p, const struct cli_command *cmd, int argc,
			   char **argv, const struct option *table, size_t n);
/* The next option's key; 0 after the last; CLI_PARSE_HELP or CLI_PARSE_BAD. */
int cli_parser_next(struct cli_parser *p);
/* The exit status for a negative cli_parser_next(): 0 after help, else 2. */
int cli_parser_exit(int c);
/* The same for a parse function: CLI_HELP_SHOWN after help, else CLI_USAGE. */
int cli_parser_stop(int c);

static inline int cli_status(int rc)
{
	return rc == CLI_HELP_SHOWN ? CLI_OK : rc;
}

/* Parse a decimal in [min, max] given to option opt; prints and returns
 * CLI_USAGE if it is not one. */
int cli_parse_uint(const struct cli_command *cmd, const char *opt, const char *s, unsigned long min,
		   unsigned long max, unsigned long *out);

/* ---- messages ---- */

/* "rics: <message>" on stderr. Always returns CLI_FAILED. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "rics: <message>", the usage and a pointer to --help; returns CLI_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Check the number of positional arguments; names what is missing or extra. */
int cli_want_args(const struct cli_command *cmd, const struct cli_parser *p, int min, int max,
		  const char *what);

/* ---- help (help.c) ---- */

void cli_help_print(const struct cli_command *cmd, FILE *f);
/* The usage lines: "usage: ...", then "   or: ..." for each alternative;
 * a usage line that starts with a space continues the one before. */
void cli_usage_print(const struct cli_command *cmd, FILE *f);
/* The overview: every command with its summary. */
void cli_help_overview(FILE *f);
/* The reference page docs/cli.md. */
void cli_help_markdown(FILE *f);

/* ---- input (input.c) ---- */

#define CLI_PASSWORD_MAX 256

/*
 * Read a password: the next line of stdin when from_stdin, else ask on the
 * terminal without echo. out holds at most CLI_PASSWORD_MAX bytes and a NUL.
 * Prints its own errors; returns 0 or CLI_FAILED.
 */
int cli_password_read(const char *prompt, bool from_stdin, char out[CLI_PASSWORD_MAX + 1]);
/* A new password: one line of stdin, or asked twice on the terminal and
 * compared; checked against the password rules either way. */
int cli_password_new(const char *prompt, bool from_stdin, char out[CLI_PASSWORD_MAX + 1]);
/* Wipe a password buffer. */
void cli_password_wipe(char pw[CLI_PASSWORD_MAX + 1]);

/* A JSON document from path, or from stdin when path is "-". */
int cli_json_load(const char *path, json_t **out);

/* ---- output (table.c) ---- */

/* Print rows (an array of arrays of strings, the first the header) as
 * left-aligned columns. */
void cli_table_print(FILE *f, json_t *rows);
/* A string member of obj, or "-" when absent or null. */
const char *cli_json_str(json_t *obj, const char *key);
/* Print a JSON value indented, with a final newline. */
int cli_json_print(FILE *f, json_t *v, bool compact);

/* ---- shared by the commands ---- */

/* The record type named by arg: its plural (URL segment) or singular. Prints
 * the known types and returns CLI_USAGE if there is none. */
int cli_record_type(const struct cli_command *cmd, const char *arg, const struct record_type **out);

/* Open the store of the data directory dir (not for init): prints why not. */
int cli_store_open(const char *dir, struct store **out);

bool cli_valid_country(const char *s);
bool cli_valid_agency(const char *s);
extern const char cli_agencies[]; /* "border, customs, ..." for messages */

#endif
