// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Tests of the synthetic data generator (src/ingest/gen*.c) at the small
 * scale: the same seed gives byte-identical output and another seed other
 * output; every row of every record type passes model_validate once its
 * '_' keys are resolved; every MRZ parses valid and agrees with its row;
 * every PAXLST file reads without a problem; the counts of each scale; the
 * planted networks with their relations, shared vehicle, co-travel, seizure
 * and watchlist entries; both labels in every kind of name pair; the
 * transliteration tables; the BCP reader's errors; and failing allocations
 * leave nothing behind.
 */
#include "core/alloc.h"
#include "core/error.h"
#include "ingest/edifact.h"
#include "ingest/gen.h"
#include "ingest/mrz.h"
#include "ingest/paxlst.h"
#include "model/model.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A few crossing points for when data/bcps.csv is not where the test looks. */
static const char bcps_inline[] =
	"code,name_en,name_local,country,neighbour,counterpart_code,type,lat,lon,"
	"named_in_brochure,confidence,source\n"
	"KZ-KORDAY,Korday,Кордай,KZ,KG,KG-AKZHOL,road;pedestrian,43.037,74.711,yes,x,\"a, b\"\n"
	"KG-AKZHOL,Ak-Zhol,Ак-Жол,KG,KZ,KZ-KORDAY,road;pedestrian,43.03,74.71,yes,x,y\n"
	"TJ-KYZYLART,Kyzyl-Art,Кызыл-Арт,TJ,KG,KG-BORDOBO,road,39.384,73.323,no,x,y\n"
	"KG-BORDOBO,Bor-Dobo,Бор-Дөбө,KG,TJ,TJ-KYZYLART,road,39.43,73.32,no,x,y\n"
	"TJ-PANJIPOYON,Panji Poyon,Панҷи Поён,TJ,AF,AF-SHERKHANBANDAR,road,37.2,68.58,no,x,y\n"
	"AF-SHERKHANBANDAR,Sher Khan Bandar,شیرخان بندر,AF,TJ,TJ-PANJIPOYON,road,37.19,68.58,no,x,y\n"
	"UZ-OYBEK,Oybek,Ойбек,UZ,TJ,TJ-FOTEHOBOD,road;pedestrian,40.62,69.22,yes,x,y\n"
	"TJ-FOTEHOBOD,Fotehobod,Фотеҳобод,TJ,UZ,UZ-OYBEK,road;pedestrian,40.62,69.21,yes,x,y\n"
	"KG-MANAS-AIR,\"Manas International Airport, Bishkek (FRU)\",Манас,KG,,,air,43.061,74.478,yes,x,y\n";

struct mem {
	struct strbuf out[GEN_NSTREAMS];
	size_t rows[GEN_NSTREAMS];
	json_t *keep[GEN_NSTREAMS]; /* rows, when asked */
	bool keep_rows;
};

static int mem_row(void *ctx, enum gen_stream s, json_t *row)
{
	struct mem *m = ctx;
	char *text = json_dumps(row, JSON_COMPACT | JSON_REAL_PRECISION(15));
	int rc = text && !strbuf_adds(&m->out[s], text) && !strbuf_addch(&m->out[s], '\n') ?
			 0 :
			 -ENOMEM;
	rics_free(text);
	m->rows[s]++;
	if (!rc && m->keep_rows)
		rc = json_array_append(m->keep[s], row) ? -ENOMEM : 0;
	return rc;
}

static int mem_file(void *ctx, enum gen_stream s, const char *name, const char *data, size_t len)
{
	struct mem *m = ctx;
	int rc = strbuf_addf(&m->out[s], "== %s\n", name) || strbuf_add(&m->out[s], data, len) ||
		 strbuf_addch(&m->out[s], '\n');
	m->rows[s]++;
	return rc ? -ENOMEM : 0;
}

static void mem_init(struct mem *m, bool keep)
{
	memset(m, 0, sizeof *m);
	m->keep_rows = keep;
	for (int s = 0; s < GEN_NSTREAMS; s++) {
		strbuf_init(&m->out[s], 0);
		m->keep[s] = json_array();
	}
}

static void mem_release(struct mem *m)
{
	for (int s = 0; s < GEN_NSTREAMS; s++) {
		strbuf_release(&m->out[s]);
		json_decref(m->keep[s]);
	}
}

/* ---- fixtures: the BCPs and one small run shared by most tests ---- */

struct fixture {
	struct gen_bcps *bcps;
	size_t bcp_rows; /* rows of the CSV */
	struct mem run;
	struct gen_stats stats;
	struct gen_params params;
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* data/bcps.csv from the source tree (the test runs in the build tree). */
static char *bcps_text(size_t *len)
{
	static const char *const paths[] = { "../data/bcps.csv", "data/bcps.csv",
					     "../../data/bcps.csv", NULL };
	char *text = NULL, path[4096];
	const char *src = __FILE__, *slash = strrchr(src, '/');
	if (slash) {
		snprintf(path, sizeof path, "%.*s/../../data/bcps.csv", (int)(slash - src), src);
		text = read_file(path, len);
	}
	for (int i = 0; !text && paths[i]; i++)
		text = read_file(paths[i], len);
	if (!text) {
		print_message("data/bcps.csv not found: using the test's own crossing points\n");
		*len = strlen(bcps_inline);
		text = malloc(*len + 1);
		memcpy(text, bcps_inline, *len + 1);
	}
	return text;
}

static size_t csv_rows(const char *text)
{
	size_t n = 0;
	bool quoted = false;
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		n += *p == '\n' && !quoted;
	}
	return n - 1; /* the header */
}

static int64_t start(void)
{
	return gen_default_start();
}

static void small_params(struct gen_params *p, uint64_t seed)
{
	memset(p, 0, sizeof *p);
	p->seed = seed;
	gen_sizes_for(GEN_SCALE_SMALL, &p->sizes);
	p->start_day = start();
	p->paxlst = true;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct gen_sink sink = { mem_row, mem_file, &f->run };
	struct strbuf err;
	size_t len;
	char *text = bcps_text(&len);

	strbuf_init(&err, 0);
	assert_int_equal(gen_bcps_parse(text, len, &err, &f->bcps), 0);
	f->bcp_rows = csv_rows(text);
	free(text);
	strbuf_release(&err);
	small_params(&f->params, 42);
	mem_init(&f->run, true);
	assert_int_equal(gen_run(&f->params, f->bcps, &sink, &f->stats), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mem_release(&f->run);
	gen_bcps_free(f->bcps);
	free(f);
	return 0;
}

/* ---- determinism ---- */

static void run_again(struct fixture *f, uint64_t seed, struct mem *m)
{
	struct gen_params p;
	struct gen_sink sink = { mem_row, mem_file, m };
	small_params(&p, seed);
	mem_init(m, false);
	assert_int_equal(gen_run(&p, f->bcps, &sink, NULL), 0);
}

static void test_same_seed_same_bytes(void **state)
{
	struct fixture *f = *state;
	struct mem m;
	run_again(f, 42, &m);
	for (int s = 0; s < GEN_NSTREAMS; s++) {
		assert_int_equal(m.out[s].len, f->run.out[s].len);
		assert_memory_equal(m.out[s].buf, f->run.out[s].buf, m.out[s].len);
	}
	mem_release(&m);
}

static void test_other_seed_other_bytes(void **state)
{
	struct fixture *f = *state;
	struct mem m;
	run_again(f, 43, &m);
	for (int s = GEN_PERSONS; s < GEN_PAXLST; s++)
		if (m.out[s].len == f->run.out[s].len)
			assert_memory_not_equal(m.out[s].buf, f->run.out[s].buf, m.out[s].len);
	/* the crossing points come from the file, not the seed */
	assert_memory_equal(m.out[GEN_BCPS].buf, f->run.out[GEN_BCPS].buf, m.out[GEN_BCPS].len);
	mem_release(&m);
}

static void test_rng(void **state)
{
	struct gen_rng a, b;
	unsigned w[3] = { 0, 5, 0 };
	(void)state;
	gen_rng_init(&a, 7, 1, 2);
	gen_rng_init(&b, 7, 1, 2);
	for (int i = 0; i < 100; i++)
		assert_true(gen_rng_next(&a) == gen_rng_next(&b));
	gen_rng_init(&b, 7, 1, 3);
	assert_true(gen_rng_next(&a) != gen_rng_next(&b));
	for (int i = 0; i < 1000; i++) {
		assert_true(gen_rng_below(&a, 7) < 7);
		int64_t v = gen_rng_range(&a, -3, 3);
		assert_true(v >= -3 && v <= 3);
		assert_int_equal(gen_rng_pick(&a, w, 3), 1);
	}
	assert_int_equal(gen_rng_below(&a, 0), 0);
}

/* ---- validity ---- */

static const char *fake_id(void *ctx, const char *ref)
{
	(void)ctx;
	return ref && *ref ? "01900000-0000-7000-8000-000000000001" : NULL;
}

static void test_rows_validate(void **state)
{
	struct fixture *f = *state;
	for (int s = GEN_BCPS; s <= GEN_WATCHLIST; s++) {
		const struct record_type *t = model_type_by_plural(gen_stream_name(s));
		size_t i;
		json_t *row;
		assert_non_null(t);
		assert_true(json_array_size(f->run.keep[s]) > 0);
		json_array_foreach(f->run.keep[s], i, row) {
			struct strbuf why;
			json_t *body = NULL, *out = NULL;
			strbuf_init(&why, 0);
			assert_non_null(json_object_get(row, "_ref"));
			assert_int_equal(gen_row_body(row, fake_id, NULL, &why, &body), 0);
			if (model_validate(t, body, false, &why, &out) != 0) {
				char *text = json_dumps(row, JSON_COMPACT);
				fail_msg("%s row %zu refused: %s\n%s", t->plural, i, why.buf, text);
			}
			json_decref(body);
			json_decref(out);
			strbuf_release(&why);
		}
	}
}

static void test_mrz_valid(void **state)
{
	struct fixture *f = *state;
	size_t i, td1 = 0, td3 = 0;
	json_t *row;

	json_array_foreach(f->run.keep[GEN_DOCUMENTS], i, row) {
		const char *mrz = json_string_value(json_object_get(row, "mrz"));
		const char *number = json_string_value(json_object_get(row, "number"));
		struct mrz_result r;
		assert_non_null(mrz);
		assert_int_equal(mrz_parse(mrz, strlen(mrz), start(), &r), 0);
		if (!r.valid)
			fail_msg("invalid MRZ of %s: %s\n%s", number,
				 r.errors.count ? r.errors.text[0] : "a check digit", mrz);
		assert_string_equal(r.document_number, number);
		assert_string_equal(r.issuing_state.code,
				    json_string_value(json_object_get(row, "issuing_country")));
		td1 += r.format == MRZ_FORMAT_TD1;
		td3 += r.format == MRZ_FORMAT_TD3;
	}
	assert_true(td1 > 0 && td3 > 0);
	assert_int_equal(td1, f->stats.td1);
	assert_int_equal(td3, f->stats.td3);
}

/* The files the generator wrote, split back at their "== name" lines. */
static void test_paxlst_reads(void **state)
{
	struct fixture *f = *state;
	const char *p = f->run.out[GEN_PAXLST].buf, *end = p + f->run.out[GEN_PAXLST].len;
	size_t files = 0;

	assert_true(f->stats.flights > 0);
	while (p < end) {
		const char *data = strchr(p, '\n') + 1, *next = strstr(data, "\n== ");
		size_t len = (size_t)((next ? next : end - 1) - data);
		struct edifact_interchange *ic = NULL;
		struct strbuf errors;
		json_t *out = NULL, *m;
		strbuf_init(&errors, 0);
		assert_int_equal(edifact_parse(data, len, &ic, &errors), 0);
		if (errors.len)
			fail_msg("PAXLST problems: %s\n%.*s", errors.buf, (int)len, data);
		assert_int_equal(paxlst_read(ic, &out), 0);
		assert_int_equal(json_array_size(json_object_get(out, "errors")), 0);
		m = json_array_get(json_object_get(out, "manifests"), 0);
		assert_non_null(m);
		assert_int_equal(json_array_size(json_object_get(m, "errors")), 0);
		assert_int_equal(json_integer_value(json_object_get(m, "declared_passengers")),
				 json_array_size(json_object_get(m, "passengers")));
		json_decref(out);
		edifact_interchange_free(ic);
		strbuf_release(&errors);
		files++;
		p = next ? next + 1 : end;
	}
	assert_int_equal(files, f->run.rows[GEN_PAXLST]);
}

/* ---- counts ---- */

static void test_counts(void **state)
{
	struct fixture *f = *state;
	struct gen_sizes s;

	gen_sizes_for(GEN_SCALE_SMALL, &s);
	assert_int_equal(s.persons, 500);
	assert_int_equal(s.crossings, 5000);
	gen_sizes_for(GEN_SCALE_MEDIUM, &s);
	assert_int_equal(s.persons, 20000);
	assert_int_equal(s.crossings, 200000);
	gen_sizes_for(GEN_SCALE_LARGE, &s);
	assert_int_equal(s.crossings, 10000000);

	gen_sizes_for(GEN_SCALE_SMALL, &s);
	assert_int_equal(f->run.rows[GEN_BCPS], f->bcp_rows);
	assert_int_equal(f->run.rows[GEN_PERSONS], s.persons);
	assert_int_equal(f->run.rows[GEN_VEHICLES], s.vehicles);
	assert_int_equal(f->run.rows[GEN_CROSSINGS], s.crossings);
	assert_true(f->run.rows[GEN_DOCUMENTS] > s.persons);
	assert_true(f->run.rows[GEN_DOCUMENTS] < 3 * s.persons);
	assert_true(f->run.rows[GEN_DECLARATIONS] > 0);
	assert_true(f->run.rows[GEN_SEIZURES] >= 3 && f->run.rows[GEN_SEIZURES] <= 4 * s.seizures);
	assert_true(f->run.rows[GEN_WATCHLIST] >= s.watchlist);
	assert_int_equal(f->run.rows[GEN_NAME_PAIRS], 6 * s.name_pairs);
	assert_true(f->stats.declarations_above > 0);
	for (int k = 0; k < GEN_NSTREAMS; k++)
		assert_int_equal(f->stats.rows[k], f->run.rows[k]);
}

/* ---- the planted networks ---- */

static size_t count_kind(json_t *rels, const char *kind)
{
	size_t i, n = 0;
	json_t *r;
	json_array_foreach(rels, i, r)
		n += !strcmp(json_string_value(json_object_get(r, "kind")), kind);
	return n;
}

static bool has_ref(json_t *rows, const char *ref)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "_ref")), ref))
			return true;
	return false;
}

/* Crossings of the organiser's couriers in the network's vehicle. */
static size_t crossings_in(json_t *xings, const char *vehicle, const char *person)
{
	size_t i, n = 0;
	json_t *x;
	json_array_foreach(xings, i, x) {
		const char *v = json_string_value(json_object_get(x, "_vehicle_ref"));
		const char *p = json_string_value(json_object_get(x, "_person_ref"));
		n += v && !strcmp(v, vehicle) && !strcmp(p, person) &&
		     json_object_get(x, "group_ref") != NULL;
	}
	return n;
}

static void test_networks(void **state)
{
	struct fixture *f = *state;
	json_t *rels = f->run.keep[GEN_RELATIONS], *r, *w;
	const char *kinds[] = { "organiser_of", "drives", "owns", "travelled_with",
				"shares_phone" };
	size_t i, drives = 0, watched = 0, joint = 0;

	assert_int_equal(f->stats.networks, f->params.sizes.networks);
	for (size_t k = 0; k < 5; k++)
		assert_true(count_kind(rels, kinds[k]) > 0);
	json_array_foreach(rels, i, r) {
		const char *from = json_string_value(json_object_get(r, "_from_ref"));
		const char *to = json_string_value(json_object_get(r, "_to_ref"));
		assert_true(has_ref(f->run.keep[GEN_PERSONS], from));
		assert_true(
			has_ref(f->run.keep[!strcmp(json_string_value(json_object_get(r, "to_type")),
						    "vehicle") ?
						    GEN_VEHICLES :
						    GEN_PERSONS],
				to));
		/* the driver crosses in the network's vehicle, with a group */
		if (!strcmp(json_string_value(json_object_get(r, "kind")), "drives"))
			drives += crossings_in(f->run.keep[GEN_CROSSINGS], to, from) >= 2;
	}
	assert_true(drives > 0);
	json_array_foreach(f->run.keep[GEN_WATCHLIST], i, w)
		watched += !strcmp(json_string_value(json_object_get(w, "list_name")),
				   "drug-trafficking");
	assert_true(watched >= 3 * f->stats.networks);
	json_array_foreach(f->run.keep[GEN_SEIZURES], i, r)
		joint += !strncmp(json_string_value(json_object_get(r, "case_ref")), "JOP-", 4);
	assert_true(joint >= 1);
}

static void test_name_pairs(void **state)
{
	struct fixture *f = *state;
	const char *kinds[] = { "cross-script", "transliteration", "typo",
				"order",        "patronymic",      "birth-date" };
	size_t yes[6] = { 0 }, no[6] = { 0 }, i;
	json_t *p;

	json_array_foreach(f->run.keep[GEN_NAME_PAIRS], i, p) {
		const char *k = json_string_value(json_object_get(p, "kind"));
		size_t j;
		for (j = 0; j < 6 && strcmp(kinds[j], k); j++)
			;
		assert_true(j < 6);
		assert_non_null(json_object_get(json_object_get(p, "a"), "surname"));
		assert_non_null(json_object_get(json_object_get(p, "b"), "birth_date"));
		assert_non_null(json_object_get(p, "note"));
		if (json_is_true(json_object_get(p, "match")))
			yes[j]++;
		else
			no[j]++;
		/* a pair is never two identical records */
		assert_false(json_equal(json_object_get(p, "a"), json_object_get(p, "b")));
	}
	for (size_t j = 0; j < 6; j++) {
		assert_true(yes[j] > 0);
		assert_true(no[j] > 0);
	}
}

/* ---- names ---- */

static void expect_mrz(const char *name, const char *nat, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_int_equal(gen_mrz_name(name, nat, &sb), 0);
	if (strcmp(sb.buf, want))
		fail_msg("%s (%s): got %s, want %s", name, nat, sb.buf, want);
	strbuf_release(&sb);
}

static void test_mrz_names(void **state)
{
	struct strbuf sb;
	(void)state;
	expect_mrz("Жанна Щербакова", "RUS", "ZHANNA SHCHERBAKOVA");
	expect_mrz("Юлия", "RUS", "IULIIA");
	expect_mrz("Цой Хабибуллин", "RUS", "TSOI KHABIBULLIN");
	expect_mrz("Объедков Ёлкин Ыбырай", "RUS", "OBIEEDKOV ELKIN YBYRAI");
	expect_mrz("Әбдіхалықов Нұрлан", "KAZ", "ABDIKHALYKOV NURLAN");
	expect_mrz("Өмүрбеков Чыңгыз", "KGZ", "OMURBEKOV CHYNGYZ");
	expect_mrz("Қурбонов Ҷамшед Ғафуров", "TJK", "QURBONOV JAMSHED GHAFUROV");
	expect_mrz("Oʻtkir Gʻaniyev Toʻxtasinov", "UZB", "OTKIR GANIYEV TOXTASINOV");
	expect_mrz("Öwezow Çaryýew Mähri Begenç", "TKM", "OEWEZOW CARYYEW MAEHRI BEGENC");
	expect_mrz("Abdul Rahman", "AFG", "ABDUL RAHMAN");
	strbuf_init(&sb, 0);
	assert_int_equal(gen_mrz_name("محمد", "AFG", &sb), RICS_E_INVALID);
	strbuf_release(&sb);
}

/* ---- the '_' keys ---- */

static const char *map_p1(void *ctx, const char *ref)
{
	(void)ctx;
	return !strcmp(ref, "p1") ? "01900000-0000-7000-8000-0000000000aa" : NULL;
}

static void test_row_body(void **state)
{
	json_t *row = json_loads("{\"_ref\":\"s1\",\"_person_refs\":[\"p1\"],\"_x\":1,\"a\":2,"
				 "\"_from_ref\":\"p1\"}",
				 0, NULL),
	       *body = NULL;
	struct strbuf why;
	char key[40];
	(void)state;

	strbuf_init(&why, 0);
	assert_int_equal(gen_row_body(row, map_p1, NULL, &why, &body), 0);
	assert_int_equal(json_object_size(body), 3);
	assert_string_equal(json_string_value(
				    json_array_get(json_object_get(body, "person_ids"), 0)),
			    "01900000-0000-7000-8000-0000000000aa");
	assert_non_null(json_object_get(body, "from_id"));
	json_decref(body);
	body = NULL;
	json_object_set_new(row, "_vehicle_ref", json_string("v9"));
	assert_int_equal(gen_row_body(row, map_p1, NULL, &why, &body), RICS_E_NOT_FOUND);
	assert_null(body);
	assert_non_null(strstr(why.buf, "'v9'"));
	assert_true(gen_ref_key("person_id", key, sizeof key));
	assert_string_equal(key, "_person_ref");
	assert_true(gen_ref_key("vehicle_ids", key, sizeof key));
	assert_string_equal(key, "_vehicle_refs");
	assert_false(gen_ref_key("plate", key, sizeof key));
	json_decref(row);
	strbuf_release(&why);
}

/* ---- the BCP reader ---- */

static void expect_bad_csv(const char *csv, const char *want)
{
	struct gen_bcps *b = (struct gen_bcps *)&b;
	struct strbuf err;
	strbuf_init(&err, 0);
	assert_int_equal(gen_bcps_parse(csv, strlen(csv), &err, &b), RICS_E_INVALID);
	assert_ptr_equal(b, (struct gen_bcps *)&b); /* untouched */
	if (!strstr(err.buf, want))
		fail_msg("'%s' should say '%s', says '%s'", csv, want, err.buf);
	strbuf_release(&err);
}

static void test_bcps_errors(void **state)
{
	struct gen_bcps *b = NULL;
	struct strbuf err;
	const char ok[] = "code,name_en,country\r\nA-1,\"One, \"\"the\"\" first\",KZ\r\n";
	(void)state;

	expect_bad_csv("", "empty");
	expect_bad_csv("code,name_en\nX,Y\n", "no column 'country'");
	expect_bad_csv("code,name_en,country\nX,\"Y,KZ\n", "line 2: a quoted field is not closed");
	expect_bad_csv("code,name_en,country\nX,Y,kz\n", "line 2: country 'kz'");
	expect_bad_csv("code,name_en,country\nX,Y,KZ\nX,Z,KG\n",
		       "line 3: crossing point 'X' is listed twice");
	expect_bad_csv("code,name_en,country\n", "no crossing points");
	strbuf_init(&err, 0);
	assert_int_equal(gen_bcps_parse(ok, strlen(ok), &err, &b), 0);
	assert_int_equal(gen_bcps_count(b), 1);
	gen_bcps_free(b);
	gen_bcps_free(NULL);
	strbuf_release(&err);
}

/* ---- failing allocations ---- */

static void test_alloc_failures(void **state)
{
	struct fixture *f = *state;
	struct gen_params p;
	int failed = 0;

	small_params(&p, 5);
	p.sizes.persons = 40;
	p.sizes.vehicles = 10;
	p.sizes.crossings = 200;
	p.sizes.days = 3;
	p.sizes.watchlist = 4;
	p.sizes.name_pairs = 2;
	for (long n = 1; n < 4000; n += 37) {
		struct mem m;
		struct gen_sink sink = { mem_row, mem_file, &m };
		int rc;
		mem_init(&m, false);
		rics_alloc_fail_after(n);
		rc = gen_run(&p, f->bcps, &sink, NULL);
		rics_alloc_fail_after(0);
		assert_true(rc == 0 || rc == -ENOMEM);
		failed += rc == -ENOMEM;
		mem_release(&m);
	}
	assert_true(failed > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_mrz_names),
		cmocka_unit_test(test_row_body),
		cmocka_unit_test(test_bcps_errors),
		cmocka_unit_test_setup_teardown(test_same_seed_same_bytes, setup, teardown),
	};
	const struct CMUnitTest shared[] = {
		cmocka_unit_test(test_other_seed_other_bytes),
		cmocka_unit_test(test_rows_validate),
		cmocka_unit_test(test_mrz_valid),
		cmocka_unit_test(test_paxlst_reads),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_networks),
		cmocka_unit_test(test_name_pairs),
		cmocka_unit_test(test_alloc_failures),
	};
	int rc;

	rics_alloc_install();
	rc = cmocka_run_group_tests_name("gen", tests, NULL, NULL);
	return rc + cmocka_run_group_tests_name("gen on one small run", shared, setup, teardown);
}
