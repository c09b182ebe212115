/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The schema migrations compiled into the binary; see migrations.c. */
#ifndef RICS_STORE_MIGRATIONS_H
#define RICS_STORE_MIGRATIONS_H

/* The schema version this build writes. */
int store_migration_count(void);
/* SQL taking the schema from version-1 to version; NULL if out of range. */
const char *store_migration_sql(int version);

#endif
