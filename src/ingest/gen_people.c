// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Persons, their documents and vehicles, each a pure function of the seed
 * and its index, so that a crossing can make its traveller again instead of
 * keeping a million persons in memory.
 *
 * Persons come in households of four consecutive indices sharing a
 * nationality. About four in ten households are families: a father, a
 * mother and two children with the father's surname (in its feminine form
 * for women) and a patronymic from his given name; the others are four
 * unrelated adults. The nationality of household b is the slot b mod 100 of
 * a table spread by weight, so the j-th person of a nationality is found
 * without a search.
 *
 * Documents: every person has a passport (TD3 MRZ); many Kazakh, Kyrgyz and
 * Uzbek adults an identity card (TD1); some older travellers an expired
 * passport written in the transliteration of its day. Numbers follow each
 * country's format and are unique: their digits are an affine permutation
 * of the document's slot (3 * person + kind).
 */
#include "ingest/gen_int.h"

#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define YEAR 365

struct block {
	bool family, uulu, mother_own;
	const struct gen_name *surname, *father, *grandfather;
	int64_t birth[4];
	char sex[4];
	enum gen_patro_style style;
};

/* How often a person's records carry a patronymic, and in the national
 * rather than the Russian style, per mille. */
static const unsigned patro_rate[NAT_COUNT] = { 950, 900, 700, 900, 900, 1000, 1000 };
static const unsigned national_rate[NAT_COUNT] = { 500, 300, 0, 1000, 500, 0, 1000 };
static const unsigned id_rate[NAT_COUNT] = { 600, 500, 0, 0, 400, 0, 0 };

static enum gen_nat block_nat(const struct gen *g, size_t b)
{
	return (enum gen_nat)g->nat_slot[b % GEN_SLOTS];
}

static int64_t start(const struct gen *g)
{
	return g->p->start_day;
}

static void block_make(const struct gen *g, size_t b, struct block *k)
{
	enum gen_nat nat = block_nat(g, b);
	const struct gen_names *nm = gen_names_for(nat);
	struct gen_rng r;
	int64_t father;

	gen_rng_init(&r, g->p->seed, RS_BLOCK, b);
	k->family = gen_rng_chance(&r, nat == NAT_AF ? 500 : 380);
	k->uulu = nat == NAT_KG && gen_rng_chance(&r, 120);
	k->mother_own = gen_rng_chance(&r, 300);
	k->surname = gen_name_pick(&r, &nm->surnames);
	k->father = gen_name_pick(&r, &nm->male);
	k->grandfather = gen_name_pick(&r, &nm->male);
	k->style = gen_rng_chance(&r, national_rate[nat]) ? PATRO_NATIONAL : PATRO_RUSSIAN;
	father = start(g) - gen_rng_range(&r, 32 * YEAR, 62 * YEAR);
	k->birth[0] = father;
	k->birth[1] = father + gen_rng_range(&r, 0, 6 * YEAR);
	k->sex[0] = 'M';
	k->sex[1] = 'F';
	for (int m = 2; m < 4; m++) {
		int64_t t = father + gen_rng_range(&r, 22 * YEAR, 38 * YEAR);
		k->birth[m] = t < start(g) - 200 ? t : start(g) - 200 - m * 40;
		k->sex[m] = gen_rng_chance(&r, 500) ? 'F' : 'M';
	}
}

int gen_age(const struct gen_person *p, int64_t day)
{
	int y1, m1, d1, y2, m2, d2;
	gen_civil(p->birth, &y1, &m1, &d1);
	gen_civil(day, &y2, &m2, &d2);
	return y2 - y1 - (m2 < m1 || (m2 == m1 && d2 < d1));
}

static int64_t adult_birth(const struct gen *g, struct gen_rng *r)
{
	static const unsigned w[] = { 30, 28, 20, 14, 8 };
	size_t decade = gen_rng_pick(r, w, 5);
	int64_t lo = decade == 0 ? 18 : 20 + 10 * (int64_t)decade, hi = decade == 0 ? 29 : lo + 9;
	return start(g) - gen_rng_range(r, lo * YEAR, hi * YEAR + YEAR - 1);
}

/* The traits, leaving r where gen_person_make goes on drawing. */
static void traits_rng(const struct gen *g, size_t i, struct gen_person *p, struct gen_rng *r,
		       struct block *k)
{
	size_t b = i / 4, m = i % 4;
	int age;

	block_make(g, b, k);
	gen_rng_init(r, g->p->seed, RS_PERSON, i);
	p->index = i;
	p->nat = block_nat(g, b);
	p->role = k->family ? (int)m : -1;
	p->sex = k->family ? k->sex[m] : gen_rng_chance(r, 450) ? 'F' : 'M';
	p->birth = k->family ? k->birth[m] : adult_birth(g, r);
	age = gen_age(p, start(g));
	p->has_id = gen_rng_chance(r, id_rate[p->nat]) && age >= 16;
	p->has_old = gen_rng_chance(r, 180) && age >= 28 && p->nat != NAT_TM && p->nat != NAT_AF;
	p->arabic = gen_rng_chance(r, 300) && p->nat == NAT_AF;
	p->cyr_other = false;
	p->surname[0] = p->given[0] = p->patronymic[0] = p->place[0] = p->other[0] = '\0';
	p->mrz_surname[0] = p->mrz_given[0] = p->old_surname[0] = p->old_given[0] = '\0';
}

void gen_person_traits(const struct gen *g, size_t i, struct gen_person *p)
{
	struct gen_rng r;
	struct block k;
	traits_rng(g, i, p, &r, &k);
}

static int copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		return RICS_E_TOO_LARGE;
	memcpy(dst, src, n + 1);
	return 0;
}

/* sb into dst, then sb emptied. */
static int take(struct strbuf *sb, char *dst, size_t size)
{
	int rc = copy(dst, size, sb->buf);
	strbuf_reset(sb);
	return rc;
}

struct choice {
	const struct gen_name *given, *father, *surname;
	bool uulu, patro;
	enum gen_patro_style style;
};

static void choose(const struct gen_person *p, const struct block *k, struct gen_rng *r,
		   struct choice *c)
{
	const struct gen_names *nm = gen_names_for(p->nat);
	int m = p->role;

	c->given = m == 0 ? k->father : gen_name_pick(r, p->sex == 'F' ? &nm->female : &nm->male);
	c->father = m == 0 ? k->grandfather : m >= 2 ? k->father : gen_name_pick(r, &nm->male);
	c->surname = m < 0 || (m == 1 && k->mother_own) ? gen_name_pick(r, &nm->surnames) :
							  k->surname;
	c->uulu = m < 0 ? p->nat == NAT_KG && p->sex == 'M' && gen_rng_chance(r, 80) :
			  k->uulu && m != 1;
	c->patro = gen_rng_chance(r, patro_rate[p->nat]) && !c->uulu;
	c->style = m >= 0                                   ? k->style :
		   gen_rng_chance(r, national_rate[p->nat]) ? PATRO_NATIONAL :
							      PATRO_RUSSIAN;
}

/* A name as the record writes it: Arabic script for some Afghan records. */
static const char *script(const struct gen_person *p, const struct gen_name *n)
{
	return p->arabic && n->x ? n->x : n->s;
}

static int native_names(struct gen_person *p, const struct choice *c, struct strbuf *sb)
{
	int rc;
	if (c->uulu)
		rc = strbuf_addf(sb, "%s %s", c->father->s, p->sex == 'F' ? "кызы" : "уулу") ?
			     -ENOMEM :
			     0;
	else if (p->sex == 'F')
		rc = gen_feminine(script(p, c->surname), p->nat, sb);
	else
		rc = strbuf_adds(sb, script(p, c->surname)) ? -ENOMEM : 0;
	rc = rc ? rc : take(sb, p->surname, sizeof p->surname);
	rc = rc ? rc : copy(p->given, sizeof p->given, script(p, c->given));
	if (!rc && c->patro)
		rc = gen_patronymic(script(p, c->father), p->nat == NAT_RU ? c->father->x : NULL,
				    p->nat, p->sex, c->style, sb);
	return rc ? rc : take(sb, p->patronymic, sizeof p->patronymic);
}

/* The older passport's spelling: the Russian-based one of its day. */
static int old_form(const char *name, enum gen_nat nat, struct strbuf *sb)
{
	struct strbuf cyr;
	int rc;

	strbuf_init(&cyr, 0);
	if (nat == NAT_UZ || nat == NAT_TM)
		rc = gen_to_cyrillic(name, nat, &cyr);
	else
		rc = gen_russify(name, &cyr);
	rc = rc ? rc : gen_translit(cyr.buf, NAT_RU, SYS_RU1997, sb);
	strbuf_release(&cyr);
	return rc;
}

static int latin_names(struct gen_person *p, const struct choice *c, struct strbuf *sb)
{
	int rc = 0;
	if (p->nat == NAT_AF) {
		/* Afghan passports print the Latin spelling; the MRZ is its capitals */
		rc = gen_translit(c->surname->s, p->nat, SYS_ICAO, sb);
		rc = rc ? rc : take(sb, p->mrz_surname, sizeof p->mrz_surname);
		rc = rc ? rc : gen_translit(c->given->s, p->nat, SYS_ICAO, sb);
		rc = rc ? rc : take(sb, p->mrz_given, sizeof p->mrz_given);
		rc = rc ? rc :
		     strbuf_addf(sb, "%s %s", p->arabic ? c->given->s : c->given->x,
				 p->arabic ? c->surname->s : c->surname->x) ?
			  -ENOMEM :
			  0;
		return rc ? rc : take(sb, p->other, sizeof p->other);
	}
	rc = gen_translit(p->surname, p->nat, SYS_ICAO, sb);
	rc = rc ? rc : take(sb, p->mrz_surname, sizeof p->mrz_surname);
	rc = rc ? rc : gen_translit(p->given, p->nat, SYS_ICAO, sb);
	rc = rc ? rc : take(sb, p->mrz_given, sizeof p->mrz_given);
	if (!rc && p->has_old) {
		rc = old_form(p->surname, p->nat, sb);
		rc = rc ? rc : take(sb, p->old_surname, sizeof p->old_surname);
		rc = rc ? rc : old_form(p->given, p->nat, sb);
		rc = rc ? rc : take(sb, p->old_given, sizeof p->old_given);
	}
	return rc;
}

int gen_person_make(const struct gen *g, size_t i, struct gen_person *p)
{
	const struct gen_names *nm;
	struct gen_rng r;
	struct block k;
	struct choice c;
	struct strbuf sb;
	int rc;

	traits_rng(g, i, p, &r, &k);
	nm = gen_names_for(p->nat);
	choose(p, &k, &r, &c);
	p->father_name = (unsigned)(c.father - nm->male.v);
	strbuf_init(&sb, 0);
	rc = native_names(p, &c, &sb);
	rc = rc ? rc : latin_names(p, &c, &sb);
	rc = rc ? rc : copy(p->place, sizeof p->place, script(p, gen_name_pick(&r, &nm->places)));
	p->cyr_other = (p->nat == NAT_UZ || p->nat == NAT_TM) && gen_rng_chance(&r, 400);
	strbuf_release(&sb);
	return rc;
}

/* ---- who is who ---- */

size_t gen_persons_of(const struct gen *g, enum gen_nat n)
{
	size_t full = g->nblocks / GEN_SLOTS, rem = g->nblocks % GEN_SLOTS, c = 0;
	for (size_t i = 0; i < g->nat_npos[n]; i++)
		c += g->nat_pos[n][i] < rem;
	return 4 * (full * g->nat_npos[n] + c);
}

size_t gen_person_of(const struct gen *g, enum gen_nat n, size_t j)
{
	size_t blk = j / 4, cycle = blk / g->nat_npos[n];
	return 4 * (cycle * GEN_SLOTS + g->nat_pos[n][blk % g->nat_npos[n]]) + j % 4;
}

size_t gen_vehicles_of(const struct gen *g, enum gen_nat n)
{
	size_t v = g->sz->vehicles, full = v / GEN_SLOTS, rem = v % GEN_SLOTS, c = 0;
	for (size_t i = 0; i < g->veh_npos[n]; i++)
		c += g->veh_pos[n][i] < rem;
	return full * g->veh_npos[n] + c;
}

size_t gen_vehicle_of(const struct gen *g, enum gen_nat n, size_t j)
{
	return j / g->veh_npos[n] * GEN_SLOTS + g->veh_pos[n][j % g->veh_npos[n]];
}

/* Half the picks go to the first fifth: the traders and drivers who cross
 * every week. */
static size_t skewed(struct gen_rng *r, size_t n)
{
	return gen_rng_chance(r, 500) ? (size_t)gen_rng_below(r, n) :
					(size_t)gen_rng_below(r, n / 5 ? n / 5 : 1);
}

size_t gen_pick_person(const struct gen *g, struct gen_rng *r, enum gen_nat n, int64_t day,
		       int min_age)
{
	struct gen_person p;
	size_t cnt = gen_persons_of(g, n), i = 0;

	for (int tries = 0; tries < 12; tries++) {
		i = cnt ? gen_person_of(g, n, skewed(r, cnt)) :
			  (size_t)gen_rng_below(r, g->persons);
		gen_person_traits(g, i, &p);
		if (gen_age(&p, day) >= min_age)
			break;
	}
	return i;
}

size_t gen_pick_vehicle(const struct gen *g, struct gen_rng *r, enum gen_nat n)
{
	size_t cnt = gen_vehicles_of(g, n);
	return cnt ? gen_vehicle_of(g, n, skewed(r, cnt)) :
		     (size_t)gen_rng_below(r, g->sz->vehicles);
}

size_t gen_household(const struct gen *g, const struct gen_person *p, size_t out[3])
{
	size_t n = 0, base = p->index / 4 * 4;
	if (p->role < 0)
		return 0;
	for (size_t m = 0; m < 4; m++)
		if (base + m != p->index && base + m < g->persons)
			out[n++] = base + m;
	return n;
}

/* ---- documents ---- */

static unsigned digits7(const struct gen *g, size_t slot)
{
	return (unsigned)((slot * 3141593ull + g->salt_doc % 10000000ull) % 10000000ull);
}

static void doc_number(const struct gen *g, const struct gen_person *p, enum gen_doc_kind k,
		       size_t slot, struct gen_rng *r, char out[24])
{
	unsigned v = digits7(g, slot), d = (unsigned)gen_rng_below(r, 10);
	switch (p->nat) {
	case NAT_KZ: snprintf(out, 24, k == DOC_ID ? "0%u%07u" : "N%u%07u", d, v); break;
	case NAT_KG:
		snprintf(out, 24, "%s%07u", k == DOC_ID ? "ID" : k == DOC_OLD ? "AN" : "PE", v);
		break;
	case NAT_TJ: snprintf(out, 24, "%s%07u", k == DOC_OLD ? "A" : "40", v); break;
	case NAT_TM: snprintf(out, 24, "A%07u", v); break;
	case NAT_UZ:
		snprintf(out, 24, "%s%07u", k == DOC_ID ? "AD" : k == DOC_OLD ? "AA" : "FA", v);
		break;
	case NAT_RU: snprintf(out, 24, "%u%07u", (k == DOC_OLD ? 60 : 70) + d, v); break;
	default: snprintf(out, 24, "P0%07u", v); break;
	}
}

static int validity_days(const struct gen_person *p, enum gen_doc_kind k, int64_t issue)
{
	int years = k == DOC_PASSPORT && p->nat == NAT_AF ? 5 : 10;
	if (gen_age(p, issue) < 16 && k != DOC_OLD)
		years = 5;
	return years * YEAR + years / 4;
}

static void doc_dates(const struct gen *g, const struct gen_person *p, enum gen_doc_kind k,
		      int64_t *issue, int64_t *expiry)
{
	struct gen_rng r;
	int64_t lo, hi;

	gen_rng_init(&r, g->p->seed, RS_DOC, (3 * p->index + k) | (1ull << 40));
	if (k == DOC_OLD) {
		int64_t pi, pe;
		doc_dates(g, p, DOC_PASSPORT, &pi, &pe);
		*expiry = pi - gen_rng_range(&r, 1, 60);
		*issue = *expiry - validity_days(p, k, *expiry) + 1;
		return;
	}
	hi = start(g) - 30;
	lo = hi - (k == DOC_PASSPORT && p->nat == NAT_AF ? 5 : 10) * YEAR + 90;
	if (lo < p->birth + 30)
		lo = p->birth + 30;
	*issue = gen_rng_range(&r, lo, hi > lo ? hi : lo);
	*expiry = *issue + validity_days(p, k, *issue) - 1;
}

/* Kazakhstan's IIN: YYMMDD, century and sex, serial, check digit. */
static void kz_iin(const struct gen_person *p, struct gen_rng *r, char out[16])
{
	int y, m, d;
	gen_civil(p->birth, &y, &m, &d);
	for (unsigned serial = (unsigned)gen_rng_below(r, 10000);; serial = (serial + 1) % 10000) {
		int c = (y >= 2000 ? 5 : 3) + (p->sex == 'F'), sum = 0, check;
		snprintf(out, 16, "%02d%02d%02d%d%04u", y % 100, m, d, c, serial);
		for (int i = 0; i < 11; i++)
			sum += (i + 1) * (out[i] - '0');
		check = sum % 11;
		if (check == 10) {
			sum = 0;
			for (int i = 0; i < 11; i++)
				sum += ((i + 2) % 11 + 1) * (out[i] - '0');
			check = sum % 11;
		}
		if (check < 10) {
			out[11] = (char)('0' + check);
			out[12] = '\0';
			return;
		}
	}
}

/* Personal numbers: KZ IIN, KG PIN, UZ PINFL (with its 7-3-1 check digit). */
static void personal_number(const struct gen *g, const struct gen_person *p, char out[16])
{
	struct gen_rng r;
	int y, m, d, sum = 0;

	gen_rng_init(&r, g->p->seed, RS_PIN, p->index);
	gen_civil(p->birth, &y, &m, &d);
	out[0] = '\0';
	if (p->nat == NAT_KZ) {
		kz_iin(p, &r, out);
	} else if (p->nat == NAT_KG) {
		snprintf(out, 16, "%d%02d%02d%04d%05u", p->sex == 'F' ? 1 : 2, d, m, y,
			 (unsigned)gen_rng_below(&r, 100000));
	} else if (p->nat == NAT_UZ) {
		snprintf(out, 16, "%d%02d%02d%02d%03u%03u", (y >= 2000 ? 5 : 3) + (p->sex == 'F'),
			 d, m, y % 100, (unsigned)gen_rng_range(&r, 1, 999),
			 (unsigned)gen_rng_below(&r, 1000));
		for (int i = 0; i < 13; i++)
			sum += (out[i] - '0') * (i % 3 == 0 ? 7 : i % 3 == 1 ? 3 : 1);
		out[13] = (char)('0' + sum % 10);
		out[14] = '\0';
	}
}

static int doc_mrz(const struct gen *g, const struct gen_person *p, struct gen_doc *d)
{
	const char *icao = gen_countries[p->nat].icao;
	char birth[11], expiry[11], pin[16];
	struct mrz_fields f = { 0 };

	gen_date(p->birth, birth);
	gen_date(d->expiry, expiry);
	personal_number(g, p, pin);
	f.document_code = d->kind == DOC_ID ? "ID" : "P";
	f.issuing_state = icao;
	f.nationality = icao;
	f.surname = d->kind == DOC_OLD ? p->old_surname : p->mrz_surname;
	f.given_names = d->kind == DOC_OLD ? p->old_given : p->mrz_given;
	f.document_number = d->number;
	f.birth_date = birth;
	f.expiry_date = expiry;
	f.sex = p->sex;
	f.optional_data = d->kind == DOC_OLD ? NULL : pin;
	if (d->kind == DOC_ID)
		return mrz_build_td1(&f, d->mrz);
	return mrz_build_td3(&f, d->mrz);
}

int gen_doc_make(const struct gen *g, const struct gen_person *p, enum gen_doc_kind k,
		 struct gen_doc *d)
{
	struct gen_rng r;

	d->kind = k;
	d->slot = 3 * p->index + k;
	gen_rng_init(&r, g->p->seed, RS_DOC, d->slot);
	doc_number(g, p, k, d->slot, &r, d->number);
	doc_dates(g, p, k, &d->issue, &d->expiry);
	return doc_mrz(g, p, d);
}

/* ---- vehicles ---- */

struct model {
	const char *make, *model, *wmi;
};

static const struct model cars[] = {
	{ "Toyota", "Camry", "JTN" },
	{ "Toyota", "Land Cruiser", "JTM" },
	{ "Lada", "Vesta", "XTA" },
	{ "Lada", "Granta", "XTA" },
	{ "Chevrolet", "Cobalt", "XWB" },
	{ "Chevrolet", "Nexia", "XWB" },
	{ "Chevrolet", "Lacetti", "XWB" },
	{ "Chevrolet", "Spark", "XWB" },
	{ "Hyundai", "Accent", "KMH" },
	{ "Hyundai", "Tucson", "KMH" },
	{ "Kia", "Rio", "XWE" },
	{ "Honda", "Fit", "JHM" },
	{ "Lexus", "RX 350", "JTJ" },
	{ "Daewoo", "Matiz", "XWB" },
	{ "Mercedes-Benz", "E 200", "WDD" },
	{ "Volkswagen", "Passat", "WVW" },
	{ "Opel", "Astra", "W0L" },
};
static const struct model trucks[] = {
	{ "KAMAZ", "5490", "XTC" },
	{ "MAN", "TGX", "WMA" },
	{ "Volvo", "FH", "YV2" },
	{ "DAF", "XF", "XLR" },
	{ "Mercedes-Benz", "Actros", "WDB" },
	{ "Sinotruk", "Howo", "LZZ" },
	{ "Shacman", "X3000", "LZG" },
	{ "Isuzu", "NQR", "JAL" },
	{ "Scania", "R 450", "YS2" },
};
static const struct model vans[] = {
	{ "Mercedes-Benz", "Sprinter", "WDB" },
	{ "GAZ", "Gazelle Next", "X96" },
	{ "Ford", "Transit", "WF0" },
	{ "Chevrolet", "Damas", "XWB" },
	{ "Hyundai", "H-1", "KMJ" },
};
static const struct model buses[] = {
	{ "Yutong", "ZK6122", "LZY" },
	{ "Golden Dragon", "XML6127", "LKL" },
	{ "PAZ", "3205", "X1M" },
	{ "Isuzu", "Citiport", "JAL" },
};
static const struct model motos[] = {
	{ "Honda", "CG 125", "ME4" },
	{ "Yamaha", "YBR 125", "JYA" },
	{ "Lifan", "LF150", "LF3" },
};

static const struct {
	const struct model *v;
	size_t n;
} models[VK_COUNT] = {
	{ cars, sizeof cars / sizeof *cars },    { trucks, sizeof trucks / sizeof *trucks },
	{ vans, sizeof vans / sizeof *vans },    { buses, sizeof buses / sizeof *buses },
	{ motos, sizeof motos / sizeof *motos },
};

const char *const gen_vkind_names[VK_COUNT] = { "car", "truck", "van", "bus", "motorcycle" };

static int vin_value(char c)
{
	static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
	static const int values[] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
				      5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9 };
	const char *p = strchr(letters, c);
	return c >= '0' && c <= '9' ? c - '0' : p && c ? values[p - letters] : 0;
}

/* ISO 3779 with the North American check digit in position 9. */
static void make_vin(const struct gen *g, const struct model *m, size_t v, struct gen_rng *r,
		     char vin[18])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
	static const char years[] = "56789ABCDEFGHJKLMNPRS"; /* 2005 .. 2025 */
	static const int weights[] = { 8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2 };
	unsigned serial = (unsigned)((v * 7919ull + g->salt_vin % 1000000ull) % 1000000ull);
	int sum = 0;

	memcpy(vin, m->wmi, 3);
	for (int i = 3; i < 8; i++)
		vin[i] = alphabet[gen_rng_below(r, sizeof alphabet - 1)];
	vin[9] = years[gen_rng_below(r, sizeof years - 1)];
	vin[10] = alphabet[gen_rng_below(r, 23)];
	snprintf(vin + 11, 7, "%06u", serial);
	vin[8] = '0';
	for (int i = 0; i < 17; i++)
		sum += vin_value(vin[i]) * weights[i];
	vin[8] = sum % 11 == 10 ? 'X' : (char)('0' + sum % 11);
	vin[17] = '\0';
}

static void plate_latin(char *out, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 26)
		out[i] = (char)('A' + v % 26);
	out[n] = '\0';
}

/* u: a number unique to the vehicle below the country's plate space. */
static void make_plate(enum gen_nat nat, uint64_t u, struct gen_rng *r, char out[24])
{
	static const char *const kg_reg[] = { "01", "02", "03", "04", "05", "06", "07", "08", "09" };
	static const char *const uz_reg[] = { "01", "10", "20", "25", "30", "40", "50",
					      "60", "70", "75", "80", "85", "90", "95" };
	static const char *const tm_reg[] = { "AG", "AH", "BN", "DZ", "LB", "MR" };
	static const char *const af_reg[] = { "KBL", "BLK", "KDZ", "TKR", "HRT", "KDH", "NGR" };
	static const char *const ru_reg[] = { "77", "177", "777", "50", "150", "74", "174",
					      "55", "56",  "63",  "66", "116", "154" };
	static const char *const ru_letters[] = { "А", "В", "Е", "К", "М", "Н",
						  "О", "Р", "С", "Т", "У", "Х" };
	char l[8];

	switch (nat) {
	case NAT_KZ:
		plate_latin(l, (unsigned)(u / 1000), 3);
		snprintf(out, 24, "%03u %s %02u", (unsigned)(u % 1000), l,
			 (unsigned)gen_rng_range(r, 1, 20));
		break;
	case NAT_KG:
		plate_latin(l, (unsigned)(u / 1000), 3);
		snprintf(out, 24, "%s %03u %s", kg_reg[gen_rng_below(r, 9)], (unsigned)(u % 1000),
			 l);
		break;
	case NAT_UZ:
		plate_latin(l, (unsigned)(u / 26000), 2);
		snprintf(out, 24, "%s %c %03u %s", uz_reg[gen_rng_below(r, 14)],
			 'A' + (int)(u % 26), (unsigned)(u / 26 % 1000), l);
		break;
	case NAT_TJ:
		plate_latin(l, (unsigned)(u / 10000), 2);
		snprintf(out, 24, "%04u %s %02u", (unsigned)(u % 10000), l,
			 (unsigned)gen_rng_range(r, 1, 5));
		break;
	case NAT_TM:
		snprintf(out, 24, "%s %04u", tm_reg[u / 10000 % 6], (unsigned)(u % 10000));
		break;
	case NAT_RU:
		snprintf(out, 24, "%s%03u%s%s %s", ru_letters[u % 12], (unsigned)(u / 12 % 1000),
			 ru_letters[u / 12000 % 12], ru_letters[u / 144000 % 12],
			 ru_reg[gen_rng_below(r, 13)]);
		break;
	default:
		snprintf(out, 24, "%s %05u", af_reg[u / 100000 % 7], (unsigned)(u % 100000));
		break;
	}
}

static uint64_t plate_space(enum gen_nat nat)
{
	switch (nat) {
	case NAT_KZ:
	case NAT_KG:
	case NAT_UZ: return 17576000;
	case NAT_TJ: return 6760000;
	case NAT_TM: return 60000;
	case NAT_RU: return 1728000;
	default: return 700000;
	}
}

void gen_vehicle_make(const struct gen *g, size_t v, struct gen_vehicle *out)
{
	static const unsigned kind_w[VK_COUNT] = { 600, 220, 90, 50, 40 };
	static const char *const colours[] = { "white", "black", "silver", "grey",   "red",
					       "blue",  "green", "beige",  "yellow", "brown" };
	static const unsigned colour_w[] = { 30, 18, 16, 12, 6, 6, 3, 4, 2, 3 };
	uint64_t space;
	struct gen_rng r;
	const struct model *m;

	gen_rng_init(&r, g->p->seed, RS_VEHICLE, v);
	out->index = v;
	out->nat = (enum gen_nat)g->veh_slot[v % GEN_SLOTS];
	out->kind = (enum gen_vkind)gen_rng_pick(&r, kind_w, VK_COUNT);
	m = &models[out->kind].v[gen_rng_below(&r, models[out->kind].n)];
	out->make = m->make;
	out->model = m->model;
	out->colour = colours[gen_rng_pick(&r, colour_w, sizeof colour_w / sizeof *colour_w)];
	space = plate_space(out->nat);
	make_plate(out->nat, (v * 1000003ull + g->salt_plate % space) % space, &r, out->plate);
	make_vin(g, m, v, &r, out->vin);
	out->owner = gen_pick_person(g, &r, out->nat, start(g), 18);
}

/* ---- rows ---- */

static int add_other(json_t *arr, const char *s, const struct gen_person *p)
{
	size_t i;
	json_t *v;
	if (!*s || !strcmp(s, p->surname))
		return 0;
	json_array_foreach(arr, i, v)
		if (!strcmp(json_string_value(v), s))
			return 0;
	return json_array_append_new(arr, json_string(s)) ? -ENOMEM : 0;
}

static int other_names(struct gen *g, const struct gen_person *p, json_t *o)
{
	json_t *arr = json_array();
	int rc = arr ? 0 : -ENOMEM;

	strbuf_reset(&g->sb);
	if (!rc && p->nat == NAT_AF) {
		rc = add_other(arr, p->other, p);
	} else if (!rc) {
		rc = strbuf_addf(&g->sb, "%s %s", p->mrz_surname, p->mrz_given) ? -ENOMEM : 0;
		rc = rc ? rc : add_other(arr, g->sb.buf, p);
		strbuf_reset(&g->sb);
		if (!rc && p->has_old && strbuf_addf(&g->sb, "%s %s", p->old_surname, p->old_given))
			rc = -ENOMEM;
		rc = rc ? rc : add_other(arr, g->sb.buf, p);
		strbuf_reset(&g->sb);
	}
	if (!rc && p->cyr_other) {
		rc = gen_to_cyrillic(p->surname, p->nat, &g->sb);
		rc = rc ? rc : strbuf_addch(&g->sb, ' ') ? -ENOMEM : 0;
		rc = rc ? rc : gen_to_cyrillic(p->given, p->nat, &g->sb);
		rc = rc ? rc : add_other(arr, g->sb.buf, p);
		strbuf_reset(&g->sb);
	}
	if (!rc && json_array_size(arr))
		return json_object_set_new(o, "other_names", arr) ? -ENOMEM : 0;
	json_decref(arr);
	return rc;
}

static int person_row(struct gen *g, const struct gen_person *p)
{
	char birth[11], sex[2] = { p->sex, 0 };
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	gen_date(p->birth, birth);
	rc = rc ? rc : gen_set_ref(o, "_ref", 'p', p->index);
	rc = rc ? rc : gen_set_str(o, "surname", p->surname);
	rc = rc ? rc : gen_set_str(o, "given_names", p->given);
	rc = rc ? rc : gen_set_str(o, "patronymic", p->patronymic);
	rc = rc ? rc : other_names(g, p, o);
	rc = rc ? rc : gen_set_str(o, "birth_date", birth);
	rc = rc ? rc : gen_set_str(o, "birth_place", p->place);
	rc = rc ? rc : gen_set_str(o, "sex", sex);
	rc = rc ? rc : gen_set_str(o, "nationality", gen_countries[p->nat].icao);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_PERSONS, o);
}

static int doc_row(struct gen *g, const struct gen_person *p, const struct gen_doc *d)
{
	const char *icao = gen_countries[p->nat].icao;
	char issue[11], expiry[11];
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	gen_date(d->issue, issue);
	gen_date(d->expiry, expiry);
	rc = rc ? rc : gen_set_ref(o, "_ref", 'd', d->slot);
	rc = rc ? rc : gen_set_ref(o, "_person_ref", 'p', p->index);
	rc = rc ? rc : gen_set_str(o, "doc_type", d->kind == DOC_ID ? "id_card" : "passport");
	rc = rc ? rc : gen_set_str(o, "number", d->number);
	rc = rc ? rc : gen_set_str(o, "issuing_country", icao);
	rc = rc ? rc : gen_set_str(o, "nationality", icao);
	rc = rc ? rc : gen_set_str(o, "issue_date", issue);
	rc = rc ? rc : gen_set_str(o, "expiry_date", expiry);
	rc = rc ? rc : gen_set_str(o, "mrz", d->mrz);
	if (rc) {
		json_decref(o);
		return rc;
	}
	if (d->kind == DOC_ID)
		g->st.td1++;
	else
		g->st.td3++;
	return gen_emit(g, GEN_DOCUMENTS, o);
}

static int person_docs(struct gen *g, const struct gen_person *p)
{
	bool has[DOC_KINDS] = { true, p->has_id, p->has_old };
	struct gen_doc d;
	int rc = 0;
	for (int k = 0; k < DOC_KINDS && !rc; k++)
		if (has[k] && (rc = gen_doc_make(g, p, (enum gen_doc_kind)k, &d)) == 0)
			rc = doc_row(g, p, &d);
	return rc;
}

static int vehicle_row(struct gen *g, const struct gen_vehicle *v)
{
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	rc = rc ? rc : gen_set_ref(o, "_ref", 'v', v->index);
	rc = rc ? rc : gen_set_str(o, "plate", v->plate);
	rc = rc ? rc : gen_set_str(o, "country", gen_countries[v->nat].iso2);
	rc = rc ? rc : gen_set_str(o, "kind", gen_vkind_names[v->kind]);
	rc = rc ? rc : gen_set_str(o, "make", v->make);
	rc = rc ? rc : gen_set_str(o, "model", v->model);
	rc = rc ? rc : gen_set_str(o, "colour", v->colour);
	rc = rc ? rc : gen_set_str(o, "vin", v->vin);
	rc = rc ? rc : gen_set_ref(o, "_owner_ref", 'p', v->owner);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_VEHICLES, o);
}

int gen_emit_people(struct gen *g)
{
	struct gen_person p;
	struct gen_vehicle v;
	int rc = 0;

	for (size_t i = 0; i < g->persons && !rc; i++)
		if ((rc = gen_person_make(g, i, &p)) == 0)
			rc = person_row(g, &p);
	for (size_t i = 0; i < g->persons && !rc; i++)
		if ((rc = gen_person_make(g, i, &p)) == 0)
			rc = person_docs(g, &p);
	for (size_t i = 0; i < g->sz->vehicles && !rc; i++) {
		gen_vehicle_make(g, i, &v);
		rc = vehicle_row(g, &v);
	}
	return rc;
}
