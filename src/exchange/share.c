// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * What a shared watchlist entry and a hit/no-hit question carry, checked
 * the same way on both sides: the sender builds them, the receiver accepts
 * nothing else. A shared entry travels without the fields its origin node
 * set for itself; the receiver keeps it under "origin node:origin id" so a
 * later update or withdrawal reaches the same record. A question names only
 * the identifiers of one subject.
 */
#include "exchange/exchange.h"

#include "core/error.h"
#include "model/model.h"

#include <errno.h>
#include <string.h>

static void copy_fields(json_t *dst, json_t *src, const struct field_desc *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(src, f[i].name);
		if (v && !json_is_null(v) && !(f[i].flags & FF_SERVER))
			json_object_set(dst, f[i].name, v);
	}
}

json_t *exchange_share_fields(const struct record_type *t, json_t *rec)
{
	json_t *out = json_object();
	if (!out)
		return NULL;
	copy_fields(out, rec, model_common_fields, model_common_nfields);
	copy_fields(out, rec, t->fields, t->nfields);
	return out;
}

int exchange_share_key(const char *origin_node, const char *origin_id,
		       char out[2 * RICS_UUID_LEN])
{
	if (!origin_node || !origin_id || !rics_uuid_valid(origin_node) ||
	    !rics_uuid_valid(origin_id))
		return RICS_E_INVALID;
	snprintf(out, 2 * RICS_UUID_LEN, "%s:%s", origin_node, origin_id);
	return 0;
}

struct query_shape {
	const char *subject;
	const char *fields[6]; /* the first is required */
};

static const struct query_shape shapes[] = {
	{ "person", { "surname", "given_names", "birth_date", "nationality", "sex", NULL } },
	{ "document", { "document_number", "issuing_country", NULL } },
	{ "vehicle", { "plate", "country", NULL } },
};

static int shape_copy(const struct query_shape *q, json_t *query, struct strbuf *detail,
		      json_t *out)
{
	for (size_t i = 0; q->fields[i]; i++) {
		json_t *v = json_object_get(query, q->fields[i]);
		if (!v && i > 0)
			continue;
		if (!json_is_string(v) || !*json_string_value(v) ||
		    strlen(json_string_value(v)) > 200) {
			strbuf_addf(detail, "a %s query needs '%s' as a non-empty string (at most "
					    "200 bytes)", q->subject, q->fields[i]);
			return RICS_E_INVALID;
		}
		json_object_set(out, q->fields[i], v);
	}
	return 0;
}

int exchange_hit_query_check(json_t *query, struct strbuf *detail, json_t **out)
{
	const char *subject = json_string_value(json_object_get(query, "subject"));
	json_t *q;
	int rc;

	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		if (!subject || strcmp(subject, shapes[i].subject))
			continue;
		if (!(q = json_pack("{ss}", "subject", subject)))
			return -ENOMEM;
		if ((rc = shape_copy(&shapes[i], query, detail, q))) {
			json_decref(q);
			return rc;
		}
		*out = q;
		return 0;
	}
	strbuf_adds(detail, "'subject' must be person, document or vehicle");
	return RICS_E_INVALID;
}
