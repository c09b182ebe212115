// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * screen_bench: the screening benchmark and quality measurement, run by
 * scripts/bench-screen (`make bench`). It makes a synthetic watchlist of a
 * million persons (screen_names.h: Central Asian, Russian and Afghan names in
 * the scripts the region stores them in), normalises it and builds the
 * in-memory index as the screening service does at start, and reports the
 * build time and memory. It then screens a labelled query set: variants of
 * listed persons (another script, the MRZ's ICAO transliteration, older
 * Russian spellings, Uzbek Latin, a typo, swapped name order, day and month
 * swapped, a birth date one digit off or reduced to its year, a patronymic
 * added) and persons not on the list (namesakes born
 * years apart, siblings, another surname with the same given name and birth
 * date, random others). Per query it times normalisation plus the index
 * query, on one thread (p50, p99) and on several (each with its own
 * normalizer clone), and it measures recall (the listed person among the top
 * 10 hits at or above the threshold) and precision (hits that are the right
 * person). Finally it writes the same names and a sample of the same
 * queries for the PostgreSQL pg_trgm baseline that scripts/bench-screen runs.
 *
 * usage: screen_bench [--entries N] [--queries N] [--pg-sample N]
 *                     [--threads N] [--out DIR] [--dump N] [--misses N]
 * Results go to stdout as "screen_bench: key=value ..." lines; progress to
 * stderr. With --out, DIR receives names.tsv (id, name as listed, its Latin
 * form), pg_queries.sql, pg_queries_latin.sql and pg_truth.tsv. --dump N
 * prints the first N persons and a query of each kind for them, and stops;
 * --misses N prints N variant queries whose listed person was not found and
 * N wrong hits with their explanations (this slows the timed pass down).
 */
#include "core/error.h"
#include "core/strbuf.h"
#include "screen/index.h"
#include "screen/normalize.h"
#include "screen/score.h"
#include "screen_names.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_HITS 10
#define SEED 0x52494353u /* "RICS" */
#define WARMUP_QUERIES 2000

struct opts {
	size_t entries, queries, pg_sample, dump, misses;
	int threads;
	const char *out;
};

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of the calling thread: on a machine shared with other work, the
 * rate per CPU second shows what wall time hides. */
static double cpu_s(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* Resident set size, from /proc/self/statm. */
static size_t rss_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

/* The high-water mark of the resident set (VmHWM). */
static size_t peak_rss_bytes(void)
{
	char line[256];
	size_t kb = 0;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %zu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static void id_of(char out[RICS_UUID_LEN], size_t n)
{
	snprintf(out, RICS_UUID_LEN, "01900000-0000-7000-8000-%012llx",
		 (unsigned long long)n & 0xffffffffffffull);
}

static long entry_of(const char *id)
{
	return strtol(id + 24, NULL, 16);
}

/* ---- what counts as the same name (for labels, not for matching) ---- */

/*
 * Two persons have the same name when the regional skeletons of their
 * surname and given names (in the ICAO spelling) are the same multiset: such
 * a pair is the same name to any reader, whatever the pools' indexes say
 * (Алишер is both a Tajik and an Uzbek name).
 */
static uint64_t name_key(const struct synth_names *nm, const struct synth_person *p)
{
	struct synth_fields f;
	char skel[6][SCREEN_TOKEN_MAX];
	int n = 0;
	uint64_t h = 0xcbf29ce484222325ull;
	synth_render(nm, p, SCH_ICAO, false, &f);
	for (int k = 0; k < 2; k++) {
		char buf[SYN_FIELD_MAX], *save = NULL, *tok;
		snprintf(buf, sizeof buf, "%s", k ? f.given : f.surname);
		for (tok = strtok_r(buf, " ", &save); tok && n < 6;
		     tok = strtok_r(NULL, " ", &save))
			screen_skeleton(tok, k ? SCREEN_KIND_GIVEN : SCREEN_KIND_SURNAME,
					skel[n++]);
	}
	for (int i = 1; i < n; i++) /* sort: order is free */
		for (int j = i; j > 0 && strcmp(skel[j - 1], skel[j]) > 0; j--) {
			char t[SCREEN_TOKEN_MAX];
			memcpy(t, skel[j], sizeof t);
			memcpy(skel[j], skel[j - 1], sizeof t);
			memcpy(skel[j - 1], t, sizeof t);
		}
	for (int i = 0; i < n; i++) {
		for (const char *c = skel[i]; *c; c++)
			h = (h ^ (unsigned char)*c) * 0x100000001b3ull;
		h = (h ^ ' ') * 0x100000001b3ull;
	}
	return h;
}

/* Would a careful officer take these birth dates for one? Same year, a
 * year apart on the same day, or one digit apart: the score treats all of
 * these as possible entry errors. */
static bool date_close(int y1, int m1, int d1, int y2, int m2, int d2)
{
	char a[16], b[16];
	int diff = 0;
	if (y1 == y2 || (m1 == m2 && d1 == d2 && abs(y1 - y2) == 1))
		return true;
	snprintf(a, sizeof a, "%04d%02d%02d", y1, m1, d1);
	snprintf(b, sizeof b, "%04d%02d%02d", y2, m2, d2);
	for (int i = 0; i < 8; i++)
		diff += a[i] != b[i];
	return diff <= 1;
}

struct keyed {
	uint64_t key;
	uint32_t entry;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Listed persons by name key. */
struct name_map {
	struct keyed *v;
	size_t n;
};

/* How many listed persons bear this name. */
static size_t name_count(const struct name_map *m, uint64_t key)
{
	size_t lo = 0, hi = m->n, n = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < m->n && m->v[lo + n].key == key)
		n++;
	return n;
}

/* Is some listed person (other than skip) of this name born close to this date? */
static bool listed_close(const struct name_map *m, const struct synth_person *persons, uint64_t key,
			 int y, int mo, int d, long skip)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < m->n && m->v[i].key == key; i++) {
		const struct synth_person *p = &persons[m->v[i].entry];
		if ((long)m->v[i].entry != skip && date_close(y, mo, d, p->year, p->month, p->day))
			return true;
	}
	return false;
}

/* ---- the watchlist ---- */

static int listing_fill(struct screen_normalizer *nz, const struct synth_names *nm,
			const struct synth_person *p, size_t i, struct screen_listing *l)
{
	struct synth_fields f;
	int rc;
	memset(l, 0, sizeof *l);
	id_of(l->id, i);
	l->subject = SCREEN_SUBJECT_PERSON;
	snprintf(l->action, sizeof l->action, "inform");
	synth_render(nm, p, (enum synth_scheme)p->scheme, p->patro_listed, &f);
	screen_name_init(&l->person.name);
	rc = screen_name_append(nz, f.surname, SCREEN_KIND_SURNAME, &l->person.name);
	if (!rc)
		rc = screen_name_append(nz, f.given, SCREEN_KIND_GIVEN, &l->person.name);
	if (!rc && f.patronymic[0])
		rc = screen_name_append(nz, f.patronymic, SCREEN_KIND_PATRONYMIC, &l->person.name);
	l->person.birth.year = p->year;
	l->person.birth.month = p->month;
	l->person.birth.day = p->day;
	l->person.sex = p->sex == SYN_MALE ? SCREEN_SEX_MALE : SCREEN_SEX_FEMALE;
	snprintf(l->person.nationality, sizeof l->person.nationality, "%s",
		 synth_nationality((enum synth_origin)p->origin));
	return rc;
}

static void latin_of(const struct screen_name *n, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < n->ntokens && len + 1 < size; i++) {
		int w = snprintf(out + len, size - len, "%s%s", i ? " " : "", n->tok[i].latin);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

/* The watchlist as the service streams it into the index at start: each
 * listing normalised as the index asks for it, timed apart. */
struct stream_ctx {
	struct screen_normalizer *nz;
	const struct synth_names *nm;
	const struct synth_person *persons;
	size_t n, i;
	double norm_s;
	FILE *names; /* --out: names.tsv, or NULL */
};

static int stream_next(void *ctx, struct screen_listing *l)
{
	struct stream_ctx *s = ctx;
	double t0 = now_s();
	int rc;
	if (s->i >= s->n)
		return 0;
	rc = listing_fill(s->nz, s->nm, &s->persons[s->i], s->i, l);
	s->norm_s += now_s() - t0;
	if (rc)
		return rc;
	if (s->names) {
		char latin[SCREEN_NAME_TEXT_MAX * 2];
		latin_of(&l->person.name, latin, sizeof latin);
		fprintf(s->names, "%zu\t%s\t%s\n", s->i, l->person.name.text, latin);
	}
	s->i++;
	return 1;
}

/* ---- queries ---- */

struct outcome {
	double ms; /* normalisation plus index query */
	uint8_t nhits;
	int8_t rank;       /* of the target among the hits, -1 if absent */
	uint8_t namesakes; /* wrong hits on a listed person of the same name, close date */
	uint8_t top_score;
};

static int query_run(struct screen_normalizer *nz, struct screen_index *idx,
		     const struct synth_query *sq, struct screen_query *q, struct screen_match *m,
		     size_t *n)
{
	int rc;
	memset(q, 0, sizeof *q);
	q->subject = SCREEN_SUBJECT_PERSON;
	if ((rc = screen_name_normalize(nz, sq->name, &q->person.name)))
		return rc;
	q->person.birth.year = sq->year;
	q->person.birth.month = sq->month;
	q->person.birth.day = sq->day;
	q->person.sex = sq->p.sex == SYN_MALE ? SCREEN_SEX_MALE : SCREEN_SEX_FEMALE;
	snprintf(q->person.nationality, sizeof q->person.nationality, "%s",
		 synth_nationality((enum synth_origin)sq->p.origin));
	return screen_index_query(idx, q, m, MAX_HITS, n);
}

struct worker {
	pthread_t thread;
	pthread_barrier_t *start;
	struct screen_normalizer *nz;
	struct screen_index *idx;
	const struct synth_query *qs;
	size_t nq, first, count;
	double seconds, cpu;
	int rc;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct screen_query *q = malloc(sizeof *q);
	struct screen_match *m = malloc(MAX_HITS * sizeof *m);
	size_t n;
	if (!q || !m)
		w->rc = -ENOMEM;
	pthread_barrier_wait(w->start);
	double t0 = now_s(), c0 = cpu_s();
	for (size_t i = 0; i < w->count && !w->rc; i++)
		w->rc = query_run(w->nz, w->idx, &w->qs[(w->first + i) % w->nq], q, m, &n);
	w->seconds = now_s() - t0;
	w->cpu = cpu_s() - c0;
	free(q);
	free(m);
	return NULL;
}

/* Queries per second with nthreads threads, each screening the whole set
 * once from its own starting point; *per_cpu: queries per CPU second. */
static double throughput(struct screen_normalizer *nz, struct screen_index *idx,
			 const struct synth_query *qs, size_t nq, int nthreads, double *per_cpu)
{
	struct worker *w = calloc((size_t)nthreads, sizeof *w);
	pthread_barrier_t start;
	double t0, elapsed, cpu = 0;
	size_t total = 0;
	int rc = 0;
	if (!w)
		return -1;
	pthread_barrier_init(&start, NULL, (unsigned)nthreads + 1);
	for (int i = 0; i < nthreads; i++) {
		w[i].start = &start;
		w[i].idx = idx;
		w[i].qs = qs;
		w[i].nq = nq;
		w[i].first = nq / (size_t)nthreads * (size_t)i;
		w[i].count = nq;
		if (screen_normalizer_clone(nz, &w[i].nz))
			rc = -1;
	}
	for (int i = 0; i < nthreads && !rc; i++)
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]))
			rc = -1;
	if (rc) {
		fprintf(stderr, "screen_bench: cannot start threads\n");
		exit(1);
	}
	pthread_barrier_wait(&start);
	t0 = now_s();
	for (int i = 0; i < nthreads; i++) {
		pthread_join(w[i].thread, NULL);
		total += w[i].count;
		cpu += w[i].cpu;
		if (w[i].rc)
			rc = w[i].rc;
		screen_normalizer_free(w[i].nz);
	}
	elapsed = now_s() - t0;
	pthread_barrier_destroy(&start);
	free(w);
	if (rc) {
		fprintf(stderr, "screen_bench: a query failed (%d)\n", rc);
		exit(1);
	}
	*per_cpu = cpu > 0 ? (double)total / cpu : 0;
	return (double)total / elapsed;
}

static size_t gcd(size_t a, size_t b)
{
	while (b) {
		size_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double percentile(const double *sorted, size_t n, double p)
{
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return n ? sorted[i < n ? i : n - 1] : 0;
}

/* ---- the PostgreSQL side: files for scripts/bench-screen ---- */

static void sql_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "screen_bench: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void write_pg_script(const char *dir, const char *name, const char *column,
			    const struct synth_query *qs, char (*latin)[SCREEN_NAME_TEXT_MAX],
			    const size_t *sample, size_t nsample)
{
	FILE *f = open_out(dir, name);
	size_t warm = nsample < 20 ? nsample : 20;
	fprintf(f,
		"PREPARE q(text) AS SELECT id FROM names WHERE %s %% $1 "
		"ORDER BY similarity(%s, $1) DESC LIMIT 10;\n",
		column, column);
	/* a few untimed queries first, as RICS gets its warm-up */
	for (size_t i = 0; i < warm; i++) {
		fputs("EXECUTE q(", f);
		sql_quote(f, latin ? latin[i] : qs[sample[i]].name);
		fputs(");\n", f);
	}
	fputs("\\echo @ begin\n\\timing on\n", f);
	for (size_t i = 0; i < nsample; i++) {
		fprintf(f, "\\echo @ %zu\nEXECUTE q(", sample[i]);
		sql_quote(f, latin ? latin[i] : qs[sample[i]].name);
		fputs(");\n", f);
	}
	fputs("\\timing off\n\\echo @ end\n", f);
	if (fclose(f)) {
		fprintf(stderr, "screen_bench: cannot write %s\n", name);
		exit(1);
	}
}

/* ---- main ---- */

static void usage(void)
{
	fprintf(stderr, "usage: screen_bench [--entries N] [--queries N] [--pg-sample N] "
			"[--threads N] [--out DIR] [--dump N] [--misses N]\n");
	exit(2);
}

static size_t parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || v == 0)
		usage();
	return (size_t)v;
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	o->entries = 1000000;
	o->queries = 20000;
	o->pg_sample = 300;
	o->threads = 2;
	o->out = NULL;
	o->dump = 0;
	o->misses = 0;
	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--entries"))
			o->entries = parse_size(argv[++i]);
		else if (!strcmp(argv[i], "--queries"))
			o->queries = parse_size(argv[++i]);
		else if (!strcmp(argv[i], "--pg-sample"))
			o->pg_sample = parse_size(argv[++i]);
		else if (!strcmp(argv[i], "--threads"))
			o->threads = (int)parse_size(argv[++i]);
		else if (!strcmp(argv[i], "--out"))
			o->out = argv[++i];
		else if (!strcmp(argv[i], "--dump"))
			o->dump = parse_size(argv[++i]);
		else if (!strcmp(argv[i], "--misses"))
			o->misses = parse_size(argv[++i]);
		else
			usage();
	}
	if (o->entries > 0x7fffffff || o->queries < 100)
		usage();
}

static void die_rc(const char *what, int rc)
{
	fprintf(stderr, "screen_bench: %s failed (%d)\n", what, rc);
	exit(1);
}

/* The labelled query set: 70% variants of listed persons, 30% persons not
 * on the list, every kind in equal parts, interleaved. */
static struct synth_query *make_queries(const struct synth_names *nm, const struct opts *o,
					const struct synth_person *persons,
					const struct name_map *names, size_t *rejected)
{
	struct synth_query *qs = calloc(o->queries, sizeof *qs);
	struct gen_rng r;
	if (!qs) {
		fprintf(stderr, "screen_bench: out of memory\n");
		exit(1);
	}
	gen_rng_init(&r, SEED + 2, 0, 0);
	*rejected = 0;
	for (size_t i = 0; i < o->queries; i++) {
		size_t slot = i % 10, round = i / 10;
		bool variant = slot < 7;
		enum synth_kind kind =
			variant ? (enum synth_kind)((round * 7 + slot) % KIND_FIRST_NONMATCH) :
				  (enum synth_kind)(KIND_FIRST_NONMATCH +
						    (round * 3 + slot - 7) %
							    (KIND_COUNT - KIND_FIRST_NONMATCH));
		/* (7 variants and 3 non-matches in every 10, cycling through the kinds) */
		for (;;) {
			uint32_t t = synth_rng_below(&r, (uint32_t)o->entries);
			if (synth_query_make(nm, &r, kind, &persons[t], (int32_t)t, &qs[i]))
				continue;
			if (!variant) {
				const struct synth_query *q = &qs[i];
				if (listed_close(names, persons, name_key(nm, &q->p), q->year,
						 q->month, q->day, -1)) {
					++*rejected;
					continue;
				}
			}
			break;
		}
	}
	return qs;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct synth_names *nm;
	struct synth_person *persons;
	struct screen_normalizer *nz;
	struct screen_index *idx;
	struct screen_index_stats st;
	struct gen_rng r;
	struct name_map names;
	double t0, t_norm, t_load;
	size_t rss0, rss_index, rejected;
	int rc;

	parse_opts(argc, argv, &o);
	if (!(nm = synth_names_new()))
		die_rc("synth_names_new", -ENOMEM);
	if ((rc = screen_normalizer_new(&nz)))
		die_rc("screen_normalizer_new", rc);
	if ((rc = screen_index_new(&idx)))
		die_rc("screen_index_new", rc);
	persons = malloc(o.entries * sizeof *persons);
	names.v = malloc(o.entries * sizeof *names.v);
	names.n = o.entries;
	if (!persons || !names.v)
		die_rc("allocating persons", -ENOMEM);

	/* the persons, and who is who (for the labels) */
	gen_rng_init(&r, SEED, 0, 0);
	for (size_t i = 0; i < o.entries; i++)
		synth_person_make(nm, &r, &persons[i]);
	for (size_t i = 0; i < o.entries; i++) {
		names.v[i].key = name_key(nm, &persons[i]);
		names.v[i].entry = (uint32_t)i;
	}
	qsort(names.v, names.n, sizeof *names.v, keyed_cmp);
	{
		/* how common the full names are: shown so that the data can be judged */
		size_t unique = 0, nnames = 0, biggest = 0, in_big = 0;
		for (size_t i = 0; i < names.n;) {
			size_t j = i;
			while (j < names.n && names.v[j].key == names.v[i].key)
				j++;
			nnames++;
			unique += j - i == 1;
			in_big += j - i > 64 ? j - i : 0;
			if (j - i > biggest)
				biggest = j - i;
			i = j;
		}
		printf("screen_bench: distinct_names=%zu persons_with_unique_name=%.3f "
		       "largest_name_group=%zu persons_in_groups_over_64=%.4f\n",
		       nnames, (double)unique / (double)names.n, biggest,
		       (double)in_big / (double)names.n);
	}

	if (o.dump) {
		struct synth_query q;
		struct synth_fields f;
		gen_rng_init(&r, SEED + 9, 0, 0);
		for (size_t i = 0; i < o.dump && i < o.entries; i++) {
			synth_render(nm, &persons[i], (enum synth_scheme)persons[i].scheme,
				     persons[i].patro_listed, &f);
			printf("listed %zu %s %s: %s | %s | %s | %04d-%02d-%02d\n", i,
			       synth_nationality((enum synth_origin)persons[i].origin),
			       synth_scheme_name((enum synth_scheme)persons[i].scheme), f.surname,
			       f.given, f.patronymic, persons[i].year, persons[i].month,
			       persons[i].day);
			for (int k = 0; k < KIND_COUNT; k++) {
				if (synth_query_make(nm, &r, (enum synth_kind)k, &persons[i],
						     (int32_t)i, &q))
					continue;
				printf("  %-14s %-11s %s %04d-%02d-%02d\n",
				       synth_kind_name((enum synth_kind)k),
				       synth_scheme_name((enum synth_scheme)q.scheme), q.name,
				       q.year, q.month, q.day);
			}
		}
		free(names.v);
		free(persons);
		screen_index_free(idx);
		screen_normalizer_free(nz);
		synth_names_free(nm);
		return 0;
	}

	/* normalise and build as the service does at start, streaming; memory
	 * is counted from here (the persons and labels above are the
	 * benchmark's) */
	rss0 = rss_bytes();
	fprintf(stderr, "screen_bench: normalising %zu synthetic persons and building the index\n",
		o.entries);
	struct stream_ctx sc = { nz, nm, persons, o.entries, 0, 0, NULL };
	if (o.out)
		sc.names = open_out(o.out, "names.tsv");
	t0 = now_s();
	if ((rc = screen_index_load_stream(idx, stream_next, &sc)))
		die_rc("screen_index_load_stream", rc);
	t_norm = sc.norm_s;
	t_load = now_s() - t0 - t_norm;
	if (sc.names && fclose(sc.names))
		die_rc("writing names.tsv", -EIO);
	screen_index_stats(idx, &st);
	rss_index = rss_bytes();
	printf("screen_bench: entries=%zu normalise_s=%.2f load_s=%.2f build_s=%.2f "
	       "index_bytes=%zu rss_bytes=%zu peak_rss_bytes=%zu base_rss_bytes=%zu keys=%zu "
	       "postings=%zu\n",
	       st.entries, t_norm, t_load, t_norm + t_load, st.bytes,
	       rss_index > rss0 ? rss_index - rss0 : 0, peak_rss_bytes(), rss0, st.keys,
	       st.postings);
	fflush(stdout);

	/* the labelled queries */
	struct synth_query *qs = make_queries(nm, &o, persons, &names, &rejected);
	struct outcome *res = calloc(o.queries, sizeof *res);
	struct screen_query *q = malloc(sizeof *q);
	struct screen_match *m = malloc(MAX_HITS * sizeof *m);
	double *lat = malloc(o.queries * sizeof *lat);
	if (!res || !q || !m || !lat)
		die_rc("allocating queries", -ENOMEM);

	/* one thread: warm up, then time every query */
	fprintf(stderr, "screen_bench: %zu queries on one thread\n", o.queries);
	for (size_t i = 0; i < WARMUP_QUERIES && i < o.queries; i++) {
		size_t n;
		if ((rc = query_run(nz, idx, &qs[(i * 7919) % o.queries], q, m, &n)))
			die_rc("a query", rc);
	}
	size_t wrong_shown = 0;
	double tq0 = now_s(), cq0 = cpu_s();
	for (size_t i = 0; i < o.queries; i++) {
		size_t n;
		double a = now_s();
		if ((rc = query_run(nz, idx, &qs[i], q, m, &n)))
			die_rc("a query", rc);
		double b = now_s();
		res[i].ms = (b - a) * 1e3;
		res[i].nhits = (uint8_t)n;
		res[i].rank = -1;
		res[i].top_score = (uint8_t)(n ? m[0].score : 0);
		for (size_t k = 0; k < n; k++) {
			long e = entry_of(m[k].listing.id);
			if (e != qs[i].target && wrong_shown < o.misses) {
				struct strbuf why;
				strbuf_init(&why, 4096);
				screen_explain(&q->person, &m[k].listing.person, &m[k].result,
					       &why);
				printf("wrong %s: '%s' %04d-%02d-%02d -> '%s' %04d-%02d-%02d: %s\n",
				       synth_kind_name((enum synth_kind)qs[i].kind), qs[i].name,
				       qs[i].year, qs[i].month, qs[i].day,
				       m[k].listing.person.name.text,
				       m[k].listing.person.birth.year,
				       m[k].listing.person.birth.month,
				       m[k].listing.person.birth.day, why.buf ? why.buf : "");
				strbuf_release(&why);
				wrong_shown++;
			}
			if (e == qs[i].target) {
				if (res[i].rank < 0)
					res[i].rank = (int8_t)k;
			} else if (e >= 0 && (size_t)e < o.entries &&
				   name_key(nm, &persons[e]) == name_key(nm, &qs[i].p) &&
				   date_close(qs[i].year, qs[i].month, qs[i].day, persons[e].year,
					      persons[e].month, persons[e].day)) {
				res[i].namesakes++;
			}
		}
	}
	double qps1 = (double)o.queries / (now_s() - tq0);
	double qps1_cpu = (double)o.queries / (cpu_s() - cq0);
	double qpsn = 0, qpsn_cpu = 0;
	if (o.threads > 1) {
		fprintf(stderr, "screen_bench: %zu queries on each of %d threads\n", o.queries,
			o.threads);
		qpsn = throughput(nz, idx, qs, o.queries, o.threads, &qpsn_cpu);
	}

	/* quality */
	size_t nvar = 0, found = 0, hits = 0, right = 0, namesake_hits = 0, ncross = 0,
	       cross_found = 0, nonmatch_with_hits = 0, nnon = 0;
	size_t kn[KIND_COUNT] = { 0 }, kfound[KIND_COUNT] = { 0 }, khits[KIND_COUNT] = { 0 },
	       kright[KIND_COUNT] = { 0 }, kwith[KIND_COUNT] = { 0 };
	for (size_t i = 0; i < o.queries; i++) {
		const struct synth_query *sq = &qs[i];
		const struct outcome *oc = &res[i];
		kn[sq->kind]++;
		khits[sq->kind] += oc->nhits;
		kwith[sq->kind] += oc->nhits > 0;
		hits += oc->nhits;
		namesake_hits += oc->namesakes;
		if (sq->target >= 0) {
			nvar++;
			found += oc->rank >= 0;
			right += oc->rank >= 0;
			kfound[sq->kind] += oc->rank >= 0;
			kright[sq->kind] += oc->rank >= 0;
			if (sq->cross_script) {
				ncross++;
				cross_found += oc->rank >= 0;
			}
		} else {
			nnon++;
			nonmatch_with_hits += oc->nhits > 0;
		}
	}
	for (size_t i = 0, shown = 0; i < o.queries && shown < o.misses; i++) {
		const struct synth_query *sq = &qs[i];
		struct synth_fields f;
		const struct synth_person *t;
		if (sq->target < 0 || res[i].rank >= 0)
			continue;
		t = &persons[sq->target];
		synth_render(nm, t, (enum synth_scheme)t->scheme, t->patro_listed, &f);
		printf("miss %s: '%s' %04d-%02d-%02d for %s %s %s %04d-%02d-%02d "
		       "(%zu listed of that name; %u hits, best %u)\n",
		       synth_kind_name((enum synth_kind)sq->kind), sq->name, sq->year, sq->month,
		       sq->day, f.surname, f.given, f.patronymic, t->year, t->month, t->day,
		       name_count(&names, name_key(nm, t)), res[i].nhits, res[i].top_score);
		shown++;
	}
	for (size_t i = 0; i < o.queries; i++)
		lat[i] = res[i].ms;
	qsort(lat, o.queries, sizeof *lat, dbl_cmp);
	printf("screen_bench: queries=%zu variants=%zu nonmatching=%zu rejected_nonmatching=%zu "
	       "threads=%d qps1=%.0f qps%d=%.0f qps1_per_cpu_s=%.0f qps%d_per_cpu_s=%.0f "
	       "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f\n",
	       o.queries, nvar, nnon, rejected, o.threads, qps1, o.threads, qpsn, qps1_cpu,
	       o.threads, qpsn_cpu, percentile(lat, o.queries, 0.50),
	       percentile(lat, o.queries, 0.90), percentile(lat, o.queries, 0.99),
	       percentile(lat, o.queries, 0.999), lat[o.queries - 1]);
	printf("screen_bench: recall=%.4f precision=%.4f hits=%zu right=%zu wrong=%zu "
	       "wrong_namesakes=%zu cross_script=%zu cross_recall=%.4f nonmatching_with_hits=%zu\n",
	       nvar ? (double)found / (double)nvar : 0, hits ? (double)right / (double)hits : 1,
	       hits, right, hits - right, namesake_hits, ncross,
	       ncross ? (double)cross_found / (double)ncross : 0, nonmatch_with_hits);
	for (int k = 0; k < KIND_COUNT; k++) {
		double med;
		size_t c = 0;
		for (size_t i = 0; i < o.queries; i++)
			if (qs[i].kind == k)
				lat[c++] = res[i].ms;
		qsort(lat, c, sizeof *lat, dbl_cmp);
		med = percentile(lat, c, 0.5);
		if (k < KIND_FIRST_NONMATCH)
			printf("screen_bench: kind=%s n=%zu recall=%.4f precision=%.4f p50_ms=%.3f\n",
			       synth_kind_name((enum synth_kind)k), kn[k],
			       kn[k] ? (double)kfound[k] / (double)kn[k] : 0,
			       khits[k] ? (double)kright[k] / (double)khits[k] : 1, med);
		else
			printf("screen_bench: kind=%s n=%zu queries_with_hits=%zu hits=%zu p50_ms=%.3f\n",
			       synth_kind_name((enum synth_kind)k), kn[k], kwith[k], khits[k], med);
	}

	/* the sample for pg_trgm, spread over the set */
	size_t ns = o.pg_sample < o.queries ? o.pg_sample : o.queries;
	size_t *sample = malloc(ns * sizeof *sample);
	char(*latin)[SCREEN_NAME_TEXT_MAX] = malloc(ns * sizeof *latin);
	size_t svar = 0, sfound = 0, scross = 0, scross_found = 0;
	size_t stride = 7919;
	if (!sample || !latin)
		die_rc("allocating the sample", -ENOMEM);
	while (gcd(stride, o.queries) != 1)
		stride += 2;
	for (size_t i = 0; i < ns; i++) {
		/* a stride prime to the set's size: every kind, no aliasing with
		 * the period of the kinds */
		sample[i] = (i * stride + 13) % o.queries;
		const struct synth_query *sq = &qs[sample[i]];
		if ((rc = screen_name_normalize(nz, sq->name, &q->person.name)))
			die_rc("normalising a query", rc);
		latin_of(&q->person.name, latin[i], sizeof latin[i]);
		if (sq->target >= 0) {
			svar++;
			sfound += res[sample[i]].rank >= 0;
			if (sq->cross_script) {
				scross++;
				scross_found += res[sample[i]].rank >= 0;
			}
		}
	}
	printf("screen_bench: sample=%zu sample_variants=%zu sample_recall=%.4f "
	       "sample_cross_script=%zu sample_cross_recall=%.4f\n",
	       ns, svar, svar ? (double)sfound / (double)svar : 0, scross,
	       scross ? (double)scross_found / (double)scross : 0);
	if (o.out) {
		FILE *f = open_out(o.out, "pg_truth.tsv");
		for (size_t i = 0; i < ns; i++) {
			const struct synth_query *sq = &qs[sample[i]];
			fprintf(f, "%zu\t%d\t%s\t%d\n", sample[i], (int)sq->target,
				synth_kind_name((enum synth_kind)sq->kind), sq->cross_script);
		}
		if (fclose(f))
			die_rc("writing pg_truth.tsv", -EIO);
		write_pg_script(o.out, "pg_queries.sql", "name", qs, NULL, sample, ns);
		write_pg_script(o.out, "pg_queries_latin.sql", "name_latin", qs, latin, sample, ns);
	}

	free(sample);
	free(latin);
	free(lat);
	free(m);
	free(q);
	free(res);
	free(qs);
	free(names.v);
	free(persons);
	screen_index_free(idx);
	screen_normalizer_free(nz);
	synth_names_free(nm);
	return 0;
}
