// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Name normalisation for screening (contract in normalize.h, design in
 * docs/internals/screening.md). A field is split into tokens on anything that
 * is not a letter, mark, digit or apostrophe; each token becomes upper-case
 * ASCII (plain ASCII directly, anything else through NFKC_Casefold and one
 * regional ICU rule set), gets a kind and flags from its suffix and its
 * neighbours, and two skeletons: the regional phonetic one and the Arabic-style
 * consonant one. The scratch buffers live in the normalizer, so the hot path
 * allocates nothing.
 */
#include "screen/normalize.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/text.h"

#include <errno.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

/* Longest source token, in code points; longer ones are cut (TRUNCATED). */
#define SRC_TOKEN_MAX 64
/* NFKC_Casefold expands a code point to at most 18 units (U+FDFA). */
#define FOLD_CAP (SRC_TOKEN_MAX * 2 * 18)
/* The regional rules expand a unit to at most 4 (щ -> shch). */
#define TRANS_CAP (FOLD_CAP * 4)

/*
 * The regional rules, applied to NFKC_Casefold output (lower case). Cyrillic
 * follows ICAO 9303 as the passports of the five countries write it; the
 * national Latin letters keep their digraphs (Turkmen ž ç ş, MRZ-style
 * ä ö ü -> ae oe ue) before Latin-ASCII drops the remaining diacritics; the
 * Uzbek oʻ (the letter Ў) becomes u and gʻ g; Arabic script keeps consonants
 * and the long vowels alef, waw, ye as a, w, y.
 */
static const char regional_rules[] =
	"$ap = [\\u0027\\u0060\\u00B4\\u2018\\u2019\\u02B9\\u02BB\\u02BC\\u02BE\\u02BF] ;"
	"o $ap > u ; g $ap > g ; $ap > ;"
	/* national Latin alphabets */
	"ž > zh ; č > ch ; š > sh ; ç > ch ; ş > sh ; ň > n ; ñ > n ; ń > n ;"
	"ä > ae ; ö > oe ; ü > ue ; ý > y ; ğ > g ; ǵ > g ; ı > i ; ə > a ; ǝ > a ; ū > u ;"
	/* Russian, ICAO 9303 */
	"а > a ; б > b ; в > v ; г > g ; д > d ; е > e ; ё > e ; ж > zh ; з > z ; и > i ;"
	"й > i ; к > k ; л > l ; м > m ; н > n ; о > o ; п > p ; р > r ; с > s ; т > t ;"
	"у > u ; ф > f ; х > kh ; ц > ts ; ч > ch ; ш > sh ; щ > shch ; ъ > ie ; ы > y ;"
	"ь > ; э > e ; ю > iu ; я > ia ;"
	/* Kazakh, Kyrgyz */
	"ә > a ; ғ > g ; қ > k ; ң > n ; ө > o ; ұ > u ; ү > u ; һ > h ; і > i ;"
	/* Tajik */
	"ӣ > i ; ӯ > u ; ҳ > h ; ҷ > j ;"
	/* Uzbek */
	"ў > u ;"
	/* Ukrainian, Belarusian */
	"є > ie ; ї > i ; ґ > g ;"
	/* Arabic script: Dari, Pashto */
	"ا > a ; آ > a ; أ > a ; إ > i ; ٱ > a ; ب > b ; پ > p ; ت > t ; ټ > t ; ث > s ;"
	"ج > j ; چ > ch ; ځ > dz ; څ > ts ; ح > h ; خ > kh ; د > d ; ډ > d ; ذ > z ;"
	"ر > r ; ړ > r ; ز > z ; ژ > zh ; ږ > zh ; س > s ; ش > sh ; ښ > sh ; ص > s ;"
	"ض > z ; ط > t ; ظ > z ; ع > ; غ > gh ; ف > f ; ق > q ; ک > k ; ك > k ; گ > g ;"
	"ګ > g ; ل > l ; م > m ; ن > n ; ڼ > n ; و > w ; ؤ > w ; ه > h ; ۀ > h ; ة > h ;"
	"ی > y ; ي > y ; ى > y ; ې > y ; ۍ > y ; ئ > y ; ء > ; ـ > ;"
	"[\\u064B-\\u065F\\u0670] > ;"
	":: Latin-ASCII ;";

/* Anything outside the region's scripts (Greek, Georgian, Han, ...). */
static const char other_id[] = "Any-Latin; Latin-ASCII";

struct screen_normalizer {
	UTransliterator *regional;
	UTransliterator *other;
	const UNormalizer2 *fold; /* ICU-owned, immutable */
	UChar src[SRC_TOKEN_MAX * 2 + 2];
	UChar buf[TRANS_CAP];
};

/* ---- lifecycle ---- */

static int icu_rc(UErrorCode err)
{
	return err == U_MEMORY_ALLOCATION_ERROR ? -ENOMEM : RICS_E_INVALID;
}

static int open_rules(UTransliterator **out)
{
	UChar id[] = { 'r', 'i', 'c', 's', '-', 's', 'c', 'r', 'e', 'e', 'n', 0 };
	UChar *rules = NULL;
	UErrorCode err = U_ZERO_ERROR;
	UParseError perr;
	int32_t n = 0;
	int rc = -ENOMEM;

	rules = rics_malloc(sizeof(regional_rules) * sizeof(UChar));
	if (!rules)
		goto out;
	u_strFromUTF8(rules, (int32_t)sizeof(regional_rules), &n, regional_rules, -1, &err);
	if (U_SUCCESS(err))
		*out = utrans_openU(id, -1, UTRANS_FORWARD, rules, n, &perr, &err);
	rc = U_FAILURE(err) ? icu_rc(err) : 0;
out:
	rics_free(rules);
	return rc;
}

static int open_other(UTransliterator **out)
{
	UChar id[sizeof(other_id)];
	UErrorCode err = U_ZERO_ERROR;

	u_charsToUChars(other_id, id, (int32_t)sizeof(other_id));
	*out = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	return U_FAILURE(err) ? icu_rc(err) : 0;
}

static int normalizer_alloc(struct screen_normalizer **out)
{
	UErrorCode err = U_ZERO_ERROR;
	struct screen_normalizer *nz = rics_calloc(1, sizeof(*nz));

	if (!nz)
		return -ENOMEM;
	nz->fold = unorm2_getNFKCCasefoldInstance(&err);
	if (U_FAILURE(err)) {
		rics_free(nz);
		return RICS_E_INVALID;
	}
	*out = nz;
	return 0;
}

int screen_normalizer_new(struct screen_normalizer **out)
{
	struct screen_normalizer *nz = NULL;
	int rc = normalizer_alloc(&nz);

	if (rc)
		return rc;
	rc = open_rules(&nz->regional);
	if (rc)
		goto fail;
	rc = open_other(&nz->other);
	if (rc)
		goto fail;
	*out = nz;
	return 0;
fail:
	screen_normalizer_free(nz);
	return rc;
}

int screen_normalizer_clone(const struct screen_normalizer *src, struct screen_normalizer **out)
{
	struct screen_normalizer *nz = NULL;
	UErrorCode err = U_ZERO_ERROR;
	int rc = normalizer_alloc(&nz);

	if (rc)
		return rc;
	nz->regional = utrans_clone(src->regional, &err);
	if (U_SUCCESS(err))
		nz->other = utrans_clone(src->other, &err);
	if (U_FAILURE(err)) {
		screen_normalizer_free(nz);
		return icu_rc(err);
	}
	*out = nz;
	return 0;
}

void screen_normalizer_free(struct screen_normalizer *nz)
{
	if (!nz)
		return;
	if (nz->regional)
		utrans_close(nz->regional);
	if (nz->other)
		utrans_close(nz->other);
	rics_free(nz);
}

void screen_name_init(struct screen_name *name)
{
	memset(name, 0, sizeof(*name));
}

const char *screen_kind_name(enum screen_kind kind)
{
	switch (kind) {
	case SCREEN_KIND_GIVEN: return "given name";
	case SCREEN_KIND_SURNAME: return "surname";
	case SCREEN_KIND_PATRONYMIC: return "patronymic";
	case SCREEN_KIND_PARTICLE: return "particle";
	case SCREEN_KIND_INITIAL: return "initial";
	case SCREEN_KIND_UNKNOWN: break;
	}
	return "name";
}

/* ---- small string helpers ---- */

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The suffix of s (length n) from list that leaves a stem of at least
 * min_stem characters, or NULL. */
static const char *suffix_in(const char *s, size_t n, const char *const *list, size_t min_stem)
{
	for (; *list; list++)
		if (ends_with(s, n, *list) && n - strlen(*list) >= min_stem)
			return *list;
	return NULL;
}

static bool word_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static bool is_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

/* ---- kinds and flags ---- */

static const char *const patr_male[] = { "OVICH", "EVICH", "UGLI", "OGLI", "OGLU",
					 "OGLY",  "ULY",   "ULU",  "UULU", NULL };
static const char *const patr_female[] = { "OVNA", "EVNA", "ICHNA", "KYZY",
					   "KIZI", "QIZI", "GYZY",  NULL };
/* A particle that makes the token before it a patronymic (Alisher Botir oʻgʻli). */
static const char *const particle_after[] = { "UGLI", "OGLI", "OGLU", "OGLY", "ULY", "ULU", "UULU",
					      "KYZY", "KIZI", "QIZI", "GYZY", NULL };
/* A particle that makes the token after it a patronymic (Ahmad bin Ali). */
static const char *const particle_before[] = { "IBN", "BIN", "BINT", "BINTI", NULL };
static const char *const particle_female[] = {
	"KYZY", "KIZI", "QIZI", "GYZY", "BINT", "BINTI", NULL
};
static const char *const particle_other[] = { "AL",      "EL",      "UL",      "UD",      "AD",
					      "AS",      "AR",      "HAJI",    "HAJJI",   "HADJI",
					      "ALHAJ",   "ALHAJJ",  "MULLAH",  "MULLA",   "MAWLAWI",
					      "MAULAWI", "MAVLAVI", "MOULAVI", "MAWLAVI", "QARI",
					      "SHEIKH",  "SHAIKH",  "SHAYKH",  NULL };
static const char *const surname_sfx[] = { "OV",     "EV",   "OVA",   "EVA",   "OW",    "EW",
					   "SKIY",   "SKII", "SKAYA", "SKAIA", "ENKO",  "DZE",
					   "SHVILI", "YAN",  "ZODA",  "ZADA",  "ZADEH", NULL };
/* -IN / -INA only in a field known to be a surname (MARINA, ALINA are given). */
static const char *const fem_surname_sfx[] = { "INA", NULL };
static const char *const masc_surname_sfx[] = { "IN", NULL };
static const char *const fem_sfx[] = { "OVA", "EVA", "SKAYA", "SKAIA", NULL };
static const char *const masc_sfx[] = { "OV", "EV", "OW", "EW", "SKIY", "SKII", NULL };

static bool is_particle(const char *s)
{
	return word_in(s, particle_after) || word_in(s, particle_before) ||
	       word_in(s, particle_other);
}

/* Initials of letters that Latin writes with two (Sh. Karimov, Ю. -> IU). */
static const char *const digraph_initials[] = { "SH", "CH", "ZH", "KH", "TS", "GH",
						"YU", "YA", "YO", "IU", "IA", NULL };

static enum screen_kind guess_kind(const char *latin, enum screen_kind hint, bool one_letter)
{
	size_t n = strlen(latin);

	if (n == 1 || one_letter || word_in(latin, digraph_initials))
		return SCREEN_KIND_INITIAL;
	if (is_particle(latin))
		return SCREEN_KIND_PARTICLE;
	if (hint != SCREEN_KIND_SURNAME &&
	    (suffix_in(latin, n, patr_male, 3) || suffix_in(latin, n, patr_female, 3)))
		return SCREEN_KIND_PATRONYMIC;
	if (hint != SCREEN_KIND_UNKNOWN)
		return hint;
	if (suffix_in(latin, n, surname_sfx, 2))
		return SCREEN_KIND_SURNAME;
	return SCREEN_KIND_UNKNOWN;
}

static unsigned gender_flags(const char *latin, enum screen_kind kind)
{
	size_t n = strlen(latin);

	if (kind == SCREEN_KIND_PATRONYMIC) {
		if (suffix_in(latin, n, patr_female, 3))
			return SCREEN_TOKF_FEMININE;
		return suffix_in(latin, n, patr_male, 3) ? SCREEN_TOKF_MASCULINE : 0;
	}
	if (kind != SCREEN_KIND_SURNAME && kind != SCREEN_KIND_UNKNOWN)
		return 0;
	if (suffix_in(latin, n, fem_sfx, 2) ||
	    (kind == SCREEN_KIND_SURNAME && suffix_in(latin, n, fem_surname_sfx, 3)))
		return SCREEN_TOKF_FEMININE;
	if (suffix_in(latin, n, masc_sfx, 2) ||
	    (kind == SCREEN_KIND_SURNAME && suffix_in(latin, n, masc_surname_sfx, 3)))
		return SCREEN_TOKF_MASCULINE;
	return 0;
}

/* ---- the regional skeleton ---- */

/* The stem a skeleton is built from: a patronymic loses its suffix (BOTIROVICH,
 * BOTIR UGLI -> BOTIR), a female surname form its -A (KARIMOVA -> KARIMOV). */
static size_t skeleton_stem(const char *latin, enum screen_kind kind, char *stem)
{
	size_t n = strlen(latin);
	const char *sfx;
	unsigned g = gender_flags(latin, kind);

	memcpy(stem, latin, n + 1);
	if (kind == SCREEN_KIND_PATRONYMIC) {
		sfx = suffix_in(latin, n, patr_male, 3);
		if (!sfx)
			sfx = suffix_in(latin, n, patr_female, 3);
		if (sfx)
			n -= strlen(sfx);
	} else if (g & SCREEN_TOKF_FEMININE) {
		if (ends_with(latin, n, "SKAYA") || ends_with(latin, n, "SKAIA")) {
			n -= 2;
			stem[n - 1] = 'I';
			stem[n - 2] = 'I';
		} else {
			n -= 1;
		}
	}
	stem[n] = '\0';
	return n;
}

static char single_symbol(char c)
{
	switch (c) {
	case 'X': return 'H';
	case 'Q': return 'K';
	case 'W': return 'V';
	case 'Y': return 'I';
	default: return c;
	}
}

/*
 * The symbol for the letters at s, longest match first; returns how many
 * letters it takes. Internal symbols: 's' = the SH class (SHCH SCH SH),
 * 'c' = the CH class (TSCH TCH CH), 'J' = ZH DZH DJ J, 'H' = KH X H,
 * 'C' = TS TC TZ C, 'G' = GH G, 'F' = PH F, 'K' = CK Q K, 'V' = W V,
 * 'I' = Y I.
 */
static size_t emit(char *sym, char value, size_t letters)
{
	*sym = value;
	return letters;
}

static size_t symbol_at(const char *s, char *sym)
{
	char a = s[0], b = a ? s[1] : 0, c = b ? s[2] : 0, d = c ? s[3] : 0;

	switch (a) {
	case 'S':
		if (b == 'H')
			return emit(sym, 's', c == 'C' && d == 'H' ? 4 : 2);
		if (b == 'C' && c == 'H')
			return emit(sym, 's', 3);
		break;
	case 'T':
		if (b == 'S' && c == 'C' && d == 'H')
			return emit(sym, 'c', 4);
		if (b == 'C' && c == 'H')
			return emit(sym, 'c', 3);
		/* but T|ZH is -т|ж- (BAKYTZHAN), not TZ */
		if (b == 'S' || b == 'C' || (b == 'Z' && c != 'H'))
			return emit(sym, 'C', 2);
		break;
	case 'D':
		if (b == 'Z' && c == 'H')
			return emit(sym, 'J', 3);
		if (b == 'J')
			return emit(sym, 'J', 2);
		break;
	case 'C':
		if (b == 'H')
			return emit(sym, 'c', 2);
		if (b == 'K')
			return emit(sym, 'K', 2);
		break;
	case 'Z':
		if (b == 'H')
			return emit(sym, 'J', 2);
		break;
	case 'K':
	case 'G':
	case 'P':
		if (b == 'H')
			return emit(sym, a == 'K' ? 'H' : a == 'G' ? 'G' : 'F', 2);
		break;
	default: break;
	}
	return emit(sym, single_symbol(a), 1);
}

/* Letters to symbols, consonant classes folded; returns the length. */
static size_t to_symbols(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	while (*s && n + 1 < cap) {
		s += symbol_at(s, &out[n]);
		n++;
	}
	out[n] = '\0';
	return n;
}

static size_t collapse_doubles(char *s, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++)
		if (j == 0 || s[j - 1] != s[i])
			s[j++] = s[i];
	s[j] = '\0';
	return j;
}

static bool sym_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'O' || c == 'U';
}

/* Drop the glide I (from Y, Й, the I of ICAO IA/IU) where spellings differ
 * on writing it: word-initially before a vowel (YURIY/IURII/URI, YEVGENIY/
 * EVGENIY) and between a vowel and E (ABDULLAYEV/ABDULLAEV). YO / IO not
 * after a vowel is Ё, which ICAO writes E (SEMYON/SEMEN, FYODOR/FEDOR). */
static size_t drop_glides(char *s, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		bool next_vowel = i + 1 < n && sym_vowel(s[i + 1]);
		bool after_vowel = i > 0 && sym_vowel(s[i - 1]);
		if (s[i] == 'I' && i + 1 < n && s[i + 1] == 'O' && !after_vowel) {
			s[j++] = 'E';
			i++;
			continue;
		}
		if (s[i] == 'I' && next_vowel && (i == 0 || (s[i + 1] == 'E' && after_vowel)))
			continue;
		s[j++] = s[i];
	}
	s[j] = '\0';
	return j;
}

/* AE OE UE -> A O U (the MRZ writes Ä Ö Ü as AE OE UE; Tajik -OEV = -AEV),
 * then the back vowels A O U are one class (TOKHTASINOV/TUKHTASINOV,
 * ABDULLO/ABDULLA). */
static size_t fold_vowels(char *s, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == 'E' && j > 0 && (s[j - 1] == 'A' || s[j - 1] == 'O' || s[j - 1] == 'U'))
			continue;
		s[j++] = (c == 'O' || c == 'U') ? 'A' : c;
	}
	s[j] = '\0';
	return j;
}

/* Word endings: Persian final -AH/-OH/-EH loses the H (ABDULLAH/ABDULLA),
 * the -EV/-OV surname ending is one (SERGEEV, ALIEV: -AV). */
static size_t fold_endings(char *s, size_t n)
{
	if (n >= 3 && s[n - 1] == 'H' && sym_vowel(s[n - 2]))
		n--;
	if (n >= 4 && s[n - 2] == 'E' && s[n - 1] == 'V')
		s[n - 2] = 'A';
	s[n] = '\0';
	return n;
}

static void expand_symbols(const char *sym, char *out, size_t cap)
{
	size_t n = 0;

	for (; *sym; sym++) {
		const char *e = *sym == 's' ? "SH" : *sym == 'c' ? "CH" : NULL;
		size_t k = e ? 2 : 1;
		if (n + k >= cap)
			break;
		if (e)
			memcpy(out + n, e, 2);
		else
			out[n] = *sym;
		n += k;
	}
	out[n] = '\0';
}

void screen_skeleton(const char *latin, enum screen_kind kind, char out[SCREEN_TOKEN_MAX])
{
	char stem[SCREEN_TOKEN_MAX], sym[SCREEN_TOKEN_MAX];
	size_t n;

	if (strlen(latin) >= SCREEN_TOKEN_MAX) {
		out[0] = '\0';
		return;
	}
	skeleton_stem(latin, kind, stem);
	n = to_symbols(stem, sym, sizeof(sym));
	n = collapse_doubles(sym, n);
	n = drop_glides(sym, n);
	n = fold_vowels(sym, n);
	n = collapse_doubles(sym, n);
	fold_endings(sym, n);
	expand_symbols(sym, out, SCREEN_TOKEN_MAX);
}

/* ---- the Arabic-style consonant skeleton ---- */

void screen_consonants(const char *latin, char out[SCREEN_CONSONANTS_MAX])
{
	char sym[SCREEN_TOKEN_MAX], cons[SCREEN_TOKEN_MAX];
	size_t n, j = 0;

	if (strlen(latin) >= SCREEN_TOKEN_MAX) {
		out[0] = '\0';
		return;
	}
	n = to_symbols(latin, sym, sizeof(sym));
	/* a final H after T or D is the Dari feminine ه (FRESHTA / فرشته,
	 * FRSHTH), not the TH of ث below */
	if (n >= 3 && sym[n - 1] == 'H' && (sym[n - 2] == 'T' || sym[n - 2] == 'D'))
		sym[--n] = '\0';
	for (size_t i = 0; i < n; i++) {
		char c = sym[i];
		/* TH and DH are how Latin writes ث and ذ (UTHMAN / عثمان) */
		if (c == 'T' && sym[i + 1] == 'H')
			c = 'S', i++;
		else if (c == 'D' && sym[i + 1] == 'H')
			c = 'Z', i++;
		if (sym_vowel(c) || c == 'I' || (c == 'V' && i > 0))
			continue;
		cons[j++] = c;
	}
	j = collapse_doubles(cons, j);
	if (j >= 2 && cons[j - 1] == 'H')
		cons[--j] = '\0';
	expand_symbols(cons, out, SCREEN_CONSONANTS_MAX);
}

/* ---- tokens ---- */

static bool is_apostrophe(UChar32 c)
{
	switch (c) {
	case 0x27:
	case 0x60:
	case 0xB4:
	case 0x2018:
	case 0x2019:
	case 0x2B9:
	case 0x2BB:
	case 0x2BC:
	case 0x2BE:
	case 0x2BF: return true;
	default: return false;
	}
}

static bool is_token_char(UChar32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       c == '\'' || c == '`';
	if (is_apostrophe(c))
		return true;
	switch (u_charType(c)) {
	case U_UPPERCASE_LETTER:
	case U_LOWERCASE_LETTER:
	case U_TITLECASE_LETTER:
	case U_MODIFIER_LETTER:
	case U_OTHER_LETTER:
	case U_NON_SPACING_MARK:
	case U_ENCLOSING_MARK:
	case U_COMBINING_SPACING_MARK:
	case U_DECIMAL_DIGIT_NUMBER:
	case U_FORMAT_CHAR: return true;
	default: return false;
	}
}

static bool ascii_apostrophe(char c)
{
	return c == '\'' || c == '`';
}

/* A plain ASCII token, without ICU: upper case, Uzbek O' -> U and G' -> G,
 * apostrophes and digits dropped; *cut when letters did not fit. */
static void latin_from_ascii(const char *s, size_t len, char out[SCREEN_TOKEN_MAX], bool *cut)
{
	size_t n = 0;

	*cut = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			continue;
		if (n + 1 == SCREEN_TOKEN_MAX) {
			*cut = true;
			break;
		}
		if (i + 1 < len && ascii_apostrophe(s[i + 1]) && (c == 'O' || c == 'G')) {
			c = c == 'O' ? 'U' : 'G';
			i++;
		}
		out[n++] = c;
	}
	out[n] = '\0';
}

static enum screen_script token_script(const char *s, size_t len)
{
	enum screen_script script = SCREEN_SCRIPT_LATIN;
	int32_t i = 0;

	while (i < (int32_t)len) {
		UChar32 c;
		UErrorCode err = U_ZERO_ERROR;
		U8_NEXT(s, i, (int32_t)len, c);
		switch (uscript_getScript(c, &err)) {
		case USCRIPT_CYRILLIC: return SCREEN_SCRIPT_CYRILLIC;
		case USCRIPT_ARABIC: return SCREEN_SCRIPT_ARABIC;
		case USCRIPT_LATIN:
		case USCRIPT_COMMON:
		case USCRIPT_INHERITED: break;
		default: script = SCREEN_SCRIPT_OTHER; break;
		}
	}
	return script;
}

/* The ASCII letters of buf[0..n), upper case; *cut when they do not fit. */
static void ascii_letters(const UChar *buf, int32_t n, char out[SCREEN_TOKEN_MAX], bool *cut)
{
	size_t k = 0;

	for (int32_t i = 0; i < n; i++) {
		UChar c = buf[i];
		if (c >= 'a' && c <= 'z')
			c = (UChar)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			continue;
		if (k + 1 == SCREEN_TOKEN_MAX) {
			*cut = true;
			break;
		}
		out[k++] = (char)c;
	}
	out[k] = '\0';
}

/* A token with non-ASCII characters: NFKC_Casefold, then the rules. */
static int latin_from_unicode(struct screen_normalizer *nz, const char *s, size_t len,
			      enum screen_script script, char out[SCREEN_TOKEN_MAX], bool *cut)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t srclen = 0, n = 0, limit, end = 0, cps = 0;

	/* keep at most SRC_TOKEN_MAX code points */
	while (end < (int32_t)len && cps < SRC_TOKEN_MAX) {
		U8_FWD_1(s, end, (int32_t)len);
		cps++;
	}
	*cut = end < (int32_t)len;
	u_strFromUTF8(nz->src, (int32_t)(sizeof(nz->src) / sizeof(UChar)), &srclen, s, end, &err);
	if (U_SUCCESS(err))
		n = unorm2_normalize(nz->fold, nz->src, srclen, nz->buf, FOLD_CAP, &err);
	if (U_FAILURE(err))
		return icu_rc(err);
	limit = n;
	utrans_transUChars(script == SCREEN_SCRIPT_OTHER ? nz->other : nz->regional, nz->buf, &n,
			   TRANS_CAP, 0, &limit, &err);
	if (U_FAILURE(err))
		return icu_rc(err);
	ascii_letters(nz->buf, n, out, cut);
	return 0;
}

/* Y does not count: Latin that copies Arabic script writes ی as Y (WLY). */
static bool has_vowel(const char *s)
{
	for (; *s; s++)
		if (is_vowel(*s) && *s != 'Y')
			return true;
	return false;
}

/* Kind, flags and skeletons from the Latin form. */
static void token_derive(struct screen_token *t, enum screen_kind hint, bool one_letter)
{
	t->kind = (uint8_t)guess_kind(t->latin, hint, one_letter);
	t->flags = (uint8_t)((t->flags & ~(SCREEN_TOKF_FEMININE | SCREEN_TOKF_MASCULINE)) |
			     gender_flags(t->latin, (enum screen_kind)t->kind));
	if (t->script == SCREEN_SCRIPT_ARABIC || (strlen(t->latin) >= 2 && !has_vowel(t->latin)))
		t->flags |= SCREEN_TOKF_ABJAD;
	screen_skeleton(t->latin, (enum screen_kind)t->kind, t->skeleton);
	screen_consonants(t->latin, t->consonants);
}

/* True if s[0..len) holds exactly one letter (Ш. is an initial though its
 * Latin form SH has two). */
static bool one_letter(const char *s, size_t len)
{
	int32_t i = 0, letters = 0;

	while (i < (int32_t)len && letters < 2) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		letters += u_isalpha(c) ? 1 : 0;
	}
	return letters == 1;
}

static int add_token(struct screen_normalizer *nz, struct screen_name *name, size_t off, size_t len,
		     enum screen_kind hint)
{
	struct screen_token t;
	const char *s = name->text + off;
	bool ascii = true, cut = false;
	int rc;

	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < len; i++)
		ascii = ascii && (unsigned char)s[i] < 0x80;
	t.script = (uint8_t)(ascii ? SCREEN_SCRIPT_LATIN : token_script(s, len));
	if (ascii) {
		latin_from_ascii(s, len, t.latin, &cut);
	} else {
		rc = latin_from_unicode(nz, s, len, (enum screen_script)t.script, t.latin, &cut);
		if (rc)
			return rc;
	}
	if (!t.latin[0])
		return 0; /* digits or marks only */
	if (name->ntokens == SCREEN_NAME_MAX_TOKENS) {
		name->flags |= SCREEN_NAMEF_TRUNCATED;
		return 0;
	}
	t.off = (uint16_t)off;
	t.len = (uint16_t)len;
	t.flags = cut ? SCREEN_TOKF_TRUNCATED : 0;
	token_derive(&t, hint, one_letter(s, len));
	name->tok[name->ntokens++] = t;
	return 0;
}

/* Botir UGLI, Nurlan KYZY: the name before is the father's; BIN Ali: after. */
static void mark_patronymics(struct screen_name *name, size_t first)
{
	for (size_t i = first; i < name->ntokens; i++) {
		struct screen_token *p = &name->tok[i], *t = NULL;
		unsigned g;
		if (p->kind != SCREEN_KIND_PARTICLE)
			continue;
		if (word_in(p->latin, particle_after) && i > first)
			t = &name->tok[i - 1];
		else if (word_in(p->latin, particle_before) && i + 1 < name->ntokens)
			t = &name->tok[i + 1];
		if (!t || (t->kind != SCREEN_KIND_UNKNOWN && t->kind != SCREEN_KIND_GIVEN))
			continue;
		g = word_in(p->latin, particle_female) ? SCREEN_TOKF_FEMININE :
							 SCREEN_TOKF_MASCULINE;
		t->kind = SCREEN_KIND_PATRONYMIC;
		t->flags =
			(uint8_t)((t->flags & ~(SCREEN_TOKF_FEMININE | SCREEN_TOKF_MASCULINE)) | g);
		screen_skeleton(t->latin, SCREEN_KIND_PATRONYMIC, t->skeleton);
	}
}

int screen_name_append(struct screen_normalizer *nz, const char *utf8, enum screen_kind hint,
		       struct screen_name *name)
{
	struct screen_name work;
	size_t len = strlen(utf8), base, first;
	int32_t i = 0, start = -1;
	int rc = 0;

	if (!rics_text_valid(utf8, len))
		return RICS_E_INVALID;
	base = name->text_len + (name->text_len && len ? 1 : 0);
	if (base + len >= SCREEN_NAME_TEXT_MAX)
		return RICS_E_TOO_LARGE;
	work = *name;
	if (base > work.text_len)
		work.text[work.text_len] = ' ';
	memcpy(work.text + base, utf8, len + 1);
	work.text_len = (uint16_t)(base + len);
	first = work.ntokens;
	while (rc == 0 && i <= (int32_t)len) {
		int32_t at = i;
		UChar32 c = 0;
		if (i < (int32_t)len)
			U8_NEXT(utf8, i, (int32_t)len, c);
		else
			i++;
		if (at < (int32_t)len && is_token_char(c)) {
			if (start < 0)
				start = at;
		} else if (start >= 0) {
			rc = add_token(nz, &work, base + (size_t)start, (size_t)(at - start), hint);
			start = -1;
		}
	}
	if (rc)
		return rc;
	mark_patronymics(&work, first);
	*name = work;
	return 0;
}

int screen_name_normalize(struct screen_normalizer *nz, const char *utf8, struct screen_name *out)
{
	struct screen_name name;
	int rc;

	screen_name_init(&name);
	rc = screen_name_append(nz, utf8, SCREEN_KIND_UNKNOWN, &name);
	if (rc)
		return rc;
	*out = name;
	return 0;
}
