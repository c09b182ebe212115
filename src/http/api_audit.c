// SPDX-License-Identifier: AGPL-3.0-or-later
/* /api/v1/audit: auditors read and verify the hash-chained audit log. */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int auditors_only(struct request *req)
{
	int rc = policy_check_admin(&req->who, ADMIN_AUDIT);
	if (rc)
		strbuf_adds(&req->detail, "only auditors and administrators read the audit log");
	return rc;
}

/* Parse an optional RFC 3339 query parameter into the form the log stores,
 * so that times compare as strings. */
static int query_time(struct request *req, const char *name, char out[RICS_TIME_LEN])
{
	const char *s = req_query(req, name);
	int64_t ms;
	out[0] = '\0';
	if (!s)
		return 0;
	if (rics_time_parse(s, &ms)) {
		strbuf_addf(&req->detail, "'%s' must be an RFC 3339 time, not '%s'", name, s);
		return RICS_E_MALFORMED;
	}
	rics_time_format(ms, out);
	return 0;
}

int api_audit_list(struct request *req)
{
	int64_t limit;
	char since[RICS_TIME_LEN], until[RICS_TIME_LEN];
	struct audit_filter f = { .actor = req_query(req, "actor"), .action = req_query(req, "action"),
				  .since = since, .until = until };
	json_t *items;
	const char *order = req_query(req, "order");
	int rc = auditors_only(req);
	if (rc)
		return rc;
	if (order && strcmp(order, "oldest") && strcmp(order, "newest")) {
		strbuf_addf(&req->detail, "'order' must be oldest or newest, not '%s'", order);
		return RICS_E_MALFORMED;
	}
	f.newest = order && !strcmp(order, "newest");
	if ((rc = req_query_int(req, "after", 0, 0, INT64_MAX, &f.after)) != 0 ||
	    (rc = req_query_int(req, "before", 0, 0, INT64_MAX, &f.before)) != 0 ||
	    (rc = req_query_int(req, "limit", 100, 0, req->srv->cfg.page_max, &limit)) != 0 ||
	    (rc = query_time(req, "since", since)) != 0 || (rc = query_time(req, "until", until)) != 0)
		return rc;
	f.limit = limit ? (unsigned)limit : 1;
	rc = store_audit_list(req->srv->store, &f, &items);
	if (rc)
		return rc;
	size_t n = json_array_size(items);
	json_t *next = n == (size_t)f.limit
		? json_integer(json_integer_value(json_object_get(json_array_get(items, n - 1), "seq")))
		: json_null();
	return req_reply_json(req, 200, json_pack("{so so}", "items", items,
						  f.newest ? "next_before" : "next_after", next));
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
