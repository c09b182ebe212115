// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics node: who this node is, with the fingerprint its administrator reads
 * to a peer's administrator over the phone before they pair.
 */
#include "cli/commands.h"

static const struct cli_option node_options[] = {
	CLI_JSON_OPTION,
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static int run_node(int argc, char **argv)
{
	struct online_args a;
	struct client *c = NULL;
	json_t *node = NULL;
	int rc = cli_parse_online(&cli_cmd_node, argc, argv, 0, 0, "", &a);

	if (rc)
		return cli_status(rc);
	if ((rc = cli_connect(&a.co, &c)) || (rc = cli_call(c, "GET", "/api/v1/node", NULL, &node)))
		goto out;
	if (a.json) {
		cli_json_print(stdout, node, true);
		goto out;
	}
	printf("node id:     %s\n", cli_json_str(node, "id"));
	printf("name:        %s\n", cli_json_str(node, "name"));
	printf("country:     %s\n", cli_json_str(node, "country"));
	printf("agency:      %s\n", cli_json_str(node, "agency"));
	printf("url:         %s\n", client_url(c));
	printf("fingerprint: %s\n", cli_json_str(node, "fingerprint"));
out:
	json_decref(node);
	client_free(c);
	return rc;
}

const struct cli_command cli_cmd_node = {
	.name = "node",
	.summary = "this node's identity and the fingerprint to read to a peer",
	.usage = "rics node [--json]",
	.description = "Print the node's id, name, country, agency, the URL the CLI reaches it at\n"
		       "and its fingerprint: 12 groups of 5 digits computed from its public keys.\n"
		       "Read them to a peer's administrator, who passes them to 'rics peer add'.",
	.options = node_options,
	.examples = "rics node",
	.run = run_node,
};
