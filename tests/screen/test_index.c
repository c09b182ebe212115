// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The watchlist index: finds persons across scripts and spellings, documents
 * and plates despite OCR confusions, and a document's holder beside the
 * same person's other listings; puts, replacements and removals show at
 * once; expired entries are skipped; a fold of the delta into the base loses
 * nothing; queries run while another thread changes the index; typos and
 * garbled birth dates are found among crowds of namesakes.
 */
#include "core/alloc.h"
#include "core/error.h"
#include "screen/index.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

struct fixture {
	struct screen_normalizer *nz;
	struct screen_index *idx;
};

static int setup(void **state)
{
	struct fixture *f = rics_calloc(1, sizeof *f);
	assert_non_null(f);
	assert_int_equal(screen_normalizer_new(&f->nz), 0);
	assert_int_equal(screen_index_new(&f->idx), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	screen_index_free(f->idx);
	screen_normalizer_free(f->nz);
	rics_free(f);
	return 0;
}

static void person(struct fixture *f, struct screen_listing *l, const char *id, const char *surname,
		   const char *given, const char *birth)
{
	memset(l, 0, sizeof *l);
	snprintf(l->id, sizeof l->id, "%s", id);
	l->subject = SCREEN_SUBJECT_PERSON;
	snprintf(l->action, sizeof l->action, "detain");
	screen_name_init(&l->person.name);
	assert_int_equal(screen_name_append(f->nz, surname, SCREEN_KIND_SURNAME, &l->person.name), 0);
	if (given)
		assert_int_equal(screen_name_append(f->nz, given, SCREEN_KIND_GIVEN, &l->person.name), 0);
	if (birth)
		assert_int_equal(screen_date_parse(birth, &l->person.birth), 0);
}

static void id_of(char out[RICS_UUID_LEN], unsigned n)
{
	snprintf(out, RICS_UUID_LEN, "01900000-0000-7000-8000-%012x", n);
}

/* The ids the person query finds, best first, joined by spaces. */
static size_t find_person(struct fixture *f, const char *name, const char *birth, char *ids,
			  size_t size)
{
	struct screen_query q = { .subject = SCREEN_SUBJECT_PERSON };
	struct screen_match m[8];
	size_t n = 0;
	screen_name_init(&q.person.name);
	assert_int_equal(screen_name_normalize(f->nz, name, &q.person.name), 0);
	if (birth)
		assert_int_equal(screen_date_parse(birth, &q.person.birth), 0);
	assert_int_equal(screen_index_query(f->idx, &q, m, 8, &n), 0);
	ids[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(ids);
		snprintf(ids + len, size - len, "%s%s", i ? " " : "", m[i].listing.id);
		if (i)
			assert_true(m[i - 1].score >= m[i].score);
	}
	return n;
}

static void load_three(struct fixture *f)
{
	struct screen_listing l[3];
	char id[RICS_UUID_LEN];
	id_of(id, 1);
	person(f, &l[0], id, "Тохтасинов", "Алишер", "1979-03-14");
	id_of(id, 2);
	person(f, &l[1], id, "ABDULLAEV", "NODIR", "1985-07-01");
	id_of(id, 3);
	person(f, &l[2], id, "محمد", "ولی", NULL);
	assert_int_equal(screen_index_load(f->idx, l, 3), 0);
}

static void test_person_across_scripts(void **state)
{
	struct fixture *f = *state;
	char ids[512], want[RICS_UUID_LEN];
	load_three(f);
	id_of(want, 1);
	assert_int_equal(find_person(f, "TOKHTASINOV ALISHER", "1979-03-14", ids, sizeof ids), 1);
	assert_string_equal(ids, want);
	assert_int_equal(find_person(f, "Toxtasinov Alisher", "1979-03-14", ids, sizeof ids), 1);
	assert_int_equal(find_person(f, "ALISHER TUKHTASINOV", "1979-03-14", ids, sizeof ids), 1);
	assert_int_equal(find_person(f, "TOKHTAROV ALISHER", "1990-01-05", ids, sizeof ids), 0);
	id_of(want, 3);
	assert_int_equal(find_person(f, "MOHAMMAD WALI", NULL, ids, sizeof ids), 1);
	assert_string_equal(ids, want);
	id_of(want, 2);
	assert_int_equal(find_person(f, "ABDULLAYEV NODIR", "1985-07-01", ids, sizeof ids), 1);
	assert_string_equal(ids, want);
	/* day and month swapped */
	assert_int_equal(find_person(f, "Абдуллаев Нодир", "1985-01-07", ids, sizeof ids), 1);
	assert_string_equal(ids, want);
}

static void test_put_replace_remove(void **state)
{
	struct fixture *f = *state;
	struct screen_listing l;
	char ids[512], id[RICS_UUID_LEN];
	load_three(f);
	id_of(id, 4);
	person(f, &l, id, "Жаксылыков", "Ерлан", "1990-02-02");
	assert_int_equal(screen_index_put(f->idx, &l), 0);
	assert_int_equal(find_person(f, "ZHAKSYLYKOV ERLAN", "1990-02-02", ids, sizeof ids), 1);
	/* the same id with another name: the old name is gone at once */
	id_of(id, 1);
	person(f, &l, id, "Рахимов", "Рустам", "1970-01-10");
	assert_int_equal(screen_index_put(f->idx, &l), 0);
	assert_int_equal(find_person(f, "TOKHTASINOV ALISHER", "1979-03-14", ids, sizeof ids), 0);
	assert_int_equal(find_person(f, "RAKHIMOV RUSTAM", "1970-01-10", ids, sizeof ids), 1);
	assert_string_equal(ids, id);
	assert_int_equal(screen_index_remove(f->idx, id), 0);
	assert_int_equal(find_person(f, "RAKHIMOV RUSTAM", "1970-01-10", ids, sizeof ids), 0);
	assert_int_equal(screen_index_remove(f->idx, id), RICS_E_NOT_FOUND);
	struct screen_index_stats st;
	screen_index_stats(f->idx, &st);
	assert_int_equal(st.entries, 3);
}

static void test_documents_and_plates(void **state)
{
	struct fixture *f = *state;
	struct screen_listing l[2] = { 0 };
	struct screen_query q = { .subject = SCREEN_SUBJECT_DOCUMENT };
	struct screen_match m[4];
	size_t n;
	id_of(l[0].id, 10);
	l[0].subject = SCREEN_SUBJECT_DOCUMENT;
	assert_int_equal(screen_doc_normalize("N 0123456", l[0].person.doc), 0);
	snprintf(l[0].person.nationality, sizeof l[0].person.nationality, "TJK");
	id_of(l[1].id, 11);
	l[1].subject = SCREEN_SUBJECT_VEHICLE;
	assert_int_equal(screen_plate_normalize("01 А 123 ВС", l[1].plate), 0);
	assert_int_equal(screen_index_load(f->idx, l, 2), 0);
	/* O read for 0 */
	assert_int_equal(screen_doc_normalize("NO123456", q.person.doc), 0);
	assert_int_equal(screen_index_query(f->idx, &q, m, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_true(m[0].score >= 80 && m[0].score < 100);
	/* the same number from another issuing state is someone else's */
	snprintf(q.person.nationality, sizeof q.person.nationality, "KAZ");
	assert_int_equal(screen_index_query(f->idx, &q, m, 4, &n), 0);
	assert_int_equal(n, 0);
	struct screen_query v = { .subject = SCREEN_SUBJECT_VEHICLE };
	assert_int_equal(screen_plate_normalize("01A123BC", v.plate), 0);
	assert_int_equal(screen_index_query(f->idx, &v, m, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].score, 100);
}

/* A person query whose document number finds one listing still finds the
 * same person's other listings, which lack the number: the number's weight
 * must not push them out of the candidates scored. */
static void test_document_keeps_other_listings(void **state)
{
	struct fixture *f = *state;
	struct screen_listing l[3];
	struct screen_query q = { .subject = SCREEN_SUBJECT_PERSON };
	struct screen_match m[4];
	size_t n;
	char id[RICS_UUID_LEN];
	id_of(id, 20);
	person(f, &l[0], id, "KARIMOV", "ALISHER", "1983-11-02");
	assert_int_equal(screen_doc_normalize("N0123456", l[0].person.doc), 0);
	id_of(id, 21);
	person(f, &l[1], id, "KARIMOV", "ALISHER", "1983-11-02");
	id_of(id, 22);
	person(f, &l[2], id, "Каримов", "Алишер", "1983-11-02");
	assert_int_equal(screen_index_load(f->idx, l, 3), 0);
	screen_name_init(&q.person.name);
	assert_int_equal(screen_name_normalize(f->nz, "KARIMOV ALISHER", &q.person.name), 0);
	assert_int_equal(screen_date_parse("1983-11-02", &q.person.birth), 0);
	assert_int_equal(screen_doc_normalize("N0123456", q.person.doc), 0);
	assert_int_equal(screen_index_query(f->idx, &q, m, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(m[0].listing.id, l[0].id);
}

static void test_expired_skipped(void **state)
{
	struct fixture *f = *state;
	struct screen_listing l;
	char ids[512], id[RICS_UUID_LEN];
	struct screen_query q = { .subject = SCREEN_SUBJECT_PERSON, .now_ms = 2000 };
	struct screen_match m[2];
	size_t n;
	id_of(id, 20);
	person(f, &l, id, "SADYKOV", "AIBEK", "1980-01-02");
	l.expires_ms = 1000;
	assert_int_equal(screen_index_put(f->idx, &l), 0);
	screen_name_init(&q.person.name);
	assert_int_equal(screen_name_normalize(f->nz, "SADYKOV AIBEK", &q.person.name), 0);
	assert_int_equal(screen_index_query(f->idx, &q, m, 2, &n), 0);
	assert_int_equal(n, 0);
	q.now_ms = 500;
	assert_int_equal(screen_index_query(f->idx, &q, m, 2, &n), 0);
	assert_int_equal(n, 1);
	(void)ids;
}

static const char *const surnames[] = { "Abdullaev", "Karimov", "Rakhimov", "Yusupov", "Ergashev",
					"Nurlanov", "Sadykov", "Ismoilov", "Mamytov", "Bekov" };
static const char *const givens[] = { "Alisher", "Rustam", "Farrukh", "Aibek", "Nodir", "Timur",
				      "Bakhtiyor", "Jasur" };

/* A unique synthetic name for number i: a surname with a numbered stem. */
static void synthetic(struct fixture *f, struct screen_listing *l, unsigned i)
{
	char surname[64], id[RICS_UUID_LEN];
	static const char *const syll[] = { "KA", "RU", "MO", "TE", "ZI", "BO", "NA", "LI" };
	snprintf(surname, sizeof surname, "%s%s%s%s", syll[i % 8], syll[i / 8 % 8],
		 syll[i / 64 % 8], surnames[i / 512 % 10]);
	id_of(id, 1000 + i);
	person(f, l, id, surname, givens[i % 8], "1980-05-05");
}

static void test_fold_keeps_everything(void **state)
{
	struct fixture *f = *state;
	struct screen_listing l;
	char ids[512], id[RICS_UUID_LEN];
	struct screen_index_stats st;
	struct screen_listing *many = rics_calloc(4900, sizeof *many);
	assert_non_null(many);
	/* more than the delta holds: the writer folds into a new base */
	for (unsigned i = 0; i < 4900; i++)
		synthetic(f, &many[i], i);
	assert_int_equal(screen_index_put_many(f->idx, many, 4900), 0);
	rics_free(many);
	/* and single puts into the delta of the new base */
	for (unsigned i = 4900; i < 5000; i++) {
		synthetic(f, &l, i);
		assert_int_equal(screen_index_put(f->idx, &l), 0);
	}
	screen_index_stats(f->idx, &st);
	assert_int_equal(st.entries, 5000);
	for (unsigned i = 0; i < 5000; i += 499) {
		synthetic(f, &l, i);
		id_of(id, 1000 + i);
		assert_true(find_person(f, l.person.name.text, "1980-05-05", ids, sizeof ids) >= 1);
		assert_non_null(strstr(ids, id));
	}
	id_of(id, 1000 + 7);
	assert_int_equal(screen_index_remove(f->idx, id), 0);
	screen_index_stats(f->idx, &st);
	assert_int_equal(st.entries, 4999);
}

/* total synthetic listings, failing with -EIO at fail_at */
struct failing_source {
	struct fixture *f;
	unsigned n, total, fail_at;
};

static int failing_next(void *ctx, struct screen_listing *out)
{
	struct failing_source *src = ctx;
	if (src->n == src->fail_at)
		return -EIO;
	if (src->n == src->total)
		return 0;
	synthetic(src->f, out, src->n++);
	return 1;
}

/* A load that fails midway leaves the index as it was; one that ends
 * replaces it. */
static void test_stream_load(void **state)
{
	struct fixture *f = *state;
	struct failing_source src = { f, 0, 600, 500 };
	struct screen_index_stats st;
	char ids[512], want[RICS_UUID_LEN];
	load_three(f);
	assert_int_equal(screen_index_load_stream(f->idx, failing_next, &src), -EIO);
	screen_index_stats(f->idx, &st);
	assert_int_equal(st.entries, 3);
	id_of(want, 1);
	assert_int_equal(find_person(f, "TOKHTASINOV ALISHER", "1979-03-14", ids, sizeof ids), 1);
	assert_string_equal(ids, want);
	src.n = 0;
	src.fail_at = UINT32_MAX;
	assert_int_equal(screen_index_load_stream(f->idx, failing_next, &src), 0);
	screen_index_stats(f->idx, &st);
	assert_int_equal(st.entries, 600);
	assert_int_equal(find_person(f, "TOKHTASINOV ALISHER", "1979-03-14", ids, sizeof ids), 0);
}

#define DELTA_FILL 1100 /* more than the index keeps in its delta */

/* Other names are found and scored like the name, and say so. */
static void test_aliases(void **state)
{
	struct fixture *f = *state;
	struct screen_listing l;
	struct screen_query q = { .subject = SCREEN_SUBJECT_PERSON };
	struct screen_match m[2];
	size_t n;
	char id[RICS_UUID_LEN];
	load_three(f);
	id_of(id, 5);
	person(f, &l, id, "Рахимов", "Рустам", "1970-01-10");
	screen_name_init(&l.alias[0]);
	assert_int_equal(screen_name_normalize(f->nz, "Бахтиёр Сафаров", &l.alias[0]), 0);
	screen_name_init(&l.alias[1]);
	assert_int_equal(screen_name_normalize(f->nz, "Ҷамшед Шарипов", &l.alias[1]), 0);
	l.naliases = 2;
	assert_int_equal(screen_index_put(f->idx, &l), 0);
	screen_name_init(&q.person.name);
	assert_int_equal(screen_date_parse("1970-01-10", &q.person.birth), 0);
	assert_int_equal(screen_name_normalize(f->nz, "SHARIPOV DZHAMSHED", &q.person.name), 0);
	assert_int_equal(screen_index_query(f->idx, &q, m, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].listing.id, id);
	assert_int_equal(m[0].alias, 2);
	assert_string_equal(m[0].listing.person.name.text, "Ҷамшед Шарипов");
	assert_true(m[0].score >= 90);
	/* the main name still matches as itself */
	screen_name_init(&q.person.name);
	assert_int_equal(screen_name_normalize(f->nz, "RAKHIMOV RUSTAM", &q.person.name), 0);
	assert_int_equal(screen_index_query(f->idx, &q, m, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].alias, 0);
	/* aliases survive a fold into the base */
	struct screen_listing *many = rics_calloc(DELTA_FILL, sizeof *many);
	assert_non_null(many);
	for (unsigned i = 0; i < DELTA_FILL; i++)
		synthetic(f, &many[i], i);
	assert_int_equal(screen_index_put_many(f->idx, many, DELTA_FILL), 0);
	rics_free(many);
	screen_name_init(&q.person.name);
	assert_int_equal(screen_name_normalize(f->nz, "Safarov Baxtiyor", &q.person.name), 0);
	assert_int_equal(screen_index_query(f->idx, &q, m, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].alias, 1);
	assert_string_equal(m[0].listing.id, id);
}

#define CROWD 6600 /* over 3,072 of each: common keys then weigh found candidates by lookup */

/* A syllable-made name for number i, distinct for every i below 4096. */
static void crowd_name(char *out, size_t size, unsigned i, const char *end)
{
	static const char *const syll[] = { "KA", "RU", "MO", "TE", "ZI", "BO", "NA", "LI" };
	snprintf(out, size, "%s%s%s%s%s", syll[i % 8], syll[i / 8 % 8], syll[i / 64 % 8],
		 syll[i / 512 % 8], end);
}

/* Crowds around common names: 3,300 other Karimovs and 3,300 other Alishers
 * (far more than the index seeds from or takes typo keys of), 40 Karimov
 * Alishers born on other days, and the two listed persons. */
static void load_crowd(struct fixture *f)
{
	struct screen_listing *l = rics_calloc(CROWD + 42, sizeof *l);
	char id[RICS_UUID_LEN], name[64], birth[16];
	assert_non_null(l);
	for (unsigned i = 0; i < CROWD + 40; i++) {
		id_of(id, 100 + i);
		snprintf(birth, sizeof birth, "%u-%02u-%02u", 1950 + i % 25, 1 + i % 6, 15 + i % 13);
		crowd_name(name, sizeof name, i, i < CROWD / 2 ? "BEK" : "OV");
		if (i >= CROWD)
			person(f, &l[i], id, "Каримов", "Алишер", birth);
		else if (i < CROWD / 2)
			person(f, &l[i], id, "KARIMOV", name, birth);
		else
			person(f, &l[i], id, name, "ALISHER", birth);
	}
	id_of(id, 1);
	person(f, &l[CROWD + 40], id, "Тохтасинов", "Алишер", "1979-03-14");
	id_of(id, 2);
	person(f, &l[CROWD + 41], id, "Karimov", "Alisher", "1983-11-02");
	assert_int_equal(screen_index_load(f->idx, l, CROWD + 42), 0);
	rics_free(l);
}

static void assert_finds(struct fixture *f, const char *name, const char *birth, unsigned want)
{
	char ids[1024], id[RICS_UUID_LEN];
	id_of(id, want);
	find_person(f, name, birth, ids, sizeof ids);
	if (!strstr(ids, id))
		fail_msg("%s %s: not found (found %s)", name, birth ? birth : "", ids);
}

/* A common name's typo keys are not looked up; typos still meet. */
static void test_typos_among_common_names(void **state)
{
	struct fixture *f = *state;
	load_crowd(f);
	/* a rare name misspelt, with a common one, no date */
	assert_finds(f, "TOKHTASINOB ALISHER", NULL, 1);
	assert_finds(f, "ALISHER TOKHTASNOV", NULL, 1);
	/* a common name misspelt, beside another common one, with a date */
	assert_finds(f, "KARIMOV ALISHEP", "1983-11-02", 2);
	assert_finds(f, "KARIMOB ALISHER", "1983-11-02", 2);
}

/* Among namesakes the date finds the listed one, however it is garbled. */
static void test_dates_among_namesakes(void **state)
{
	struct fixture *f = *state;
	load_crowd(f);
	assert_finds(f, "KARIMOV ALISHER", "1983-11-02", 2);
	assert_finds(f, "KARIMOV ALISHER", "1983-02-11", 2);   /* day and month swapped */
	assert_finds(f, "KARIMOV ALISHER", "1983", 2);         /* year only */
	assert_finds(f, "KARIMOV ALISHER", "1988-11-02", 2);   /* one digit of the year */
	assert_finds(f, "KARIMOV ALISHER", "1983-11-05", 2);   /* one digit of the day */
	assert_finds(f, "Тохтасинов Алишер", "1970-03-14", 1);    /* and in another script */
}

struct reader_arg {
	struct fixture *f;
	struct screen_normalizer *nz;
	int found;
};

static void *reader(void *p)
{
	struct reader_arg *a = p;
	struct screen_query q = { .subject = SCREEN_SUBJECT_PERSON };
	struct screen_match m[4];
	size_t n;
	screen_name_init(&q.person.name);
	screen_name_normalize(a->nz, "TOKHTASINOV ALISHER", &q.person.name);
	screen_date_parse("1979-03-14", &q.person.birth);
	for (int i = 0; i < 300; i++) {
		if (screen_index_query(a->f->idx, &q, m, 4, &n) == 0 && n == 1)
			a->found++;
	}
	return NULL;
}

static void test_queries_while_writing(void **state)
{
	struct fixture *f = *state;
	struct reader_arg a[2] = { { f, NULL, 0 }, { f, NULL, 0 } };
	pthread_t t[2];
	struct screen_listing l;
	load_three(f);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(screen_normalizer_clone(f->nz, &a[i].nz), 0);
		assert_int_equal(pthread_create(&t[i], NULL, reader, &a[i]), 0);
	}
	for (unsigned i = 0; i < 300; i++) {
		synthetic(f, &l, i);
		assert_int_equal(screen_index_put(f->idx, &l), 0);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		screen_normalizer_free(a[i].nz);
		/* the listed person never left the index: every query found him */
		assert_int_equal(a[i].found, 300);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_person_across_scripts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_replace_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents_and_plates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_document_keeps_other_listings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queries_while_writing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typos_among_common_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates_among_namesakes, setup, teardown),
	};
	rics_alloc_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
