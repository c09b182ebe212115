// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The border crossing points the generator makes crossings at, read from
 * data/bcps.csv (RFC 4180, columns found by their header names). Besides
 * the columns, it works out what each point is for: its modes (road,
 * pedestrian, rail, air, river) from the type column, the counterpart
 * across the border for each mode, and an airport's IATA code from the
 * "(XXX)" in its name. Rows of countries outside the region are kept (they
 * become bcps records) but get no traffic.
 */
#include "ingest/gen_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_FIELDS 32

const char *const gen_mode_names[MODE_COUNT] = { "road", "pedestrian", "rail", "air", "river" };

enum col {
	C_CODE,
	C_NAME,
	C_LOCAL,
	C_COUNTRY,
	C_NEIGHBOUR,
	C_COUNTER,
	C_TYPE,
	C_LAT,
	C_LON,
	C_BROCHURE,
	C_CONFIDENCE,
	C_SOURCE,
	C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"code", "name_en", "name_local", "country",           "neighbour",  "counterpart_code",
	"type", "lat",     "lon",        "named_in_brochure", "confidence", "source",
};

struct csv {
	const char *p, *end;
	unsigned line;
	char *f[CSV_MAX_FIELDS];
	size_t nf;
};

static void csv_clear(struct csv *c)
{
	for (size_t i = 0; i < c->nf; i++)
		rics_free(c->f[i]);
	c->nf = 0;
}

/* One field into sb; *eol when the record ended after it. */
static int csv_field(struct csv *c, struct strbuf *sb, bool *eol)
{
	bool quoted = c->p < c->end && *c->p == '"';
	int rc = 0;

	if (quoted)
		c->p++;
	while (!rc && c->p < c->end) {
		char ch = *c->p;
		if (quoted && ch == '"' && c->p + 1 < c->end && c->p[1] == '"') {
			rc = strbuf_addch(sb, '"');
			c->p += 2;
			continue;
		}
		if (quoted && ch == '"') {
			quoted = false;
			c->p++;
			continue;
		}
		if (!quoted && (ch == ',' || ch == '\n' || ch == '\r'))
			break;
		c->line += ch == '\n';
		rc = strbuf_addch(sb, ch);
		c->p++;
	}
	if (rc)
		return -ENOMEM;
	if (quoted)
		return RICS_E_INVALID;
	*eol = c->p >= c->end || *c->p != ',';
	if (!*eol) {
		c->p++; /* the comma */
		return 0;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n') {
		c->line++;
		c->p++;
	}
	return 0;
}

static int too_many(unsigned line, struct strbuf *err)
{
	strbuf_addf(err, "line %u: more than %d fields", line, CSV_MAX_FIELDS);
	return RICS_E_INVALID;
}

/* The next record into c->f; 0 with nf == 0 at the end. */
static int csv_record(struct csv *c, struct strbuf *err)
{
	struct strbuf sb;
	bool eol = false;
	unsigned first;
	int rc = 0;

	csv_clear(c);
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r'))
		c->line += *c->p++ == '\n';
	if (c->p >= c->end)
		return 0;
	first = c->line;
	strbuf_init(&sb, 1 << 20);
	while (!rc && !eol) {
		strbuf_reset(&sb);
		if ((rc = csv_field(c, &sb, &eol)) == RICS_E_INVALID)
			strbuf_addf(err, "line %u: a quoted field is not closed", first);
		else if (!rc && c->nf == CSV_MAX_FIELDS)
			rc = too_many(first, err);
		else if (!rc && !(c->f[c->nf++] = rics_strdup(sb.buf)))
			rc = -ENOMEM;
	}
	strbuf_release(&sb);
	return rc;
}

static int map_header(struct csv *c, int map[C_COUNT], struct strbuf *err)
{
	for (int k = 0; k < C_COUNT; k++) {
		map[k] = -1;
		for (size_t i = 0; i < c->nf; i++)
			if (!strcmp(c->f[i], col_names[k]))
				map[k] = (int)i;
	}
	for (int k = C_CODE; k <= C_COUNTRY; k++)
		if (map[k] < 0 && k != C_LOCAL) {
			strbuf_addf(err, "line 1: no column '%s' in the header", col_names[k]);
			return RICS_E_INVALID;
		}
	return 0;
}

/* Take field k of the record (NULL when absent), leaving "" behind. */
static char *take(struct csv *c, const int map[C_COUNT], int k)
{
	char *s;
	if (map[k] < 0 || (size_t)map[k] >= c->nf)
		return NULL;
	s = c->f[map[k]];
	c->f[map[k]] = NULL;
	return s;
}

static void bcp_release(struct gen_bcp *b)
{
	rics_free(b->code);
	rics_free(b->name);
	rics_free(b->name_local);
	rics_free(b->country);
	rics_free(b->neighbour);
	rics_free(b->counterpart);
	rics_free(b->kind);
	rics_free(b->confidence);
	rics_free(b->source);
}

static unsigned parse_modes(const char *kind)
{
	unsigned m = 0;
	if (!kind)
		return 0;
	m |= strstr(kind, "road") ? 1u << MODE_ROAD : 0;
	m |= strstr(kind, "pedestrian") ? 1u << MODE_PED : 0;
	m |= strstr(kind, "rail") ? 1u << MODE_RAIL : 0;
	m |= strstr(kind, "air") ? 1u << MODE_AIR : 0;
	m |= strstr(kind, "river") ? 1u << MODE_RIVER : 0;
	return m;
}

static void find_iata(struct gen_bcp *b)
{
	const char *p = b->name ? strrchr(b->name, '(') : NULL;
	b->iata[0] = '\0';
	if (!p || !(b->modes & (1u << MODE_AIR)) || strlen(p) < 5 || p[4] != ')')
		return;
	for (int i = 1; i <= 3; i++)
		if (p[i] < 'A' || p[i] > 'Z')
			return;
	memcpy(b->iata, p + 1, 3);
	b->iata[3] = '\0';
}

static bool valid_country(const char *s)
{
	return s && strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int bcp_fill(struct csv *c, const int map[C_COUNT], unsigned line, struct gen_bcp *b,
		    struct strbuf *err)
{
	char *lat, *lon, *brochure, *end1 = NULL, *end2 = NULL;

	b->code = take(c, map, C_CODE);
	b->name = take(c, map, C_NAME);
	b->name_local = take(c, map, C_LOCAL);
	b->country = take(c, map, C_COUNTRY);
	b->neighbour = take(c, map, C_NEIGHBOUR);
	b->counterpart = take(c, map, C_COUNTER);
	b->kind = take(c, map, C_TYPE);
	b->confidence = take(c, map, C_CONFIDENCE);
	b->source = take(c, map, C_SOURCE);
	lat = take(c, map, C_LAT);
	lon = take(c, map, C_LON);
	brochure = take(c, map, C_BROCHURE);
	if (lat && lon && *lat && *lon) {
		b->lat = strtod(lat, &end1);
		b->lon = strtod(lon, &end2);
		b->has_pos = !*end1 && !*end2 && b->lat >= -90 && b->lat <= 90 && b->lon >= -180 &&
			     b->lon <= 180;
	}
	b->brochure = brochure && !strcmp(brochure, "yes");
	rics_free(lat);
	rics_free(lon);
	rics_free(brochure);
	if (!b->code || !*b->code || strlen(b->code) > 40 || !b->name || !*b->name) {
		strbuf_addf(err, "line %u: a crossing point needs a code (1-40 bytes) and a name",
			    line);
		return RICS_E_INVALID;
	}
	if (!valid_country(b->country)) {
		strbuf_addf(err, "line %u: country '%s' of '%s' is not two capital letters", line,
			    b->country ? b->country : "", b->code);
		return RICS_E_INVALID;
	}
	b->nat = gen_nat_by_code(b->country);
	b->nb_nat = b->neighbour && *b->neighbour ? gen_nat_by_code(b->neighbour) : -1;
	b->modes = parse_modes(b->kind);
	find_iata(b);
	return 0;
}

int gen_bcp_find(const struct gen_bcps *b, const char *code)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].code, code))
			return (int)i;
	return -1;
}

/* Join each point to its counterparts, mode by mode. */
static void link_pairs(struct gen_bcps *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct gen_bcp *b = &t->v[i];
		const char *p = b->counterpart ? b->counterpart : "";
		for (int m = 0; m < MODE_COUNT; m++)
			b->pair[m] = -1;
		while (*p) {
			char code[48];
			size_t n = strcspn(p, ";");
			int j;
			snprintf(code, sizeof code, "%.*s", (int)(n < 47 ? n : 47), p);
			p += n + (p[n] == ';');
			if ((j = gen_bcp_find(t, code)) < 0 || (size_t)j == i)
				continue;
			for (int m = 0; m < MODE_COUNT; m++)
				if (b->pair[m] < 0 && (b->modes & t->v[j].modes & (1u << m)))
					b->pair[m] = j;
		}
	}
}

static int add_row(struct gen_bcps *t, size_t *cap, struct csv *c, const int map[C_COUNT],
		   unsigned line, struct strbuf *err)
{
	int rc;
	if (t->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct gen_bcp *v = rics_realloc(t->v, ncap * sizeof *v);
		if (!v)
			return -ENOMEM;
		t->v = v;
		*cap = ncap;
	}
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	rc = bcp_fill(c, map, line, &t->v[t->n], err);
	t->n++; /* counted either way, so that free releases its strings */
	if (!rc && gen_bcp_find(t, t->v[t->n - 1].code) != (int)t->n - 1) {
		strbuf_addf(err, "line %u: crossing point '%s' is listed twice", line,
			    t->v[t->n - 1].code);
		rc = RICS_E_INVALID;
	}
	return rc;
}

int gen_bcps_parse(const char *csv, size_t len, struct strbuf *err, struct gen_bcps **out)
{
	struct csv c = { .p = csv, .end = csv + len, .line = 1 };
	struct gen_bcps *t = rics_calloc(1, sizeof *t);
	size_t cap = 0;
	int map[C_COUNT], rc;

	if (!t)
		return -ENOMEM;
	if ((rc = csv_record(&c, err)) == 0 && c.nf == 0) {
		strbuf_adds(err, "the file is empty");
		rc = RICS_E_INVALID;
	}
	if (!rc)
		rc = map_header(&c, map, err);
	while (!rc) {
		unsigned line = c.line;
		if ((rc = csv_record(&c, err)) || c.nf == 0)
			break;
		rc = add_row(t, &cap, &c, map, line, err);
	}
	csv_clear(&c);
	if (!rc && t->n == 0) {
		strbuf_adds(err, "no crossing points after the header");
		rc = RICS_E_INVALID;
	}
	if (rc) {
		gen_bcps_free(t);
		return rc;
	}
	link_pairs(t);
	*out = t;
	return 0;
}

void gen_bcps_free(struct gen_bcps *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		bcp_release(&b->v[i]);
	rics_free(b->v);
	rics_free(b);
}

size_t gen_bcps_count(const struct gen_bcps *b)
{
	return b ? b->n : 0;
}
