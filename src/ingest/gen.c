// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The generator's frame (contract in gen.h): the random number generator,
 * the scales, the countries, the helpers that build rows, the border
 * crossing point rows, and gen_run(), which makes the rest in dependency
 * order through the other gen_*.c files.
 */
#include "ingest/gen_int.h"

#include "core/clock.h"
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- random numbers: splitmix64 seeding xoshiro256** ---- */

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void gen_rng_init(struct gen_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
	uint64_t x = seed;
	x = splitmix(&x) ^ (stream * 0xD1B54A32D192ED03ull);
	x = splitmix(&x) ^ (index * 0xA24BAED4963EE407ull);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t gen_rng_next(struct gen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t gen_rng_below(struct gen_rng *r, uint64_t n)
{
	uint64_t threshold, x;
	if (n == 0)
		return 0;
	threshold = (0 - n) % n;
	do
		x = gen_rng_next(r);
	while (x < threshold);
	return x % n;
}

int64_t gen_rng_range(struct gen_rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)gen_rng_below(r, (uint64_t)(hi - lo) + 1);
}

bool gen_rng_chance(struct gen_rng *r, unsigned per_mille)
{
	return gen_rng_below(r, 1000) < per_mille;
}

size_t gen_rng_pick(struct gen_rng *r, const unsigned *weights, size_t n)
{
	uint64_t total = 0, x;
	for (size_t i = 0; i < n; i++)
		total += weights[i];
	x = gen_rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* ---- scales ---- */

static const char *const scale_names[] = { "small", "medium", "large" };

int gen_scale_parse(const char *name, enum gen_scale *out)
{
	for (int i = 0; i < 3; i++)
		if (name && !strcmp(name, scale_names[i])) {
			*out = (enum gen_scale)i;
			return 0;
		}
	return RICS_E_INVALID;
}

const char *gen_scale_name(enum gen_scale s)
{
	return (unsigned)s < 3 ? scale_names[s] : NULL;
}

void gen_sizes_for(enum gen_scale s, struct gen_sizes *out)
{
	static const struct gen_sizes sizes[] = {
		{ 500, 150, 5000, 30, 15, 2, 30, 50, 30 },
		{ 20000, 4000, 200000, 90, 300, 4, 300, 500, 120 },
		{ 1000000, 100000, 10000000, 365, 5000, 8, 3000, 5000, 180 },
	};
	*out = sizes[(unsigned)s < 3 ? s : 0];
}

int64_t gen_default_start(void)
{
	return rics_days_from_civil(2026, 1, 1);
}

/* ---- streams and countries ---- */

static const char *const stream_names[GEN_NSTREAMS] = {
	"bcps",     "persons",   "documents", "vehicles",   "crossings", "declarations",
	"seizures", "relations", "watchlist", "name_pairs", "paxlst",
};

const char *gen_stream_name(enum gen_stream s)
{
	return (unsigned)s < GEN_NSTREAMS ? stream_names[s] : NULL;
}

bool gen_stream_is_record(enum gen_stream s)
{
	return s >= GEN_BCPS && s <= GEN_WATCHLIST;
}

const struct gen_country gen_countries[NAT_COUNT] = {
	[NAT_KZ] = { "KZ", "KAZ", 300, "KZT" }, [NAT_KG] = { "KG", "KGZ", 360, "KGS" },
	[NAT_TJ] = { "TJ", "TJK", 300, "TJS" }, [NAT_TM] = { "TM", "TKM", 300, "TMT" },
	[NAT_UZ] = { "UZ", "UZB", 300, "UZS" }, [NAT_RU] = { "RU", "RUS", 180, "RUB" },
	[NAT_AF] = { "AF", "AFG", 270, "AFN" },
};

int gen_nat_by_code(const char *code)
{
	for (int i = 0; code && i < NAT_COUNT; i++)
		if (!strcmp(code, gen_countries[i].iso2) || !strcmp(code, gen_countries[i].icao))
			return i;
	return -1;
}

/* ---- rows ---- */

int gen_set_str(json_t *o, const char *key, const char *v)
{
	if (!v || !*v)
		return 0;
	return json_object_set_new(o, key, json_string(v)) ? -ENOMEM : 0;
}

int gen_set_ref(json_t *o, const char *key, char prefix, size_t index)
{
	char ref[32];
	snprintf(ref, sizeof ref, "%c%zu", prefix, index);
	return json_object_set_new(o, key, json_string(ref)) ? -ENOMEM : 0;
}

int gen_set_real(json_t *o, const char *key, double v)
{
	return json_object_set_new(o, key, json_real(v)) ? -ENOMEM : 0;
}

int gen_set_int(json_t *o, const char *key, long long v)
{
	return json_object_set_new(o, key, json_integer((json_int_t)v)) ? -ENOMEM : 0;
}

int gen_emit(struct gen *g, enum gen_stream s, json_t *row)
{
	int rc;
	if (!row)
		return -ENOMEM;
	rc = g->sink->row(g->sink->ctx, s, row);
	json_decref(row);
	if (!rc)
		g->st.rows[s]++;
	return rc;
}

void gen_civil(int64_t days, int *y, int *m, int *d)
{
	/* H. Hinnant's civil_from_days */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void gen_date(int64_t days, char out[11])
{
	char buf[48];
	int y, m, d;
	gen_civil(days, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

void gen_time(int64_t ms, char out[21])
{
	int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
	int64_t s = (ms - days * 86400000) / 1000;
	int y, m, d;
	char buf[80];
	gen_civil(days, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, m, d,
		 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	memcpy(out, buf, 20);
	out[20] = '\0';
}

/* ---- helpers of the contract ---- */

int gen_mrz_name(const char *name, const char *nationality, struct strbuf *out)
{
	int nat = gen_nat_by_code(nationality);
	return gen_translit(name, nat < 0 ? NAT_COUNT : (enum gen_nat)nat, SYS_ICAO, out);
}

bool gen_ref_key(const char *field, char *buf, size_t size)
{
	size_t n = strlen(field);
	bool many = n > 4 && !strcmp(field + n - 4, "_ids");
	size_t stem = many ? n - 4 : n > 3 && !strcmp(field + n - 3, "_id") ? n - 3 : 0;

	if (!stem || size < n + 6)
		return false;
	snprintf(buf, size, "_%.*s_ref%s", (int)stem, field, many ? "s" : "");
	return true;
}

/* "_person_ref" -> "person_id", "_person_refs" -> "person_ids"; false for
 * other keys. */
static bool ref_field(const char *key, char *buf, size_t size, bool *many)
{
	size_t n = strlen(key);
	*many = n > 6 && !strcmp(key + n - 5, "_refs");
	if (key[0] != '_' || (!*many && (n < 6 || strcmp(key + n - 4, "_ref"))))
		return false;
	n -= *many ? 5 : 4;
	if (n < 2 || n + 4 > size)
		return false;
	snprintf(buf, size, "%.*s_id%s", (int)(n - 1), key + 1, *many ? "s" : "");
	return true;
}

static int resolve_one(json_t *ref, const char *(*resolve)(void *, const char *), void *ctx,
		       struct strbuf *why, json_t **out)
{
	const char *id = json_is_string(ref) ? resolve(ctx, json_string_value(ref)) : NULL;
	if (!id) {
		strbuf_addf(why, "refers to '%s', which has no id on the node",
			    json_is_string(ref) ? json_string_value(ref) : "?");
		return RICS_E_NOT_FOUND;
	}
	*out = json_string(id);
	return *out ? 0 : -ENOMEM;
}

static int resolve_value(json_t *v, bool many, const char *(*resolve)(void *, const char *),
			 void *ctx, struct strbuf *why, json_t **out)
{
	json_t *arr, *item, *id;
	size_t i;
	int rc = 0;

	if (!many)
		return resolve_one(v, resolve, ctx, why, out);
	if (!(arr = json_array()))
		return -ENOMEM;
	json_array_foreach(v, i, item) {
		if ((rc = resolve_one(item, resolve, ctx, why, &id)) != 0)
			break;
		if (json_array_append_new(arr, id)) {
			rc = -ENOMEM;
			break;
		}
	}
	if (rc)
		json_decref(arr);
	else
		*out = arr;
	return rc;
}

int gen_row_body(json_t *row, const char *(*resolve)(void *ctx, const char *ref), void *ctx,
		 struct strbuf *why, json_t **out)
{
	json_t *body = json_object(), *v, *id;
	const char *key;
	int rc = body ? 0 : -ENOMEM;

	json_object_foreach(row, key, v) {
		char field[80];
		bool many;
		if (rc)
			break;
		if (key[0] != '_') {
			rc = json_object_set(body, key, v) ? -ENOMEM : 0;
		} else if (ref_field(key, field, sizeof field, &many)) {
			rc = resolve_value(v, many, resolve, ctx, why, &id);
			if (!rc && json_object_set_new(body, field, id))
				rc = -ENOMEM;
		}
	}
	if (rc) {
		json_decref(body);
		return rc;
	}
	*out = body;
	return 0;
}

/* ---- the run ---- */

/* Smooth weighted round robin: nationalities spread evenly over the slots. */
static void spread(const unsigned w[NAT_COUNT], uint8_t slot[GEN_SLOTS],
		   uint8_t pos[NAT_COUNT][GEN_SLOTS], uint8_t npos[NAT_COUNT])
{
	long cur[NAT_COUNT] = { 0 }, total = 0;
	for (int n = 0; n < NAT_COUNT; n++) {
		total += w[n];
		npos[n] = 0;
	}
	for (int i = 0; i < GEN_SLOTS; i++) {
		int best = 0;
		for (int n = 0; n < NAT_COUNT; n++) {
			cur[n] += w[n];
			if (cur[n] > cur[best])
				best = n;
		}
		cur[best] -= total;
		slot[i] = (uint8_t)best;
		pos[best][npos[best]++] = (uint8_t)i;
	}
}

static int emit_bcp(struct gen *g, size_t i)
{
	const struct gen_bcp *b = &g->b->v[i];
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	rc = rc ? rc : gen_set_ref(o, "_ref", 'b', i);
	rc = rc ? rc : gen_set_str(o, "code", b->code);
	rc = rc ? rc : gen_set_str(o, "name", b->name);
	rc = rc ? rc : gen_set_str(o, "name_local", b->name_local);
	rc = rc ? rc : gen_set_str(o, "country", b->country);
	rc = rc ? rc : gen_set_str(o, "neighbour", b->neighbour);
	rc = rc ? rc : gen_set_str(o, "counterpart", b->counterpart);
	rc = rc ? rc : gen_set_str(o, "kind", b->kind);
	if (!rc && b->has_pos)
		rc = gen_set_real(o, "lat", b->lat) || gen_set_real(o, "lon", b->lon) ? -ENOMEM : 0;
	rc = rc ? rc : gen_set_str(o, "status", "open");
	/* the caveats of data/bcps.csv stay with the rows */
	rc = rc ? rc : gen_set_str(o, "_confidence", b->confidence);
	rc = rc ? rc : gen_set_str(o, "_source", b->source);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_BCPS, o);
}

static int check_params(const struct gen_params *p, const struct gen_bcps *bcps)
{
	const struct gen_sizes *s = &p->sizes;
	bool region = false;
	for (size_t i = 0; bcps && i < bcps->n; i++)
		region |= bcps->v[i].nat >= 0 && bcps->v[i].modes != 0;
	if (!bcps || !region || s->persons < 8 || s->persons > 3000000 || s->vehicles < 1 ||
	    s->days < 1 || s->group_max < 2)
		return RICS_E_INVALID;
	return 0;
}

static int gen_setup(struct gen *g, const struct gen_params *p, const struct gen_bcps *bcps,
		     const struct gen_sink *sink)
{
	static const unsigned nat_w[NAT_COUNT] = { 22, 16, 16, 5, 24, 9, 8 };
	static const unsigned veh_w[NAT_COUNT] = { 25, 18, 15, 5, 25, 7, 5 };
	struct gen_rng r;

	memset(g, 0, sizeof *g);
	g->p = p;
	g->sz = &p->sizes;
	g->b = bcps;
	g->sink = sink;
	g->persons = (p->sizes.persons + 3) / 4 * 4;
	g->nblocks = g->persons / 4;
	spread(nat_w, g->nat_slot, g->nat_pos, g->nat_npos);
	spread(veh_w, g->veh_slot, g->veh_pos, g->veh_npos);
	gen_rng_init(&r, p->seed, RS_SALT, 0);
	g->salt_doc = gen_rng_next(&r);
	g->salt_plate = gen_rng_next(&r);
	g->salt_vin = gen_rng_next(&r);
	strbuf_init(&g->sb, 0);
	return gen_days_init(g);
}

static void gen_teardown(struct gen *g)
{
	gen_days_release(g);
	gen_networks_release(g);
	strbuf_release(&g->sb);
}

static int gen_phases(struct gen *g)
{
	int rc = 0;
	for (size_t i = 0; i < g->b->n && !rc; i++)
		rc = emit_bcp(g, i);
	rc = rc ? rc : gen_networks_plan(g);
	rc = rc ? rc : gen_emit_people(g);
	rc = rc ? rc : gen_emit_days(g);
	rc = rc ? rc : gen_emit_relations(g);
	rc = rc ? rc : gen_emit_watchlist(g);
	rc = rc ? rc : gen_emit_pairs(g);
	return rc;
}

int gen_run(const struct gen_params *p, const struct gen_bcps *bcps, const struct gen_sink *sink,
	    struct gen_stats *stats)
{
	struct gen g;
	int rc;

	if (!p || !sink || !sink->row || (p->paxlst && !sink->file))
		return -EINVAL;
	if ((rc = check_params(p, bcps)) != 0)
		return rc;
	rc = gen_setup(&g, p, bcps, sink);
	rc = rc ? rc : gen_phases(&g);
	if (!rc && stats)
		*stats = g.st;
	gen_teardown(&g);
	return rc;
}
