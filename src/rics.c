// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics: the RICS command line. It sets up a node's data directory and
 * talks to a running node over its HTTP API; the commands live in
 * src/cli/, one file each, behind the table in src/cli/commands.c.
 */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/ids.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	if (rics_ids_init() != 0) {
		fputs("rics: libsodium failed to initialise\n", stderr);
		return CLI_FAILED;
	}
	rics_alloc_install();
	return cli_main(argc, argv);
}
