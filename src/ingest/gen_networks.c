// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The planted trafficking networks, for link analysis and screening to
 * find, and the relations and watchlist entries around them.
 *
 * A network follows one of four templates (heroin on the northern route,
 * acetic anhydride southbound to Afghanistan, cash couriers structuring
 * their declarations just under the 10,000 USD threshold, methamphetamine
 * through Turkmenistan): an organiser who never crosses, two to four
 * couriers, drivers sharing one vehicle, and one phone. Every six to twelve
 * days some of them cross the template's borders together (the same
 * group_ref and vehicle); one trip ends in a seizure under the network's
 * joint-operation case. Relations record what an analyst would know
 * (organiser_of, drives, owns, travelled_with, shares_phone), with decoys:
 * families sharing a phone, relatives. The watchlist names the organiser,
 * a courier (spelt another way than their records), a driver's passport
 * and the vehicle, beside unrelated wanted persons, entry bans, stolen
 * documents and stolen vehicles.
 */
#include "ingest/gen_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MINUTE 60000ll
#define DAY_MS 86400000ll

struct tmpl {
	const char *what, *substance;
	enum gen_nat org, courier, crew;
	int vkind; /* -1: on foot */
	size_t ncouriers, ndrivers, nhops;
	const char *hops[2][2]; /* exit, entry */
	bool structuring;
	const char *phone;
};

static const struct tmpl tmpls[] = {
	{ "a heroin network on the northern route",
	  "heroin",
	  NAT_AF,
	  NAT_TJ,
	  NAT_TJ,
	  VK_TRUCK,
	  3,
	  2,
	  2,
	  { { "TJ-KYZYLART", "KG-BORDOBO" }, { "KG-AKZHOL", "KZ-KORDAY" } },
	  false,
	  "+992 93" },
	{ "an acetic anhydride network supplying Afghanistan",
	  "precursor",
	  NAT_KZ,
	  NAT_UZ,
	  NAT_UZ,
	  VK_TRUCK,
	  2,
	  2,
	  2,
	  { { "KZ-ZHIBEKZHOLY", "UZ-GISHTKUPRIK" }, { "UZ-AYRITOM", "AF-HAIRATAN" } },
	  false,
	  "+998 90" },
	{ "a cash courier network",
	  "hashish",
	  NAT_UZ,
	  NAT_TJ,
	  NAT_TJ,
	  -1,
	  4,
	  0,
	  1,
	  { { "TJ-FOTEHOBOD", "UZ-OYBEK" } },
	  true,
	  "+992 92" },
	{ "a methamphetamine network through Turkmenistan",
	  "methamphetamine",
	  NAT_AF,
	  NAT_TM,
	  NAT_TM,
	  VK_CAR,
	  2,
	  1,
	  2,
	  { { "TM-FARAP", "UZ-ALAT" }, { "UZ-GISHTKUPRIK", "KZ-ZHIBEKZHOLY" } },
	  false,
	  "+993 65" },
};

#define NTMPL (sizeof tmpls / sizeof *tmpls)

static const struct tmpl *tmpl_of(const struct gen_net *n)
{
	return &tmpls[n->tmpl];
}

/* ---- members ---- */

bool gen_is_network_member(const struct gen *g, size_t person)
{
	for (size_t i = 0; i < g->nnets; i++) {
		const struct gen_net *n = &g->nets[i];
		if (n->organiser == person)
			return true;
		for (size_t k = 0; k < n->ncouriers; k++)
			if (n->couriers[k] == person)
				return true;
		for (size_t k = 0; k < n->ndrivers; k++)
			if (n->drivers[k] == person)
				return true;
	}
	return false;
}

static bool taken(const struct gen *g, const struct gen_net *cur, size_t person)
{
	if (gen_is_network_member(g, person))
		return true;
	if (cur->organiser == person)
		return true;
	for (size_t k = 0; k < cur->ncouriers; k++)
		if (cur->couriers[k] == person)
			return true;
	for (size_t k = 0; k < cur->ndrivers; k++)
		if (cur->drivers[k] == person)
			return true;
	return false;
}

static size_t recruit(const struct gen *g, const struct gen_net *cur, struct gen_rng *r,
		      enum gen_nat nat, int min_age)
{
	size_t p = 0;
	for (int tries = 0; tries < 50; tries++) {
		p = gen_pick_person(g, r, nat, g->p->start_day, min_age);
		if (!taken(g, cur, p))
			break;
	}
	return p;
}

static size_t vehicle_of_kind(const struct gen *g, struct gen_rng *r, enum gen_nat nat, int kind)
{
	struct gen_vehicle v;
	size_t first = gen_pick_vehicle(g, r, nat);
	for (int tries = 0; tries < 200; tries++) {
		size_t i = tries ? gen_pick_vehicle(g, r, nat) : first;
		gen_vehicle_make(g, i, &v);
		if ((int)v.kind == kind)
			return i;
	}
	return first;
}

/* ---- trips ---- */

/* Who goes on trip k: a driver, one or two couriers. */
static size_t trip_members(const struct gen *g, size_t n, unsigned k, size_t out[3])
{
	const struct gen_net *net = &g->nets[n];
	struct gen_rng r;
	size_t m = 0, c;

	gen_rng_init(&r, g->p->seed, RS_NETWORK, ((uint64_t)(n + 1) << 24) | k);
	if (net->ndrivers)
		out[m++] = net->drivers[k % net->ndrivers];
	c = (size_t)gen_rng_below(&r, net->ncouriers);
	out[m++] = net->couriers[c];
	if (net->ncouriers > 1 && gen_rng_chance(&r, 500))
		out[m++] = net->couriers[(c + 1) % net->ncouriers];
	return m;
}

static size_t trip_crossings(const struct gen *g, size_t n, unsigned k)
{
	const struct gen_net *net = &g->nets[n];
	size_t m[3], sides = 0, members = trip_members(g, n, k, m);
	for (size_t h = 0; h < net->nhops; h++)
		sides += (net->hop_out[h] >= 0) + (net->hop_in[h] >= 0);
	return members * sides;
}

size_t gen_networks_crossings(const struct gen *g)
{
	size_t total = 0;
	for (size_t n = 0; n < g->nnets; n++)
		for (unsigned k = 0; k < g->nets[n].ntrips; k++)
			total += trip_crossings(g, n, k);
	return total;
}

/* ---- the plan ---- */

static void plan_hops(const struct gen *g, struct gen_net *n)
{
	const struct tmpl *t = tmpl_of(n);
	n->nhops = 0;
	for (size_t h = 0; h < t->nhops; h++) {
		int out = gen_bcp_find(g->b, t->hops[h][0]), in = gen_bcp_find(g->b, t->hops[h][1]);
		if (out < 0 && in < 0)
			continue;
		n->hop_out[n->nhops] = out;
		n->hop_in[n->nhops++] = in;
	}
}

static void plan_members(const struct gen *g, struct gen_net *n, struct gen_rng *r)
{
	const struct tmpl *t = tmpl_of(n);

	n->organiser = recruit(g, n, r, t->org, 30);
	n->ncouriers = 0;
	n->ndrivers = 0;
	for (size_t i = 0; i < t->ncouriers; i++)
		n->couriers[n->ncouriers++] = recruit(g, n, r, t->courier, 20);
	for (size_t i = 0; i < t->ndrivers; i++)
		n->drivers[n->ndrivers++] = recruit(g, n, r, t->crew, 25);
	n->nvehicles = t->vkind >= 0 ? 1 : 0;
	if (n->nvehicles)
		n->vehicles[0] = vehicle_of_kind(g, r, t->crew, t->vkind);
}

static void plan_calendar(const struct gen *g, struct gen_net *n, struct gen_rng *r)
{
	unsigned days = g->sz->days;
	n->period = (unsigned)gen_rng_range(r, 6, 12);
	n->first_day = (unsigned)gen_rng_below(r, n->period < days ? n->period : days);
	n->ntrips = n->nhops ? (days - n->first_day + n->period - 1) / n->period : 0;
	n->seizure_trip = n->ntrips >= 3 ?
				  (unsigned)gen_rng_range(r, n->ntrips / 2, n->ntrips - 1) :
				  n->ntrips;
}

int gen_networks_plan(struct gen *g)
{
	size_t budget = g->sz->crossings / 5;
	int y, m, d;

	g->nets = rics_calloc(g->sz->networks ? g->sz->networks : 1, sizeof *g->nets);
	if (!g->nets)
		return -ENOMEM;
	gen_civil(g->p->start_day, &y, &m, &d);
	for (size_t i = 0; i < g->sz->networks; i++) {
		struct gen_net *n = &g->nets[i];
		struct gen_rng r;
		gen_rng_init(&r, g->p->seed, RS_NETWORK, i);
		n->tmpl = (int)(i % NTMPL);
		plan_hops(g, n);
		plan_members(g, n, &r);
		plan_calendar(g, n, &r);
		snprintf(n->phone, sizeof n->phone, "%s %03u %02u %02u", tmpl_of(n)->phone,
			 (unsigned)gen_rng_below(&r, 1000), (unsigned)gen_rng_below(&r, 100),
			 (unsigned)gen_rng_below(&r, 100));
		snprintf(n->case_ref, sizeof n->case_ref, "JOP-%04d-%03zu", y % 10000, i + 1);
		g->nnets = i + 1;
		g->st.network_members += 1 + n->ncouriers + n->ndrivers;
		/* tiny runs: no more than a fifth of the crossings are the networks' */
		while (n->ntrips && gen_networks_crossings(g) > budget)
			n->ntrips--;
		if (n->seizure_trip > n->ntrips)
			n->seizure_trip = n->ntrips;
	}
	g->st.networks = g->nnets;
	return 0;
}

void gen_networks_release(struct gen *g)
{
	rics_free(g->nets);
	g->nets = NULL;
	g->nnets = 0;
}

static int hop(struct gen *g, struct gen_rng *r, struct gen_day *day, size_t n, unsigned k,
	       size_t h, const size_t *m, size_t nm)
{
	const struct gen_net *net = &g->nets[n];
	const struct tmpl *t = tmpl_of(net);
	bool back = k % 2;
	size_t hh = back ? net->nhops - 1 - h : h;
	int a = back ? net->hop_in[hh] : net->hop_out[hh],
	    b = back ? net->hop_out[hh] : net->hop_in[hh];
	struct gen_trip tr = { 0 };
	int rc = 0;

	tr.bcp = a >= 0 ? a : b;
	tr.other = a >= 0 ? b : -1;
	tr.dir = a >= 0 ? 1 : 0;
	tr.mode = (uint8_t)(t->vkind >= 0 ? MODE_ROAD : MODE_PED);
	tr.t = (g->p->start_day + day->index) * DAY_MS + (int64_t)(2 + 6 * h) * 60 * MINUTE +
	       gen_rng_range(r, 0, 240) * MINUTE;
	tr.transit = gen_rng_range(r, 40, 200) * MINUTE;
	tr.vehicle = net->nvehicles ? (int32_t)net->vehicles[k % net->nvehicles] : -1;
	tr.group = gen_day_group(day);
	tr.flight = -1;
	tr.left = SIZE_MAX;
	for (size_t i = 0; i < nm && !rc; i++) {
		rc = gen_trip_add(g, r, day, &tr, m[i]);
		/* couriers carry cash just under the threshold: structuring */
		if (!rc && i + 1 == nm && (t->structuring || (back && h == 0)))
			rc = gen_declare(g, r, day, &tr.last, (double)gen_rng_range(r, 9000, 9900),
					 1);
	}
	if (!rc && k == net->seizure_trip && h + 1 == net->nhops) {
		int sub = 0;
		while (gen_substances[sub] && strcmp(gen_substances[sub], t->substance))
			sub++;
		struct gen_seize_args s = { tr.bcp,     (enum gen_mode)tr.mode,
					    t->vkind,   tr.last.t + 30 * MINUTE,
					    m,          nm,
					    tr.vehicle, (int32_t)n,
					    sub };
		rc = gen_seize(g, r, day, &s);
	}
	return rc;
}

int gen_networks_day(struct gen *g, struct gen_day *day)
{
	int rc = 0;
	for (size_t n = 0; n < g->nnets && !rc; n++) {
		const struct gen_net *net = &g->nets[n];
		unsigned k;
		struct gen_rng r;
		size_t m[3], nm;
		if (day->index < net->first_day || (day->index - net->first_day) % net->period)
			continue;
		k = (day->index - net->first_day) / net->period;
		if (k >= net->ntrips)
			continue;
		nm = trip_members(g, n, k, m);
		gen_rng_init(&r, g->p->seed, RS_TRIP, ((uint64_t)(n + 1) << 32) | k);
		for (size_t h = 0; h < net->nhops && !rc; h++)
			rc = hop(g, &r, day, n, k, h, m, nm);
	}
	return rc;
}

/* ---- relations ---- */

struct rel {
	const char *from_type;
	char from_prefix;
	size_t from;
	const char *to_type;
	char to_prefix;
	size_t to;
	const char *kind;
	const char *note;
	bool intel; /* from intelligence: RESTRICTED, graded */
};

static int relation_row(struct gen *g, const struct rel *x)
{
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	rc = rc ? rc : gen_set_ref(o, "_ref", 'r', g->st.rows[GEN_RELATIONS]);
	rc = rc ? rc : gen_set_str(o, "from_type", x->from_type);
	rc = rc ? rc : gen_set_ref(o, "_from_ref", x->from_prefix, x->from);
	rc = rc ? rc : gen_set_str(o, "to_type", x->to_type);
	rc = rc ? rc : gen_set_ref(o, "_to_ref", x->to_prefix, x->to);
	rc = rc ? rc : gen_set_str(o, "kind", x->kind);
	rc = rc ? rc : gen_set_str(o, "note", x->note);
	if (!rc && x->intel) {
		rc = gen_set_str(o, "classification", "RESTRICTED");
		rc = rc ? rc : gen_set_str(o, "reliability", "B");
		rc = rc ? rc : gen_set_int(o, "assessment", 2);
	}
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_RELATIONS, o);
}

static int person_rel(struct gen *g, size_t a, size_t b, const char *kind, const char *note,
		      bool intel)
{
	struct rel x = { "person", 'p', a, "person", 'p', b, kind, note, intel };
	return relation_row(g, &x);
}

static int network_relations(struct gen *g, const struct gen_net *n)
{
	char note[160];
	int rc = 0;

	snprintf(note, sizeof note, "named as the organiser of %s by an informant (%s)",
		 tmpl_of(n)->what, n->case_ref);
	for (size_t i = 0; i < n->ncouriers && !rc; i++)
		rc = person_rel(g, n->organiser, n->couriers[i], "organiser_of", note, true);
	for (size_t i = 0; i < n->ndrivers && !rc; i++)
		rc = person_rel(g, n->organiser, n->drivers[i], "organiser_of", note, true);
	for (size_t i = 0; i < n->ndrivers && n->nvehicles && !rc; i++) {
		struct rel x = { "person",      'p',
				 n->drivers[i], "vehicle",
				 'v',           n->vehicles[0],
				 "drives",      "seen driving it across the border",
				 true };
		rc = relation_row(g, &x);
	}
	if (!rc && n->nvehicles) {
		struct rel x = { "person",     'p',
				 n->organiser, "vehicle",
				 'v',          n->vehicles[0],
				 "owns",       "bought in cash, registered to a relative",
				 true };
		rc = relation_row(g, &x);
	}
	for (size_t i = 0; i < n->ncouriers && n->ndrivers && !rc; i++)
		rc = person_rel(g, n->couriers[i], n->drivers[0], "travelled_with",
				"crossed together in the same vehicle more than once", true);
	snprintf(note, sizeof note, "the same mobile number %s used by both", n->phone);
	if (!rc)
		rc = person_rel(g, n->organiser, n->couriers[0], "shares_phone", note, true);
	if (!rc)
		rc = person_rel(g, n->couriers[0], n->ndrivers ? n->drivers[0] : n->couriers[1],
				"shares_phone", note, true);
	return rc;
}

/* Families: relatives, and spouses sharing a phone (decoys for analysis).
 * Households are visited with a stride coprime to their number, so none is
 * visited twice and no relation is written twice. */
static int family_relations(struct gen *g)
{
	size_t want = g->persons / 100 > 4 ? g->persons / 100 : 4, n = g->nblocks;
	size_t stride = n % 7919 ? 7919 : 7907, b;
	struct gen_rng r;
	int rc = 0;

	gen_rng_init(&r, g->p->seed, RS_RELATION, 0);
	b = (size_t)gen_rng_below(&r, n);
	for (size_t i = 0, made = 0; i < n && made < want && !rc; i++, b = (b + stride) % n) {
		struct gen_person p;
		gen_person_traits(g, 4 * b, &p);
		if (p.role != 0)
			continue;
		if (gen_rng_chance(&r, 500))
			rc = person_rel(g, 4 * b, 4 * b + 2 + gen_rng_below(&r, 2), "relative",
					"parent and child, same household", false);
		else
			rc = person_rel(g, 4 * b, 4 * b + 1, "shares_phone",
					"spouses, one family phone", false);
		made++;
	}
	return rc;
}

int gen_emit_relations(struct gen *g)
{
	int rc = 0;
	for (size_t n = 0; n < g->nnets && !rc; n++)
		rc = network_relations(g, &g->nets[n]);
	return rc ? rc : family_relations(g);
}

/* ---- watchlist ---- */

struct entry {
	const char *type, *list, *reason, *action, *owner;
	const char *surname, *given, *birth, *nationality, *number, *plate, *subject;
	const char *classification;
	json_t *other;   /* borrowed; NULL */
	int64_t expires; /* ms; 0: none */
	int threshold;
};

static int watch_row(struct gen *g, const struct entry *e)
{
	char when[21];
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	rc = rc ? rc : gen_set_ref(o, "_ref", 'w', g->st.rows[GEN_WATCHLIST]);
	rc = rc ? rc : gen_set_str(o, "_subject", e->subject);
	rc = rc ? rc : gen_set_str(o, "subject_type", e->type);
	rc = rc ? rc : gen_set_str(o, "list_name", e->list);
	rc = rc ? rc : gen_set_str(o, "surname", e->surname);
	rc = rc ? rc : gen_set_str(o, "given_names", e->given);
	if (!rc && e->other && json_array_size(e->other))
		rc = json_object_set(o, "other_names", e->other) ? -ENOMEM : 0;
	rc = rc ? rc : gen_set_str(o, "birth_date", e->birth);
	rc = rc ? rc : gen_set_str(o, "nationality", e->nationality);
	rc = rc ? rc : gen_set_str(o, "document_number", e->number);
	rc = rc ? rc : gen_set_str(o, "plate", e->plate);
	rc = rc ? rc : gen_set_str(o, "reason", e->reason);
	rc = rc ? rc : gen_set_str(o, "action", e->action);
	rc = rc ? rc : gen_set_str(o, "owner", e->owner);
	if (!rc && e->expires) {
		gen_time(e->expires, when);
		rc = gen_set_str(o, "expires_at", when);
	}
	if (!rc && e->threshold)
		rc = gen_set_int(o, "threshold", e->threshold);
	rc = rc ? rc : gen_set_str(o, "classification", e->classification);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_WATCHLIST, o);
}

/* A person's name as another system than their records wrote it: the MRZ,
 * an older passport, a typing error, the other script. */
static int spelled(struct gen_rng *r, const struct gen_person *p, unsigned how, char *sur,
		   char *giv, size_t size)
{
	struct strbuf a, b;
	int rc = 0;

	strbuf_init(&a, size - 1);
	strbuf_init(&b, size - 1);
	if (how == 0 || (how == 1 && p->nat == NAT_AF && (p->arabic || !p->other[0]))) {
		rc = strbuf_adds(&a, p->mrz_surname) || strbuf_adds(&b, p->mrz_given);
	} else if (how == 1 && p->nat == NAT_AF) {
		/* the Dari spelling, given name first, as one field */
		rc = strbuf_adds(&a, p->other);
	} else if (how == 1 && p->has_old) {
		rc = strbuf_adds(&a, p->old_surname) || strbuf_adds(&b, p->old_given);
	} else if (how == 1 && (p->nat == NAT_UZ || p->nat == NAT_TM)) {
		rc = gen_to_cyrillic(p->surname, p->nat, &a) ||
		     gen_to_cyrillic(p->given, p->nat, &b);
	} else {
		rc = gen_typo(r, p->surname, &a) || strbuf_adds(&b, p->given);
	}
	if (!rc) {
		snprintf(sur, size, "%s", a.buf);
		snprintf(giv, size, "%s", b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return rc ? -ENOMEM : 0;
}

static int person_entry(struct gen *g, struct gen_rng *r, size_t person, struct entry *e,
			unsigned how)
{
	char sur[GEN_NAME_MAX * 2], giv[GEN_NAME_MAX * 2], birth[11], subject[32];
	struct gen_person p;
	int rc = gen_person_make(g, person, &p);

	rc = rc ? rc : spelled(r, &p, how, sur, giv, sizeof giv);
	if (rc)
		return rc;
	gen_date(p.birth, birth);
	snprintf(subject, sizeof subject, "p%zu", person);
	e->type = "person";
	e->surname = sur;
	e->given = giv;
	e->birth = birth;
	e->nationality = gen_countries[p.nat].icao;
	e->subject = subject;
	return watch_row(g, e);
}

static int doc_entry(struct gen *g, size_t person, enum gen_doc_kind k, struct entry *e)
{
	char subject[32];
	struct gen_person p;
	struct gen_doc d;
	int rc = gen_person_make(g, person, &p);

	rc = rc ? rc : gen_doc_make(g, &p, k, &d);
	if (rc)
		return rc;
	snprintf(subject, sizeof subject, "d%zu", d.slot);
	e->type = "document";
	e->number = d.number;
	e->nationality = gen_countries[p.nat].icao;
	e->subject = subject;
	return watch_row(g, e);
}

static int plate_entry(struct gen *g, size_t vehicle, struct entry *e)
{
	char subject[32];
	struct gen_vehicle v;

	gen_vehicle_make(g, vehicle, &v);
	snprintf(subject, sizeof subject, "v%zu", vehicle);
	e->type = "vehicle";
	e->plate = v.plate;
	e->subject = subject;
	return watch_row(g, e);
}

static void network_entry(struct entry *e, const char *owner, const char *reason,
			  const char *action)
{
	memset(e, 0, sizeof *e);
	e->list = "drug-trafficking";
	e->owner = owner;
	e->classification = "RESTRICTED";
	e->reason = reason;
	e->action = action;
}

static int network_watch(struct gen *g, size_t i)
{
	const struct gen_net *n = &g->nets[i];
	const struct tmpl *t = tmpl_of(n);
	char reason[200], owner[120];
	struct gen_rng r;
	struct entry e;
	int hopb = n->nhops ? (n->hop_out[0] >= 0 ? n->hop_out[0] : n->hop_in[0]) : -1;
	int rc;

	gen_rng_init(&r, g->p->seed, RS_WATCH, (uint64_t)1 << 40 | i);
	snprintf(owner, sizeof owner, "%s BLO", hopb >= 0 ? g->b->v[hopb].name : "regional");
	snprintf(reason, sizeof reason, "organiser of %s (%s)", t->what, n->case_ref);
	network_entry(&e, owner, reason, "detain");
	e.threshold = 80;
	if ((rc = person_entry(g, &r, n->organiser, &e, 0)) != 0)
		return rc;
	snprintf(reason, sizeof reason, "courier of %s: report every crossing to the BLO (%s)",
		 t->what, n->case_ref);
	network_entry(&e, owner, reason, "discreet_check");
	if ((rc = person_entry(g, &r, n->couriers[0], &e, 1)) != 0)
		return rc;
	if (n->ndrivers) {
		snprintf(reason, sizeof reason, "passport of a driver of %s (%s)", t->what,
			 n->case_ref);
		network_entry(&e, owner, reason, "inform");
		if ((rc = doc_entry(g, n->drivers[0], DOC_PASSPORT, &e)) != 0)
			return rc;
	}
	if (n->nvehicles) {
		snprintf(reason, sizeof reason, "vehicle used by %s (%s)", t->what, n->case_ref);
		network_entry(&e, owner, reason, "discreet_check");
		rc = plate_entry(g, n->vehicles[0], &e);
	}
	return rc;
}

static const char *const wanted[] = {
	"wanted for questioning in a fraud case",
	"absconded from a criminal trial",
	"suspected of smuggling cigarettes",
	"missing person: inform the family",
	"suspected member of a migrant smuggling ring",
};
static const char *const warrants[] = {
	"international arrest warrant: drug trafficking",
	"arrest warrant: armed robbery",
	"arrest warrant: human trafficking",
};
static const char *const bans[] = {
	"entry ban after deportation",
	"entry ban: forged documents used before",
	"entry ban: overstayed twice",
};

static int random_person(struct gen *g, struct gen_rng *r, struct entry *e)
{
	static const unsigned aw[] = { 50, 30, 20 };
	static const char *const actions[] = { "inform", "discreet_check", "detain" };
	size_t p;
	do
		p = (size_t)gen_rng_below(r, g->persons);
	while (gen_is_network_member(g, p));
	e->list = "wanted-persons";
	e->reason = wanted[gen_rng_below(r, sizeof wanted / sizeof *wanted)];
	e->action = actions[gen_rng_pick(r, aw, 3)];
	e->classification = "RESTRICTED";
	return person_entry(g, r, p, e, (unsigned)gen_rng_below(r, 3));
}

/* Someone who is in no record: a name from the lists, never seen crossing. */
static int stranger(struct gen *g, struct gen_rng *r, struct entry *e)
{
	enum gen_nat nat = (enum gen_nat)gen_rng_below(r, NAT_COUNT);
	const struct gen_names *nm = gen_names_for(nat);
	char sex = gen_rng_chance(r, 200) ? 'F' : 'M', birth[11];
	struct strbuf s, gv;
	int rc;

	strbuf_init(&s, 0);
	strbuf_init(&gv, 0);
	rc = sex == 'F' ? gen_feminine(gen_name_pick(r, &nm->surnames)->s, nat, &s) :
	     strbuf_adds(&s, gen_name_pick(r, &nm->surnames)->s) ? -ENOMEM :
								   0;
	if (!rc && strbuf_adds(&gv, gen_name_pick(r, sex == 'F' ? &nm->female : &nm->male)->s))
		rc = -ENOMEM;
	gen_date(g->p->start_day - gen_rng_range(r, 20 * 365, 60 * 365), birth);
	bool wanted_p = gen_rng_chance(r, 500);
	e->type = "person";
	e->list = wanted_p ? "wanted-persons" : "entry-bans";
	e->reason = wanted_p ? warrants[gen_rng_below(r, sizeof warrants / sizeof *warrants)] :
			       bans[gen_rng_below(r, sizeof bans / sizeof *bans)];
	e->action = wanted_p ? "detain" : "refuse_entry";
	e->classification = "RESTRICTED";
	e->surname = s.buf;
	e->given = gv.buf;
	e->birth = birth;
	e->nationality = gen_countries[nat].icao;
	rc = rc ? rc : watch_row(g, e);
	strbuf_release(&s);
	strbuf_release(&gv);
	return rc;
}

static int random_entry(struct gen *g, size_t i)
{
	static const unsigned tw[] = { 35, 20, 25, 20 };
	char owner[120];
	struct gen_rng r;
	struct entry e = { 0 };
	int bcp;

	gen_rng_init(&r, g->p->seed, RS_WATCH, i);
	bcp = (int)gen_rng_below(&r, g->b->n);
	for (size_t k = 0; k < g->b->n && (g->b->v[bcp].nat < 0 || g->b->v[bcp].nat == NAT_AF); k++)
		bcp = (bcp + 1) % (int)g->b->n; /* a BLO of the five countries */
	snprintf(owner, sizeof owner, "%s BLO", g->b->v[bcp].name);
	e.owner = owner;
	e.classification = "UNCLASSIFIED";
	e.expires = gen_rng_chance(&r, 300) ?
			    (g->p->start_day + gen_rng_range(&r, 60, 720)) * DAY_MS :
			    0;
	e.threshold = gen_rng_chance(&r, 100) ? 85 : 0;
	switch (gen_rng_pick(&r, tw, 4)) {
	case 0: return random_person(g, &r, &e);
	case 1: return stranger(g, &r, &e);
	case 2: {
		size_t p = (size_t)gen_rng_below(&r, g->persons);
		struct gen_person per;
		gen_person_traits(g, p, &per);
		e.list = "lost-stolen-documents";
		e.reason = per.has_old ? "old passport reported stolen" : "passport reported lost";
		e.action = gen_rng_chance(&r, 700) ? "detain" : "inform";
		return doc_entry(g, p, per.has_old ? DOC_OLD : DOC_PASSPORT, &e);
	}
	default:
		e.list = "stolen-vehicles";
		e.reason = "vehicle reported stolen";
		e.action = gen_rng_chance(&r, 600) ? "detain" : "discreet_check";
		return plate_entry(g, (size_t)gen_rng_below(&r, g->sz->vehicles), &e);
	}
}

int gen_emit_watchlist(struct gen *g)
{
	int rc = 0;
	for (size_t n = 0; n < g->nnets && !rc; n++)
		rc = network_watch(g, n);
	for (size_t i = 0; i < g->sz->watchlist && !rc; i++)
		rc = random_entry(g, i);
	return rc;
}
