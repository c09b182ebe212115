// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * GET /api/v1/events: the live feed as server-sent events, filtered by the
 * caller's clearance. A stream never holds a worker thread while it waits:
 * with nothing to send, the content reader suspends its connection and
 * returns 0 (libmicrohttpd's pattern), and the bus wakes it when an event
 * is published or the heartbeat ticks. `Last-Event-ID` resumes a stream.
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct sse_stream {
	struct http_server *srv;
	struct MHD_Connection *conn;
	struct event_listener *listener;
	pthread_mutex_t lock; /* suspended, and the suspend/resume pairing */
	bool suspended;
	bool heartbeat_due;
	bool opening; /* nothing sent yet */
	int max_classification;
	uint64_t after;
	struct strbuf pending;
	size_t sent; /* bytes of pending already handed to MHD */
};

static void sse_wake(void *ctx)
{
	struct sse_stream *s = ctx;
	pthread_mutex_lock(&s->lock);
	s->heartbeat_due = true;
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
	pthread_mutex_unlock(&s->lock);
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse_stream *s = cls;
	size_t n;
	(void)pos;

	pthread_mutex_lock(&s->lock);
	if (s->sent == s->pending.len) {
		strbuf_reset(&s->pending);
		s->sent = 0;
		if (s->srv->stopping) {
			pthread_mutex_unlock(&s->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (event_bus_read(s->srv->events, &s->after, s->max_classification, 64,
				   &s->pending) < 0) {
			pthread_mutex_unlock(&s->lock);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		/* A stream that opens with nothing to send names where it starts,
		   in a frame with an id and no data (the browser notes the id and
		   dispatches nothing): reconnecting, it then gets what came while
		   it was away, not only what comes after it is back. */
		if (s->pending.len == 0 && s->opening)
			strbuf_addf(&s->pending, "id: %llu\n\n", (unsigned long long)s->after);
		else if (s->pending.len == 0 && s->heartbeat_due)
			strbuf_adds(&s->pending, ": keep-alive\n\n");
		s->heartbeat_due = s->opening = false;
		if (s->pending.len == 0) {
			/* under the lock, so a wake-up cannot slip in before we sleep */
			s->suspended = true;
			MHD_suspend_connection(s->conn);
			pthread_mutex_unlock(&s->lock);
			return 0;
		}
	}
	n = s->pending.len - s->sent;
	if (n > max)
		n = max;
	memcpy(buf, s->pending.buf + s->sent, n);
	s->sent += n;
	pthread_mutex_unlock(&s->lock);
	return (ssize_t)n;
}

static void sse_free(void *cls)
{
	struct sse_stream *s = cls;
	event_bus_unlisten(s->srv->events, s->listener);
	strbuf_release(&s->pending);
	pthread_mutex_destroy(&s->lock);
	rics_free(s);
}

int api_events(struct request *req)
{
	struct sse_stream *s = rics_calloc(1, sizeof *s);
	/* the header when the browser reconnects by itself; the query when a
	   page opens a new stream that goes on from where the last one stopped */
	const char *last = req_header(req, "Last-Event-ID");
	struct MHD_Response *resp;
	int rc;

	if (!s)
		return -ENOMEM;
	if (!last)
		last = req_query(req, "last_event_id");
	s->srv = req->srv;
	s->conn = req->conn;
	s->max_classification = req->who.clearance;
	s->after = last ? strtoull(last, NULL, 10) : event_bus_last(req->srv->events);
	s->heartbeat_due = s->opening = true; /* the first read sends something: headers go out now */
	pthread_mutex_init(&s->lock, NULL);
	strbuf_init(&s->pending, 1 << 20);
	rc = event_bus_listen(req->srv->events, sse_wake, s, &s->listener);
	if (rc) {
		sse_free(s);
		return rc;
	}
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, sse_read, s, sse_free);
	if (!resp) {
		sse_free(s);
		return -ENOMEM;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (MHD_queue_response(req->conn, 200, resp) != MHD_YES) {
		MHD_destroy_response(resp);
		return RICS_E_STORE;
	}
	MHD_destroy_response(resp);
	req->status = 200;
	req->replied = true;
	return 0;
}

/* Publish a record event to the bus as JSON {type, record} (and delivery
 * when not NULL), seen by readers cleared for the record. */
static void publish(struct http_server *srv, const char *event, const char *type, json_t *rec,
		    json_t *delivery)
{
	json_t *payload = json_pack("{ss sO sO*}", "type", type, "record", rec, "delivery",
				    delivery);
	char *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
	if (text)
		event_bus_publish(srv->events, event, model_record_classification(rec), text);
	rics_free(text);
	json_decref(payload);
}

void http_publish_record(struct http_server *srv, const char *event, const char *type,
			 json_t *rec)
{
	publish(srv, event, type, rec, NULL);
}

void http_publish_receipt(struct http_server *srv, const char *event, json_t *receipt)
{
	publish(srv, event, "message", json_object_get(receipt, "record"),
		json_object_get(receipt, "delivery"));
}
