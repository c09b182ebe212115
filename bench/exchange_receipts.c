// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * exchange_receipts: what announcing deliveries costs the sender. After each
 * batch a peer acknowledges, the sender marks its rows delivered in one
 * commit (store_outbox_delivered_many); to publish message.delivered it also
 * reads back each row and its message in that write and puts one event per
 * message on the bus. This times both on a real store, batch after batch of
 * BATCH rows, alternating plain marking (the baseline, as before the events)
 * with marking plus the events, so both see the same machine.
 *
 * usage: exchange_receipts DIR BATCHES BATCH   (DIR: an empty directory)
 * Prints: exchange_receipts: batches=N batch=B plain_ms=.. receipts_ms=..
 *   (median per batch) ratio=..
 */
#include "core/clock.h"
#include "core/events.h"
#include "core/ids.h"
#include "model/model.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PEER "019a0000-0000-7000-8000-00000000000b"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* n queued messages to PEER; their ids in ids (n * RICS_UUID_LEN). */
static int queue(struct store *s, char (*ids)[RICS_UUID_LEN], unsigned n, unsigned *seq)
{
	const char *peers[1] = { PEER };
	for (unsigned i = 0; i < n; i++) {
		char key[RICS_UUID_LEN];
		json_t *f = json_pack("{ss ss ss s[s] ss}", "type", "notice", "subject", "bench",
				      "body", "synthetic", "recipients", PEER, "status", "queued"),
		       *rec = NULL;
		int rc;
		rics_uuid7(++*seq, key);
		rc = store_message_send(s, f, key, peers, "{}", 1, "bench", NULL, &rec);
		if (!rc)
			snprintf(ids[i], RICS_UUID_LEN, "%s", json_string_value(json_object_get(rec, "id")));
		json_decref(f);
		json_decref(rec);
		if (rc)
			return rc;
	}
	return 0;
}

/* Mark one batch delivered, with the events (bus) or without (NULL); ms. */
static double settle(struct store *s, struct event_bus *bus, char (*ids)[RICS_UUID_LEN],
		     unsigned n)
{
	const char *done[1024];
	json_t *receipts = NULL, *r;
	double t0;
	size_t i;

	for (i = 0; i < n; i++)
		done[i] = ids[i];
	t0 = now_ms();
	if (store_outbox_delivered_many(s, PEER, done, n, bus ? &receipts : NULL))
		return -1;
	json_array_foreach(receipts, i, r) { /* as sender.c publishes them */
		json_t *p = json_pack("{ss sO sO}", "type", "message", "record",
				      json_object_get(r, "record"), "delivery",
				      json_object_get(r, "delivery"));
		char *text = json_dumps(p, JSON_COMPACT);
		event_bus_publish(bus, "message.delivered",
				  model_record_classification(json_object_get(r, "record")), text);
		free(text);
		json_decref(p);
	}
	json_decref(receipts);
	return now_ms() - t0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	unsigned batches = argc == 4 ? (unsigned)atoi(argv[2]) : 0;
	unsigned n = argc == 4 ? (unsigned)atoi(argv[3]) : 0;
	char path[4096], (*ids)[RICS_UUID_LEN] = NULL;
	struct store_options so = { .create = true, .readers = 2 };
	struct store_node node = { 0 };
	struct store *s = NULL;
	struct event_bus *bus = NULL;
	double *plain = NULL, *with = NULL;
	unsigned seq = 0;
	int rc = 1;

	if (!batches || !n || n > 1024) {
		fprintf(stderr, "usage: exchange_receipts DIR BATCHES BATCH (BATCH <= 1024)\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/rics.db", argv[1]);
	so.path = path;
	ids = calloc(n, sizeof *ids);
	plain = calloc(batches, sizeof *plain);
	with = calloc(batches, sizeof *with);
	if (!ids || !plain || !with || rics_ids_init() || store_open(&so, &s) ||
	    event_bus_new(4096, 0, &bus))
		goto out;
	rics_uuid7(1, node.id);
	snprintf(node.name, sizeof node.name, "bench node");
	snprintf(node.country, sizeof node.country, "KZ");
	snprintf(node.agency, sizeof node.agency, "border");
	rics_time_format(rics_clock_now(&rics_clock_system), node.created_at);
	if (store_node_create_self(s, &node))
		goto out;
	for (unsigned b = 0; b < batches; b++) {
		if (queue(s, ids, n, &seq) || (plain[b] = settle(s, NULL, ids, n)) < 0 ||
		    queue(s, ids, n, &seq) || (with[b] = settle(s, bus, ids, n)) < 0)
			goto out;
	}
	qsort(plain, batches, sizeof *plain, cmp);
	qsort(with, batches, sizeof *with, cmp);
	printf("exchange_receipts: batches=%u batch=%u plain_ms=%.2f receipts_ms=%.2f ratio=%.2f\n",
	       batches, n, plain[batches / 2], with[batches / 2], with[batches / 2] / plain[batches / 2]);
	rc = 0;
out:
	store_close(s);
	event_bus_free(bus);
	free(ids);
	free(plain);
	free(with);
	return rc;
}
