// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics send and rics inbox: compose a message to paired nodes and list the
 * messages received, through the API. Delivery happens in the background
 * (the node's outbox); a message at the approval level waits for a
 * supervisor first.
 */
#include "cli/commands.h"

#include "model/model.h"

#include <string.h>

enum { KEY_TO = CLI_KEY_FIRST_FREE, KEY_SUBJECT, KEY_BODY, KEY_TYPE, KEY_PRIORITY, KEY_CLS,
       KEY_REL };

static const struct cli_option send_options[] = {
	{ KEY_TO, "to", "NODE_ID", "a paired node (repeat for more; 'rics peer list')" },
	{ KEY_SUBJECT, "subject", "TEXT", "one line (required)" },
	{ KEY_BODY, "body", "TEXT", "the text" },
	{ KEY_TYPE, "type", "TYPE", "alert, request, notice (default) or report" },
	{ KEY_PRIORITY, "priority", "P", "urgent or normal" },
	{ KEY_CLS, "classification", "LEVEL", "UNCLASSIFIED (default) ... SECRET" },
	{ KEY_REL, "releasable", "CC", "a country that may receive it (repeat; required to send)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct send_args {
	struct client_options co;
	json_t *body;
	int rc;
};

static void add_to_list(struct send_args *a, const char *key, const char *value)
{
	json_t *list = json_object_get(a->body, key);
	if (!list) {
		list = json_array();
		json_object_set_new(a->body, key, list);
	}
	json_array_append_new(list, json_string(value));
}

static void send_option(struct send_args *a, int c, const char *arg)
{
	static const char *const keys[] = { "subject", "body", "type", "priority", "classification" };
	switch (c) {
	case KEY_TO: add_to_list(a, "recipients", arg); break;
	case KEY_REL: add_to_list(a, "releasable_countries", arg); break;
	case CLI_KEY_URL: a->co.url = arg; break;
	case CLI_KEY_TOKEN: a->co.token = arg; break;
	default:
		json_object_set_new(a->body, keys[c - KEY_SUBJECT], json_string(arg));
	}
}

static int send_parse(int argc, char **argv, struct send_args *a)
{
	struct cli_parser p;
	int c;

	cli_parser_init(&p, &cli_cmd_send, argc, argv);
	while ((c = cli_parser_next(&p)) > 0)
		send_option(a, c, p.arg);
	if (c < 0)
		return cli_parser_stop(c);
	if (!json_object_get(a->body, "recipients") || !json_object_get(a->body, "subject"))
		return cli_usage_error(&cli_cmd_send, "missing --%s",
				       json_object_get(a->body, "subject") ? "to" : "subject");
	if (!json_object_get(a->body, "type"))
		json_object_set_new(a->body, "type", json_string("notice"));
	return cli_want_args(&cli_cmd_send, &p, 0, 0, "");
}

static int run_send(int argc, char **argv)
{
	struct send_args a = { .body = json_object() };
	struct client *c = NULL;
	json_t *msg = NULL;
	int rc = a.body ? send_parse(argc, argv, &a) : cli_error("out of memory");

	if (rc) {
		rc = cli_status(rc);
		goto out;
	}
	if ((rc = cli_connect(&a.co, &c)) ||
	    (rc = cli_call(c, "POST", "/api/v1/messages", a.body, &msg)))
		goto out;
	printf("message %s %s\n", cli_json_str(msg, "id"),
	       strcmp(cli_json_str(msg, "status"), "pending_approval")
		       ? "queued for delivery"
		       : "waits for a supervisor's approval");
out:
	json_decref(a.body);
	json_decref(msg);
	client_free(c);
	return rc;
}

const struct cli_command cli_cmd_send = {
	.name = "send",
	.summary = "send a message to paired nodes",
	.usage = "rics send --to NODE_ID --subject TEXT --releasable CC [--body TEXT] [--type TYPE]\n"
		 "    [--priority urgent|normal] [--classification LEVEL]",
	.description = "Compose a message to one or more paired nodes. It is sealed for them and\n"
		       "queued; the node delivers it, retrying while a peer is unreachable. A\n"
		       "message is sent only to peers accredited for its classification and of\n"
		       "a country it is releasable to; at the approval level (rics.conf\n"
		       "exchange_approval_level) it waits for a supervisor.",
	.options = send_options,
	.examples = "rics send --to 01a225ab-f2cf-7821-8625-c0c6d16812b8 --type alert \\\n"
		    "    --priority urgent --subject 'Convoy heading south' --releasable KG",
	.run = run_send,
};

/* ---- inbox ---- */

static const struct cli_option inbox_options[] = {
	CLI_JSON_OPTION,
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static void print_inbox(json_t *items)
{
	json_t *rows = json_array(), *m;
	size_t i;

	json_array_append_new(rows, json_pack("[ssssss]", "ID", "FROM NODE", "TYPE", "PRIORITY",
					      "SUBJECT", "RECEIVED"));
	json_array_foreach(items, i, m)
		json_array_append_new(rows, json_pack("[ssssss]", cli_json_str(m, "id"),
						      cli_json_str(m, "origin_node"),
						      cli_json_str(m, "type"),
						      cli_json_str(m, "priority"),
						      cli_json_str(m, "subject"),
						      cli_json_str(m, "created_at")));
	cli_table_print(stdout, rows);
	json_decref(rows);
}

static int run_inbox(int argc, char **argv)
{
	return cli_run_list(&cli_cmd_inbox, argc, argv, "/api/v1/messages?status=received",
			    NULL, print_inbox);
}

const struct cli_command cli_cmd_inbox = {
	.name = "inbox",
	.summary = "messages received from other nodes and not yet read",
	.usage = "rics inbox [--json]",
	.description = "List the messages received from paired nodes that nobody has read yet.\n"
		       "Read one with 'rics get messages ID': its sender gets a read receipt.",
	.options = inbox_options,
	.examples = "rics inbox",
	.run = run_inbox,
};
