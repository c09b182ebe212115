// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics share and rics hitquery: the exchange's two structured messages,
 * through the API. A watchlist entry is shared with (updated at, withdrawn
 * from) paired nodes, where it screens at once; a hit/no-hit question asks
 * one paired node whether it holds anything on a document, a plate or a
 * person, and its yes or no arrives later as a hit_answer message. The
 * node checks accreditation and releasability; these commands only shape
 * the request and say what became of it.
 */
#include "cli/commands.h"

#include <string.h>

enum { KEY_PEER = CLI_KEY_FIRST_FREE, KEY_KIND, KEY_DOCUMENT, KEY_COUNTRY, KEY_PLATE,
       KEY_SURNAME, KEY_GIVEN, KEY_BIRTH };

/* The options both commands share, and what they gather: the request body. */
struct exchange_args {
	struct client_options co;
	json_t *body;
};

static void gather(struct exchange_args *a, int c, const char *arg)
{
	static const char *const keys[] = { "kind", "document_number", "country", "plate",
					    "surname", "given_names", "birth_date" };
	switch (c) {
	case KEY_PEER: {
		json_t *peers = json_object_get(a->body, "peers");
		if (!peers)
			json_object_set_new(a->body, "peers", peers = json_array());
		json_array_append_new(peers, json_string(arg));
		break;
	}
	case CLI_KEY_URL: a->co.url = arg; break;
	case CLI_KEY_TOKEN: a->co.token = arg; break;
	default: json_object_set_new(a->body, keys[c - KEY_KIND], json_string(arg));
	}
}

/* Parse into a->body; the rest (positional arguments) in *p. */
static int parse(const struct cli_command *cmd, int argc, char **argv, struct exchange_args *a,
		 struct cli_parser *p)
{
	int c;
	cli_parser_init(p, cmd, argc, argv);
	while ((c = cli_parser_next(p)) > 0)
		gather(a, c, p->arg);
	return c < 0 ? cli_parser_stop(c) : 0;
}

/* POST body to path and print what became of the message. */
static int post(struct exchange_args *a, const char *path, json_t **out)
{
	struct client *c = NULL;
	int rc = cli_connect(&a->co, &c);
	if (!rc)
		rc = cli_call(c, "POST", path, a->body, out);
	client_free(c);
	return rc;
}

static const char *fate(json_t *msg)
{
	return strcmp(cli_json_str(msg, "status"), "pending_approval")
		       ? "queued for delivery"
		       : "waits for a supervisor's approval";
}

/* ---- share ---- */

static const struct cli_option share_options[] = {
	{ KEY_PEER, "peer", "NODE_ID", "a paired node (repeat for more; 'rics peer list'; required)" },
	{ KEY_KIND, "kind", "KIND", "share (default), update (send the entry as it is now) or\n"
				    "withdraw (it stops matching there at once)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

static int share_check(struct exchange_args *a, struct cli_parser *p)
{
	const char *kind = json_string_value(json_object_get(a->body, "kind")) ?: "";
	int rc = cli_want_args(&cli_cmd_share, p, 1, 1, "the WATCHLIST_ID");

	if (rc)
		return rc;
	if (!json_object_get(a->body, "peers"))
		return cli_usage_error(&cli_cmd_share, "missing --peer");
	if (*kind && strcmp(kind, "share") && strcmp(kind, "update") && strcmp(kind, "withdraw"))
		return cli_usage_error(&cli_cmd_share, "kind '%s' is not share, update or withdraw",
				       kind);
	return 0;
}

static int run_share(int argc, char **argv)
{
	struct exchange_args a = { .body = json_object() };
	struct cli_parser p;
	struct strbuf path;
	json_t *msg = NULL;
	int rc = a.body ? parse(&cli_cmd_share, argc, argv, &a, &p) : cli_error("out of memory");

	strbuf_init(&path, 0);
	if (rc || (rc = share_check(&a, &p))) {
		rc = cli_status(rc);
		goto out;
	}
	if (strbuf_adds(&path, "/api/v1/watchlist")) {
		rc = cli_error("out of memory");
		goto out;
	}
	if ((rc = cli_path_add(&path, p.rest[0])) || (rc = cli_path_add(&path, "share")) ||
	    (rc = post(&a, path.buf, &msg)))
		goto out;
	printf("watchlist entry %s: %s message %s %s\n", p.rest[0], cli_json_str(msg, "type"),
	       cli_json_str(msg, "id"), fate(msg));
out:
	json_decref(a.body);
	json_decref(msg);
	strbuf_release(&path);
	return rc;
}

const struct cli_command cli_cmd_share = {
	.name = "share",
	.summary = "share a watchlist entry with paired nodes, update or withdraw it",
	.usage = "rics share WATCHLIST_ID --peer NODE_ID [--peer NODE_ID ...]\n"
		 "    [--kind share|update|withdraw]",
	.description = "Send the watchlist entry to paired nodes, where it screens as soon as it\n"
		       "arrives. The message takes the entry's classification, handling and\n"
		       "releasability: a peer accredited below it, or of a country it is not\n"
		       "releasable to, is refused before anything is sent. An entry received\n"
		       "with handling H2 cannot be shared on. Update sends the entry as it is\n"
		       "now; withdraw makes it stop matching there at once.",
	.options = share_options,
	.examples = "rics share 0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69 \\\n"
		    "    --peer 01a225ab-f2cf-7821-8625-c0c6d16812b8\n"
		    "rics share 0192f4c8-3b1e-7a2d-9c4f-1e2d3c4b5a69 --kind withdraw \\\n"
		    "    --peer 01a225ab-f2cf-7821-8625-c0c6d16812b8",
	.run = run_share,
};

/* ---- hitquery ---- */

static const struct cli_option hitquery_options[] = {
	{ KEY_PEER, "peer", "NODE_ID", "the paired node to ask (required)" },
	{ KEY_DOCUMENT, "document", "NUM", "a document number (with --country)" },
	{ KEY_COUNTRY, "country", "CC", "the document's issuing country, or the vehicle's" },
	{ KEY_PLATE, "plate", "PLATE", "a vehicle's registration plate" },
	{ KEY_SURNAME, "surname", "S", "a person's surname (with --given-names, --birth-date)" },
	{ KEY_GIVEN, "given-names", "G", "the person's given names" },
	{ KEY_BIRTH, "birth-date", "YYYY-MM-DD", "the person's date of birth" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

/* Which subject the options name; exactly one, with what it needs. */
static int hitquery_subject(json_t *b, const char **subject)
{
	const struct cli_command *cmd = &cli_cmd_hitquery;
	bool doc = json_object_get(b, "document_number"), plate = json_object_get(b, "plate");
	bool person = json_object_get(b, "surname") || json_object_get(b, "given_names") ||
		      json_object_get(b, "birth_date");

	if (doc + plate + person != 1)
		return cli_usage_error(cmd, "name one subject: --document, --plate or --surname");
	if (doc && !json_object_get(b, "country"))
		return cli_usage_error(cmd, "--document needs --country");
	if (person && (!json_object_get(b, "surname") || !json_object_get(b, "given_names") ||
		       !json_object_get(b, "birth_date")))
		return cli_usage_error(cmd, "a person needs --surname, --given-names and --birth-date");
	if (person && json_object_get(b, "country"))
		return cli_usage_error(cmd, "--country goes with --document or --plate");
	/* a document's country is the issuing one */
	if (doc) {
		json_object_set(b, "issuing_country", json_object_get(b, "country"));
		json_object_del(b, "country");
	}
	*subject = doc ? "document" : plate ? "vehicle" : "person";
	return 0;
}

/* KZ or KAZ: documents carry the ICAO code, vehicles often the other. */
static bool country_code(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	return !s[n] && (n == 2 || n == 3);
}

static int hitquery_check(struct exchange_args *a, struct cli_parser *p)
{
	json_t *peers = json_object_get(a->body, "peers");
	const char *subject = NULL, *cc = json_string_value(json_object_get(a->body, "country"));
	int rc = cli_want_args(&cli_cmd_hitquery, p, 0, 0, "");

	if (rc)
		return rc;
	if (json_array_size(peers) != 1)
		return cli_usage_error(&cli_cmd_hitquery, "name one node with --peer");
	if (cc && !country_code(cc))
		return cli_usage_error(&cli_cmd_hitquery,
				       "country '%s' is not 2 or 3 capital letters", cc);
	if ((rc = hitquery_subject(a->body, &subject)))
		return rc;
	json_object_set(a->body, "peer", json_array_get(peers, 0));
	json_object_del(a->body, "peers");
	json_object_set_new(a->body, "subject", json_string(subject));
	return 0;
}

static int run_hitquery(int argc, char **argv)
{
	struct exchange_args a = { .body = json_object() };
	struct cli_parser p;
	json_t *answer = NULL;
	int rc = a.body ? parse(&cli_cmd_hitquery, argc, argv, &a, &p) : cli_error("out of memory");

	if (rc || (rc = hitquery_check(&a, &p))) {
		rc = cli_status(rc);
		goto out;
	}
	if ((rc = post(&a, "/api/v1/hitquery", &answer)))
		goto out;
	printf("query %s: message %s %s\n", cli_json_str(answer, "query_id"),
	       cli_json_str(json_object_get(answer, "message"), "id"),
	       fate(json_object_get(answer, "message")));
	printf("the answer arrives as a hit_answer message with subject\n"
	       "'hit/no-hit answer %s: yes' (or no): rics list messages --type hit_answer\n",
	       cli_json_str(answer, "query_id"));
out:
	json_decref(a.body);
	json_decref(answer);
	return rc;
}

const struct cli_command cli_cmd_hitquery = {
	.name = "hitquery",
	.summary = "ask a paired node whether it holds anything on a document, plate or person",
	.usage = "rics hitquery --peer NODE_ID (--document NUM --country CC | --plate PLATE\n"
		 "    [--country CC] | --surname S --given-names G --birth-date YYYY-MM-DD)",
	.description = "Send a hit/no-hit question to one paired node. It answers at once, with\n"
		       "nobody in the loop, by a hit_answer message saying yes or no and whom to\n"
		       "contact there, and nothing else: no record ids, names or counts. It says\n"
		       "yes when one of its watchlist entries screens positive for the subject,\n"
		       "or, for a document or a plate, when it stores a record with exactly that\n"
		       "number or plate.",
	.options = hitquery_options,
	.examples = "rics hitquery --peer 01a225ab-f2cf-7821-8625-c0c6d16812b8 \\\n"
		    "    --document N1234567 --country KG\n"
		    "rics hitquery --peer 01a225ab-f2cf-7821-8625-c0c6d16812b8 \\\n"
		    "    --surname Tokhtarov --given-names Askar --birth-date 1980-02-14",
	.run = run_hitquery,
};
