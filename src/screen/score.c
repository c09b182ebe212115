// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Scoring a screening candidate (contract in score.h, weights and rules in
 * docs/internals/screening.md): token similarity from skeletons, consonant
 * skeletons, optimal-string-alignment distance and Jaro-Winkler; the best
 * one-to-one alignment of the two names by the Hungarian method; birth date,
 * sex, nationality and document agreement; the explanation text; and the
 * document / plate normalisers. Pure functions over caller-owned values.
 */
#include "screen/score.h"

#include "core/clock.h"
#include "core/error.h"

#include <float.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define MAXT SCREEN_NAME_MAX_TOKENS
#define MATCH_FLOOR 60 /* a pair below this similarity is no pair */

/* ---- documents and plates ---- */

/* Russian Cyrillic А..Я read as a document would be typed on a Latin
 * keyboard: look-alike letters as the Latin letter they look like, the
 * others transliterated. */
static const char *const cyr_doc[32] = {
	"A", "B", "B", "G", "D", "E", "ZH", "Z",  "I",  "I",    "K", "L", "M", "H", "O",  "P",
	"P", "C", "T", "Y", "F", "X", "TS", "CH", "SH", "SHCH", "",  "Y", "",  "E", "IU", "IA",
};

/* Cyrillic letters outside А..Я that documents use. */
static const char *cyr_doc_extra(UChar32 c)
{
	switch (c) {
	case 0x0401: /* Ё */
	case 0x0451: return "E";
	case 0x0406: /* І, Kazakh and Ukrainian */
	case 0x0456: return "I";
	case 0x04AE: /* Ү, looks like Y */
	case 0x04AF: return "Y";
	default: return NULL;
	}
}

/* The ASCII for one code point in *out: returns 1, or 0 to skip it (a
 * separator), or RICS_E_INVALID for a letter of another script. */
static int doc_char(UChar32 c, char tmp[2], const char **out)
{
	if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII */
		c -= 0xFEE0;
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
		tmp[0] = (char)c;
		tmp[1] = '\0';
		*out = tmp;
		return 1;
	}
	if (c >= 0x0430 && c <= 0x044F)
		c -= 0x20;
	*out = c >= 0x0410 && c <= 0x042F ? cyr_doc[c - 0x0410] : cyr_doc_extra(c);
	if (*out)
		return 1;
	return c >= 0x80 && u_isalnum(c) ? RICS_E_INVALID : 0;
}

int screen_doc_normalize(const char *utf8, char out[SCREEN_DOC_MAX])
{
	char buf[SCREEN_DOC_MAX], tmp[2];
	size_t n = 0, len = strlen(utf8);
	int32_t i = 0;

	if (len > INT32_MAX)
		return RICS_E_TOO_LARGE;
	while (i < (int32_t)len) {
		UChar32 c;
		const char *a = NULL;
		size_t k;
		int rc;
		U8_NEXT(utf8, i, (int32_t)len, c);
		if (c < 0)
			return RICS_E_INVALID;
		rc = doc_char(c, tmp, &a);
		if (rc < 0)
			return rc;
		if (!rc)
			continue;
		k = strlen(a);
		if (n + k >= SCREEN_DOC_MAX)
			return RICS_E_TOO_LARGE;
		memcpy(buf + n, a, k);
		n += k;
	}
	if (!n)
		return RICS_E_INVALID;
	buf[n] = '\0';
	memcpy(out, buf, n + 1);
	return 0;
}

int screen_plate_normalize(const char *utf8, char out[SCREEN_DOC_MAX])
{
	return screen_doc_normalize(utf8, out);
}

static int ocr_class(char c)
{
	switch (c) {
	case '0':
	case 'O':
	case 'D': return 1;
	case '1':
	case 'I': return 2;
	case '8':
	case 'B': return 3;
	case '5':
	case 'S': return 4;
	case '2':
	case 'Z': return 5;
	default: return 0;
	}
}

int screen_doc_compare(const char *a, const char *b)
{
	size_t n = strlen(a), confused = 0;

	if (!n || n != strlen(b))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (a[i] == b[i])
			continue;
		if (!ocr_class(a[i]) || ocr_class(a[i]) != ocr_class(b[i]))
			return 0;
		confused++;
	}
	if (!confused)
		return 100;
	if (n < 5 || confused > 2)
		return 0;
	return confused == 1 ? 90 : 80;
}

int screen_plate_compare(const char *a, const char *b)
{
	return screen_doc_compare(a, b);
}

/* ---- dates ---- */

static int parse_digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

int screen_date_parse(const char *s, struct screen_date *out)
{
	struct screen_date d = { 0, 0, 0 };
	const char *p = s;
	int y, m = 0, dd = 0;

	if (!*s) {
		*out = d;
		return 0;
	}
	y = parse_digits(&p, 4);
	if (y >= 0 && *p == '-') {
		p++;
		m = parse_digits(&p, 2);
		if (m >= 0 && *p == '-') {
			p++;
			dd = parse_digits(&p, 2);
		}
	}
	if (*p || y < 1 || m < 0 || m > 12 || dd < 0 || (dd && !m))
		return RICS_E_INVALID;
	if (dd && !rics_date_valid(y, m, dd))
		return RICS_E_INVALID;
	d.year = (int16_t)y;
	d.month = (uint8_t)m;
	d.day = (uint8_t)dd;
	*out = d;
	return 0;
}

static bool date_full(const struct screen_date *d)
{
	return d->year && d->month && d->day;
}

/* Differ in one digit of YYYYMMDD, or two adjacent digits of the month or
 * the day swapped (12/21); a swap in the year (1985/1958) moves decades. */
static bool date_typo(const struct screen_date *a, const struct screen_date *b)
{
	char x[16], y[16];
	int diff = 0, first = -1;

	snprintf(x, sizeof(x), "%04d%02d%02d", a->year, a->month, a->day);
	snprintf(y, sizeof(y), "%04d%02d%02d", b->year, b->month, b->day);
	for (int i = 0; i < 8; i++)
		if (x[i] != y[i] && diff++ == 0)
			first = i;
	if (diff == 1)
		return true;
	return diff == 2 && first >= 4 && first < 7 && x[first] == y[first + 1] &&
	       x[first + 1] == y[first];
}

static bool placeholder(const struct screen_date *d)
{
	return d->month == 1 && d->day == 1;
}

static enum screen_date_verdict same_year_date(const struct screen_date *a,
					       const struct screen_date *b)
{
	if (!date_full(a) || !date_full(b)) {
		if ((a->month && b->month && a->month != b->month) ||
		    (a->day && b->day && a->day != b->day))
			return SCREEN_DATE_SAME_YEAR;
		return SCREEN_DATE_PARTIAL;
	}
	if (a->month == b->month && a->day == b->day)
		return SCREEN_DATE_EXACT;
	if (a->day == b->month && a->month == b->day)
		return SCREEN_DATE_SWAPPED;
	if (date_typo(a, b))
		return SCREEN_DATE_TYPO;
	if (placeholder(a) || placeholder(b))
		return SCREEN_DATE_PARTIAL;
	/* two full birthdays that share neither day nor month, even swapped
	 * or mistyped, are two people's: a namesake born the same year */
	if (a->month != b->month && a->day != b->day)
		return SCREEN_DATE_OTHER_DAY;
	return SCREEN_DATE_SAME_YEAR;
}

static enum screen_date_verdict date_compare(const struct screen_date *a,
					     const struct screen_date *b)
{
	bool same_md = a->month == b->month && a->day == b->day;
	int dy = a->year - b->year;

	if (!a->year || !b->year)
		return SCREEN_DATE_MISSING;
	if (!dy)
		return same_year_date(a, b);
	if (same_md || !date_full(a) || !date_full(b)) {
		struct screen_date ya = { a->year, 0, 0 }, yb = { b->year, 0, 0 };
		/* a year alone is too little to call another year a typo of it
		 * (1987 vs 1967 would match anyone): only a full date is */
		if (same_md && date_full(a) && date_full(b) && date_typo(&ya, &yb))
			return SCREEN_DATE_TYPO;
		if (dy == 1 || dy == -1)
			return SCREEN_DATE_NEAR_YEAR;
	}
	return SCREEN_DATE_CONFLICT;
}

static int date_points(enum screen_date_verdict v)
{
	switch (v) {
	case SCREEN_DATE_EXACT: return 5;
	case SCREEN_DATE_SWAPPED: return -3;
	case SCREEN_DATE_TYPO: return -5;
	case SCREEN_DATE_NEAR_YEAR: return -10;
	case SCREEN_DATE_SAME_YEAR: return -20;
	case SCREEN_DATE_OTHER_DAY: return -30;
	case SCREEN_DATE_CONFLICT: return -35;
	case SCREEN_DATE_PARTIAL:
	case SCREEN_DATE_MISSING: break;
	}
	return 0;
}

/* ---- string distances ---- */

/* Optimal string alignment distance (Levenshtein with adjacent
 * transpositions), or max + 1 once it must exceed max; strings shorter
 * than SCREEN_TOKEN_MAX. */
static unsigned osa_distance(const char *a, const char *b, unsigned max)
{
	unsigned rows[3][SCREEN_TOKEN_MAX + 1];
	size_t n = strlen(a), m = strlen(b);
	unsigned *pp = rows[0], *p = rows[1], *c = rows[2], pmin = 0;

	for (size_t j = 0; j <= m; j++)
		p[j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		unsigned cmin = c[0] = (unsigned)i;
		for (size_t j = 1; j <= m; j++) {
			unsigned cost = a[i - 1] != b[j - 1], v = p[j - 1] + cost;
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			cmin = v < cmin ? v : cmin;
		}
		/* a cell only grows on the row below, or on the one after by a
		 * transposition from this row's predecessor */
		if (cmin > max && pmin >= max)
			return max + 1;
		pmin = cmin;
		unsigned *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[m] > max ? max + 1 : p[m];
}

static double jaro_winkler(const char *a, const char *b)
{
	bool ma[SCREEN_TOKEN_MAX] = { false }, mb[SCREEN_TOKEN_MAX] = { false };
	int n = (int)strlen(a), m = (int)strlen(b), win, matches = 0, half = 0, prefix = 0;
	double jaro;

	if (!n || !m)
		return 0.0;
	win = (n > m ? n : m) / 2 - 1;
	if (win < 0)
		win = 0;
	for (int i = 0; i < n; i++)
		for (int j = i > win ? i - win : 0; j < m && j <= i + win; j++)
			if (!mb[j] && a[i] == b[j]) {
				ma[i] = mb[j] = true;
				matches++;
				break;
			}
	if (!matches)
		return 0.0;
	for (int i = 0, j = 0; i < n; i++) {
		if (!ma[i])
			continue;
		while (!mb[j])
			j++;
		half += a[i] != b[j++];
	}
	jaro = ((double)matches / n + (double)matches / m + (matches - half / 2.0) / matches) / 3.0;
	while (prefix < 4 && prefix < n && prefix < m && a[prefix] == b[prefix])
		prefix++;
	return jaro + prefix * 0.1 * (1.0 - jaro);
}

/* ---- token similarity ---- */

/* Similarity of two spellings d edits apart, the longer L letters long: a
 * typo is tolerated in a long name, not in a short one (ALI / ALIM). */
static int edit_similarity(unsigned d, size_t len)
{
	if (d == 1)
		return len >= 6 ? 88 : len == 5 ? 80 : 0;
	if (d == 2)
		return len >= 10 ? 75 : len >= 8 ? 62 : 0;
	if (d == 3)
		return len >= 14 ? 60 : 0;
	return 0;
}

/* The most edits edit_similarity still rates for spellings of len letters. */
static unsigned edits_tolerated(size_t len)
{
	unsigned d = 0;
	while (edit_similarity(d + 1, len))
		d++;
	return d;
}

/* Scoring spends most of its time here: the distance is only computed as
 * far as edit_similarity can still rate it. */
static int typo_similarity(const char *a, const char *b, unsigned *edits)
{
	size_t la = strlen(a), lb = strlen(b), len = la > lb ? la : lb;
	unsigned d, max = edits_tolerated(len);

	if (!max || la + max < lb || lb + max < la)
		return 0;
	d = osa_distance(a, b, max);
	*edits = d;
	return edit_similarity(d, len);
}

static char letter_class(char c)
{
	switch (c) {
	case 'O':
	case 'U': return 'A';
	case 'Y': return 'I';
	case 'X': return 'H';
	case 'Q': return 'K';
	case 'W': return 'V';
	default: return c;
	}
}

static bool initial_fits(const struct screen_token *init, const struct screen_token *t)
{
	char c = letter_class(init->latin[0]);
	size_t nl = strlen(init->latin), ns = strlen(init->skeleton);

	if (nl == 1)
		return c == letter_class(t->latin[0]) || c == letter_class(t->skeleton[0]);
	/* SH, IU: the name starts with the same letters, or the same sounds */
	return strncmp(t->latin, init->latin, nl) == 0 ||
	       (ns && strncmp(t->skeleton, init->skeleton, ns) == 0);
}

static bool gender_differs(const struct screen_token *a, const struct screen_token *b)
{
	return ((a->flags & SCREEN_TOKF_FEMININE) && (b->flags & SCREEN_TOKF_MASCULINE)) ||
	       ((a->flags & SCREEN_TOKF_MASCULINE) && (b->flags & SCREEN_TOKF_FEMININE));
}

/* The skeleton without a surname ending -AV (-OV, -EV) or -ZADA (-ZODA). */
static size_t skeleton_stem_len(const char *s)
{
	size_t n = strlen(s);
	if (n >= 6 && strcmp(s + n - 2, "AV") == 0)
		return n - 2;
	if (n >= 8 && strcmp(s + n - 4, "ZADA") == 0)
		return n - 4;
	return n;
}

static bool same_stem(const char *a, const char *b)
{
	size_t na = skeleton_stem_len(a), nb = skeleton_stem_len(b);
	return na >= 4 && na == nb && strncmp(a, b, na) == 0;
}

static int initial_similarity(const struct screen_token *a, const struct screen_token *b,
			      enum screen_verdict *why)
{
	const struct screen_token *init = a->kind == SCREEN_KIND_INITIAL ? a : b;
	const struct screen_token *other = init == a ? b : a;

	*why = SCREEN_V_INITIAL;
	if (initial_fits(init, other))
		return 100;
	*why = 0;
	return 0;
}

static int fuzzy_similarity(const struct screen_token *a, const struct screen_token *b,
			    enum screen_verdict *why, unsigned *edits)
{
	unsigned e1 = 0, e2 = 0;
	int s1 = typo_similarity(a->skeleton, b->skeleton, &e1);
	int s2 = typo_similarity(a->latin, b->latin, &e2);
	if (s1 < MATCH_FLOOR && s2 < MATCH_FLOOR)
		return 0;

	/* one letter apart is a typo however Jaro-Winkler rates it: a changed
	 * first letter that recurs in the word (ALDASH.../ELDASH...) drops Jaro
	 * below the gate for what is plainly the same name */
	bool one_edit = (s1 >= MATCH_FLOOR && e1 == 1) || (s2 >= MATCH_FLOOR && e2 == 1);
	if (!one_edit) {
		double jw = jaro_winkler(a->latin, b->latin);
		double jws = jaro_winkler(a->skeleton, b->skeleton);
		if ((jw > jws ? jw : jws) < 0.8)
			return 0;
	}
	*why = SCREEN_V_TYPO;
	*edits = s1 >= s2 ? e1 : e2;
	return s1 >= s2 ? s1 : s2;
}

int screen_token_similarity(const struct screen_token *a, const struct screen_token *b,
			    enum screen_verdict *why, unsigned *edits)
{
	bool abjad = (a->flags | b->flags) & SCREEN_TOKF_ABJAD;
	size_t nc = strlen(a->consonants);

	*why = 0;
	*edits = 0;
	if (a->kind == SCREEN_KIND_PARTICLE || b->kind == SCREEN_KIND_PARTICLE)
		return 0;
	if (a->kind == SCREEN_KIND_INITIAL || b->kind == SCREEN_KIND_INITIAL)
		return initial_similarity(a, b, why);
	*why = SCREEN_V_SAME;
	if (strcmp(a->latin, b->latin) == 0)
		return 100;
	*why = gender_differs(a, b) ? SCREEN_V_GENDER : SCREEN_V_VARIANT;
	if (a->skeleton[0] && strcmp(a->skeleton, b->skeleton) == 0)
		return *why == SCREEN_V_GENDER ? 90 : 95;
	*why = SCREEN_V_CONSONANTS;
	if (abjad && nc && strcmp(a->consonants, b->consonants) == 0)
		return nc >= 3 ? 90 : nc == 2 ? 80 : 75; /* MHMD, WLY, (ʿA)LY */
	*why = SCREEN_V_STEM;
	if (same_stem(a->skeleton, b->skeleton))
		return 75;
	*why = 0;
	return fuzzy_similarity(a, b, why, edits);
}

/* ---- alignment ---- */

/* A token as the alignment sees it: one token, or two adjacent ones joined. */
struct vtok {
	struct screen_token t;
	int8_t i1, i2;
	double weight;
};

struct side {
	struct vtok v[MAXT];
	int n;
};

static double kind_weight(enum screen_kind k)
{
	switch (k) {
	case SCREEN_KIND_PATRONYMIC: return 0.4;
	case SCREEN_KIND_INITIAL: return 0.3;
	case SCREEN_KIND_PARTICLE: return 0.0;
	default: return 1.0;
	}
}

static void side_init(struct side *s, const struct screen_name *name)
{
	s->n = 0;
	for (int i = 0; i < name->ntokens; i++) {
		const struct screen_token *t = &name->tok[i];
		if (t->kind == SCREEN_KIND_PARTICLE)
			continue;
		s->v[s->n].t = *t;
		s->v[s->n].i1 = (int8_t)i;
		s->v[s->n].i2 = -1;
		s->v[s->n].weight = kind_weight((enum screen_kind)t->kind);
		s->n++;
	}
}

static bool joinable(const struct vtok *v)
{
	return v->i2 < 0 && v->t.kind != SCREEN_KIND_INITIAL && v->t.kind != SCREEN_KIND_PATRONYMIC;
}

/* If a and b written together have the skeleton of one token of other
 * that has no counterpart of its own, join them in place. */
static bool try_join(struct side *s, int k, const struct side *other)
{
	struct vtok *a = &s->v[k], *b = &s->v[k + 1];
	char latin[2 * SCREEN_TOKEN_MAX], skel[SCREEN_TOKEN_MAX];
	size_t la = strlen(a->t.latin), lb = strlen(b->t.latin);

	if (!joinable(a) || !joinable(b) || b->i1 != a->i1 + 1 || la + lb >= SCREEN_TOKEN_MAX)
		return false;
	memcpy(latin, a->t.latin, la);
	memcpy(latin + la, b->t.latin, lb + 1);
	screen_skeleton(latin, SCREEN_KIND_UNKNOWN, skel);
	for (int j = 0; j < other->n; j++) {
		const struct screen_token *o = &other->v[j].t;
		if (other->v[j].i2 >= 0 || strcmp(o->skeleton, skel) != 0)
			continue;
		memcpy(a->t.latin, latin, la + lb + 1);
		memcpy(a->t.skeleton, skel, sizeof(skel));
		screen_consonants(latin, a->t.consonants);
		a->t.flags = o->flags & (SCREEN_TOKF_FEMININE | SCREEN_TOKF_MASCULINE);
		a->i2 = b->i1;
		memmove(b, b + 1, (size_t)(s->n - k - 2) * sizeof(*b));
		s->n--;
		return true;
	}
	return false;
}

static bool has_exact(const struct side *s, const struct screen_token *t)
{
	for (int j = 0; j < s->n; j++)
		if (strcmp(s->v[j].t.skeleton, t->skeleton) == 0)
			return true;
	return false;
}

static void join_tokens(struct side *s, const struct side *other)
{
	for (int k = 0; k + 1 < s->n; k++)
		if (!has_exact(other, &s->v[k].t) || !has_exact(other, &s->v[k + 1].t))
			try_join(s, k, other);
}

/* Hungarian method (Kuhn-Munkres), minimising cost over n rows <= m
 * columns, 1-based; on return row_of[j] is the row given column j (0: none). */
static void hungarian(int n, int m, double cost[MAXT + 1][MAXT + 1], int row_of[MAXT + 1])
{
	double u[MAXT + 1] = { 0 }, v[MAXT + 1] = { 0 }, minv[MAXT + 1];
	int way[MAXT + 1] = { 0 };
	bool used[MAXT + 1];

	for (int j = 0; j <= m; j++)
		row_of[j] = 0;
	for (int i = 1; i <= n; i++) {
		int j0 = 0;
		row_of[0] = i;
		for (int j = 0; j <= m; j++)
			minv[j] = DBL_MAX, used[j] = false;
		do {
			int i0 = row_of[j0], j1 = 0;
			double delta = DBL_MAX;
			used[j0] = true;
			for (int j = 1; j <= m; j++) {
				if (used[j])
					continue;
				double cur = cost[i0][j] - u[i0] - v[j];
				if (cur < minv[j])
					minv[j] = cur, way[j] = j0;
				if (minv[j] < delta)
					delta = minv[j], j1 = j;
			}
			for (int j = 0; j <= m; j++) {
				if (used[j])
					u[row_of[j]] += delta, v[j] -= delta;
				else
					minv[j] -= delta;
			}
			j0 = j1;
		} while (row_of[j0] != 0);
		do {
			int j1 = way[j0];
			row_of[j0] = row_of[j1];
			j0 = j1;
		} while (j0);
	}
}

struct cell {
	int sim;
	enum screen_verdict why;
	unsigned edits;
};

static double pair_weight(const struct vtok *a, const struct vtok *b)
{
	return a->weight < b->weight ? a->weight : b->weight;
}

static void add_pair(struct screen_result *r, const struct vtok *a, const struct vtok *b,
		     const struct cell *c)
{
	struct screen_pair *p = &r->pairs[r->npairs++];

	p->q = a->i1;
	p->q2 = a->i2;
	p->w = b->i1;
	p->w2 = b->i2;
	p->verdict = (uint8_t)(a->i2 >= 0 || b->i2 >= 0 ? SCREEN_V_JOINED : c->why);
	p->similarity = (uint8_t)c->sim;
	p->edits = (uint8_t)c->edits;
	r->q_paired |= (uint16_t)(1u << a->i1);
	if (a->i2 >= 0)
		r->q_paired |= (uint16_t)(1u << a->i2);
	r->w_paired |= (uint16_t)(1u << b->i1);
	if (b->i2 >= 0)
		r->w_paired |= (uint16_t)(1u << b->i2);
}

static int pair_cmp(const void *x, const void *y)
{
	const struct screen_pair *a = x, *b = y;
	return a->q - b->q;
}

/* Align q and w; fill r's pairs; return the weighted similarity sum. */
static double align(const struct side *q, const struct side *w, struct screen_result *r)
{
	bool flip = q->n > w->n;
	const struct side *rows = flip ? w : q, *cols = flip ? q : w;
	double cost[MAXT + 1][MAXT + 1] = { { 0 } };
	struct cell cells[MAXT][MAXT];
	int row_of[MAXT + 1];
	double sum = 0.0;

	for (int i = 0; i < rows->n; i++)
		for (int j = 0; j < cols->n; j++) {
			struct cell *c = &cells[i][j];
			c->sim = screen_token_similarity(&rows->v[i].t, &cols->v[j].t, &c->why,
							 &c->edits);
			if (c->sim < MATCH_FLOOR)
				c->sim = 0;
			cost[i + 1][j + 1] =
				-pair_weight(&rows->v[i], &cols->v[j]) * c->sim / 100.0;
		}
	hungarian(rows->n, cols->n, cost, row_of);
	for (int j = 1; j <= cols->n; j++) {
		int i = row_of[j] - 1;
		if (i < 0 || !cells[i][j - 1].sim)
			continue;
		sum += -cost[i + 1][j];
		if (flip)
			add_pair(r, &cols->v[j - 1], &rows->v[i], &cells[i][j - 1]);
		else
			add_pair(r, &rows->v[i], &cols->v[j - 1], &cells[i][j - 1]);
	}
	qsort(r->pairs, r->npairs, sizeof(r->pairs[0]), pair_cmp);
	return sum;
}

static double side_weight(const struct side *s)
{
	double w = 0.0;
	for (int i = 0; i < s->n; i++)
		w += s->v[i].weight;
	return w;
}

static bool has_patronymic(const struct side *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->v[i].t.kind == SCREEN_KIND_PATRONYMIC)
			return true;
	return false;
}

static bool patronymic_paired(const struct screen_name *n, uint16_t paired)
{
	for (int i = 0; i < n->ntokens; i++)
		if (n->tok[i].kind == SCREEN_KIND_PATRONYMIC && ((paired >> i) & 1))
			return true;
	return false;
}

/* Both sides name a father and the names do not pair: likely brothers or
 * cousins, not one person. */
static void patronymic_component(const struct side *q, const struct side *w,
				 const struct screen_name *qn, const struct screen_name *wn,
				 struct screen_result *r)
{
	if (!has_patronymic(q) || !has_patronymic(w))
		return;
	if (patronymic_paired(qn, r->q_paired) || patronymic_paired(wn, r->w_paired)) {
		r->patronymic = SCREEN_AGREE_SAME;
		return;
	}
	r->patronymic = SCREEN_AGREE_CONFLICT;
	r->patronymic_points = -15;
}

static int name_score(const struct screen_name *qn, const struct screen_name *wn,
		      struct screen_result *r)
{
	struct side q, w;
	double total, matched;

	side_init(&q, qn);
	side_init(&w, wn);
	join_tokens(&q, &w);
	join_tokens(&w, &q);
	matched = align(&q, &w, r);
	patronymic_component(&q, &w, qn, wn, r);
	total = side_weight(&q) + side_weight(&w);
	if (total <= 0.0)
		return 0;
	return (int)(200.0 * matched / total + 0.5);
}

/* ---- sex, nationality, document ---- */

/* The sex a name's gendered forms imply (KARIMOVA, BOTIROVNA), if they agree. */
static enum screen_sex implied_sex(const struct screen_name *n)
{
	unsigned f = 0;
	for (int i = 0; i < n->ntokens; i++)
		f |= n->tok[i].flags;
	f &= SCREEN_TOKF_FEMININE | SCREEN_TOKF_MASCULINE;
	if (f == SCREEN_TOKF_FEMININE)
		return SCREEN_SEX_FEMALE;
	return f == SCREEN_TOKF_MASCULINE ? SCREEN_SEX_MALE : SCREEN_SEX_UNKNOWN;
}

static void sex_component(const struct screen_person *q, const struct screen_person *w,
			  struct screen_result *r)
{
	enum screen_sex qs = q->sex, ws = w->sex;
	bool soft = false;

	if (qs && ws) {
		r->sex = qs == ws ? SCREEN_AGREE_SAME : SCREEN_AGREE_CONFLICT;
		r->sex_points = qs == ws ? 0 : -25;
		return;
	}
	if (!qs)
		qs = implied_sex(&q->name), soft = true;
	if (!ws)
		ws = implied_sex(&w->name), soft = true;
	r->sex = SCREEN_AGREE_UNKNOWN;
	if (!qs || !ws)
		return;
	r->sex = qs == ws ? SCREEN_AGREE_SAME :
		 soft     ? SCREEN_AGREE_SOFT_CONFLICT :
			    SCREEN_AGREE_CONFLICT;
	r->sex_points = qs == ws ? 0 : -12;
}

static void other_components(const struct screen_person *q, const struct screen_person *w,
			     struct screen_result *r)
{
	r->date = (uint8_t)date_compare(&q->birth, &w->birth);
	r->date_points = date_points((enum screen_date_verdict)r->date);
	sex_component(q, w, r);
	if (q->nationality[0] && w->nationality[0]) {
		bool same = strcmp(q->nationality, w->nationality) == 0;
		r->nationality = same ? SCREEN_AGREE_SAME : SCREEN_AGREE_CONFLICT;
		r->nationality_points = same ? 2 : -5;
	}
	if (q->doc[0] && w->doc[0]) {
		int d = screen_doc_compare(q->doc, w->doc);
		r->document = d == 100 ? SCREEN_AGREE_SAME :
			      d        ? SCREEN_AGREE_CLOSE :
					 SCREEN_AGREE_CONFLICT;
		r->document_points = d == 100 ? 25 : d ? 15 : 0;
	}
}

int screen_score(const struct screen_person *query, const struct screen_person *listed,
		 struct screen_result *out)
{
	struct screen_result r;
	int total;

	if (query->name.ntokens > MAXT || listed->name.ntokens > MAXT)
		return RICS_E_INVALID;
	memset(&r, 0, sizeof(r));
	r.name_score = name_score(&query->name, &listed->name, &r);
	other_components(query, listed, &r);
	total = r.name_score + r.patronymic_points + r.date_points + r.sex_points +
		r.nationality_points + r.document_points;
	r.score = total < 0 ? 0 : total > 100 ? 100 : total;
	*out = r;
	return 0;
}

/* ---- explanation ---- */

static int add_token_text(struct strbuf *sb, const struct screen_name *n, int i, int i2)
{
	const struct screen_token *a = &n->tok[i];
	size_t end = i2 >= 0 ? n->tok[i2].off + n->tok[i2].len : a->off + a->len;
	return strbuf_add(sb, n->text + a->off, end - a->off);
}

static const char *verdict_text(const struct screen_pair *p, bool scripts_differ, char *buf,
				size_t size)
{
	switch ((enum screen_verdict)p->verdict) {
	case SCREEN_V_SAME: return scripts_differ ? "same name in another script" : NULL;
	case SCREEN_V_VARIANT:
		return scripts_differ ? "spelling variant in another script" : "spelling variant";
	case SCREEN_V_GENDER: return "same surname, male and female form";
	case SCREEN_V_CONSONANTS: return "same consonants, written without vowels";
	case SCREEN_V_STEM: return "same stem, -OV or -ZODA ending on one side only";
	case SCREEN_V_JOINED: return "written as one name on one side";
	case SCREEN_V_INITIAL: return "initial";
	case SCREEN_V_TYPO:
		if (p->edits <= 1)
			return "one letter differs";
		snprintf(buf, size, "%u letters differ", p->edits);
		return buf;
	}
	return NULL;
}

static const char *pair_label(const struct screen_token *q, const struct screen_token *w)
{
	if (w->kind != SCREEN_KIND_UNKNOWN && w->kind != SCREEN_KIND_INITIAL)
		return screen_kind_name((enum screen_kind)w->kind);
	return screen_kind_name((enum screen_kind)q->kind);
}

static int explain_pair(struct strbuf *sb, const struct screen_person *q,
			const struct screen_person *w, const struct screen_pair *p)
{
	const struct screen_token *qt = &q->name.tok[p->q], *wt = &w->name.tok[p->w];
	char buf[32];
	const char *why = verdict_text(p, qt->script != wt->script, buf, sizeof(buf));
	int rc = strbuf_addf(sb, "%s ", pair_label(qt, wt));

	if (!rc)
		rc = add_token_text(sb, &q->name, p->q, p->q2);
	if (!rc)
		rc = strbuf_adds(sb, p->verdict == SCREEN_V_SAME ? " = " : " ~ ");
	if (!rc)
		rc = add_token_text(sb, &w->name, p->w, p->w2);
	if (!rc && why)
		rc = strbuf_addf(sb, " (%s)", why);
	return rc;
}

static int explain_unpaired(struct strbuf *sb, const struct screen_name *n, uint16_t paired,
			    const char *where, bool *first)
{
	int rc = 0;

	for (int i = 0; i < n->ntokens && !rc; i++) {
		const struct screen_token *t = &n->tok[i];
		if ((paired >> i) & 1 || t->kind == SCREEN_KIND_PARTICLE)
			continue;
		rc = strbuf_addf(sb, "%s%s ", *first ? "" : "; ",
				 screen_kind_name((enum screen_kind)t->kind));
		if (!rc)
			rc = add_token_text(sb, n, i, -1);
		if (!rc)
			rc = strbuf_addf(sb, ": %s%s", where,
					 kind_weight((enum screen_kind)t->kind) < 1.0 ?
						 " (weighs little)" :
						 "");
		*first = false;
	}
	return rc;
}

static void date_text(const struct screen_date *d, char out[16])
{
	char m[4] = "??", dd[4] = "??";
	if (d->month)
		snprintf(m, sizeof(m), "%02u", (unsigned)d->month);
	if (d->day)
		snprintf(dd, sizeof(dd), "%02u", (unsigned)d->day);
	snprintf(out, 16, "%04d-%s-%s", d->year, m, dd);
}

static const char *date_verdict_text(enum screen_date_verdict v)
{
	switch (v) {
	case SCREEN_DATE_EXACT: return "same";
	case SCREEN_DATE_PARTIAL: return "same year, day or month unknown or a placeholder";
	case SCREEN_DATE_SWAPPED: return "day and month swapped";
	case SCREEN_DATE_TYPO: return "one digit differs";
	case SCREEN_DATE_NEAR_YEAR: return "one year apart";
	case SCREEN_DATE_SAME_YEAR: return "same year, different day";
	case SCREEN_DATE_OTHER_DAY: return "same year, another day and month";
	case SCREEN_DATE_CONFLICT: return "differs";
	case SCREEN_DATE_MISSING: break;
	}
	return "unknown on one side";
}

static int explain_date(struct strbuf *sb, const struct screen_person *q,
			const struct screen_person *w, const struct screen_result *r)
{
	char a[16], b[16];

	if (r->date == SCREEN_DATE_MISSING)
		return strbuf_adds(sb, "; birth date: unknown on one side");
	date_text(&q->birth, a);
	date_text(&w->birth, b);
	if (r->date == SCREEN_DATE_EXACT)
		return strbuf_addf(sb, "; birth date: same (%s)", a);
	return strbuf_addf(sb, "; birth date: %s (%s / %s)",
			   date_verdict_text((enum screen_date_verdict)r->date), a, b);
}

static const char *sex_char(enum screen_sex s)
{
	return s == SCREEN_SEX_MALE ? "M" : s == SCREEN_SEX_FEMALE ? "F" : "?";
}

static int explain_others(struct strbuf *sb, const struct screen_person *q,
			  const struct screen_person *w, const struct screen_result *r)
{
	static const char *const doc_text[] = { "", "same number", "same up to OCR confusions", "",
						"differs" };
	int rc = explain_date(sb, q, w, r);

	if (!rc && r->patronymic == SCREEN_AGREE_CONFLICT)
		rc = strbuf_adds(sb, "; patronymic: differs");

	if (!rc && r->sex == SCREEN_AGREE_CONFLICT)
		rc = strbuf_addf(sb, "; sex: differs (%s / %s)", sex_char(q->sex),
				 sex_char(w->sex));
	if (!rc && r->sex == SCREEN_AGREE_SOFT_CONFLICT)
		rc = strbuf_adds(sb,
				 "; sex: the name's male or female form contradicts the other side");
	if (!rc && r->nationality)
		rc = strbuf_addf(sb, "; nationality: %s (%s / %s)",
				 r->nationality == SCREEN_AGREE_SAME ? "same" : "differs",
				 q->nationality, w->nationality);
	if (!rc && r->document)
		rc = strbuf_addf(sb, "; document: %s", doc_text[r->document]);
	return rc;
}

int screen_explain(const struct screen_person *query, const struct screen_person *listed,
		   const struct screen_result *r, struct strbuf *out)
{
	bool first = true;
	int rc = 0;

	for (int i = 0; i < r->npairs && !rc; i++) {
		if (!first)
			rc = strbuf_adds(out, "; ");
		if (!rc)
			rc = explain_pair(out, query, listed, &r->pairs[i]);
		first = false;
	}
	if (!rc)
		rc = explain_unpaired(out, &query->name, r->q_paired, "not on the watchlist entry",
				      &first);
	if (!rc)
		rc = explain_unpaired(out, &listed->name, r->w_paired,
				      "only on the watchlist entry", &first);
	if (!rc && first)
		rc = strbuf_adds(out, "no name in common");
	if (!rc)
		rc = explain_others(out, query, listed, r);
	if (!rc)
		rc = strbuf_addf(out, "; score %d", r->score);
	return rc;
}
