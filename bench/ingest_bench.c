// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * ingest_bench: the ingest benchmark's programs (scripts/bench-ingest runs
 * them; see docs/bench.md). Each mode prints one line of key=value figures.
 *
 *   ingest_bench mrz FILE SECONDS
 *     Parse the MRZs of FILE (as `rics gen --format mrz` writes them: one
 *     MRZ per paragraph) with mrz_parse() over and over for SECONDS, then
 *     run the baseline over the same lines for as long: the Doc 9303 check
 *     digit of every whole line, i.e. one pass over every character with
 *     the arithmetic any verifying reader must do. The ratio says what the
 *     parse costs beyond touching the bytes once.
 *   ingest_bench paxlst DIR SECONDS
 *     Read every PAXLST interchange in DIR (`rics gen --format paxlst`) with
 *     edifact_parse() + paxlst_read() to JSON, over and over; the baseline
 *     finds every segment terminator of the same bytes with memchr(), the
 *     least a tokenizer must do.
 *   ingest_bench rows N FILE
 *     Write N synthetic crossings as JSONL for `rics import --type crossings`.
 *   ingest_bench raw DIR N BATCH keyed|plain NODE_DB
 *     Insert the same N crossings straight into SQLite (DIR/raw.db, made
 *     with the schema of NODE_DB, a node's database, and with the node's
 *     settings: WAL, synchronous=FULL), BATCH rows per durable transaction:
 *     the baseline for bulk import through the API. keyed: with the node's
 *     import key (see copy_schema); plain: without.
 */
#include "ingest/edifact.h"
#include "ingest/mrz.h"
#include "ingest/paxlst.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool parse_num(const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return !errno && end != s && !*end && *out >= min && *out <= max;
}

/* The whole of a file, NUL-terminated; NULL after saying why. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "ingest_bench: cannot read '%s': %s\n", path, strerror(errno));
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	if (f)
		fclose(f);
	return buf;
}

/* ---- MRZ ---- */

struct span {
	const char *p;
	size_t n;
};

/* The paragraphs of text (runs of non-blank lines), in place. */
static size_t paragraphs(const char *text, struct span **out)
{
	size_t n = 0, cap = 0;
	struct span *v = NULL;
	const char *p = text;
	while (*p) {
		while (*p == '\n')
			p++;
		const char *start = p, *end = strstr(p, "\n\n");
		if (!end)
			end = p + strlen(p);
		if (end > start) {
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				struct span *w = realloc(v, cap * sizeof *v);
				if (!w)
					break;
				v = w;
			}
			v[n++] = (struct span){ start, (size_t)(end - start) };
		}
		p = end;
	}
	*out = v;
	return n;
}

/* The check digit of every line of one MRZ; their sum, so none is optimised out. */
static unsigned check_lines(struct span s)
{
	unsigned sum = 0;
	const char *p = s.p, *end = s.p + s.n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		sum += (unsigned)mrz_check_digit(p, len);
		p += len + 1;
	}
	return sum;
}

static int bench_mrz(const char *file, double seconds)
{
	size_t len, n, parses = 0, valid = 0, checked = 0;
	char *text = slurp(file, &len);
	struct span *mrzs = NULL;
	struct mrz_result r;
	unsigned sink = 0;
	double t0, t_parse, t_base;
	const int64_t ref_days = 20454; /* 2026-01-01, the generator's start */

	if (!text)
		return 1;
	n = paragraphs(text, &mrzs);
	if (!n) {
		fprintf(stderr, "ingest_bench: no MRZ in '%s'\n", file);
		free(text);
		return 1;
	}
	t0 = now_s();
	do {
		for (size_t i = 0; i < n; i++, parses++)
			valid += mrz_parse(mrzs[i].p, mrzs[i].n, ref_days, &r) == 0 && r.valid;
	} while ((t_parse = now_s() - t0) < seconds);
	t0 = now_s();
	do {
		for (size_t i = 0; i < n; i++, checked++)
			sink += check_lines(mrzs[i]);
	} while ((t_base = now_s() - t0) < seconds);
	printf("ingest_bench mrz: mrzs=%zu parses=%zu valid=%zu seconds=%.3f rate=%.1f"
	       " baseline_rate=%.1f sink=%u\n", n, parses, valid, t_parse, (double)parses / t_parse,
	       (double)checked / t_base, sink % 10);
	free(mrzs);
	free(text);
	return valid == parses ? 0 : 1;
}

/* ---- PAXLST ---- */

struct files {
	char **data;
	size_t *len;
	size_t n, bytes;
};

static int load_dir(const char *dir, struct files *f)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	if (!d) {
		fprintf(stderr, "ingest_bench: cannot open '%s': %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		size_t len;
		char *buf;
		if (e->d_name[0] == '.' ||
		    (size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path)
			continue;
		char **dv = realloc(f->data, (f->n + 1) * sizeof *dv);
		if (dv)
			f->data = dv;
		size_t *lv = realloc(f->len, (f->n + 1) * sizeof *lv);
		if (lv)
			f->len = lv;
		if (!dv || !lv || !(buf = slurp(path, &len))) {
			closedir(d);
			return 1;
		}
		f->data[f->n] = buf;
		f->len[f->n++] = len;
		f->bytes += len;
	}
	closedir(d);
	return 0;
}

static bool read_paxlst(const char *data, size_t len, size_t *passengers)
{
	struct edifact_interchange *ic = NULL;
	json_t *out = NULL, *m;
	size_t i;
	bool ok = edifact_parse(data, len, &ic, NULL) == 0 && paxlst_read(ic, &out) == 0;
	json_array_foreach(json_object_get(out, "manifests"), i, m)
		*passengers += json_array_size(json_object_get(m, "passengers"));
	json_decref(out);
	edifact_interchange_free(ic);
	return ok;
}

static int bench_paxlst(const char *dir, double seconds)
{
	struct files f = { 0 };
	size_t rounds = 0, base_rounds = 0, passengers = 0, segments = 0, failed = 0;
	double t0, t_parse, t_base;
	int rc = load_dir(dir, &f);

	if (!rc && !f.n) {
		fprintf(stderr, "ingest_bench: no files in '%s'\n", dir);
		rc = 1;
	}
	if (rc)
		goto out;
	t0 = now_s();
	do {
		for (size_t i = 0; i < f.n; i++)
			failed += !read_paxlst(f.data[i], f.len[i], &passengers);
		rounds++;
	} while ((t_parse = now_s() - t0) < seconds);
	t0 = now_s();
	do {
		for (size_t i = 0; i < f.n; i++)
			for (const char *p = f.data[i], *end = p + f.len[i];
			     (p = memchr(p, '\'', (size_t)(end - p))); p++)
				segments++;
		base_rounds++;
	} while ((t_base = now_s() - t0) < seconds);
	printf("ingest_bench paxlst: files=%zu bytes=%zu passengers=%zu rounds=%zu seconds=%.3f"
	       " mb_per_s=%.2f baseline_mb_per_s=%.2f segments=%zu\n", f.n, f.bytes,
	       passengers / rounds, rounds, t_parse, (double)(f.bytes * rounds) / 1e6 / t_parse,
	       (double)(f.bytes * base_rounds) / 1e6 / t_base, segments / base_rounds);
	rc = failed ? 1 : 0;
out:
	for (size_t i = 0; i < f.n; i++)
		free(f.data[i]);
	free(f.data);
	free(f.len);
	return rc;
}

/* ---- crossings: the rows, as JSONL and straight into SQLite ---- */

static const char *const bcps[] = { "KZ-KORDAY", "KZ-KHORGOS", "KG-DOSTUK", "TJ-PANJI-POYON",
				    "UZ-OYBEK", "TM-FARAP", "KG-IRKESHTAM", "UZ-DUSTLIK" };
static const char *const modes[] = { "road", "rail", "pedestrian", "air" };

struct crossing {
	const char *bcp, *direction, *mode;
	char crossed_at[32], group_ref[32];
};

/* Row i: a crossing every 7 seconds from 2026-01-01, in groups of four. */
static void crossing_row(uint64_t i, struct crossing *c)
{
	time_t t = (time_t)(1767225600 + i * 7);
	struct tm tm;
	gmtime_r(&t, &tm);
	c->bcp = bcps[i % (sizeof bcps / sizeof *bcps)];
	c->direction = i / 3 % 2 ? "out" : "in";
	c->mode = modes[i / 5 % (sizeof modes / sizeof *modes)];
	strftime(c->crossed_at, sizeof c->crossed_at, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	snprintf(c->group_ref, sizeof c->group_ref, "bench-%" PRIu64, i / 4);
}

/* The row as a line of JSON; its length. */
static int row_json(const struct crossing *c, char *buf, size_t size)
{
	return snprintf(buf, size, "{\"bcp_code\":\"%s\",\"direction\":\"%s\",\"crossed_at\":\"%s\","
			"\"mode\":\"%s\",\"group_ref\":\"%s\"}", c->bcp, c->direction, c->crossed_at,
			c->mode, c->group_ref);
}

static int write_rows(uint64_t n, const char *file)
{
	FILE *f = fopen(file, "wb");
	struct crossing c;
	char line[256];
	if (!f) {
		fprintf(stderr, "ingest_bench: cannot write '%s': %s\n", file, strerror(errno));
		return 1;
	}
	for (uint64_t i = 0; i < n; i++) {
		crossing_row(i, &c);
		row_json(&c, line, sizeof line);
		fprintf(f, "%s\n", line);
	}
	if (fclose(f)) {
		fprintf(stderr, "ingest_bench: cannot write '%s': %s\n", file, strerror(errno));
		return 1;
	}
	printf("ingest_bench rows: rows=%" PRIu64 " file=%s\n", n, file);
	return 0;
}

/*
 * The schema comes from a fresh node's database (`rics init`), table for
 * table and index for index, so the baseline is the node's crossing table
 * as it is, whatever migrations made it. Its unique import key (a SHA-256
 * of the row after its crossing time) is what makes importing a file twice
 * harmless, and it is the dearest index. "keyed" fills
 * it as the node does; "plain" leaves it NULL, for the figure of SQLite
 * without idempotence.
 */
static const char schema_sql[] =
	"SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
	" ORDER BY rowid";

static int copy_schema(sqlite3 *db, const char *from)
{
	sqlite3 *src = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(src, schema_sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = sqlite3_exec(db, (const char *)sqlite3_column_text(st, 0), NULL, NULL, NULL);
	if (rc != SQLITE_DONE)
		fprintf(stderr, "ingest_bench raw: copying the schema of '%s': %s\n", from,
			sqlite3_errstr(rc));
	sqlite3_finalize(st);
	sqlite3_close(src);
	return rc == SQLITE_DONE ? 0 : 1;
}

static const char insert_sql[] =
	"INSERT INTO crossing (id, origin_node, classification, handling, releasable_countries,"
	" releasable_agencies, created_at, updated_at, created_by, version, bcp_code, direction,"
	" crossed_at, mode, group_ref, status, import_key)"
	" VALUES (?, '0190d2a4-0000-7000-8000-000000000000', 0, 'H0', '[]', '[]', ?, ?,"
	" 'token:bench', 1, ?, ?, ?, ?, ?, 'recorded', ?)";

/* A time-ordered id shaped like the node's UUIDv7s, and the stamp. */
static void make_id_time(uint64_t n, char id[37], char stamp[64])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	uint64_t r = n * 0x9e3779b97f4a7c15ull;
	snprintf(id, 37, "%08" PRIx64 "-%04" PRIx64 "-7%03" PRIx64 "-8%03" PRIx64 "-%012" PRIx64,
		 (ms >> 16) & 0xffffffffu, ms & 0xffffu, (r >> 52) & 0xfffu, (r >> 40) & 0xfffu,
		 r & UINT64_C(0xffffffffffff));
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(stamp, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 ts.tv_nsec / 1000000);
}

static int db_fail(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	fprintf(stderr, "ingest_bench raw: %s: %s\n", what, db ? sqlite3_errmsg(db) : "no memory");
	sqlite3_finalize(st);
	sqlite3_close_v2(db);
	return 1;
}

static bool exec_ok(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* The import key of a row, as the node makes it (src/http/api_import.c):
 * the crossing time, '/', and the SHA-256 of the type and the row in hex. */
#define KEY_LEN (64 + 1 + 2 * crypto_hash_sha256_BYTES + 1)
static void import_key(const struct crossing *c, char key[KEY_LEN])
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	char text[300] = "crossing\n";
	int n = row_json(c, text + 9, sizeof text - 9);
	crypto_hash_sha256(hash, (const unsigned char *)text, (unsigned long long)n + 9);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	snprintf(key, KEY_LEN, "%.63s/%s", c->crossed_at, hex);
}

static bool insert_one(sqlite3_stmt *st, uint64_t i, bool keyed)
{
	char id[37], stamp[64], key[KEY_LEN];
	struct crossing c;
	crossing_row(i, &c);
	make_id_time(i, id, stamp);
	if (keyed)
		import_key(&c, key);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, stamp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, stamp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, c.bcp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c.direction, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c.crossed_at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, c.mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c.group_ref, -1, SQLITE_TRANSIENT);
	if (keyed)
		sqlite3_bind_text(st, 9, key, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 9);
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_reset(st);
	return ok;
}

static int open_raw(const char *dir, const char *schema_from, sqlite3 **out)
{
	char path[PATH_MAX];
	sqlite3 *db = NULL;
	sqlite3_stmt *jm = NULL;
	struct stat st;
	bool wal;
	if ((size_t)snprintf(path, sizeof path, "%s/raw.db", dir) >= sizeof path ||
	    stat(path, &st) == 0) {
		fprintf(stderr, "ingest_bench raw: give a fresh directory, not '%s'\n", dir);
		return 2;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return db_fail(db, NULL, "open");
	wal = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &jm, NULL) == SQLITE_OK &&
	      sqlite3_step(jm) == SQLITE_ROW &&
	      strcmp((const char *)sqlite3_column_text(jm, 0), "wal") == 0;
	sqlite3_finalize(jm);
	if (!wal)
		return db_fail(db, NULL, "journal_mode=WAL");
	if (!exec_ok(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
			 " PRAGMA temp_store = MEMORY;"))
		return db_fail(db, NULL, "pragmas");
	if (copy_schema(db, schema_from)) {
		sqlite3_close(db);
		return 1;
	}
	*out = db;
	return 0;
}

static int raw_insert(const char *dir, const char *schema_from, uint64_t n, uint64_t batch,
		      bool keyed)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	double t0, secs;
	int rc = open_raw(dir, schema_from, &db);

	if (rc)
		return rc;
	if (sqlite3_prepare_v3(db, insert_sql, -1, SQLITE_PREPARE_PERSISTENT, &ins, NULL))
		return db_fail(db, ins, "prepare");
	t0 = now_s();
	for (uint64_t i = 0; i < n;) {
		if (!exec_ok(db, "BEGIN IMMEDIATE"))
			return db_fail(db, ins, "begin");
		for (uint64_t end = i + batch < n ? i + batch : n; i < end; i++)
			if (!insert_one(ins, i, keyed))
				return db_fail(db, ins, "insert");
		if (!exec_ok(db, "COMMIT"))
			return db_fail(db, ins, "commit");
	}
	secs = now_s() - t0;
	sqlite3_finalize(ins);
	if (sqlite3_close(db) != SQLITE_OK)
		return db_fail(db, NULL, "close");
	printf("ingest_bench raw: rows=%" PRIu64 " batch=%" PRIu64 " keyed=%d seconds=%.3f"
	       " rate=%.1f\n", n, batch, keyed, secs, (double)n / secs);
	return 0;
}

static int usage(void)
{
	fputs("usage: ingest_bench mrz FILE SECONDS | paxlst DIR SECONDS | rows N FILE |"
	      " raw DIR N BATCH keyed|plain NODE_DB\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	double a, b;
	if (sodium_init() < 0)
		return 1;
	if (argc == 4 && !strcmp(argv[1], "mrz") && parse_num(argv[3], 0.1, 3600, &a))
		return bench_mrz(argv[2], a);
	if (argc == 4 && !strcmp(argv[1], "paxlst") && parse_num(argv[3], 0.1, 3600, &a))
		return bench_paxlst(argv[2], a);
	if (argc == 4 && !strcmp(argv[1], "rows") && parse_num(argv[2], 1, 1e9, &a))
		return write_rows((uint64_t)a, argv[3]);
	if (argc == 7 && !strcmp(argv[1], "raw") && parse_num(argv[3], 1, 1e9, &a) &&
	    parse_num(argv[4], 1, 1e6, &b) && (!strcmp(argv[5], "keyed") || !strcmp(argv[5], "plain")))
		return raw_insert(argv[2], argv[6], (uint64_t)a, (uint64_t)b,
				  !strcmp(argv[5], "keyed"));
	return usage();
}
