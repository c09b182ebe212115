// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The watchlist index; the design is in index.h. A segment is immutable
 * once built: its listings packed into one arena, and a table from 64-bit
 * key hashes to sorted postings (entry numbers), in CSR form. A snapshot is
 * a base segment, a delta segment and the base entries removed since the
 * base was built; queries take a reference to the current snapshot and
 * never block on the writer.
 */
#include "screen/index.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define DELTA_MAX 1024         /* fold the delta into the base beyond this */
#define SEED_DF_MAX 500        /* a key in more entries only adds weight... */
#define SEED_DF_BROAD 20000    /* ...unless the narrow seeds found no one */
#define SCORE_CANDIDATES 16    /* candidates scored in full per query, at most... */
#define SCORE_SURE 4           /* ...the best 4 whatever their weight, and the others... */
#define SCORE_WEIGHT_CUT 0.5f  /* ...only with at least half the best one's weight */
#define MIN_DELETION_LEN 4     /* shorter skeletons get no typo neighbourhood */
#define DELETION_DF_MAX 96     /* a query token this common skips its typo neighbourhood */
#define CREDIT_MERGE_RATIO 1   /* a weighing key with more postings than candidates merges */
#define SKIP_RATIO_MAX 64      /* ...by a scan up to 64 postings per candidate, else a gallop */

/* ---- keys ---- */

/* KEY_DATED_*: a name form joined to the birth year, or to the day and
 * month, so that even the commonest name has a seed key of a few entries.
 * KEY_BIRTH: the full birth date; KEY_BIRTH_SWAPPED is only a query-side
 * strength for the day-month swapped date (its hash is a KEY_BIRTH one). */
enum key_kind { KEY_SKELETON = 'S', KEY_DELETION = 'E', KEY_CONSONANTS = 'C', KEY_DOC = 'D',
		KEY_PLATE = 'P', KEY_ID = '#', KEY_BIRTH = 'B', KEY_BIRTH_SWAPPED = 'b',
		KEY_DATED_SKELETON = 'Y', KEY_DATED_CONSONANTS = 'y' };

static uint64_t key_hash(char kind, const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = (h ^ (unsigned char)kind) * 0x100000001b3ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	/* a final mix so that nearby strings spread over the table */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

/* Fold the characters OCR confuses, so that close numbers share a key. */
static void ocr_fold(const char *in, char *out, size_t size)
{
	size_t i;
	for (i = 0; in[i] && i + 1 < size; i++) {
		char c = in[i];
		switch (c) {
		case 'O': case 'D': case 'Q': c = '0'; break;
		case 'I': case 'L': c = '1'; break;
		case 'B': c = '8'; break;
		case 'S': c = '5'; break;
		case 'Z': c = '2'; break;
		case 'G': c = '6'; break;
		default: break;
		}
		out[i] = c;
	}
	out[i] = '\0';
}

typedef int (*key_sink)(void *ctx, uint64_t hash, char kind, int token);

static bool token_indexed(const struct screen_token *t)
{
	return t->kind != SCREEN_KIND_PARTICLE && t->kind != SCREEN_KIND_INITIAL;
}

/* The keys of one name token, strongest first; without its deletion
 * neighbourhood if `deletions` is false. */
static int token_keys(const struct screen_token *t, int ti, bool deletions, key_sink sink,
		      void *ctx)
{
	size_t n = strlen(t->skeleton);
	char del[SCREEN_TOKEN_MAX];
	int rc = sink(ctx, key_hash(KEY_SKELETON, t->skeleton, n), KEY_SKELETON, ti);
	for (size_t i = 0; !rc && deletions && n >= MIN_DELETION_LEN && i < n; i++) {
		memcpy(del, t->skeleton, i);
		memcpy(del + i, t->skeleton + i + 1, n - i - 1);
		rc = sink(ctx, key_hash(KEY_DELETION, del, n - 1), KEY_DELETION, ti);
	}
	/* the skeleton itself is also a deletion of its longer neighbours */
	if (!rc && deletions && n + 1 >= MIN_DELETION_LEN)
		rc = sink(ctx, key_hash(KEY_DELETION, t->skeleton, n), KEY_DELETION, ti);
	if (!rc && strlen(t->consonants) >= 2)
		rc = sink(ctx, key_hash(KEY_CONSONANTS, t->consonants, strlen(t->consonants)),
			  KEY_CONSONANTS, ti);
	return rc;
}

/* The form, then the date as four bytes: a query makes some twenty of
 * these, and printing the date in digits was 2% of a query's time. */
static uint64_t dated_hash(char kind, const char *form, int year, int month, int day)
{
	char b[SCREEN_TOKEN_MAX + 5];
	size_t n = strnlen(form, SCREEN_TOKEN_MAX - 1);
	memcpy(b, form, n);
	b[n++] = '/';
	b[n++] = (char)(year >> 8);
	b[n++] = (char)year;
	b[n++] = (char)month;
	b[n++] = (char)day;
	return key_hash(kind, b, n);
}

/* A token's dated keys: its skeleton and consonants with the birth year,
 * and with the day and month (given as month, day: the query passes them
 * swapped too). */
static int dated_keys(const struct screen_token *t, const struct screen_date *d, int month,
		      int day, key_sink sink, void *ctx)
{
	bool cons = strlen(t->consonants) >= 2;
	int rc = 0;
	if (d->year) {
		rc = sink(ctx, dated_hash(KEY_DATED_SKELETON, t->skeleton, d->year, 0, 0),
			  KEY_DATED_SKELETON, -1);
		if (!rc && cons)
			rc = sink(ctx, dated_hash(KEY_DATED_CONSONANTS, t->consonants, d->year, 0, 0),
				  KEY_DATED_CONSONANTS, -1);
	}
	if (!rc && month && day) {
		rc = sink(ctx, dated_hash(KEY_DATED_SKELETON, t->skeleton, 0, month, day),
			  KEY_DATED_SKELETON, -1);
		if (!rc && cons)
			rc = sink(ctx, dated_hash(KEY_DATED_CONSONANTS, t->consonants, 0, month, day),
				  KEY_DATED_CONSONANTS, -1);
	}
	return rc;
}

static bool date_full(const struct screen_date *d)
{
	return d->year && d->month && d->day;
}

/* Whether a date can be read with day and month the other way round. */
static bool date_swappable(const struct screen_date *d)
{
	return d->month && d->day && d->day <= 12 && d->day != d->month;
}

static uint64_t birth_hash(const struct screen_date *d, bool swapped)
{
	return dated_hash(KEY_BIRTH, "", d->year, swapped ? d->day : d->month,
			  swapped ? d->month : d->day);
}

/* The keys of a listed name: its tokens', plain and dated. */
static int name_keys(const struct screen_name *nm, const struct screen_date *d, key_sink sink,
		     void *ctx)
{
	int rc = 0;
	for (int i = 0; i < nm->ntokens && !rc; i++) {
		if (!token_indexed(&nm->tok[i]))
			continue;
		rc = token_keys(&nm->tok[i], i, true, sink, ctx);
		if (!rc)
			rc = dated_keys(&nm->tok[i], d, d->month, d->day, sink, ctx);
	}
	return rc;
}

static int person_keys(const struct screen_person *p, key_sink sink, void *ctx)
{
	const struct screen_date *d = &p->birth;
	int rc = name_keys(&p->name, d, sink, ctx);
	if (!rc && date_full(d))
		rc = sink(ctx, birth_hash(d, false), KEY_BIRTH, -1);
	if (!rc && p->doc[0]) {
		char f[SCREEN_DOC_MAX];
		ocr_fold(p->doc, f, sizeof f);
		rc = sink(ctx, key_hash(KEY_DOC, f, strlen(f)), KEY_DOC, -1);
	}
	return rc;
}

static int listing_name_keys(const struct screen_listing *l, key_sink sink, void *ctx)
{
	int rc = person_keys(&l->person, sink, ctx);
	for (int k = 0; k < l->naliases && !rc; k++)
		rc = name_keys(&l->alias[k], &l->person.birth, sink, ctx);
	return rc;
}

static int listing_keys(const struct screen_listing *l, key_sink sink, void *ctx)
{
	int rc = sink(ctx, key_hash(KEY_ID, l->id, strlen(l->id)), KEY_ID, -1);
	if (!rc && l->subject == SCREEN_SUBJECT_VEHICLE && l->plate[0]) {
		char f[SCREEN_DOC_MAX];
		ocr_fold(l->plate, f, sizeof f);
		rc = sink(ctx, key_hash(KEY_PLATE, f, strlen(f)), KEY_PLATE, -1);
	}
	if (!rc && l->subject != SCREEN_SUBJECT_VEHICLE)
		rc = listing_name_keys(l, sink, ctx);
	return rc;
}

/* ---- packing ---- */

static int put_str(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	unsigned char len = (unsigned char)(n > 255 ? 255 : n);
	int rc = strbuf_add(sb, &len, 1);
	return rc ? rc : strbuf_add(sb, s, len);
}

/* A name's text and tokens (its token count and flags go elsewhere). */
static int pack_tokens(const struct screen_name *nm, struct strbuf *sb)
{
	int rc = strbuf_add(sb, &nm->text_len, sizeof nm->text_len);
	rc = rc ? rc : strbuf_add(sb, nm->text, nm->text_len);
	for (int i = 0; i < nm->ntokens && !rc; i++) {
		const struct screen_token *t = &nm->tok[i];
		unsigned char meta[3] = { t->kind, t->script, t->flags };
		rc = strbuf_add(sb, meta, sizeof meta);
		rc = rc ? rc : strbuf_add(sb, &t->off, sizeof t->off);
		rc = rc ? rc : strbuf_add(sb, &t->len, sizeof t->len);
		rc = rc ? rc : put_str(sb, t->latin, SCREEN_TOKEN_MAX - 1);
		rc = rc ? rc : put_str(sb, t->skeleton, SCREEN_TOKEN_MAX - 1);
		rc = rc ? rc : put_str(sb, t->consonants, SCREEN_CONSONANTS_MAX - 1);
	}
	return rc;
}

static int pack_listing(const struct screen_listing *l, struct strbuf *sb)
{
	const struct screen_name *nm = &l->person.name;
	unsigned char head[8] = { l->subject, l->classification, l->threshold, nm->ntokens,
				  nm->flags, (unsigned char)l->person.sex, l->person.birth.month,
				  l->person.birth.day };
	int rc = strbuf_add(sb, head, sizeof head);
	rc = rc ? rc : strbuf_add(sb, &l->person.birth.year, sizeof l->person.birth.year);
	rc = rc ? rc : strbuf_add(sb, &l->expires_ms, sizeof l->expires_ms);
	rc = rc ? rc : strbuf_add(sb, l->id, RICS_UUID_LEN - 1);
	rc = rc ? rc : put_str(sb, l->action, SCREEN_ACTION_MAX - 1);
	rc = rc ? rc : put_str(sb, l->person.nationality, 3);
	rc = rc ? rc : put_str(sb, l->person.doc, SCREEN_DOC_MAX - 1);
	rc = rc ? rc : put_str(sb, l->plate, SCREEN_DOC_MAX - 1);
	rc = rc ? rc : pack_tokens(nm, sb);
	rc = rc ? rc : strbuf_add(sb, &l->naliases, 1);
	for (int k = 0; k < l->naliases && !rc; k++) {
		unsigned char an[2] = { l->alias[k].ntokens, l->alias[k].flags };
		rc = strbuf_add(sb, an, sizeof an);
		rc = rc ? rc : pack_tokens(&l->alias[k], sb);
	}
	return rc;
}

static const unsigned char *get_str(const unsigned char *p, char *out, size_t size)
{
	size_t n = *p++;
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return p + p[-1];
}

static const unsigned char *unpack_tokens(const unsigned char *p, struct screen_name *nm)
{
	memcpy(&nm->text_len, p, sizeof nm->text_len);
	p += sizeof nm->text_len;
	memcpy(nm->text, p, nm->text_len);
	nm->text[nm->text_len] = '\0';
	p += nm->text_len;
	for (int i = 0; i < nm->ntokens; i++) {
		struct screen_token *t = &nm->tok[i];
		t->kind = p[0];
		t->script = p[1];
		t->flags = p[2];
		p += 3;
		memcpy(&t->off, p, sizeof t->off);
		p += sizeof t->off;
		memcpy(&t->len, p, sizeof t->len);
		p += sizeof t->len;
		p = get_str(p, t->latin, sizeof t->latin);
		p = get_str(p, t->skeleton, sizeof t->skeleton);
		p = get_str(p, t->consonants, sizeof t->consonants);
	}
	return p;
}

static void unpack_listing(const unsigned char *p, struct screen_listing *l)
{
	struct screen_name *nm = &l->person.name;
	memset(l, 0, offsetof(struct screen_listing, alias));
	l->subject = p[0];
	l->classification = p[1];
	l->threshold = p[2];
	nm->ntokens = p[3];
	nm->flags = p[4];
	l->person.sex = (enum screen_sex)p[5];
	l->person.birth.month = p[6];
	l->person.birth.day = p[7];
	p += 8;
	memcpy(&l->person.birth.year, p, sizeof l->person.birth.year);
	p += sizeof l->person.birth.year;
	memcpy(&l->expires_ms, p, sizeof l->expires_ms);
	p += sizeof l->expires_ms;
	memcpy(l->id, p, RICS_UUID_LEN - 1);
	p += RICS_UUID_LEN - 1;
	p = get_str(p, l->action, sizeof l->action);
	p = get_str(p, l->person.nationality, sizeof l->person.nationality);
	p = get_str(p, l->person.doc, sizeof l->person.doc);
	p = get_str(p, l->plate, sizeof l->plate);
	p = unpack_tokens(p, nm);
	l->naliases = *p++;
	for (int k = 0; k < l->naliases; k++) {
		l->alias[k].ntokens = p[0];
		l->alias[k].flags = p[1];
		p = unpack_tokens(p + 2, &l->alias[k]);
	}
}

/* ---- segments ---- */

struct segment {
	atomic_int refs;       /* snapshots sharing it */
	size_t n;              /* entries */
	unsigned char *arena;  /* packed listings */
	size_t *off;           /* n + 1 offsets into arena */
	uint64_t *keys;        /* sorted distinct key hashes */
	uint32_t *start;       /* nkeys + 1: postings of keys[i] are post[start[i]..start[i+1]) */
	uint32_t *post;
	size_t nkeys;
	uint32_t *slots;       /* open addressing: key index + 1, 0 = empty */
	size_t mask;           /* slots - 1 (a power of two minus one) */
	size_t bytes;
};

/* 12 bytes, not 16: a million entries make some 40 million of them */
struct __attribute__((packed)) key_pair {
	uint64_t hash;
	uint32_t entry;
};

struct pair_vec {
	struct key_pair *v;
	size_t n, cap;
	uint32_t entry;
};

static int pair_sink(void *ctx, uint64_t hash, char kind, int token)
{
	struct pair_vec *pv = ctx;
	(void)kind;
	(void)token;
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? pv->cap * 2 : 1024;
		struct key_pair *v = rics_realloc(pv->v, cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n].hash = hash;
	pv->v[pv->n].entry = pv->entry;
	pv->n++;
	return 0;
}

/* The pairs are sorted a bucket (top byte of the hash) at a time, so that
 * qsort's scratch is one bucket's and not a copy of them all. */
#define PAIR_BUCKETS 256

static size_t pair_bucket(const struct key_pair *p)
{
	return (size_t)(p->hash >> 56);
}

/* Reorder v in place so that bucket b holds v[at[b]..at[b + 1]) (an
 * American flag sort pass). */
static void pairs_partition(struct key_pair *v, size_t n, size_t at[PAIR_BUCKETS + 1])
{
	size_t next[PAIR_BUCKETS];
	memset(at, 0, (PAIR_BUCKETS + 1) * sizeof *at);
	for (size_t i = 0; i < n; i++)
		at[pair_bucket(&v[i]) + 1]++;
	for (size_t b = 0; b < PAIR_BUCKETS; b++)
		at[b + 1] += at[b];
	memcpy(next, at, sizeof next);
	for (size_t b = 0; b < PAIR_BUCKETS; b++) {
		while (next[b] < at[b + 1]) {
			struct key_pair p = v[next[b]];
			size_t d = pair_bucket(&p);
			if (d == b) {
				next[b]++;
				continue;
			}
			v[next[b]] = v[next[d]];
			v[next[d]++] = p;
		}
	}
}

static void segment_free(struct segment *g)
{
	if (!g || atomic_fetch_sub(&g->refs, 1) != 1)
		return;
	rics_free(g->arena);
	rics_free(g->off);
	rics_free(g->keys);
	rics_free(g->start);
	rics_free(g->post);
	rics_free(g->slots);
	rics_free(g);
}

/* Postings of hash in g: *len entries from the returned pointer. */
static const uint32_t *segment_lookup(const struct segment *g, uint64_t hash, size_t *len)
{
	*len = 0;
	if (!g || !g->nkeys)
		return NULL;
	for (size_t i = hash & g->mask;; i = (i + 1) & g->mask) {
		uint32_t k = g->slots[i];
		if (k == 0)
			return NULL;
		if (g->keys[k - 1] == hash) {
			*len = g->start[k] - g->start[k - 1];
			return g->post + g->start[k - 1];
		}
	}
}

static int pair_cmp(const void *a, const void *b)
{
	const struct key_pair *x = a, *y = b;
	uint64_t xh = x->hash, yh = y->hash;
	if (xh != yh)
		return xh < yh ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Distinct keys and postings of sorted pairs, appended to g. */
static int segment_add_sorted(struct segment *g, size_t *kcap, size_t *npost,
			      const struct key_pair *pairs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool new_key = !i || pairs[i].hash != pairs[i - 1].hash;
		if (!new_key && pairs[i].entry == pairs[i - 1].entry)
			continue;
		if (new_key && g->nkeys + 1 >= *kcap) {
			size_t cap = *kcap * 2;
			uint64_t *keys = rics_realloc(g->keys, cap * sizeof *keys);
			uint32_t *start = keys ? rics_realloc(g->start, (cap + 1) * sizeof *start) : NULL;
			if (keys)
				g->keys = keys;
			if (!start)
				return -ENOMEM;
			g->start = start;
			*kcap = cap;
		}
		if (new_key) {
			g->keys[g->nkeys] = pairs[i].hash;
			g->start[g->nkeys++] = (uint32_t)*npost;
		}
		g->post[(*npost)++] = pairs[i].entry;
	}
	return 0;
}

/* The open-addressing table from key hashes to key indexes. */
static int segment_slots(struct segment *g)
{
	size_t nslots = 16;
	while (nslots < g->nkeys * 2)
		nslots *= 2;
	g->slots = rics_calloc(nslots, sizeof *g->slots);
	if (!g->slots)
		return -ENOMEM;
	g->mask = nslots - 1;
	for (size_t i = 0; i < g->nkeys; i++) {
		size_t s = g->keys[i] & g->mask;
		while (g->slots[s])
			s = (s + 1) & g->mask;
		g->slots[s] = (uint32_t)(i + 1);
	}
	return 0;
}

/* Shrink an array to n elements of size elem; keep it if realloc fails. */
static void *shrink(void *v, size_t n, size_t elem)
{
	void *nv = rics_realloc(v, (n ? n : 1) * elem);
	return nv ? nv : v;
}

/* Turn the pairs into keys, postings and the slot table, a bucket at a
 * time. The postings are at most the pairs; they are trimmed after. */
static int segment_index_pairs(struct segment *g, struct key_pair *pairs, size_t npairs)
{
	size_t at[PAIR_BUCKETS + 1], kcap = 1024, npost = 0;
	int rc = 0;
	g->keys = rics_malloc(kcap * sizeof *g->keys);
	g->start = rics_malloc((kcap + 1) * sizeof *g->start);
	g->post = rics_malloc((npairs ? npairs : 1) * sizeof *g->post);
	if (!g->keys || !g->start || !g->post)
		return -ENOMEM;
	pairs_partition(pairs, npairs, at);
	for (size_t b = 0; b < PAIR_BUCKETS && !rc; b++) {
		qsort(pairs + at[b], at[b + 1] - at[b], sizeof *pairs, pair_cmp);
		rc = segment_add_sorted(g, &kcap, &npost, pairs + at[b], at[b + 1] - at[b]);
	}
	if (rc)
		return rc;
	g->start[g->nkeys] = (uint32_t)npost;
	g->post = shrink(g->post, npost, sizeof *g->post);
	g->keys = shrink(g->keys, g->nkeys, sizeof *g->keys);
	g->start = shrink(g->start, g->nkeys + 1, sizeof *g->start);
	if ((rc = segment_slots(g)))
		return rc;
	g->bytes = g->nkeys * (sizeof *g->keys + sizeof *g->start) + npost * sizeof *g->post +
		   (g->mask + 1) * sizeof *g->slots;
	return 0;
}

/* Where a segment's listings come from, one at a time, in order. */
struct listing_source {
	screen_listing_next next;
	void *ctx;
};

static int offsets_grow(struct segment *g, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 1024;
	size_t *off = rics_realloc(g->off, ncap * sizeof *off);
	if (!off)
		return -ENOMEM;
	g->off = off;
	*cap = ncap;
	return 0;
}

/* Pack every listing of src and collect its keys, one listing at a time:
 * a million unpacked listings would not fit in memory. */
static int segment_fill(struct segment *g, const struct listing_source *src,
			struct screen_listing *scratch, struct strbuf *arena, struct pair_vec *pv)
{
	size_t cap = 0;
	int rc;
	for (;;) {
		if (g->n + 1 >= cap && (rc = offsets_grow(g, &cap)))
			return rc;
		g->off[g->n] = arena->len;
		if ((rc = src->next(src->ctx, scratch)) <= 0)
			return rc;
		if (g->n >= UINT32_MAX - 1)
			return -EOVERFLOW;
		pv->entry = (uint32_t)g->n;
		if ((rc = pack_listing(scratch, arena)) || (rc = listing_keys(scratch, pair_sink, pv)))
			return rc;
		g->n++;
	}
}

static int segment_build(const struct listing_source *src, struct segment **out)
{
	struct screen_listing *scratch = rics_malloc(sizeof *scratch);
	struct segment *g = rics_calloc(1, sizeof *g);
	struct pair_vec pv = { 0 };
	struct strbuf arena;
	int rc = -ENOMEM;

	strbuf_init(&arena, SIZE_MAX / 2);
	if (!g || !scratch)
		goto fail;
	atomic_init(&g->refs, 1);
	if ((rc = segment_fill(g, src, scratch, &arena, &pv)))
		goto fail;
	rics_free(scratch);
	scratch = NULL;
	if (pv.n > UINT32_MAX)
		rc = -EOVERFLOW;
	if (rc || (rc = segment_index_pairs(g, pv.v, pv.n)))
		goto fail;
	rics_free(pv.v);
	pv.v = NULL;
	g->bytes += arena.len + (g->n + 1) * sizeof *g->off + sizeof *g;
	g->arena = (unsigned char *)strbuf_detach(&arena, NULL);
	rc = g->arena ? 0 : -ENOMEM;
	if (rc)
		goto fail;
	*out = g;
	return 0;
fail:
	rics_free(pv.v);
	rics_free(scratch);
	strbuf_release(&arena);
	segment_free(g);
	return rc;
}

/* The entry of g whose id is id, or -1. */
static long segment_find_id(const struct segment *g, const char *id)
{
	size_t len;
	const uint32_t *p = segment_lookup(g, key_hash(KEY_ID, id, strlen(id)), &len);
	for (size_t i = 0; i < len; i++)
		if (memcmp(g->arena + g->off[p[i]] + 8 + sizeof(int16_t) + sizeof(int64_t), id,
			   RICS_UUID_LEN - 1) == 0)
			return (long)p[i];
	return -1;
}

/* ---- snapshots ---- */

struct snapshot {
	atomic_int refs;
	struct segment *base, *delta;
	uint8_t *dead;     /* bitmap over base entries removed or replaced */
	size_t live;
};

struct screen_index {
	pthread_mutex_t swap;   /* guards `current` while a reader takes a reference */
	struct snapshot *current;
	pthread_mutex_t write;  /* one writer at a time */
	/* the writer's own copy of the delta's listings */
	struct screen_listing *delta;
	size_t ndelta;
};

static void snapshot_unref(struct snapshot *s)
{
	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	segment_free(s->base);
	segment_free(s->delta);
	rics_free(s->dead);
	rics_free(s);
}

static struct snapshot *snapshot_get(struct screen_index *idx)
{
	struct snapshot *s;
	pthread_mutex_lock(&idx->swap);
	s = idx->current;
	atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&idx->swap);
	return s;
}

static void snapshot_install(struct screen_index *idx, struct snapshot *s)
{
	struct snapshot *old;
	atomic_store(&s->refs, 1);
	pthread_mutex_lock(&idx->swap);
	old = idx->current;
	idx->current = s;
	pthread_mutex_unlock(&idx->swap);
	snapshot_unref(old);
}

static bool base_dead(const struct snapshot *s, size_t i)
{
	return s->dead && (s->dead[i / 8] >> (i % 8)) & 1;
}

int screen_index_new(struct screen_index **out)
{
	struct screen_index *idx = rics_calloc(1, sizeof *idx);
	struct snapshot *s = rics_calloc(1, sizeof *s);
	if (!idx || !s) {
		rics_free(idx);
		rics_free(s);
		return -ENOMEM;
	}
	atomic_init(&s->refs, 1);
	pthread_mutex_init(&idx->swap, NULL);
	pthread_mutex_init(&idx->write, NULL);
	idx->current = s;
	*out = idx;
	return 0;
}

void screen_index_free(struct screen_index *idx)
{
	if (!idx)
		return;
	snapshot_unref(idx->current);
	rics_free(idx->delta);
	pthread_mutex_destroy(&idx->swap);
	pthread_mutex_destroy(&idx->write);
	rics_free(idx);
}

/* ---- changes (one writer at a time, under idx->write) ---- */

/* Listings from an array. */
struct array_ctx {
	const struct screen_listing *v;
	size_t n, i;
};

static int array_next(void *ctx, struct screen_listing *out)
{
	struct array_ctx *a = ctx;
	if (a->i >= a->n)
		return 0;
	*out = a->v[a->i++];
	return 1;
}

/* Live base entries, then the writer's delta: the content of a fold. */
struct fold_ctx {
	const struct snapshot *s;
	const uint8_t *dead;
	size_t i;                 /* next base entry */
	struct array_ctx delta;
};

static int fold_next(void *ctx, struct screen_listing *out)
{
	struct fold_ctx *f = ctx;
	const struct segment *b = f->s->base;
	for (; b && f->i < b->n; f->i++) {
		if (f->dead && (f->dead[f->i / 8] >> (f->i % 8)) & 1)
			continue;
		unpack_listing(b->arena + b->off[f->i++], out);
		return 1;
	}
	return array_next(&f->delta, out);
}

static size_t snapshot_base_n(const struct snapshot *s)
{
	return s->base ? s->base->n : 0;
}

/* Build the next snapshot from the current base, a dead bitmap and the
 * writer's delta; fold everything into a new base when the delta is big. */
static int publish(struct screen_index *idx, uint8_t *dead)
{
	struct snapshot *cur = idx->current, *next = rics_calloc(1, sizeof *next);
	size_t nbase = snapshot_base_n(cur), ndead = 0;
	int rc = -ENOMEM;

	if (!next)
		goto fail;
	for (size_t i = 0; dead && i < nbase; i++)
		ndead += (dead[i / 8] >> (i % 8)) & 1;
	if (idx->ndelta > DELTA_MAX) {
		struct fold_ctx f = { .s = cur, .dead = dead, .delta = { idx->delta, idx->ndelta, 0 } };
		struct listing_source src = { fold_next, &f };
		if ((rc = segment_build(&src, &next->base)))
			goto fail;
		next->live = next->base->n;
		idx->ndelta = 0;
		rics_free(dead);
	} else {
		struct array_ctx a = { idx->delta, idx->ndelta, 0 };
		struct listing_source src = { array_next, &a };
		if (idx->ndelta && (rc = segment_build(&src, &next->delta)))
			goto fail;
		next->base = cur->base;
		if (next->base)
			atomic_fetch_add(&next->base->refs, 1);
		next->dead = dead;
		next->live = nbase - ndead + idx->ndelta;
	}
	snapshot_install(idx, next);
	return 0;
fail:
	rics_free(next);
	rics_free(dead);
	return rc;
}

/* A copy of the current dead bitmap, for the writer to change. */
static uint8_t *dead_copy(const struct snapshot *s)
{
	size_t bytes = (snapshot_base_n(s) + 7) / 8 + 1;
	uint8_t *d = rics_calloc(bytes, 1);
	if (d && s->dead)
		memcpy(d, s->dead, bytes);
	return d;
}

/* Take id out of the writer's view: mark it dead in the base, drop it from
 * the delta. True if it was there. */
static bool forget(struct screen_index *idx, uint8_t *dead, const char *id)
{
	const struct snapshot *cur = idx->current;
	bool found = false;
	long i = cur->base ? segment_find_id(cur->base, id) : -1;
	if (i >= 0 && !base_dead(cur, (size_t)i)) {
		dead[i / 8] = (uint8_t)(dead[i / 8] | 1u << (i % 8));
		found = true;
	}
	for (size_t j = 0; j < idx->ndelta; j++) {
		if (strcmp(idx->delta[j].id, id) == 0) {
			idx->delta[j] = idx->delta[--idx->ndelta];
			found = true;
			break;
		}
	}
	return found;
}

int screen_index_load_stream(struct screen_index *idx, screen_listing_next next, void *ctx)
{
	struct listing_source src = { next, ctx };
	struct snapshot *snap = rics_calloc(1, sizeof *snap);
	int rc = snap ? segment_build(&src, &snap->base) : -ENOMEM;
	if (rc) {
		rics_free(snap);
		return rc;
	}
	snap->live = snap->base->n;
	pthread_mutex_lock(&idx->write);
	idx->ndelta = 0;
	snapshot_install(idx, snap);
	pthread_mutex_unlock(&idx->write);
	return 0;
}

int screen_index_load(struct screen_index *idx, const struct screen_listing *l, size_t n)
{
	struct array_ctx a = { l, n, 0 };
	return screen_index_load_stream(idx, array_next, &a);
}

int screen_index_put_many(struct screen_index *idx, const struct screen_listing *l, size_t n)
{
	struct screen_listing *d;
	uint8_t *dead;
	int rc = -ENOMEM;

	pthread_mutex_lock(&idx->write);
	dead = dead_copy(idx->current);
	d = rics_realloc(idx->delta, (idx->ndelta + n + 1) * sizeof *d);
	if (!dead || !d) {
		rics_free(dead);
		goto out;
	}
	idx->delta = d;
	for (size_t i = 0; i < n; i++) {
		forget(idx, dead, l[i].id);
		idx->delta[idx->ndelta++] = l[i];
	}
	/* one new snapshot for the whole batch */
	rc = publish(idx, dead);
out:
	pthread_mutex_unlock(&idx->write);
	return rc;
}

int screen_index_put(struct screen_index *idx, const struct screen_listing *l)
{
	return screen_index_put_many(idx, l, 1);
}

int screen_index_remove(struct screen_index *idx, const char *id)
{
	uint8_t *dead;
	int rc = -ENOMEM;

	pthread_mutex_lock(&idx->write);
	dead = dead_copy(idx->current);
	if (!dead)
		goto out;
	if (!forget(idx, dead, id)) {
		rics_free(dead);
		rc = RICS_E_NOT_FOUND;
		goto out;
	}
	rc = publish(idx, dead);
out:
	pthread_mutex_unlock(&idx->write);
	return rc;
}

void screen_index_stats(struct screen_index *idx, struct screen_index_stats *out)
{
	struct snapshot *s = snapshot_get(idx);
	memset(out, 0, sizeof *out);
	out->entries = s->live;
	for (int i = 0; i < 2; i++) {
		const struct segment *g = i ? s->delta : s->base;
		if (!g)
			continue;
		out->keys += g->nkeys;
		out->postings += g->nkeys ? g->start[g->nkeys] : 0;
		out->bytes += g->bytes;
	}
	out->bytes += (snapshot_base_n(s) + 7) / 8;
	snapshot_unref(s);
}

/* ---- queries ---- */

#define DELTA_BIT 0x80000000u

struct cand {
	uint32_t entry;   /* base entry, or DELTA_BIT | delta entry */
	uint16_t credited; /* query tokens that already added weight */
	float weight;
};

/* A query's candidates: dense in v, in the order they were found, so that
 * every pass over them touches only them; slot is an open-addressing table
 * of their indexes + 1 (0: empty), at most half full. byent: the base
 * candidates as (entry << 32 | index), sorted by entry, so that a long
 * posting list meets them in one galloping merge; rebuilt only after new
 * candidates (nbyent == SIZE_MAX: stale). */
struct accum {
	struct cand *v;
	uint32_t *slot;
	size_t mask, n;
	uint64_t *byent, *scratch;
	size_t nbyent, bycap;
};

static size_t accum_home(const struct accum *a, uint32_t entry)
{
	return (entry * 2654435761u) & a->mask;
}

static int accum_init(struct accum *a, size_t cap)
{
	size_t slots = 256;
	while (slots < cap * 2)
		slots *= 2;
	memset(a, 0, sizeof *a);
	a->nbyent = SIZE_MAX;
	a->slot = rics_calloc(slots, sizeof *a->slot);
	a->v = rics_malloc(slots / 2 * sizeof *a->v);
	if (!a->slot || !a->v)
		return -ENOMEM;
	a->mask = slots - 1;
	return 0;
}

static void accum_free(struct accum *a)
{
	rics_free(a->v);
	rics_free(a->slot);
	rics_free(a->byent);
	rics_free(a->scratch);
}

/* Twice the slots; the candidates keep their indexes. */
static int accum_grow(struct accum *a)
{
	size_t slots = (a->mask + 1) * 2;
	uint32_t *slot = rics_calloc(slots, sizeof *slot);
	struct cand *v = slot ? rics_realloc(a->v, slots / 2 * sizeof *v) : NULL;
	if (!v) {
		rics_free(slot);
		return -ENOMEM;
	}
	a->v = v;
	rics_free(a->slot);
	a->slot = slot;
	a->mask = slots - 1;
	for (size_t k = 0; k < a->n; k++) {
		size_t i = accum_home(a, v[k].entry);
		while (slot[i])
			i = (i + 1) & a->mask;
		slot[i] = (uint32_t)(k + 1);
	}
	return 0;
}

/* The candidate for entry; a new one only if create (NULL otherwise). */
static struct cand *accum_find(struct accum *a, uint32_t entry, bool create)
{
	size_t i = accum_home(a, entry);
	for (uint32_t k; (k = a->slot[i]) != 0; i = (i + 1) & a->mask)
		if (a->v[k - 1].entry == entry)
			return &a->v[k - 1];
	if (!create)
		return NULL;
	struct cand *c = &a->v[a->n++];
	c->entry = entry;
	c->credited = 0;
	c->weight = 0;
	a->slot[i] = (uint32_t)a->n;
	a->nbyent = SIZE_MAX;
	return c;
}

struct query_ctx {
	struct snapshot *s;
	struct accum acc;
	double n;          /* live entries, for idf */
	int token;         /* query token being credited, -1 for whole-record keys */
	double token_weight;
	bool seed;         /* may keys create candidates? */
	size_t seed_df;    /* ...if in at most this many entries */
	size_t fresh;      /* whole-record keys weighed the candidates below this already */
	int order[SCREEN_NAME_MAX_TOKENS]; /* the query's name tokens, rarest first */
	size_t df[SCREEN_NAME_MAX_TOKENS]; /* their skeletons' document frequencies */
	int ntok;
	int rc;
};

static size_t key_df(const struct snapshot *s, uint64_t hash)
{
	size_t a, b;
	segment_lookup(s->base, hash, &a);
	segment_lookup(s->delta, hash, &b);
	return a + b;
}

static void add_weight(struct query_ctx *q, struct cand *c, double w)
{
	if (q->token >= 0) {
		if (c->credited & (1u << q->token))
			return; /* a stronger key of this token already counted */
		c->credited = (uint16_t)(c->credited | 1u << q->token);
	} else if ((size_t)(c - q->acc.v) < q->fresh) {
		return; /* the wider pass weighs only the candidates it found */
	}
	c->weight += (float)w;
}

static void credit(struct query_ctx *q, uint32_t entry, double w)
{
	struct cand *c;
	if (q->seed && q->acc.n * 2 > q->acc.mask && (q->rc = accum_grow(&q->acc)) != 0)
		return;
	c = accum_find(&q->acc, entry, q->seed);
	if (c)
		add_weight(q, c, w);
}

/* Sort v by its top 32 bits (the entry): an LSD radix sort, a byte a pass,
 * through tmp; the result ends in *v or *tmp, which are swapped to match. */
static void sort_by_entry(uint64_t **v, uint64_t **tmp, size_t n, uint32_t max)
{
	for (int shift = 32; shift < 64 && (shift == 32 || max >> (shift - 32)); shift += 8) {
		size_t at[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			at[((*v)[i] >> shift & 0xff) + 1]++;
		for (int b = 0; b < 256; b++)
			at[b + 1] += at[b];
		for (size_t i = 0; i < n; i++)
			(*tmp)[at[(*v)[i] >> shift & 0xff]++] = (*v)[i];
		uint64_t *t = *v;
		*v = *tmp;
		*tmp = t;
	}
}

/* The base candidates sorted by entry, rebuilt if new ones came since. */
static int accum_byent(struct accum *a)
{
	uint32_t max = 0;
	size_t n = 0;
	if (a->nbyent != SIZE_MAX)
		return 0;
	if (a->bycap < a->n) {
		size_t cap = a->mask + 1;
		rics_free(a->byent);
		rics_free(a->scratch);
		a->bycap = 0;
		a->byent = rics_malloc(cap * sizeof *a->byent);
		a->scratch = rics_malloc(cap * sizeof *a->scratch);
		if (!a->byent || !a->scratch)
			return -ENOMEM;
		a->bycap = cap;
	}
	for (size_t k = 0; k < a->n; k++) {
		uint32_t e = a->v[k].entry;
		if (e & DELTA_BIT)
			continue;
		a->byent[n++] = (uint64_t)e << 32 | k;
		max = e > max ? e : max;
	}
	sort_by_entry(&a->byent, &a->scratch, n, max);
	a->nbyent = n;
	return 0;
}

/* The first index in [lo, n) whose posting is not below x: a galloping
 * search, since the next candidate is usually a few postings on. */
static size_t gallop(const uint32_t *v, size_t lo, size_t n, uint32_t x)
{
	size_t hi = lo, step = 1;
	while (hi < n && v[hi] < x) {
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	if (hi > n)
		hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first index in [lo, n) whose posting is not below x, for a next
 * candidate a few dozen postings on at most: a scan eight postings a
 * step, whose branch is mispredicted once per candidate, where the
 * gallop's binary search mispredicts half its steps. */
static size_t skip_to(const uint32_t *v, size_t lo, size_t n, uint32_t x)
{
	while (lo + 8 <= n && v[lo + 7] < x)
		lo += 8;
	while (lo < n && v[lo] < x)
		lo++;
	return lo;
}

/* Weigh the base candidates found so far by a key that may not seed: one
 * merge of its sorted postings with the sorted candidates costs far less
 * than a lookup of each of thousands of postings in the accumulator. */
static void credit_found(struct query_ctx *q, const uint32_t *post, size_t n, double w)
{
	struct accum *a = &q->acc;
	size_t at = 0;
	bool dense;
	if ((q->rc = accum_byent(a)) != 0)
		return;
	dense = n <= SKIP_RATIO_MAX * a->nbyent;
	for (size_t i = 0; i < a->nbyent && at < n; i++) {
		uint32_t e = (uint32_t)(a->byent[i] >> 32);
		at = dense ? skip_to(post, at, n, e) : gallop(post, at, n, e);
		if (at < n && post[at] == e)
			add_weight(q, &a->v[(uint32_t)a->byent[i]], w);
	}
}

static double key_strength(char kind)
{
	switch (kind) {
	case KEY_SKELETON: return 1.0;
	case KEY_DELETION: return 0.8;
	case KEY_CONSONANTS: return 0.6;
	case KEY_BIRTH: return 1.0;
	case KEY_BIRTH_SWAPPED: return 0.7;
	/* dated keys only find candidates: their name and date weigh already */
	case KEY_DATED_SKELETON: case KEY_DATED_CONSONANTS: return 0.0;
	default: return 4.0;
	}
}

static int query_sink(void *ctx, uint64_t hash, char kind, int token)
{
	struct query_ctx *q = ctx;
	double strength = key_strength(kind);
	size_t nb, nd, df;
	const uint32_t *pb = segment_lookup(q->s->base, hash, &nb);
	const uint32_t *pd = segment_lookup(q->s->delta, hash, &nd);
	bool seed = q->seed;
	(void)token;
	df = nb + nd;
	if (!df)
		return 0;
	/* a key in very many entries adds weight but finds no one by itself */
	q->seed = seed && df <= q->seed_df;
	double w = strength * q->token_weight * log(1.0 + q->n / (double)df);
	if (!q->seed && w == 0)
		nb = nd = 0; /* neither finds nor weighs */
	/* a merge with the candidates sorted by entry against a walk of every
	 * posting: at 1 or 4 times the candidates alike (measured) */
	if (!q->seed && nb > CREDIT_MERGE_RATIO * q->acc.n)
		credit_found(q, pb, nb, w);
	else
		for (size_t i = 0; i < nb && !q->rc; i++)
			if (!base_dead(q->s, pb[i]))
				credit(q, pb[i], w);
	for (size_t i = 0; i < nd && !q->rc; i++)
		credit(q, DELTA_BIT | pd[i], w);
	q->seed = seed;
	return q->rc;
}

static double kind_weight(const struct screen_token *t)
{
	return t->kind == SCREEN_KIND_PATRONYMIC ? 0.4 : 1.0;
}

/* Seed from the dated keys of every name token, the date read both ways. */
static int gather_dated(struct query_ctx *q, const struct screen_person *p)
{
	const struct screen_date *d = &p->birth;
	int rc = 0;
	q->token = -1;
	q->token_weight = 1.0;
	q->seed = true;
	for (int i = 0; i < p->name.ntokens && !rc; i++) {
		const struct screen_token *t = &p->name.tok[i];
		if (!token_indexed(t))
			continue;
		rc = dated_keys(t, d, d->month, d->day, query_sink, q);
		if (!rc && date_swappable(d)) {
			struct screen_date none = { 0 };
			rc = dated_keys(t, &none, d->day, d->month, query_sink, q);
		}
	}
	return rc;
}

/* The full birth date ranks candidates (namesakes above all) but finds
 * no one: a date alone is shared by some fifty people per million. */
static int gather_birth(struct query_ctx *q, const struct screen_date *d)
{
	int rc = 0;
	q->token = -1;
	q->token_weight = 1.0;
	q->seed = false;
	if (date_full(d))
		rc = query_sink(q, birth_hash(d, false), KEY_BIRTH, -1);
	if (!rc && date_full(d) && date_swappable(d))
		rc = query_sink(q, birth_hash(d, true), KEY_BIRTH_SWAPPED, -1);
	return rc;
}

/* Query name tokens in order of rarity: their indexes into order. */
static int tokens_by_rarity(const struct query_ctx *q, const struct screen_name *nm,
			    int order[SCREEN_NAME_MAX_TOKENS], size_t df[SCREEN_NAME_MAX_TOKENS])
{
	int n = 0;
	for (int i = 0; i < nm->ntokens; i++) {
		const struct screen_token *t = &nm->tok[i];
		if (!token_indexed(t))
			continue;
		df[i] = key_df(q->s, key_hash(KEY_SKELETON, t->skeleton, strlen(t->skeleton)));
		int j = n++;
		while (j > 0 && df[order[j - 1]] > df[i]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	return n;
}

/* Credit candidates from the query's name tokens, rarest first. The rarest
 * seeds (within seed_df): every name has one token rare enough to find it
 * by, unless all are common. The others seed too if in at most seed_df
 * entries, unless rarest_only; else they only weigh. */
static int gather_tokens(struct query_ctx *q, const struct screen_name *nm, bool rarest_only)
{
	int rc = 0;
	for (int k = 0; k < q->ntok && !rc; k++) {
		int i = q->order[k];
		const struct screen_token *t = &nm->tok[i];
		q->token = i;
		q->token_weight = kind_weight(t);
		q->seed = k == 0 || (!rarest_only && q->df[i] <= q->seed_df);
		/* a common name's deletions repeat the same people; a typo in it
		 * still meets through the other tokens and the dated keys */
		rc = token_keys(t, i, q->df[i] < DELETION_DF_MAX, query_sink, q);
	}
	return rc;
}

/* Credit candidates from the query's keys: the dated keys find them, the
 * name tokens (rarest first) and the birth date weigh them. */
static int gather(struct query_ctx *q, const struct screen_query *sq)
{
	const struct screen_name *nm = &sq->person.name;
	int rc = 0;

	q->token = -1;
	q->token_weight = 1.0;
	q->seed = true;
	if (sq->subject == SCREEN_SUBJECT_VEHICLE) {
		char f[SCREEN_DOC_MAX];
		ocr_fold(sq->plate, f, sizeof f);
		return sq->plate[0] ? query_sink(q, key_hash(KEY_PLATE, f, strlen(f)), KEY_PLATE, -1) : 0;
	}
	if (sq->person.doc[0]) {
		char f[SCREEN_DOC_MAX];
		ocr_fold(sq->person.doc, f, sizeof f);
		rc = query_sink(q, key_hash(KEY_DOC, f, strlen(f)), KEY_DOC, -1);
	}
	if (sq->subject != SCREEN_SUBJECT_PERSON)
		return rc ? rc : q->rc;
	if (!rc)
		rc = gather_dated(q, &sq->person);
	q->ntok = tokens_by_rarity(q, nm, q->order, q->df);
	if (!rc)
		rc = gather_tokens(q, nm, false);
	if (!rc)
		rc = gather_birth(q, &sq->person.birth);
	return rc ? rc : q->rc;
}

/* The second pass, when the first found no one sharing two name tokens:
 * the candidates found stay (their weights are complete), and only the
 * rarest token seeds, from keys of up to SEED_DF_BROAD entries; the other
 * tokens and the birth date weigh what it finds. */
static int gather_wider(struct query_ctx *q, const struct screen_query *sq)
{
	int rc;
	q->fresh = q->acc.n;
	q->seed_df = SEED_DF_BROAD;
	rc = gather_tokens(q, &sq->person.name, true);
	if (!rc)
		rc = gather_birth(q, &sq->person.birth);
	return rc ? rc : q->rc;
}

/* Whether some candidate shares enough name tokens with the query: two, or
 * all it has if fewer (patronymics aside). Otherwise seeding was too narrow. */
static bool gather_found(const struct query_ctx *q, const struct screen_query *sq)
{
	const struct screen_name *nm = &sq->person.name;
	int need = 0;
	if (sq->subject != SCREEN_SUBJECT_PERSON)
		return true;
	for (int i = 0; i < nm->ntokens && need < 2; i++)
		need += token_indexed(&nm->tok[i]) && nm->tok[i].kind != SCREEN_KIND_PATRONYMIC;
	for (size_t k = 0; need && k < q->acc.n; k++)
		if (__builtin_popcount(q->acc.v[k].credited) >= need)
			return true;
	return !need;
}

/* The best `max` candidates by weight, best first, into top, their
 * weights into w. */
static size_t top_candidates(const struct accum *a, uint32_t *top, float *w, size_t max)
{
	size_t n = 0;
	for (size_t k = 0; k < a->n; k++) {
		const struct cand *c = &a->v[k];
		if (n == max && c->weight <= w[n - 1])
			continue;
		size_t j = n < max ? n++ : n - 1;
		while (j > 0 && w[j - 1] < c->weight) {
			w[j] = w[j - 1];
			top[j] = top[j - 1];
			j--;
		}
		w[j] = c->weight;
		top[j] = c->entry;
	}
	return n;
}

/* How many of the n best candidates (weights w, best first) are worth
 * scoring: a candidate with less than half the best one's evidence has
 * rarely scored above the threshold (recall 0.9928 -> 0.9927 on the
 * benchmark's queries), and scoring took a third of a query's time. The
 * first few are scored anyway, so that a document number's weight cannot
 * hide a second listing of the same person. */
static size_t candidates_worth(const float *w, size_t n)
{
	size_t k = n < SCORE_SURE ? n : SCORE_SURE;
	while (k < n && w[k] >= SCORE_WEIGHT_CUT * w[0])
		k++;
	return k;
}

static const unsigned char *entry_blob(const struct snapshot *s, uint32_t e)
{
	const struct segment *g = e & DELTA_BIT ? s->delta : s->base;
	return g->arena + g->off[e & ~DELTA_BIT];
}

/* A person entry against the query by its best name: its own or an alias,
 * which then takes the name's place in the listing, for the explanation. */
static int score_person(const struct screen_query *q, struct screen_match *m)
{
	struct screen_listing *l = &m->listing;
	struct screen_person p;
	struct screen_result r;
	if (screen_score(&q->person, &l->person, &m->result))
		return -1;
	if (l->naliases)
		p = l->person;
	for (int k = 0; k < l->naliases; k++) {
		p.name = l->alias[k];
		if (!screen_score(&q->person, &p, &r) && r.score > m->result.score) {
			m->result = r;
			m->alias = k + 1;
		}
	}
	if (m->alias)
		l->person.name = l->alias[m->alias - 1];
	return m->result.score;
}

/* Score one listing against the query; -1 if it cannot match at all. */
static int score_listing(const struct screen_query *q, struct screen_match *m)
{
	const struct screen_listing *l = &m->listing;
	memset(&m->result, 0, sizeof m->result);
	m->alias = 0;
	if (q->now_ms && l->expires_ms && l->expires_ms <= q->now_ms)
		return -1;
	switch (q->subject) {
	case SCREEN_SUBJECT_PERSON:
		if (l->subject != SCREEN_SUBJECT_PERSON)
			return -1;
		return score_person(q, m);
	case SCREEN_SUBJECT_DOCUMENT:
		if (l->subject == SCREEN_SUBJECT_VEHICLE || !l->person.doc[0])
			return -1;
		if (q->person.nationality[0] && l->person.nationality[0] &&
		    strcmp(q->person.nationality, l->person.nationality) != 0)
			return -1; /* same number, another issuing state */
		return screen_doc_compare(q->person.doc, l->person.doc);
	case SCREEN_SUBJECT_VEHICLE:
		if (l->subject != SCREEN_SUBJECT_VEHICLE)
			return -1;
		return screen_plate_compare(q->plate, l->plate);
	}
	return -1;
}

int screen_index_query(struct screen_index *idx, const struct screen_query *sq,
		       struct screen_match *out, size_t max, size_t *nout)
{
	struct query_ctx q = { 0 };
	uint32_t top[SCORE_CANDIDATES];
	float wtop[SCORE_CANDIDATES];
	struct screen_match *m = rics_malloc(sizeof *m);
	size_t ntop, n = 0;
	int rc;

	if (!m)
		return -ENOMEM;
	q.s = snapshot_get(idx);
	q.n = (double)(q.s->live ? q.s->live : 1);
	q.seed_df = SEED_DF_MAX;
	/* room for the few hundred candidates a query typically holds, so
	 * the accumulator rarely grows (+7% q/s over starting at 64) */
	rc = accum_init(&q.acc, 512);
	if (!rc)
		rc = gather(&q, sq);
	if (!rc && !gather_found(&q, sq))
		rc = gather_wider(&q, sq);
	if (rc)
		goto out;
	ntop = top_candidates(&q.acc, top, wtop, SCORE_CANDIDATES);
	ntop = candidates_worth(wtop, ntop);
	for (size_t i = 0; i < ntop; i++) {
		unpack_listing(entry_blob(q.s, top[i]), &m->listing);
		m->score = score_listing(sq, m);
		int threshold = m->listing.threshold ? m->listing.threshold : SCREEN_THRESHOLD_DEFAULT;
		if (m->score < threshold)
			continue;
		/* insert in order, best first, keeping at most max */
		size_t j = n < max ? n++ : n;
		if (j == max && (max == 0 || out[max - 1].score >= m->score))
			continue;
		if (j == max)
			j = max - 1;
		while (j > 0 && out[j - 1].score < m->score) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = *m;
	}
	*nout = n;
out:
	accum_free(&q.acc);
	rics_free(m);
	snapshot_unref(q.s);
	return rc;
}
