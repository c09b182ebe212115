// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Records that came from another node through the exchange are found again
 * by the key they were imported under, so an update or a withdrawal from
 * the same node reaches the same record.
 */
#include "store/store_int.h"

#include "core/error.h"

#include <string.h>

int store_record_by_import_key(struct store *s, const struct record_type *t,
			       const char *import_key, const struct store_view *view,
			       json_t **out)
{
	struct conn *c = store_reader_get(s);
	char id[RICS_UUID_LEN];
	int rc = id_by_import_key(c, t, import_key, id);

	if (!rc)
		rc = select_by_id(c, t, id, view->max_classification, out);
	store_reader_put(s, c);
	return rc;
}
