// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics peer rotate-key: give the node new exchange keys, offline. The old
 * keys are kept in a retired folder, not deleted, so that what they signed
 * can still be checked later. Peers learn the new fingerprint the way they
 * learnt the first one, over the phone, and pair again: that is the step a
 * thief of the old key cannot fake.
 */
#include "cli/commands.h"

#include "core/clock.h"
#include "core/error.h"
#include "exchange/exchange.h"

#include <limits.h>

static int run_peer_rotate_key(int argc, char **argv)
{
	const struct cli_command *cmd = &cli_cmd_peer_rotate_key;
	char retired[PATH_MAX + 32], fp[EXCHANGE_FINGERPRINT_LEN];
	struct exchange_keys k;
	struct cli_parser p;
	const char *dir;
	int c, rc;

	cli_parser_init(&p, cmd, argc, argv);
	while ((c = cli_parser_next(&p)) > 0)
		;
	if (c < 0)
		return cli_parser_exit(c);
	if ((rc = cli_want_args(cmd, &p, 1, 1, "the data directory DIR")))
		return rc;
	dir = p.rest[0];
	rc = exchange_keys_rotate(dir, rics_clock_now(&rics_clock_system), retired,
				  sizeof retired, &k);
	if (rc == RICS_E_NOT_FOUND)
		return cli_error("'%s/keys' holds no keys to rotate: is '%s' a node's data directory?",
				 dir, dir);
	if (rc)
		return cli_error("cannot rotate the keys of '%s': %s", dir, rics_strerror(rc));
	exchange_fingerprint(k.sign_pk, k.box_pk, fp);
	exchange_keys_wipe(&k);
	printf("old keys retired to '%s'\n", retired);
	printf("new fingerprint: %s\n", fp);
	printf("next: restart ricsd; read the new fingerprint to each peer's administrator,\n"
	       "who runs 'rics peer remove NODE_ID' and 'rics peer add URL --fingerprint ...'\n"
	       "again; until then that peer refuses what this node sends.\n");
	return CLI_OK;
}

const struct cli_command cli_cmd_peer_rotate_key = {
	.name = "peer rotate-key",
	.summary = "give this node new exchange keys (offline; peers pair again)",
	.usage = "rics peer rotate-key DIR",
	.description = "Make new signing and encryption keys for the node whose data directory is\n"
		       "DIR. The old keys move to DIR/keys.retired-TIME (kept, owner only).\n"
		       "Restart ricsd afterwards: it reads its keys when it starts. Peers refuse\n"
		       "the node until their administrators pair again with the new fingerprint,\n"
		       "compared over the phone as the first time (docs/exchange.md). Messages\n"
		       "still queued on a peer for this node were sealed to the old key and are\n"
		       "refused: ask the peer to send them again.",
	.examples = "rics peer rotate-key /srv/rics/korday",
	.run = run_peer_rotate_key,
};
