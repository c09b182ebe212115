// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The screening service over a real store: at open it streams every
 * watchlist entry, over several pages of the store, into the index; a
 * screened person is found whichever page held the entry, and by the other
 * names of an entry, which the explanation names.
 */
#include "core/alloc.h"
#include "core/strbuf.h"
#include "model/model.h"
#include "screen/service.h"
#include "store/store.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define ENTRIES 2500 /* the service reads the store 1,000 at a time */
#define ALIASED 1777  /* the entry with other names */

struct fixture {
	char dir[64], path[128];
	struct store *store;
	struct screen_service *svc;
	char ids[ENTRIES][RICS_UUID_LEN];
};

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Entry i: a surname made of syllables, distinct for every i below 4096. */
static json_t *entry(unsigned i)
{
	static const char *const syll[] = { "KA", "RU", "MO", "TE", "ZI", "BO", "NA", "LI" };
	char surname[64], birth[16];
	json_t *fields, *body;
	struct strbuf detail;
	snprintf(surname, sizeof surname, "%s%s%s%sOV", syll[i % 8], syll[i / 8 % 8],
		 syll[i / 64 % 8], syll[i / 512 % 8]);
	snprintf(birth, sizeof birth, "%u-%02u-%02u", 1950 + i % 50, 1 + i / 50 % 12, 1 + i % 28);
	body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "subject_type", "person", "surname",
			 surname, "given_names", "ALISHER", "birth_date", birth, "reason",
			 "test", "action", "inform");
	assert_non_null(body);
	if (i == ALIASED)
		json_object_set_new(body, "other_names",
				    json_pack("[s, s]", "Ҷамшед Шарипов", "Jamshid Sharipov"));
	strbuf_init(&detail, 0);
	if (model_validate(model_type_by_name("watchlist"), body, false, &detail, &fields))
		fail_msg("watchlist body refused: %s", detail.buf);
	strbuf_release(&detail);
	json_decref(body);
	return fields;
}

static int setup(void **state)
{
	struct fixture *f = rics_calloc(1, sizeof *f);
	struct store_options so = { .create = true, .readers = 2 };
	struct store_import_result *res = rics_calloc(ENTRIES, sizeof *res);
	const char **keys = rics_calloc(ENTRIES, sizeof *keys); /* no import keys */
	json_t *rows = json_array();
	assert_non_null(f);
	assert_non_null(res);
	assert_non_null(keys);
	snprintf(f->dir, sizeof f->dir, "/tmp/rics-screen-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/rics.db", f->dir);
	so.path = f->path;
	assert_int_equal(store_open(&so, &f->store), 0);
	for (unsigned i = 0; i < ENTRIES; i++)
		json_array_append_new(rows, entry(i));
	assert_int_equal(store_record_import(f->store, model_type_by_name("watchlist"), rows, keys,
					     "tester", NULL, res),
			 0);
	for (unsigned i = 0; i < ENTRIES; i++) {
		assert_int_equal(res[i].rc, 0);
		memcpy(f->ids[i], res[i].id, RICS_UUID_LEN);
	}
	json_decref(rows);
	rics_free(res);
	rics_free(keys);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	screen_service_free(f->svc);
	store_close(f->store);
	nftw(f->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	rics_free(f);
	return 0;
}

/* The id of the best hit for entry i's name and birth date, "" if none. */
static void best_hit(struct fixture *f, unsigned i, char out[RICS_UUID_LEN])
{
	json_t *e = entry(i), *hits = NULL;
	struct strbuf detail;
	strbuf_init(&detail, 0);
	assert_int_equal(screen_service_screen(f->svc, "person", e, 0, 10, &detail, &hits), 0);
	snprintf(out, RICS_UUID_LEN, "%s",
		 json_array_size(hits)
			 ? json_string_value(json_object_get(json_array_get(hits, 0), "watchlist_id"))
			 : "");
	json_decref(hits);
	json_decref(e);
	strbuf_release(&detail);
}

static void test_load_streams_every_page(void **state)
{
	struct fixture *f = *state;
	struct screen_index_stats st;
	char id[RICS_UUID_LEN];
	assert_int_equal(screen_service_open(f->store, &f->svc), 0);
	screen_service_stats(f->svc, &st);
	assert_int_equal(st.entries, ENTRIES);
	/* on the first, a middle and the last page */
	for (unsigned i = 0; i < ENTRIES; i += 1234) {
		best_hit(f, i, id);
		assert_string_equal(id, f->ids[i]);
	}
	best_hit(f, ENTRIES - 1, id);
	assert_string_equal(id, f->ids[ENTRIES - 1]);
}

static void test_alias_hit(void **state)
{
	struct fixture *f = *state;
	json_t *e = entry(ALIASED), *hits = NULL, *h;
	struct strbuf detail;
	const char *why;
	assert_int_equal(screen_service_open(f->store, &f->svc), 0);
	json_object_set_new(e, "surname", json_string("SHARIPOV"));
	json_object_set_new(e, "given_names", json_string("DZHAMSHED"));
	strbuf_init(&detail, 0);
	assert_int_equal(screen_service_screen(f->svc, "person", e, 0, 10, &detail, &hits), 0);
	assert_int_equal(json_array_size(hits), 1);
	h = json_array_get(hits, 0);
	assert_string_equal(json_string_value(json_object_get(h, "watchlist_id")), f->ids[ALIASED]);
	why = json_string_value(json_object_get(h, "explanation"));
	if (strncmp(why, "alias Ҷамшед Шарипов: ", strlen("alias Ҷамшед Шарипов: ")) != 0)
		fail_msg("explanation: %s", why);
	json_decref(hits);
	json_decref(e);
	strbuf_release(&detail);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_streams_every_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_hit, setup, teardown),
	};
	rics_alloc_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
