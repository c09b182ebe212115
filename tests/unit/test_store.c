// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of src/store over SQLite. Each test opens a fresh store in its
 * own directory under /tmp (removed afterwards) with a fake clock, and
 * checks: the node identity; a record round trip for every type in
 * model_types; visibility by classification; cursor pagination; name search;
 * optimistic concurrency; the migrations and the refusal of a newer schema;
 * upgrades from every older schema (and no_migrate refusing them); the
 * schema matching the type descriptions; the audit chain detecting a
 * changed or deleted entry (edited with raw sqlite3 between opens); group
 * commit under 8 writer threads with failing writes mixed in; batch import
 * with import keys; users, sessions and API tokens; backup and integrity
 * check; the exchange's batch operations (a received batch stored all or
 * none, each envelope once; acknowledged rows marked delivered together,
 * due rows in the order queued); the situation picture (the day's counters,
 * each BCP's state and counts by clearance, a BCP's hourly throughput).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/ids.h"
#include "fixtures.h"
#include "model/model.h"
#include "store/migrations.h"
#include "store/store.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1795907163123 /* 2026-11-28T23:06:03.123Z */

struct fixture {
	char dir[32];
	char path[64];
	int64_t now;
	struct rics_clock clock;
	struct store *s;
	struct store_node node;
};

static const struct store_view view_all = { CLS_SECRET };
static const struct store_view view_restricted = { CLS_RESTRICTED };
static const struct store_view view_unclassified = { CLS_UNCLASSIFIED };

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' does not contain '%s'", hay, needle);
}

static const struct record_type *type(const char *name)
{
	const struct record_type *t = model_type_by_name(name);
	if (!t)
		fail_msg("no record type '%s'", name);
	return t;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int store_reopen(struct fixture *f)
{
	struct store_options so = {
		.path = f->path, .clock = &f->clock, .create = true, .readers = 2
	};
	store_close(f->s);
	f->s = NULL;
	return store_open(&so, &f->s);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/rics-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/rics.db", f->dir);
	f->now = T0;
	f->clock.now_ms = rics_clock_fake_now;
	f->clock.ctx = &f->now;
	if (store_reopen(f))
		return -1;
	rics_uuid7(T0, f->node.id);
	snprintf(f->node.name, sizeof f->node.name, "Korday test node");
	snprintf(f->node.country, sizeof f->node.country, "KZ");
	snprintf(f->node.agency, sizeof f->node.agency, "border");
	snprintf(f->node.bcp_code, sizeof f->node.bcp_code, "KZ-KORDAY");
	rics_time_format(T0, f->node.created_at);
	if (store_node_create_self(f->s, &f->node))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	nftw(f->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* Run sql on the database file with a connection of its own. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fail_msg("bad test JSON '%s': %s", text, e.text);
	return j;
}

/* Validate body as a request would be, create the record; steals body. */
static int create(struct fixture *f, const struct record_type *t, json_t *body, json_t **out)
{
	struct strbuf detail;
	struct audit_event ev = {
		.actor = "tester", .action = "create", .object_type = t->name, .outcome = "ok"
	};
	json_t *fields = NULL;
	int rc;
	strbuf_init(&detail, 0);
	if (model_validate(t, body, false, &detail, &fields))
		fail_msg("%s body refused: %s", t->name, detail.buf);
	ev.classification = model_record_classification(fields);
	rc = store_record_create(f->s, t, fields, "tester", &ev, out);
	json_decref(fields);
	json_decref(body);
	strbuf_release(&detail);
	return rc;
}

static json_t *create_ok(struct fixture *f, const char *tname, const char *text)
{
	json_t *rec = NULL;
	int rc = create(f, type(tname), parse(text), &rec);
	if (rc)
		fail_msg("create %s %s: %s", tname, text, rics_strerror(rc));
	return rec;
}

static const char *id_of(json_t *rec)
{
	return json_string_value(json_object_get(rec, "id"));
}

static const char *str_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static int64_t count(struct fixture *f, const char *tname, const struct store_view *v)
{
	int64_t n = -1;
	assert_int_equal(store_record_count(f->s, type(tname), v, &n), 0);
	return n;
}

/* The values of want (a validated body) as they came back in rec. */
static void assert_fields_equal(const char *tname, json_t *want, json_t *rec)
{
	const char *key;
	json_t *v;
	json_object_foreach(want, key, v) {
		json_t *got = json_object_get(rec, key);
		if (!got)
			fail_msg("%s.%s missing", tname, key);
		if (json_is_number(v) && json_is_number(got)) {
			if (json_number_value(v) != json_number_value(got))
				fail_msg("%s.%s: %g, want %g", tname, key, json_number_value(got),
					 json_number_value(v));
		} else if (!json_equal(v, got)) {
			char *a = json_dumps(got, JSON_ENCODE_ANY),
			     *b = json_dumps(v, JSON_ENCODE_ANY);
			fail_msg("%s.%s: %s, want %s", tname, key, a, b);
		}
	}
}

/* ---- node ---- */

static void test_node_self(void **state)
{
	struct fixture *f = *state;
	struct store_node n, again = f->node;
	json_t *rec;
	memset(&n, 0, sizeof n);
	assert_int_equal(store_node_self(f->s, &n), 0);
	assert_string_equal(n.id, f->node.id);
	assert_string_equal(n.name, "Korday test node");
	assert_string_equal(n.country, "KZ");
	assert_string_equal(n.agency, "border");
	assert_string_equal(n.bcp_code, "KZ-KORDAY");
	assert_string_equal(n.created_at, "2026-11-28T23:06:03.123Z");
	/* a node has one identity */
	rics_uuid7(T0 + 1, again.id);
	assert_int_equal(store_node_create_self(f->s, &again), RICS_E_CONFLICT);
	/* records carry the node as origin, also after a reopen */
	assert_int_equal(store_reopen(f), 0);
	rec = create_ok(f, "person", "{\"surname\": \"Smith\"}");
	assert_string_equal(json_string_value(json_object_get(rec, "origin_node")), f->node.id);
	json_decref(rec);
}

static void test_node_absent(void **state)
{
	struct fixture *f = *state;
	struct store_node n;
	char path[96];
	struct store *s = NULL;
	struct store_options so = { .path = path, .create = true, .readers = 1 };
	snprintf(path, sizeof path, "%s/other.db", f->dir);
	assert_int_equal(store_open(&so, &s), 0);
	assert_int_equal(store_node_self(s, &n), RICS_E_NOT_FOUND);
	store_close(s);
	/* without create, a missing file is an error, not a new store */
	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	so.create = false;
	s = NULL;
	assert_int_not_equal(store_open(&so, &s), 0);
	assert_null(s);
	assert_int_equal(access(path, F_OK), -1);
}

/* ---- records ---- */

/* A patch changing one updatable field of t, validated. */
static json_t *some_patch(const struct record_type *t)
{
	struct strbuf detail;
	json_t *patch = json_object(), *out = NULL;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field_desc *fd = &t->fields[i];
		if (fd->kind == FK_TEXT && fd->flags & FF_UPDATABLE) {
			json_object_set_new(patch, fd->name, json_string("changed"));
			break;
		}
	}
	json_object_set_new(patch, "classification", json_string("CONFIDENTIAL"));
	strbuf_init(&detail, 0);
	if (model_validate(t, patch, true, &detail, &out))
		fail_msg("%s patch: %s", t->name, detail.buf);
	strbuf_release(&detail);
	json_decref(patch);
	return out;
}

/* The fields the store sets on a new record. */
static void check_server_fields(struct fixture *f, const struct record_type *t, json_t *rec)
{
	assert_true(rics_uuid7_time(id_of(rec)) == f->now);
	assert_string_equal(str_of(rec, "created_at"), "2026-11-28T23:06:03.123Z");
	assert_string_equal(str_of(rec, "updated_at"), "2026-11-28T23:06:03.123Z");
	assert_string_equal(str_of(rec, "created_by"), "tester");
	assert_int_equal(json_integer_value(json_object_get(rec, "version")), 1);
	assert_string_equal(str_of(rec, "origin_node"), f->node.id);
	/* times come back in UTC with milliseconds */
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].kind == FK_TIME)
			assert_string_equal(str_of(rec, t->fields[i].name),
					    "2026-11-28T23:06:03.500Z");
}

/* get, list and count see rec as it was returned by create. */
static void check_read_back(struct fixture *f, const struct record_type *t, json_t *rec)
{
	struct store_query q = { .view = &view_all, .limit = 10 };
	char next[RICS_UUID_LEN];
	json_t *got = NULL, *items = NULL;

	assert_int_equal(store_record_get(f->s, t, id_of(rec), &view_all, &got), 0);
	assert_true(json_equal(got, rec));
	json_decref(got);
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 1);
	assert_true(json_equal(json_array_get(items, 0), rec));
	assert_string_equal(next, "");
	json_decref(items);
	assert_true(count(f, t->name, &view_all) == 1);
}

/* One second later, a PATCH of version 1 makes version 2. */
static void check_update(struct fixture *f, const struct record_type *t, json_t *rec)
{
	json_t *patch = some_patch(t), *upd = NULL, *got = NULL;

	f->now += 1000;
	assert_int_equal(store_record_update(f->s, t, id_of(rec), patch, 1, &view_all, "tester",
					     NULL, &upd),
			 0);
	f->now -= 1000;
	assert_fields_equal(t->name, patch, upd);
	assert_int_equal(json_integer_value(json_object_get(upd, "version")), 2);
	assert_string_equal(str_of(upd, "updated_at"), "2026-11-28T23:06:04.123Z");
	assert_string_equal(str_of(upd, "created_at"), "2026-11-28T23:06:03.123Z");
	assert_int_equal(store_record_get(f->s, t, id_of(rec), &view_all, &got), 0);
	assert_true(json_equal(got, upd));
	json_decref(got);
	json_decref(upd);
	json_decref(patch);
}

/* Create a record of t holding every field; refs gets its id. */
static void round_trip_type(struct fixture *f, const struct record_type *t, json_t *refs)
{
	struct strbuf detail;
	json_t *body = fixture_body(t, 7, true, refs), *want = NULL, *rec = NULL;
	int rc;

	strbuf_init(&detail, 0);
	if (model_validate(t, body, false, &detail, &want))
		fail_msg("%s: %s", t->name, detail.buf);
	rc = create(f, t, json_incref(body), &rec);
	if (rc)
		fail_msg("create %s: %s", t->name, rics_strerror(rc));
	assert_fields_equal(t->name, want, rec);
	check_server_fields(f, t, rec);
	check_read_back(f, t, rec);
	check_update(f, t, rec);
	json_object_set(refs, t->name, json_object_get(rec, "id"));
	json_decref(rec);
	json_decref(want);
	json_decref(body);
	strbuf_release(&detail);
}

static void test_round_trip_every_type(void **state)
{
	struct fixture *f = *state;
	json_t *refs = json_object();
	size_t n;
	for (n = 0; model_types[n]; n++)
		round_trip_type(f, model_types[n], refs);
	assert_int_equal(json_object_size(refs), n);
	json_decref(refs);
}

static void test_minimal_defaults(void **state)
{
	struct fixture *f = *state;
	json_t *refs = json_object();
	for (size_t n = 0; model_types[n]; n++) {
		const struct record_type *t = model_types[n];
		json_t *rec = NULL;
		int rc = create(f, t, fixture_body(t, 1, false, refs), &rec);
		if (rc)
			fail_msg("create minimal %s: %s", t->name, rics_strerror(rc));
		assert_string_equal(json_string_value(json_object_get(rec, "classification")),
				    "UNCLASSIFIED");
		assert_string_equal(json_string_value(json_object_get(rec, "handling")), "H0");
		assert_true(json_is_array(json_object_get(rec, "releasable_countries")));
		assert_int_equal(json_array_size(json_object_get(rec, "releasable_countries")), 0);
		assert_null(json_object_get(rec, "handling_note"));
		assert_null(json_object_get(rec, "assessment"));
		json_object_set(refs, t->name, json_object_get(rec, "id"));
		json_decref(rec);
	}
	json_t *hit = NULL, *msg = NULL;
	assert_int_equal(store_record_get(f->s, type("hit"),
					  json_string_value(json_object_get(refs, "hit")),
					  &view_all, &hit),
			 0);
	assert_string_equal(json_string_value(json_object_get(hit, "status")), "new");
	assert_int_equal(store_record_get(f->s, type("message"),
					  json_string_value(json_object_get(refs, "message")),
					  &view_all, &msg),
			 0);
	assert_string_equal(json_string_value(json_object_get(msg, "status")), "queued");
	json_decref(hit);
	json_decref(msg);
	json_decref(refs);
}

static void test_reference_must_exist(void **state)
{
	struct fixture *f = *state;
	json_t *rec = NULL;
	char text[256], id[RICS_UUID_LEN];
	rics_uuid7(T0, id);
	snprintf(text, sizeof text,
		 "{\"person_id\": \"%s\", \"bcp_code\": \"KZ-KORDAY\", \"direction\": \"out\","
		 " \"declared_at\": \"2026-11-28T10:00:00Z\", \"currency\": \"USD\","
		 " \"amount\": 25000}",
		 id);
	assert_int_equal(create(f, type("declaration"), parse(text), &rec), RICS_E_CONFLICT);
	assert_null(rec);
	assert_true(count(f, "declaration", &view_all) == 0);
	/* unique codes */
	json_decref(
		create_ok(f, "bcp",
			  "{\"code\": \"KZ-KORDAY\", \"name\": \"Korday\", \"country\": \"KZ\"}"));
	assert_int_equal(
		create(f, type("bcp"),
		       parse("{\"code\": \"KZ-KORDAY\", \"name\": \"Again\", \"country\": \"KZ\"}"),
		       &rec),
		RICS_E_CONFLICT);
	assert_true(count(f, "bcp", &view_all) == 1);
}

static void test_visibility(void **state)
{
	struct fixture *f = *state;
	const struct record_type *t = type("person");
	json_t *secret =
		create_ok(f, "person", "{\"surname\": \"Hidden\", \"classification\": \"SECRET\"}");
	json_t *restr = create_ok(f, "person",
				  "{\"surname\": \"Smith\", \"classification\": \"RESTRICTED\"}");
	json_t *open = create_ok(f, "person", "{\"surname\": \"Jones\"}");
	json_t *got = NULL, *items = NULL, *patch = parse("{\"notes\": \"x\"}");
	struct store_query q = { .view = &view_restricted, .limit = 100 };
	char next[RICS_UUID_LEN];

	assert_int_equal(store_record_get(f->s, t, id_of(secret), &view_restricted, &got),
			 RICS_E_NOT_FOUND);
	assert_null(got);
	assert_int_equal(store_record_get(f->s, t, id_of(restr), &view_restricted, &got), 0);
	json_decref(got);
	got = NULL;
	assert_int_equal(store_record_get(f->s, t, id_of(restr), &view_unclassified, &got),
			 RICS_E_NOT_FOUND);
	assert_int_equal(store_record_get(f->s, t, id_of(secret), &view_all, &got), 0);
	json_decref(got);

	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 2);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_string_not_equal(id_of(json_array_get(items, i)), id_of(secret));
	json_decref(items);
	q.name = "hidden";
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);

	/* a filter on classification cannot reach past the view */
	q.name = NULL;
	q.filters = parse("{\"classification\": \"SECRET\"}");
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	q.view = &view_all;
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(id_of(json_array_get(items, 0)), id_of(secret));
	json_decref(items);
	json_decref(q.filters);

	assert_true(count(f, "person", &view_restricted) == 2);
	assert_true(count(f, "person", &view_unclassified) == 1);
	assert_true(count(f, "person", &view_all) == 3);

	/* a record the view cannot see cannot be updated through it either */
	got = NULL;
	assert_int_equal(store_record_update(f->s, t, id_of(secret), patch, -1, &view_restricted,
					     "tester", NULL, &got),
			 RICS_E_NOT_FOUND);
	assert_null(got);
	json_decref(patch);
	json_decref(secret);
	json_decref(restr);
	json_decref(open);
}

static void test_pagination(void **state)
{
	struct fixture *f = *state;
	const struct record_type *t = type("crossing");
	char ids[25][RICS_UUID_LEN], next[RICS_UUID_LEN] = "";
	unsigned sizes[4], pages = 0, seen = 0;
	static const char *const bodies[] = {
		"{\"bcp_code\": \"KZ-KORDAY\", \"direction\": \"out\","
		" \"crossed_at\": \"2026-11-28T10:00:00Z\"}",
		"{\"bcp_code\": \"KZ-KORDAY\", \"direction\": \"in\","
		" \"crossed_at\": \"2026-11-28T10:00:00Z\"}",
	};
	for (int i = 0; i < 25; i++) {
		json_t *rec;
		f->now = T0 + i; /* one millisecond apart: ids in creation order */
		rec = create_ok(f, "crossing", bodies[i % 2]);
		snprintf(ids[i], sizeof ids[i], "%s", id_of(rec));
		json_decref(rec);
	}
	do {
		struct store_query q = { .view = &view_all,
					 .limit = 10,
					 .after = pages ? next : NULL };
		char cursor[RICS_UUID_LEN];
		json_t *items = NULL;
		assert_true(pages < 4);
		assert_int_equal(store_record_list(f->s, t, &q, &items, cursor), 0);
		sizes[pages++] = (unsigned)json_array_size(items);
		for (size_t i = 0; i < json_array_size(items); i++) {
			assert_true(seen < 25);
			/* each id once, in creation order: no duplicate, no gap */
			assert_string_equal(id_of(json_array_get(items, i)), ids[seen]);
			seen++;
		}
		json_decref(items);
		memcpy(next, cursor, sizeof next);
	} while (next[0]);
	assert_int_equal(pages, 3);
	assert_int_equal(sizes[0], 10);
	assert_int_equal(sizes[1], 10);
	assert_int_equal(sizes[2], 5);
	assert_int_equal(seen, 25);

	/* a filter and pages together */
	struct store_query q = { .view = &view_all,
				 .limit = 5,
				 .filters = parse("{\"direction\": \"in\"}") };
	json_t *items = NULL;
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 5);
	assert_string_equal(next, id_of(json_array_get(items, 4)));
	json_decref(items);
	q.after = next;
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 5);
	assert_string_equal(id_of(json_array_get(items, 0)), ids[11]);
	json_decref(items);
	json_decref(q.filters);

	/* newest first, paged backwards; an exclusion beside a filter */
	q = (struct store_query){ .view = &view_all, .limit = 4, .newest_first = true,
				  .filters = parse("{\"direction\": \"in\"}"),
				  .excludes = json_pack("{ss}", "id", ids[23]) };
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 4);
	/* odd ones are "in"; 23 is excluded */
	assert_string_equal(id_of(json_array_get(items, 0)), ids[21]);
	assert_string_equal(id_of(json_array_get(items, 3)), ids[15]);
	json_decref(items);
	q.after = next;
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_string_equal(id_of(json_array_get(items, 0)), ids[13]);
	json_decref(items);
	json_decref(q.filters);
	json_decref(q.excludes);
}

static void test_order_within_millisecond(void **state)
{
	struct fixture *f = *state;
	struct store_query q = { .view = &view_all, .limit = 100 };
	char ids[20][RICS_UUID_LEN], next[RICS_UUID_LEN];
	json_t *items = NULL;
	/* BUG: store.h lists records "in id (creation time) order" and pages
	 * with "id > cursor", but rics_uuid7 fills everything below the
	 * millisecond with random bits, so records made in the same millisecond
	 * (a group commit batch, say) sort at random: a client that pages to the
	 * end and later asks for what came after its cursor misses any record
	 * created in that millisecond with a smaller random part. The ids made
	 * by the writer thread should be monotonic (RFC 9562 section 6.2,
	 * method 1 or 3), e.g. from a last-id kept in struct store. */
	for (int i = 0; i < 20; i++) {
		json_t *rec = create_ok(f, "person", "{\"surname\": \"Same\"}");
		snprintf(ids[i], sizeof ids[i], "%s", id_of(rec));
		json_decref(rec);
	}
	assert_int_equal(store_record_list(f->s, type("person"), &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 20);
	for (int i = 0; i < 20; i++)
		assert_string_equal(id_of(json_array_get(items, (size_t)i)), ids[i]);
	json_decref(items);
}

/* Check the given names of the persons a name query finds, sorted and
 * joined by '|', against want. */
static void name_query(struct fixture *f, const char *name, bool prefix, const struct store_view *v,
		       const char *want)
{
	struct store_query q = { .view = v, .limit = 100, .name = name, .name_prefix = prefix };
	json_t *items = NULL;
	char next[RICS_UUID_LEN], got[512] = "";
	const char *names[100];
	size_t n;
	assert_int_equal(store_record_list(f->s, type("person"), &q, &items, next), 0);
	n = json_array_size(items);
	for (size_t i = 0; i < n; i++)
		names[i] =
			json_string_value(json_object_get(json_array_get(items, i), "given_names"));
	for (size_t i = 1; i < n; i++) /* insertion sort: few items */
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			const char *tmp = names[j];
			names[j] = names[j - 1];
			names[j - 1] = tmp;
		}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(got);
		snprintf(got + len, sizeof got - len, "%s%s", i ? "|" : "", names[i]);
	}
	if (strcmp(got, want) != 0)
		fail_msg("%s '%s': '%s', want '%s'", prefix ? "prefix" : "exact", name, got, want);
	json_decref(items);
}

static void test_name_search(void **state)
{
	struct fixture *f = *state;
	static const char *const people[] = {
		"{\"surname\": \"Тохтасинов\", \"given_names\": \"Алишер\", \"patronymic\": \"Бахтиёрович\"}",
		"{\"surname\": \"ТОХТАСИНОВА\", \"given_names\": \"Гульнара\"}",
		"{\"surname\": \"Smith\", \"given_names\": \"John\", \"sex\": \"M\"}",
		"{\"surname\": \"SMITHSON\", \"given_names\": \"Anna\", \"sex\": \"F\"}",
		"{\"surname\": \"smith\", \"given_names\": \"Mary  Ann\", \"sex\": \"F\"}",
		"{\"surname\": \"Тохтасинов\", \"given_names\": \"Secret\", \"classification\": \"SECRET\"}",
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
		json_decref(create_ok(f, "person", people[i]));

	name_query(f, "тохтасинов", false, &view_restricted, "Алишер");
	name_query(f, "ТОХТАСИНОВ", false, &view_restricted, "Алишер");
	name_query(f, "ТОХТАСИНОВ", false, &view_all, "Secret|Алишер");
	name_query(f, "Тохтасинов Алишер Бахтиёрович", false, &view_restricted, "Алишер");
	name_query(f, "тохтасинов  алишер  бахтиёрович ", false, &view_restricted, "Алишер");
	name_query(f, "Тохтасинов Алишер", false, &view_restricted, "");
	name_query(f, "тохтас", true, &view_restricted, "Алишер|Гульнара");
	name_query(f, "ТОХТАСИНОВ А", true, &view_restricted, "Алишер");
	name_query(f, "Тохтасинова", true, &view_restricted, "Гульнара");
	name_query(f, "smith", false, &view_restricted, "John|Mary  Ann");
	name_query(f, "SMITH", true, &view_restricted, "Anna|John|Mary  Ann");
	name_query(f, "smith mary ann", false, &view_restricted, "Mary  Ann");
	name_query(f, "Smythe", true, &view_restricted, "");
	name_query(f, "тох", true, &view_all, "Secret|Алишер|Гульнара");

	/* name search and a filter together */
	struct store_query q = { .view = &view_all,
				 .limit = 10,
				 .name = "smith",
				 .name_prefix = true,
				 .filters = parse("{\"sex\": \"F\"}") };
	json_t *items = NULL;
	char next[RICS_UUID_LEN];
	assert_int_equal(store_record_list(f->s, type("person"), &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 2);
	json_decref(items);
	json_decref(q.filters);
}

static void test_name_search_after_update(void **state)
{
	struct fixture *f = *state;
	json_t *rec =
		create_ok(f, "person", "{\"surname\": \"Иванов\", \"given_names\": \"Пётр\"}");
	json_t *patch = parse("{\"surname\": \"Петров\", \"given_names\": null}"), *upd = NULL;
	assert_int_equal(store_record_update(f->s, type("person"), id_of(rec), patch, 1, &view_all,
					     "tester", NULL, &upd),
			 0);
	assert_null(json_object_get(upd, "given_names"));
	json_decref(patch);
	name_query(f, "иванов", false, &view_all, "");
	name_query(f, "пётр", true, &view_all, "");
	struct store_query q = { .view = &view_all, .limit = 10, .name = "ПЕТРОВ" };
	json_t *items = NULL;
	char next[RICS_UUID_LEN];
	assert_int_equal(store_record_list(f->s, type("person"), &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(id_of(json_array_get(items, 0)), id_of(rec));
	json_decref(items);
	json_decref(upd);
	json_decref(rec);
}

static void test_update_conflict(void **state)
{
	struct fixture *f = *state;
	const struct record_type *t = type("seizure");
	json_t *rec = create_ok(
		f, "seizure",
		"{\"bcp_code\": \"KZ-KORDAY\", \"seized_at\": \"2026-11-28T10:00:00+06:00\","
		" \"substance\": \"heroin\", \"quantity\": 2.5, \"unit\": \"kg\"}");
	json_t *p1 = parse("{\"quantity\": 3.0}"), *p2 = parse("{\"quantity\": 4.0}");
	json_t *upd = NULL, *got = NULL;
	char missing[RICS_UUID_LEN];

	assert_int_equal(store_record_update(f->s, t, id_of(rec), p1, 1, &view_all, "a", NULL,
					     &upd),
			 0);
	assert_int_equal(json_integer_value(json_object_get(upd, "version")), 2);
	json_decref(upd);
	upd = NULL;
	/* a second writer that read version 1 loses */
	assert_int_equal(store_record_update(f->s, t, id_of(rec), p2, 1, &view_all, "b", NULL,
					     &upd),
			 RICS_E_CONFLICT);
	assert_null(upd);
	assert_int_equal(store_record_get(f->s, t, id_of(rec), &view_all, &got), 0);
	assert_true(json_number_value(json_object_get(got, "quantity")) == 3.0);
	assert_int_equal(json_integer_value(json_object_get(got, "version")), 2);
	json_decref(got);
	/* no check: the write goes through */
	assert_int_equal(store_record_update(f->s, t, id_of(rec), p2, -1, &view_all, "b", NULL,
					     &upd),
			 0);
	assert_int_equal(json_integer_value(json_object_get(upd, "version")), 3);
	json_decref(upd);
	rics_uuid7(T0, missing);
	assert_int_equal(store_record_update(f->s, t, missing, p2, -1, &view_all, "b", NULL, &upd),
			 RICS_E_NOT_FOUND);
	json_decref(p1);
	json_decref(p2);
	json_decref(rec);
}

static void test_update_keeps_h3_note(void **state)
{
	struct fixture *f = *state;
	const struct record_type *t = type("person");
	json_t *rec, *patch, *norm = NULL, *upd = NULL, *got = NULL;
	struct strbuf detail;
	int rc;
	/* BUG: a PATCH to handling H3 is valid on its own (the record might
	 * already hold a note), but nothing checks the merged record, so the
	 * store keeps H3 without the handling_note that model_validate demands
	 * of a new record; likewise {"handling_note": null} on an H3 record.
	 * See src/store/store_records.c update_in_txn. */
	rec = create_ok(f, "person", "{\"surname\": \"Smith\"}");
	patch = parse("{\"handling\": \"H3\"}");
	strbuf_init(&detail, 0);
	assert_int_equal(model_validate(t, patch, true, &detail, &norm), 0);
	rc = store_record_update(f->s, t, id_of(rec), norm, 1, &view_all, "tester", NULL, &upd);
	assert_int_equal(rc, RICS_E_INVALID);
	assert_int_equal(store_record_get(f->s, t, id_of(rec), &view_all, &got), 0);
	assert_string_equal(json_string_value(json_object_get(got, "handling")), "H0");
	json_decref(got);
	json_decref(upd);
	json_decref(norm);
	json_decref(patch);
	json_decref(rec);
	strbuf_release(&detail);
}

/* ---- schema ---- */

static bool has_index(const char *path, const char *name)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	bool found;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'index'"
					    " AND name = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return found;
}

/* The indexes migration 8 made or kept, and the one it replaced. */
static void assert_time_indexes(const char *path)
{
	const char *made[] = { "crossing_recorded_bcp_time", "sighting_bcp_time", "hit_created_at",
			       "message_alert_created_at", "outbox_peer_state",
			       "crossing_bcp_code", "message_type" };
	const char *gone[] = { "sighting_bcp_code" };
	for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
		if (!has_index(path, made[i]))
			fail_msg("%s: no index %s", path, made[i]);
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		if (has_index(path, gone[i]))
			fail_msg("%s: index %s is still there", path, gone[i]);
}

static void test_migrations(void **state)
{
	struct fixture *f = *state;
	char sql[64];
	struct store_options so = { .path = f->path, .clock = &f->clock, .readers = 1 };
	struct store *s = (struct store *)f; /* a sentinel */
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_true(store_migration_count() >= 1);
	assert_int_equal(store_schema_version(f->s), store_migration_count());
	assert_non_null(store_migration_sql(1));
	assert_null(store_migration_sql(0));
	assert_null(store_migration_sql(store_migration_count() + 1));
	/* reopening a current store changes nothing */
	assert_int_equal(store_reopen(f), 0);
	assert_int_equal(store_schema_version(f->s), store_migration_count());
	assert_time_indexes(f->path);
	store_close(f->s);
	f->s = NULL;

	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_migration_count() + 1);
	raw_exec(f->path, sql);
	assert_int_equal(store_open(&so, &s), RICS_E_SCHEMA_NEWER);
	assert_ptr_equal(s, (struct store *)f);
	/* the refused file keeps its version */
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), store_migration_count() + 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* so teardown has a store to close */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_migration_count());
	raw_exec(f->path, sql);
	assert_int_equal(store_reopen(f), 0);
}

/* A database file left by an older RICS: migrations 1..version only, and
 * one person written by hand in the columns migration 1 made. */
static void make_old_store(const char *path, int version)
{
	char pragma[64];
	struct strbuf sql;
	strbuf_init(&sql, 0);
	for (int v = 1; v <= version; v++)
		assert_int_equal(strbuf_adds(&sql, store_migration_sql(v)), 0);
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", version);
	strbuf_adds(&sql, pragma);
	strbuf_adds(&sql,
		    "INSERT INTO person (id, origin_node, created_at, updated_at, created_by,"
		    " version, surname, name_key, surname_key) VALUES"
		    " ('018f3a5c-0000-7000-8000-000000000001', 'n', '2024-01-01T00:00:00.000Z',"
		    " '2024-01-01T00:00:00.000Z', 'old', 1, 'Old', 'old', 'old');");
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
					 NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql.buf, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	strbuf_release(&sql);
}

/* Whether the plan of sql on the store at path reads the index. */
static bool plan_uses(const char *path, const char *sql, const char *index)
{
	char eqp[512];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	bool found = false;
	snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, eqp, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		found |= strstr((const char *)sqlite3_column_text(st, 3), index) != NULL;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return found;
}

/* With no ANALYZE statistics SQLite gives a tie between two equalities to
 * the newest index: the ones migration 8 made for the situation centre
 * must not take a list filtered by a BCP (or a message type) and by a
 * person, a vehicle or a thread from the selective index (list SQL as
 * store_records.c writes it). */
static void test_list_plans(void **state)
{
	struct fixture *f = *state;
	static const char *const cases[][2] = {
		{ "crossing WHERE classification <= ? AND bcp_code = ? AND person_id = ?",
		  "crossing_person_id" },
		{ "crossing WHERE classification <= ? AND bcp_code = ? AND vehicle_id = ?",
		  "crossing_vehicle_id" },
		{ "crossing WHERE classification <= ? AND bcp_code = ?", "crossing_bcp_code " },
		{ "message WHERE classification <= ? AND type = ? AND thread_id = ?",
		  "message_thread_id" },
		{ "message WHERE classification <= ? AND type = ?", "message_type " },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT id FROM %s ORDER BY id LIMIT ?", cases[i][0]);
		if (!plan_uses(f->path, sql, cases[i][1]))
			fail_msg("%s: not through %s", sql, cases[i][1]);
	}
}

/* Every older schema is brought up to date, keeping its records; with
 * no_migrate (offline tools beside a running ricsd) it is refused. */
static void test_migrate_older(void **state)
{
	struct fixture *f = *state;
	for (int v = 1; v < store_migration_count(); v++) {
		char path[96];
		struct store *s = NULL;
		struct store_options so = { .path = path, .readers = 1, .no_migrate = true };
		json_t *rec = NULL;
		int64_t n = 0;
		snprintf(path, sizeof path, "%s/v%d.db", f->dir, v);
		make_old_store(path, v);
		assert_int_equal(store_open(&so, &s), RICS_E_SCHEMA_OLDER);
		assert_null(s);
		so.no_migrate = false;
		assert_int_equal(store_open(&so, &s), 0);
		assert_int_equal(store_schema_version(s), store_migration_count());
		assert_int_equal(store_record_count(s, type("person"), &view_all, &n), 0);
		assert_true(n == 1);
		assert_int_equal(store_record_get(s, type("person"),
						  "018f3a5c-0000-7000-8000-000000000001", &view_all,
						  &rec),
				 0);
		assert_string_equal(str_of(rec, "surname"), "Old");
		json_decref(rec);
		assert_int_equal(store_integrity_check(s), 0);
		store_close(s);
		assert_time_indexes(path);
		/* once current, no_migrate opens it */
		so.no_migrate = true;
		s = NULL;
		assert_int_equal(store_open(&so, &s), 0);
		store_close(s);
	}
}

static bool column_is(sqlite3 *db, const char *table, const char *name, const char *decl,
		      bool notnull)
{
	sqlite3_stmt *st;
	bool found = false;
	char sql[128];
	snprintf(sql, sizeof sql,
		 "SELECT type, \"notnull\" FROM pragma_table_info('%s') WHERE name = ?", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *ty = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(ty, decl) != 0)
			fail_msg("%s.%s is %s, want %s", table, name, ty, decl);
		if (notnull && !sqlite3_column_int(st, 1))
			fail_msg("%s.%s is required but nullable", table, name);
		found = true;
	}
	sqlite3_finalize(st);
	return found;
}

static bool references(sqlite3 *db, const char *table, const char *col, const char *ref)
{
	sqlite3_stmt *st;
	bool found = false;
	char sql[160];
	snprintf(sql, sizeof sql,
		 "SELECT 1 FROM pragma_foreign_key_list('%s') WHERE \"from\" = ? AND \"table\" = ?",
		 table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, col, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int table_columns(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st;
	char sql[128];
	int n;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s')", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *column_decl(const struct field_desc *fd)
{
	if (strcmp(fd->name, "classification") == 0)
		return "INTEGER";
	return fd->kind == FK_INT ? "INTEGER" : fd->kind == FK_REAL ? "REAL" : "TEXT";
}

/* The migrations and types.c describe the same columns, with the same
 * storage types, NOT NULL for required fields and foreign keys for
 * references; the only other columns are the store's own. */
static void test_schema_matches_model(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t n = 0; model_types[n]; n++) {
		const struct record_type *t = model_types[n];
		size_t want = model_common_nfields + t->nfields;
		for (size_t i = 0; i < model_common_nfields; i++) {
			const struct field_desc *fd = &model_common_fields[i];
			if (!column_is(db, t->table, fd->name, column_decl(fd), false))
				fail_msg("%s has no column %s", t->table, fd->name);
		}
		for (size_t i = 0; i < t->nfields; i++) {
			const struct field_desc *fd = &t->fields[i];
			if (!column_is(db, t->table, fd->name, column_decl(fd),
				       fd->flags & FF_REQUIRED))
				fail_msg("%s has no column %s", t->table, fd->name);
			if (fd->kind == FK_ID && fd->ref_type &&
			    !references(db, t->table, fd->name, type(fd->ref_type)->table))
				fail_msg("%s.%s does not reference %s", t->table, fd->name,
					 fd->ref_type);
		}
		/* the store's own columns: import keys (migration 2), name keys */
		assert_true(column_is(db, t->table, "import_key", "TEXT", false));
		want++;
		if (t->flags & RT_NAME_SEARCH) {
			assert_true(column_is(db, t->table, "name_key", "TEXT", true));
			assert_true(column_is(db, t->table, "surname_key", "TEXT", true));
			want += 2;
		}
		if ((size_t)table_columns(db, t->table) != want)
			fail_msg("%s has %d columns, the model %zu", t->table,
				 table_columns(db, t->table), want);
	}
	sqlite3_close(db);
}

/* Migration 9 on a store of schema 8 with a peer paired: the peer keeps
 * its row, gains last_heard_at (never heard from yet), and its next
 * accepted batch sets it. */
static void test_migrate_peer_heard(void **state)
{
	struct fixture *f = *state;
	const char *id = "019a0000-0000-7000-8000-00000000000a";
	char path[96];
	struct store_options so = { .path = path, .readers = 1 };
	struct store *s = NULL;
	struct store_peer p;
	struct store_peer_link l;
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/v8-peer.db", f->dir);
	make_old_store(path, 8);
	raw_exec(path, "INSERT INTO peer (node_id, name, url, country, agency, accreditation,"
		       " sign_pk, box_pk, fingerprint, created_at) VALUES"
		       " ('019a0000-0000-7000-8000-00000000000a', 'Ak-Zhol', 'http://kg', 'KG',"
		       " 'border', 2, 'spk', 'bpk', '01234', '2025-01-01T00:00:00.000Z')");
	assert_int_equal(store_open(&so, &s), 0);
	assert_int_equal(store_schema_version(s), store_migration_count());
	assert_int_equal(store_peer_get(s, id, &p), 0);
	assert_string_equal(p.name, "Ak-Zhol");
	assert_string_equal(p.created_at, "2025-01-01T00:00:00.000Z");
	assert_int_equal(store_peer_link(s, id, &l), 0);
	assert_int_equal(l.last_heard_ms, 0);
	assert_int_equal(store_batch_accept(s, "n1", id, 1795907163123, 0), 0);
	assert_int_equal(store_peer_link(s, id, &l), 0);
	assert_int_equal(l.last_heard_ms, 1795907163123);
	store_close(s);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_true(column_is(db, "peer", "last_heard_at", "TEXT", false));
	sqlite3_close(db);
}

/* ---- audit ---- */

static void append_events(struct fixture *f, int n)
{
	for (int i = 0; i < n; i++) {
		char detail[32];
		struct audit_event ev = { .actor = "alice",
					  .action = "read",
					  .object_type = "person",
					  .classification = i % 4,
					  .outcome = "ok",
					  .remote = "192.0.2.7",
					  .detail = detail };
		snprintf(detail, sizeof detail, "event %d", i);
		f->now += 1;
		assert_int_equal(store_audit_append(f->s, &ev), 0);
	}
}

static void expect_verdict(struct fixture *f, int64_t first_bad, int64_t checked,
			   const char *reason)
{
	struct audit_verdict v;
	memset(&v, 0xff, sizeof v);
	assert_int_equal(store_audit_verify(f->s, &v), 0);
	if (v.first_bad != first_bad)
		fail_msg("first_bad %lld, want %lld (%s)", (long long)v.first_bad,
			 (long long)first_bad, v.reason);
	assert_true(v.checked == checked);
	if (reason)
		assert_contains(v.reason, reason);
}

static void test_audit_chain(void **state)
{
	struct fixture *f = *state;
	json_t *items = NULL, *rec;
	/* entry 1 is the node's creation */
	expect_verdict(f, 0, 1, NULL);
	append_events(f, 9);
	rec = create_ok(f, "person",
			"{\"surname\": \"Smith\", \"classification\": \"RESTRICTED\"}");
	expect_verdict(f, 0, 11, NULL);
	assert_int_equal(store_audit_list(f->s, &(struct audit_filter){ .limit = 100 }, &items), 0);
	assert_int_equal(json_array_size(items), 11);
	json_t *last = json_array_get(items, 10), *first = json_array_get(items, 0);
	assert_int_equal(json_integer_value(json_object_get(last, "seq")), 11);
	assert_string_equal(json_string_value(json_object_get(last, "object_id")), id_of(rec));
	assert_string_equal(json_string_value(json_object_get(last, "classification")),
			    "RESTRICTED");
	assert_string_equal(json_string_value(json_object_get(last, "action")), "create");
	assert_string_equal(json_string_value(json_object_get(first, "object_type")), "node");
	assert_string_equal(json_string_value(json_object_get(first, "prev_hash")),
			    "0000000000000000000000000000000000000000000000000000000000000000");
	for (size_t i = 1; i < 11; i++)
		assert_string_equal(json_string_value(
					    json_object_get(json_array_get(items, i), "prev_hash")),
				    json_string_value(
					    json_object_get(json_array_get(items, i - 1), "hash")));
	json_decref(items);
	assert_int_equal(store_audit_list(f->s, &(struct audit_filter){ .after = 8, .limit = 2 },
					  &items), 0);
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 9);
	json_decref(items);
	/* filters: alice's reads from the third one on (times move 1 ms each) */
	char since[RICS_TIME_LEN];
	rics_time_format(f->now - 6, since);
	assert_int_equal(store_audit_list(f->s, &(struct audit_filter){ .limit = 100,
			 .actor = "alice", .action = "read", .since = since }, &items), 0);
	assert_int_equal(json_array_size(items), 7);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 4);
	json_decref(items);
	assert_int_equal(store_audit_list(f->s, &(struct audit_filter){ .limit = 100,
			 .actor = "tester", .until = since }, &items), 0);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	/* newest first, from the end, then before a seq */
	assert_int_equal(store_audit_list(f->s, &(struct audit_filter){ .limit = 2, .newest = true },
					  &items), 0);
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 11);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "seq")), 10);
	json_decref(items);
	assert_int_equal(store_audit_list(f->s, &(struct audit_filter){ .limit = 100, .newest = true,
			 .before = 4, .actor = "alice" }, &items), 0);
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 3);
	json_decref(items);
	json_decref(rec);
	/* the chain continues across a reopen */
	assert_int_equal(store_reopen(f), 0);
	append_events(f, 2);
	expect_verdict(f, 0, 13, NULL);
}

static void test_audit_tamper_changed(void **state)
{
	struct fixture *f = *state;
	append_events(f, 9);
	expect_verdict(f, 0, 10, NULL);
	store_close(f->s);
	f->s = NULL;
	raw_exec(f->path, "UPDATE audit SET detail = 'nothing happened' WHERE seq = 6");
	assert_int_equal(store_reopen(f), 0);
	expect_verdict(f, 6, 5, "entry 6 was changed");
	/* later appends do not hide it */
	append_events(f, 1);
	expect_verdict(f, 6, 5, NULL);
}

/* The hash of an audit row as store_audit.c documents it: SHA-256 over
 * "<length>:<bytes>\n" of prev_hash, seq, at, actor, action, object_type,
 * object_id, classification (its name), outcome, remote, detail. Columns
 * of st in that order; actor replaced if given. */
static void audit_row_hash(sqlite3_stmt *st, const char *actor, char out[RICS_SHA256_HEX_LEN])
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int i = 0; i < 11; i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);
		if (i == 3 && actor)
			v = actor;
		if (i == 7)
			v = classification_name(sqlite3_column_int(st, i));
		strbuf_addf(&sb, "%zu:%s\n", strlen(v), v);
	}
	rics_sha256_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

static void test_audit_tamper_rehashed(void **state)
{
	struct fixture *f = *state;
	char hash[RICS_SHA256_HEX_LEN], sql[160];
	sqlite3 *db;
	sqlite3_stmt *st;
	append_events(f, 9);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT prev_hash, seq, at, actor, action,"
					    " object_type, object_id, classification, outcome,"
					    " remote, detail, hash FROM audit WHERE seq = 4",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* the documented format gives the stored hash... */
	audit_row_hash(st, NULL, hash);
	assert_string_equal(hash, (const char *)sqlite3_column_text(st, 11));
	/* ...so an editor can rewrite a row together with its own hash */
	audit_row_hash(st, "mallory", hash);
	sqlite3_finalize(st);
	sqlite3_close(db);
	snprintf(sql, sizeof sql, "UPDATE audit SET actor = 'mallory', hash = '%s' WHERE seq = 4",
		 hash);
	raw_exec(f->path, sql);
	/* and the next entry's link gives it away */
	assert_int_equal(store_reopen(f), 0);
	expect_verdict(f, 5, 4, "entry 5 does not point at the hash of entry 4");
}

static void test_audit_tamper_deleted(void **state)
{
	struct fixture *f = *state;
	append_events(f, 9);
	store_close(f->s);
	f->s = NULL;
	raw_exec(f->path, "DELETE FROM audit WHERE seq = 5");
	assert_int_equal(store_reopen(f), 0);
	expect_verdict(f, 5, 4, "entry 5 is missing");
}

static void test_audit_tamper_renumbered(void **state)
{
	struct fixture *f = *state;
	append_events(f, 9);
	store_close(f->s);
	f->s = NULL;
	/* delete a row and close the gap: the next entry's link is then wrong */
	raw_exec(f->path, "DELETE FROM audit WHERE seq = 5;"
			  " UPDATE audit SET seq = seq - 1 WHERE seq > 5");
	assert_int_equal(store_reopen(f), 0);
	expect_verdict(f, 5, 4, NULL);
}

/* ---- group commit ---- */

enum { THREADS = 8, PER_THREAD = 50, BAD_EVERY = 10 };

struct writer_arg {
	struct fixture *f;
	int ok, conflicts, other;
	pthread_t tid;
};

static void *writer_thread(void *p)
{
	struct writer_arg *a = p;
	const struct record_type *person = model_type_by_name("person");
	const struct record_type *decl = model_type_by_name("declaration");
	for (int i = 0; i < PER_THREAD; i++) {
		char name[64];
		json_t *fields = json_object(), *rec = NULL;
		struct audit_event ev = { .actor = "w", .action = "create", .outcome = "ok" };
		snprintf(name, sizeof name, "Writer%p-%d", (void *)a, i);
		json_object_set_new(fields, "surname", json_string(name));
		int rc = store_record_create(a->f->s, person, fields, "w", &ev, &rec);
		json_decref(fields);
		json_decref(rec);
		if (rc == 0)
			a->ok++;
		else
			a->other++;
		if (i % BAD_EVERY == 0) {
			/* a write that fails in the same batches: a missing person */
			fields = json_pack("{ss ss ss ss ss sf}", "person_id",
					   "018f3a5c-0000-7000-8000-000000000000", "bcp_code", "X",
					   "direction", "in", "declared_at",
					   "2026-11-28T10:00:00.000Z", "currency", "USD", "amount",
					   1.0);
			rec = NULL;
			rc = store_record_create(a->f->s, decl, fields, "w", &ev, &rec);
			json_decref(fields);
			json_decref(rec);
			if (rc == RICS_E_CONFLICT)
				a->conflicts++;
			else
				a->other++;
		}
	}
	return NULL;
}

static void test_concurrent_writes(void **state)
{
	struct fixture *f = *state;
	struct writer_arg args[THREADS];
	struct store_query q = { .view = &view_all, .limit = 1000 };
	json_t *items = NULL;
	char next[RICS_UUID_LEN];

	for (int i = 0; i < THREADS; i++) {
		args[i] = (struct writer_arg){ .f = f };
		assert_int_equal(pthread_create(&args[i].tid, NULL, writer_thread, &args[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(args[i].tid, NULL), 0);
		assert_int_equal(args[i].ok, PER_THREAD);
		assert_int_equal(args[i].conflicts, PER_THREAD / BAD_EVERY);
		assert_int_equal(args[i].other, 0);
	}
	assert_true(count(f, "person", &view_all) == THREADS * PER_THREAD);
	assert_true(count(f, "declaration", &view_all) == 0);
	assert_int_equal(store_record_list(f->s, type("person"), &q, &items, next), 0);
	assert_int_equal(json_array_size(items), THREADS * PER_THREAD);
	for (size_t i = 1; i < json_array_size(items); i++)
		assert_true(strcmp(id_of(json_array_get(items, i - 1)),
				   id_of(json_array_get(items, i))) < 0);
	json_decref(items);
	/* the failed writes left no audit entries and no hole in the chain */
	expect_verdict(f, 0, 1 + THREADS * PER_THREAD, NULL);
	/* all of it is on disk */
	assert_int_equal(store_reopen(f), 0);
	assert_true(count(f, "person", &view_all) == THREADS * PER_THREAD);
}

/* ---- batch import ---- */

/* Rows as the import endpoint hands them over: validated. */
static json_t *valid_rows(const struct record_type *t, const char *const *texts, size_t n)
{
	json_t *rows = json_array();
	struct strbuf detail;
	strbuf_init(&detail, 0);
	for (size_t i = 0; i < n; i++) {
		json_t *body = parse(texts[i]), *fields = NULL;
		if (model_validate(t, body, false, &detail, &fields))
			fail_msg("%s: %s", texts[i], detail.buf);
		json_array_append_new(rows, fields);
		json_decref(body);
	}
	strbuf_release(&detail);
	return rows;
}

static size_t audit_entries(struct fixture *f, json_t **last)
{
	json_t *items = NULL;
	size_t n;
	assert_int_equal(store_audit_list(f->s, &(struct audit_filter){ .limit = 1000 }, &items), 0);
	n = json_array_size(items);
	if (last)
		*last = json_incref(json_array_get(items, n - 1));
	json_decref(items);
	return n;
}

static void test_import(void **state)
{
	struct fixture *f = *state;
	const struct record_type *t = type("person");
	static const char *const texts[] = {
		"{\"surname\": \"Ахметов\", \"given_names\": \"Ерлан\"}",
		"{\"surname\": \"Beck\", \"classification\": \"RESTRICTED\"}",
		"{\"surname\": \"Chen\"}",
	};
	const char *const keys[] = { "k1", "k2", "k3" };
	struct store_import_result res[3];
	struct audit_event ev = {
		.actor = "importer", .action = "import", .object_type = "person", .outcome = "ok"
	};
	json_t *rows = valid_rows(t, texts, 3), *last = NULL, *got = NULL;
	struct store_query q = { .view = &view_all, .limit = 10, .name = "ахметов ерлан" };
	char next[RICS_UUID_LEN];

	memset(res, 0, sizeof res);
	assert_int_equal(store_record_import(f->s, t, rows, keys, "importer", &ev, res), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(res[i].rc, 0);
		assert_false(res[i].duplicate);
		assert_true(rics_uuid_valid(res[i].id));
		assert_int_equal(store_record_get(f->s, t, res[i].id, &view_all, &got), 0);
		assert_fields_equal("person", json_array_get(rows, i), got);
		assert_string_equal(json_string_value(json_object_get(got, "created_by")),
				    "importer");
		json_decref(got);
	}
	assert_true(count(f, "person", &view_all) == 3);
	/* one audit entry names every record created */
	assert_int_equal(audit_entries(f, &last), 2);
	assert_string_equal(json_string_value(json_object_get(last, "action")), "import");
	for (size_t i = 0; i < 3; i++)
		assert_contains(json_string_value(json_object_get(last, "detail")), res[i].id);
	json_decref(last);
	/* imported persons are found by name */
	json_t *items = NULL;
	assert_int_equal(store_record_list(f->s, t, &q, &items, next), 0);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(id_of(json_array_get(items, 0)), res[0].id);
	json_decref(items);

	/* the same file again adds nothing, and audits nothing */
	memset(res, 0, sizeof res);
	assert_int_equal(store_record_import(f->s, t, rows, keys, "importer", &ev, res), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(res[i].rc, 0);
		assert_true(res[i].duplicate);
	}
	assert_true(count(f, "person", &view_all) == 3);
	assert_int_equal(audit_entries(f, NULL), 2);
	expect_verdict(f, 0, 2, NULL);
	json_decref(rows);
}

static void test_import_rows_fail_alone(void **state)
{
	struct fixture *f = *state;
	const struct record_type *t = type("declaration");
	json_t *person = create_ok(f, "person", "{\"surname\": \"Declarant\"}");
	char good[256];
	const char *texts[3];
	const char *const keys[] = { "a", "b", "a" };
	struct store_import_result res[3];
	json_t *rows;

	snprintf(good, sizeof good,
		 "{\"person_id\": \"%s\", \"bcp_code\": \"KZ-KORDAY\", \"direction\": \"out\","
		 " \"declared_at\": \"2026-11-28T10:00:00Z\", \"currency\": \"USD\", \"amount\": 9000}",
		 id_of(person));
	texts[0] = good;
	/* a person that does not exist: the foreign key refuses this row */
	texts[1] = "{\"person_id\": \"018f3a5c-0000-7000-8000-000000000000\", \"bcp_code\": \"X\","
		   " \"direction\": \"in\", \"declared_at\": \"2026-11-28T10:00:00Z\","
		   " \"currency\": \"EUR\", \"amount\": 1}";
	texts[2] = good; /* the same key as row 0 within one batch */
	rows = valid_rows(t, texts, 3);
	memset(res, 0, sizeof res);
	assert_int_equal(store_record_import(f->s, t, rows, keys, "importer", NULL, res), 0);
	assert_int_equal(res[0].rc, 0);
	assert_false(res[0].duplicate);
	assert_int_equal(res[1].rc, RICS_E_CONFLICT);
	assert_int_equal(res[2].rc, 0);
	assert_true(res[2].duplicate);
	assert_true(count(f, "declaration", &view_all) == 1);
	json_decref(rows);

	/* rows without a key are never duplicates */
	const char *const same[] = { "{\"surname\": \"Twin\"}", "{\"surname\": \"Twin\"}" };
	const char *const nokeys[] = { NULL, NULL };
	rows = valid_rows(type("person"), same, 2);
	for (int round = 0; round < 2; round++) {
		memset(res, 0, sizeof res);
		assert_int_equal(store_record_import(f->s, type("person"), rows, nokeys, "importer",
						     NULL, res),
				 0);
		assert_false(res[0].duplicate);
		assert_false(res[1].duplicate);
	}
	assert_true(count(f, "person", &view_all) == 5);
	json_decref(rows);
	json_decref(person);
	expect_verdict(f, 0, 2, NULL);
}

/* ---- users, sessions, tokens ---- */

static void make_user(struct store_user *u, const char *name, const char *role, int clearance)
{
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", name);
	snprintf(u->full_name, sizeof u->full_name, "Test %s", name);
	snprintf(u->role, sizeof u->role, "%s", role);
	u->clearance = clearance;
	snprintf(u->agency, sizeof u->agency, "border");
	snprintf(u->country, sizeof u->country, "KZ");
	snprintf(u->password_hash, sizeof u->password_hash, "$argon2id$v=19$m=65536,t=2,p=1$fake");
	u->must_change_password = true;
}

static void test_users(void **state)
{
	struct fixture *f = *state;
	struct store_user u, got, dup;
	struct audit_event ev = { .actor = "admin", .action = "user_create", .outcome = "ok" };
	json_t *list = NULL;

	make_user(&u, "alice", "officer", CLS_CONFIDENTIAL);
	assert_int_equal(store_user_create(f->s, &u, &ev), 0);
	assert_true(rics_uuid_valid(u.id));
	assert_string_equal(u.created_at, "2026-11-28T23:06:03.123Z");
	assert_int_equal(store_user_by_name(f->s, "alice", &got), 0);
	assert_string_equal(got.id, u.id);
	assert_string_equal(got.full_name, "Test alice");
	assert_string_equal(got.role, "officer");
	assert_int_equal(got.clearance, CLS_CONFIDENTIAL);
	assert_string_equal(got.agency, "border");
	assert_string_equal(got.country, "KZ");
	assert_string_equal(got.bcp_code, "");
	assert_string_equal(got.password_hash, u.password_hash);
	assert_true(got.must_change_password);
	assert_int_equal(got.failed_logins, 0);
	assert_true(got.locked_until == 0);
	assert_false(got.disabled);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_user_by_id(f->s, u.id, &got), 0);
	assert_string_equal(got.name, "alice");
	assert_int_equal(store_user_by_name(f->s, "ALICE", &got), RICS_E_NOT_FOUND);
	assert_int_equal(store_user_by_name(f->s, "bob", &got), RICS_E_NOT_FOUND);

	make_user(&dup, "alice", "analyst", 0);
	assert_int_equal(store_user_create(f->s, &dup, NULL), RICS_E_CONFLICT);
	assert_string_equal(dup.id, ""); /* untouched on failure */

	u.failed_logins = 3;
	u.locked_until = T0 + 900000;
	u.disabled = true;
	u.clearance = CLS_SECRET;
	snprintf(u.bcp_code, sizeof u.bcp_code, "KZ-KORDAY");
	assert_int_equal(store_user_update(f->s, &u, NULL), 0);
	assert_int_equal(store_user_by_id(f->s, u.id, &got), 0);
	assert_int_equal(got.failed_logins, 3);
	assert_true(got.locked_until == T0 + 900000);
	assert_true(got.disabled);
	assert_int_equal(got.clearance, CLS_SECRET);
	assert_string_equal(got.bcp_code, "KZ-KORDAY");
	rics_uuid7(T0, got.id);
	assert_int_equal(store_user_update(f->s, &got, NULL), RICS_E_NOT_FOUND);

	make_user(&dup, "bob", "auditor", 0);
	assert_int_equal(store_user_create(f->s, &dup, NULL), 0);
	struct store_user_query q = { .clearance = -1, .limit = 1 };
	char next[RICS_UUID_LEN];
	assert_int_equal(store_user_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(next, u.id);
	json_decref(list);
	q.after = next;
	assert_int_equal(store_user_list(f->s, &q, &list, next), 0);
	assert_string_equal(str_of(json_array_get(list, 0), "name"), "bob");
	assert_string_equal(next, "");
	json_decref(list);
	/* a LIKE wildcard in the name is a plain character */
	q = (struct store_user_query){ .name = "_", .clearance = -1, .limit = 5 };
	assert_int_equal(store_user_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	q = (struct store_user_query){ .name = "LIC", .clearance = CLS_SECRET,
				       .state = USER_LOCKED, .newest_first = true, .limit = 5 };
	assert_int_equal(store_user_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	q.state = USER_ACTIVE;
	assert_int_equal(store_user_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	q = (struct store_user_query){ .clearance = -1, .newest_first = true, .limit = 1 };
	assert_int_equal(store_user_list(f->s, &q, &list, next), 0);
	assert_string_equal(str_of(json_array_get(list, 0), "name"), "bob");
	json_decref(list);
	q = (struct store_user_query){ .clearance = -1, .limit = 5 };
	assert_int_equal(store_user_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 2);
	json_t *a = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(a, "name")), "alice");
	assert_string_equal(json_string_value(json_object_get(a, "clearance")), "SECRET");
	assert_true(json_is_true(json_object_get(a, "locked")));
	assert_true(json_is_true(json_object_get(a, "disabled")));
	for (size_t i = 0; i < 2; i++)
		assert_null(json_object_get(json_array_get(list, i), "password_hash"));
	char *dump = json_dumps(list, 0);
	assert_null(strstr(dump, "argon2id"));
	free(dump);
	json_decref(list);
}

static void test_sessions(void **state)
{
	struct fixture *f = *state;
	struct store_user u;
	struct store_session ss = { 0 }, got, other;
	char token[RICS_TOKEN_LEN];

	make_user(&u, "carol", "supervisor", CLS_SECRET);
	assert_int_equal(store_user_create(f->s, &u, NULL), 0);
	rics_random_token(token);
	rics_sha256_hex(token, strlen(token), ss.token_hash);
	snprintf(ss.user_id, sizeof ss.user_id, "%s", u.id);
	rics_random_token(ss.csrf_token);
	ss.created_at = T0;
	ss.expires_at = T0 + 8 * 3600 * 1000LL;
	assert_int_equal(store_session_create(f->s, &ss, NULL), 0);
	assert_int_equal(store_session_get(f->s, ss.token_hash, &got), 0);
	assert_string_equal(got.user_id, u.id);
	assert_string_equal(got.csrf_token, ss.csrf_token);
	assert_true(got.created_at == T0);
	assert_true(got.expires_at == ss.expires_at);
	assert_int_equal(store_session_create(f->s, &ss, NULL), RICS_E_CONFLICT);

	/* a session needs a user */
	other = ss;
	other.token_hash[0] = other.token_hash[0] == 'a' ? 'b' : 'a';
	rics_uuid7(T0, other.user_id);
	assert_int_equal(store_session_create(f->s, &other, NULL), RICS_E_CONFLICT);

	/* purge removes expired sessions only */
	snprintf(other.user_id, sizeof other.user_id, "%s", u.id);
	other.expires_at = T0 + 1000;
	assert_int_equal(store_session_create(f->s, &other, NULL), 0);
	assert_int_equal(store_session_purge(f->s, T0 + 999), 0);
	assert_int_equal(store_session_get(f->s, other.token_hash, &got), 0);
	assert_int_equal(store_session_purge(f->s, T0 + 1000), 0);
	assert_int_equal(store_session_get(f->s, other.token_hash, &got), RICS_E_NOT_FOUND);
	assert_int_equal(store_session_get(f->s, ss.token_hash, &got), 0);

	assert_int_equal(store_session_delete(f->s, ss.token_hash, NULL), 0);
	assert_int_equal(store_session_get(f->s, ss.token_hash, &got), RICS_E_NOT_FOUND);
	assert_int_equal(store_session_delete(f->s, ss.token_hash, NULL), RICS_E_NOT_FOUND);

	/* ending a user's sessions */
	assert_int_equal(store_session_create(f->s, &ss, NULL), 0);
	assert_int_equal(store_user_end_sessions(f->s, u.id), 0);
	assert_int_equal(store_session_get(f->s, ss.token_hash, &got), RICS_E_NOT_FOUND);
}

static void test_tokens(void **state)
{
	struct fixture *f = *state;
	struct store_token tok = { 0 }, got, dup;
	struct audit_event ev = { .actor = "admin", .action = "token_create", .outcome = "ok" };
	char secret[RICS_TOKEN_LEN];
	json_t *list = NULL;

	rics_random_token(secret);
	snprintf(tok.name, sizeof tok.name, "reader-korday-1");
	rics_sha256_hex(secret, strlen(secret), tok.token_hash);
	snprintf(tok.role, sizeof tok.role, "reader");
	tok.clearance = CLS_RESTRICTED;
	snprintf(tok.bcp_code, sizeof tok.bcp_code, "KZ-KORDAY");
	snprintf(tok.created_by, sizeof tok.created_by, "admin");
	tok.expires_at = T0 + 86400000;
	assert_int_equal(store_token_create(f->s, &tok, &ev), 0);
	assert_true(rics_uuid_valid(tok.id));
	assert_string_equal(tok.created_at, "2026-11-28T23:06:03.123Z");

	assert_int_equal(store_token_by_hash(f->s, tok.token_hash, &got), 0);
	assert_string_equal(got.id, tok.id);
	assert_string_equal(got.name, "reader-korday-1");
	assert_string_equal(got.role, "reader");
	assert_int_equal(got.clearance, CLS_RESTRICTED);
	assert_string_equal(got.bcp_code, "KZ-KORDAY");
	assert_string_equal(got.created_by, "admin");
	assert_true(got.expires_at == T0 + 86400000);
	assert_false(got.revoked);

	dup = tok;
	memset(dup.id, 0, sizeof dup.id);
	assert_int_equal(store_token_create(f->s, &dup, NULL), RICS_E_CONFLICT);
	assert_string_equal(dup.id, "");

	struct store_token_query q = { .name = "KORDAY", .role = "reader", .revoked = 0, .limit = 5 };
	char next[RICS_UUID_LEN];
	assert_int_equal(store_token_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(next, "");
	assert_null(json_object_get(json_array_get(list, 0), "token_hash"));
	assert_string_equal(str_of(json_array_get(list, 0), "expires_at"),
			    "2026-11-29T23:06:03.123Z");
	char *dump = json_dumps(list, 0);
	assert_null(strstr(dump, tok.token_hash));
	free(dump);
	json_decref(list);

	assert_int_equal(store_token_revoke(f->s, tok.id, &ev), 0);
	assert_int_equal(store_token_by_hash(f->s, tok.token_hash, &got), 0);
	assert_true(got.revoked);
	assert_int_equal(store_token_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	q.revoked = 1;
	assert_int_equal(store_token_list(f->s, &q, &list, next), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	rics_uuid7(T0, dup.id);
	assert_int_equal(store_token_revoke(f->s, dup.id, NULL), RICS_E_NOT_FOUND);
	assert_int_equal(store_token_by_hash(f->s, "nope", &got), RICS_E_NOT_FOUND);
	/* the create and the revoke were audited */
	expect_verdict(f, 0, 3, NULL);
}

/* ---- operations ---- */

static void test_backup(void **state)
{
	struct fixture *f = *state;
	char dest[96];
	struct store *b = NULL;
	struct store_options so = { .path = dest, .clock = &f->clock, .readers = 1 };
	struct audit_verdict v;
	int64_t n = -1;

	for (int i = 0; i < 30; i++)
		json_decref(
			create_ok(f, "vehicle", "{\"plate\": \"777ABC02\", \"kind\": \"truck\"}"));
	snprintf(dest, sizeof dest, "%s/backup.db", f->dir);
	assert_int_equal(store_backup(f->s, dest), 0);
	assert_int_equal(store_backup(f->s, dest), -EEXIST);
	/* the live store goes on; the copy does not see later writes */
	json_decref(create_ok(f, "vehicle", "{\"plate\": \"A001AA\"}"));
	assert_int_equal(store_open(&so, &b), 0);
	assert_int_equal(store_record_count(b, type("vehicle"), &view_all, &n), 0);
	assert_true(n == 30);
	assert_int_equal(store_schema_version(b), store_migration_count());
	assert_int_equal(store_integrity_check(b), 0);
	assert_int_equal(store_audit_verify(b, &v), 0);
	assert_true(v.first_bad == 0);
	assert_true(v.checked == 31);
	struct store_node node;
	assert_int_equal(store_node_self(b, &node), 0);
	assert_string_equal(node.id, f->node.id);
	store_close(b);
	assert_true(count(f, "vehicle", &view_all) == 31);
}

static void test_integrity(void **state)
{
	struct fixture *f = *state;
	json_decref(create_ok(f, "person", "{\"surname\": \"Smith\"}"));
	assert_int_equal(store_integrity_check(f->s), 0);
	store_close(NULL); /* accepts NULL */
}

/* ---- the exchange: a received batch, acknowledged rows ---- */

#define X_SENDER "019a0000-0000-7000-8000-00000000000a"
#define X_PEER "019a0000-0000-7000-8000-00000000000b"

static json_t *x_message(const char *subject)
{
	json_t *body = json_pack("{ss ss s[s] ss}", "type", "notice", "subject", subject,
				 "recipients", X_PEER, "status", "received"), *out = NULL;
	struct strbuf detail;
	strbuf_init(&detail, 1024);
	assert_int_equal(model_validate(model_type_by_name("message"), body, false, &detail, &out),
			 0);
	json_object_set_new(out, "origin_node", json_string(X_SENDER));
	json_decref(body);
	strbuf_release(&detail);
	return out;
}

static void x_release(struct store_received *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(r[i].fields);
		json_decref(r[i].out);
		r[i].out = NULL;
	}
}

static void test_receive_many(void **state)
{
	struct fixture *f = *state;
	const char *ids[3] = { "019a0000-0000-7000-8000-000000000101",
			       "019a0000-0000-7000-8000-000000000102",
			       "019a0000-0000-7000-8000-000000000103" };
	struct store_received r[3];

	for (int i = 0; i < 3; i++)
		r[i] = (struct store_received){ .fields = x_message(ids[i]), .envelope_id = ids[i] };
	/* a message no row can hold (no subject): the batch stores nothing */
	json_object_del(r[1].fields, "subject");
	assert_int_not_equal(store_message_receive_many(f->s, X_SENDER, r, 3), 0);
	for (int i = 0; i < 3; i++)
		assert_null(r[i].out);
	json_object_set_new(r[1].fields, "subject", json_string("fixed"));
	assert_int_equal(store_message_receive_many(f->s, X_SENDER, r, 3), 0);
	for (int i = 0; i < 3; i++) {
		assert_false(r[i].duplicate);
		assert_non_null(r[i].out);
		assert_string_equal(json_string_value(json_object_get(r[i].out, "origin_node")),
				    X_SENDER);
	}
	x_release(r, 3);
	for (int i = 0; i < 3; i++)
		r[i] = (struct store_received){ .fields = x_message("again"), .envelope_id = ids[i] };
	assert_int_equal(store_message_receive_many(f->s, X_SENDER, r, 3), 0);
	for (int i = 0; i < 3; i++) {
		assert_true(r[i].duplicate);
		assert_null(r[i].out);
	}
	x_release(r, 3);
}

static void test_delivered_many(void **state)
{
	struct fixture *f = *state;
	const char *peers[1] = { X_PEER }, *done[2];
	char env_id[RICS_UUID_LEN], ids[3][RICS_UUID_LEN];
	json_t *due = NULL, *receipts = NULL;

	for (int i = 0; i < 3; i++) {
		json_t *m = x_message("out"), *rec = NULL;
		json_object_set_new(m, "status", json_string("queued"));
		rics_uuid7(1000 + i, env_id);
		assert_int_equal(store_message_send(f->s, m, env_id, peers, "{}", 1, "test", NULL,
						    &rec), 0);
		snprintf(ids[i], sizeof ids[i], "%s", json_string_value(json_object_get(rec, "id")));
		json_decref(rec);
		json_decref(m);
	}
	assert_int_equal(store_outbox_due(f->s, INT64_MAX, 10, &due), 0);
	assert_int_equal(json_array_size(due), 3);
	for (int i = 0; i < 3; i++) /* in the order queued */
		assert_string_equal(json_string_value(json_object_get(json_array_get(due, i),
								      "message_id")), ids[i]);
	json_decref(due);
	done[0] = ids[0];
	done[1] = ids[2];
	assert_int_equal(store_outbox_delivered_many(f->s, X_PEER, done, 2, &receipts), 0);
	assert_int_equal(json_array_size(receipts), 2);
	for (size_t i = 0; i < 2; i++) { /* what message.delivered carries */
		json_t *r = json_array_get(receipts, i), *d = json_object_get(r, "delivery");
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "record"),
								      "status")), "delivered");
		assert_string_equal(json_string_value(json_object_get(d, "message_id")), done[i]);
		assert_string_equal(json_string_value(json_object_get(d, "peer_id")), X_PEER);
		assert_string_equal(json_string_value(json_object_get(d, "state")), "delivered");
		assert_true(json_is_string(json_object_get(d, "delivered_at")));
		assert_true(json_is_null(json_object_get(d, "read_at")));
	}
	json_decref(receipts);
	/* acknowledged again (a batch sent twice): nothing new to announce */
	assert_int_equal(store_outbox_delivered_many(f->s, X_PEER, done, 2, &receipts), 0);
	assert_int_equal(json_array_size(receipts), 0);
	json_decref(receipts);
	assert_int_equal(store_outbox_read(f->s, ids[0], X_PEER, &receipts), 0);
	assert_non_null(receipts);
	assert_true(json_is_string(json_object_get(json_object_get(receipts, "delivery"),
						   "read_at")));
	json_decref(receipts);
	assert_int_equal(store_outbox_read(f->s, ids[0], X_PEER, &receipts), 0);
	assert_null(receipts); /* the first receipt only */
	assert_int_equal(store_outbox_due(f->s, INT64_MAX, 10, &due), 0);
	assert_int_equal(json_array_size(due), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(due, 0), "message_id")),
			    ids[1]);
	json_decref(due);
	for (int i = 0; i < 3; i++) {
		json_t *rec = NULL;
		assert_int_equal(store_record_get(f->s, model_type_by_name("message"), ids[i],
						  &view_all, &rec), 0);
		assert_string_equal(json_string_value(json_object_get(rec, "status")),
				    i == 1 ? "queued" : "delivered");
		json_decref(rec);
	}
}

/* A message queued at `when` for npeers peers; its id in id. */
static void queue_at(struct fixture *f, int64_t when, const char *const *peers, size_t npeers,
		     char id[RICS_UUID_LEN])
{
	char env_id[RICS_UUID_LEN];
	json_t *m = x_message("out"), *rec = NULL;
	json_object_set_new(m, "status", json_string("queued"));
	f->now = when;
	rics_uuid7(when, env_id);
	assert_int_equal(store_message_send(f->s, m, env_id, peers, "{}", npeers, "test", NULL,
					    &rec), 0);
	snprintf(id, RICS_UUID_LEN, "%s", json_string_value(json_object_get(rec, "id")));
	json_decref(rec);
	json_decref(m);
}

static int64_t int_of(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Per peer, from the outbox's index: the oldest queued row is the oldest
 * still queued, not one delivered or refused since. */
static void test_outbox_stats(void **state)
{
	struct fixture *f = *state;
	const char *both[2] = { X_PEER, X_SENDER }, *one[1] = { X_PEER }, *other[1] = { X_SENDER };
	char ids[4][RICS_UUID_LEN];
	json_t *rows = NULL, *msg = NULL, *p, *q;

	queue_at(f, T0, both, 2, ids[0]);
	queue_at(f, T0 + 1000, one, 1, ids[1]);
	queue_at(f, T0 + 2000, one, 1, ids[2]);
	queue_at(f, T0 + 3000, other, 1, ids[3]);
	f->now = T0 + 5000;
	assert_int_equal(store_outbox_delivered(f->s, ids[0], X_PEER), 0);
	assert_int_equal(store_outbox_stop(f->s, ids[1], X_PEER, "refused", "no", NULL, &msg), 0);
	json_decref(msg);
	assert_int_equal(store_outbox_stats(f->s, &rows), 0);
	assert_int_equal(json_array_size(rows), 2);
	q = json_array_get(rows, 0); /* in peer id order */
	p = json_array_get(rows, 1);
	assert_string_equal(str_of(q, "peer_id"), X_SENDER);
	assert_int_equal(int_of(q, "queued"), 2);
	assert_true(int_of(q, "oldest") == T0);
	assert_int_equal(int_of(q, "delivered"), 0);
	assert_int_equal(int_of(q, "latency_ms"), 0);
	assert_int_equal(int_of(q, "refused"), 0);
	assert_string_equal(str_of(p, "peer_id"), X_PEER);
	assert_int_equal(int_of(p, "queued"), 1);
	assert_true(int_of(p, "oldest") == T0 + 2000);
	assert_int_equal(int_of(p, "delivered"), 1);
	assert_int_equal(int_of(p, "latency_ms"), 5000);
	assert_int_equal(int_of(p, "refused"), 1);
	json_decref(rows);
	/* nothing queued: oldest is 0 */
	assert_int_equal(store_outbox_delivered(f->s, ids[2], X_PEER), 0);
	assert_int_equal(store_outbox_stats(f->s, &rows), 0);
	p = json_array_get(rows, 1);
	assert_int_equal(int_of(p, "queued"), 0);
	assert_int_equal(int_of(p, "oldest"), 0);
	assert_int_equal(int_of(p, "delivered"), 2);
	assert_int_equal(int_of(p, "latency_ms"), 5000 + 3000);
	json_decref(rows);
}

/* ---- the situation picture (store_stats.c) ---- */

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL

/* A received message (from X_SENDER) with body's fields, and attachments. */
static void receive(struct fixture *f, const char *env, json_t *body, json_t *attachments)
{
	struct store_received r = { .fields = x_message("stats"), .envelope_id = env };
	r.attachments = attachments;
	json_object_update(r.fields, body);
	json_decref(body);
	assert_int_equal(store_message_receive_many(f->s, X_SENDER, &r, 1), 0);
	x_release(&r, 1);
	json_decref(attachments);
}

static json_t *stats_bcp(json_t *items, const char *code)
{
	size_t i;
	json_t *b;
	json_array_foreach(items, i, b)
		if (!strcmp(str_of(b, "code"), code))
			return b;
	return NULL;
}

static void assert_state(json_t *items, const char *code, const char *state, const char *why)
{
	json_t *b = stats_bcp(items, code);
	assert_non_null(b);
	assert_string_equal(str_of(b, "state"), state);
	assert_string_equal(str_of(b, "reason"), why);
}

static int64_t today_count(json_t *items, const char *code, const char *what)
{
	return json_integer_value(json_object_get(json_object_get(stats_bcp(items, code), "today"),
						  what));
}

/* What a crossing, a sighting, the hits on them, a declaration, a seizure
 * and a received alert at five BCPs add up to. */
static void stats_seed(struct fixture *f)
{
	char t[5][RICS_TIME_LEN], body[512];
	json_t *w, *p, *c, *g;
	const char *codes[] = { "KZ-A", "KZ-B", "KZ-Q", "KZ-C", "KZ-M" };
	for (int i = 0; i < 5; i++) {
		snprintf(body, sizeof body, "{\"code\": \"%s\", \"name\": \"%s\", \"country\": \"KZ\","
			 " \"lat\": 43.5, \"lon\": 74.5, \"status\": \"%s\"}", codes[i], codes[i],
			 i == 3 ? "closed" : "open");
		json_decref(create_ok(f, "bcp", body));
	}
	json_decref(create_ok(f, "bcp", "{\"code\": \"KZ-S\", \"name\": \"S\", \"country\": \"KZ\","
			      " \"classification\": \"SECRET\"}"));
	rics_time_format(T0 - 10 * MIN_MS, t[0]);
	rics_time_format(T0 - 3 * HOUR_MS, t[1]);
	rics_time_format(T0 - 5 * MIN_MS, t[2]);
	rics_time_format(T0 - MIN_MS, t[3]);
	rics_time_format(T0 - 30 * HOUR_MS, t[4]);
	w = create_ok(f, "watchlist", "{\"subject_type\": \"person\", \"surname\": \"X\","
		      " \"reason\": \"r\", \"action\": \"inform\"}");
	p = create_ok(f, "person", "{\"surname\": \"X\"}");
	snprintf(body, sizeof body, "{\"bcp_code\": \"KZ-A\", \"direction\": \"in\", \"crossed_at\":"
		 " \"%s\", \"person_id\": \"%s\"}", t[0], id_of(p));
	c = create_ok(f, "crossing", body);
	for (int i = 0; i < 2; i++) { /* two entries matched the same crossing */
		snprintf(body, sizeof body, "{\"watchlist_id\": \"%s\", \"subject_type\": \"person\","
			 " \"crossing_id\": \"%s\", \"score\": %d}", id_of(w), id_of(c), 90 - i);
		json_decref(create_ok(f, "hit", body));
	}
	for (int i = 2; i < 4; i++) {
		snprintf(body, sizeof body, "{\"bcp_code\": \"%s\", \"direction\": \"out\","
			 " \"crossed_at\": \"%s\"}", codes[i], t[1]);
		json_decref(create_ok(f, "crossing", body));
	}
	snprintf(body, sizeof body, "{\"bcp_code\": \"KZ-A\", \"direction\": \"in\", \"crossed_at\":"
		 " \"%s\", \"classification\": \"SECRET\"}", t[3]);
	json_decref(create_ok(f, "crossing", body));
	snprintf(body, sizeof body, "{\"bcp_code\": \"KZ-A\", \"direction\": \"in\", \"crossed_at\":"
		 " \"%s\", \"status\": \"expected\"}", t[0]);
	json_decref(create_ok(f, "crossing", body));
	snprintf(body, sizeof body, "{\"plate\": \"P1\", \"plate_read\": \"P 1\", \"camera\": \"c\","
		 " \"seen_at\": \"%s\", \"bcp_code\": \"KZ-B\"}", t[2]);
	g = create_ok(f, "sighting", body);
	snprintf(body, sizeof body, "{\"watchlist_id\": \"%s\", \"subject_type\": \"vehicle\","
		 " \"subject_id\": \"%s\", \"score\": 90, \"status\": \"confirmed\"}", id_of(w), id_of(g));
	json_decref(create_ok(f, "hit", body));
	for (int i = 0; i < 2; i++) {
		snprintf(body, sizeof body, "{\"person_id\": \"%s\", \"bcp_code\": \"KZ-A\", \"direction\":"
			 " \"out\", \"declared_at\": \"%s\", \"currency\": \"USD\", \"amount\": %d}",
			 id_of(p), t[i == 0 ? 0 : 4], 15000);
		json_decref(create_ok(f, "declaration", body));
	}
	snprintf(body, sizeof body, "{\"bcp_code\": \"KZ-A\", \"seized_at\": \"%s\", \"substance\":"
		 " \"heroin\", \"quantity\": 1, \"unit\": \"kg\"}", t[0]);
	json_decref(create_ok(f, "seizure", body));
	receive(f, "019a0000-0000-7000-8000-000000000201",
		json_pack("{ss s[s]}", "type", "alert", "recipients", "KZ-M"), NULL);
	json_decref(w);
	json_decref(p);
	json_decref(c);
	json_decref(g);
}

static void test_stats_today(void **state)
{
	struct fixture *f = *state;
	struct store_stats_today all, low;
	stats_seed(f);
	assert_int_equal(store_stats_today(f->s, &view_all, T0 - 6 * HOUR_MS, 10000, &all), 0);
	assert_int_equal(all.crossings, 4); /* not the expected one, nor a day old */
	assert_int_equal(all.hits_new, 2);
	assert_int_equal(all.hits_confirmed, 1);
	assert_int_equal(all.alerts_received, 1);
	assert_int_equal(all.anpr_reads, 1);
	assert_int_equal(all.anpr_hits, 1);
	assert_int_equal(all.cash_over_threshold, 1); /* the other one is 30 h old */
	assert_int_equal(all.seizures, 1);
	assert_int_equal(store_stats_today(f->s, &view_unclassified, T0 - 6 * HOUR_MS, 20000, &low),
			 0);
	assert_int_equal(low.crossings, 3);
	assert_int_equal(low.cash_over_threshold, 0);
	/* since a minute ago: only the SECRET crossing */
	assert_int_equal(store_stats_today(f->s, &view_all, T0 - MIN_MS, 10000, &all), 0);
	assert_int_equal(all.crossings, 1);
	assert_int_equal(all.seizures, 0);
}

static void test_stats_bcps(void **state)
{
	struct fixture *f = *state;
	struct store_bcp_window w = { T0 - 6 * HOUR_MS, T0 - 24 * HOUR_MS, T0 - HOUR_MS };
	json_t *items = NULL, *one = NULL;
	stats_seed(f);
	assert_int_equal(store_stats_bcps(f->s, &view_all, &w, NULL, &items), 0);
	assert_int_equal(json_array_size(items), 6);
	assert_state(items, "KZ-A", "alert", "new_hit");
	assert_state(items, "KZ-B", "normal", ""); /* its hit is confirmed */
	assert_state(items, "KZ-Q", "link_down", "no_traffic");
	assert_state(items, "KZ-C", "normal", ""); /* closed: quiet is expected */
	assert_state(items, "KZ-M", "alert", "alert_received");
	assert_state(items, "KZ-S", "normal", ""); /* never had traffic */
	assert_int_equal(today_count(items, "KZ-A", "crossings"), 2);
	assert_int_equal(today_count(items, "KZ-A", "hits"), 2);
	assert_int_equal(today_count(items, "KZ-A", "open_hits"), 2);
	assert_int_equal(today_count(items, "KZ-B", "sightings"), 1);
	assert_int_equal(today_count(items, "KZ-B", "hits"), 1);
	assert_true(json_real_value(json_object_get(stats_bcp(items, "KZ-A"), "lat")) == 43.5);
	assert_true(json_is_null(json_object_get(stats_bcp(items, "KZ-S"), "lat")));
	json_decref(items);
	assert_int_equal(store_stats_bcps(f->s, &view_unclassified, &w, NULL, &items), 0);
	assert_int_equal(json_array_size(items), 5);
	assert_int_equal(today_count(items, "KZ-A", "crossings"), 1);
	assert_int_equal(store_stats_bcps(f->s, &view_all, &w, id_of(stats_bcp(items, "KZ-Q")), &one),
			 0);
	assert_int_equal(json_array_size(one), 1);
	assert_string_equal(str_of(json_array_get(one, 0), "code"), "KZ-Q");
	/* the last traffic is looked up for one BCP only */
	assert_string_equal(str_of(json_array_get(one, 0), "last_traffic"), "2026-11-28T20:06:03.123Z");
	assert_true(json_is_null(json_object_get(stats_bcp(items, "KZ-Q"), "last_traffic")));
	json_decref(one);
	one = NULL;
	assert_int_equal(store_stats_bcps(f->s, &view_all, &w, "019a0000-0000-7000-8000-0000000009ff",
					  &one), RICS_E_NOT_FOUND);
	assert_null(one);
	json_decref(items);
}

/* A BCP a peer shared is link down once a message to that peer has waited
 * longer than the window. */
static void test_stats_peer_down(void **state)
{
	struct fixture *f = *state;
	const char *peers[1] = { X_SENDER };
	struct store_bcp_window w = { T0 - 6 * HOUR_MS, T0 - 24 * HOUR_MS, T0 - HOUR_MS };
	char env_id[RICS_UUID_LEN];
	json_t *items = NULL, *m = x_message("out"), *rec = NULL, *bcp = NULL;
	json_t *body = parse("{\"code\": \"KG-P\", \"name\": \"P\", \"country\": \"KG\"}");
	struct strbuf detail;
	strbuf_init(&detail, 0);
	assert_int_equal(model_validate(type("bcp"), body, false, &detail, &bcp), 0);
	json_decref(body);
	json_object_set_new(bcp, "origin_node", json_string(X_SENDER));
	receive(f, "019a0000-0000-7000-8000-000000000301", json_object(),
		json_pack("[{ss so}]", "type", "bcps", "fields", bcp));
	json_object_set_new(m, "status", json_string("queued"));
	rics_uuid7(T0, env_id);
	assert_int_equal(store_message_send(f->s, m, env_id, peers, "{}", 1, "test", NULL, &rec), 0);
	assert_int_equal(store_stats_bcps(f->s, &view_all, &w, NULL, &items), 0);
	assert_state(items, "KG-P", "normal", "");
	json_decref(items);
	w.quiet_ms = T0 + 1; /* as seen an hour later */
	assert_int_equal(store_stats_bcps(f->s, &view_all, &w, NULL, &items), 0);
	assert_state(items, "KG-P", "link_down", "peer_unreachable");
	json_decref(items);
	json_decref(rec);
	json_decref(m);
	strbuf_release(&detail);
}

static void test_stats_throughput(void **state)
{
	struct fixture *f = *state;
	int64_t from = T0 / HOUR_MS * HOUR_MS - 23 * HOUR_MS;
	json_t *o = NULL, *in;
	stats_seed(f);
	assert_int_equal(store_stats_throughput(f->s, &view_all, "KZ-A", from, 24, &o), 0);
	in = json_object_get(o, "crossings_in");
	assert_int_equal(json_array_size(in), 24);
	assert_int_equal(json_array_size(json_object_get(o, "t")), 24);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "t"), 0)), from / 1000);
	assert_int_equal(json_integer_value(json_array_get(in, 22)), 1); /* 22:56 */
	assert_int_equal(json_integer_value(json_array_get(in, 23)), 1); /* 23:05, SECRET */
	assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "hits"), 23)), 2);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "crossings_out"), 23)),
			 0);
	json_decref(o);
	assert_int_equal(store_stats_throughput(f->s, &view_unclassified, "KZ-Q", from, 24, &o), 0);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "crossings_out"), 20)),
			 1); /* 20:06 */
	assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "crossings_in"), 23)),
			 0);
	json_decref(o);
	assert_int_equal(store_stats_throughput(f->s, &view_unclassified, "KZ-A", from, 24, &o), 0);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "crossings_in"), 23)),
			 0);
	json_decref(o);
}

/* Hits are counted from the index on created_at: a hit made at the first
 * millisecond of the day (or of an hour) is in it, one a millisecond
 * earlier is not; on a crossing or a sighting, new or confirmed alike. */
static void test_stats_hits_since(void **state)
{
	struct fixture *f = *state;
	int64_t h = T0 / HOUR_MS * HOUR_MS, from = h - 23 * HOUR_MS;
	struct store_bcp_window w = { h, h + 1, h };
	struct store_stats_today t;
	char body[512];
	json_t *wl, *c, *g, *items = NULL, *o = NULL, *hits;

	json_decref(create_ok(f, "bcp", "{\"code\": \"KZ-A\", \"name\": \"A\", \"country\": \"KZ\"}"));
	wl = create_ok(f, "watchlist", "{\"subject_type\": \"person\", \"surname\": \"X\","
		       " \"reason\": \"r\", \"action\": \"inform\"}");
	c = create_ok(f, "crossing", "{\"bcp_code\": \"KZ-A\", \"direction\": \"in\","
		      " \"crossed_at\": \"2026-01-01T00:00:00Z\"}");
	g = create_ok(f, "sighting", "{\"plate\": \"P1\", \"plate_read\": \"P 1\", \"camera\":"
		      " \"c\", \"seen_at\": \"2026-01-01T00:00:00Z\", \"bcp_code\": \"KZ-A\"}");
	for (int64_t d = -1; d <= 1; d++) {
		f->now = h + d;
		snprintf(body, sizeof body, "{\"watchlist_id\": \"%s\", \"subject_type\": \"person\","
			 " \"crossing_id\": \"%s\", \"score\": 90}", id_of(wl), id_of(c));
		json_decref(create_ok(f, "hit", body));
		snprintf(body, sizeof body, "{\"watchlist_id\": \"%s\", \"subject_type\": \"vehicle\","
			 " \"subject_id\": \"%s\", \"score\": 90, \"status\": \"confirmed\"}",
			 id_of(wl), id_of(g));
		json_decref(create_ok(f, "hit", body));
	}
	f->now = T0;
	assert_int_equal(store_stats_today(f->s, &view_all, h, 10000, &t), 0);
	assert_int_equal(t.hits_new, 2);
	assert_int_equal(t.hits_confirmed, 2);
	assert_int_equal(t.anpr_hits, 2);
	assert_int_equal(store_stats_today(f->s, &view_all, h + 2, 10000, &t), 0);
	assert_int_equal(t.hits_new + t.hits_confirmed + t.anpr_hits, 0);
	assert_int_equal(store_stats_bcps(f->s, &view_all, &w, NULL, &items), 0);
	assert_int_equal(today_count(items, "KZ-A", "hits"), 4);
	assert_int_equal(today_count(items, "KZ-A", "open_hits"), 1); /* new, since h + 1 */
	json_decref(items);
	assert_int_equal(store_stats_throughput(f->s, &view_all, "KZ-A", from, 24, &o), 0);
	hits = json_object_get(o, "hits");
	assert_int_equal(json_integer_value(json_array_get(hits, 22)), 2);
	assert_int_equal(json_integer_value(json_array_get(hits, 23)), 4);
	json_decref(o);
	json_decref(wl);
	json_decref(c);
	json_decref(g);
}

static void test_stats_bcp_hits(void **state)
{
	struct fixture *f = *state;
	char next[RICS_UUID_LEN], first[RICS_UUID_LEN];
	json_t *items = NULL;
	stats_seed(f);
	/* a page of one, then the last page */
	assert_int_equal(store_stats_bcp_hits(f->s, &view_all, "KZ-A", NULL, NULL, 1, false, &items,
					      next),
			 0);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(next, str_of(json_array_get(items, 0), "id"));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "score")), 90);
	snprintf(first, sizeof first, "%s", next);
	json_decref(items);
	assert_int_equal(store_stats_bcp_hits(f->s, &view_all, "KZ-A", NULL, first, 1, false, &items,
					      next),
			 0);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "score")), 89);
	assert_string_equal(next, "");
	json_decref(items);
	/* an ANPR hit is at its sighting's BCP; a status filters */
	assert_int_equal(store_stats_bcp_hits(f->s, &view_all, "KZ-B", "confirmed", "", 10, false,
					      &items, next), 0);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(str_of(json_array_get(items, 0), "subject_type"), "vehicle");
	json_decref(items);
	assert_int_equal(store_stats_bcp_hits(f->s, &view_all, "KZ-B", "new", "", 10, false, &items,
					      next),
			 0);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	assert_int_equal(store_stats_bcp_hits(f->s, &view_all, "KZ-Q", NULL, "", 10, false, &items,
					      next),
			 0);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	/* newest first: the other way round, with its own cursor */
	assert_int_equal(store_stats_bcp_hits(f->s, &view_all, "KZ-A", NULL, NULL, 1, true, &items,
					      next), 0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "score")), 89);
	snprintf(first, sizeof first, "%s", next);
	json_decref(items);
	assert_int_equal(store_stats_bcp_hits(f->s, &view_all, "KZ-A", NULL, first, 1, true, &items,
					      next), 0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "score")), 90);
	assert_string_equal(next, "");
	json_decref(items);
}

#define STORE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_node_self),
		STORE_TEST(test_node_absent),
		STORE_TEST(test_round_trip_every_type),
		STORE_TEST(test_minimal_defaults),
		STORE_TEST(test_reference_must_exist),
		STORE_TEST(test_visibility),
		STORE_TEST(test_pagination),
		STORE_TEST(test_order_within_millisecond),
		STORE_TEST(test_name_search),
		STORE_TEST(test_name_search_after_update),
		STORE_TEST(test_update_conflict),
		STORE_TEST(test_update_keeps_h3_note),
		STORE_TEST(test_migrations),
		STORE_TEST(test_migrate_older),
		STORE_TEST(test_list_plans),
		STORE_TEST(test_schema_matches_model),
		STORE_TEST(test_migrate_peer_heard),
		STORE_TEST(test_audit_chain),
		STORE_TEST(test_audit_tamper_changed),
		STORE_TEST(test_audit_tamper_rehashed),
		STORE_TEST(test_audit_tamper_deleted),
		STORE_TEST(test_audit_tamper_renumbered),
		STORE_TEST(test_concurrent_writes),
		STORE_TEST(test_import),
		STORE_TEST(test_import_rows_fail_alone),
		STORE_TEST(test_users),
		STORE_TEST(test_sessions),
		STORE_TEST(test_tokens),
		STORE_TEST(test_backup),
		STORE_TEST(test_integrity),
		STORE_TEST(test_receive_many),
		STORE_TEST(test_delivered_many),
		STORE_TEST(test_outbox_stats),
		STORE_TEST(test_stats_today),
		STORE_TEST(test_stats_bcps),
		STORE_TEST(test_stats_peer_down),
		STORE_TEST(test_stats_throughput),
		STORE_TEST(test_stats_hits_since),
		STORE_TEST(test_stats_bcp_hits),
	};
	if (rics_ids_init() != 0)
		return 1;
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
