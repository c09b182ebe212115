// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The situation picture: counters of the day, each BCP's state and counts,
 * and a BCP's hourly throughput, each answered by one statement on a reader
 * so that a wall display refreshing them costs a handful of queries, never
 * one per BCP. Every count leaves out what the view may not see. A hit has
 * no BCP of its own: it is at the BCP of the crossing it was raised on, or
 * (ANPR) of the sighting it was raised on.
 */
#include "store/store_int.h"

#include "core/error.h"
#include "model/model.h"

#include <errno.h>
#include <string.h>

#define HOUR_MS 3600000LL

/* A crossing that happened, not one a manifest announced. */
#define RECORDED "status IS NOT 'expected'"

/* The BCP of each hit: its crossing's, or its sighting's. */
#define BCP_OF_HIT \
	" LEFT JOIN crossing c ON c.id = h.crossing_id" \
	" LEFT JOIN sighting g ON h.crossing_id IS NULL AND g.id = h.subject_id"
#define HIT_AT_BCP " FROM hit h" BCP_OF_HIT

/* Hits since a time: through the index on created_at, which the planner
 * would otherwise pass over for an equality on status or crossing_id (all
 * the new hits, all the ANPR hits, ever) or a range on classification. */
#define HITS_SINCE "hit h INDEXED BY hit_created_at"
#define HITS_SINCE_AT_BCP " FROM " HITS_SINCE BCP_OF_HIT

/* Alerts received since a time, likewise (the index on type would read
 * every alert ever); a partial index, of the rows with type = 'alert'. */
#define ALERTS_SINCE "message m INDEXED BY message_alert_created_at"

static const char today_sql[] =
	"SELECT"
	" (SELECT count(*) FROM crossing WHERE crossed_at >= ?1 AND classification <= ?2"
	"   AND " RECORDED "),"
	" (SELECT count(*) FROM " HITS_SINCE " WHERE created_at >= ?1 AND classification <= ?2"
	"   AND status = 'new'),"
	" (SELECT count(*) FROM " HITS_SINCE " WHERE created_at >= ?1 AND classification <= ?2"
	"   AND status = 'confirmed'),"
	" (SELECT count(*) FROM " ALERTS_SINCE " WHERE m.type = 'alert' AND m.origin_node <> ?3"
	"   AND m.created_at >= ?1 AND m.classification <= ?2),"
	" (SELECT count(*) FROM sighting WHERE seen_at >= ?1 AND classification <= ?2),"
	" (SELECT count(*) FROM " HITS_SINCE " WHERE h.created_at >= ?1 AND h.classification <= ?2"
	"   AND h.crossing_id IS NULL AND EXISTS (SELECT 1 FROM sighting g WHERE g.id = h.subject_id)),"
	" (SELECT count(*) FROM declaration WHERE declared_at >= ?1 AND amount >= ?4"
	"   AND classification <= ?2),"
	" (SELECT count(*) FROM seizure WHERE seized_at >= ?1 AND classification <= ?2)";

static int bind_time(sqlite3_stmt *st, int i, int64_t ms)
{
	char t[RICS_TIME_LEN];
	rics_time_format(ms, t);
	return bind_text(st, i, t);
}

/* What a query of this file needs: its parameters, and where its rows go. */
struct stats_query {
	const struct store_view *view;
	const char *node_id;                /* this node: what came from elsewhere */
	int64_t since_ms;                   /* today: the day's start */
	double cash_threshold;
	const struct store_bcp_window *w;   /* bcps */
	const char *bcp_id;
	const char *code;                   /* throughput, hits */
	unsigned nhours;
	const char *status, *after;         /* hits: a filter, the cursor */
	unsigned limit;
	struct store_stats_today today;     /* results */
	json_t *out;
};

static void bind_today(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	bind_time(st, 1, q->since_ms);
	sqlite3_bind_int(st, 2, q->view->max_classification);
	bind_text(st, 3, q->node_id);
	sqlite3_bind_double(st, 4, q->cash_threshold);
}

static int today_row(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	struct store_stats_today *t = &q->today;
	t->crossings = sqlite3_column_int64(st, 0);
	t->hits_new = sqlite3_column_int64(st, 1);
	t->hits_confirmed = sqlite3_column_int64(st, 2);
	t->alerts_received = sqlite3_column_int64(st, 3);
	t->anpr_reads = sqlite3_column_int64(st, 4);
	t->anpr_hits = sqlite3_column_int64(st, 5);
	t->cash_over_threshold = sqlite3_column_int64(st, 6);
	t->seizures = sqlite3_column_int64(st, 7);
	return 0;
}

int store_stats_today(struct store *s, const struct store_view *view, int64_t since_ms,
		      double cash_threshold, struct store_stats_today *out)
{
	struct stats_query q = { .view = view, .node_id = s->node_id, .since_ms = since_ms,
				 .cash_threshold = cash_threshold };
	int rc = store_read(s, today_sql, bind_today, today_row, &q);
	if (!rc)
		*out = q.today;
	return rc;
}

/*
 * One row per BCP. ?1 today, ?2 the alert window, ?3 the quiet window (as
 * times), ?4 the view, ?5 this node, ?6 the quiet window in ms (outbox
 * times are ms), ?7 one BCP's id or NULL for all. Traffic is counted over
 * time ranges (the indexes on crossed_at, seen_at and created_at), never
 * per BCP over its whole history, so the cost follows the day's traffic,
 * not the store's size. One BCP's last traffic is the last entry of its
 * (bcp_code, time) indexes, the crossings' one holding recorded crossings
 * only (RECORDED, as written here, is what lets the planner use it);
 * whether a peer is down, one probe of the outbox per BCP on (peer_id,
 * state, queued_at).
 */
static const char bcps_sql[] =
	"WITH hb AS (SELECT coalesce(c.bcp_code, g.bcp_code) AS code,"
	"   h.created_at >= ?1 AS today, h.status = 'new' AND h.created_at >= ?2 AS open"
	HITS_SINCE_AT_BCP
	"   WHERE h.classification <= ?4 AND h.created_at >= min(?1, ?2)),"
	" hs AS (SELECT code, sum(today) AS today, sum(open) AS open FROM hb GROUP BY code),"
	" al AS (SELECT j.value AS code, count(*) AS n FROM " ALERTS_SINCE ", json_each(m.recipients) j"
	"   WHERE m.type = 'alert' AND m.origin_node <> ?5 AND m.created_at >= ?2"
	"   AND m.classification <= ?4 GROUP BY j.value),"
	" ct AS (SELECT bcp_code AS code, count(*) AS n FROM crossing INDEXED BY crossing_crossed_at"
	"   WHERE crossed_at >= ?1 AND classification <= ?4 AND " RECORDED " GROUP BY bcp_code),"
	" gt AS (SELECT bcp_code AS code, count(*) AS n FROM sighting INDEXED BY sighting_seen_at"
	"   WHERE seen_at >= ?1 AND classification <= ?4 GROUP BY bcp_code),"
	" heard AS (SELECT bcp_code AS code FROM crossing INDEXED BY crossing_crossed_at"
	"   WHERE crossed_at >= ?3 AND classification <= ?4 AND " RECORDED
	"   UNION SELECT bcp_code FROM sighting INDEXED BY sighting_seen_at"
	"   WHERE seen_at >= ?3 AND classification <= ?4)"
	" SELECT b.id, b.code, b.name, b.name_local, b.country, b.lat, b.lon, b.status,"
	"  b.classification, coalesce(ct.n, 0), coalesce(gt.n, 0),"
	"  coalesce(hs.today, 0), coalesce(hs.open, 0), coalesce(al.n, 0),"
	"  EXISTS (SELECT 1 FROM outbox o WHERE o.peer_id = b.origin_node"
	"    AND o.state = 'queued' AND o.queued_at < ?6),"
	"  CASE WHEN ?7 IS NOT NULL THEN nullif(max("
	"    coalesce((SELECT max(crossed_at) FROM crossing c WHERE c.bcp_code = b.code"
	"      AND c.classification <= ?4 AND c." RECORDED "), ''),"
	"    coalesce((SELECT max(seen_at) FROM sighting g WHERE g.bcp_code = b.code"
	"      AND g.classification <= ?4), '')), '') END,"
	"  b.code NOT IN (SELECT code FROM heard) AND (EXISTS (SELECT 1 FROM crossing c"
	"    WHERE c.bcp_code = b.code AND c.classification <= ?4 AND c." RECORDED ")"
	"    OR EXISTS (SELECT 1 FROM sighting g WHERE g.bcp_code = b.code"
	"    AND g.classification <= ?4))"
	" FROM bcp b LEFT JOIN hs ON hs.code = b.code LEFT JOIN al ON al.code = b.code"
	" LEFT JOIN ct ON ct.code = b.code LEFT JOIN gt ON gt.code = b.code"
	" WHERE b.classification <= ?4 AND (?7 IS NULL OR b.id = ?7) ORDER BY b.id";

static json_t *column_or_null(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_FLOAT:
	case SQLITE_INTEGER:
		return json_real(sqlite3_column_double(st, i));
	default:
		return json_string((const char *)sqlite3_column_text(st, i));
	}
}

/* The state of a BCP from its row, and why, in words for the reference. */
static const char *bcp_state(sqlite3_stmt *st, const char **why)
{
	const char *status = (const char *)sqlite3_column_text(st, 7);
	if (sqlite3_column_int64(st, 12) > 0) {
		*why = "new_hit";
		return "alert";
	}
	if (sqlite3_column_int64(st, 13) > 0) {
		*why = "alert_received";
		return "alert";
	}
	if (sqlite3_column_int(st, 14)) {
		*why = "peer_unreachable";
		return "link_down";
	}
	if (sqlite3_column_int(st, 16) && (!status || !strcmp(status, "open"))) {
		*why = "no_traffic";
		return "link_down";
	}
	*why = "";
	return "normal";
}

static json_t *bcp_row(sqlite3_stmt *st)
{
	const char *why;
	const char *state = bcp_state(st, &why);
	return json_pack("{ss ss ss so ss so so so ss ss ss s{sI sI sI sI} so}",
		"id", (const char *)sqlite3_column_text(st, 0),
		"code", (const char *)sqlite3_column_text(st, 1),
		"name", (const char *)sqlite3_column_text(st, 2),
		"name_local", column_or_null(st, 3),
		"country", (const char *)sqlite3_column_text(st, 4),
		"lat", column_or_null(st, 5), "lon", column_or_null(st, 6),
		"status", column_or_null(st, 7),
		"classification", classification_name(sqlite3_column_int(st, 8)),
		"state", state, "reason", why,
		"today", "crossings", (json_int_t)sqlite3_column_int64(st, 9),
		"sightings", (json_int_t)sqlite3_column_int64(st, 10),
		"hits", (json_int_t)sqlite3_column_int64(st, 11),
		"open_hits", (json_int_t)sqlite3_column_int64(st, 12),
		"last_traffic", column_or_null(st, 15));
}

static void bind_window(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	bind_time(st, 1, q->w->today_ms);
	bind_time(st, 2, q->w->alert_ms);
	bind_time(st, 3, q->w->quiet_ms);
	sqlite3_bind_int(st, 4, q->view->max_classification);
	bind_text(st, 5, q->node_id);
	sqlite3_bind_int64(st, 6, q->w->quiet_ms);
	bind_text(st, 7, q->bcp_id);
}

static int bcp_add(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	return json_array_append_new(q->out, bcp_row(st)) ? -ENOMEM : 0;
}

int store_stats_bcps(struct store *s, const struct store_view *view,
		     const struct store_bcp_window *w, const char *bcp_id, json_t **out)
{
	struct stats_query q = { .view = view, .node_id = s->node_id, .w = w, .bcp_id = bcp_id,
				 .out = json_array() };
	int rc;
	rc = q.out ? store_read(s, bcps_sql, bind_window, bcp_add, &q) : -ENOMEM;
	if (!rc && bcp_id && json_array_size(q.out) == 0)
		rc = RICS_E_NOT_FOUND;
	if (!rc) {
		*out = q.out;
		q.out = NULL;
	}
	json_decref(q.out);
	return rc;
}

/* Rows (hour "YYYY-MM-DDTHH", series, count) for one BCP: ?1 its code,
 * ?2 the first hour, ?3 the view. Series: see throughput_series. */
static const char throughput_sql[] =
	"SELECT substr(crossed_at, 1, 13), direction = 'out', count(*) FROM crossing"
	" WHERE bcp_code = ?1 AND crossed_at >= ?2 AND classification <= ?3 AND " RECORDED
	" GROUP BY 1, 2"
	" UNION ALL SELECT substr(h.created_at, 1, 13), 2, count(*)" HITS_SINCE_AT_BCP
	" WHERE coalesce(c.bcp_code, g.bcp_code) = ?1 AND h.created_at >= ?2"
	" AND h.classification <= ?3 GROUP BY 1"
	" UNION ALL SELECT substr(seen_at, 1, 13), 3, count(*) FROM sighting"
	" WHERE bcp_code = ?1 AND seen_at >= ?2 AND classification <= ?3 GROUP BY 1";

static const char *const throughput_series[] = { "crossings_in", "crossings_out", "hits",
						 "sightings" };
#define NSERIES (sizeof throughput_series / sizeof throughput_series[0])

/* {t: [hour starts, s], crossings_in: [...], ...} with every hour zero. */
static json_t *empty_series(int64_t from_ms, unsigned nhours)
{
	json_t *o = json_object(), *t = json_array();
	if (!o || !t || json_object_set_new(o, "t", t))
		goto fail;
	for (unsigned h = 0; h < nhours; h++)
		if (json_array_append_new(t, json_integer((from_ms + h * HOUR_MS) / 1000)))
			goto fail;
	for (size_t k = 0; k < NSERIES; k++) {
		json_t *a = json_array();
		if (!a || json_object_set_new(o, throughput_series[k], a))
			goto fail;
		for (unsigned h = 0; h < nhours; h++)
			if (json_array_append_new(a, json_integer(0)))
				goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static int add_count(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	char hour[32];
	int64_t ms;
	int series = sqlite3_column_int(st, 1);
	const char *h = (const char *)sqlite3_column_text(st, 0);
	if (!h || series < 0 || (size_t)series >= NSERIES)
		return 0;
	snprintf(hour, sizeof hour, "%s:00:00Z", h);
	if (rics_time_parse(hour, &ms) || ms < q->since_ms ||
	    (ms - q->since_ms) / HOUR_MS >= q->nhours)
		return 0; /* a record timed in the future */
	return json_array_set_new(json_object_get(q->out, throughput_series[series]),
				  (size_t)((ms - q->since_ms) / HOUR_MS),
				  json_integer(sqlite3_column_int64(st, 2))) ? -ENOMEM : 0;
}

static void bind_throughput(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	bind_text(st, 1, q->code);
	bind_time(st, 2, q->since_ms);
	sqlite3_bind_int(st, 3, q->view->max_classification);
}

int store_stats_throughput(struct store *s, const struct store_view *view, const char *code,
			   int64_t from_ms, unsigned nhours, json_t **out)
{
	struct stats_query q = { .view = view, .since_ms = from_ms, .code = code, .nhours = nhours,
				 .out = empty_series(from_ms, nhours) };
	int rc = q.out ? store_read(s, throughput_sql, bind_throughput, add_count, &q) : -ENOMEM;
	if (!rc) {
		*out = q.out;
		q.out = NULL;
	}
	json_decref(q.out);
	return rc;
}

/* Hits at a BCP, a page at a time in id order: ?1 its code, ?2 the view,
 * ?3 a status or NULL, ?4 the cursor, ?5 the page size plus one (to know
 * whether another page follows). */
#define BCP_HITS_WHERE \
	" WHERE coalesce(c.bcp_code, g.bcp_code) = ?1 AND h.classification <= ?2" \
	" AND (?3 IS NULL OR h.status = ?3)"
static const char bcp_hits_sql[] =
	"SELECT h.id" HIT_AT_BCP BCP_HITS_WHERE " AND h.id > ?4 ORDER BY h.id LIMIT ?5";
/* ids are UUIDv7, so the newest first is the highest first; '' starts at the top */
static const char bcp_hits_newest_sql[] =
	"SELECT h.id" HIT_AT_BCP BCP_HITS_WHERE
	" AND (?4 = '' OR h.id < ?4) ORDER BY h.id DESC LIMIT ?5";

static void bind_bcp_hits(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	bind_text(st, 1, q->code);
	sqlite3_bind_int(st, 2, q->view->max_classification);
	bind_text(st, 3, q->status);
	bind_text(st, 4, q->after);
	sqlite3_bind_int64(st, 5, (int64_t)q->limit + 1);
}

static int add_id(sqlite3_stmt *st, void *ctx)
{
	struct stats_query *q = ctx;
	return json_array_append_new(q->out, json_string((const char *)sqlite3_column_text(st, 0)))
		? -ENOMEM : 0;
}

/* The records of the first limit ids, in order: one point read each, on the
 * store's side, so a page costs the caller one request. */
static int hits_of_ids(struct store *s, const struct store_view *view, json_t *ids,
		       unsigned limit, json_t **items)
{
	const struct record_type *t = model_type_by_name("hit");
	json_t *arr = json_array(), *id;
	size_t i;
	int rc = arr ? 0 : -ENOMEM;
	json_array_foreach(ids, i, id) {
		json_t *rec = NULL;
		if (rc || i >= limit)
			break;
		rc = store_record_get(s, t, json_string_value(id), view, &rec);
		if (!rc && json_array_append_new(arr, rec))
			rc = -ENOMEM;
	}
	if (!rc) {
		*items = arr;
		arr = NULL;
	}
	json_decref(arr);
	return rc;
}

int store_stats_bcp_hits(struct store *s, const struct store_view *view, const char *code,
			 const char *status, const char *after, unsigned limit, bool newest,
			 json_t **items, char next[RICS_UUID_LEN])
{
	struct stats_query q = { .view = view, .code = code, .status = status,
				 .after = after ? after : "", .limit = limit, .out = json_array() };
	int rc = q.out ? store_read(s, newest ? bcp_hits_newest_sql : bcp_hits_sql, bind_bcp_hits,
				    add_id, &q)
		       : -ENOMEM;
	if (!rc)
		rc = hits_of_ids(s, view, q.out, limit, items);
	if (!rc)
		snprintf(next, RICS_UUID_LEN, "%s", json_array_size(q.out) > limit
			 ? json_string_value(json_array_get(q.out, limit - 1)) : "");
	json_decref(q.out);
	return rc;
}
