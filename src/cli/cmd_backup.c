// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics backup: a consistent copy of a node's store, offline and safe while
 * ricsd runs (SQLite's online backup under one read transaction). It never
 * overwrites a file: a backup that replaced the last good one by mistake
 * would be worse than none.
 */
#include "cli/commands.h"

#include "core/error.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int run_backup(int argc, char **argv)
{
	const struct cli_command *cmd = &cli_cmd_backup;
	struct store *s = NULL;
	struct cli_parser p;
	struct stat st;
	const char *dir, *file;
	int c, rc;

	cli_parser_init(&p, cmd, argc, argv);
	while ((c = cli_parser_next(&p)) > 0)
		;
	if (c < 0)
		return cli_parser_exit(c);
	if ((rc = cli_want_args(cmd, &p, 2, 2, p.nrest ? "the backup FILE" : "DIR and FILE")))
		return rc;
	dir = p.rest[0];
	file = p.rest[1];
	if (lstat(file, &st) == 0)
		return cli_error("backup file '%s' already exists: refusing to overwrite it", file);
	if (cli_store_open(dir, &s))
		return CLI_FAILED;
	umask(077); /* the copy holds password hashes like the original */
	rc = store_backup(s, file);
	store_close(s);
	if (rc == -EEXIST)
		return cli_error("backup file '%s' already exists: refusing to overwrite it", file);
	if (rc)
		return cli_error("cannot back up '%s' to '%s': %s", dir, file, rics_strerror(rc));
	if (stat(file, &st) == 0)
		printf("backed up '%s' to '%s' (%lld bytes)\n", dir, file, (long long)st.st_size);
	return CLI_OK;
}

const struct cli_command cli_cmd_backup = {
	.name = "backup",
	.summary = "copy a node's store consistently, even while ricsd runs (offline)",
	.usage = "rics backup DIR FILE",
	.description = "Write a consistent copy of the store of the data directory DIR to FILE\n"
		       "(mode 0600), using SQLite's online backup under one read transaction,\n"
		       "so ricsd may keep running. FILE must not exist yet.\n"
		       "\n"
		       "To restore: stop ricsd, replace DIR/rics.db with the copy, delete\n"
		       "DIR/rics.db-wal and DIR/rics.db-shm, start ricsd.",
	.examples = "rics backup /srv/rics/korday /srv/backup/korday-$(date +%F).db",
	.run = run_backup,
};
