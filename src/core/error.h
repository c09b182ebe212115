/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Error codes. Every fallible RICS function returns int: 0 on success, a
 * negative errno (-ENOMEM, -EIO, ...) or one of the negative project codes
 * below. Output parameters are written only on success.
 */
#ifndef RICS_CORE_ERROR_H
#define RICS_CORE_ERROR_H

enum rics_error {
	RICS_OK = 0,
	RICS_E_INVALID = -1000,    /* input failed validation */
	RICS_E_NOT_FOUND = -1001,  /* no such record, or not visible to the caller */
	RICS_E_CONFLICT = -1002,   /* duplicate or stale version */
	RICS_E_UNAUTHORIZED = -1003,
	RICS_E_FORBIDDEN = -1004,
	RICS_E_LOCKED = -1005,     /* account locked after failed logins */
	RICS_E_TOO_LARGE = -1006,
	RICS_E_SCHEMA_NEWER = -1007, /* data directory made by a newer RICS */
	RICS_E_CORRUPT = -1008,
	RICS_E_STORE = -1009,      /* the storage engine failed */
	RICS_E_BUSY = -1010,
	RICS_E_CLOSED = -1011,     /* the store is shutting down */
	RICS_E_MALFORMED = -1012,  /* input could not be parsed at all */
	RICS_E_METHOD = -1013,     /* the resource does not answer this method */
	RICS_E_SCHEMA_OLDER = -1014, /* data directory needs an upgrade first */
};

/* A short lower-case description of rc, for messages; never NULL. */
const char *rics_strerror(int rc);

#endif
