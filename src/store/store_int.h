/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Internals shared by the SQLite engine's files: connections, the statement
 * cache, the group-commit writer and the audit chain state. Not for use
 * outside src/store/.
 */
#ifndef RICS_STORE_INT_H
#define RICS_STORE_INT_H

#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>

struct stmt_cache_entry {
	char *sql;
	sqlite3_stmt *stmt;
};

#define STMT_CACHE_SIZE 96

/* One SQLite connection and the statements prepared on it. */
struct conn {
	sqlite3 *db;
	struct stmt_cache_entry cache[STMT_CACHE_SIZE];
	unsigned ncache, next_evict;
	struct conn *next_free;
};

/* A unit of work for the writer thread, run inside its own savepoint. */
struct write_op {
	int (*fn)(struct store *s, struct conn *c, void *arg);
	void *arg;
	int rc;
	bool done;
	struct write_op *next;
};

struct store {
	const struct rics_clock *clock;
	char *path;
	char node_id[RICS_UUID_LEN]; /* this node; "" until store_node_create_self */

	struct conn *writer_conn;
	pthread_t writer;
	bool writer_running;
	pthread_mutex_t wlock;
	pthread_cond_t wwork, wdone;
	struct write_op *queue_head, *queue_tail;
	bool closing;

	/* record ids, made by the writer thread only, so they sort in commit order */
	struct rics_uuid7_gen ids;

	/* audit chain head, owned by the writer thread */
	int64_t audit_seq;
	char audit_hash[RICS_SHA256_HEX_LEN];

	pthread_mutex_t rlock;
	pthread_cond_t rfree;
	struct conn *readers_free;
	struct conn **readers;
	unsigned nreaders;
};

/* Prepared statement for sql on c, cached; reset and cleared before return.
 * NULL on failure. */
sqlite3_stmt *conn_prepare(struct conn *c, const char *sql);

/* Borrow a read connection; always give it back. */
struct conn *store_reader_get(struct store *s);
void store_reader_put(struct store *s, struct conn *c);

/* Run fn in the writer thread within the next group commit; returns its
 * result, or an error if the commit itself failed. */
int store_write(struct store *s, int (*fn)(struct store *, struct conn *, void *), void *arg);

/* Append ev to the chain, inside a write op. */
int audit_append_locked(struct store *s, struct conn *c, const struct audit_event *ev);
/* Load the chain head; called at open and after a failed commit. */
int audit_load_head(struct store *s, struct conn *c);

/* Map SQLite result codes to RICS errors. */
int store_sqlite_error(int rc);

/* Bind helpers: NULL s binds SQL NULL. */
int bind_text(sqlite3_stmt *st, int i, const char *s);
/* Copy column i as text into buf (empty if NULL). */
void column_copy(sqlite3_stmt *st, int i, char *buf, size_t size);

int64_t store_now(struct store *s);

/* Run sql on a reader: bind(st, ctx) (if not NULL) its parameters, then
 * row(st, ctx) for each row, which answers 0 for more, 1 for enough, or a
 * negative error that ends the run with it. */
int store_read(struct store *s, const char *sql, void (*bind)(sqlite3_stmt *, void *),
	       int (*row)(sqlite3_stmt *, void *), void *ctx);

/* Run sql with key as its one parameter on a reader; read(st, out) the one
 * row. RICS_E_NOT_FOUND if there is none (out untouched). */
int store_get_row(struct store *s, const char *sql, const char *key,
		  void (*read)(sqlite3_stmt *, void *), void *out);

/* Run sql (no parameters) on a reader and collect row(st, ctx) for each
 * row into a JSON array; a NULL from row is out of memory. */
int store_list_json(struct store *s, const char *sql, json_t *(*row)(sqlite3_stmt *, void *),
		    void *ctx, json_t **out);
/* One page of a list: as store_list_json, with bind(st, ctx) (if not NULL)
 * binding sql's parameters; sql asks for limit + 1 rows, the first limit are
 * collected, and *next is the "id" of the last of them when one more row
 * follows, else "". */
int store_page_json(struct store *s, const char *sql, void (*bind)(sqlite3_stmt *, void *),
		    json_t *(*row)(sqlite3_stmt *, void *), void *ctx, unsigned limit,
		    json_t **items, char next[RICS_UUID_LEN]);

/* Run a prepared write statement (NULL: it failed to prepare) to completion. */
int step_done(struct conn *c, sqlite3_stmt *st);
/* store_records.c: insert a validated record (fields may carry origin_node
 * for one received from a peer); a row whose import_key is stored already
 * sets *duplicate and inserts nothing. */
int insert_row(struct store *s, struct conn *c, const struct record_type *t, json_t *fields,
	       const char *created_by, const char *import_key, char id[RICS_UUID_LEN],
	       bool *duplicate);
/* The id of the record of type t stored under an import key;
 * RICS_E_NOT_FOUND if none. */
int id_by_import_key(struct conn *c, const struct record_type *t, const char *key,
		     char id[RICS_UUID_LEN]);
int select_by_id(struct conn *c, const struct record_type *t, const char *id, int max_cls,
		 json_t **out);

/* Run sql with id as its one parameter in a write, with ev audited;
 * RICS_E_NOT_FOUND if it changed no row. */
int store_write_by_id(struct store *s, const char *sql, const char *id,
		      const struct audit_event *ev);
/* Append ev (if any) with object_id filled in when ev has none. */
int audit_if(struct store *s, struct conn *c, const struct audit_event *ev,
	     const char *object_id);

#endif
