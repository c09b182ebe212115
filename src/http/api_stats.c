// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /api/v1/stats: what the situation centre shows. The day's counters start
 * at midnight in the node's local time zone (the TZ of ricsd's environment,
 * else the system's), which the reply names, so a wall display and the
 * officers at the BCP agree on what "today" is. Each BCP's state comes from
 * windows set here (see store_bcp_window); the store only counts.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY_MS 86400000LL
#define HOUR_MS 3600000LL

/* Until rics.conf has a cash threshold, the caller may name one. */
#define CASH_THRESHOLD_DEFAULT 10000.0

static int may_read_stats(struct request *req)
{
	return api_record_allowed(req, model_type_by_name("bcp"), ACT_READ);
}

/* The last local midnight at or before now, and the zone's name and offset. */
static int local_midnight(int64_t now_ms, int64_t *out, char zone[16], long *offset_s)
{
	time_t now = (time_t)(now_ms / 1000);
	struct tm tm;
	time_t mid;
	if (!localtime_r(&now, &tm))
		return errno ? -errno : -EINVAL;
	snprintf(zone, 16, "%s", tm.tm_zone ? tm.tm_zone : "");
	*offset_s = tm.tm_gmtoff;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	mid = mktime(&tm);
	if (mid == (time_t)-1)
		return -EINVAL;
	*out = (int64_t)mid * 1000;
	return 0;
}

static int cash_threshold(struct request *req, double *out)
{
	const char *s = req_query(req, "cash_threshold");
	char *end;
	double v;
	if (!s) {
		*out = CASH_THRESHOLD_DEFAULT;
		return 0;
	}
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0) {
		strbuf_addf(&req->detail, "'cash_threshold' must be a non-negative amount, not '%s'", s);
		return RICS_E_MALFORMED;
	}
	*out = v;
	return 0;
}

int api_stats_today(struct request *req)
{
	struct store_view view = policy_view(&req->who);
	struct store_stats_today st;
	char zone[16], since[RICS_TIME_LEN];
	int64_t mid = 0;
	long offset = 0;
	double threshold;
	int rc;
	if ((rc = may_read_stats(req)) || (rc = cash_threshold(req, &threshold)) ||
	    (rc = local_midnight(rics_clock_now(req->srv->clock), &mid, zone, &offset)) ||
	    (rc = store_stats_today(req->srv->store, &view, mid, threshold, &st)))
		return rc;
	rics_time_format(mid, since);
	return req_reply_json(req, 200, json_pack(
		"{ss ss sI sf sI sI sI sI sI sI sI sI}", "since", since, "timezone", zone,
		"utc_offset_s", (json_int_t)offset, "cash_threshold", threshold,
		"crossings", (json_int_t)st.crossings, "hits_new", (json_int_t)st.hits_new,
		"hits_confirmed", (json_int_t)st.hits_confirmed,
		"alerts_received", (json_int_t)st.alerts_received,
		"anpr_reads", (json_int_t)st.anpr_reads, "anpr_hits", (json_int_t)st.anpr_hits,
		"cash_over_threshold", (json_int_t)st.cash_over_threshold,
		"seizures", (json_int_t)st.seizures));
}

static int bcp_window(struct request *req, struct store_bcp_window *w, int64_t *quiet_s)
{
	int64_t now = rics_clock_now(req->srv->clock), mid = 0;
	char zone[16];
	long offset = 0;
	int rc = req_query_int(req, "link_down_after", LINK_DOWN_AFTER_DEFAULT_S, 60,
				   LINK_DOWN_AFTER_MAX_S, quiet_s);
	if (rc || (rc = local_midnight(now, &mid, zone, &offset)))
		return rc;
	w->today_ms = mid;
	w->alert_ms = now - DAY_MS;
	w->quiet_ms = now - *quiet_s * 1000;
	return 0;
}

int api_stats_bcps(struct request *req)
{
	struct store_view view = policy_view(&req->who);
	struct store_bcp_window w;
	int64_t quiet_s;
	json_t *items;
	int rc;
	if ((rc = may_read_stats(req)) || (rc = bcp_window(req, &w, &quiet_s)) ||
	    (rc = store_stats_bcps(req->srv->store, &view, &w, NULL, &items)))
		return rc;
	return req_reply_json(req, 200, json_pack("{so sI}", "items", items,
						  "link_down_after", (json_int_t)quiet_s));
}

/* The BCP of the route's {id} as the caller may see it; 404 if hidden. */
static int route_bcp(struct request *req, int64_t *quiet_s, json_t **out)
{
	struct store_view view = policy_view(&req->who);
	struct store_bcp_window w;
	json_t *bcps = NULL;
	int rc = bcp_window(req, &w, quiet_s);
	if (rc)
		return rc;
	if (!rics_uuid_valid(req->params[0])) {
		strbuf_addf(&req->detail, "'%s' is not a BCP id (a UUID)", req->params[0]);
		return RICS_E_MALFORMED;
	}
	rc = store_stats_bcps(req->srv->store, &view, &w, req->params[0], &bcps);
	if (rc == RICS_E_NOT_FOUND)
		strbuf_addf(&req->detail, "no BCP '%s'", req->params[0]);
	if (!rc) {
		*out = json_incref(json_array_get(bcps, 0));
		rc = *out ? 0 : -ENOMEM;
	}
	json_decref(bcps);
	return rc;
}

int api_stats_throughput(struct request *req)
{
	struct store_view view = policy_view(&req->who);
	int64_t quiet_s, hours, from;
	json_t *bcp = NULL, *series = NULL;
	int rc;
	if ((rc = may_read_stats(req)) || (rc = req_query_int(req, "hours", 24, 1, 168, &hours)))
		return rc;
	if (hours != 24 && hours != 168) {
		strbuf_addf(&req->detail, "'hours' must be 24 or 168, not %lld", (long long)hours);
		return RICS_E_MALFORMED;
	}
	if ((rc = route_bcp(req, &quiet_s, &bcp)))
		return rc;
	/* hour buckets ending with the current one */
	from = rics_clock_now(req->srv->clock) / HOUR_MS * HOUR_MS - (hours - 1) * HOUR_MS;
	rc = store_stats_throughput(req->srv->store, &view,
				    json_string_value(json_object_get(bcp, "code")), from,
				    (unsigned)hours, &series);
	if (!rc)
		rc = req_reply_json(req, 200, json_pack("{so sI so}", "bcp", bcp, "hours",
							(json_int_t)hours, "series", series));
	else
		json_decref(bcp);
	return rc;
}

/* ?status= as the hit type's field takes it; *out untouched without one. */
static int hit_status(struct request *req, json_t **out)
{
	const struct field_desc *f = model_field_any(model_type_by_name("hit"), "status");
	const char *s = req_query(req, "status");
	json_t *raw;
	int rc;
	if (!s || !*s)
		return 0;
	raw = json_string(s);
	if (!raw)
		return -ENOMEM;
	rc = model_check_value(f, raw, &req->detail, out);
	json_decref(raw);
	return rc ? RICS_E_MALFORMED : 0;
}

int api_stats_hits(struct request *req)
{
	static const char *const filters[] = { "status", "link_down_after", NULL };
	struct store_view view = policy_view(&req->who);
	struct req_page page;
	json_t *bcp = NULL, *status = NULL, *items = NULL;
	char next[RICS_UUID_LEN];
	int64_t quiet_s;
	int rc;
	if ((rc = may_read_stats(req)) ||
	    (rc = api_record_allowed(req, model_type_by_name("hit"), ACT_READ)) ||
	    (rc = req_page_query(req, "a BCP's hits", filters, &page)) ||
	    (rc = hit_status(req, &status)) || (rc = route_bcp(req, &quiet_s, &bcp)))
		goto out;
	rc = store_stats_bcp_hits(req->srv->store, &view,
				  json_string_value(json_object_get(bcp, "code")),
				  json_string_value(status), page.cursor, page.limit, page.newest,
				  &items, next);
	if (!rc)
		rc = req_reply_page(req, items, next);
out:
	json_decref(status);
	json_decref(bcp);
	return rc;
}
