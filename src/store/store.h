/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store: every byte RICS keeps goes through this interface, and no SQL
 * exists outside src/store/. SQLite is the one engine today (store_*.c);
 * a PostgreSQL engine can follow without any caller changing: callers see
 * only these functions and opaque handles, never a connection or a statement.
 * When the second engine lands, these functions dispatch through a table of
 * functions chosen by store_open.
 *
 * Contract:
 * - Every write returns only after it is durable (see store_sqlite.c for how),
 *   and the audit event handed with it is appended in the same transaction:
 *   the record and its audit entry exist together or not at all.
 * - Concurrent writers are batched into one transaction (group commit); a
 *   write that fails rolls back alone, the others in its batch still commit.
 * - Reads never wait for writes.
 * - A record above view->max_classification does not exist for that view:
 *   get answers RICS_E_NOT_FOUND, list and count leave it out.
 * - Output parameters are written only on success.
 * - Functions are safe to call from any thread.
 */
#ifndef RICS_STORE_H
#define RICS_STORE_H

#include "core/clock.h"
#include "core/ids.h"
#include "model/model.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct store;

struct store_options {
	const char *path;                /* the database file */
	const struct rics_clock *clock;  /* NULL: system clock */
	bool create;                     /* create the file if missing */
	unsigned readers;                /* read connections; 0: 8 */
	bool no_migrate;                 /* refuse an older schema instead of upgrading it
					    (offline tools beside a running ricsd) */
};

/* Open (and migrate) a store. Fails with RICS_E_SCHEMA_NEWER for a database
 * written by a newer RICS, and with no_migrate RICS_E_SCHEMA_OLDER for one
 * that needs an upgrade. */
int store_open(const struct store_options *opt, struct store **out);
/* Finish queued writes, close. Accepts NULL. */
void store_close(struct store *s);

/* Schema version of the open store and of this build. */
int store_schema_version(struct store *s);

/* What a caller may see. */
struct store_view {
	int max_classification;
};

/* An audit entry to append. Strings may be NULL (stored as ""). */
struct audit_event {
	const char *actor;        /* user name, token name or "system" */
	const char *action;       /* "create", "read", "login", ... */
	const char *object_type;
	const char *object_id;    /* for create: filled in by the store */
	int classification;
	const char *outcome;      /* "ok", "denied", "failed" */
	const char *remote;       /* client address */
	const char *detail;
};

/* ---- node ---- */

struct store_node {
	char id[RICS_UUID_LEN];
	char name[201];
	char country[4];
	char agency[32];
	char bcp_code[41];
	char created_at[RICS_TIME_LEN];
};

int store_node_create_self(struct store *s, const struct store_node *node);
int store_node_self(struct store *s, struct store_node *out);

/* ---- records of the types in model.h ---- */

/* fields: validated by model_validate. Adds the common server fields. */
int store_record_create(struct store *s, const struct record_type *t, json_t *fields,
			const char *created_by, const struct audit_event *ev, json_t **out);

struct store_import_result {
	int rc;                   /* 0, or why this row was refused */
	bool duplicate;           /* its import key was already stored: skipped */
	char id[RICS_UUID_LEN];   /* the new record's id, or the stored one's */
};

/*
 * Create many records in one transaction (one commit for the batch). rows
 * is an array of validated objects; keys[i] (or NULL) is row i's import
 * key: a row whose key is already stored is skipped as a duplicate. A row
 * that fails a constraint fails alone (results[i].rc); the others commit.
 * One audit entry names every record created. results has one slot per row.
 */
int store_record_import(struct store *s, const struct record_type *t, json_t *rows,
			const char *const *keys, const char *created_by,
			const struct audit_event *ev, struct store_import_result *results);

int store_record_get(struct store *s, const struct record_type *t, const char *id,
		     const struct store_view *view, json_t **out);

/* patch: validated with partial = true; a null value clears the field.
 * expect_version < 0: no check; else RICS_E_CONFLICT if the record moved on. */
int store_record_update(struct store *s, const struct record_type *t, const char *id,
			json_t *patch, int64_t expect_version, const struct store_view *view,
			const char *updated_by, const struct audit_event *ev, json_t **out);

struct store_query {
	const struct store_view *view;
	json_t *filters;        /* { field: value } exact matches, values validated */
	json_t *excludes;       /* { field: value } records whose field differs, or NULL */
	const char *name;       /* RT_NAME_SEARCH types: folded exact name or surname */
	bool name_prefix;       /* treat name as a prefix */
	const char *after;      /* cursor: id of the last record of the previous page */
	bool newest_first;      /* descending creation order (after: ids below it) */
	unsigned limit;         /* 1.. */
};

/* Records in id (creation time) order, or its reverse with newest_first.
 * *next is the cursor for the next page
 * or "" when this page is the last. */
int store_record_list(struct store *s, const struct record_type *t,
		      const struct store_query *q, json_t **items, char next[RICS_UUID_LEN]);

int store_record_count(struct store *s, const struct record_type *t,
		       const struct store_view *view, int64_t *out);

/* ---- users ---- */

struct store_user {
	char id[RICS_UUID_LEN];
	char name[65];
	char full_name[201];
	char role[16];
	int clearance;
	char agency[32];
	char country[4];
	char bcp_code[41];
	char password_hash[160];
	bool must_change_password;
	int failed_logins;
	int64_t locked_until;   /* ms; 0: not locked */
	bool disabled;
	char created_at[RICS_TIME_LEN];
};

int store_user_create(struct store *s, struct store_user *u, const struct audit_event *ev);
int store_user_by_name(struct store *s, const char *name, struct store_user *out);
int store_user_by_id(struct store *s, const char *id, struct store_user *out);
/* What a page of users or tokens holds: the filters, each NULL (or < 0) for
 * any, and the cursor. Lists run in id (creation) order, or its reverse with
 * newest_first; after is the id of the last row of the previous page. */
enum store_user_state { USER_ANY, USER_ACTIVE, USER_LOCKED, USER_DISABLED };

struct store_user_query {
	const char *name;       /* a part of the name or full name (ASCII case ignored) */
	bool name_prefix;       /* name is instead a prefix of the name */
	const char *role, *country, *bcp_code; /* exact */
	int clearance;          /* exact, or -1 */
	enum store_user_state state; /* locked: locked_until is in the future */
	const char *after;
	bool newest_first;
	unsigned limit;         /* 1.. */
};

/* A page of users (no password hashes); *next is the cursor of the next
 * page, or "" when this one is the last. */
int store_user_list(struct store *s, const struct store_user_query *q, json_t **items,
		    char next[RICS_UUID_LEN]);
/* Write the mutable fields of u (role, clearance, agency, country, bcp, full
 * name, password hash, must_change, failed_logins, locked_until, disabled). */
int store_user_update(struct store *s, const struct store_user *u,
		      const struct audit_event *ev);
/* Drop every session of a user (after a password change or lock). */
int store_user_end_sessions(struct store *s, const char *user_id);

/* ---- sessions and API tokens (only hashes are stored) ---- */

struct store_session {
	char token_hash[RICS_SHA256_HEX_LEN];
	char user_id[RICS_UUID_LEN];
	char csrf_token[RICS_TOKEN_LEN];
	int64_t created_at, expires_at; /* ms */
};

int store_session_create(struct store *s, const struct store_session *ss,
			 const struct audit_event *ev);
int store_session_get(struct store *s, const char *token_hash, struct store_session *out);
int store_session_delete(struct store *s, const char *token_hash, const struct audit_event *ev);
int store_session_purge(struct store *s, int64_t now_ms);

struct store_token {
	char id[RICS_UUID_LEN];
	char name[65];
	char token_hash[RICS_SHA256_HEX_LEN];
	char role[16];
	int clearance;
	char bcp_code[41];
	char created_by[65];
	char created_at[RICS_TIME_LEN];
	int64_t expires_at; /* ms; 0: never */
	bool revoked;
};

int store_token_create(struct store *s, struct store_token *tok, const struct audit_event *ev);
int store_token_by_hash(struct store *s, const char *token_hash, struct store_token *out);
struct store_token_query {
	const char *name;       /* a part of the name (ASCII case ignored), or NULL */
	const char *role;       /* exact, or NULL */
	int revoked;            /* 0 or 1, or -1 for either */
	const char *after;      /* as in store_user_query */
	bool newest_first;
	unsigned limit;
};

/* A page of tokens (never their hashes), as store_user_list. */
int store_token_list(struct store *s, const struct store_token_query *q, json_t **items,
		     char next[RICS_UUID_LEN]);
int store_token_revoke(struct store *s, const char *id, const struct audit_event *ev);

/* ---- exchange peers (store_exchange.c) ---- */

struct store_peer {
	char node_id[RICS_UUID_LEN];
	char name[201];
	char url[512];
	char country[4];
	char agency[32];
	int accreditation;       /* highest classification it may receive */
	char sign_pk[48], box_pk[48]; /* base64 */
	char fingerprint[72];
	char tls_pin[128];       /* "sha256//..." or "" */
	char state[16];          /* "active" */
	char created_at[RICS_TIME_LEN];
};

/* Pair with a peer. RICS_E_CONFLICT if its node id is already paired. */
int store_peer_add(struct store *s, struct store_peer *p, const struct audit_event *ev);
int store_peer_get(struct store *s, const char *node_id, struct store_peer *out);
/* Every peer as a JSON array, oldest first. */
int store_peer_list(struct store *s, json_t **out);
/* Unpair; in the same commit its outbox rows still queued or held become
 * "orphaned". RICS_E_NOT_FOUND if it is not a peer. */
int store_peer_remove(struct store *s, const char *node_id, const struct audit_event *ev);
/* The JSON shown for a peer. */
json_t *store_peer_json(const struct store_peer *p);

/* ---- exchange messages: outbox and inbox (store_exchange.c) ---- */

/* Store a message to send and, in the same transaction, one outbox row per
 * peer with the envelope sealed for it: either both exist or neither.
 * envelope_id becomes the message's import_key. */
int store_message_send(struct store *s, json_t *fields, const char *envelope_id,
		       const char *const *peers, const char *envelope, size_t npeers,
		       const char *created_by, const struct audit_event *ev, json_t **out);

/* A supervisor's decision on a message pending approval: approved, its
 * outbox rows are queued; rejected, they are dropped. RICS_E_CONFLICT if
 * the message is not pending approval. */
int store_message_decide(struct store *s, const char *message_id, bool approve,
			 const struct audit_event *ev);

/* The message whose import_key (for the exchange: the envelope id, the same
 * on every node) is key: its local id. RICS_E_NOT_FOUND if none. */
int store_message_by_key(struct store *s, const char *key, char id[RICS_UUID_LEN]);
/* The import_key of message id ("" if it has none). */
int store_message_key(struct store *s, const char *id, char key[RICS_UUID_LEN]);
/* Set a message's status (receipts: delivered, read), audited with ev. */
int store_message_set_status(struct store *s, const char *id, const char *status,
			     const struct audit_event *ev);

/* Requests received from peers, past their reply_by and not answered from
 * this node in their thread, oldest deadline first (as records). With
 * mark_new, only those not reported before, now marked as reported. */
int store_message_overdue(struct store *s, int64_t now_ms, bool mark_new, json_t **out);

/* Outbox rows due at now_ms, oldest first, as [{message_id, peer_id,
 * envelope, attempts}], at most limit, all for the peer of the oldest. */
int store_outbox_due(struct store *s, int64_t now_ms, unsigned limit, json_t **out);
/* The peer acknowledged the message: the row and, once every peer has,
 * the message become delivered. */
int store_outbox_delivered(struct store *s, const char *message_id, const char *peer_id);
/* A failed attempt: retry at next_at (a row no longer queued is left as
 * it is). */
int store_outbox_retry(struct store *s, const char *message_id, const char *peer_id,
		       int64_t next_at, const char *why);
/* Per peer: [{peer_id, queued, oldest (queued_at ms of the oldest queued,
 * 0 if none), delivered, latency_ms (sum over delivered rows), refused}]. */
int store_outbox_stats(struct store *s, json_t **out);

/* What the state of the link to a peer is derived from (exchange_link_state):
 * the oldest message waiting for it, and its last acknowledgement; and when
 * its node last reached this one, which the rule leaves out (it is about
 * this node's messages reaching the peer). */
struct store_peer_link {
	int64_t waiting;           /* outbox rows queued for the peer */
	int64_t oldest_ms;         /* when the oldest of them was queued; 0: none */
	int attempts;              /* its delivery attempts that failed */
	int64_t next_ms;           /* when it is tried again */
	char last_error[256];      /* why its last attempt failed, or "" */
	int64_t last_delivered_ms; /* when the peer acknowledged the message queued
				      last of those it acknowledged; 0: none */
	int64_t last_heard_ms;     /* when its last batch was accepted
				      (store_batch_accept); 0: never */
};
/* A peer that is not paired (or never had a message) has all zeros. */
int store_peer_link(struct store *s, const char *peer_id, struct store_peer_link *out);

/* A batch from sender whose signature and time were verified at now_ms:
 * refuse its nonce if seen before (RICS_E_CONFLICT: a replay says nothing of
 * the sender); else keep the nonce and, in the same commit, the time the
 * sender was heard from (peer.last_heard_at; nothing for a node that is not
 * a peer). Nonces older than forget_before_ms are forgotten. */
int store_batch_accept(struct store *s, const char *nonce, const char *sender, int64_t now_ms,
		       int64_t forget_before_ms);
/* Store a message received from sender (fields validated, with
 * origin_node) and, in the same transaction, its attachments ([{type:
 * plural, fields}], validated, with origin_node; may be NULL);
 * envelope_id seen before sets *duplicate and stores nothing. */
int store_message_receive(struct store *s, json_t *fields, json_t *attachments,
			  const char *envelope_id, const char *sender,
			  const struct audit_event *ev, bool *duplicate, json_t **out);

/* The record of type t stored under import_key (an exchange share keeps
 * "origin node:origin id" there); RICS_E_NOT_FOUND if none (store_share.c). */
int store_record_by_import_key(struct store *s, const struct record_type *t,
			       const char *import_key, const struct store_view *view,
			       json_t **out);

/* One received message of a batch (store_message_receive_many). */
struct store_received {
	json_t *fields;                 /* validated, with origin_node */
	json_t *attachments;            /* [{type, fields}] stored with it, or NULL */
	const char *envelope_id;
	const struct audit_event *ev;
	bool duplicate;                 /* set: seen before, nothing stored */
	json_t *out;                    /* set: the stored message (owned by the caller) */
};
/* Store the messages of one batch from sender in one transaction: all or
 * none (on failure the caller can store them one by one to find the one at
 * fault); one commit instead of one per message. */
int store_message_receive_many(struct store *s, const char *sender, struct store_received *items,
			       size_t n);
/* A receipt, as the message.delivered and message.read events carry it:
 * {record: the message as stored after the change, delivery: its outbox row
 * for the peer, as store_message_deliveries lists it}. */
/* A peer's read receipt for the message: its outbox row records when.
 * *out: the receipt, or NULL if the row had recorded one already. */
int store_outbox_read(struct store *s, const char *message_id, const char *peer_id,
		      json_t **out);
/* The outbox rows of the messages ids (a JSON array of ids) the view may
 * see, by message then peer: [{message_id, peer_id, peer_name, state,
 * attempts, queued_at, delivered_at, read_at (RFC 3339 or null),
 * last_error}]. */
int store_message_deliveries(struct store *s, json_t *ids, const struct store_view *view,
			     json_t **out);
/* store_outbox_delivered for many messages to one peer, in one transaction.
 * out (NULL: not wanted): an array of the receipts (above) of the rows this
 * call turned delivered; a row delivered before is not in it. */
int store_outbox_delivered_many(struct store *s, const char *peer_id,
				const char *const *message_ids, size_t n, json_t **out);

/* ---- the situation picture (store_stats.c) ---- */

/* What happened since since_ms (the node's local midnight), counting only
 * what the view may see. */
struct store_stats_today {
	int64_t crossings;           /* recorded, not announced by a manifest */
	int64_t hits_new;            /* raised since then and still new */
	int64_t hits_confirmed;      /* raised since then and confirmed */
	int64_t alerts_received;     /* messages of type alert from peers */
	int64_t anpr_reads;          /* sightings */
	int64_t anpr_hits;           /* hits raised on a sighting */
	int64_t cash_over_threshold; /* declarations of an amount >= the threshold */
	int64_t seizures;
};
int store_stats_today(struct store *s, const struct store_view *view, int64_t since_ms,
		      double cash_threshold, struct store_stats_today *out);

/* The windows that decide a BCP's state (ms). A BCP is "alert" if a hit
 * raised at it since alert_ms is still new, or an alert received from a peer
 * since alert_ms names its code among the recipients; else "link_down" if
 * it was created by a peer that has had a message queued for it, undelivered,
 * since before quiet_ms, or if it is open (or has no status), has had traffic
 * (a crossing or a sighting) and none since quiet_ms; else "normal". The
 * cost follows the traffic of the day and of the quiet window, not the
 * store's size. */
struct store_bcp_window {
	int64_t today_ms;  /* the day's counts start here */
	int64_t alert_ms;
	int64_t quiet_ms;
};

/* Every BCP the view may see, oldest first, or only the one with id bcp_id
 * (RICS_E_NOT_FOUND if the view may not see it): [{id, code, name,
 * name_local, country, lat, lon, status, classification, state, reason,
 * today: {crossings, sightings, hits, open_hits}, last_traffic}]; last_traffic
 * (the latest crossing or sighting, null if none) only for the one BCP. */
int store_stats_bcps(struct store *s, const struct store_view *view,
		     const struct store_bcp_window *w, const char *bcp_id, json_t **out);

/* Hourly counts at the BCP with code, nhours hours from from_ms (an hour's
 * start): {t: [each hour's start, s since the epoch], crossings_in,
 * crossings_out, hits, sightings: [a count per hour]}. */
int store_stats_throughput(struct store *s, const struct store_view *view, const char *code,
			   int64_t from_ms, unsigned nhours, json_t **out);

/* Hits raised at the BCP with code (on a crossing or a sighting there) that
 * the view may see, with status if not NULL, in id order (newest: the
 * newest first) after the cursor after ("" or NULL: from the first), at
 * most limit (1..); *next is the cursor of the next page or "" on the last. */
int store_stats_bcp_hits(struct store *s, const struct store_view *view, const char *code,
			 const char *status, const char *after, unsigned limit, bool newest,
			 json_t **items, char next[RICS_UUID_LEN]);

/* ---- exchange: envelopes that ended undelivered (store_exchange.c) ---- */

/* End a queued row's delivery: state "refused" (the peer said it never
 * will take it; why is its reason) or "orphaned" (no such peer any more),
 * audited with ev; *message_out is the message, for its event.
 * RICS_E_CONFLICT if the row is not queued. */
int store_outbox_stop(struct store *s, const char *message_id, const char *peer_id,
		      const char *state, const char *why, const struct audit_event *ev,
		      json_t **message_out);
/* Undelivered rows in rowid order after `after`, at most limit: [{seq,
 * message_id, peer_id, state, attempts, queued_at, next_at, last_error}].
 * state: "queued", "refused", "orphaned", or NULL for all three;
 * RICS_E_INVALID for another. */
int store_outbox_list(struct store *s, const char *state, int64_t after, unsigned limit,
		      json_t **out);
/* Queue a refused, orphaned or waiting row again, due now, audited with ev.
 * RICS_E_NOT_FOUND: no such row; RICS_E_CONFLICT: delivered or held. */
int store_outbox_requeue(struct store *s, const char *message_id, const char *peer_id,
			 const struct audit_event *ev);

/* ---- audit ---- */

/* Append an event on its own (reads, refused logins). */
int store_audit_append(struct store *s, const struct audit_event *ev);
/* Which entries to list: at most limit; oldest first from seq > after, or
 * if newest, newest first from seq < before (0: from the last); and where a
 * string is non-empty, that actor, that action, at >= since and at < until
 * (times as rics_time_format writes them, so that they compare as strings). */
struct audit_filter {
	int64_t after, before;
	bool newest;
	unsigned limit;
	const char *actor, *action, *since, *until;
};
/* Entries matching f, in f's order. */
int store_audit_list(struct store *s, const struct audit_filter *f, json_t **out);

struct audit_verdict {
	int64_t checked;     /* entries verified */
	int64_t first_bad;   /* seq of the first broken link; 0: chain intact */
	char reason[160];
};
int store_audit_verify(struct store *s, struct audit_verdict *out);

/* ---- operations ---- */

/* Consistent online copy of the store into a new file at dest. */
int store_backup(struct store *s, const char *dest);
/* PRAGMA integrity_check; 0 if "ok". */
int store_integrity_check(struct store *s);

#endif
