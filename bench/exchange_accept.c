// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * exchange_accept: what hearing from a peer costs the receiver. Every batch
 * that passes its checks is accepted in one commit (store_batch_accept): its
 * nonce kept and, since migration 9, the sender's peer.last_heard_at set by
 * one UPDATE. This times accepts from a paired sender (the UPDATE writes its
 * row) against accepts from a sender that is not a peer (the UPDATE finds no
 * row: the commit as it was before), alternating rounds on the same durable
 * store so both see the same machine.
 *
 * usage: exchange_accept DIR ROUNDS ROUND   (DIR: an empty directory)
 * Prints: exchange_accept: accepts=N heard_us=.. baseline_us=.. (median per
 *   accept) ratio=..
 */
#include "core/clock.h"
#include "core/ids.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PEER "019a0000-0000-7000-8000-00000000000b"
#define STRANGER "019a0000-0000-7000-8000-00000000000c"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* n accepts from sender, each timed into out; nonces numbered from *seq. */
static int accept_round(struct store *s, const char *sender, unsigned n, unsigned *seq,
			double *out)
{
	for (unsigned i = 0; i < n; i++) {
		char nonce[32];
		int64_t now = rics_clock_now(&rics_clock_system);
		double t0;
		snprintf(nonce, sizeof nonce, "bench-%u", ++*seq);
		t0 = now_us();
		if (store_batch_accept(s, nonce, sender, now, now - 600000))
			return -1;
		out[i] = now_us() - t0;
	}
	return 0;
}

/* A durable store in dir (the options ricsd uses) with this node and PEER. */
static int setup(const char *dir, struct store **out)
{
	char path[4096];
	struct store_options so = { .path = path, .create = true, .readers = 1 };
	struct store_node node = { 0 };
	struct store_peer peer = { .accreditation = 1 };
	struct store *s = NULL;
	rics_uuid7(1, node.id);
	snprintf(node.name, sizeof node.name, "bench node");
	snprintf(node.country, sizeof node.country, "KZ");
	snprintf(node.agency, sizeof node.agency, "border");
	rics_time_format(rics_clock_now(&rics_clock_system), node.created_at);
	snprintf(peer.node_id, sizeof peer.node_id, PEER);
	snprintf(peer.name, sizeof peer.name, "bench peer");
	snprintf(peer.url, sizeof peer.url, "http://127.0.0.1:1");
	snprintf(peer.country, sizeof peer.country, "KG");
	snprintf(peer.agency, sizeof peer.agency, "border");
	snprintf(peer.sign_pk, sizeof peer.sign_pk, "-");
	snprintf(peer.box_pk, sizeof peer.box_pk, "-");
	snprintf(peer.fingerprint, sizeof peer.fingerprint, "-");
	snprintf(path, sizeof path, "%s/rics.db", dir);
	if (rics_ids_init() || store_open(&so, &s))
		return -1;
	if (store_node_create_self(s, &node) || store_peer_add(s, &peer, NULL)) {
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned rounds = argc == 4 ? (unsigned)atoi(argv[2]) : 0;
	unsigned n = argc == 4 ? (unsigned)atoi(argv[3]) : 0, seq = 0, total = rounds * n;
	struct store *s = NULL;
	double *heard = NULL, *base = NULL;
	int rc = 1;

	if (!total) {
		fprintf(stderr, "usage: exchange_accept DIR ROUNDS ROUND\n");
		return 2;
	}
	heard = calloc(total, sizeof *heard);
	base = calloc(total, sizeof *base);
	if (!heard || !base || setup(argv[1], &s))
		goto out;
	for (unsigned r = 0; r < rounds; r++)
		if (accept_round(s, STRANGER, n, &seq, base + r * n) ||
		    accept_round(s, PEER, n, &seq, heard + r * n))
			goto out;
	qsort(heard, total, sizeof *heard, cmp);
	qsort(base, total, sizeof *base, cmp);
	printf("exchange_accept: accepts=%u heard_us=%.1f baseline_us=%.1f ratio=%.2f\n", total,
	       heard[total / 2], base[total / 2], heard[total / 2] / base[total / 2]);
	rc = 0;
out:
	store_close(s);
	free(heard);
	free(base);
	return rc;
}
