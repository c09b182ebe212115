// SPDX-License-Identifier: AGPL-3.0-or-later
/* Reading requests and queueing replies for the handlers; see http_int.h. */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void req_add_header(struct request *req, const char *name, const char *value)
{
	int n = req->nheaders;
	if (n == (int)(sizeof req->headers / sizeof req->headers[0]))
		return;
	snprintf(req->headers[n].name, sizeof req->headers[n].name, "%s", name);
	snprintf(req->headers[n].value, sizeof req->headers[n].value, "%s", value);
	req->nheaders++;
}

static int queue(struct request *req, unsigned status, struct MHD_Response *resp,
		 const char *content_type)
{
	enum MHD_Result ok;
	if (!resp)
		return -ENOMEM;
	if (content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	for (int i = 0; i < req->nheaders; i++) {
		/* a handler's own caching replaces the default */
		if (strcasecmp(req->headers[i].name, MHD_HTTP_HEADER_CACHE_CONTROL) == 0)
			MHD_del_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
		MHD_add_response_header(resp, req->headers[i].name, req->headers[i].value);
	}
	ok = MHD_queue_response(req->conn, status, resp);
	MHD_destroy_response(resp);
	if (ok != MHD_YES)
		return RICS_E_STORE;
	req->status = status;
	req->replied = true;
	return 0;
}

int req_reply_text(struct request *req, unsigned status, const char *content_type,
		   char *text, size_t len)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer_with_free_callback(len, text, rics_free);
	if (!resp)
		rics_free(text);
	return queue(req, status, resp, content_type);
}

int req_reply_fd(struct request *req, unsigned status, const char *content_type, int fd,
		 uint64_t size)
{
	struct MHD_Response *resp = MHD_create_response_from_fd64(size, fd);
	if (!resp)
		close(fd);
	return queue(req, status, resp, content_type);
}

int req_reply_json(struct request *req, unsigned status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text)
		return -ENOMEM;
	return req_reply_text(req, status, "application/json", text, strlen(text));
}

int req_reply_empty(struct request *req, unsigned status)
{
	return queue(req, status, MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT),
		     NULL);
}

int req_body_json(struct request *req, json_t **out)
{
	json_error_t e;
	json_t *j;
	if (req->body.len == 0) {
		strbuf_adds(&req->detail, "the request needs a JSON body");
		return RICS_E_MALFORMED;
	}
	j = json_loadb(req->body.buf, req->body.len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		strbuf_addf(&req->detail, "malformed JSON at line %d column %d: %s", e.line,
			    e.column, e.text);
		return RICS_E_MALFORMED;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		strbuf_adds(&req->detail, "the request body must be a JSON object");
		return RICS_E_MALFORMED;
	}
	*out = j;
	return 0;
}

const char *req_header(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

int req_query_int(struct request *req, const char *name, int64_t def, int64_t lo, int64_t hi,
		  int64_t *out)
{
	const char *s = req_query(req, name);
	char *end;
	long long v;
	if (!s) {
		*out = def;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		strbuf_addf(&req->detail, "'%s' must be an integer from %lld to %lld, not '%s'", name,
			    (long long)lo, (long long)hi, s);
		return RICS_E_MALFORMED;
	}
	*out = v;
	return 0;
}

static const char *const paging_params[] = { "limit", "cursor", "order", NULL };

struct query_check {
	struct request *req;
	const char *what;
	const char *const *filters;
	uint64_t seen; /* bit i: paging_params[i]; bit 3 + i: filters[i] */
	int rc;
};

static int name_index(const char *const *names, const char *key)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], key))
			return i;
	return -1;
}

static enum MHD_Result query_known(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct query_check *q = cls;
	int i = name_index(paging_params, key);
	int bit = i >= 0 ? i : (i = name_index(q->filters, key)) >= 0 ? 3 + i : -1;

	(void)kind;
	if (bit < 0 || bit >= 64)
		strbuf_addf(&q->req->detail, "%s cannot be filtered by '%s'", q->what, key);
	else if (q->seen & (UINT64_C(1) << bit))
		strbuf_addf(&q->req->detail, "query parameter '%s' is given twice", key);
	else if (!value || !*value)
		strbuf_addf(&q->req->detail, "query parameter '%s' is empty", key);
	else {
		q->seen |= UINT64_C(1) << bit;
		return MHD_YES;
	}
	q->rc = RICS_E_MALFORMED;
	return MHD_NO;
}

int req_page_query(struct request *req, const char *what, const char *const *filters,
		   struct req_page *out)
{
	struct query_check q = { req, what, filters, 0, 0 };
	const char *cursor = req_query(req, "cursor"), *order = req_query(req, "order");
	int64_t limit, max = req->srv->cfg.page_max;
	int rc;

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_known, &q);
	if (q.rc)
		return q.rc;
	if ((rc = req_query_int(req, "limit", max < 50 ? max : 50, 1, max, &limit)) != 0)
		return rc;
	if (cursor && !rics_uuid_valid(cursor)) {
		strbuf_addf(&req->detail, "'cursor' is not a cursor from a previous page: '%s'", cursor);
		return RICS_E_MALFORMED;
	}
	if (order && strcmp(order, "newest") && strcmp(order, "oldest")) {
		strbuf_addf(&req->detail, "'order' must be newest or oldest, not '%s'", order);
		return RICS_E_MALFORMED;
	}
	*out = (struct req_page){ (unsigned)limit, cursor, order && !strcmp(order, "newest") };
	return 0;
}

int req_reply_page(struct request *req, json_t *items, const char *next)
{
	return req_reply_json(req, 200, json_pack("{so so}", "items", items, "next_cursor",
						  next[0] ? json_string(next) : json_null()));
}

struct audit_event req_audit_event(struct request *req, const char *action,
				   const char *object_type, const char *object_id,
				   int classification, const char *outcome)
{
	struct audit_event ev = {
		.actor = req->authenticated ? req->who.name : "anonymous",
		.action = action,
		.object_type = object_type,
		.object_id = object_id,
		.classification = classification,
		.outcome = outcome,
		.remote = req->remote,
	};
	return ev;
}
