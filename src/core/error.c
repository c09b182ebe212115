// SPDX-License-Identifier: AGPL-3.0-or-later
/* Text for the error codes of error.h. */
#include "core/error.h"

#include <string.h>

const char *rics_strerror(int rc)
{
	switch (rc) {
	case RICS_OK: return "success";
	case RICS_E_INVALID: return "invalid input";
	case RICS_E_NOT_FOUND: return "not found";
	case RICS_E_CONFLICT: return "conflict";
	case RICS_E_UNAUTHORIZED: return "authentication required";
	case RICS_E_FORBIDDEN: return "forbidden";
	case RICS_E_LOCKED: return "account locked";
	case RICS_E_TOO_LARGE: return "too large";
	case RICS_E_SCHEMA_NEWER: return "data directory was created by a newer RICS";
	case RICS_E_CORRUPT: return "data is corrupt";
	case RICS_E_STORE: return "storage engine error";
	case RICS_E_BUSY: return "busy";
	case RICS_E_CLOSED: return "store is closed";
	case RICS_E_MALFORMED: return "malformed input";
	case RICS_E_METHOD: return "method not allowed";
	case RICS_E_SCHEMA_OLDER: return "data directory was created by an older RICS: start ricsd once to upgrade it";
	default: break;
	}
	if (rc < 0 && rc > -4096)
		return strerror(-rc);
	return "unknown error";
}
