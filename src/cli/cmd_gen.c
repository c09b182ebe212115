// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics gen: synthetic data for demos, tests and benchmarks, from the
 * generator in src/ingest/gen.h. It writes files (JSONL, CSV, PAXLST, MRZ)
 * into a directory, loads a node through POST /api/v1/{type}/import, or
 * both. The generator streams; this command writes each row as it comes
 * and keeps only one import batch per type and the ids the node gave the
 * persons, documents and vehicles (to resolve the "_..._ref" keys of later
 * rows), so the large scale runs in bounded memory.
 *
 * Loading is idempotent: the node skips rows it already imported, and a
 * duplicate's id is looked up so that the rows referring to it resolve to
 * the same record as the first time.
 */
#include "cli/commands.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "ingest/gen.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
	KEY_SCALE = CLI_KEY_FIRST_FREE,
	KEY_FORMAT,
	KEY_BCPS,
	KEY_START,
	KEY_LOAD,
	KEY_BATCH,
	KEY_ADMIN_TOKEN,
};

enum { F_JSONL = 1, F_CSV = 2, F_PAXLST = 4, F_MRZ = 8 };

/* Import bodies stay under the node's default max_body (1 MiB). */
#define BATCH_BYTES 900000
#define REJECTS_SHOWN 50
/* Reported by the writer or the loader after printing why. */
#define GEN_PRINTED (-ECANCELED)

static const struct cli_option gen_options[] = {
	{ 's', "seed", "N", "the seed: the same seed makes the same data (default 1)" },
	{ KEY_SCALE, "scale", "SCALE", "small (default), medium or large" },
	{ 'o', "out", "DIR", "write the files into DIR (made if missing)" },
	{ KEY_FORMAT, "format", "LIST", "comma-separated: jsonl (default), csv, paxlst, mrz" },
	{ KEY_BCPS, "bcps", "FILE",
	  "the border crossing points (default: ./data/bcps.csv, else the one beside the build)" },
	{ KEY_START, "start", "DATE", "the first day of crossings (default 2026-01-01)" },
	{ KEY_LOAD, "load", NULL, "load the records into the node through its import API" },
	{ KEY_BATCH, "batch", "N", "rows per import request, 1 to 5000 (default 1000)" },
	{ KEY_ADMIN_TOKEN, "admin-token", "TOKEN",
	  "an admin's token, used for the bcps (default: $RICS_ADMIN_TOKEN)" },
	CLI_CLIENT_OPTIONS,
	{ 0, NULL, NULL, NULL },
};

struct gen_args {
	struct client_options co, admin;
	struct gen_params params;
	enum gen_scale scale;
	const char *out, *bcps;
	unsigned formats;
	bool load;
	unsigned long batch;
};

/* ---- arguments ---- */

static int parse_formats(const char *list, unsigned *out)
{
	static const char *const names[] = { "jsonl", "csv", "paxlst", "mrz" };
	unsigned f = 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ","), i;
		for (i = 0; i < 4 && (strlen(names[i]) != n || strncmp(p, names[i], n)); i++)
			;
		if (i == 4)
			return cli_usage_error(&cli_cmd_gen,
					       "format '%.*s' is not one of jsonl, csv, paxlst, mrz",
					       (int)n, p);
		f |= 1u << i;
		p += n + (p[n] == ',');
	}
	if (!f)
		return cli_usage_error(&cli_cmd_gen, "--format names no format");
	*out = f;
	return 0;
}

static int parse_option(struct gen_args *a, int c, const char *arg)
{
	const struct cli_command *cmd = &cli_cmd_gen;
	unsigned long v;
	int rc = 0;

	switch (c) {
	case 's':
		if (!(rc = cli_parse_uint(cmd, "seed", arg, 0, ULONG_MAX, &v)))
			a->params.seed = v;
		break;
	case KEY_SCALE:
		if (gen_scale_parse(arg, &a->scale))
			rc = cli_usage_error(cmd, "scale '%s' is not one of small, medium, large",
					     arg);
		break;
	case 'o': a->out = arg; break;
	case KEY_FORMAT: rc = parse_formats(arg, &a->formats); break;
	case KEY_BCPS: a->bcps = arg; break;
	case KEY_START:
		if (rics_date_parse(arg, &a->params.start_day))
			rc = cli_usage_error(cmd, "start date '%s' is not YYYY-MM-DD", arg);
		break;
	case KEY_LOAD: a->load = true; break;
	case KEY_BATCH: rc = cli_parse_uint(cmd, "batch", arg, 1, 5000, &a->batch); break;
	case KEY_ADMIN_TOKEN: a->admin.token = arg; break;
	case CLI_KEY_URL: a->co.url = a->admin.url = arg; break;
	case CLI_KEY_TOKEN: a->co.token = arg; break;
	}
	return rc;
}

static int parse(int argc, char **argv, struct gen_args *a)
{
	struct cli_parser p;
	bool formats_given;
	int c = 0, rc = 0;

	memset(a, 0, sizeof *a);
	a->params.seed = 1;
	a->params.start_day = gen_default_start();
	a->batch = 1000;
	cli_parser_init(&p, &cli_cmd_gen, argc, argv);
	while (!rc && (c = cli_parser_next(&p)) > 0)
		rc = parse_option(a, c, p.arg);
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_gen, &p, 0, 0, "")) != 0)
		return rc;
	formats_given = a->formats != 0;
	if (!a->out && !a->load)
		return cli_usage_error(&cli_cmd_gen, "give --out DIR, --load, or both");
	if (formats_given && !a->out)
		return cli_usage_error(&cli_cmd_gen, "--format needs --out DIR");
	if (!a->formats)
		a->formats = F_JSONL;
	if (!a->admin.token)
		a->admin.token = getenv("RICS_ADMIN_TOKEN");
	gen_sizes_for(a->scale, &a->params.sizes);
	a->params.paxlst = a->out && (a->formats & F_PAXLST);
	return 0;
}

/* ---- the crossing points ---- */

static int slurp(const char *path, struct strbuf *out)
{
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	if (!f)
		return -errno;
	while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
		rc = strbuf_add(out, buf, n) ? RICS_E_TOO_LARGE : 0;
	if (!rc && ferror(f))
		rc = -EIO;
	fclose(f);
	return rc;
}

/* --bcps, else ./data/bcps.csv, else data/bcps.csv of the tree the binary
 * was built in (build/rics -> data/), else an installed copy. */
static int bcps_path(const char *given, struct strbuf *path)
{
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (given)
		return strbuf_adds(path, given);
	if (access("data/bcps.csv", R_OK) == 0)
		return strbuf_adds(path, "data/bcps.csv");
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if (strbuf_addf(path, "%s/../data/bcps.csv", exe))
			return -ENOMEM;
		if (access(path->buf, R_OK) == 0)
			return 0;
		strbuf_reset(path);
		if (strbuf_addf(path, "%s/../share/rics/bcps.csv", exe))
			return -ENOMEM;
		if (access(path->buf, R_OK) == 0)
			return 0;
		strbuf_reset(path);
	}
	return strbuf_adds(path, "data/bcps.csv");
}

static int load_bcps(const char *given, struct gen_bcps **out)
{
	struct strbuf path, text, err;
	int rc;

	strbuf_init(&path, 0);
	strbuf_init(&text, 16 << 20);
	strbuf_init(&err, 4096);
	rc = bcps_path(given, &path);
	if (!rc && (rc = slurp(path.buf, &text)) != 0)
		cli_error("cannot read crossing points '%s': %s", path.buf,
			  rc == RICS_E_TOO_LARGE ? "larger than 16 MiB" : strerror(-rc));
	else if (!rc && (rc = gen_bcps_parse(text.buf, text.len, &err, out)) != 0)
		cli_error("bad crossing points file '%s': %s", path.buf,
			  err.len ? err.buf : rics_strerror(rc));
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&err);
	return rc ? CLI_FAILED : 0;
}

/* ---- files ---- */

struct outfile {
	FILE *f;
	char *tmp, *path;
};

struct writer {
	const char *dir;
	unsigned formats;
	struct outfile jsonl[GEN_NSTREAMS], csv[GEN_NSTREAMS], mrz;
	const struct record_type *types[GEN_NSTREAMS];
	size_t mrz_count;
	char *buf;
	size_t bufsize;
	struct strbuf line;
};

static int writer_fail(const char *what, const char *path)
{
	cli_error("cannot %s '%s': %s", what, path, strerror(errno));
	return GEN_PRINTED;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	return writer_fail("make directory", path);
}

static int outfile_open(struct outfile *o, const char *dir, const char *name)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	if (strbuf_addf(&sb, "%s/%s", dir, name))
		goto oom;
	o->path = strbuf_detach(&sb, NULL);
	if (strbuf_addf(&sb, "%s/.%s.tmp", dir, name))
		goto oom;
	o->tmp = strbuf_detach(&sb, NULL);
	if (!(o->f = fopen(o->tmp, "w")))
		return writer_fail("write", o->tmp);
	return 0;
oom:
	strbuf_release(&sb);
	cli_error("out of memory");
	return GEN_PRINTED;
}

/* Close, and rename into place when keep (else remove). */
static int outfile_close(struct outfile *o, bool keep)
{
	int rc = 0;
	if (o->f && fclose(o->f) != 0 && keep)
		rc = writer_fail("write", o->tmp);
	if (o->tmp && (!keep || rc))
		unlink(o->tmp);
	else if (o->tmp && rename(o->tmp, o->path) != 0)
		rc = writer_fail("rename into", o->path);
	rics_free(o->tmp);
	rics_free(o->path);
	memset(o, 0, sizeof *o);
	return rc;
}

static int csv_header(struct writer *w, enum gen_stream s);

static int writer_open(struct writer *w, const char *dir, unsigned formats)
{
	char name[64];
	int rc;

	memset(w, 0, sizeof *w);
	w->dir = dir;
	w->formats = formats;
	strbuf_init(&w->line, 0);
	if ((rc = make_dir(dir)) != 0)
		return rc;
	if ((formats & F_PAXLST) &&
	    (strbuf_addf(&w->line, "%s/paxlst", dir) || (rc = make_dir(w->line.buf)) != 0))
		return rc ? rc : GEN_PRINTED;
	strbuf_reset(&w->line);
	for (int s = 0; s < GEN_PAXLST && !rc; s++) {
		w->types[s] = gen_stream_is_record(s) ? model_type_by_plural(gen_stream_name(s)) :
							NULL;
		snprintf(name, sizeof name, "%s.jsonl", gen_stream_name(s));
		if (formats & F_JSONL)
			rc = outfile_open(&w->jsonl[s], dir, name);
		snprintf(name, sizeof name, "%s.csv", gen_stream_name(s));
		if (!rc && (formats & F_CSV) && w->types[s] &&
		    !(rc = outfile_open(&w->csv[s], dir, name)))
			rc = csv_header(w, s);
	}
	if (!rc && (formats & F_MRZ))
		rc = outfile_open(&w->mrz, dir, "mrz.txt");
	return rc;
}

static int writer_close(struct writer *w, bool keep)
{
	int rc = 0;
	for (int s = 0; s < GEN_NSTREAMS; s++) {
		int a = outfile_close(&w->jsonl[s], keep), b = outfile_close(&w->csv[s], keep);
		rc = rc ? rc : a ? a : b;
	}
	rc = rc ? rc : outfile_close(&w->mrz, keep);
	rics_free(w->buf);
	strbuf_release(&w->line);
	return rc;
}

static int put_line(struct outfile *o, const char *text, size_t len)
{
	if (fwrite(text, 1, len, o->f) != len || fputc('\n', o->f) == EOF)
		return writer_fail("write", o->tmp);
	return 0;
}

static int write_jsonl(struct writer *w, enum gen_stream s, json_t *row)
{
	size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(15);
	size_t n = json_dumpb(row, w->buf, w->bufsize, flags);
	if (n > w->bufsize) {
		char *b = rics_realloc(w->buf, n * 2);
		if (!b) {
			cli_error("out of memory");
			return GEN_PRINTED;
		}
		w->buf = b;
		w->bufsize = n * 2;
		n = json_dumpb(row, w->buf, w->bufsize, flags);
	}
	return put_line(&w->jsonl[s], w->buf, n);
}

/* ---- CSV ---- */

/* The CSV column of a field: references as their "_..._ref(s)" keys. */
static const char *column(const struct field_desc *f, char *buf, size_t size)
{
	if ((f->kind == FK_ID || f->kind == FK_ID_LIST) && gen_ref_key(f->name, buf, size))
		return buf;
	return f->name;
}

static const char *const common_columns[] = { "classification",      "reliability",
					      "assessment",          "releasable_countries",
					      "releasable_agencies", NULL };

static int csv_field(struct strbuf *sb, const char *s)
{
	bool quote = strpbrk(s, ",\"\n\r") != NULL;
	int rc = quote ? strbuf_addch(sb, '"') : 0;
	for (const char *p = s; *p && !rc; p++)
		rc = *p == '"' ? strbuf_adds(sb, "\"\"") : strbuf_addch(sb, *p);
	return rc || (quote && strbuf_addch(sb, '"')) ? -ENOMEM : 0;
}

static int csv_value(struct strbuf *sb, json_t *v)
{
	char num[64];
	size_t i;
	json_t *item;
	struct strbuf list;
	int rc = 0;

	if (json_is_string(v))
		return csv_field(sb, json_string_value(v));
	if (json_is_integer(v))
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(num, sizeof num, "%.15g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(num, sizeof num, "%s", json_is_true(v) ? "true" : "false");
	else if (!json_is_array(v))
		return 0;
	if (!json_is_array(v))
		return strbuf_adds(sb, num) ? -ENOMEM : 0;
	/* lists joined with ';', as data/bcps.csv does */
	strbuf_init(&list, 0);
	json_array_foreach(v, i, item)
		if (!rc && json_is_string(item))
			rc = (i && strbuf_addch(&list, ';')) ||
					     strbuf_adds(&list, json_string_value(item)) ?
				     -ENOMEM :
				     0;
	rc = rc ? rc : csv_field(sb, list.buf);
	strbuf_release(&list);
	return rc;
}

/* Calls fn for each column name of stream s, in order. */
static int csv_columns(const struct writer *w, enum gen_stream s,
		       int (*fn)(void *ctx, const char *col), void *ctx)
{
	const struct record_type *t = w->types[s];
	char buf[80];
	int rc = fn(ctx, "_ref");

	for (size_t i = 0; i < t->nfields && !rc; i++)
		rc = fn(ctx, column(&t->fields[i], buf, sizeof buf));
	for (size_t i = 0; common_columns[i] && !rc; i++)
		rc = fn(ctx, common_columns[i]);
	if (!rc && s == GEN_BCPS)
		rc = fn(ctx, "_confidence") || fn(ctx, "_source");
	if (!rc && s == GEN_WATCHLIST)
		rc = fn(ctx, "_subject");
	return rc;
}

struct csv_ctx {
	struct strbuf *sb;
	json_t *row; /* NULL: the header */
	bool first;
};

static int csv_cell(void *ctx, const char *col)
{
	struct csv_ctx *c = ctx;
	int rc = c->first ? 0 : strbuf_addch(c->sb, ',');
	c->first = false;
	if (rc)
		return -ENOMEM;
	return c->row ? csv_value(c->sb, json_object_get(c->row, col)) : csv_field(c->sb, col);
}

static int csv_line(struct writer *w, enum gen_stream s, json_t *row)
{
	struct csv_ctx c = { &w->line, row, true };
	int rc;
	strbuf_reset(&w->line);
	if ((rc = csv_columns(w, s, csv_cell, &c)) != 0) {
		cli_error("out of memory");
		return GEN_PRINTED;
	}
	return put_line(&w->csv[s], w->line.buf, w->line.len);
}

static int csv_header(struct writer *w, enum gen_stream s)
{
	return csv_line(w, s, NULL);
}

static int write_mrz(struct writer *w, json_t *row)
{
	const char *mrz = json_string_value(json_object_get(row, "mrz"));
	if (!mrz)
		return 0;
	if (w->mrz_count++ && fputc('\n', w->mrz.f) == EOF)
		return writer_fail("write", w->mrz.tmp);
	return put_line(&w->mrz, mrz, strlen(mrz));
}

static int writer_row(struct writer *w, enum gen_stream s, json_t *row)
{
	int rc = 0;
	if (w->jsonl[s].f)
		rc = write_jsonl(w, s, row);
	if (!rc && w->csv[s].f)
		rc = csv_line(w, s, row);
	if (!rc && w->mrz.f && s == GEN_DOCUMENTS)
		rc = write_mrz(w, row);
	return rc;
}

static int writer_file(struct writer *w, const char *name, const char *data, size_t len)
{
	FILE *f;
	strbuf_reset(&w->line);
	if (strbuf_addf(&w->line, "%s/paxlst/%s", w->dir, name)) {
		cli_error("out of memory");
		return GEN_PRINTED;
	}
	if (!(f = fopen(w->line.buf, "w")))
		return writer_fail("write", w->line.buf);
	if (fwrite(data, 1, len, f) != len || fputc('\n', f) == EOF) {
		fclose(f);
		return writer_fail("write", w->line.buf);
	}
	return fclose(f) ? writer_fail("write", w->line.buf) : 0;
}

/* ---- loading ---- */

struct idmap {
	unsigned char (*v)[16];
	size_t n;
};

struct tally {
	size_t created, duplicates, rejected, skipped, shown;
	bool refused;
};

struct pending {
	json_t *bodies, *refs;
	size_t bytes;
};

struct loader {
	struct client *c, *admin;
	size_t batch;
	struct pending p[GEN_NSTREAMS];
	struct tally t[GEN_NSTREAMS];
	struct idmap map[3]; /* persons, documents, vehicles */
	size_t total[GEN_NSTREAMS], sent[GEN_NSTREAMS];
	bool progress;
	char id[40];
	struct strbuf sb;
};

static int map_index(char prefix)
{
	return prefix == 'p' ? 0 : prefix == 'd' ? 1 : prefix == 'v' ? 2 : -1;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 :
				      -1;
}

static bool uuid_parse(const char *s, unsigned char out[16])
{
	size_t k = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '-')
			continue;
		if (k == 32 || hexval(*p) < 0)
			return false;
		if (k % 2 == 0)
			out[k / 2] = (unsigned char)(hexval(*p) << 4);
		else
			out[k / 2] |= (unsigned char)hexval(*p);
		k++;
	}
	return k == 32;
}

static void uuid_format(const unsigned char v[16], char out[40])
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[v[i] >> 4];
		out[k++] = hex[v[i] & 15];
	}
	out[k] = '\0';
}

/* "p12" -> map 0, index 12. */
static bool ref_parse(const char *ref, int *map, size_t *index)
{
	char *end;
	unsigned long long v;
	if (!ref || (*map = map_index(ref[0])) < 0 || ref[1] < '0' || ref[1] > '9')
		return false;
	errno = 0;
	v = strtoull(ref + 1, &end, 10);
	*index = (size_t)v;
	return !errno && !*end && v < (1ull << 40);
}

static int map_set(struct loader *l, const char *ref, const char *id)
{
	struct idmap *m;
	size_t i;
	int k;

	if (!ref_parse(ref, &k, &i))
		return 0;
	m = &l->map[k];
	if (i >= m->n) {
		size_t n = i + 1 > m->n * 2 ? i + 1 : m->n * 2;
		unsigned char(*v)[16] = rics_realloc(m->v, n * sizeof *v);
		if (!v)
			return -ENOMEM;
		memset(v + m->n, 0, (n - m->n) * sizeof *v);
		m->v = v;
		m->n = n;
	}
	return uuid_parse(id, m->v[i]) ? 0 : RICS_E_INVALID;
}

static const char *resolve(void *ctx, const char *ref)
{
	static const unsigned char zero[16];
	struct loader *l = ctx;
	size_t i;
	int k;

	if (!ref_parse(ref, &k, &i) || i >= l->map[k].n || !memcmp(l->map[k].v[i], zero, 16))
		return NULL;
	uuid_format(l->map[k].v[i], l->id);
	return l->id;
}

static const char *type_name(enum gen_stream s)
{
	return gen_stream_name(s);
}

static void progress(struct loader *l, enum gen_stream s)
{
	if (!l->progress)
		return;
	if (l->total[s])
		fprintf(stderr, "\r%-13s %zu/%zu        ", type_name(s), l->sent[s], l->total[s]);
	else
		fprintf(stderr, "\r%-13s %zu                ", type_name(s), l->sent[s]);
	fflush(stderr);
}

static void reject(struct loader *l, enum gen_stream s, const char *ref, const char *why)
{
	struct tally *t = &l->t[s];
	t->rejected++;
	if (t->shown++ < REJECTS_SHOWN) {
		if (l->progress)
			fputc('\n', stderr);
		cli_error("%s row '%s' rejected: %s", type_name(s), ref ? ref : "?", why);
	} else if (t->shown == REJECTS_SHOWN + 1) {
		cli_error("more %s rows rejected: only the first %d are shown", type_name(s),
			  REJECTS_SHOWN);
	}
}

/* The stored record a duplicate row matches: the first listed under the
 * row's filter fields whose fields all equal the row's. */
static int find_query(struct loader *l, enum gen_stream s, json_t *body)
{
	const struct record_type *t = model_type_by_plural(type_name(s));
	int rc = strbuf_addf(&l->sb, "/api/v1/%s?limit=100", t->plural);

	if (!rc && s == GEN_PERSONS && json_is_string(json_object_get(body, "surname")))
		rc = strbuf_adds(&l->sb, "&name=") ||
		     client_escape(&l->sb, json_string_value(json_object_get(body, "surname")));
	for (size_t i = 0; i < t->nfields && !rc; i++) {
		json_t *v = json_object_get(body, t->fields[i].name);
		if ((t->fields[i].flags & FF_FILTER) && json_is_string(v))
			rc = strbuf_addf(&l->sb, "&%s=", t->fields[i].name) ||
			     client_escape(&l->sb, json_string_value(v));
	}
	return rc ? -ENOMEM : 0;
}

static bool same_record(json_t *body, json_t *rec)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
		if (!json_equal(v, json_object_get(rec, key)))
			return false;
	return true;
}

static int find_existing(struct loader *l, enum gen_stream s, json_t *body, const char *ref)
{
	json_t *ans = NULL, *item;
	size_t i;
	int rc;

	strbuf_reset(&l->sb);
	if ((rc = find_query(l, s, body)) != 0)
		return rc;
	rc = client_call(s == GEN_BCPS && l->admin ? l->admin : l->c, "GET", l->sb.buf, NULL, &ans);
	if (rc) {
		cli_error("cannot look up the stored %s of '%s': %s", type_name(s), ref,
			  client_error(l->c));
		return GEN_PRINTED;
	}
	rc = RICS_E_NOT_FOUND;
	json_array_foreach(json_object_get(ans, "items"), i, item)
		if (rc && same_record(body, item))
			rc = map_set(l, ref, json_string_value(json_object_get(item, "id")));
	json_decref(ans);
	return rc;
}

static bool referenced(enum gen_stream s)
{
	return s == GEN_PERSONS || s == GEN_DOCUMENTS || s == GEN_VEHICLES;
}

static int take_result(struct loader *l, enum gen_stream s, json_t *res, json_t *body,
		       const char *ref)
{
	const char *status = json_string_value(json_object_get(res, "status"));
	const char *id = json_string_value(json_object_get(res, "id"));
	int rc = 0;

	if (status && !strcmp(status, "created")) {
		l->t[s].created++;
		return id ? map_set(l, ref, id) : 0;
	}
	if (status && !strcmp(status, "duplicate")) {
		l->t[s].duplicates++;
		if (id)
			return map_set(l, ref, id);
		if (referenced(s) && (rc = find_existing(l, s, body, ref)) == RICS_E_NOT_FOUND) {
			l->t[s].duplicates--;
			reject(l, s, ref,
			       "the node calls it a duplicate, but lists no such record");
			rc = 0;
		}
		return rc;
	}
	reject(l, s, ref,
	       json_string_value(json_object_get(res, "detail")) ?
		       json_string_value(json_object_get(res, "detail")) :
		       "no reason given");
	return 0;
}

static json_t *slice(json_t *arr, size_t from, size_t n)
{
	json_t *out = json_array();
	for (size_t i = from; out && i < from + n; i++)
		if (json_array_append(out, json_array_get(arr, i))) {
			json_decref(out);
			return NULL;
		}
	return out;
}

static int post(struct loader *l, enum gen_stream s, size_t from, size_t n);

static int post_failed(struct loader *l, enum gen_stream s, struct client *c, size_t from, size_t n)
{
	long status = client_status(c);
	if (status == 413 && n > 1)
		return post(l, s, from, n / 2) || post(l, s, from + n / 2, n - n / 2) ?
			       GEN_PRINTED :
			       0;
	if (status == 403) {
		if (!l->t[s].refused) {
			if (l->progress)
				fputc('\n', stderr);
			cli_error("skipped %s: %s (%s)", type_name(s), client_error(c),
				  s == GEN_BCPS ? "bcps need an admin: --admin-token" :
						  "relations and watchlist need a supervisor");
		}
		l->t[s].refused = true;
		l->t[s].skipped += n;
		return 0;
	}
	if (l->progress)
		fputc('\n', stderr);
	cli_error("cannot import %s: %s", type_name(s), client_error(c));
	return GEN_PRINTED;
}

static int post(struct loader *l, enum gen_stream s, size_t from, size_t n)
{
	struct client *c = s == GEN_BCPS && l->admin ? l->admin : l->c;
	json_t *rows = slice(l->p[s].bodies, from, n), *body, *ans = NULL, *results;
	char path[80];
	int rc;

	body = rows ? json_pack("{so}", "rows", rows) : NULL;
	if (!body) {
		cli_error("out of memory");
		return GEN_PRINTED;
	}
	snprintf(path, sizeof path, "/api/v1/%s/import", type_name(s));
	rc = client_call(c, "POST", path, body, &ans);
	json_decref(body);
	if (rc)
		return post_failed(l, s, c, from, n);
	results = json_object_get(ans, "results");
	for (size_t i = 0; i < n && !rc; i++)
		rc = take_result(l, s, json_array_get(results, i),
				 json_array_get(l->p[s].bodies, from + i),
				 json_string_value(json_array_get(l->p[s].refs, from + i)));
	json_decref(ans);
	l->sent[s] += n;
	progress(l, s);
	if (rc == -ENOMEM) {
		cli_error("out of memory");
		rc = GEN_PRINTED;
	}
	return rc;
}

static int flush(struct loader *l, enum gen_stream s)
{
	struct pending *p = &l->p[s];
	size_t n = json_array_size(p->bodies);
	int rc = n ? post(l, s, 0, n) : 0;
	json_array_clear(p->bodies);
	json_array_clear(p->refs);
	p->bytes = 0;
	return rc;
}

static int loader_row(struct loader *l, enum gen_stream s, json_t *row)
{
	const char *ref = json_string_value(json_object_get(row, "_ref"));
	struct pending *p = &l->p[s];
	json_t *body = NULL;
	int rc = 0;

	/* what this row may refer to is stored first */
	for (int t = GEN_BCPS; t < (int)s && t <= GEN_VEHICLES && !rc; t++)
		rc = flush(l, (enum gen_stream)t);
	if (rc)
		return rc;
	if (l->t[s].refused) {
		l->t[s].skipped++;
		return 0;
	}
	strbuf_reset(&l->sb);
	rc = gen_row_body(row, resolve, l, &l->sb, &body);
	if (rc == RICS_E_NOT_FOUND) {
		reject(l, s, ref, l->sb.buf);
		return 0;
	}
	if (rc || json_array_append_new(p->bodies, body) ||
	    json_array_append_new(p->refs, json_string(ref ? ref : "?"))) {
		cli_error("out of memory");
		return GEN_PRINTED;
	}
	p->bytes += json_dumpb(body, NULL, 0, JSON_COMPACT) + 1;
	if (json_array_size(p->bodies) >= l->batch || p->bytes >= BATCH_BYTES)
		rc = flush(l, s);
	return rc;
}

static int loader_open(struct loader *l, const struct gen_args *a)
{
	memset(l, 0, sizeof *l);
	strbuf_init(&l->sb, 0);
	l->batch = a->batch;
	l->progress = isatty(STDERR_FILENO);
	l->total[GEN_PERSONS] = (a->params.sizes.persons + 3) / 4 * 4;
	l->total[GEN_VEHICLES] = a->params.sizes.vehicles;
	l->total[GEN_CROSSINGS] = a->params.sizes.crossings;
	for (int s = 0; s < GEN_NSTREAMS; s++)
		if (!(l->p[s].bodies = json_array()) || !(l->p[s].refs = json_array()))
			return cli_error("out of memory");
	if (cli_connect(&a->co, &l->c))
		return CLI_FAILED;
	if (a->admin.token && cli_connect(&a->admin, &l->admin))
		return CLI_FAILED;
	return 0;
}

static int loader_finish(struct loader *l)
{
	int rc = 0;
	for (int s = 0; s < GEN_NSTREAMS && !rc; s++)
		rc = flush(l, (enum gen_stream)s);
	if (l->progress)
		fputs("\r                                            \r", stderr);
	return rc;
}

static void loader_close(struct loader *l)
{
	for (int s = 0; s < GEN_NSTREAMS; s++) {
		json_decref(l->p[s].bodies);
		json_decref(l->p[s].refs);
	}
	for (int k = 0; k < 3; k++)
		rics_free(l->map[k].v);
	client_free(l->c);
	client_free(l->admin);
	strbuf_release(&l->sb);
}

/* ---- the run ---- */

struct run {
	struct writer *w;
	struct loader *l;
};

static int sink_row(void *ctx, enum gen_stream s, json_t *row)
{
	struct run *r = ctx;
	int rc = r->w ? writer_row(r->w, s, row) : 0;
	if (!rc && r->l && gen_stream_is_record(s))
		rc = loader_row(r->l, s, row);
	return rc;
}

static int sink_file(void *ctx, enum gen_stream s, const char *name, const char *data, size_t len)
{
	struct run *r = ctx;
	(void)s;
	return r->w ? writer_file(r->w, name, data, len) : 0;
}

static json_t *summary_row(enum gen_stream s, const struct gen_stats *st, const struct loader *l)
{
	char gen[32], c[32], d[32], rj[32];
	const struct tally *t = l ? &l->t[s] : NULL;

	snprintf(gen, sizeof gen, "%zu", st->rows[s]);
	if (!t)
		return json_pack("[ss]", gen_stream_name(s), gen);
	snprintf(c, sizeof c, "%zu", t->created);
	snprintf(d, sizeof d, "%zu", t->duplicates);
	if (t->refused)
		snprintf(rj, sizeof rj, "%zu (%zu skipped)", t->rejected, t->skipped);
	else
		snprintf(rj, sizeof rj, "%zu", t->rejected);
	return json_pack("[ssss s]", gen_stream_name(s), gen, c, d, rj);
}

static void summary(const struct gen_stats *st, const struct loader *l, double secs)
{
	json_t *rows = l ? json_pack("[[sssss]]", "type", "generated", "created", "duplicates",
				     "rejected") :
			   json_pack("[[ss]]", "file", "rows");
	size_t loaded = 0;

	for (int s = 0; rows && s < GEN_NSTREAMS; s++) {
		if (l && !gen_stream_is_record(s))
			continue;
		json_array_append_new(rows, summary_row(s, st, l));
		if (l)
			loaded += l->t[s].created + l->t[s].duplicates + l->t[s].rejected;
	}
	if (rows)
		cli_table_print(stdout, rows);
	json_decref(rows);
	if (l)
		printf("loaded %zu rows in %.1f s (%.0f rows/s)\n", loaded, secs,
		       secs > 0 ? (double)loaded / secs : 0.0);
	else
		printf("%zu networks planted (%zu persons), %zu flights, %zu declarations above "
		       "10,000 USD, made in %.1f s\n",
		       st->networks, st->network_members, st->flights, st->declarations_above,
		       secs);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool any_failed(const struct loader *l)
{
	for (int s = 0; l && s < GEN_NSTREAMS; s++)
		if (l->t[s].rejected || l->t[s].refused)
			return true;
	return false;
}

static int generate(const struct gen_args *a, struct gen_bcps *bcps, struct run *r,
		    struct gen_stats *st)
{
	struct gen_sink sink = { sink_row, sink_file, r };
	int rc = gen_run(&a->params, bcps, &sink, st);

	if (!rc && r->l)
		rc = loader_finish(r->l);
	if (rc && rc != GEN_PRINTED)
		cli_error("cannot generate the data: %s",
			  rc == RICS_E_INVALID ? "the crossing points include none of the region" :
						 rics_strerror(rc));
	return rc;
}

static int run_gen(int argc, char **argv)
{
	struct gen_args a;
	struct gen_bcps *bcps = NULL;
	struct writer w;
	struct loader l;
	struct run r = { NULL, NULL };
	struct gen_stats st = { { 0 }, 0, 0, 0, 0, 0, 0 };
	double t0 = now_seconds();
	int rc = parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	if ((rc = load_bcps(a.bcps, &bcps)) != 0)
		return rc;
	/* both set up their structs first, so closing is right after a failure */
	if (a.out) {
		rc = writer_open(&w, a.out, a.formats);
		r.w = &w;
	}
	if (!rc && a.load) {
		rc = loader_open(&l, &a) ? GEN_PRINTED : 0;
		r.l = &l;
	}
	rc = rc ? rc : generate(&a, bcps, &r, &st);
	if (r.w) {
		int wc = writer_close(&w, !rc);
		rc = rc ? rc : wc;
	}
	if (!rc)
		summary(&st, r.l, now_seconds() - t0);
	if (!rc && any_failed(r.l))
		rc = CLI_FAILED;
	if (r.l)
		loader_close(&l);
	gen_bcps_free(bcps);
	return rc ? CLI_FAILED : CLI_OK;
}

const struct cli_command cli_cmd_gen = {
	.name = "gen",
	.summary = "make synthetic data: files, or records loaded into a node",
	.usage =
		"rics gen [--seed N] [--scale small|medium|large] --out DIR [--format LIST]\n"
		"rics gen [--seed N] [--scale small|medium|large] --load [--url URL] [--token TOKEN]\n"
		"    [--admin-token TOKEN] [--batch N]",
	.description =
		"Make the synthetic data every demo, test and benchmark of RICS uses: border\n"
		"crossing points (from data/bcps.csv), persons with Kazakh, Kyrgyz, Tajik,\n"
		"Turkmen, Uzbek, Russian and Afghan names written as their documents write them,\n"
		"passports and identity cards with valid MRZs, vehicles with each country's\n"
		"plates, crossings with daily and weekly rhythms and groups travelling\n"
		"together, currency declarations, drug seizures, planted trafficking networks\n"
		"with their relations, watchlist entries, and labelled name pairs for\n"
		"screening tests. No real person's data: names are combinations from lists.\n"
		"The same seed gives the same bytes. Scales: small (500 persons, 5,000\n"
		"crossings), medium (20,000 and 200,000), large (1,000,000 and 10,000,000).\n"
		"\n"
		"--out writes DIR/<type>.jsonl for bcps, persons, documents, vehicles,\n"
		"crossings, declarations, seizures, relations, watchlist and name_pairs.\n"
		"Rows are API bodies plus keys starting with '_': \"_ref\" is the record's key\n"
		"in the generator (\"p12\") and references are \"_person_ref\", \"_vehicle_refs\",\n"
		"\"_from_ref\" ... holding such keys. --format csv adds <type>.csv (lists joined\n"
		"with ';'), paxlst adds paxlst/*.edi (one UN/EDIFACT PAXLST per flight), mrz\n"
		"adds mrz.txt (one MRZ per document, blank-line separated).\n"
		"\n"
		"--load posts the records to POST /api/v1/{type}/import in batches, in\n"
		"dependency order, and maps each \"_ref\" to the id the node gives it. Loading\n"
		"twice adds nothing: the second run finds every row a duplicate. Roles: bcps\n"
		"need an admin (--admin-token or $RICS_ADMIN_TOKEN); relations and watchlist\n"
		"a supervisor; the other types an officer or supervisor. Run it with a\n"
		"supervisor's token plus an admin's; a type the node refuses is skipped with a\n"
		"message. The planted networks' relations, watchlist entries and seizures are\n"
		"RESTRICTED: the tokens need that clearance. Rejected rows are printed with\n"
		"the node's reason; the exit status is 1 if any row was rejected or any type\n"
		"skipped.",
	.options = gen_options,
	.examples = "rics gen --seed 7 --out demo\n"
		    "rics gen --seed 7 --scale medium --out demo --format jsonl,csv,paxlst,mrz\n"
		    "rics gen --seed 7 --load --url http://127.0.0.1:8080 --token $SUPERVISOR \\\n"
		    "    --admin-token $ADMIN",
	.run = run_gen,
};
