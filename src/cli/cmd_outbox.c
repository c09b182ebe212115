// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics outbox: what this node has not delivered, and the retry of an
 * envelope once what made its peer refuse it is fixed (administrators). A
 * refusal the peer states as permanent, or the removal of the peer, ends
 * the automatic retries: only these commands bring an envelope back.
 */
#include "cli/commands.h"

#include <string.h>

extern const struct cli_command cli_cmd_outbox_list, cli_cmd_outbox_retry;

enum { KEY_STATE = CLI_KEY_FIRST_FREE, KEY_AFTER, KEY_LIMIT };

static const struct cli_option list_options[] = {
	{ KEY_STATE, "state", "S", "queued, refused or orphaned (default: all three)" },
	{ KEY_AFTER, "after", "SEQ", "rows after this sequence number (default 0)" },
	{ KEY_LIMIT, "limit", "N", "at most N rows (default 100)" },
	CLI_JSON_OPTION,
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct list_args {
	struct client_options co;
	const char *state;
	unsigned long after, limit;
	bool json;
};

static int list_option(const struct cli_parser *p, int c, struct list_args *a)
{
	const struct cli_command *cmd = &cli_cmd_outbox_list;
	switch (c) {
	case KEY_STATE:
		a->state = p->arg;
		if (strcmp(a->state, "queued") && strcmp(a->state, "refused") &&
		    strcmp(a->state, "orphaned"))
			return cli_usage_error(cmd, "state '%s' is not queued, refused or orphaned",
					       a->state);
		break;
	case KEY_AFTER: return cli_parse_uint(cmd, "after", p->arg, 0, 1ul << 62, &a->after);
	case KEY_LIMIT: return cli_parse_uint(cmd, "limit", p->arg, 1, 100000, &a->limit);
	case CLI_KEY_JSON: a->json = true; break;
	case CLI_KEY_URL: a->co.url = p->arg; break;
	case CLI_KEY_TOKEN: a->co.token = p->arg; break;
	}
	return 0;
}

static int list_parse(int argc, char **argv, struct list_args *a)
{
	struct cli_parser p;
	int c = 0, rc = 0;

	cli_parser_init(&p, &cli_cmd_outbox_list, argc, argv);
	while (!rc && (c = cli_parser_next(&p)) > 0)
		rc = list_option(&p, c, a);
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	return cli_want_args(&cli_cmd_outbox_list, &p, 0, 0, "");
}

static void list_print(json_t *items)
{
	json_t *rows = json_array(), *r;
	size_t i;

	json_array_append_new(rows, json_pack("[sssssss]", "SEQ", "MESSAGE", "PEER", "STATE",
					      "ATTEMPTS", "QUEUED", "REASON"));
	json_array_foreach(items, i, r) {
		char seq[32], attempts[32];
		snprintf(seq, sizeof seq, "%lld",
			 (long long)json_integer_value(json_object_get(r, "seq")));
		snprintf(attempts, sizeof attempts, "%lld",
			 (long long)json_integer_value(json_object_get(r, "attempts")));
		json_array_append_new(rows, json_pack("[sssssss]", seq,
						      cli_json_str(r, "message_id"),
						      cli_json_str(r, "peer_id"),
						      cli_json_str(r, "state"), attempts,
						      cli_json_str(r, "queued_at"),
						      cli_json_str(r, "last_error")));
	}
	cli_table_print(stdout, rows);
	json_decref(rows);
}

static int run_outbox_list(int argc, char **argv)
{
	struct list_args a = { .limit = 100 };
	struct client *c = NULL;
	struct strbuf path;
	json_t *page = NULL;
	int rc = list_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	strbuf_init(&path, 0);
	if (strbuf_addf(&path, "/api/v1/outbox?after=%lu&limit=%lu%s%s", a.after, a.limit,
			a.state ? "&state=" : "", a.state ? a.state : "")) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_connect(&a.co, &c)) || (rc = cli_call(c, "GET", path.buf, NULL, &page)))
		goto out;
	cli_print_items(json_object_get(page, "items"), a.json, list_print);
	cli_print_more(page, "outbox list");
out:
	json_decref(page);
	client_free(c);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_outbox_list = {
	.name = "outbox list",
	.summary = "envelopes not delivered, with why (the default)",
	.usage = "rics outbox list [--state queued|refused|orphaned] [--after SEQ] [--limit N]\n"
		 "    [--json]",
	.description = "List the outbox rows not delivered, oldest first: queued (still retried),\n"
		       "refused (the peer refused the envelope for good; REASON is its reason)\n"
		       "or orphaned (the peer was removed). When there are more, the command for\n"
		       "the next page goes to stderr. 'rics outbox' with these options alone\n"
		       "lists too.",
	.options = list_options,
	.examples = "rics outbox --state refused",
	.run = run_outbox_list,
};

/* ---- retry ---- */

static const struct cli_option retry_options[] = {
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static int run_outbox_retry(int argc, char **argv)
{
	struct online_args a;
	struct client *c = NULL;
	struct strbuf path;
	int rc = cli_parse_online(&cli_cmd_outbox_retry, argc, argv, 2, 2, "MESSAGE_ID and PEER_ID",
				  &a);

	if (rc)
		return cli_status(rc);
	strbuf_init(&path, 0);
	if (strbuf_adds(&path, "/api/v1/outbox")) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_path_add(&path, a.rest[0])) || (rc = cli_path_add(&path, a.rest[1])) ||
	    (rc = cli_path_add(&path, "retry")) || (rc = cli_connect(&a.co, &c)) ||
	    (rc = cli_call(c, "POST", path.buf, NULL, NULL)))
		goto out;
	printf("message %s queued again for node %s\n", a.rest[0], a.rest[1]);
out:
	client_free(c);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_outbox_retry = {
	.name = "outbox retry",
	.summary = "queue a refused or orphaned envelope again",
	.usage = "rics outbox retry MESSAGE_ID PEER_ID",
	.description = "Queue the envelope of message MESSAGE_ID for node PEER_ID again, due now,\n"
		       "once the cause of the refusal is fixed (the peer paired with this node,\n"
		       "say). The node must be paired; a delivered envelope is not sent twice.",
	.options = retry_options,
	.examples = "rics outbox retry 0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69 \\\n"
		    "    01a225ab-f2cf-7821-8625-c0c6d16812b8",
	.run = run_outbox_retry,
};

/* ---- the group: listing is the default ---- */

static const struct cli_command *const outbox_commands[] = {
	&cli_cmd_outbox_list,
	&cli_cmd_outbox_retry,
	NULL,
};

static int run_outbox(int argc, char **argv)
{
	bool sub = argc >= 2 && (!strcmp(argv[1], "list") || !strcmp(argv[1], "retry") ||
				 !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
	if (sub)
		return cli_run_group(&cli_cmd_outbox, argc, argv);
	return run_outbox_list(argc, argv);
}

const struct cli_command cli_cmd_outbox = {
	.name = "outbox",
	.summary = "what was not delivered to peers, and retrying it",
	.usage = "rics outbox [list] [--state queued|refused|orphaned] [...]\n"
		 "rics outbox retry MESSAGE_ID PEER_ID",
	.description = "Show the envelopes this node has not delivered and queue refused or\n"
		       "orphaned ones again (administrators). Without a command: list.",
	.subcommands = outbox_commands,
	.run = run_outbox,
};
