// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Crossings, currency declarations and seizures, one day at a time.
 *
 * The number of crossings of each day follows a weekly rhythm (busier
 * Friday to Sunday), the seasons (summer up, winter down) and Nowruz
 * (20-23 March); the days' quotas add up exactly to the scale's total. A
 * day is a sequence of events drawn from the (crossing point, mode) table:
 * a car, truck, van, bus or motorcycle crossing by road, people on foot, a
 * train, a flight, a river barge. Times follow a daily rhythm in the local
 * time of the crossing point. Travellers crossing together share a
 * group_ref; a road or rail trip crosses out on one side and in on the
 * other, transit minutes later. A day's records are sorted by time and
 * emitted before the next day is made, so memory holds one day.
 */
#include "ingest/gen_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE 60000ll
#define DAY_MS 86400000ll
#define GROUP_CAP 256

const char *const gen_substances[] = { "heroin",          "opium",    "hashish",   "cannabis",
				       "methamphetamine", "tramadol", "precursor", NULL };
enum { SUB_COUNT = 7 };
const char *const gen_currencies[] = { "USD", "EUR", "RUB", "KZT", "KGS", "UZS",
				       "TJS", "TMT", "CNY", "AFN", NULL };
/* units of each currency per 1000 US dollars */
static const uint64_t rate_milli[] = { 1000,     920,   90000, 480000, 87000,
				       12700000, 10900, 3500,  7200,   70000 };
static const uint64_t rounding[] = { 10, 10, 100, 1000, 100, 100000, 100, 100, 100, 100 };

static const unsigned hour_w[24] = { 20,  15,  12,  12,  15,  30,  50,  100, 150, 180, 180, 180,
				     150, 150, 160, 160, 160, 150, 120, 100, 70,  50,  40,  30 };

/* ---- the event table ---- */

static unsigned mode_weight(const struct gen_bcp *b, int m)
{
	static const unsigned w[MODE_COUNT] = { 100, 50, 8, 6, 4 };
	return b->brochure ? w[m] * 3 / 2 : w[m];
}

static bool border(const struct gen_bcp *b, int x, int y)
{
	return (b->nat == x && b->nb_nat == y) || (b->nat == y && b->nb_nat == x);
}

/* Seizure risk of a route, in tenths. */
static unsigned route_risk(const struct gen_bcp *b, int m)
{
	if (b->nat == NAT_AF || b->nb_nat == NAT_AF)
		return 80;
	if (m == MODE_RIVER)
		return 60;
	if (m == MODE_AIR)
		return 20;
	if (border(b, NAT_TJ, NAT_UZ) || border(b, NAT_TJ, NAT_KG) || border(b, NAT_TM, NAT_UZ))
		return 30;
	if (border(b, NAT_KZ, NAT_UZ))
		return 15;
	return 10;
}

static int events_alloc(struct gen *g, size_t n)
{
	g->ev_bcp = rics_calloc(n, sizeof *g->ev_bcp);
	g->ev_mode = rics_calloc(n, sizeof *g->ev_mode);
	g->ev_cum = rics_calloc(n, sizeof *g->ev_cum);
	g->ev_ppm = rics_calloc(n, sizeof *g->ev_ppm);
	return g->ev_bcp && g->ev_mode && g->ev_cum && g->ev_ppm ? 0 : -ENOMEM;
}

int gen_days_init(struct gen *g)
{
	uint64_t total = 0, risk_sum = 0, est;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < g->b->n; i++)
		for (int m = 0; m < MODE_COUNT; m++)
			n += g->b->v[i].nat >= 0 && (g->b->v[i].modes & (1u << m));
	if ((rc = events_alloc(g, n ? n : 1)) != 0)
		return rc;
	for (size_t i = 0; i < g->b->n; i++) {
		const struct gen_bcp *b = &g->b->v[i];
		for (int m = 0; m < MODE_COUNT && b->nat >= 0; m++) {
			if (!(b->modes & (1u << m)))
				continue;
			g->ev_bcp[g->nev] = (uint16_t)i;
			g->ev_mode[g->nev] = (uint8_t)m;
			total += mode_weight(b, m);
			risk_sum += (uint64_t)mode_weight(b, m) * route_risk(b, m);
			g->ev_cum[g->nev++] = total;
		}
	}
	/* crossings an event makes, both sides of the border: 4 when buses and
	 * trains are small, more when they are large (measured) */
	est = g->sz->crossings * 60 / (210 + g->sz->group_max);
	est = est ? est : 1;
	for (size_t e = 0; e < g->nev; e++)
		g->ev_ppm[e] = (uint32_t)(g->sz->seizures * 1000000ull *
					  route_risk(&g->b->v[g->ev_bcp[e]], g->ev_mode[e]) *
					  total / (est * risk_sum));
	return 0;
}

void gen_days_release(struct gen *g)
{
	rics_free(g->ev_bcp);
	rics_free(g->ev_mode);
	rics_free(g->ev_cum);
	rics_free(g->ev_ppm);
	g->ev_bcp = NULL;
	g->ev_mode = NULL;
	g->ev_cum = NULL;
	g->ev_ppm = NULL;
}

static size_t pick_event(const struct gen *g, struct gen_rng *r)
{
	uint64_t x = gen_rng_below(r, g->ev_cum[g->nev - 1]);
	size_t lo = 0, hi = g->nev - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->ev_cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- the day's buffers ---- */

#define GROW(arr, n, cap) \
	do { \
		if ((n) == (cap)) { \
			size_t ncap_ = (cap) ? (cap)*2 : 256; \
			void *p_ = rics_realloc((arr), ncap_ * sizeof *(arr)); \
			if (!p_) \
				return -ENOMEM; \
			(arr) = p_; \
			(cap) = ncap_; \
		} \
	} while (0)

static int gen_day_add_xing(struct gen_day *day, const struct gen_xing *x)
{
	GROW(day->x, day->nx, day->capx);
	day->x[day->nx] = *x;
	day->x[day->nx++].seq = day->seq++;
	return 0;
}

static int gen_day_add_decl(struct gen_day *day, const struct gen_decl *d)
{
	GROW(day->d, day->nd, day->capd);
	day->d[day->nd] = *d;
	day->d[day->nd++].seq = day->seq++;
	return 0;
}

static int gen_day_add_seizure(struct gen_day *day, const struct gen_seizure *s)
{
	GROW(day->s, day->ns, day->caps);
	day->s[day->ns] = *s;
	day->s[day->ns++].seq = day->seq++;
	return 0;
}

static int day_add_flight(struct gen_day *day, const struct gen_flight *f)
{
	GROW(day->f, day->nf, day->capf);
	day->f[day->nf++] = *f;
	return 0;
}

uint32_t gen_day_group(struct gen_day *day)
{
	return ++day->groups;
}

static void day_reset(struct gen_day *day, unsigned index)
{
	day->nx = day->nd = day->ns = day->nf = 0;
	day->groups = day->seq = 0;
	day->index = index;
}

static void day_release(struct gen_day *day)
{
	rics_free(day->x);
	rics_free(day->d);
	rics_free(day->s);
	rics_free(day->f);
}

/* ---- trips ---- */

static int64_t day_ms(const struct gen *g, const struct gen_day *day)
{
	return (g->p->start_day + day->index) * DAY_MS;
}

/* A time of the day by the daily rhythm, in the crossing point's local time. */
static int64_t event_time(const struct gen *g, struct gen_rng *r, const struct gen_day *day,
			  int bcp)
{
	int nat = g->b->v[bcp].nat;
	int64_t local = (int64_t)gen_rng_pick(r, hour_w, 24) * 60 * MINUTE +
			gen_rng_range(r, 0, 3599) * 1000;
	return day_ms(g, day) + local -
	       gen_countries[nat < 0 ? NAT_KZ : nat].utc_offset_min * MINUTE;
}

static bool eaeu_id_border(const struct gen *g, const struct gen_trip *t)
{
	const struct gen_bcp *a = &g->b->v[t->bcp];
	return border(a, NAT_KZ, NAT_KG);
}

static enum gen_doc_kind doc_for(const struct gen *g, struct gen_rng *r, const struct gen_trip *t,
				 const struct gen_person *p)
{
	if (p->has_id && (p->nat == NAT_KZ || p->nat == NAT_KG) && t->mode != MODE_AIR &&
	    eaeu_id_border(g, t) && gen_rng_chance(r, 700))
		return DOC_ID;
	return DOC_PASSPORT;
}

int gen_trip_add(struct gen *g, struct gen_rng *r, struct gen_day *day, struct gen_trip *t,
		 size_t person)
{
	struct gen_person p;
	struct gen_xing x = { 0 };
	int rc;

	if (!t->left)
		return 0;
	gen_person_traits(g, person, &p);
	x.t = t->t + gen_rng_range(r, 0, 180) * 1000;
	x.person = (uint32_t)person;
	x.doc = (uint8_t)doc_for(g, r, t, &p);
	x.dir = t->dir;
	x.mode = t->mode;
	x.vehicle = t->vehicle;
	x.bcp = (uint16_t)t->bcp;
	x.group = t->group;
	x.flight = t->flight;
	if ((rc = gen_day_add_xing(day, &x)) != 0)
		return rc;
	t->last = x;
	t->left--;
	t->made++;
	if (t->other < 0 || !t->left)
		return 0;
	x.bcp = (uint16_t)t->other;
	x.dir = !t->dir;
	x.t += t->transit;
	x.flight = -1;
	t->left--;
	t->made++;
	return gen_day_add_xing(day, &x);
}

/* Who travels through a crossing point: its own country's people and the
 * neighbour's mostly, some Russians and others. */
static enum gen_nat travel_nat(const struct gen *g, struct gen_rng *r, int bcp)
{
	const struct gen_bcp *b = &g->b->v[bcp];
	unsigned w[NAT_COUNT];
	bool air = b->modes & (1u << MODE_AIR);
	for (int n = 0; n < NAT_COUNT; n++)
		w[n] = air ? (n == NAT_TM || n == NAT_AF ? 3 : 8) : 1;
	w[NAT_RU] = air ? 15 : 4;
	if (b->nat >= 0)
		w[b->nat] = air ? 45 : 50;
	if (b->nb_nat >= 0)
		w[b->nb_nat] = 40;
	return (enum gen_nat)gen_rng_pick(r, w, NAT_COUNT);
}

static bool listed(const size_t *m, size_t n, size_t person)
{
	for (size_t i = 0; i < n; i++)
		if (m[i] == person)
			return true;
	return false;
}

static void add_member(size_t *m, size_t *n, size_t person)
{
	if (*n < GROUP_CAP && !listed(m, *n, person))
		m[(*n)++] = person;
}

/* person and, sometimes or always, the rest of their household. */
static void add_household(const struct gen *g, size_t *m, size_t *n, size_t person,
			  unsigned per_mille, struct gen_rng *r)
{
	struct gen_person p;
	size_t h[3], k;

	add_member(m, n, person);
	gen_person_traits(g, person, &p);
	k = gen_rng_chance(r, per_mille) ? gen_household(g, &p, h) : 0;
	k = k ? 1 + (size_t)gen_rng_below(r, k) : 0;
	for (size_t i = 0; i < k; i++)
		add_member(m, n, h[i]);
}

static unsigned passengers(const struct gen *g, struct gen_rng *r, enum gen_vkind k)
{
	static const unsigned car_w[] = { 35, 25, 20, 12, 8 };
	unsigned gmax = g->sz->group_max;
	switch (k) {
	case VK_CAR: return (unsigned)gen_rng_pick(r, car_w, 5);
	case VK_TRUCK: return gen_rng_chance(r, 300);
	case VK_VAN: return (unsigned)gen_rng_below(r, 3);
	case VK_BUS: return (unsigned)gen_rng_range(r, gmax > 9 ? 8 : gmax - 1, gmax - 1);
	default: return gen_rng_chance(r, 200);
	}
}

static int64_t transit(struct gen_rng *r, int mode, int vkind)
{
	if (mode == MODE_ROAD && vkind == VK_TRUCK)
		return gen_rng_range(r, 60, 300) * MINUTE;
	if (mode == MODE_ROAD)
		return gen_rng_range(r, 20, 90) * MINUTE;
	if (mode == MODE_RAIL)
		return gen_rng_range(r, 40, 150) * MINUTE;
	return gen_rng_range(r, 10, 40) * MINUTE;
}

static void trip_init(const struct gen *g, struct gen_rng *r, struct gen_day *day,
		      struct gen_trip *t, int bcp, enum gen_mode mode, size_t left)
{
	memset(t, 0, sizeof *t);
	t->bcp = bcp;
	t->other = g->b->v[bcp].pair[mode];
	t->dir = (uint8_t)gen_rng_chance(r, 500);
	t->mode = (uint8_t)mode;
	t->t = event_time(g, r, day, bcp);
	t->vehicle = -1;
	t->flight = -1;
	t->left = left;
}

struct crew {
	size_t m[GROUP_CAP];
	size_t n;
};

/* Cross every member, declare some money, and now and then a seizure. */
static int trip_run(struct gen *g, struct gen_rng *r, struct gen_day *day, struct gen_trip *t,
		    const struct crew *c, size_t ev, int vkind)
{
	int rc = 0;
	t->group = c->n > 1 ? gen_day_group(day) : 0;
	for (size_t i = 0; i < c->n && !rc && t->left; i++) {
		unsigned decl = vkind == VK_TRUCK && i == 0 ? 40 : t->mode == MODE_AIR ? 30 : 25;
		rc = gen_trip_add(g, r, day, t, c->m[i]);
		if (!rc && gen_rng_chance(r, decl))
			rc = gen_declare(g, r, day, &t->last, 0, 0);
	}
	if (!rc && t->made && gen_rng_below(r, 1000000) < g->ev_ppm[ev]) {
		struct gen_seize_args a = { t->bcp,     (enum gen_mode)t->mode,
					    vkind,      t->last.t + 20 * MINUTE,
					    c->m,       c->n > 2 ? 2 : c->n,
					    t->vehicle, -1,
					    -1 };
		rc = gen_seize(g, r, day, &a);
	}
	return rc;
}

static int event_road(struct gen *g, struct gen_rng *r, struct gen_day *day, size_t ev,
		      struct gen_trip *t)
{
	struct gen_vehicle v;
	struct crew c = { .n = 0 };
	enum gen_nat nat = travel_nat(g, r, t->bcp);
	int64_t today = g->p->start_day + day->index;
	unsigned k;

	gen_vehicle_make(g, gen_pick_vehicle(g, r, nat), &v);
	add_household(g, c.m, &c.n,
		      gen_rng_chance(r, 700) ? v.owner : gen_pick_person(g, r, v.nat, today, 18),
		      v.kind == VK_CAR ? 600 : 0, r);
	k = passengers(g, r, v.kind);
	while (c.n < k + 1 && c.n < GROUP_CAP) {
		enum gen_nat pn = gen_rng_chance(r, 700) ? v.nat : travel_nat(g, r, t->bcp);
		size_t before = c.n;
		add_member(c.m, &c.n,
			   gen_pick_person(g, r, pn, today, v.kind == VK_TRUCK ? 18 : 0));
		if (c.n == before)
			break;
	}
	t->vehicle = (int32_t)v.index;
	t->transit = transit(r, MODE_ROAD, v.kind);
	return trip_run(g, r, day, t, &c, ev, v.kind);
}

static int event_foot(struct gen *g, struct gen_rng *r, struct gen_day *day, size_t ev,
		      struct gen_trip *t)
{
	struct crew c = { .n = 0 };
	enum gen_nat nat = travel_nat(g, r, t->bcp);
	int64_t today = g->p->start_day + day->index;

	add_household(g, c.m, &c.n, gen_pick_person(g, r, nat, today, 16), 400, r);
	if (c.n == 1 && gen_rng_chance(r, 150))
		add_member(c.m, &c.n, gen_pick_person(g, r, nat, today, 16));
	t->transit = transit(r, t->mode, -1);
	return trip_run(g, r, day, t, &c, ev, -1);
}

/* A train, a flight or a barge: households travelling together, each its
 * own group. */
static int event_crowd(struct gen *g, struct gen_rng *r, struct gen_day *day, size_t ev,
		       struct gen_trip *t, unsigned size)
{
	int64_t today = g->p->start_day + day->index;
	size_t made = 0;
	int rc = 0;

	while (made < size && t->left && !rc) {
		struct crew c = { .n = 0 };
		size_t before = t->made;
		add_household(g, c.m, &c.n,
			      gen_pick_person(g, r, travel_nat(g, r, t->bcp), today, 0), 500, r);
		rc = trip_run(g, r, day, t, &c, ev, -1);
		made += c.n;
		if (t->made == before)
			break;
	}
	return rc;
}

static int event_flight(struct gen *g, struct gen_rng *r, struct gen_day *day, size_t ev,
			struct gen_trip *t)
{
	struct gen_flight f;
	unsigned gmax = g->sz->group_max;
	size_t first = day->nx;
	int rc;

	if ((rc = gen_flight_plan(g, r, t->bcp, gen_rng_chance(r, 500), day_ms(g, day), &f)) ||
	    (rc = day_add_flight(day, &f)))
		return rc;
	t->other = -1;
	t->dir = f.arriving ? 0 : 1;
	t->t = f.arriving ? f.arr + 25 * MINUTE : f.dep - 90 * MINUTE;
	t->flight = (int32_t)(day->nf - 1);
	rc = event_crowd(g, r, day, ev, t, (unsigned)gen_rng_range(r, gmax > 16 ? 15 : 2, gmax));
	day->f[day->nf - 1].first = first;
	day->f[day->nf - 1].count = day->nx - first;
	g->st.flights++;
	return rc;
}

static size_t event(struct gen *g, struct gen_rng *r, struct gen_day *day, size_t left, int *rc)
{
	size_t ev = pick_event(g, r);
	int bcp = g->ev_bcp[ev];
	enum gen_mode mode = (enum gen_mode)g->ev_mode[ev];
	unsigned gmax = g->sz->group_max;
	struct gen_trip t;

	trip_init(g, r, day, &t, bcp, mode, left);
	switch (mode) {
	case MODE_ROAD: *rc = event_road(g, r, day, ev, &t); break;
	case MODE_PED: *rc = event_foot(g, r, day, ev, &t); break;
	case MODE_AIR: *rc = event_flight(g, r, day, ev, &t); break;
	case MODE_RAIL:
		t.transit = transit(r, mode, -1);
		*rc = event_crowd(g, r, day, ev, &t,
				  (unsigned)gen_rng_range(r, gmax > 11 ? 10 : 2, gmax));
		break;
	default:
		t.transit = transit(r, mode, -1);
		*rc = event_crowd(g, r, day, ev, &t, (unsigned)gen_rng_range(r, 2, 5));
		break;
	}
	return t.made;
}

/* ---- money and drugs ---- */

static const char *const sources[] = {
	"savings",
	"sale of livestock",
	"trade at the bazaar",
	"salary earned in Russia",
	"loan from relatives",
	"sale of a car",
	"business income",
	"gift for a wedding",
};
static const char *const purposes[] = {
	"purchase of goods", "medical treatment", "family support",    "wedding expenses",
	"tuition fees",      "business trip",     "purchase of a car", "construction of a house",
};

static size_t currency_for(struct gen_rng *r, enum gen_nat nat)
{
	static const unsigned w[] = { 45, 10, 15, 20, 5 };
	static const size_t home[NAT_COUNT] = { 3, 4, 6, 7, 5, 2, 9 };
	switch (gen_rng_pick(r, w, 5)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 2;
	case 3: return home[nat];
	default: return 8;
	}
}

int gen_declare(struct gen *g, struct gen_rng *r, struct gen_day *day, const struct gen_xing *x,
		double usd, unsigned purpose_hint)
{
	static const unsigned bw[] = { 20, 30, 30, 13, 5, 2 };
	static const int64_t lo[] = { 500, 2000, 5000, 10000, 20000, 60000 };
	static const int64_t hi[] = { 2000, 5000, 9999, 20000, 60000, 150000 };
	struct gen_person p;
	struct gen_decl d = { 0 };
	uint64_t dollars, amount;
	size_t b, c;

	gen_person_traits(g, x->person, &p);
	b = gen_rng_pick(r, bw, 6);
	dollars = usd > 0 ? (uint64_t)usd : (uint64_t)gen_rng_range(r, lo[b], hi[b]);
	c = usd > 0 ? 0 : currency_for(r, p.nat);
	amount = dollars * rate_milli[c] / 1000 / rounding[c] * rounding[c];
	d.t = x->t - gen_rng_range(r, 2, 20) * MINUTE;
	d.person = x->person;
	d.bcp = x->bcp;
	d.dir = x->dir;
	d.currency = (uint8_t)c;
	d.amount = (double)(amount ? amount : rounding[c]);
	d.source = (uint8_t)gen_rng_below(r, sizeof sources / sizeof *sources);
	d.purpose = (uint8_t)(purpose_hint ? purpose_hint - 1 :
					     gen_rng_below(r, sizeof purposes / sizeof *purposes));
	g->st.declarations_above += dollars >= 10000;
	return gen_day_add_decl(day, &d);
}

static const char *const concealments[] = {
	/* 0-5 cars and vans */
	"in the fuel tank",
	"in a hidden compartment under the rear seat",
	"inside the door panels",
	"in the spare tyre",
	"in the bumper",
	"in a false floor of the boot",
	/* 6-13 trucks */
	"in a false floor of the trailer",
	"among a cargo of onions",
	"among a cargo of dried apricots",
	"in bales of cotton",
	"among a cargo of coal",
	"in the truck's fuel tank",
	"inside gas cylinders",
	"in sacks of flour",
	/* 14-18 on foot, rail, river */
	"in a bag with a double bottom",
	"taped to the body",
	"in the soles of shoes",
	"in tins of tomato paste",
	"in a suitcase with a double bottom",
	/* 19-22 air */
	"swallowed capsules (body-packing)",
	"in checked baggage among clothes",
	"in shampoo bottles",
	"in a suitcase with a double bottom",
};
static const char *const seizure_notes[] = {
	"found by a sniffer dog",
	"X-ray scan of the vehicle",
	"risk profile: route and crossing history",
	"alert from the BLO across the border",
	"random search",
	"tip-off from the drug control agency",
};

static unsigned conceal_for(struct gen_rng *r, enum gen_mode mode, int vkind)
{
	if (mode == MODE_AIR)
		return 19 + (unsigned)gen_rng_below(r, 4);
	if (vkind == VK_TRUCK)
		return 6 + (unsigned)gen_rng_below(r, 8);
	if (vkind >= 0 && vkind != VK_BUS)
		return (unsigned)gen_rng_below(r, 6);
	return 14 + (unsigned)gen_rng_below(r, 5);
}

static size_t substance_for(const struct gen_bcp *b, struct gen_rng *r, enum gen_mode mode)
{
	static const unsigned w[4][SUB_COUNT] = {
		{ 30, 20, 25, 0, 15, 5, 5 },  /* the Afghan border */
		{ 30, 10, 20, 5, 15, 15, 5 }, /* Tajikistan, Uzbekistan, Turkmenistan */
		{ 15, 0, 25, 30, 10, 15, 5 }, /* Kazakhstan and Kyrgyzstan */
		{ 40, 0, 10, 0, 20, 30, 0 },  /* airports */
	};
	int k = mode == MODE_AIR                        ? 3 :
		b->nat == NAT_AF || b->nb_nat == NAT_AF ? 0 :
		border(b, NAT_KZ, NAT_KG)               ? 2 :
							  1;
	return gen_rng_pick(r, w[k], SUB_COUNT);
}

/* Grams (kg), tablets or litres: small finds most often, a few large ones. */
static double quantity_for(struct gen_rng *r, size_t sub)
{
	static const int64_t q[SUB_COUNT][4] = {
		{ 200, 2000, 20000, 120000 },   { 1000, 10000, 80000, 400000 },
		{ 500, 5000, 100000, 1000000 }, { 500, 5000, 50000, 300000 },
		{ 100, 1000, 10000, 60000 },    { 200, 2000, 20000, 200000 },
		{ 20, 200, 1000, 6000 },
	};
	static const unsigned bw[] = { 60, 30, 10 };
	size_t b = gen_rng_pick(r, bw, 3);
	int64_t v = gen_rng_range(r, q[sub][b], q[sub][b + 1]);
	return sub == 5 || sub == 6 ? (double)v : (double)v / 1000.0;
}

int gen_seize(struct gen *g, struct gen_rng *r, struct gen_day *day, const struct gen_seize_args *a)
{
	struct gen_seizure s = { 0 };
	size_t sub = a->substance >= 0 ? (size_t)a->substance :
					 substance_for(&g->b->v[a->bcp], r, a->mode);

	s.t = a->t;
	s.bcp = (uint16_t)a->bcp;
	s.substance = (uint8_t)sub;
	s.quantity = quantity_for(r, sub);
	s.concealment = (uint8_t)conceal_for(r, a->mode, a->vkind);
	s.note = (uint8_t)gen_rng_below(r, sizeof seizure_notes / sizeof *seizure_notes);
	for (size_t i = 0; i < a->npersons && i < 3; i++)
		s.persons[s.npersons++] = (uint32_t)a->persons[i];
	s.vehicle = a->vehicle;
	s.network = a->network;
	return gen_day_add_seizure(day, &s);
}

/* ---- rows ---- */

static int cmp_xing(const void *a, const void *b)
{
	const struct gen_xing *x = a, *y = b;
	return x->t != y->t ? (x->t < y->t ? -1 : 1) : (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_decl(const void *a, const void *b)
{
	const struct gen_decl *x = a, *y = b;
	return x->t != y->t ? (x->t < y->t ? -1 : 1) : (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_seizure(const void *a, const void *b)
{
	const struct gen_seizure *x = a, *y = b;
	return x->t != y->t ? (x->t < y->t ? -1 : 1) : (x->seq > y->seq) - (x->seq < y->seq);
}

static int xing_extras(struct gen *g, const struct gen_day *day, const struct gen_xing *x,
		       json_t *o)
{
	char ref[32];
	int y, m, d, rc = 0;

	if (x->group) {
		gen_civil(g->p->start_day + day->index, &y, &m, &d);
		snprintf(ref, sizeof ref, "G%04d%02d%02d-%05u", y % 10000, m, d, x->group);
		rc = gen_set_str(o, "group_ref", ref);
	}
	if (!rc && x->flight >= 0) {
		const struct gen_flight *f = &day->f[x->flight];
		strbuf_reset(&g->sb);
		if (strbuf_addf(&g->sb, "flight %s %u %s-%s", f->carrier, f->number,
				f->arriving ? f->other : g->b->v[f->bcp].iata,
				f->arriving ? g->b->v[f->bcp].iata : f->other))
			return -ENOMEM;
		rc = gen_set_str(o, "notes", g->sb.buf);
	}
	return rc;
}

static int xing_row(struct gen *g, const struct gen_day *day, const struct gen_xing *x)
{
	char when[21];
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	gen_time(x->t, when);
	rc = rc ? rc : gen_set_ref(o, "_ref", 'c', g->seq_xing++);
	rc = rc ? rc : gen_set_str(o, "bcp_code", g->b->v[x->bcp].code);
	rc = rc ? rc : gen_set_str(o, "direction", x->dir ? "out" : "in");
	rc = rc ? rc : gen_set_str(o, "crossed_at", when);
	rc = rc ? rc : gen_set_str(o, "mode", gen_mode_names[x->mode]);
	rc = rc ? rc : gen_set_ref(o, "_person_ref", 'p', x->person);
	rc = rc ? rc : gen_set_ref(o, "_document_ref", 'd', 3 * (size_t)x->person + x->doc);
	if (!rc && x->vehicle >= 0)
		rc = gen_set_ref(o, "_vehicle_ref", 'v', (size_t)x->vehicle);
	rc = rc ? rc : xing_extras(g, day, x, o);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_CROSSINGS, o);
}

static int decl_row(struct gen *g, const struct gen_decl *d)
{
	char when[21];
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	gen_time(d->t, when);
	rc = rc ? rc : gen_set_ref(o, "_ref", 'x', g->seq_decl++);
	rc = rc ? rc : gen_set_ref(o, "_person_ref", 'p', d->person);
	rc = rc ? rc : gen_set_str(o, "bcp_code", g->b->v[d->bcp].code);
	rc = rc ? rc : gen_set_str(o, "direction", d->dir ? "out" : "in");
	rc = rc ? rc : gen_set_str(o, "declared_at", when);
	rc = rc ? rc : gen_set_str(o, "currency", gen_currencies[d->currency]);
	rc = rc ? rc : gen_set_real(o, "amount", d->amount);
	rc = rc ? rc : gen_set_str(o, "source_of_funds", sources[d->source]);
	rc = rc ? rc : gen_set_str(o, "purpose", purposes[d->purpose]);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_DECLARATIONS, o);
}

static int seizure_refs(const struct gen_seizure *s, json_t *o)
{
	json_t *p = json_array(), *v = json_array();
	char ref[32];
	int rc = p && v ? 0 : -ENOMEM;

	for (size_t i = 0; i < s->npersons && !rc; i++) {
		snprintf(ref, sizeof ref, "p%u", s->persons[i]);
		rc = json_array_append_new(p, json_string(ref)) ? -ENOMEM : 0;
	}
	if (!rc && s->vehicle >= 0) {
		snprintf(ref, sizeof ref, "v%d", s->vehicle);
		rc = json_array_append_new(v, json_string(ref)) ? -ENOMEM : 0;
	}
	if (!rc && json_array_size(p))
		rc = json_object_set(o, "_person_refs", p) ? -ENOMEM : 0;
	if (!rc && json_array_size(v))
		rc = json_object_set(o, "_vehicle_refs", v) ? -ENOMEM : 0;
	json_decref(p);
	json_decref(v);
	return rc;
}

/* Seizure figures may go to the neighbours and the regional hub. */
static int seizure_release(struct gen *g, const struct gen_seizure *s, json_t *o)
{
	const struct gen_bcp *b = &g->b->v[s->bcp];
	json_t *c = json_array(), *a = json_pack("[sss]", "border", "customs", "drug_control");
	int rc = c && a ? 0 : -ENOMEM;

	if (!rc && b->nb_nat >= 0 && b->nb_nat != NAT_AF && b->nb_nat != NAT_RU)
		rc = json_array_append_new(c, json_string(b->neighbour)) ? -ENOMEM : 0;
	if (!rc && json_array_size(c))
		rc = json_object_set(o, "releasable_countries", c) ? -ENOMEM : 0;
	rc = rc ? rc : json_object_set(o, "releasable_agencies", a) ? -ENOMEM : 0;
	json_decref(c);
	json_decref(a);
	return rc;
}

static int seizure_case(struct gen *g, const struct gen_seizure *s, json_t *o)
{
	char ref[40];
	int y, m, d;
	if (s->network >= 0)
		return gen_set_str(o, "case_ref", g->nets[s->network].case_ref) ||
				       gen_set_str(o, "classification", "RESTRICTED") ?
			       -ENOMEM :
			       0;
	gen_civil(s->t / DAY_MS, &y, &m, &d);
	snprintf(ref, sizeof ref, "%s-%04d-%05zu", g->b->v[s->bcp].country, y % 10000,
		 g->seq_seizure + 1);
	return gen_set_str(o, "case_ref", ref);
}

static int seizure_row(struct gen *g, const struct gen_seizure *s)
{
	char when[21];
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	gen_time(s->t, when);
	rc = rc ? rc : gen_set_ref(o, "_ref", 's', g->seq_seizure);
	rc = rc ? rc : gen_set_str(o, "bcp_code", g->b->v[s->bcp].code);
	rc = rc ? rc : gen_set_str(o, "seized_at", when);
	rc = rc ? rc : gen_set_str(o, "substance", gen_substances[s->substance]);
	rc = rc ? rc : gen_set_real(o, "quantity", s->quantity);
	rc = rc ? rc :
		  gen_set_str(o, "unit",
			      s->substance == 5 ? "tablets" :
			      s->substance == 6 ? "l" :
						  "kg");
	rc = rc ? rc : gen_set_str(o, "concealment", concealments[s->concealment]);
	rc = rc ? rc : seizure_refs(s, o);
	rc = rc ? rc : seizure_case(g, s, o);
	rc = rc ? rc : gen_set_str(o, "notes", seizure_notes[s->note]);
	rc = rc ? rc : seizure_release(g, s, o);
	g->seq_seizure++;
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_SEIZURES, o);
}

static int day_emit(struct gen *g, struct gen_day *day)
{
	int rc = 0;

	for (size_t i = 0; g->p->paxlst && i < day->nf && !rc; i++)
		rc = gen_paxlst_emit(g, day, &day->f[i]);
	if (day->nx)
		qsort(day->x, day->nx, sizeof *day->x, cmp_xing);
	if (day->nd)
		qsort(day->d, day->nd, sizeof *day->d, cmp_decl);
	if (day->ns)
		qsort(day->s, day->ns, sizeof *day->s, cmp_seizure);
	for (size_t i = 0; i < day->nx && !rc; i++)
		rc = xing_row(g, day, &day->x[i]);
	for (size_t i = 0; i < day->nd && !rc; i++)
		rc = decl_row(g, &day->d[i]);
	for (size_t i = 0; i < day->ns && !rc; i++)
		rc = seizure_row(g, &day->s[i]);
	return rc;
}

/* ---- the days ---- */

static uint64_t day_weight(const struct gen *g, unsigned d)
{
	static const uint64_t dow[7] = { 100, 92, 92, 96, 112, 108, 118 }; /* Monday first */
	static const uint64_t month[12] = { 80, 82, 95, 100, 108, 118, 125, 122, 105, 100, 90, 95 };
	int64_t day = g->p->start_day + d;
	int y, m, dd;
	uint64_t w;

	gen_civil(day, &y, &m, &dd);
	w = dow[((day % 7) + 7 + 3) % 7] * month[m - 1];
	return m == 3 && dd >= 20 && dd <= 23 ? w * 3 / 2 : w; /* Nowruz */
}

static int one_day(struct gen *g, struct gen_day *day, size_t quota)
{
	struct gen_rng r;
	int rc, stuck = 0;

	gen_rng_init(&r, g->p->seed, RS_DAY, day->index);
	if ((rc = gen_networks_day(g, day)) != 0)
		return rc;
	while (quota && !rc && stuck < 1000) {
		size_t n = event(g, &r, day, quota, &rc);
		quota -= n < quota ? n : quota;
		stuck = n ? 0 : stuck + 1;
	}
	return rc ? rc : day_emit(g, day);
}

int gen_emit_days(struct gen *g)
{
	struct gen_day day = { 0 };
	uint64_t total = 0, cum = 0, done = 0, random;
	size_t net = gen_networks_crossings(g);
	int rc = 0;

	random = g->sz->crossings > net ? g->sz->crossings - net : 0;
	for (unsigned d = 0; d < g->sz->days; d++)
		total += day_weight(g, d);
	for (unsigned d = 0; d < g->sz->days && !rc; d++) {
		uint64_t upto;
		cum += day_weight(g, d);
		upto = random * cum / total;
		day_reset(&day, d);
		rc = one_day(g, &day, (size_t)(upto - done));
		done = upto;
	}
	day_release(&day);
	return rc;
}
