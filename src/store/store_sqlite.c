// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The SQLite engine: connections, migrations, and the group-commit writer.
 *
 * Durability: the database runs in WAL mode with synchronous=FULL, so every
 * COMMIT appends to the write-ahead log and fsyncs it before returning. A
 * write is acknowledged to a caller only after its COMMIT returned, so it
 * survives kill -9 (the WAL is replayed at the next open) and power loss
 * (the WAL is on stable storage, if the disk honours fsync).
 *
 * One fsync per write would cap the node at the disk's fsync rate. Instead a
 * single writer thread takes every write queued while the previous commit
 * was running and commits them together: one transaction, one fsync, each
 * write in its own savepoint so that one failure does not undo the others.
 * Readers use a pool of separate connections and never wait for the writer.
 */
#include "store/store_int.h"

#include "core/alloc.h"
#include "core/error.h"
#include "store/migrations.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#define WRITE_BATCH_MAX 256

int store_sqlite_error(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return 0;
	case SQLITE_CONSTRAINT: return RICS_E_CONFLICT;
	case SQLITE_NOMEM: return -ENOMEM;
	case SQLITE_BUSY: case SQLITE_LOCKED: return RICS_E_BUSY;
	case SQLITE_CORRUPT: case SQLITE_NOTADB: return RICS_E_CORRUPT;
	case SQLITE_CANTOPEN: return -ENOENT;
	case SQLITE_READONLY: return -EROFS;
	case SQLITE_FULL: return -ENOSPC;
	default: return RICS_E_STORE;
	}
}

int64_t store_now(struct store *s)
{
	return rics_clock_now(s->clock);
}

int store_read(struct store *s, const char *sql, void (*bind)(sqlite3_stmt *, void *),
	       int (*row)(sqlite3_stmt *, void *), void *ctx)
{
	struct conn *c = store_reader_get(s);
	sqlite3_stmt *st = conn_prepare(c, sql);
	int rc;

	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	if (bind)
		bind(st, ctx);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = row(st, ctx)) != 0)
			break;
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE || rc == 1 ? 0 : rc < 0 ? rc : store_sqlite_error(rc);
out:
	store_reader_put(s, c);
	return rc;
}

struct get_row {
	const char *key;
	void (*read)(sqlite3_stmt *, void *);
	void *out;
	bool found;
};

static void bind_key(sqlite3_stmt *st, void *ctx)
{
	bind_text(st, 1, ((struct get_row *)ctx)->key);
}

static int read_first(sqlite3_stmt *st, void *ctx)
{
	struct get_row *g = ctx;
	g->read(st, g->out);
	g->found = true;
	return 1;
}

int store_get_row(struct store *s, const char *sql, const char *key,
		  void (*read)(sqlite3_stmt *, void *), void *out)
{
	/* out is only written (by read, on a row), never read here */
	// cppcheck-suppress ctuuninitvar
	struct get_row g = { key, read, out, false };
	int rc = store_read(s, sql, bind_key, read_first, &g);
	return rc ? rc : g.found ? 0 : RICS_E_NOT_FOUND;
}

struct page_json {
	void (*bind)(sqlite3_stmt *, void *);
	json_t *(*row)(sqlite3_stmt *, void *);
	void *ctx;
	size_t limit;
	bool more;
	json_t *arr;
};

static void page_bind(sqlite3_stmt *st, void *ctx)
{
	struct page_json *p = ctx;
	if (p->bind)
		p->bind(st, p->ctx);
}

static int page_row(sqlite3_stmt *st, void *ctx)
{
	struct page_json *p = ctx;
	if (json_array_size(p->arr) == p->limit) {
		p->more = true;
		return 1;
	}
	return json_array_append_new(p->arr, p->row(st, p->ctx)) ? -ENOMEM : 0;
}

int store_page_json(struct store *s, const char *sql, void (*bind)(sqlite3_stmt *, void *),
		    json_t *(*row)(sqlite3_stmt *, void *), void *ctx, unsigned limit,
		    json_t **items, char next[RICS_UUID_LEN])
{
	struct page_json p = { bind, row, ctx, limit, false, json_array() };
	int rc = p.arr ? store_read(s, sql, page_bind, page_row, &p) : -ENOMEM;
	if (!rc) {
		json_t *last = json_array_get(p.arr, json_array_size(p.arr) - 1);
		snprintf(next, RICS_UUID_LEN, "%s",
			 p.more ? json_string_value(json_object_get(last, "id")) : "");
		*items = p.arr;
		p.arr = NULL;
	}
	json_decref(p.arr);
	return rc;
}

int store_list_json(struct store *s, const char *sql, json_t *(*row)(sqlite3_stmt *, void *),
		    void *ctx, json_t **out)
{
	char next[RICS_UUID_LEN];
	return store_page_json(s, sql, NULL, row, ctx, UINT_MAX, out, next);
}

int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void column_copy(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, t, n);
	buf[n] = '\0';
}

sqlite3_stmt *conn_prepare(struct conn *c, const char *sql)
{
	struct stmt_cache_entry *e;
	sqlite3_stmt *st = NULL;

	for (unsigned i = 0; i < c->ncache; i++) {
		if (strcmp(c->cache[i].sql, sql) == 0) {
			sqlite3_reset(c->cache[i].stmt);
			sqlite3_clear_bindings(c->cache[i].stmt);
			return c->cache[i].stmt;
		}
	}
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	if (c->ncache < STMT_CACHE_SIZE) {
		e = &c->cache[c->ncache++];
	} else {
		/* evict round-robin; list queries with many filter mixes cycle */
		e = &c->cache[c->next_evict++ % STMT_CACHE_SIZE];
		sqlite3_finalize(e->stmt);
		rics_free(e->sql);
	}
	e->sql = rics_strdup(sql);
	if (!e->sql) {
		sqlite3_finalize(st);
		e->stmt = NULL;
		/* keep the cache dense: move the last entry into the hole */
		*e = c->cache[--c->ncache];
		return NULL;
	}
	e->stmt = st;
	return st;
}

static void conn_free(struct conn *c)
{
	if (!c)
		return;
	for (unsigned i = 0; i < c->ncache; i++) {
		sqlite3_finalize(c->cache[i].stmt);
		rics_free(c->cache[i].sql);
	}
	sqlite3_close_v2(c->db);
	rics_free(c);
}

static int conn_exec(struct conn *c, const char *sql)
{
	return store_sqlite_error(sqlite3_exec(c->db, sql, NULL, NULL, NULL));
}

static int conn_open(const char *path, bool create, bool readonly, struct conn **out)
{
	struct conn *c = rics_calloc(1, sizeof *c);
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	int rc;

	if (!c)
		return -ENOMEM;
	flags |= readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (create && !readonly)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = store_sqlite_error(rc);
		goto fail;
	}
	sqlite3_busy_timeout(c->db, 10000);
	rc = conn_exec(c, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
			  " PRAGMA temp_store = MEMORY;");
	if (rc)
		goto fail;
	*out = c;
	return 0;
fail:
	conn_free(c);
	return rc;
}

static int user_version(struct conn *c, int *out)
{
	sqlite3_stmt *st = conn_prepare(c, "PRAGMA user_version");
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	if (sqlite3_step(st) != SQLITE_ROW)
		return store_sqlite_error(sqlite3_errcode(c->db));
	*out = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int migrate(struct conn *c, bool no_migrate)
{
	int have = 0, rc;
	char pragma[64];

	rc = user_version(c, &have);
	if (rc)
		return rc;
	if (have > store_migration_count())
		return RICS_E_SCHEMA_NEWER;
	if (no_migrate && have < store_migration_count())
		return RICS_E_SCHEMA_OLDER;
	for (int v = have + 1; v <= store_migration_count(); v++) {
		rc = conn_exec(c, "BEGIN IMMEDIATE");
		if (rc)
			return rc;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
		rc = conn_exec(c, store_migration_sql(v));
		if (!rc)
			rc = conn_exec(c, pragma);
		if (!rc)
			rc = conn_exec(c, "COMMIT");
		if (rc) {
			conn_exec(c, "ROLLBACK");
			return rc;
		}
	}
	return 0;
}

int store_schema_version(struct store *s)
{
	int v = -1;
	struct conn *c = store_reader_get(s);
	user_version(c, &v);
	store_reader_put(s, c);
	return v;
}

struct conn *store_reader_get(struct store *s)
{
	struct conn *c;
	pthread_mutex_lock(&s->rlock);
	while (!s->readers_free)
		pthread_cond_wait(&s->rfree, &s->rlock);
	c = s->readers_free;
	s->readers_free = c->next_free;
	pthread_mutex_unlock(&s->rlock);
	return c;
}

void store_reader_put(struct store *s, struct conn *c)
{
	/* end any read transaction a caller left open by an early return */
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_lock(&s->rlock);
	c->next_free = s->readers_free;
	s->readers_free = c;
	pthread_cond_signal(&s->rfree);
	pthread_mutex_unlock(&s->rlock);
}

/* Run one batch of ops in a transaction. */
static void writer_run_batch(struct store *s, struct write_op *batch)
{
	struct conn *c = s->writer_conn;
	int rc = conn_exec(c, "BEGIN IMMEDIATE");

	for (struct write_op *op = batch; op; op = op->next) {
		int64_t seq = s->audit_seq;
		char hash[RICS_SHA256_HEX_LEN];
		memcpy(hash, s->audit_hash, sizeof hash);
		if (rc) {
			op->rc = rc;
			continue;
		}
		if ((op->rc = conn_exec(c, "SAVEPOINT op")) != 0)
			continue;
		op->rc = op->fn(s, c, op->arg);
		if (op->rc) {
			conn_exec(c, "ROLLBACK TO op");
			s->audit_seq = seq;
			memcpy(s->audit_hash, hash, sizeof hash);
		}
		conn_exec(c, "RELEASE op");
	}
	if (!rc)
		rc = conn_exec(c, "COMMIT");
	if (rc) {
		conn_exec(c, "ROLLBACK");
		audit_load_head(s, c);
		for (struct write_op *op = batch; op; op = op->next)
			if (!op->rc)
				op->rc = rc;
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;

	pthread_mutex_lock(&s->wlock);
	for (;;) {
		struct write_op *batch, *last;
		unsigned n = 1;
		while (!s->queue_head && !s->closing)
			pthread_cond_wait(&s->wwork, &s->wlock);
		if (!s->queue_head)
			break; /* closing and drained */
		batch = last = s->queue_head;
		while (last->next && n < WRITE_BATCH_MAX) {
			last = last->next;
			n++;
		}
		s->queue_head = last->next;
		if (!s->queue_head)
			s->queue_tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&s->wlock);

		writer_run_batch(s, batch);

		pthread_mutex_lock(&s->wlock);
		for (struct write_op *op = batch; op;) {
			struct write_op *next = op->next;
			op->done = true; /* op may be freed by its owner after this */
			op = next;
		}
		pthread_cond_broadcast(&s->wdone);
	}
	pthread_mutex_unlock(&s->wlock);
	return NULL;
}

int store_write(struct store *s, int (*fn)(struct store *, struct conn *, void *), void *arg)
{
	struct write_op op = { .fn = fn, .arg = arg };

	pthread_mutex_lock(&s->wlock);
	if (s->closing) {
		pthread_mutex_unlock(&s->wlock);
		return RICS_E_CLOSED;
	}
	/* op lives on this stack frame until the writer marks it done, and this
	 * function does not return before that */
	if (s->queue_tail)
		s->queue_tail->next = &op;
	else
		s->queue_head = &op; // cppcheck-suppress autoVariables
	s->queue_tail = &op; // cppcheck-suppress autoVariables
	pthread_cond_signal(&s->wwork);
	while (!op.done)
		pthread_cond_wait(&s->wdone, &s->wlock);
	pthread_mutex_unlock(&s->wlock);
	return op.rc;
}

static int open_readers(struct store *s, unsigned n)
{
	s->readers = rics_calloc(n, sizeof *s->readers);
	if (!s->readers)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		int rc = conn_open(s->path, false, true, &s->readers[i]);
		if (rc)
			return rc;
		s->nreaders++;
		s->readers[i]->next_free = s->readers_free;
		s->readers_free = s->readers[i];
	}
	return 0;
}

int store_open(const struct store_options *opt, struct store **out)
{
	struct store *s = rics_calloc(1, sizeof *s);
	int rc = -ENOMEM;
	char *mode = NULL;

	if (!s)
		return -ENOMEM;
	s->clock = opt->clock ? opt->clock : &rics_clock_system;
	pthread_mutex_init(&s->wlock, NULL);
	pthread_cond_init(&s->wwork, NULL);
	pthread_cond_init(&s->wdone, NULL);
	pthread_mutex_init(&s->rlock, NULL);
	pthread_cond_init(&s->rfree, NULL);
	s->path = rics_strdup(opt->path);
	if (!s->path)
		goto fail;
	rc = conn_open(s->path, opt->create, false, &s->writer_conn);
	if (rc)
		goto fail;
	{
		sqlite3_stmt *st = conn_prepare(s->writer_conn, "PRAGMA journal_mode = WAL");
		rc = st && sqlite3_step(st) == SQLITE_ROW ? 0 : RICS_E_STORE;
		if (!rc) {
			mode = rics_strdup((const char *)sqlite3_column_text(st, 0));
			if (!mode || strcmp(mode, "wal") != 0)
				rc = RICS_E_STORE;
		}
		if (st)
			sqlite3_reset(st);
		if (rc)
			goto fail;
	}
	rc = migrate(s->writer_conn, opt->no_migrate);
	if (rc)
		goto fail;
	rc = audit_load_head(s, s->writer_conn);
	if (rc)
		goto fail;
	rc = open_readers(s, opt->readers ? opt->readers : 8);
	if (rc)
		goto fail;
	{
		/* records created from now on carry this node as origin; set before
		 * the writer starts, which alone reads it afterwards */
		struct store_node self;
		rc = store_node_self(s, &self);
		if (rc && rc != RICS_E_NOT_FOUND)
			goto fail;
		if (!rc)
			snprintf(s->node_id, sizeof s->node_id, "%s", self.id);
	}
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		rc = -EAGAIN;
		goto fail;
	}
	s->writer_running = true;
	rics_free(mode);
	*out = s;
	return 0;
fail:
	rics_free(mode);
	store_close(s);
	return rc;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->writer_running) {
		pthread_mutex_lock(&s->wlock);
		s->closing = true;
		pthread_cond_signal(&s->wwork);
		pthread_mutex_unlock(&s->wlock);
		pthread_join(s->writer, NULL);
	}
	for (unsigned i = 0; i < s->nreaders; i++)
		conn_free(s->readers[i]);
	rics_free(s->readers);
	/* the last connection to close checkpoints the WAL into the database */
	conn_free(s->writer_conn);
	pthread_mutex_destroy(&s->wlock);
	pthread_cond_destroy(&s->wwork);
	pthread_cond_destroy(&s->wdone);
	pthread_mutex_destroy(&s->rlock);
	pthread_cond_destroy(&s->rfree);
	rics_free(s->path);
	rics_free(s);
}

int store_integrity_check(struct store *s)
{
	struct conn *c = store_reader_get(s);
	sqlite3_stmt *st = conn_prepare(c, "PRAGMA integrity_check");
	int rc = RICS_E_CORRUPT;
	if (st && sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
		rc = 0;
	if (st)
		sqlite3_reset(st);
	store_reader_put(s, c);
	return rc;
}

int store_backup(struct store *s, const char *dest)
{
	struct conn *c = store_reader_get(s);
	sqlite3 *out = NULL;
	sqlite3_backup *b;
	int rc;

	if (access(dest, F_OK) == 0) {
		rc = -EEXIST;
		goto out;
	}
	rc = sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = store_sqlite_error(rc);
		goto out;
	}
	b = sqlite3_backup_init(out, "main", c->db, "main");
	if (!b) {
		rc = store_sqlite_error(sqlite3_errcode(out));
		goto out;
	}
	/* one step copies everything under one read transaction: consistent */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	rc = rc == SQLITE_DONE ? 0 : store_sqlite_error(rc);
out:
	sqlite3_close_v2(out);
	store_reader_put(s, c);
	return rc;
}
