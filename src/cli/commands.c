// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The command table of `rics`: every top-level command, in the order
 * `rics help` lists them. A new command is a cmd_<name>.c file defining one
 * struct cli_command, its declaration in commands.h and a line here.
 */
#include "cli/commands.h"

const struct cli_command *const cli_commands[] = {
	&cli_cmd_init,  &cli_cmd_login,  &cli_cmd_logout,
	&cli_cmd_user,  &cli_cmd_token,  &cli_cmd_get,
	&cli_cmd_list,  &cli_cmd_create, &cli_cmd_update, &cli_cmd_import, &cli_cmd_gen, &cli_cmd_screen,
	&cli_cmd_mrz,   &cli_cmd_audit, &cli_cmd_backup, &cli_cmd_node, &cli_cmd_peer,
	&cli_cmd_send,  &cli_cmd_inbox, &cli_cmd_outbox, &cli_cmd_share, &cli_cmd_hitquery,
	&cli_cmd_help,
	NULL,
};
