// SPDX-License-Identifier: AGPL-3.0-or-later
/* /api/v1/audit: auditors read and verify the hash-chained audit log. */
#include "http/http_int.h"

#include "core/error.h"

static int auditors_only(struct request *req)
{
	int rc = policy_check_admin(&req->who, ADMIN_AUDIT);
	if (rc)
		strbuf_adds(&req->detail, "only auditors and administrators read the audit log");
	return rc;
}

int api_audit_list(struct request *req)
{
	int64_t after, limit;
	json_t *items;
	int rc = auditors_only(req);
	if (rc || (rc = req_query_uint(req, "after", 0, INT64_MAX, &after)) != 0 ||
	    (rc = req_query_uint(req, "limit", 100, req->srv->cfg.page_max, &limit)) != 0)
		return rc;
	if (limit == 0)
		limit = 1;
	rc = store_audit_list(req->srv->store, after, (unsigned)limit, &items);
	if (rc)
		return rc;
	size_t n = json_array_size(items);
	json_t *next = n == (size_t)limit
		? json_integer(json_integer_value(json_object_get(json_array_get(items, n - 1), "seq")))
		: json_null();
	return req_reply_json(req, 200, json_pack("{so so}", "items", items, "next_after", next));
}

int api_audit_verify(struct request *req)
{
	struct audit_verdict v;
	int rc = auditors_only(req);
	if (rc || (rc = store_audit_verify(req->srv->store, &v)) != 0)
		return rc;
	return req_reply_json(req, 200,
		json_pack("{sb sI sI ss}", "ok", v.first_bad == 0, "checked", (json_int_t)v.checked,
			  "first_bad", (json_int_t)v.first_bad, "reason", v.reason));
}
