// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Flights at the airports of the BCP table and their passenger manifests:
 * one UN/EDIFACT PAXLST interchange per flight (UNA, UNB, UNG, one UNH
 * message with the segments src/ingest/paxlst.c reads: BGM, RFF, NAD+MS,
 * TDT, LOC+125/87 with DTM+189/232, and per passenger NAD+FL, ATT, DTM+329,
 * LOC+178/179, NAT, RFF+AVF, DOC, DTM+36, LOC+91; CNT+42; UNT, UNE, UNZ).
 * Times are each airport's local time, as PAXLST gives them. A flight
 * crosses no border unless the other airport is abroad, so domestic routes
 * are never drawn.
 */
#include "ingest/gen_int.h"

#include "core/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MINUTE 60000ll

struct route {
	const char *carrier;
	unsigned lo, hi;     /* flight numbers */
	const char *airport; /* IATA */
	const char *country; /* ISO alpha-2 */
	int offset;          /* minutes from UTC */
	int minutes;         /* flight time */
};

static const struct route routes[] = {
	{ "SU", 1870, 1899, "SVO", "RU", 180, 240 }, { "S7", 3700, 3799, "OVB", "RU", 420, 150 },
	{ "TK", 350, 369, "IST", "TR", 180, 330 },   { "FZ", 1700, 1799, "DXB", "AE", 240, 210 },
	{ "KC", 100, 199, "ALA", "KZ", 300, 90 },    { "KC", 900, 999, "NQZ", "KZ", 300, 120 },
	{ "DV", 700, 799, "SCO", "KZ", 300, 150 },   { "HY", 700, 799, "TAS", "UZ", 300, 90 },
	{ "QH", 100, 199, "FRU", "KG", 360, 90 },    { "SZ", 200, 299, "DYU", "TJ", 300, 100 },
	{ "T5", 700, 799, "ASB", "TM", 300, 120 },   { "OZ", 577, 578, "ICN", "KR", 540, 420 },
	{ "CZ", 6000, 6099, "URC", "CN", 480, 150 }, { "LH", 640, 649, "FRA", "DE", 60, 390 },
	{ "AI", 140, 149, "DEL", "IN", 330, 180 },   { "FG", 300, 399, "KBL", "AF", 270, 120 },
};

#define NROUTES (sizeof routes / sizeof *routes)

int gen_flight_plan(struct gen *g, struct gen_rng *r, int bcp, bool arriving, int64_t day_ms,
		    struct gen_flight *f)
{
	static const unsigned hour_w[24] = { 30, 40, 40, 30, 20, 20, 40, 60, 80, 80, 70, 60,
					     60, 60, 60, 60, 70, 80, 80, 70, 60, 50, 40, 30 };
	const struct gen_bcp *b = &g->b->v[bcp];
	const struct route *rt = NULL;
	int64_t local;

	for (int tries = 0; tries < 64 && !rt; tries++) {
		const struct route *c = &routes[gen_rng_below(r, NROUTES)];
		if (strcmp(c->country, b->country) && strcmp(c->airport, b->iata))
			rt = c;
	}
	if (!rt)
		rt = &routes[0];
	memset(f, 0, sizeof *f);
	memcpy(f->carrier, rt->carrier, 2);
	f->carrier[2] = '\0';
	f->number = (unsigned)gen_rng_range(r, rt->lo, rt->hi);
	f->bcp = bcp;
	snprintf(f->other, sizeof f->other, "%s", rt->airport);
	f->other_offset = rt->offset;
	f->arriving = arriving;
	local = (int64_t)gen_rng_pick(r, hour_w, 24) * 60 * MINUTE +
		gen_rng_below(r, 12) * 5 * MINUTE;
	local = day_ms + local -
		gen_countries[b->nat < 0 ? NAT_KZ : b->nat].utc_offset_min * MINUTE;
	f->arr = arriving ? local : local + rt->minutes * MINUTE;
	f->dep = arriving ? local - rt->minutes * MINUTE : local;
	return 0;
}

/* ---- the interchange ---- */

struct pax {
	struct strbuf *sb;
	size_t segments; /* from UNH on */
	int rc;
};

static void seg(struct pax *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void seg(struct pax *p, const char *fmt, ...)
{
	va_list ap;
	if (p->rc)
		return;
	va_start(ap, fmt);
	p->rc = strbuf_vaddf(p->sb, fmt, ap) || strbuf_addch(p->sb, '\'') ? -ENOMEM : 0;
	va_end(ap);
	p->segments++;
}

/* s with the release character before + : ' and ?. */
static void escape(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 3 < size; s++) {
		if (strchr("+:'?", *s))
			out[n++] = '?';
		out[n++] = *s;
	}
	out[n] = '\0';
}

/* YYMMDD and HHMM of ms at offset minutes from UTC. */
static void local_parts(int64_t ms, int offset, char ymd[7], char hm[5])
{
	char t[21];
	gen_time(ms + offset * MINUTE, t);
	snprintf(ymd, 7, "%.2s%.2s%.2s", t + 2, t + 5, t + 8);
	snprintf(hm, 5, "%.2s%.2s", t + 11, t + 14);
}

static void yymmdd(int64_t days, char out[7])
{
	char d[11];
	gen_date(days, d);
	snprintf(out, 7, "%.2s%.2s%.2s", d + 2, d + 5, d + 8);
}

/* A booking reference of six letters and digits, the same for a group. */
static void pnr(const struct gen *g, size_t file, uint32_t group, size_t person, char out[7])
{
	static const char set[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	struct gen_rng r;
	gen_rng_init(&r, g->p->seed, RS_TRIP,
		     ((uint64_t)file << 32) | (group ? group : person << 12));
	for (int i = 0; i < 6; i++)
		out[i] = set[gen_rng_below(&r, sizeof set - 1)];
	out[6] = '\0';
}

struct legs {
	const char *dep, *arr;
	char dep_ymd[7], dep_hm[5], arr_ymd[7], arr_hm[5];
};

static void header(struct gen *g, struct pax *p, const struct gen_flight *f, const struct legs *l,
		   const char *ref)
{
	const struct gen_bcp *b = &g->b->v[f->bcp];
	char ymd[7], hm[5];

	local_parts(f->dep - 30 * MINUTE,
		    f->arriving ? f->other_offset : gen_countries[b->nat].utc_offset_min, ymd, hm);
	if (strbuf_adds(p->sb, "UNA:+.? '"))
		p->rc = -ENOMEM;
	seg(p, "UNB+UNOA:4+%sAPI:ZZ+%sAPI:ZZ+%s:%s+%s++PAXLST", f->carrier, b->country, ymd, hm,
	    ref);
	seg(p, "UNG+PAXLST+%sAPI:ZZ+%sAPI:ZZ+%s:%s+%s+UN+D:05B", f->carrier, b->country, ymd, hm,
	    ref);
	p->segments = 0;
	seg(p, "UNH+PAX001+PAXLST:D:05B:UN:IATA+%s%u/%s/%s", f->carrier, f->number, l->dep_ymd,
	    l->dep_hm);
	seg(p, "BGM+745");
	seg(p, "RFF+TN:%s%s%u:::1", f->carrier, l->dep_ymd, f->number);
	seg(p, "NAD+MS+++%s API DESK", f->carrier);
	seg(p, "TDT+20+%s%u+++%s", f->carrier, f->number, f->carrier);
	seg(p, "LOC+125+%s", l->dep);
	seg(p, "DTM+189:%s%s:201", l->dep_ymd, l->dep_hm);
	seg(p, "LOC+87+%s", l->arr);
	seg(p, "DTM+232:%s%s:201", l->arr_ymd, l->arr_hm);
}

static int passenger(struct gen *g, struct pax *p, const struct legs *l, const struct gen_xing *x,
		     size_t file)
{
	char sur[2 * GEN_NAME_MAX], giv[2 * GEN_NAME_MAX], birth[7], expiry[7], ref[7];
	struct gen_person per;
	struct gen_doc d;
	int rc = gen_person_make(g, x->person, &per);

	rc = rc ? rc : gen_doc_make(g, &per, DOC_PASSPORT, &d);
	if (rc)
		return rc;
	escape(per.mrz_surname, sur, sizeof sur);
	escape(per.mrz_given, giv, sizeof giv);
	yymmdd(per.birth, birth);
	yymmdd(d.expiry, expiry);
	pnr(g, file, x->group, x->person, ref);
	seg(p, "NAD+FL+++%s:%s", sur, giv);
	seg(p, "ATT+2++%c", per.sex);
	seg(p, "DTM+329:%s", birth);
	seg(p, "LOC+178+%s", l->dep);
	seg(p, "LOC+179+%s", l->arr);
	seg(p, "NAT+2+%s", gen_countries[per.nat].icao);
	seg(p, "RFF+AVF:%s", ref);
	seg(p, "DOC+P:110:111+%s", d.number);
	seg(p, "DTM+36:%s", expiry);
	seg(p, "LOC+91+%s", gen_countries[per.nat].icao);
	return p->rc;
}

static void legs_of(const struct gen *g, const struct gen_flight *f, struct legs *l)
{
	const struct gen_bcp *b = &g->b->v[f->bcp];
	int ours = gen_countries[b->nat < 0 ? NAT_KZ : b->nat].utc_offset_min;
	l->dep = f->arriving ? f->other : b->iata;
	l->arr = f->arriving ? b->iata : f->other;
	local_parts(f->dep, f->arriving ? f->other_offset : ours, l->dep_ymd, l->dep_hm);
	local_parts(f->arr, f->arriving ? ours : f->other_offset, l->arr_ymd, l->arr_hm);
}

int gen_paxlst_emit(struct gen *g, const struct gen_day *day, const struct gen_flight *f)
{
	struct strbuf sb, name;
	struct pax p = { &sb, 0, 0 };
	struct legs l;
	size_t file = g->st.rows[GEN_PAXLST] + 1, n = 0;
	char ref[16];

	if (!f->count || !g->b->v[f->bcp].iata[0])
		return 0;
	strbuf_init(&sb, 0);
	strbuf_init(&name, 0);
	snprintf(ref, sizeof ref, "%09zu", file);
	legs_of(g, f, &l);
	header(g, &p, f, &l, ref);
	for (size_t i = f->first; i < f->first + f->count && !p.rc; i++)
		if (day->x[i].flight >= 0 && day->x[i].bcp == f->bcp &&
		    !(p.rc = passenger(g, &p, &l, &day->x[i], file)))
			n++;
	seg(&p, "CNT+42:%zu", n);
	seg(&p, "UNT+%zu+PAX001", p.segments + 1);
	seg(&p, "UNE+1+%s", ref);
	seg(&p, "UNZ+1+%s", ref);
	if (!p.rc && strbuf_addf(&name, "%05zu-%s%u-20%s-%s.edi", file, f->carrier, f->number,
				 l.dep_ymd, f->arriving ? "in" : "out"))
		p.rc = -ENOMEM;
	if (!p.rc)
		p.rc = g->sink->file(g->sink->ctx, GEN_PAXLST, name.buf, sb.buf, sb.len);
	if (!p.rc)
		g->st.rows[GEN_PAXLST]++;
	strbuf_release(&sb);
	strbuf_release(&name);
	return p.rc;
}
