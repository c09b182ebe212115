// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics audit: check and read the audit log. `verify` works offline on a data
 * directory and recomputes the whole hash chain (safe while ricsd runs);
 * `log` reads entries through the API, for auditors and administrators.
 */
#include "cli/commands.h"

#include "core/error.h"

#include <string.h>

extern const struct cli_command cli_cmd_audit_verify, cli_cmd_audit_log;

static int run_verify(int argc, char **argv)
{
	struct audit_verdict v = { 0 };
	struct store *s = NULL;
	struct cli_parser p;
	int c, rc;

	cli_parser_init(&p, &cli_cmd_audit_verify, argc, argv);
	while ((c = cli_parser_next(&p)) > 0)
		;
	if (c < 0)
		return cli_parser_exit(c);
	if ((rc = cli_want_args(&cli_cmd_audit_verify, &p, 1, 1, "the data directory DIR")))
		return rc;
	if (cli_store_open(p.rest[0], &s))
		return CLI_FAILED;
	rc = store_audit_verify(s, &v);
	store_close(s);
	if (rc)
		return cli_error("cannot verify the audit log in '%s': %s", p.rest[0],
				 rics_strerror(rc));
	if (v.first_bad) {
		printf("audit chain broken at entry %lld: %s\n", (long long)v.first_bad,
		       v.reason[0] ? v.reason : "hash mismatch");
		return CLI_FAILED;
	}
	printf("audit chain intact: %lld entries\n", (long long)v.checked);
	return CLI_OK;
}

const struct cli_command cli_cmd_audit_verify = {
	.name = "audit verify",
	.summary = "recompute the audit hash chain of a data directory (offline)",
	.usage = "rics audit verify DIR",
	.description = "Recompute the hash chain of the audit log in the data directory DIR and\n"
		       "name the first entry that was changed, inserted or removed. Prints\n"
		       "'audit chain intact: N entries' and exits 0, or 'audit chain broken at\n"
		       "entry N: reason' and exits 1. Safe while ricsd runs.",
	.examples = "rics audit verify /srv/rics/korday",
	.run = run_verify,
};

enum { KEY_AFTER = CLI_KEY_FIRST_FREE, KEY_LIMIT, KEY_JSON };

static const struct cli_option log_options[] = {
	{ KEY_AFTER, "after", "SEQ", "entries after this sequence number (default 0)" },
	{ KEY_LIMIT, "limit", "N", "at most N entries (default 100)" },
	{ KEY_JSON, "json", NULL, "print each entry as a line of JSON" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct log_args {
	struct client_options co;
	unsigned long after, limit;
	bool json;
};

static int log_parse(int argc, char **argv, struct log_args *a)
{
	const struct cli_command *cmd = &cli_cmd_audit_log;
	struct cli_parser p;
	int c = 0, rc = 0;

	cli_parser_init(&p, cmd, argc, argv);
	while (!rc && (c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case KEY_AFTER:
			rc = cli_parse_uint(cmd, "after", p.arg, 0, 1ul << 62, &a->after);
			break;
		case KEY_LIMIT:
			rc = cli_parse_uint(cmd, "limit", p.arg, 1, 100000, &a->limit);
			break;
		case KEY_JSON: a->json = true; break;
		case CLI_KEY_URL: a->co.url = p.arg; break;
		case CLI_KEY_TOKEN: a->co.token = p.arg; break;
		}
	}
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	return cli_want_args(cmd, &p, 0, 0, "");
}

static void log_print(json_t *items, bool json)
{
	json_t *rows, *e;
	size_t i;

	if (json) {
		json_array_foreach(items, i, e) {
			cli_json_print(stdout, e, true);
		}
		return;
	}
	rows = json_array();
	json_array_append_new(rows, json_pack("[sssssss]", "SEQ", "TIME", "ACTOR", "ACTION",
					      "OBJECT", "OUTCOME", "DETAIL"));
	json_array_foreach(items, i, e) {
		char seq[32], object[128];
		snprintf(seq, sizeof seq, "%lld",
			 (long long)json_integer_value(json_object_get(e, "seq")));
		snprintf(object, sizeof object, "%s %s", cli_json_str(e, "object_type"),
			 cli_json_str(e, "object_id"));
		json_array_append_new(rows,
				      json_pack("[sssssss]", seq, cli_json_str(e, "at"),
						cli_json_str(e, "actor"), cli_json_str(e, "action"),
						object, cli_json_str(e, "outcome"),
						cli_json_str(e, "detail")));
	}
	cli_table_print(stdout, rows);
	json_decref(rows);
}

static int run_log(int argc, char **argv)
{
	struct log_args a = { .limit = 100 };
	struct client *c = NULL;
	struct strbuf path;
	json_t *page = NULL;
	int rc = log_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	strbuf_init(&path, 0);
	if ((rc = cli_connect(&a.co, &c)) != 0)
		goto out;
	if (strbuf_addf(&path, "/api/v1/audit?after=%lu&limit=%lu", a.after, a.limit)) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_call(c, "GET", path.buf, NULL, &page)) != 0)
		goto out;
	log_print(json_object_get(page, "items"), a.json);
	cli_print_more(page, "audit log");
out:
	json_decref(page);
	client_free(c);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_audit_log = {
	.name = "audit log",
	.summary = "read audit log entries through the API (auditor, admin)",
	.usage = "rics audit log [--after SEQ] [--limit N] [--json] [--url URL] [--token TOKEN]",
	.description = "Print audit log entries, oldest first, as a table or as lines of JSON.\n"
		       "When there are more, the command for the next page goes to stderr.",
	.options = log_options,
	.examples = "rics audit log --limit 20\nrics audit log --after 1200 --json | jq .",
	.run = run_log,
};

static const struct cli_command *const audit_commands[] = {
	&cli_cmd_audit_verify,
	&cli_cmd_audit_log,
	NULL,
};

static int run_audit(int argc, char **argv)
{
	return cli_run_group(&cli_cmd_audit, argc, argv);
}

const struct cli_command cli_cmd_audit = {
	.name = "audit",
	.summary = "verify the audit chain (offline) or read the audit log",
	.usage = "rics audit verify DIR\nrics audit log [options]",
	.description = "Check and read the audit log.",
	.subcommands = audit_commands,
	.run = run_audit,
};
