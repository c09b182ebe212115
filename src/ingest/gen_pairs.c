// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The labelled name pairs for screening quality tests: name_pairs.jsonl,
 * one line {"a": person, "b": person, "match": bool, "kind": ..., "note":
 * ...} per pair. Each kind is a way two records of one person differ, and
 * holds as many matches (the same person written by two systems) as hard
 * non-matches (another person written the same way: a sibling with
 * -ov/-ova, a similar surname, a namesake with another father and birth
 * date, father and son):
 *
 *   cross-script     Cyrillic record / ICAO MRZ, Uzbek Latin / Cyrillic,
 *                    Turkmen Latin / Russian Cyrillic, Afghan Latin / Dari
 *   transliteration  the MRZ / older Russian passports (Й Y, Ю YU, Я YA;
 *                    Ц TC), Kazakh or Uzbek Latin, Russified spellings,
 *                    another Latin spelling of a Dari name
 *   typo             one typing error in a name / a similar surname
 *   order            surname and given name swapped or run together
 *   patronymic       on one side only or inside the given names / another
 *                    father
 *   birth-date       a mistyped digit or day and month swapped / another
 *                    birth date
 *
 * The identities are drawn from the name lists like the persons, but are
 * not persons of the dataset.
 */
#include "ingest/gen_int.h"

#include "core/clock.h"
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define YEAR 365
#define FIELD (GEN_NAME_MAX * 2)

enum kind { K_CROSS, K_TRANSLIT, K_TYPO, K_ORDER, K_PATRO, K_DATE, K_COUNT };
static const char *const kind_names[K_COUNT] = { "cross-script", "transliteration", "typo",
						 "order",        "patronymic",      "birth-date" };

struct ident {
	enum gen_nat nat;
	char sex;
	int64_t birth;
	const struct gen_name *sur, *given, *father;
	enum gen_patro_style style;
};

struct side {
	char surname[FIELD], given[FIELD], patronymic[FIELD];
	int64_t birth;
	char sex;
	enum gen_nat nat;
};

enum render { R_NATIVE, R_ICAO, R_OTHER, R_SYS };
enum field { F_SUR, F_GIVEN, F_PATRO };

/* ---- identities ---- */

static const struct gen_name *other_name(struct gen_rng *r, const struct gen_name_list *l,
					 const struct gen_name * not )
{
	const struct gen_name *n = gen_name_pick(r, l);
	for (int i = 0; i < 8 && n == not ; i++)
		n = &l->v[gen_rng_below(r, l->n)];
	return n;
}

static void ident_make(const struct gen *g, struct gen_rng *r, struct ident *id)
{
	static const unsigned w[NAT_COUNT] = { 20, 15, 15, 10, 20, 10, 10 };
	const struct gen_names *nm;

	id->nat = (enum gen_nat)gen_rng_pick(r, w, NAT_COUNT);
	nm = gen_names_for(id->nat);
	id->sex = gen_rng_chance(r, 400) ? 'F' : 'M';
	id->birth = g->p->start_day - gen_rng_range(r, 18 * YEAR, 70 * YEAR);
	id->sur = gen_name_pick(r, &nm->surnames);
	id->given = gen_name_pick(r, id->sex == 'F' ? &nm->female : &nm->male);
	id->father = gen_name_pick(r, &nm->male);
	id->style = gen_rng_chance(r, 500) ? PATRO_NATIONAL : PATRO_RUSSIAN;
}

static int64_t shift_birth(const struct gen *g, struct gen_rng *r, int64_t birth, int lo, int hi)
{
	int64_t d =
		gen_rng_range(r, (int64_t)lo * YEAR, (int64_t)hi * YEAR) + gen_rng_range(r, 1, 300);
	int64_t t = gen_rng_chance(r, 500) ? birth + d : birth - d;
	if (t > g->p->start_day - 16 * YEAR)
		t = birth - d;
	return t;
}

/* ---- rendering ---- */

static const struct gen_name *entry_of(const struct ident *id, enum field f)
{
	return f == F_SUR ? id->sur : f == F_GIVEN ? id->given : id->father;
}

static int native(const struct ident *id, enum field f, struct strbuf *out)
{
	if (f == F_SUR && id->sex == 'F')
		return gen_feminine(id->sur->s, id->nat, out);
	if (f == F_PATRO)
		return gen_patronymic(id->father->s, id->nat == NAT_RU ? id->father->x : NULL,
				      id->nat, id->sex, id->style, out);
	return strbuf_adds(out, entry_of(id, f)->s) ? -ENOMEM : 0;
}

static bool latin_nat(enum gen_nat n)
{
	return n == NAT_UZ || n == NAT_TM;
}

/* Uzbek and Turkmen names as Russian-based documents spell them. */
static int via_cyrillic(const char *s, enum gen_nat nat, enum gen_sys sys, struct strbuf *out)
{
	struct strbuf c;
	int rc;
	strbuf_init(&c, 0);
	rc = gen_to_cyrillic(s, nat, &c);
	rc = rc ? rc : gen_translit(c.buf, NAT_RU, sys, out);
	strbuf_release(&c);
	return rc;
}

static int render(const struct ident *id, enum field f, enum render mode, enum gen_sys sys,
		  struct strbuf *out)
{
	struct strbuf n;
	const struct gen_name *e = entry_of(id, f);
	int rc;

	if (id->nat == NAT_AF && mode == R_OTHER)
		return strbuf_adds(out, e->x) ? -ENOMEM : 0;
	if (id->nat == NAT_AF && mode == R_SYS)
		return gen_translit(e->y ? e->y : e->s, id->nat, SYS_ICAO, out);
	strbuf_init(&n, 0);
	rc = native(id, f, &n);
	if (!rc && mode == R_NATIVE)
		rc = strbuf_adds(out, n.buf) ? -ENOMEM : 0;
	else if (!rc && mode == R_OTHER && latin_nat(id->nat))
		rc = gen_to_cyrillic(n.buf, id->nat, out);
	else if (!rc && mode == R_SYS && latin_nat(id->nat))
		rc = via_cyrillic(n.buf, id->nat, sys, out);
	else if (!rc)
		rc = gen_translit(n.buf, id->nat, mode == R_SYS ? sys : SYS_ICAO, out);
	strbuf_release(&n);
	return rc;
}

static int put(struct strbuf *sb, char *dst)
{
	snprintf(dst, FIELD, "%s", sb->buf);
	strbuf_reset(sb);
	return 0;
}

static int side_make(const struct ident *id, enum render mode, enum gen_sys sys, bool patro,
		     struct side *s)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb, FIELD - 1);
	rc = render(id, F_SUR, mode, sys, &sb);
	rc = rc ? rc : put(&sb, s->surname);
	rc = rc ? rc : render(id, F_GIVEN, mode, sys, &sb);
	rc = rc ? rc : put(&sb, s->given);
	s->patronymic[0] = '\0';
	if (!rc && patro) {
		rc = render(id, F_PATRO, mode, sys, &sb);
		rc = rc ? rc : put(&sb, s->patronymic);
	}
	s->birth = id->birth;
	s->sex = id->sex;
	s->nat = id->nat;
	strbuf_release(&sb);
	return rc;
}

/* ---- hard non-matches ---- */

static size_t distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), prev[FIELD], cur[FIELD];
	if (n >= FIELD || m >= FIELD)
		return FIELD;
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (m + 1) * sizeof *prev);
	}
	return prev[m];
}

/* A surname of the same list whose MRZ form is one or two edits away. */
static const struct gen_name *similar(struct gen_rng *r, const struct ident *id)
{
	const struct gen_name_list *l = &gen_names_for(id->nat)->surnames;
	const struct gen_name *found[16];
	struct strbuf a, b;
	size_t n = 0;

	strbuf_init(&a, 0);
	strbuf_init(&b, 0);
	if (!gen_translit(id->sur->s, id->nat, SYS_ICAO, &a)) {
		for (size_t i = 0; i < l->n && n < 16; i++) {
			size_t d;
			strbuf_reset(&b);
			if (&l->v[i] == id->sur || gen_translit(l->v[i].s, id->nat, SYS_ICAO, &b))
				continue;
			d = distance(a.buf, b.buf);
			if (d >= 1 && d <= 2)
				found[n++] = &l->v[i];
		}
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return n ? found[gen_rng_below(r, n)] : NULL;
}

enum confuse { C_SIBLING, C_SIMILAR, C_NAMESAKE, C_KIN, C_COUNT };

static const char *confuse(const struct gen *g, struct gen_rng *r, const struct ident *a,
			   enum confuse how, struct ident *b)
{
	const struct gen_names *nm = gen_names_for(a->nat);
	const struct gen_name *s;

	*b = *a;
	if (how == C_SIMILAR && (s = similar(r, a)) != NULL) {
		b->sur = s;
		b->birth = shift_birth(g, r, a->birth, 2, 15);
		return "similar surname, another person";
	}
	if (how == C_NAMESAKE || (how == C_KIN && a->sex != 'M')) {
		b->father = other_name(r, &nm->male, a->father);
		b->birth = shift_birth(g, r, a->birth, 3, 25);
		return "namesake: same name, another father and birth date";
	}
	if (how == C_KIN) {
		b->father = a->given;
		b->given = other_name(r, &nm->male, a->given);
		b->birth = a->birth + gen_rng_range(r, 22 * YEAR, 35 * YEAR);
		if (b->birth > g->p->start_day - 16 * YEAR) {
			b->given = a->father;
			b->father = other_name(r, &nm->male, a->father);
			b->birth = a->birth - gen_rng_range(r, 22 * YEAR, 35 * YEAR);
		}
		return "father and son";
	}
	b->sex = a->sex == 'M' ? 'F' : 'M';
	b->given = other_name(r, b->sex == 'F' ? &nm->female : &nm->male, NULL);
	b->birth = shift_birth(g, r, a->birth, 1, 8);
	return b->sex == 'F' ? "sister: feminine surname, same father" :
			       "brother: masculine surname, same father";
}

/* ---- rows ---- */

static json_t *side_json(const struct side *s)
{
	char birth[11], sex[2] = { s->sex, 0 };
	json_t *o = json_object();
	int rc = o ? 0 : -ENOMEM;

	gen_date(s->birth, birth);
	rc = rc ? rc : gen_set_str(o, "surname", s->surname);
	rc = rc ? rc : gen_set_str(o, "given_names", s->given);
	rc = rc ? rc : gen_set_str(o, "patronymic", s->patronymic);
	rc = rc ? rc : gen_set_str(o, "birth_date", birth);
	rc = rc ? rc : gen_set_str(o, "sex", sex);
	rc = rc ? rc : gen_set_str(o, "nationality", gen_countries[s->nat].icao);
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int pair_row(struct gen *g, enum kind k, bool match, const struct side *a,
		    const struct side *b, const char *note)
{
	json_t *o = json_object(), *ja = side_json(a), *jb = side_json(b);
	int rc = o && ja && jb ? 0 : -ENOMEM;

	rc = rc ? rc : gen_set_ref(o, "_ref", 'n', g->st.rows[GEN_NAME_PAIRS]);
	rc = rc ? rc : json_object_set(o, "a", ja) ? -ENOMEM : 0;
	rc = rc ? rc : json_object_set(o, "b", jb) ? -ENOMEM : 0;
	rc = rc ? rc : json_object_set_new(o, "match", json_boolean(match)) ? -ENOMEM : 0;
	rc = rc ? rc : gen_set_str(o, "kind", kind_names[k]);
	rc = rc ? rc : gen_set_str(o, "note", note);
	json_decref(ja);
	json_decref(jb);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return gen_emit(g, GEN_NAME_PAIRS, o);
}

/* ---- the kinds ---- */

static const char *script_note(enum gen_nat n)
{
	switch (n) {
	case NAT_UZ: return "Uzbek Latin record / Uzbek Cyrillic record";
	case NAT_TM: return "Turkmen Latin record / Russian Cyrillic record";
	case NAT_AF: return "Latin (passport) / Dari in Arabic script";
	default: return "Cyrillic record / ICAO 9303 MRZ";
	}
}

static const char *const sys_notes[] = {
	[SYS_ICAO] = "ICAO 9303",
	[SYS_RU1997] = "older Russian passports (1997-2010): Й Y, Ю YU, Я YA",
	[SYS_RU2010] = "Russian passports 2010-2013: Ц TC",
	[SYS_UZLATIN] = "Uzbek Latin orthography: Х X, Ж J, Қ Q",
	[SYS_KZLATIN] = "Kazakh Latin alphabet of 2021",
	[SYS_RUSSIAN] = "national letters written the Russian way",
};

/* The systems a nationality's names meet besides the MRZ. */
static size_t systems(enum gen_nat n, enum gen_sys out[4])
{
	size_t k = 0;
	out[k++] = SYS_RU1997;
	if (n == NAT_RU || n == NAT_KG)
		out[k++] = SYS_RU2010;
	if (n == NAT_KZ)
		out[k++] = SYS_KZLATIN;
	if (n == NAT_KZ || n == NAT_KG || n == NAT_TJ)
		out[k++] = SYS_RUSSIAN;
	if (n == NAT_TJ)
		out[k++] = SYS_UZLATIN;
	return k;
}

static bool differ(const struct side *a, const struct side *b)
{
	return strcmp(a->surname, b->surname) || strcmp(a->given, b->given);
}

/* b in a system that spells a differently; false if none does. */
static int translit_side(struct gen_rng *r, const struct ident *id, const struct side *a,
			 struct side *b, const char **note, bool *found)
{
	enum gen_sys sys[4];
	size_t n = systems(id->nat, sys), start = (size_t)gen_rng_below(r, n);
	int rc = 0;

	*found = false;
	if (id->nat == NAT_AF || latin_nat(id->nat)) {
		rc = side_make(id, R_SYS, SYS_ICAO, false, b);
		*note = id->nat == NAT_AF ? "another Latin spelling of the Dari name" :
					    "the Russian-based spelling of the name";
		*found = !rc && differ(a, b);
		return rc;
	}
	for (size_t i = 0; i < n && !rc && !*found; i++) {
		enum gen_sys s = sys[(start + i) % n];
		rc = side_make(id, R_SYS, s, false, b);
		*note = sys_notes[s];
		*found = !rc && differ(a, b);
	}
	return rc;
}

static enum gen_sys sys_of(const char *note)
{
	for (size_t i = 0; i < sizeof sys_notes / sizeof *sys_notes; i++)
		if (sys_notes[i] == note)
			return (enum gen_sys)i;
	return SYS_ICAO;
}

static int kind_translit(struct gen *g, struct gen_rng *r, bool match)
{
	struct ident a, b;
	struct side sa, sb;
	const char *note = NULL, *why;
	bool found = false;
	int rc = 0;

	for (int tries = 0; tries < 40 && !found && !rc; tries++) {
		ident_make(g, r, &a);
		rc = side_make(&a, R_ICAO, SYS_ICAO, false, &sa);
		rc = rc ? rc : translit_side(r, &a, &sa, &sb, &note, &found);
	}
	if (rc || match)
		return rc ? rc : pair_row(g, K_TRANSLIT, true, &sa, &sb, note);
	why = confuse(g, r, &a, (enum confuse)gen_rng_below(r, C_COUNT), &b);
	rc = side_make(&b, R_SYS, sys_of(note), false, &sb);
	strbuf_reset(&g->sb);
	if (!rc && strbuf_addf(&g->sb, "%s; %s", why, note))
		rc = -ENOMEM;
	rc = rc ? rc : pair_row(g, K_TRANSLIT, false, &sa, &sb, g->sb.buf);
	strbuf_reset(&g->sb);
	return rc;
}

static int kind_cross(struct gen *g, struct gen_rng *r, bool match)
{
	struct ident a, b;
	struct side sa, sb;
	const char *why = NULL;
	int rc;

	ident_make(g, r, &a);
	b = a;
	if (!match)
		why = confuse(g, r, &a, (enum confuse)gen_rng_below(r, C_COUNT), &b);
	rc = side_make(&a, R_NATIVE, SYS_ICAO, false, &sa);
	rc = rc ? rc : side_make(&b, R_OTHER, SYS_ICAO, false, &sb);
	if (!rc &&
	    strbuf_addf(&g->sb, "%s%s%s", why ? why : "", why ? "; " : "", script_note(a.nat)))
		rc = -ENOMEM;
	rc = rc ? rc : pair_row(g, K_CROSS, match, &sa, &sb, g->sb.buf);
	strbuf_reset(&g->sb);
	return rc;
}

static int kind_typo(struct gen *g, struct gen_rng *r, bool match)
{
	struct ident a, b;
	struct side sa, sb;
	const char *note = "similar surname, another person";
	int rc;

	ident_make(g, r, &a);
	rc = side_make(&a, R_NATIVE, SYS_ICAO, false, &sa);
	if (!rc && match) {
		bool sur = gen_rng_chance(r, 600);
		sb = sa;
		rc = gen_typo(r, sur ? sa.surname : sa.given, &g->sb);
		snprintf(sur ? sb.surname : sb.given, FIELD, "%s", g->sb.buf);
		strbuf_reset(&g->sb);
		note = sur ? "a typing error in the surname" : "a typing error in the given name";
	} else if (!rc) {
		note = confuse(g, r, &a, C_SIMILAR, &b);
		rc = side_make(&b, R_NATIVE, SYS_ICAO, false, &sb);
	}
	return rc ? rc : pair_row(g, K_TYPO, match, &sa, &sb, note);
}

/* "x y" into dst, cut to fit. */
static void join(char dst[FIELD], const char *x, const char *y)
{
	char t[FIELD];
	size_t n = strlen(x), m = strlen(y);
	if (n > FIELD - 2)
		n = FIELD - 2;
	if (n + 1 + m > FIELD - 1)
		m = FIELD - 2 - n;
	memcpy(t, x, n);
	t[n] = ' ';
	memcpy(t + n + 1, y, m);
	t[n + 1 + m] = '\0';
	memcpy(dst, t, n + m + 2);
}

static void swap_names(struct gen_rng *r, struct side *s, const char **note)
{
	char t[FIELD];
	if (gen_rng_chance(r, 700)) {
		snprintf(t, sizeof t, "%s", s->surname);
		snprintf(s->surname, FIELD, "%s", s->given);
		snprintf(s->given, FIELD, "%s", t);
		*note = "surname and given name swapped";
	} else {
		join(s->surname, s->given, s->surname);
		s->given[0] = '\0';
		*note = "the whole name, given name first, in the surname field";
	}
}

static int kind_order(struct gen *g, struct gen_rng *r, bool match)
{
	struct ident a, b;
	struct side sa, sb;
	const char *note, *why = NULL;
	int rc;

	ident_make(g, r, &a);
	b = a;
	if (!match)
		why = confuse(g, r, &a, gen_rng_chance(r, 500) ? C_NAMESAKE : C_SIBLING, &b);
	rc = side_make(&a, R_NATIVE, SYS_ICAO, false, &sa);
	rc = rc ? rc : side_make(&b, R_NATIVE, SYS_ICAO, false, &sb);
	if (rc)
		return rc;
	swap_names(r, &sb, &note);
	if (why && strbuf_addf(&g->sb, "%s; %s", why, note))
		return -ENOMEM;
	rc = pair_row(g, K_ORDER, match, &sa, &sb, why ? g->sb.buf : note);
	strbuf_reset(&g->sb);
	return rc;
}

static int kind_patro(struct gen *g, struct gen_rng *r, bool match)
{
	struct ident a, b;
	struct side sa, sb;
	const char *note;
	int rc;

	ident_make(g, r, &a);
	rc = side_make(&a, R_NATIVE, SYS_ICAO, true, &sa);
	if (rc)
		return rc;
	if (!match) {
		note = confuse(g, r, &a, C_NAMESAKE, &b);
		rc = side_make(&b, R_NATIVE, SYS_ICAO, true, &sb);
	} else if (gen_rng_chance(r, 500)) {
		sb = sa;
		sb.patronymic[0] = '\0';
		note = "patronymic on one side only";
	} else {
		sb = sa;
		join(sb.given, sa.given, sa.patronymic);
		sb.patronymic[0] = '\0';
		note = "patronymic written into the given names";
	}
	return rc ? rc : pair_row(g, K_PATRO, match, &sa, &sb, note);
}

/* The birth date with one digit mistyped or day and month swapped. */
static int64_t date_typo(struct gen_rng *r, int64_t birth, const char **note)
{
	int y, m, d, op = (int)gen_rng_below(r, 3);
	gen_civil(birth, &y, &m, &d);
	if (op == 0 && d <= 12 && d != m) {
		*note = "day and month swapped";
		return rics_days_from_civil(y, (unsigned)d, (unsigned)m);
	}
	if (op == 2 && d % 10 != d / 10 && rics_date_valid(y, m, (d % 10) * 10 + d / 10) &&
	    d % 10 != 0) {
		*note = "the digits of the day swapped";
		return rics_days_from_civil(y, (unsigned)m, (unsigned)((d % 10) * 10 + d / 10));
	}
	*note = "one digit of the year mistyped";
	y += gen_rng_chance(r, 500) ? 1 : -1;
	return rics_days_from_civil(y, (unsigned)m, (unsigned)(m == 2 && d == 29 ? 28 : d));
}

static int kind_date(struct gen *g, struct gen_rng *r, bool match)
{
	struct ident a, b;
	struct side sa, sb;
	const char *note;
	int rc;

	ident_make(g, r, &a);
	b = a;
	if (match)
		b.birth = date_typo(r, a.birth, &note);
	else
		note = confuse(g, r, &a, C_NAMESAKE, &b);
	rc = side_make(&a, R_NATIVE, SYS_ICAO, false, &sa);
	rc = rc ? rc : side_make(&b, R_NATIVE, SYS_ICAO, false, &sb);
	return rc ? rc : pair_row(g, K_DATE, match, &sa, &sb, note);
}

int gen_emit_pairs(struct gen *g)
{
	static int (*const kinds[K_COUNT])(struct gen *, struct gen_rng *, bool) = {
		kind_cross, kind_translit, kind_typo, kind_order, kind_patro, kind_date,
	};
	int rc = 0;

	for (size_t k = 0; k < K_COUNT && !rc; k++)
		for (size_t j = 0; j < g->sz->name_pairs && !rc; j++) {
			struct gen_rng r;
			gen_rng_init(&r, g->p->seed, RS_PAIRS, ((uint64_t)k << 32) | j);
			strbuf_reset(&g->sb);
			rc = kinds[k](g, &r, j % 2 == 0);
		}
	return rc;
}
