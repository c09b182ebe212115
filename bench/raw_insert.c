// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * raw_insert: the baseline for durable record creation. Durable single-row
 * inserts straight into SQLite, with the settings the node uses (WAL,
 * synchronous=FULL, foreign_keys=ON), one INSERT per transaction, into a
 * table shaped like the node's crossing table (same columns, STRICT, same
 * indexes) with rows like the ones the API benchmark creates. Every COMMIT
 * fsyncs the WAL, so the rate is close to the disk's fsync rate: what a
 * server that commits each request on its own could reach at best.
 *
 * usage: raw_insert DIR SECONDS [MAX_ROWS]
 * Creates DIR/raw.db (DIR must exist; the file must not), inserts for
 * SECONDS or until MAX_ROWS rows, and prints one line:
 *   raw_insert: rows=N seconds=S rate=R inserts/s
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char schema[] =
	"CREATE TABLE crossing (\n"
	"  id TEXT PRIMARY KEY,\n"
	"  origin_node TEXT NOT NULL,\n"
	"  classification INTEGER NOT NULL DEFAULT 0 CHECK (classification BETWEEN 0 AND 3),\n"
	"  handling TEXT NOT NULL DEFAULT 'H0',\n"
	"  handling_note TEXT,\n"
	"  reliability TEXT,\n"
	"  assessment INTEGER,\n"
	"  releasable_countries TEXT NOT NULL DEFAULT '[]',\n"
	"  releasable_agencies TEXT NOT NULL DEFAULT '[]',\n"
	"  created_at TEXT NOT NULL,\n"
	"  updated_at TEXT NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  bcp_code TEXT NOT NULL,\n"
	"  direction TEXT NOT NULL,\n"
	"  crossed_at TEXT NOT NULL,\n"
	"  mode TEXT,\n"
	"  person_id TEXT,\n"
	"  document_id TEXT,\n"
	"  vehicle_id TEXT,\n"
	"  group_ref TEXT,\n"
	"  notes TEXT\n"
	") STRICT;\n"
	"CREATE INDEX crossing_cls ON crossing(classification, id);\n"
	"CREATE INDEX crossing_bcp_code ON crossing(bcp_code);\n"
	"CREATE INDEX crossing_bcp_time ON crossing(bcp_code, crossed_at);\n"
	"CREATE INDEX crossing_direction ON crossing(direction);\n"
	"CREATE INDEX crossing_crossed_at ON crossing(crossed_at);\n"
	"CREATE INDEX crossing_mode ON crossing(mode);\n"
	"CREATE INDEX crossing_person_id ON crossing(person_id);\n"
	"CREATE INDEX crossing_document_id ON crossing(document_id);\n"
	"CREATE INDEX crossing_vehicle_id ON crossing(vehicle_id);\n"
	"CREATE INDEX crossing_group_ref ON crossing(group_ref);\n";

static const char insert_sql[] =
	"INSERT INTO crossing (id, origin_node, classification, handling, handling_note,"
	" reliability, assessment, releasable_countries, releasable_agencies, created_at,"
	" updated_at, created_by, version, bcp_code, direction, crossed_at, mode, person_id,"
	" document_id, vehicle_id, group_ref, notes)"
	" VALUES (?, ?, 0, 'H0', NULL, NULL, NULL, '[]', '[]', ?, ?, 'token:bench', 1,"
	" 'KZ-KHORGOS', ?, ?, 'road', NULL, NULL, NULL, ?, NULL)";

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A time-ordered id shaped like the node's UUIDv7s. */
static void make_id(uint64_t ms, uint64_t n, char out[37])
{
	uint64_t r = n * 0x9e3779b97f4a7c15ull;
	snprintf(out, 37, "%08" PRIx64 "-%04" PRIx64 "-7%03" PRIx64 "-8%03" PRIx64 "-%012" PRIx64,
		 (ms >> 16) & 0xffffffffu, ms & 0xffffu, (r >> 52) & 0xfffu, (r >> 40) & 0xfffu,
		 r & UINT64_C(0xffffffffffff));
}

/* RFC 3339 UTC with milliseconds, as the node stores times. */
static void make_time(struct timespec ts, char out[64])
{
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 ts.tv_nsec / 1000000);
}

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "raw_insert: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
	sqlite3_close_v2(db);
	return 1;
}

static bool exec_ok(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static bool parse_num(const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return !errno && end != s && !*end && *out >= min && *out <= max;
}

int main(int argc, char **argv)
{
	char path[PATH_MAX], id[37], now[64], group[32];
	double seconds, max_rows = 1e9, start, elapsed;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	struct stat st;
	uint64_t rows = 0;

	if (argc < 3 || argc > 4 || !parse_num(argv[2], 0.1, 3600, &seconds) ||
	    (argc == 4 && !parse_num(argv[3], 1, 1e9, &max_rows))) {
		fputs("usage: raw_insert DIR SECONDS [MAX_ROWS]\n", stderr);
		return 2;
	}
	if ((size_t)snprintf(path, sizeof path, "%s/raw.db", argv[1]) >= sizeof path) {
		fputs("raw_insert: the path is too long\n", stderr);
		return 2;
	}
	if (stat(path, &st) == 0) {
		fprintf(stderr, "raw_insert: '%s' exists; give a fresh directory\n", path);
		return 2;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return fail(db, "open");
	{
		sqlite3_stmt *jm = NULL;
		bool wal = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &jm, NULL) ==
				   SQLITE_OK &&
			   sqlite3_step(jm) == SQLITE_ROW &&
			   strcmp((const char *)sqlite3_column_text(jm, 0), "wal") == 0;
		sqlite3_finalize(jm);
		if (!wal)
			return fail(db, "journal_mode=WAL");
	}
	if (!exec_ok(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
			 " PRAGMA temp_store = MEMORY;"))
		return fail(db, "pragmas");
	if (!exec_ok(db, schema))
		return fail(db, "schema");
	if (sqlite3_prepare_v3(db, insert_sql, -1, SQLITE_PREPARE_PERSISTENT, &ins, NULL) !=
	    SQLITE_OK)
		return fail(db, "prepare");

	start = now_s();
	do {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		make_id((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000, rows, id);
		make_time(ts, now);
		snprintf(group, sizeof group, "bench-%" PRIu64, rows % 1000);
		/* one durable transaction per row, as a lone request would get */
		if (!exec_ok(db, "BEGIN IMMEDIATE"))
			return fail(db, "begin");
		sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, "0190d2a4-0000-7000-8000-000000000000", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 4, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 5, rows % 2 ? "out" : "in", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 7, group, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE)
			return fail(db, "insert");
		sqlite3_reset(ins);
		if (!exec_ok(db, "COMMIT"))
			return fail(db, "commit");
		rows++;
		elapsed = now_s() - start;
	} while (elapsed < seconds && (double)rows < max_rows);

	sqlite3_finalize(ins);
	if (sqlite3_close(db) != SQLITE_OK)
		return fail(db, "close");
	printf("raw_insert: rows=%" PRIu64 " seconds=%.3f rate=%.1f inserts/s\n", rows, elapsed,
	       (double)rows / elapsed);
	return 0;
}
