// SPDX-License-Identifier: AGPL-3.0-or-later
/* /healthz, /metrics and /api/v1/node: the node describing itself. */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>

int api_health(struct request *req)
{
	int64_t n;
	struct store_view v = { CLS_UNCLASSIFIED };
	/* a cheap query proves the store answers */
	int rc = store_record_count(req->srv->store, model_types[0], &v, &n);
	if (rc) {
		strbuf_addf(&req->detail, "the store does not answer: %s", rics_strerror(rc));
		return RICS_E_BUSY;
	}
	return req_reply_json(req, 200, json_pack("{ss}", "status", "ok"));
}

int api_metrics(struct request *req)
{
	struct strbuf out;
	int rc;
	strbuf_init(&out, 0);
	rc = metrics_render(req->srv->metrics, req->srv->store, &out);
	if (rc) {
		strbuf_release(&out);
		return rc;
	}
	size_t len;
	char *text = strbuf_detach(&out, &len);
	if (!text)
		return -ENOMEM;
	return req_reply_text(req, 200, "text/plain; version=0.0.4", text, len);
}
