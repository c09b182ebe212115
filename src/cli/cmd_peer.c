// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics peer: pair this node with another for the exchange, list and remove
 * peers, through the API (administrators only). Pairing is explicit on both
 * sides: each administrator adds the other's node after reading the
 * fingerprints to each other over the phone.
 */
#include "cli/commands.h"

#include "model/model.h"

#include <string.h>

extern const struct cli_command cli_cmd_peer_add, cli_cmd_peer_list, cli_cmd_peer_remove;

enum { KEY_FP = CLI_KEY_FIRST_FREE, KEY_COUNTRY, KEY_AGENCY, KEY_ACCREDITATION, KEY_PIN };

static const struct cli_option add_options[] = {
	{ KEY_FP, "fingerprint", "DIGITS",
	  "the peer's fingerprint as its administrator read it to you (required)" },
	{ KEY_ACCREDITATION, "accreditation", "LEVEL",
	  "the highest classification the peer may receive: UNCLASSIFIED, RESTRICTED,\n"
	  "CONFIDENTIAL or SECRET (required)" },
	{ KEY_COUNTRY, "country", "CC", "refuse unless the peer is of this country" },
	{ KEY_AGENCY, "agency", "AGENCY", "refuse unless the peer is of this agency" },
	{ KEY_PIN, "tls-pin", "sha256//B64",
	  "the pin of the peer's TLS certificate, if known: it must equal the pin\n"
	  "the peer's identity carries signed (which is kept either way)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct add_args {
	struct client_options co;
	const char *url, *fp, *country, *agency, *accreditation, *pin;
};

static int add_check(const struct add_args *a)
{
	const struct cli_command *cmd = &cli_cmd_peer_add;
	if (!a->fp || !a->accreditation)
		return cli_usage_error(cmd, "missing --%s", a->fp ? "accreditation" : "fingerprint");
	if (classification_parse(a->accreditation) < 0)
		return cli_usage_error(cmd, "accreditation '%s' is not one of UNCLASSIFIED, "
					    "RESTRICTED, CONFIDENTIAL or SECRET", a->accreditation);
	if (a->country && !cli_valid_country(a->country))
		return cli_usage_error(cmd, "country '%s' is not 2 capital letters", a->country);
	if (a->agency && !cli_valid_agency(a->agency))
		return cli_usage_error(cmd, "agency '%s' is not one of %s", a->agency, cli_agencies);
	return 0;
}

static int add_parse(int argc, char **argv, struct add_args *a)
{
	struct cli_parser p;
	int c = 0, rc;

	cli_parser_init(&p, &cli_cmd_peer_add, argc, argv);
	while ((c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case KEY_FP: a->fp = p.arg; break;
		case KEY_COUNTRY: a->country = p.arg; break;
		case KEY_AGENCY: a->agency = p.arg; break;
		case KEY_ACCREDITATION: a->accreditation = p.arg; break;
		case KEY_PIN: a->pin = p.arg; break;
		case CLI_KEY_URL: a->co.url = p.arg; break;
		case CLI_KEY_TOKEN: a->co.token = p.arg; break;
		}
	}
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_peer_add, &p, 1, 1, "the peer's URL")) != 0)
		return rc;
	a->url = p.rest[0];
	return add_check(a);
}

static int run_peer_add(int argc, char **argv)
{
	struct add_args a = { 0 };
	struct client *c = NULL;
	json_t *body = NULL, *peer = NULL;
	int rc = add_parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	body = json_pack("{ss ss ss ss* ss* ss*}", "url", a.url, "fingerprint", a.fp,
			 "accreditation", a.accreditation, "country", a.country, "agency", a.agency,
			 "tls_pin", a.pin);
	if (!body) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_connect(&a.co, &c)) || (rc = cli_call(c, "POST", "/api/v1/peers", body, &peer)))
		goto out;
	printf("paired with '%s' (%s, %s), node id %s, accredited up to %s\n",
	       cli_json_str(peer, "name"), cli_json_str(peer, "country"),
	       cli_json_str(peer, "agency"), cli_json_str(peer, "node_id"),
	       cli_json_str(peer, "accreditation"));
	printf("messages flow once its administrator has added this node too\n");
out:
	json_decref(body);
	json_decref(peer);
	client_free(c);
	return rc;
}

const struct cli_command cli_cmd_peer_add = {
	.name = "peer add",
	.summary = "pair with another node after checking its fingerprint",
	.usage = "rics peer add URL --fingerprint DIGITS --accreditation LEVEL [--country CC]\n"
		 "    [--agency AGENCY] [--tls-pin sha256//B64]",
	.description = "Fetch the identity of the node at URL and keep it as a peer only if its\n"
		       "fingerprint is DIGITS (spaces and dashes do not matter). Get DIGITS from\n"
		       "the peer's administrator by phone ('rics node' prints them), never from\n"
		       "the same channel as the URL. The peer's administrator adds this node in\n"
		       "turn; messages flow once both sides have paired.\n"
		       "\n"
		       "Over https:// the peer's identity carries its TLS certificate's pin\n"
		       "signed by its key ('rics init --tls'): it is checked with the keys the\n"
		       "fingerprint vouches for and kept, and every later request is pinned to it.\n"
		       "An https peer whose identity carries no signed pin is refused.",
	.options = add_options,
	.examples = "rics peer add https://blo-akzhol.kg:8443 --accreditation CONFIDENTIAL \\\n"
		    "    --fingerprint '05718 22431 ...' --country KG --agency border",
	.run = run_peer_add,
};

/* ---- list ---- */

static const struct cli_option list_options[] = {
	CLI_JSON_OPTION,
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

/* The table is far wider than 80 columns already (a node id, a URL and a
 * fingerprint): HEARD is one more column, not squeezed into LINK. */
static void print_peers(json_t *items)
{
	json_t *rows = json_array(), *p;
	size_t i;

	json_array_append_new(rows, json_pack("[ssssssssss]", "NODE ID", "NAME", "COUNTRY",
					      "AGENCY", "ACCREDITATION", "URL", "FINGERPRINT",
					      "LINK", "HEARD", "SINCE"));
	json_array_foreach(items, i, p) {
		json_t *link = json_object_get(p, "link");
		json_array_append_new(rows, json_pack("[ssssssssss]", cli_json_str(p, "node_id"),
						      cli_json_str(p, "name"),
						      cli_json_str(p, "country"),
						      cli_json_str(p, "agency"),
						      cli_json_str(p, "accreditation"),
						      cli_json_str(p, "url"),
						      cli_json_str(p, "fingerprint"),
						      cli_json_str(link, "state"),
						      cli_json_str(link, "last_heard_at"),
						      cli_json_str(p, "created_at")));
	}
	cli_table_print(stdout, rows);
	json_decref(rows);
}

static int run_peer_list(int argc, char **argv)
{
	return cli_run_list(&cli_cmd_peer_list, argc, argv, "/api/v1/peers", NULL, print_peers);
}

const struct cli_command cli_cmd_peer_list = {
	.name = "peer list",
	.summary = "list the nodes this one exchanges messages with",
	.usage = "rics peer list [--json]",
	.description = "List the peers: node id, name, country, agency, accreditation, URL,\n"
		       "fingerprint, the state of the link to it (up, degraded: a message\n"
		       "waits after a failed attempt, down: one has waited over an hour),\n"
		       "when its node last reached this one (HEARD: its last signed batch\n"
		       "accepted; '-': never) and when they were paired. The link state is\n"
		       "about this node's messages reaching the peer: a peer heard from\n"
		       "lately whose link is down fails one way. With --json, one object a\n"
		       "line, with the outbox and the facts the link state comes from.",
	.options = list_options,
	.examples = "rics peer list",
	.run = run_peer_list,
};

/* ---- remove ---- */

static const struct cli_option remove_options[] = {
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static int run_peer_remove(int argc, char **argv)
{
	struct online_args a;
	struct client *c = NULL;
	struct strbuf path;
	int rc = cli_parse_online(&cli_cmd_peer_remove, argc, argv, 1, 1, "the peer's NODE_ID", &a);

	if (rc)
		return cli_status(rc);
	strbuf_init(&path, 0);
	if (strbuf_adds(&path, "/api/v1/peers")) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_connect(&a.co, &c)) || (rc = cli_path_add(&path, a.rest[0])) ||
	    (rc = cli_call(c, "DELETE", path.buf, NULL, NULL)))
		goto out;
	printf("removed peer %s\n", a.rest[0]);
out:
	client_free(c);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_peer_remove = {
	.name = "peer remove",
	.summary = "stop exchanging with a node",
	.usage = "rics peer remove NODE_ID",
	.description = "Remove the peer: nothing more is sent to it and what it sends is refused.\n"
		       "To re-pair after it changed its keys, remove it and add it again.",
	.options = remove_options,
	.examples = "rics peer remove 0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69",
	.run = run_peer_remove,
};

/* ---- the group ---- */

static const struct cli_command *const peer_commands[] = {
	&cli_cmd_peer_add,
	&cli_cmd_peer_list,
	&cli_cmd_peer_remove,
	&cli_cmd_peer_rotate_key,
	NULL,
};

static int run_peer(int argc, char **argv)
{
	return cli_run_group(&cli_cmd_peer, argc, argv);
}

const struct cli_command cli_cmd_peer = {
	.name = "peer",
	.summary = "pair with other nodes for the exchange, list and remove them, rotate keys",
	.usage = "rics peer add URL --fingerprint DIGITS --accreditation LEVEL [...]\n"
		 "rics peer list\n"
		 "rics peer remove NODE_ID\n"
		 "rics peer rotate-key DIR",
	.description = "Manage the exchange's peers through the node's API (administrators only);\n"
		       "rotate-key works offline on the data directory.",
	.subcommands = peer_commands,
	.run = run_peer,
};
