/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Internals of the HTTP layer shared by the server and the api_*.c
 * resource files: the request, the route table and the reply helpers.
 *
 * A handler returns 0 after queueing its reply with one of the req_reply_*
 * functions, or an error code with req->detail saying precisely what was
 * wrong; the server turns that into a problem+json reply in one place
 * (problem.c). A handler never builds an error response itself.
 */
#ifndef RICS_HTTP_INT_H
#define RICS_HTTP_INT_H

#include "core/events.h"
#include "exchange/exchange.h"
#include "http/http.h"
#include "screen/service.h"
#include "policy/policy.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

struct request;

enum route_auth {
	AUTH_NONE,      /* public: health, metrics, login */
	AUTH_REQUIRED,  /* any principal */
};

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/users/{name}": {x} matches one segment */
	int (*handle)(struct request *req);
	enum route_auth auth;
	const char *doc;     /* one line for the API reference */
};

/* Every route, in match order; the last entry has method NULL. */
extern const struct route http_routes[];

#define ROUTE_PARAMS_MAX 3

struct metrics;

struct http_server {
	struct rics_config cfg;
	struct store *store;
	const struct rics_clock *clock;
	struct MHD_Daemon *daemon;
	struct metrics *metrics;
	struct store_node node;
	struct exchange_keys keys;
	bool has_keys;         /* without keys the node neither sends nor receives */
	unsigned port;
	char *tls_cert, *tls_key;
	/* the certificate's pin and its signature, in the identity; "" without TLS */
	char tls_pin[EXCHANGE_TLS_PIN_LEN], tls_pin_sig[EXCHANGE_SIG_B64_LEN];
	char dummy_hash[160]; /* verified against for unknown users */
	struct event_bus *events;
	struct screen_service *screen;
	struct exchange_sender *sender; /* NULL without keys */
	pthread_t ticker;      /* wakes event streams for heartbeats */
	bool ticker_running;
	pthread_mutex_t tick_lock;
	pthread_cond_t tick_cond;
	atomic_bool stopping;  /* event streams end when set */
	atomic_int in_flight;  /* requests begun and not completed */
};

struct request {
	struct http_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	struct strbuf body;
	bool body_too_large;
	const struct route *route;
	char params[ROUTE_PARAMS_MAX][128];
	struct principal who;
	bool authenticated;
	bool must_change_password;
	char remote[64];
	int64_t started_ns;
	unsigned status;       /* of the reply queued */
	struct strbuf detail;  /* why the request failed */
	bool replied;
	struct {
		char name[32];
		char value[256];
	} headers[4]; /* added to the reply by req_add_header */
	int nheaders;
};

/* Replies. body is consumed (decref'd) in every case. */
int req_reply_json(struct request *req, unsigned status, json_t *body);
int req_reply_text(struct request *req, unsigned status, const char *content_type,
		   char *text, size_t len /* text is freed with rics_free */);
int req_reply_empty(struct request *req, unsigned status);
/* A file's content; fd is closed in every case. */
int req_reply_fd(struct request *req, unsigned status, const char *content_type, int fd,
		 uint64_t size);
/* Queue a header on the reply about to be sent. */
void req_add_header(struct request *req, const char *name, const char *value);

/* Parse the body as a JSON object (RICS_E_MALFORMED with detail on failure). */
int req_body_json(struct request *req, json_t **out);
const char *req_header(struct request *req, const char *name);
const char *req_query(struct request *req, const char *name);
/* An optional integer query parameter from lo to hi (def when absent);
 * RICS_E_MALFORMED with detail otherwise. */
int req_query_int(struct request *req, const char *name, int64_t def, int64_t lo, int64_t hi,
		  int64_t *out);

/* ?link_down_after= seconds: how long a BCP (api_stats.c) or the link to
 * a peer (api_peers.c) may stay silent or stuck before it shows as link
 * down, the same window for both. */
#define LINK_DOWN_AFTER_DEFAULT_S 3600
#define LINK_DOWN_AFTER_MAX_S (7 * 86400)

/* The paging of a list that answers {"items": [...], "next_cursor": id | null}:
 * limit (1 to page_max, default 50 or page_max if less), cursor (the next_cursor of the previous
 * page) and order (oldest, the default, or newest). */
struct req_page {
	unsigned limit;
	const char *cursor; /* NULL: the first page */
	bool newest;
};

/* Read the paging of a list of what (plural, for details), refusing with
 * RICS_E_MALFORMED and detail a query parameter that is neither paging nor
 * one of filters (NULL-terminated), one given twice, and one left empty. */
int req_page_query(struct request *req, const char *what, const char *const *filters,
		   struct req_page *out);
/* Reply 200 with the page: items (taken) and next ("" after the last). */
int req_reply_page(struct request *req, json_t *items, const char *next);

/* Audit an event on behalf of the request's principal. */
struct audit_event req_audit_event(struct request *req, const char *action,
				   const char *object_type, const char *object_id,
				   int classification, const char *outcome);

/* problem.c: the one place errors become HTTP. */
unsigned problem_status(int rc);
int problem_reply(struct request *req, int rc);

/* auth.c. API tokens start with this, sessions never do: a request is
 * looked up in one table, not two. */
#define API_TOKEN_PREFIX "rt_"
int auth_resolve(struct request *req);
int auth_check_csrf(struct request *req);

/* metrics.c */
int metrics_new(struct metrics **out);
void metrics_free(struct metrics *m);
void metrics_observe(struct metrics *m, const char *route, unsigned status, double seconds);
int metrics_render(struct metrics *m, struct store *store, struct strbuf *out);

/* Handlers, one file per resource. */
int api_health(struct request *req);
int api_metrics(struct request *req);
int api_node(struct request *req);
int api_login(struct request *req);
int api_logout(struct request *req);
int api_me(struct request *req);
int api_users_list(struct request *req);
int api_users_create(struct request *req);
int api_users_get(struct request *req);
int api_users_patch(struct request *req);
int api_users_password(struct request *req);
int api_tokens_list(struct request *req);
int api_tokens_create(struct request *req);
int api_tokens_revoke(struct request *req);
int api_audit_list(struct request *req);
int api_audit_verify(struct request *req);
int api_records_list(struct request *req);
int api_records_count(struct request *req);
int api_records_create(struct request *req);
int api_records_get(struct request *req);
int api_records_patch(struct request *req);
int api_events(struct request *req);
int api_fed_identity(struct request *req);
int api_peers_list(struct request *req);
int api_peers_directory(struct request *req);
int api_peers_create(struct request *req);
int api_peers_delete(struct request *req);
/* api_outbox.c: envelopes that were not delivered, and their requeue (admin). */
int api_outbox_list(struct request *req);
int api_outbox_retry(struct request *req);
/* RICS_E_FORBIDDEN (detail set) unless the caller may act on records of t. */
int api_record_allowed(struct request *req, const struct record_type *t, enum record_action act);
/* RICS_E_FORBIDDEN (detail set) if fields are classified above the caller. */
int api_check_classification(struct request *req, json_t *fields);
int api_messages_create(struct request *req);
int api_messages_list(struct request *req);
int api_messages_approve(struct request *req);
int api_messages_reply(struct request *req);
int api_messages_get(struct request *req);
int api_messages_patch(struct request *req);
int api_messages_overdue(struct request *req);
int api_messages_reject(struct request *req);
int api_messages_deliveries(struct request *req);
int api_fed_inbox(struct request *req);
/* Send message (the fields of a message naming paired nodes, validated here) with payload,
 * content that travels sealed beside them but is not stored here; queued,
 * announced and the sender woken as for a composed message. */
int api_messages_send(struct request *req, json_t *fields, json_t *payload, json_t **out);
/* api_share.c: a watchlist entry shared with peers, and what a share,
 * update or withdrawal from a peer does here (before its message is stored,
 * idempotent, so a redelivery does no harm). */
int api_watchlist_share(struct request *req);
/* RICS_E_INVALID (detail set) for the types only the exchange's own routes
 * make (watchlist_*, hit_*): a hand-made one would carry no payload. */
int api_message_type_reserved(struct request *req, json_t *fields);
int fed_payload_apply(struct request *req, const struct store_peer *peer, json_t *hdr,
		      json_t *payload);
/* api_hitquery.c: ask a peer whether it holds anything on a subject; a
 * question received is answered at once, once stored. */
int api_hitquery(struct request *req);
void fed_payload_answer(struct request *req, const struct store_peer *peer, json_t *hdr,
			json_t *payload, json_t *rec);
/* RICS_E_INVALID (detail set) if fields refer to a record the caller cannot
 * see; missing and hidden records are answered alike. */
int api_check_references(struct request *req, const struct record_type *t, json_t *fields);
int api_records_import(struct request *req);
int api_screen(struct request *req);
int api_mrz(struct request *req);
/* Screen what a new crossing refers to; store and announce each hit; *out
 * is the hits as the caller may see them. */
int api_screen_crossing(struct request *req, json_t *crossing, json_t **out);
/* The same for a plate an ANPR camera read. */
int api_screen_sighting(struct request *req, json_t *sighting, json_t **out);
int api_anpr(struct request *req);
int api_manifests(struct request *req);
/* api_stats.c: the situation centre's counters, BCP states and throughput. */
int api_stats_today(struct request *req);
int api_stats_bcps(struct request *req);
int api_stats_throughput(struct request *req);
int api_stats_hits(struct request *req);
/* api_ui.c: the web UI's files from cfg.ui_dir. */
int api_ui_root(struct request *req);
int api_ui_index(struct request *req);
int api_ui_file(struct request *req);

/* api_traveller.c: a traveller read by a machine becomes records. */
struct traveller {
	json_t *person;   /* fields of a new person */
	json_t *document; /* fields of the document (number and issuing_country find a known one) */
	json_t *crossing; /* fields of the crossing; person_id and document_id are filled in */
};
/* Reuse a known document's person or create person and document, then the
 * crossing, then screen it; answer gets the records and the screening. */
int traveller_record(struct request *req, const struct traveller *t, const char *why,
		     json_t *answer);
/* Copy src[skey] into dst[dkey] if it is a valid value of that field of type. */
void traveller_take(json_t *dst, const char *dkey, json_t *src, const char *skey, const char *type);
/* "passport", "id_card", "visa" or "travel_document" from a document code. */
const char *traveller_doc_type(const char *code);

/* Tell event listeners about a stored record (event e.g. "crossing.created"). */
void http_publish_record(struct http_server *srv, const char *event, const char *type,
			 json_t *rec);
/* Tell them about a receipt ({record, delivery}, store.h): the message's
 * event with its outbox row beside it, for those cleared for the message. */
void http_publish_receipt(struct http_server *srv, const char *event, json_t *receipt);

#endif
