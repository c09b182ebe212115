// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The audit log: an append-only table in which every entry carries the hash
 * of the entry before it, so that changing, inserting or deleting any entry
 * breaks the chain at that point. Entries are appended only by the writer
 * thread, inside the transaction of the write they describe.
 *
 * hash = SHA-256 of the entry's fields, each written as "<length>:<bytes>\n"
 * (so no choice of field contents can make two entries serialise alike),
 * in the order: prev_hash, seq, at, actor, action, object_type, object_id,
 * classification, outcome, remote, detail.
 */
#include "store/store_int.h"

#include "core/error.h"
#include "core/strbuf.h"

#include <errno.h>
#include <string.h>

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_row {
	int64_t seq;
	const char *at, *actor, *action, *object_type, *object_id;
	int classification;
	const char *outcome, *remote, *detail, *prev_hash;
};

static int audit_hash(const struct audit_row *r, char out[RICS_SHA256_HEX_LEN])
{
	struct strbuf sb;
	char num[32];
	const char *fields[11];
	int rc = 0;

	snprintf(num, sizeof num, "%lld", (long long)r->seq);
	fields[0] = r->prev_hash;
	fields[1] = num;
	fields[2] = r->at;
	fields[3] = r->actor;
	fields[4] = r->action;
	fields[5] = r->object_type;
	fields[6] = r->object_id;
	fields[7] = classification_name(r->classification);
	fields[8] = r->outcome;
	fields[9] = r->remote;
	fields[10] = r->detail;
	strbuf_init(&sb, 0);
	for (size_t i = 0; i < 11 && !rc; i++) {
		const char *f = fields[i] ? fields[i] : "";
		rc = strbuf_addf(&sb, "%zu:%s\n", strlen(f), f);
	}
	if (!rc)
		rics_sha256_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
	return rc;
}

int audit_load_head(struct store *s, struct conn *c)
{
	sqlite3_stmt *st = conn_prepare(c, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
	int rc;
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->audit_seq = sqlite3_column_int64(st, 0);
		column_copy(st, 1, s->audit_hash, sizeof s->audit_hash);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		s->audit_seq = 0;
		snprintf(s->audit_hash, sizeof s->audit_hash, "%s", GENESIS_HASH);
		rc = 0;
	} else {
		rc = store_sqlite_error(rc);
	}
	sqlite3_reset(st);
	return rc;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int audit_append_locked(struct store *s, struct conn *c, const struct audit_event *ev)
{
	char at[RICS_TIME_LEN], hash[RICS_SHA256_HEX_LEN];
	struct audit_row r = {
		.seq = s->audit_seq + 1, .at = at, .actor = nz(ev->actor),
		.action = nz(ev->action), .object_type = nz(ev->object_type),
		.object_id = nz(ev->object_id), .classification = ev->classification,
		.outcome = ev->outcome ? ev->outcome : "ok", .remote = nz(ev->remote),
		.detail = nz(ev->detail), .prev_hash = s->audit_hash,
	};
	sqlite3_stmt *st;
	int rc;

	rics_time_format(store_now(s), at);
	rc = audit_hash(&r, hash);
	if (rc)
		return rc;
	st = conn_prepare(c, "INSERT INTO audit (seq, at, actor, action, object_type, object_id,"
			     " classification, outcome, remote, detail, prev_hash, hash)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return store_sqlite_error(sqlite3_errcode(c->db));
	sqlite3_bind_int64(st, 1, r.seq);
	bind_text(st, 2, r.at);
	bind_text(st, 3, r.actor);
	bind_text(st, 4, r.action);
	bind_text(st, 5, r.object_type);
	bind_text(st, 6, r.object_id);
	sqlite3_bind_int(st, 7, r.classification);
	bind_text(st, 8, r.outcome);
	bind_text(st, 9, r.remote);
	bind_text(st, 10, r.detail);
	bind_text(st, 11, r.prev_hash);
	bind_text(st, 12, hash);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(rc);
	s->audit_seq = r.seq;
	memcpy(s->audit_hash, hash, sizeof hash);
	return 0;
}

static int append_op(struct store *s, struct conn *c, void *arg)
{
	return audit_append_locked(s, c, arg);
}

int store_audit_append(struct store *s, const struct audit_event *ev)
{
	return store_write(s, append_op, (void *)(uintptr_t)ev);
}

#define AUDIT_COLUMNS "seq, at, actor, action, object_type, object_id, classification," \
		      " outcome, remote, detail, prev_hash, hash"

static void row_read(sqlite3_stmt *st, struct audit_row *r)
{
	r->seq = sqlite3_column_int64(st, 0);
	r->at = (const char *)sqlite3_column_text(st, 1);
	r->actor = (const char *)sqlite3_column_text(st, 2);
	r->action = (const char *)sqlite3_column_text(st, 3);
	r->object_type = (const char *)sqlite3_column_text(st, 4);
	r->object_id = (const char *)sqlite3_column_text(st, 5);
	r->classification = sqlite3_column_int(st, 6);
	r->outcome = (const char *)sqlite3_column_text(st, 7);
	r->remote = (const char *)sqlite3_column_text(st, 8);
	r->detail = (const char *)sqlite3_column_text(st, 9);
	r->prev_hash = (const char *)sqlite3_column_text(st, 10);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

int store_audit_list(struct store *s, const struct audit_filter *f, json_t **out)
{
	struct conn *c = store_reader_get(s);
	/* an empty parameter matches every row: one statement for every filter */
#define AUDIT_FILTERS                                                                 \
	" AND (?3 = '' OR actor = ?3) AND (?4 = '' OR action = ?4)" \
	" AND (?5 = '' OR at >= ?5) AND (?6 = '' OR at < ?6)"
	sqlite3_stmt *st = conn_prepare(c, f->newest
		? "SELECT " AUDIT_COLUMNS " FROM audit WHERE (?1 = 0 OR seq < ?1)" AUDIT_FILTERS
		  " ORDER BY seq DESC LIMIT ?2"
		: "SELECT " AUDIT_COLUMNS " FROM audit WHERE seq > ?1" AUDIT_FILTERS
		  " ORDER BY seq LIMIT ?2");
#undef AUDIT_FILTERS
	json_t *arr = json_array();
	int rc;

	if (!st || !arr) {
		rc = st ? -ENOMEM : store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	sqlite3_bind_int64(st, 1, f->newest ? f->before : f->after);
	sqlite3_bind_int(st, 2, (int)f->limit);
	sqlite3_bind_text(st, 3, or_empty(f->actor), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, or_empty(f->action), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, or_empty(f->since), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, or_empty(f->until), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row r;
		row_read(st, &r);
		json_t *o = json_pack("{sI ss ss ss ss ss ss ss ss ss ss ss}", "seq", (json_int_t)r.seq,
				      "at", r.at, "actor", r.actor, "action", r.action,
				      "object_type", r.object_type, "object_id", r.object_id,
				      "classification", classification_name(r.classification),
				      "outcome", r.outcome, "remote", r.remote, "detail", r.detail,
				      "prev_hash", r.prev_hash,
				      "hash", (const char *)sqlite3_column_text(st, 11));
		if (!o || json_array_append_new(arr, o)) {
			rc = -ENOMEM;
			sqlite3_reset(st);
			goto out;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = store_sqlite_error(rc);
		goto out;
	}
	rc = 0;
	*out = arr;
	arr = NULL;
out:
	json_decref(arr);
	store_reader_put(s, c);
	return rc;
}

int store_audit_verify(struct store *s, struct audit_verdict *out)
{
	struct conn *c = store_reader_get(s);
	sqlite3_stmt *st = conn_prepare(c, "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY seq");
	struct audit_verdict v = { 0 };
	char prev[RICS_SHA256_HEX_LEN] = GENESIS_HASH, hash[RICS_SHA256_HEX_LEN];
	int64_t expect_seq = 1;
	int rc;

	if (!st) {
		rc = store_sqlite_error(sqlite3_errcode(c->db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row r;
		const char *stored = (const char *)sqlite3_column_text(st, 11);
		row_read(st, &r);
		if (r.seq != expect_seq) {
			v.first_bad = expect_seq;
			snprintf(v.reason, sizeof v.reason, "entry %lld is missing",
				 (long long)expect_seq);
			break;
		}
		if (strcmp(r.prev_hash, prev) != 0) {
			v.first_bad = r.seq;
			snprintf(v.reason, sizeof v.reason,
				 "entry %lld does not point at the hash of entry %lld",
				 (long long)r.seq, (long long)r.seq - 1);
			break;
		}
		rc = audit_hash(&r, hash);
		if (rc)
			break;
		if (strcmp(hash, stored) != 0) {
			v.first_bad = r.seq;
			snprintf(v.reason, sizeof v.reason,
				 "entry %lld was changed after it was written", (long long)r.seq);
			break;
		}
		memcpy(prev, hash, sizeof prev);
		v.checked++;
		expect_seq++;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW || rc == 0)
		rc = 0;
	else
		rc = rc < 0 ? rc : store_sqlite_error(rc);
	if (!rc)
		*out = v;
out:
	store_reader_put(s, c);
	return rc;
}
