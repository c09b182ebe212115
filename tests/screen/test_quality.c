// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Screening quality on the labelled name pairs of `rics gen` (the issue's
 * acceptance test): every pair is screened at the default threshold, and
 * recall must be at least 0.98 and precision at least 0.95, overall and
 * with every kind of pair reported. The pairs are generated in memory from
 * data/bcps.csv (its path is the test's argument); the wrong answers are
 * printed, so that a failure says which names the engine gets wrong.
 */
#include "core/alloc.h"
#include "core/strbuf.h"
#include "ingest/gen.h"
#include "screen/score.h"
#include "screen/service.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define PAIRS_PER_KIND 1000  /* half matches, half not */
#define SEED 20260101
#define KINDS 8

static const char *bcps_path;

struct tally {
	char kind[24];
	size_t tp, fp, fn, tn;
};

struct quality {
	struct screen_normalizer *nz;
	struct tally kinds[KINDS], all;
	size_t nkinds, shown;
	struct strbuf why;
};

static char *read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[8192];
	size_t n;
	if (!f)
		return NULL;
	strbuf_init(&sb, 0);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (strbuf_add(&sb, buf, n))
			break;
	fclose(f);
	return strbuf_detach(&sb, len);
}

static struct tally *tally_of(struct quality *q, const char *kind)
{
	for (size_t i = 0; i < q->nkinds; i++)
		if (!strcmp(q->kinds[i].kind, kind))
			return &q->kinds[i];
	assert_true(q->nkinds < KINDS);
	snprintf(q->kinds[q->nkinds].kind, sizeof q->kinds[0].kind, "%s", kind);
	return &q->kinds[q->nkinds++];
}

static const char *field(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static void side_text(json_t *s, char *out, size_t size)
{
	snprintf(out, size, "%s, %s %s, %s %s %s", field(s, "surname"), field(s, "given_names"),
		 field(s, "patronymic"), field(s, "birth_date"), field(s, "sex"),
		 field(s, "nationality"));
}

static void show_error(struct quality *q, json_t *row, bool match, const struct screen_result *r,
		       const struct screen_person *a, const struct screen_person *b)
{
	char sa[512], sb[512];
	if (q->shown++ >= 60)
		return;
	side_text(json_object_get(row, "a"), sa, sizeof sa);
	side_text(json_object_get(row, "b"), sb, sizeof sb);
	strbuf_reset(&q->why);
	assert_int_equal(screen_explain(a, b, r, &q->why), 0);
	print_message("%s %s (%s): [%s] / [%s]: %s\n", match ? "missed" : "wrong hit",
		      field(row, "kind"), field(row, "note"), sa, sb, q->why.buf);
}

/* Screen one labelled pair and count it. */
static int screen_pair(void *ctx, enum gen_stream s, json_t *row)
{
	struct quality *q = ctx;
	struct screen_person a, b;
	struct screen_result r;
	bool match = json_is_true(json_object_get(row, "match")), hit;
	struct tally *t;

	if (s != GEN_NAME_PAIRS)
		return 0;
	t = tally_of(q, field(row, "kind"));
	assert_int_equal(screen_person_from_fields(q->nz, json_object_get(row, "a"), &a, &q->why), 0);
	assert_int_equal(screen_person_from_fields(q->nz, json_object_get(row, "b"), &b, &q->why), 0);
	assert_int_equal(screen_score(&a, &b, &r), 0);
	hit = r.score >= SCREEN_THRESHOLD_DEFAULT;
	if (hit != match)
		show_error(q, row, match, &r, &a, &b);
	t->tp += hit && match;
	t->fp += hit && !match;
	t->fn += !hit && match;
	t->tn += !hit && !match;
	return 0;
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 1.0;
}

static void report(const struct tally *t)
{
	print_message("%-16s recall %.4f precision %.4f (%zu found of %zu, %zu wrong hits of %zu)\n",
		      t->kind, ratio(t->tp, t->tp + t->fn), ratio(t->tp, t->tp + t->fp), t->tp,
		      t->tp + t->fn, t->fp, t->fp + t->tn);
}

static void generate(struct quality *q)
{
	struct gen_params p = { .seed = SEED };
	struct gen_sink sink = { screen_pair, NULL, q };
	struct gen_bcps *bcps = NULL;
	size_t len = 0;
	char *csv = read_text(bcps_path, &len);

	if (!csv)
		fail_msg("cannot read %s", bcps_path);
	assert_int_equal(gen_bcps_parse(csv, len, &q->why, &bcps), 0);
	free(csv);
	/* the least of everything else: the pairs are what this test is for */
	p.sizes = (struct gen_sizes){ .persons = 8, .vehicles = 1, .days = 1, .group_max = 2,
				      .name_pairs = PAIRS_PER_KIND };
	p.start_day = gen_default_start();
	assert_int_equal(gen_run(&p, bcps, &sink, NULL), 0);
	gen_bcps_free(bcps);
}

static void test_generated_pairs(void **state)
{
	struct quality q = { 0 };
	(void)state;
	strbuf_init(&q.why, 0);
	assert_int_equal(screen_normalizer_new(&q.nz), 0);
	generate(&q);
	snprintf(q.all.kind, sizeof q.all.kind, "all");
	for (size_t i = 0; i < q.nkinds; i++) {
		report(&q.kinds[i]);
		q.all.tp += q.kinds[i].tp;
		q.all.fp += q.kinds[i].fp;
		q.all.fn += q.kinds[i].fn;
		q.all.tn += q.kinds[i].tn;
	}
	report(&q.all);
	screen_normalizer_free(q.nz);
	strbuf_release(&q.why);
	assert_true(q.nkinds >= 6);
	assert_int_equal(q.all.tp + q.all.fn, q.nkinds * PAIRS_PER_KIND / 2);
	assert_true(ratio(q.all.tp, q.all.tp + q.all.fn) >= 0.98);
	assert_true(ratio(q.all.tp, q.all.tp + q.all.fp) >= 0.95);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_pairs),
	};
	if (argc != 2) {
		fprintf(stderr, "usage: test_quality data/bcps.csv\n");
		return 2;
	}
	bcps_path = argv[1];
	rics_alloc_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
