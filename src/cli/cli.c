// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The frame of the `rics` tool: dispatch from the command table to a
 * command, the getopt_long wrapper that builds its table from a command's
 * option list, and the messages and checks every command shares. See cli.h
 * for the conventions.
 */
#include "cli/cli.h"

#include "core/error.h"
#include "core/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char cli_agencies[] = "border, customs, drug_control, police or foreign_affairs";

static bool is_help(const char *s)
{
	return strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0;
}

const char *cli_word(const struct cli_command *cmd)
{
	const char *sp = strrchr(cmd->name, ' ');
	return sp ? sp + 1 : cmd->name;
}

static const struct cli_command *find_in(const struct cli_command *const *table, const char *word)
{
	for (size_t i = 0; table && table[i]; i++)
		if (strcmp(cli_word(table[i]), word) == 0)
			return table[i];
	return NULL;
}

const struct cli_command *cli_find(const char *const *words, int n)
{
	const struct cli_command *cmd = NULL;
	const struct cli_command *const *table = cli_commands;
	for (int i = 0; i < n; i++) {
		cmd = find_in(table, words[i]);
		if (!cmd)
			return NULL;
		table = cmd->subcommands;
	}
	return cmd;
}

int cli_main(int argc, char **argv)
{
	const struct cli_command *cmd;

	if (argc < 2) {
		cli_help_overview(stderr);
		return CLI_USAGE;
	}
	if (is_help(argv[1])) {
		cli_help_overview(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("rics %s\n", RICS_VERSION);
		return CLI_OK;
	}
	if (argv[1][0] == '-') {
		fprintf(stderr,
			"rics: unknown option '%s'\nusage: rics COMMAND [ARGS]\n"
			"run 'rics help' for the list of commands\n",
			argv[1]);
		return CLI_USAGE;
	}
	cmd = find_in(cli_commands, argv[1]);
	if (!cmd) {
		fprintf(stderr,
			"rics: unknown command '%s'\n"
			"run 'rics help' for the list of commands\n",
			argv[1]);
		return CLI_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}

int cli_run_group(const struct cli_command *group, int argc, char **argv)
{
	const struct cli_command *sub;

	if (argc < 2)
		return cli_usage_error(group, "missing a command after 'rics %s'", group->name);
	if (is_help(argv[1])) {
		cli_help_print(group, stdout);
		return CLI_OK;
	}
	if (argv[1][0] == '-')
		return cli_usage_error(group, "unknown option '%s'", argv[1]);
	sub = find_in(group->subcommands, argv[1]);
	if (!sub)
		return cli_usage_error(group, "unknown %s command '%s'", group->name, argv[1]);
	return sub->run(argc - 1, argv + 1);
}

/* ---- options ---- */

static void parser_start(struct cli_parser *p, const struct cli_command *cmd, int argc, char **argv)
{
	p->cmd = cmd;
	p->argc = argc;
	p->argv = argv;
	p->arg = NULL;
	p->rest = argv + argc;
	p->nrest = 0;
	/* ':' first: a missing value is reported as ':', not as '?' */
	snprintf(p->shortopts, sizeof p->shortopts, ":h");
	/* 0 makes GNU getopt start afresh, as each command parses on its own */
	optind = 0;
	opterr = 0;
}

static void add_short(struct cli_parser *p, int key, bool has_arg)
{
	size_t n = strlen(p->shortopts);
	if (key >= 0x100 || key == 'h' || n + 3 > sizeof p->shortopts)
		return;
	p->shortopts[n++] = (char)key;
	if (has_arg)
		p->shortopts[n++] = ':';
	p->shortopts[n] = '\0';
}

void cli_parser_init(struct cli_parser *p, const struct cli_command *cmd, int argc, char **argv)
{
	size_t n = 0;

	parser_start(p, cmd, argc, argv);
	for (const struct cli_option *o = cmd->options; o && o->key; o++) {
		if (n == CLI_MAX_OPTIONS)
			abort(); /* a programming error: raise CLI_MAX_OPTIONS */
		p->table[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
						 NULL, o->key };
		add_short(p, o->key, o->arg != NULL);
	}
	p->table[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	p->table[n] = (struct option){ NULL, 0, NULL, 0 };
	p->longopts = p->table;
}

void cli_parser_init_table(struct cli_parser *p, const struct cli_command *cmd, int argc,
			   char **argv, const struct option *table, size_t n)
{
	parser_start(p, cmd, argc, argv);
	for (size_t i = 0; i < n && table[i].name; i++)
		add_short(p, table[i].val, table[i].has_arg == required_argument);
	/* getopt_long takes a non-const table but never writes to it */
	p->longopts = (struct option *)(uintptr_t)table;
}

/* The option the parser stopped at, as the user wrote it. */
static void bad_option_name(const struct cli_parser *p, struct strbuf *out)
{
	const char *a = optind > 0 && optind <= p->argc ? p->argv[optind - 1] : "";
	if (strncmp(a, "--", 2) == 0) {
		const char *eq = strchr(a, '=');
		strbuf_add(out, a, eq ? (size_t)(eq - a) : strlen(a));
	} else if (optopt > 0 && optopt < 0x100) {
		strbuf_addf(out, "-%c", optopt);
	} else {
		strbuf_adds(out, a);
	}
}

int cli_parser_next(struct cli_parser *p)
{
	struct strbuf name;
	int c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);

	p->arg = optarg;
	if (c == -1) {
		p->rest = p->argv + optind;
		p->nrest = p->argc - optind;
		return 0;
	}
	if (c == 'h') {
		cli_help_print(p->cmd, stdout);
		return CLI_PARSE_HELP;
	}
	if (c != '?' && c != ':')
		return c;
	strbuf_init(&name, 256);
	bad_option_name(p, &name);
	if (c == '?')
		cli_usage_error(p->cmd, "unknown option '%s'", name.buf);
	else
		cli_usage_error(p->cmd, "option '%s' needs a value", name.buf);
	strbuf_release(&name);
	return CLI_PARSE_BAD;
}

int cli_parser_exit(int c)
{
	return c == CLI_PARSE_HELP ? CLI_OK : CLI_USAGE;
}

int cli_parser_stop(int c)
{
	return c == CLI_PARSE_HELP ? CLI_HELP_SHOWN : CLI_USAGE;
}

int cli_parse_uint(const struct cli_command *cmd, const char *opt, const char *s, unsigned long min,
		   unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = *s >= '0' && *s <= '9' ? strtoul(s, &end, 10) : 0;
	if (*s < '0' || *s > '9' || errno || *end || v < min || v > max)
		return cli_usage_error(cmd, "'--%s' wants a number from %lu to %lu, not '%s'", opt,
				       min, max, s);
	*out = v;
	return 0;
}

/* ---- messages ---- */

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("rics: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAILED;
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("rics: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_usage_print(cmd, stderr);
	fprintf(stderr, "run 'rics %s --help' for every option\n", cmd->name);
	return CLI_USAGE;
}

int cli_want_args(const struct cli_command *cmd, const struct cli_parser *p, int min, int max,
		  const char *what)
{
	if (p->nrest < min)
		return cli_usage_error(cmd, "missing %s", what);
	if (p->nrest > max)
		return cli_usage_error(cmd, "unexpected argument '%s'", p->rest[max]);
	return 0;
}

/* ---- shared checks ---- */

bool cli_valid_country(const char *s)
{
	return model_country_valid(s);
}

bool cli_valid_agency(const char *s)
{
	return model_agency_valid(s);
}

int cli_record_type(const struct cli_command *cmd, const char *arg, const struct record_type **out)
{
	const struct record_type *t = model_type_by_plural(arg);
	struct strbuf names;
	int rc;

	if (!t)
		t = model_type_by_name(arg);
	if (t) {
		*out = t;
		return 0;
	}
	strbuf_init(&names, 4096);
	for (size_t i = 0; model_types[i]; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "", model_types[i]->plural);
	rc = cli_usage_error(cmd, "unknown record type '%s' (types: %s)", arg, names.buf);
	strbuf_release(&names);
	return rc;
}

int cli_store_open(const char *dir, struct store **out)
{
	struct strbuf path;
	struct stat st;
	struct store_options so = { .create = false, .readers = 1, .no_migrate = true };
	int rc;

	strbuf_init(&path, 0);
	if (strbuf_addf(&path, "%s/rics.db", dir)) {
		rc = cli_error("out of memory");
		goto out;
	}
	if (stat(path.buf, &st) != 0) {
		rc = cli_error("data directory '%s' holds no node: run 'rics init %s' first", dir,
			       dir);
		goto out;
	}
	so.path = path.buf;
	rc = store_open(&so, out);
	if (rc)
		rc = cli_error("cannot open the store '%s': %s", path.buf, rics_strerror(rc));
out:
	strbuf_release(&path);
	return rc;
}
