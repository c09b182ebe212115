// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Prometheus metrics: requests by route and status, a latency histogram,
 * and the number of UNCLASSIFIED records by type. /metrics needs no login,
 * so it never counts classified records: a record above a caller's
 * clearance must not show up even in a count.
 */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>

#define METRIC_SERIES_MAX 256

static const double latency_buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
					  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define NBUCKETS (sizeof latency_buckets / sizeof latency_buckets[0])

struct series {
	const char *route; /* a pattern from the route table: static */
	unsigned status;
	unsigned long long count;
};

struct metrics {
	pthread_mutex_t lock;
	struct series series[METRIC_SERIES_MAX];
	unsigned nseries;
	unsigned long long buckets[NBUCKETS + 1];
	double latency_sum;
	unsigned long long latency_count;
};

int metrics_new(struct metrics **out)
{
	struct metrics *m = rics_calloc(1, sizeof *m);
	if (!m)
		return -ENOMEM;
	pthread_mutex_init(&m->lock, NULL);
	*out = m;
	return 0;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	rics_free(m);
}

void metrics_observe(struct metrics *m, const char *route, unsigned status, double seconds)
{
	size_t b = 0;
	pthread_mutex_lock(&m->lock);
	unsigned i;
	for (i = 0; i < m->nseries; i++)
		if (m->series[i].status == status && strcmp(m->series[i].route, route) == 0)
			break;
	if (i == m->nseries && m->nseries < METRIC_SERIES_MAX) {
		m->series[i].route = route;
		m->series[i].status = status;
		m->nseries++;
	}
	if (i < m->nseries)
		m->series[i].count++;
	while (b < NBUCKETS && seconds > latency_buckets[b])
		b++;
	m->buckets[b]++;
	m->latency_sum += seconds;
	m->latency_count++;
	pthread_mutex_unlock(&m->lock);
}

static int render_records(struct store *store, struct strbuf *out)
{
	struct store_view v = { .max_classification = CLS_UNCLASSIFIED };
	int rc = strbuf_adds(out, "# HELP rics_records_unclassified UNCLASSIFIED records by type.\n"
				  "# TYPE rics_records_unclassified gauge\n");
	for (size_t i = 0; model_types[i] && !rc; i++) {
		int64_t n;
		rc = store_record_count(store, model_types[i], &v, &n);
		if (!rc)
			rc = strbuf_addf(out, "rics_records_unclassified{type=\"%s\"} %lld\n",
					 model_types[i]->name, (long long)n);
	}
	return rc;
}

/* The exchange's outbox per peer: queue depth, age of the oldest queued
 * message, deliveries and their total latency (mean = sum / count), and
 * what the peer refused for good. */
static int render_exchange(struct store *store, int64_t now_ms, struct strbuf *out)
{
	json_t *rows = NULL, *r;
	size_t i;
	int rc = store_outbox_stats(store, &rows);

	if (rc)
		return rc;
	rc |= strbuf_adds(out, "# HELP rics_exchange_queued Messages waiting for delivery to a peer.\n"
			       "# TYPE rics_exchange_queued gauge\n"
			       "# HELP rics_exchange_oldest_queued_seconds Age of the oldest waiting message.\n"
			       "# TYPE rics_exchange_oldest_queued_seconds gauge\n"
			       "# HELP rics_exchange_delivery_seconds Time from queued to acknowledged.\n"
			       "# TYPE rics_exchange_delivery_seconds summary\n"
			       "# HELP rics_outbox_refused Messages a peer refused for good, until requeued.\n"
			       "# TYPE rics_outbox_refused gauge\n");
	json_array_foreach(rows, i, r) {
		const char *peer = json_string_value(json_object_get(r, "peer_id"));
		json_int_t oldest = json_integer_value(json_object_get(r, "oldest"));
		rc |= strbuf_addf(out, "rics_exchange_queued{peer=\"%s\"} %lld\n"
				       "rics_exchange_oldest_queued_seconds{peer=\"%s\"} %g\n"
				       "rics_exchange_delivery_seconds_count{peer=\"%s\"} %lld\n"
				       "rics_exchange_delivery_seconds_sum{peer=\"%s\"} %g\n"
				       "rics_outbox_refused{peer=\"%s\"} %lld\n",
				  peer, (long long)json_integer_value(json_object_get(r, "queued")),
				  peer, oldest ? (double)(now_ms - oldest) / 1000 : 0.0, peer,
				  (long long)json_integer_value(json_object_get(r, "delivered")), peer,
				  (double)json_integer_value(json_object_get(r, "latency_ms")) / 1000,
				  peer, (long long)json_integer_value(json_object_get(r, "refused")));
	}
	json_decref(rows);
	return rc ? -ENOMEM : 0;
}

int metrics_render(struct metrics *m, struct store *store, struct strbuf *out)
{
	unsigned long long cum = 0;
	int rc = 0;

	pthread_mutex_lock(&m->lock);
	rc |= strbuf_adds(out, "# HELP rics_http_requests_total HTTP requests by route and status.\n"
			       "# TYPE rics_http_requests_total counter\n");
	for (unsigned i = 0; i < m->nseries; i++)
		rc |= strbuf_addf(out, "rics_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
				  m->series[i].route, m->series[i].status, m->series[i].count);
	rc |= strbuf_adds(out, "# HELP rics_http_request_duration_seconds Time to answer.\n"
			       "# TYPE rics_http_request_duration_seconds histogram\n");
	for (size_t b = 0; b < NBUCKETS; b++) {
		cum += m->buckets[b];
		rc |= strbuf_addf(out, "rics_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
				  latency_buckets[b], cum);
	}
	cum += m->buckets[NBUCKETS];
	rc |= strbuf_addf(out, "rics_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
			       "rics_http_request_duration_seconds_sum %g\n"
			       "rics_http_request_duration_seconds_count %llu\n",
			  cum, m->latency_sum, m->latency_count);
	pthread_mutex_unlock(&m->lock);
	if (rc)
		return -ENOMEM;
	if ((rc = render_exchange(store, rics_clock_now(&rics_clock_system), out)))
		return rc;
	return render_records(store, out);
}
