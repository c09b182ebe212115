/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What the command files share beyond cli.h: the commands themselves, each
 * defined in its cmd_<name>.c and listed once in commands.c, and the glue
 * between an online command and the client (online.c), which prints the
 * failure so that each command does not have to.
 */
#ifndef RICS_CLI_COMMANDS_H
#define RICS_CLI_COMMANDS_H

#include "cli/cli.h"
#include "cli/client.h"

extern const struct cli_command cli_cmd_init;
extern const struct cli_command cli_cmd_login;
extern const struct cli_command cli_cmd_logout;
extern const struct cli_command cli_cmd_user;
extern const struct cli_command cli_cmd_user_add;    /* cmd_user_add.c */
extern const struct cli_command cli_cmd_user_passwd; /* cmd_user_passwd.c */
extern const struct cli_command cli_cmd_token;
extern const struct cli_command cli_cmd_get;
extern const struct cli_command cli_cmd_mrz;
extern const struct cli_command cli_cmd_import;
extern const struct cli_command cli_cmd_screen;
extern const struct cli_command cli_cmd_list;
extern const struct cli_command cli_cmd_create;
extern const struct cli_command cli_cmd_update;
extern const struct cli_command cli_cmd_audit;
extern const struct cli_command cli_cmd_backup;
extern const struct cli_command cli_cmd_gen;
extern const struct cli_command cli_cmd_node;    /* cmd_node.c */
extern const struct cli_command cli_cmd_peer;    /* cmd_peer.c */
extern const struct cli_command cli_cmd_peer_rotate_key; /* cmd_peer_rotate.c */
extern const struct cli_command cli_cmd_send;    /* cmd_send.c */
extern const struct cli_command cli_cmd_inbox;   /* cmd_send.c */
extern const struct cli_command cli_cmd_outbox;  /* cmd_outbox.c */
extern const struct cli_command cli_cmd_share;   /* cmd_share.c */
extern const struct cli_command cli_cmd_hitquery; /* cmd_share.c */
extern const struct cli_command cli_cmd_help;

/* The arguments of an online command with no options of its own beyond
 * CLI_CLIENT_OPTIONS, --password-stdin and --json. */
struct online_args {
	struct client_options co;
	bool password_stdin;
	bool json;
	char **rest; /* positional arguments */
	int nrest;
};

/* clang-format off */
#define CLI_JSON_OPTION { CLI_KEY_JSON, "json", NULL, "print JSON instead of a table" }
/* clang-format on */

/* Parse such a command with min..max positional arguments (what names
 * them for a message). 0; CLI_HELP_SHOWN after --help; CLI_USAGE after a
 * usage error. */
int cli_parse_online(const struct cli_command *cmd, int argc, char **argv, int min, int max,
		     const char *what, struct online_args *out);

/* GET path, a list answering {"items", "next_cursor"}, and every page after
 * it: every item in one array. 0 or CLI_FAILED (printed). */
int cli_get_all(struct client *c, const char *path, json_t **items);
/* A list command with --json and filters: every item of the list at path
 * (as cli_get_all) as a table with print_table, or one JSON line each. The
 * option numbered CLI_KEY_FIRST_FREE + i adds the query parameter params[i]
 * (NULL-terminated; params may be NULL) with the option's value. */
int cli_run_list(const struct cli_command *cmd, int argc, char **argv, const char *path,
		 const char *const *params, void (*print_table)(json_t *items));

/* Print items as a table with print_table, or one JSON line each. */
void cli_print_items(json_t *items, bool json, void (*print_table)(json_t *items));
/* A page with a next_after cursor: the command for the next page, on stderr. */
void cli_print_more(json_t *page, const char *command);

/* client_open, printing why not. 0 or CLI_FAILED. */
int cli_connect(const struct client_options *opt, struct client **out);

/* client_call, printing a failure as "rics: <detail>". 0 or CLI_FAILED. */
int cli_call(struct client *c, const char *method, const char *path, json_t *body, json_t **out);

/* Append "/" and segment, percent-encoded, to path. "." and ".." are not
 * names of anything and are refused (printed; CLI_FAILED). */
int cli_path_add(struct strbuf *path, const char *segment);

#endif
