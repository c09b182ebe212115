// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The one place where errors become HTTP: RFC 9457 problem+json with the
 * status for the error code and the handler's precise detail.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <string.h>

unsigned problem_status(int rc)
{
	switch (rc) {
	case RICS_E_MALFORMED: return 400;
	case RICS_E_INVALID: return 422;
	case RICS_E_UNAUTHORIZED: return 401;
	case RICS_E_FORBIDDEN: return 403;
	case RICS_E_NOT_FOUND: return 404;
	case RICS_E_METHOD: return 405;
	case RICS_E_CONFLICT: return 409;
	case RICS_E_TOO_LARGE: return 413;
	case RICS_E_LOCKED: return 423;
	case RICS_E_BUSY: case RICS_E_CLOSED: case -ENOSPC: return 503;
	default: return 500;
	}
}

static const char *problem_title(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 422: return "Unprocessable Content";
	case 423: return "Locked";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

int problem_reply(struct request *req, int rc)
{
	unsigned status = problem_status(rc);
	const char *detail = req->detail.len ? req->detail.buf : rics_strerror(rc);
	json_t *body = json_pack("{ss ss si ss ss}", "type", "about:blank",
				 "title", problem_title(status), "status", (int)status,
				 "detail", detail, "instance", req->url);
	char *text;
	if (!body)
		return -ENOMEM;
	if (status == 401)
		req_add_header(req, "WWW-Authenticate", "Bearer realm=\"rics\"");
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text)
		return -ENOMEM;
	return req_reply_text(req, status, "application/problem+json", text, strlen(text));
}
