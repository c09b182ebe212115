// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * ICAO Doc 9303 machine readable zones; the contract is in mrz.h and the
 * design in docs/internals/mrz.md.
 *
 * Reading goes in stages. The text is split into lines of columns (one
 * column per UTF-8 character, so a stray '«' is one misread column, not
 * two); the line count and lengths choose a layout; the columns are
 * normalised to upper-case MRZ characters, '?' standing for anything else;
 * each field is read from its place in the layout and every check digit is
 * computed. Only then are suggestions sought, by trying each likely OCR
 * confusion in turn and keeping those that make every check digit over that
 * column pass. Nothing read is ever changed.
 */
#include "ingest/mrz.h"

#include "core/clock.h"
#include "core/error.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MRZ_LINES_MAX 3
#define MRZ_COLUMNS_MAX 96     /* a whole TD1 given as one line is 90 */
#define STRAY_BYTE 0x80000000u /* marks a byte that does not start UTF-8 */
#define SUGGESTIONS_PER_CHECK 3

/* ---- characters ---------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_mrz_char(char c)
{
	return is_digit(c) || is_letter(c) || c == '<';
}

static int char_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (is_letter(c))
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	return -1;
}

/* What an OCR engine confuses c with, most likely first. */
static const char *confusions_of(char c)
{
	switch (c) {
	case 'O': return "0";
	case 'D': return "0";
	case 'Q': return "0";
	case '0': return "OD";
	case 'I': return "1";
	case '1': return "I";
	case 'B': return "8";
	case '8': return "B";
	case 'S': return "5";
	case '5': return "S";
	case 'Z': return "2";
	case '2': return "Z";
	case 'G': return "6";
	case '6': return "G";
	default: return "";
	}
}

static bool all_fillers(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '<')
			return false;
	return true;
}

/* ---- messages ------------------------------------------------------ */

static void add_message(struct mrz_messages *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_message(struct mrz_messages *m, const char *fmt, ...)
{
	va_list ap;

	if (m->count == MRZ_MAX_MESSAGES) {
		m->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(m->text[m->count++], MRZ_MESSAGE_SIZE, fmt, ap);
	va_end(ap);
}

/* Quote an input character for a message, in ASCII whatever it was. */
static void describe_char(uint32_t c, char *buf, size_t size)
{
	if (c & STRAY_BYTE)
		snprintf(buf, size, "byte 0x%02X (not UTF-8)", (unsigned)(c & 0xFF));
	else if (c == ' ')
		snprintf(buf, size, "a space");
	else if (c == '\t')
		snprintf(buf, size, "a tab");
	else if (c > 0x20 && c < 0x7F)
		snprintf(buf, size, "'%c'", (char)c);
	else
		snprintf(buf, size, "U+%04" PRIX32, c);
}

/* ---- input: text to lines of columns -------------------------------- */

struct input_line {
	uint32_t ch[MRZ_COLUMNS_MAX];
	size_t len;         /* columns, counted past MRZ_COLUMNS_MAX too */
	size_t trailing_ws; /* whitespace at the end so far, dropped at line end */
};

struct input {
	struct input_line line[MRZ_LINES_MAX];
	struct input_line overflow; /* scratch for the lines past the third */
	size_t count;               /* non-blank lines, counted past the third */
	bool in_line;               /* the current line has a non-blank column */
};

static bool is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xFEFF;
}

static struct input_line *input_current(struct input *in)
{
	return in->count < MRZ_LINES_MAX ? &in->line[in->count] : &in->overflow;
}

static void input_end_line(struct input *in)
{
	struct input_line *l = input_current(in);

	if (!in->in_line)
		return;
	l->len -= l->trailing_ws;
	in->count++;
	in->in_line = false;
}

static void input_add(struct input *in, uint32_t c)
{
	struct input_line *l = input_current(in);

	if (c == '\n' || c == '\r') {
		input_end_line(in);
		return;
	}
	if (is_blank(c)) {
		if (!in->in_line)
			return;
		l->trailing_ws++;
	} else {
		if (!in->in_line) {
			l->len = 0;
			in->in_line = true;
		}
		l->trailing_ws = 0;
	}
	if (l->len < MRZ_COLUMNS_MAX)
		l->ch[l->len] = c;
	l->len++;
}

/* The length of the UTF-8 sequence that lead starts, 0 if none. */
static size_t utf8_length(unsigned char lead)
{
	if (lead >= 0xC2 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 4;
	return 0;
}

/* One UTF-8 character from s[0..n), n > 0; a byte that starts none is
 * returned alone, marked STRAY_BYTE. Returns the bytes used. */
static size_t decode_utf8(const unsigned char *s, size_t n, uint32_t *out)
{
	size_t len = utf8_length(s[0]);
	uint32_t c = s[0] & (0x7F >> len);

	if (s[0] < 0x80) {
		*out = s[0];
		return 1;
	}
	if (!len || len > n)
		goto stray;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto stray;
		c = c << 6 | (s[i] & 0x3F);
	}
	*out = c;
	return len;
stray:
	*out = STRAY_BYTE | s[0];
	return 1;
}

static void input_feed(struct input *in, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	uint32_t c;

	while (len) {
		size_t used = decode_utf8(p, len, &c);
		input_add(in, c);
		p += used;
		len -= used;
	}
}

/* A whole MRZ sent as one line (some keyboard-wedge readers do this). */
static void input_split_single(struct input *in, struct mrz_result *out)
{
	struct input_line whole;
	size_t width;

	if (in->count != 1)
		return;
	switch (in->line[0].len) {
	case 90: width = 30; break;
	case 72: width = 36; break;
	case 88: width = 44; break;
	default: return;
	}
	whole = in->line[0];
	in->count = whole.len / width;
	for (size_t i = 0; i < in->count; i++) {
		memcpy(in->line[i].ch, whole.ch + i * width, width * sizeof whole.ch[0]);
		in->line[i].len = width;
	}
	add_message(&out->warnings,
		    "the MRZ came as one line of %zu characters; read as %zu lines of %zu",
		    whole.len, in->count, width);
}

/* ---- layouts -------------------------------------------------------- */

struct span {
	unsigned char line, col, len; /* 0-based; len 0: no such field */
};

struct layout {
	enum mrz_format format;
	unsigned char lines, width;
	struct span code, state, name, number, number_check, nationality;
	struct span birth, birth_check, sex, expiry, expiry_check;
	struct span optional, optional_check, optional_2, composite;
	struct span composite_parts[4];
	/* a document number longer than 9 may go on in the optional data */
	bool long_number;
};

static const struct layout layout_td1 = {
	.format = MRZ_FORMAT_TD1,
	.lines = 3,
	.width = 30,
	.code = { 0, 0, 2 },
	.state = { 0, 2, 3 },
	.number = { 0, 5, 9 },
	.number_check = { 0, 14, 1 },
	.optional = { 0, 15, 15 },
	.birth = { 1, 0, 6 },
	.birth_check = { 1, 6, 1 },
	.sex = { 1, 7, 1 },
	.expiry = { 1, 8, 6 },
	.expiry_check = { 1, 14, 1 },
	.nationality = { 1, 15, 3 },
	.optional_2 = { 1, 18, 11 },
	.composite = { 1, 29, 1 },
	.name = { 2, 0, 30 },
	.composite_parts = { { 0, 5, 25 }, { 1, 0, 7 }, { 1, 8, 7 }, { 1, 18, 11 } },
	.long_number = true,
};

#define TWO_LINE_FIELDS(name_len) \
	.lines = 2, .code = { 0, 0, 2 }, .state = { 0, 2, 3 }, .name = { 0, 5, name_len }, \
	.number = { 1, 0, 9 }, .number_check = { 1, 9, 1 }, .nationality = { 1, 10, 3 }, \
	.birth = { 1, 13, 6 }, .birth_check = { 1, 19, 1 }, .sex = { 1, 20, 1 }, \
	.expiry = { 1, 21, 6 }, .expiry_check = { 1, 27, 1 }

static const struct layout layout_td2 = {
	.format = MRZ_FORMAT_TD2,
	.width = 36,
	TWO_LINE_FIELDS(31),
	.optional = { 1, 28, 7 },
	.composite = { 1, 35, 1 },
	.composite_parts = { { 1, 0, 10 }, { 1, 13, 7 }, { 1, 21, 14 } },
	.long_number = true,
};

static const struct layout layout_td3 = {
	.format = MRZ_FORMAT_TD3,
	.width = 44,
	TWO_LINE_FIELDS(39),
	.optional = { 1, 28, 14 },
	.optional_check = { 1, 42, 1 },
	.composite = { 1, 43, 1 },
	.composite_parts = { { 1, 0, 10 }, { 1, 13, 7 }, { 1, 21, 22 } },
};

static const struct layout layout_mrv_a = {
	.format = MRZ_FORMAT_MRV_A,
	.width = 44,
	TWO_LINE_FIELDS(39),
	.optional = { 1, 28, 16 },
};

static const struct layout layout_mrv_b = {
	.format = MRZ_FORMAT_MRV_B,
	.width = 36,
	TWO_LINE_FIELDS(31),
	.optional = { 1, 28, 8 },
};

const char *mrz_format_name(enum mrz_format format)
{
	switch (format) {
	case MRZ_FORMAT_TD1: return "TD1";
	case MRZ_FORMAT_TD2: return "TD2";
	case MRZ_FORMAT_TD3: return "TD3";
	case MRZ_FORMAT_MRV_A: return "MRV-A";
	case MRZ_FORMAT_MRV_B: return "MRV-B";
	default: return NULL;
	}
}

static const char *formats_of_width(size_t width)
{
	switch (width) {
	case 30: return "TD1";
	case 36: return "TD2 and MRV-B";
	default: return "TD3 and MRV-A";
	}
}

/* ---- the reader ----------------------------------------------------- */

enum column_kind { COL_ALNUM = 0, COL_ALPHA, COL_NUMERIC, COL_OTHER };

struct check_def {
	const char *field; /* "document_number" */
	const char *label; /* "document number" */
	struct span data[4];
	size_t data_count;
	struct span digit;
	bool filler_ok; /* '<' is a right check digit when the data are all '<' */
};

struct reader {
	struct mrz_result *out;
	const struct layout *layout;
	char line[MRZ_LINES_MAX][MRZ_COLUMNS_MAX + 1]; /* upper case, '?' for non-MRZ */
	unsigned char kind[MRZ_LINES_MAX][MRZ_COLUMNS_MAX];
	bool suggested[MRZ_LINES_MAX][MRZ_COLUMNS_MAX];
	struct check_def checks[MRZ_MAX_CHECKS];
	size_t check_count;
	int64_t ref_days;
	int ref_year;
	/* readings suggested without the composite's confirmation, at most
	 * one per failed check, to try together against the composite */
	struct reading {
		unsigned char line, col;
		char alt;
	} unconfirmed[MRZ_MAX_CHECKS];
	size_t unconfirmed_count;
	bool unconfirmed_ambiguous;
};

static const char *field_at(const struct reader *r, struct span s)
{
	return &r->line[s.line][s.col];
}

static void set_kind(struct reader *r, struct span s, enum column_kind kind)
{
	for (size_t i = 0; i < s.len; i++)
		r->kind[s.line][s.col + i] = (unsigned char)kind;
}

/* Copy s[0..n) without leading and trailing fillers. */
static void copy_trimmed(char *dst, size_t size, const char *s, size_t n)
{
	while (n && *s == '<')
		s++, n--;
	while (n && s[n - 1] == '<')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Copy s[0..n) with each run of fillers as one space, trimmed. */
static void copy_spaced(char *dst, size_t size, const char *s, size_t n)
{
	size_t len = 0;
	bool gap = false;

	for (size_t i = 0; i < n && len + 1 < size; i++) {
		if (s[i] == '<') {
			gap = len > 0;
			continue;
		}
		if (gap && len + 2 < size)
			dst[len++] = ' ';
		gap = false;
		dst[len++] = s[i];
	}
	dst[len] = '\0';
}

static int set_reference(struct reader *r, int64_t ref_days)
{
	const int64_t lo = rics_days_from_civil(1000, 1, 1);
	const int64_t hi = rics_days_from_civil(9000, 12, 31);
	int year;

	if (ref_days < lo || ref_days > hi) {
		add_message(&r->out->errors,
			    "reference date out of range: day %" PRId64
			    " is not in the years 1000 to 9000",
			    ref_days);
		return -EINVAL;
	}
	year = (int)(1970 + ref_days * 400 / 146097);
	while (rics_days_from_civil(year, 1, 1) > ref_days)
		year--;
	while (rics_days_from_civil(year + 1, 1, 1) <= ref_days)
		year++;
	r->ref_days = ref_days;
	r->ref_year = year;
	return 0;
}

/* ---- choosing the layout -------------------------------------------- */

static size_t nearest_two_line_width(size_t a, size_t b)
{
	size_t longest = a > b ? a : b;
	if (a == 36 || a == 44)
		return a;
	if (b == 36 || b == 44)
		return b;
	return longest <= 40 ? 36 : 44;
}

/* What might put a line of the wrong length right; never applied. */
static void suggest_length_repair(const struct input_line *l, size_t index, size_t width,
				  struct mrz_result *out)
{
	size_t stored = l->len < MRZ_COLUMNS_MAX ? l->len : MRZ_COLUMNS_MAX;
	size_t spaces = 0, first_space = 0, trailing = 0;

	for (size_t i = 0; i < stored; i++)
		if (is_blank(l->ch[i]) && spaces++ == 0)
			first_space = i;
	while (trailing < stored && l->ch[stored - 1 - trailing] == '<')
		trailing++;
	if (l->len > width && l->len <= MRZ_COLUMNS_MAX && trailing >= l->len - width)
		add_message(
			&out->suggestions,
			"line %zu ends in %zu filler '<' too many: without them it has %zu characters",
			index + 1, l->len - width, width);
	else if (l->len > width && spaces == l->len - width)
		add_message(
			&out->suggestions,
			"line %zu holds %zu space(s), the first at column %zu: without them it has %zu characters",
			index + 1, spaces, first_space + 1, width);
	else if (l->len < width && l->len + 3 >= width && trailing > 0)
		add_message(
			&out->suggestions,
			"line %zu ends in fillers and may have lost %zu more: padding it with '<' gives %zu characters",
			index + 1, width - l->len, width);
}

static bool line_lengths_fit(const struct input *in, size_t width, struct mrz_result *out)
{
	bool fit = true;

	for (size_t i = 0; i < in->count; i++) {
		if (in->line[i].len == width)
			continue;
		add_message(&out->errors, "line %zu is %zu characters long; %s lines have %zu",
			    i + 1, in->line[i].len, formats_of_width(width), width);
		suggest_length_repair(&in->line[i], i, width, out);
		fit = false;
	}
	return fit;
}

static bool is_two_line_width(size_t len)
{
	return len == 36 || len == 44;
}

/* Three lines, two of which look like a whole two-line MRZ. */
static bool two_line_mrz_in_three(const struct input *in, struct mrz_result *out)
{
	size_t first;

	if (in->line[0].len == in->line[1].len && is_two_line_width(in->line[0].len))
		first = 0;
	else if (in->line[1].len == in->line[2].len && is_two_line_width(in->line[1].len))
		first = 1;
	else
		return false;
	add_message(
		&out->errors,
		"3 lines, but lines %zu and %zu have %zu characters, the width of a two-line MRZ (%s); line %zu is extra",
		first + 1, first + 2, in->line[first].len, formats_of_width(in->line[first].len),
		first ? 1 : (size_t)3);
	return true;
}

/* The line width of the MRZ, or 0 (with errors) when no format fits. */
static size_t choose_width(const struct input *in, struct mrz_result *out)
{
	size_t width;

	if (in->count == 0) {
		add_message(&out->errors, "no MRZ text: the input is empty or blank");
		return 0;
	}
	if (in->count > MRZ_LINES_MAX) {
		add_message(&out->errors,
			    "%zu lines; an MRZ has 2 lines (TD2, TD3, visas) or 3 (TD1)",
			    in->count);
		return 0;
	}
	if (in->count == 1) {
		add_message(
			&out->errors,
			"1 line of %zu characters; an MRZ has 2 lines (TD2, TD3, visas) or 3 (TD1), or 72, 88 or 90 characters on one line",
			in->line[0].len);
		return 0;
	}
	if (in->count == 3 && two_line_mrz_in_three(in, out)) {
		return 0;
	} else if (in->count == 3) {
		width = 30;
	} else if (in->line[0].len == 30 && in->line[1].len == 30) {
		add_message(&out->errors,
			    "2 lines of 30 characters: a TD1 MRZ has 3 lines; one is missing");
		return 0;
	} else {
		width = nearest_two_line_width(in->line[0].len, in->line[1].len);
	}
	return line_lengths_fit(in, width, out) ? width : 0;
}

static const struct layout *choose_layout(const struct reader *r, size_t lines, size_t width)
{
	bool visa = r->line[0][0] == 'V';

	if (lines == 3)
		return &layout_td1;
	if (width == 36)
		return visa ? &layout_mrv_b : &layout_td2;
	return visa ? &layout_mrv_a : &layout_td3;
}

/* ---- normalising ---------------------------------------------------- */

static void normalise_line(struct reader *r, const struct input_line *l, size_t index)
{
	size_t stored = l->len < MRZ_COLUMNS_MAX ? l->len : MRZ_COLUMNS_MAX;
	size_t first_lower = 0;
	char what[40];

	for (size_t col = 0; col < stored; col++) {
		uint32_t c = l->ch[col];
		char *out = &r->line[index][col];

		if (c >= 'a' && c <= 'z') {
			*out = (char)(c - 'a' + 'A');
			if (!first_lower)
				first_lower = col + 1;
		} else if (c < 0x80 && is_mrz_char((char)c)) {
			*out = (char)c;
		} else {
			*out = '?';
			describe_char(c, what, sizeof what);
			add_message(
				&r->out->errors,
				"line %zu column %zu: %s is not an MRZ character (A-Z, 0-9, '<')",
				index + 1, col + 1, what);
		}
	}
	r->line[index][stored] = '\0';
	if (first_lower)
		add_message(
			&r->out->warnings,
			"line %zu has lower-case letters (the first at column %zu); read as upper case",
			index + 1, first_lower);
}

static void normalise_lines(struct reader *r, const struct input *in)
{
	size_t lines = in->count < MRZ_LINES_MAX ? in->count : MRZ_LINES_MAX;

	for (size_t i = 0; i < lines; i++)
		normalise_line(r, &in->line[i], i);
}

/* ---- country codes ------------------------------------------------- */

/* ISO 3166-1 alpha-3, sorted, 249 codes (checked against iso-codes). */
static const char iso_alpha3[] =
	"ABWAFGAGOAIAALAALBANDAREARGARMASMATAATFATGAUSAUTAZE"
	"BDIBELBENBESBFABGDBGRBHRBHSBIHBLMBLRBLZBMUBOLBRABRBBRNBTNBVTBWA"
	"CAFCANCCKCHECHLCHNCIVCMRCODCOGCOKCOLCOMCPVCRICUBCUWCXRCYMCYPCZE"
	"DEUDJIDMADNKDOMDZAECUEGYERIESHESPESTETHFINFJIFLKFRAFROFSM"
	"GABGBRGEOGGYGHAGIBGINGLPGMBGNBGNQGRCGRDGRLGTMGUFGUMGUY"
	"HKGHMDHNDHRVHTIHUNIDNIMNINDIOTIRLIRNIRQISLISRITAJAMJEYJORJPN"
	"KAZKENKGZKHMKIRKNAKORKWTLAOLBNLBRLBYLCALIELKALSOLTULUXLVA"
	"MACMAFMARMCOMDAMDGMDVMEXMHLMKDMLIMLTMMRMNEMNGMNPMOZMRTMSRMTQMUSMWIMYSMYT"
	"NAMNCLNERNFKNGANICNIUNLDNORNPLNRUNZLOMN"
	"PAKPANPCNPERPHLPLWPNGPOLPRIPRKPRTPRYPSEPYFQATREUROURUSRWA"
	"SAUSDNSENSGPSGSSHNSJMSLBSLESLVSMRSOMSPMSRBSSDSTPSURSVKSVNSWESWZSXMSYCSYR"
	"TCATCDTGOTHATJKTKLTKMTLSTONTTOTUNTURTUVTWNTZAUGAUKRUMIURYUSAUZB"
	"VATVCTVENVGBVIRVNMVUTWLFWSMYEMZAFZMBZWE";

static bool is_iso_alpha3(const char *code)
{
	size_t lo = 0, hi = (sizeof iso_alpha3 - 1) / 3;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = memcmp(code, iso_alpha3 + mid * 3, 3);
		if (cmp == 0)
			return true;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Doc 9303 Part 3 codes that are not ISO 3166-1 alpha-3, as printed. */
static const struct {
	char code[4];
	const char *meaning;
} special_codes[] = {
	{ "D<<", "Germany" },
	{ "EUE", "European Union" },
	{ "GBD", "British Overseas Territories Citizen" },
	{ "GBN", "British National (Overseas)" },
	{ "GBO", "British Overseas Citizen" },
	{ "GBP", "British Protected Person" },
	{ "GBS", "British Subject" },
	{ "RKS", "Kosovo (code of its own documents)" },
	{ "UNA", "specialized agency of the United Nations" },
	{ "UNK", "resident of Kosovo, document issued by UNMIK" },
	{ "UNO", "United Nations Organization" },
	{ "UTO", "Utopia, the ICAO specimen state" },
	{ "XBA", "African Development Bank" },
	{ "XCC", "Caribbean Community (CARICOM)" },
	{ "XCE", "Council of Europe" },
	{ "XCO", "Common Market for Eastern and Southern Africa" },
	{ "XDC", "Southern African Development Community" },
	{ "XEC", "Economic Community of West African States" },
	{ "XES", "Organisation of Eastern Caribbean States" },
	{ "XIM", "African Export-Import Bank" },
	{ "XOM", "Sovereign Military Order of Malta" },
	{ "XPO", "INTERPOL" },
	{ "XXA", "stateless person (1954 Convention)" },
	{ "XXB", "refugee (1951 Convention)" },
	{ "XXC", "refugee, other than under the 1951 Convention" },
	{ "XXX", "unspecified nationality" },
};

static const char *special_code_meaning(const char *code)
{
	for (size_t i = 0; i < sizeof special_codes / sizeof special_codes[0]; i++)
		if (memcmp(code, special_codes[i].code, 3) == 0)
			return special_codes[i].meaning;
	return NULL;
}

static void read_country(struct reader *r, struct span s, const char *label,
			 struct mrz_country *dst)
{
	const char *code = field_at(r, s);

	copy_trimmed(dst->code, sizeof dst->code, code, 3);
	dst->meaning = special_code_meaning(code);
	dst->special = dst->meaning != NULL;
	if (dst->special)
		return;
	if (all_fillers(code, 3)) {
		add_message(&r->out->errors, "%s at line %u columns %u-%u is empty", label,
			    s.line + 1u, s.col + 1u, s.col + 3u);
	} else if (!is_letter(code[0]) || !is_letter(code[1]) || !is_letter(code[2])) {
		add_message(
			&r->out->errors,
			"%s at line %u columns %u-%u is '%.3s': neither three letters nor a known code",
			label, s.line + 1u, s.col + 1u, s.col + 3u, code);
	} else if (!is_iso_alpha3(code)) {
		add_message(&r->out->warnings,
			    "%s '%.3s' is neither an ISO 3166-1 alpha-3 code nor a Doc 9303 code",
			    label, code);
	}
}

/* ---- document code, name, sex --------------------------------------- */

static const char *expected_code_letters(enum mrz_format format)
{
	switch (format) {
	case MRZ_FORMAT_TD3: return "P";
	case MRZ_FORMAT_MRV_A:
	case MRZ_FORMAT_MRV_B: return "V";
	default: return "ACI";
	}
}

static void read_document_code(struct reader *r)
{
	const char *code = field_at(r, r->layout->code);
	const char *expected = expected_code_letters(r->layout->format);

	memcpy(r->out->document_code, code, 2);
	r->out->document_code[2] = '\0';
	if (!is_letter(code[0]))
		add_message(&r->out->errors,
			    "document code at line 1 column 1 is '%c'; it must be a letter",
			    code[0]);
	else if (!strchr(expected, code[0]))
		add_message(&r->out->warnings,
			    "document code '%c' is unusual on a %s document (expected %s)", code[0],
			    mrz_format_name(r->layout->format), expected);
	if (!is_letter(code[1]) && code[1] != '<')
		add_message(&r->out->errors,
			    "document code at line 1 column 2 is '%c'; it must be a letter or '<'",
			    code[1]);
}

static void report_digits_in_name(struct reader *r, struct span s)
{
	const char *name = field_at(r, s);

	for (size_t i = 0; i < s.len; i++)
		if (is_digit(name[i]))
			add_message(&r->out->errors,
				    "line %u column %zu: '%c' in the name is not a letter",
				    s.line + 1u, s.col + i + 1, name[i]);
}

static void read_name(struct reader *r)
{
	struct span s = r->layout->name;
	const char *name = field_at(r, s);
	struct mrz_result *out = r->out;
	size_t split = s.len;

	for (size_t i = 0; i + 1 < s.len; i++) {
		if (name[i] == '<' && name[i + 1] == '<') {
			split = i;
			break;
		}
	}
	copy_spaced(out->surname, sizeof out->surname, name, split);
	if (split + 2 < s.len)
		copy_spaced(out->given_names, sizeof out->given_names, name + split + 2,
			    s.len - split - 2);
	out->name_truncated = name[s.len - 1] != '<';
	if (out->name_truncated)
		add_message(
			&out->warnings,
			"the name field is full (line %u ends in '%c'); the name may be truncated",
			s.line + 1u, name[s.len - 1]);
	if (all_fillers(name, s.len))
		add_message(&out->errors, "the name field at line %u is empty", s.line + 1u);
	report_digits_in_name(r, s);
}

static void read_sex(struct reader *r)
{
	struct span s = r->layout->sex;
	char sex = *field_at(r, s);

	if (sex == 'M' || sex == 'F' || sex == 'X' || sex == '<') {
		r->out->sex = sex;
		return;
	}
	r->out->sex = '?';
	add_message(&r->out->errors, "sex at line %u column %u is '%c'; it must be M, F, X or '<'",
		    s.line + 1u, s.col + 1u, sex);
}

/* ---- dates ---------------------------------------------------------- */

/* Two characters: 1 and *v for digits, 0 for "<<", -1 for anything else. */
static int read_pair(const char *p, int *v)
{
	if (is_digit(p[0]) && is_digit(p[1])) {
		*v = (p[0] - '0') * 10 + (p[1] - '0');
		return 1;
	}
	return p[0] == '<' && p[1] == '<' ? 0 : -1;
}

/* The most recent year not after the reference date. */
static int birth_year(const struct reader *r, int yy, int month, int day)
{
	int year = r->ref_year / 100 * 100 + yy;

	if (rics_days_from_civil(year, (unsigned)(month ? month : 1), (unsigned)(day ? day : 1)) >
	    r->ref_days)
		year -= 100;
	return year;
}

/* Within [reference - 50 years, reference + 50 years). */
static int expiry_year(const struct reader *r, int yy)
{
	int year = r->ref_year / 100 * 100 + yy;

	if (year >= r->ref_year + 50)
		year -= 100;
	else if (year < r->ref_year - 50)
		year += 100;
	return year;
}

static void put_digits(char *p, int value, int n)
{
	for (int i = n - 1; i >= 0; i--, value /= 10)
		p[i] = (char)('0' + value % 10);
}

static void format_date(struct mrz_date *d)
{
	char *t = d->text;

	put_digits(t, d->year, 4);
	t[4] = '\0';
	if (!d->month)
		return;
	t[4] = '-';
	put_digits(t + 5, d->month, 2);
	t[7] = '\0';
	if (!d->day)
		return;
	t[7] = '-';
	put_digits(t + 8, d->day, 2);
	t[10] = '\0';
}

struct date_field {
	struct span at;
	const char *label; /* "date of birth" */
	bool birth;
};

static bool date_chars_ok(struct reader *r, const struct date_field *f, const char *p)
{
	bool ok = true;

	for (unsigned i = 0; i < 6; i++) {
		if (is_digit(p[i]) || p[i] == '<')
			continue;
		add_message(&r->out->errors, "%s at line %u column %u: '%c' is not a digit",
			    f->label, f->at.line + 1u, f->at.col + i + 1u, p[i]);
		ok = false;
	}
	return ok;
}

/* Month or day 00: some issuers write it for "unknown". */
static int zero_as_unknown(struct reader *r, const struct date_field *f, int value,
			   const char *part)
{
	if (value == 0)
		add_message(&r->out->warnings,
			    "%s at line %u columns %u-%u gives %s 00; read as unknown", f->label,
			    f->at.line + 1u, f->at.col + 1u, f->at.col + 6u, part);
	return value;
}

/* Read YYMMDD into year, month, day (0 = unknown); false after an error. */
static bool date_parts(struct reader *r, const struct date_field *f, const char *p, int *yy,
		       int *month, int *day)
{
	int year_kind = read_pair(p, yy), month_kind = read_pair(p + 2, month);
	int day_kind = read_pair(p + 4, day);
	unsigned line = f->at.line + 1u, from = f->at.col + 1u, to = f->at.col + 6u;

	if (year_kind != 1 || month_kind < 0 || day_kind < 0 ||
	    (month_kind == 0 && day_kind == 1)) {
		add_message(
			&r->out->errors,
			"%s at line %u columns %u-%u is '%.6s': unknown parts must be '<<' and come last",
			f->label, line, from, to, p);
		return false;
	}
	*month = month_kind ? zero_as_unknown(r, f, *month, "month") : 0;
	*day = day_kind ? zero_as_unknown(r, f, *day, "day") : 0;
	if (*month > 12 || *day > 31) {
		add_message(&r->out->errors,
			    "%s at line %u columns %u-%u is '%.6s': %s %d does not exist", f->label,
			    line, from, to, p, *month > 12 ? "month" : "day",
			    *month > 12 ? *month : *day);
		return false;
	}
	if (!*month && *day) {
		add_message(&r->out->errors,
			    "%s at line %u columns %u-%u is '%.6s': a day without a month",
			    f->label, line, from, to, p);
		return false;
	}
	return true;
}

static void read_date(struct reader *r, const struct date_field *f, struct mrz_date *d)
{
	const char *p = field_at(r, f->at);
	int yy = 0, month = 0, day = 0;

	if (all_fillers(p, 6)) {
		add_message(&r->out->warnings, "%s at line %u columns %u-%u is unknown ('<<<<<<')",
			    f->label, f->at.line + 1u, f->at.col + 1u, f->at.col + 6u);
		return;
	}
	if (!date_chars_ok(r, f, p) || !date_parts(r, f, p, &yy, &month, &day))
		return;
	d->year = f->birth ? birth_year(r, yy, month, day) : expiry_year(r, yy);
	if (month && day && !rics_date_valid(d->year, month, day)) {
		add_message(&r->out->errors,
			    "%s at line %u columns %u-%u is '%.6s': %04d-%02d-%02d does not exist",
			    f->label, f->at.line + 1u, f->at.col + 1u, f->at.col + 6u, p, d->year,
			    month, day);
		d->year = 0;
		return;
	}
	d->month = month;
	d->day = day;
	d->partial = !day;
	format_date(d);
	if (d->partial)
		add_message(&r->out->warnings, "%s is partial: %s unknown; read as %s", f->label,
			    month ? "the day is" : "the month and day are", d->text);
}

static void read_dates(struct reader *r)
{
	const struct date_field birth = { r->layout->birth, "date of birth", true };
	const struct date_field expiry = { r->layout->expiry, "expiry date", false };
	struct mrz_result *out = r->out;

	read_date(r, &birth, &out->birth_date);
	read_date(r, &expiry, &out->expiry_date);
	if (out->expiry_date.day)
		out->expired = rics_days_from_civil(out->expiry_date.year,
						    (unsigned)out->expiry_date.month,
						    (unsigned)out->expiry_date.day) < r->ref_days;
}

/* ---- document number and optional data ------------------------------ */

static struct check_def *add_check(struct reader *r, const char *field, const char *label,
				   struct span digit)
{
	struct check_def *c = &r->checks[r->check_count++];

	memset(c, 0, sizeof *c);
	c->field = field;
	c->label = label;
	c->digit = digit;
	set_kind(r, digit, COL_NUMERIC);
	return c;
}

static void add_data(struct check_def *c, struct span s)
{
	c->data[c->data_count++] = s;
}

/* A number longer than 9 (TD1, TD2): the check digit column holds '<' and
 * the number goes on in the optional data, followed by its check digit and
 * a filler. Returns the columns of optional data it used. */
static size_t read_long_number(struct reader *r, struct check_def *c)
{
	const struct layout *l = r->layout;
	const char *opt = field_at(r, l->optional);
	size_t end = 0, len = strlen(r->out->document_number);

	while (end < l->optional.len && opt[end] != '<')
		end++;
	if (end < 2) {
		add_message(
			&r->out->errors,
			"document number check digit at line %u column %u is '<' (a number longer than 9) but the optional data at column %u do not go on with it",
			l->number_check.line + 1u, l->number_check.col + 1u, l->optional.col + 1u);
		add_data(c, l->number);
		return 0;
	}
	memcpy(r->out->document_number + len, opt, end - 1);
	r->out->document_number[len + end - 1] = '\0';
	add_data(c, l->number);
	add_data(c, (struct span){ l->optional.line, l->optional.col, (unsigned char)(end - 1) });
	c->digit = (struct span){ l->optional.line, (unsigned char)(l->optional.col + end - 1), 1 };
	set_kind(r, c->digit, COL_NUMERIC);
	return end + 1 < l->optional.len ? end + 1 : l->optional.len;
}

static void read_number_and_optional(struct reader *r)
{
	const struct layout *l = r->layout;
	struct mrz_result *out = r->out;
	struct check_def *c = add_check(r, "document_number", "document number", l->number_check);
	size_t used = 0;

	copy_trimmed(out->document_number, sizeof out->document_number, field_at(r, l->number),
		     l->number.len);
	if (l->long_number && *field_at(r, l->number_check) == '<')
		used = read_long_number(r, c);
	else
		add_data(c, l->number);
	copy_trimmed(out->optional_data, sizeof out->optional_data, field_at(r, l->optional) + used,
		     l->optional.len - used);
	if (l->optional_2.len)
		copy_trimmed(out->optional_data_2, sizeof out->optional_data_2,
			     field_at(r, l->optional_2), l->optional_2.len);
}

/* ---- check digits --------------------------------------------------- */

static const int check_weight[3] = { 7, 3, 1 };

int mrz_check_digit(const char *s, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = char_value(s[i]);
		if (v < 0)
			return RICS_E_INVALID;
		sum = (sum + v * check_weight[i % 3]) % 10;
	}
	return sum;
}

/* The check digit the data of c call for, or -1 if they hold a non-MRZ
 * character. Weights run on across the parts of a composite. */
static int expected_digit(const struct reader *r, const struct check_def *c)
{
	size_t pos = 0;
	int sum = 0;

	for (size_t i = 0; i < c->data_count; i++) {
		const char *p = field_at(r, c->data[i]);
		for (size_t j = 0; j < c->data[i].len; j++, pos++) {
			int v = char_value(p[j]);
			if (v < 0)
				return -1;
			sum = (sum + v * check_weight[pos % 3]) % 10;
		}
	}
	return sum;
}

static bool data_all_fillers(const struct reader *r, const struct check_def *c)
{
	for (size_t i = 0; i < c->data_count; i++)
		if (!all_fillers(field_at(r, c->data[i]), c->data[i].len))
			return false;
	return true;
}

static bool check_passes(const struct reader *r, const struct check_def *c)
{
	char digit = *field_at(r, c->digit);
	int want = expected_digit(r, c);

	if (digit == '<')
		return c->filler_ok && data_all_fillers(r, c);
	return want >= 0 && digit == '0' + want;
}

static void add_composite(struct reader *r)
{
	const struct layout *l = r->layout;
	struct check_def *c;

	if (!l->composite.len)
		return;
	c = add_check(r, "composite", "composite", l->composite);
	for (size_t i = 0; i < 4 && l->composite_parts[i].len; i++)
		add_data(c, l->composite_parts[i]);
}

static void define_checks(struct reader *r)
{
	const struct layout *l = r->layout;
	struct check_def *c;

	c = add_check(r, "birth_date", "date of birth", l->birth_check);
	add_data(c, l->birth);
	c->filler_ok = true;
	c = add_check(r, "expiry_date", "expiry date", l->expiry_check);
	add_data(c, l->expiry);
	c->filler_ok = true;
	if (l->optional_check.len) {
		c = add_check(r, "optional_data", "personal number", l->optional_check);
		add_data(c, l->optional);
		c->filler_ok = true;
	}
	add_composite(r);
}

static void explain_failed_check(struct reader *r, const struct check_def *c)
{
	char digit = *field_at(r, c->digit);
	unsigned line = c->digit.line + 1u, col = c->digit.col + 1u;
	int want = expected_digit(r, c);

	if (want < 0)
		add_message(
			&r->out->errors,
			"%s check digit at line %u column %u cannot be computed: its data hold a character that is not an MRZ character",
			c->label, line, col);
	else if (is_digit(digit))
		add_message(&r->out->errors,
			    "%s check digit fails: line %u column %u holds '%c', the data give '%d'",
			    c->label, line, col, digit, want);
	else if (digit == '<' && c->filler_ok)
		add_message(
			&r->out->errors,
			"%s check digit at line %u column %u is '<', which is right only when the field is empty (the data give '%d')",
			c->label, line, col, want);
	else
		add_message(
			&r->out->errors,
			"%s check digit at line %u column %u is '%c', not a digit (the data give '%d')",
			c->label, line, col, digit, want);
}

static void run_checks(struct reader *r)
{
	struct mrz_result *out = r->out;

	for (size_t i = 0; i < r->check_count; i++) {
		const struct check_def *c = &r->checks[i];
		out->checks[i].field = c->field;
		out->checks[i].ok = check_passes(r, c);
		if (!out->checks[i].ok)
			explain_failed_check(r, c);
	}
	out->check_count = r->check_count;
}

/* ---- suggestions ---------------------------------------------------- */

static bool span_covers(struct span s, unsigned line, unsigned col)
{
	return s.line == line && col >= s.col && col < (unsigned)s.col + s.len;
}

static bool check_covers(const struct check_def *c, unsigned line, unsigned col)
{
	if (span_covers(c->digit, line, col))
		return true;
	for (size_t i = 0; i < c->data_count; i++)
		if (span_covers(c->data[i], line, col))
			return true;
	return false;
}

/* How a trial change at one column fares with the checks over it. */
struct trial {
	bool repaired;        /* the check being repaired passes */
	bool breaks;          /* a check that passed fails */
	bool all_pass;        /* every check over the column passes */
	bool composite_fixed; /* the composite failed too and passes */
};

static struct trial judge_change(const struct reader *r, const struct check_def *failed,
				 unsigned line, unsigned col)
{
	struct trial t = { .all_pass = true };

	for (size_t i = 0; i < r->check_count; i++) {
		const struct check_def *c = &r->checks[i];
		bool pass, passed_before = r->out->checks[i].ok;
		if (!check_covers(c, line, col))
			continue;
		pass = check_passes(r, c);
		t.repaired |= c == failed && pass;
		t.all_pass &= pass;
		t.breaks |= passed_before && !pass;
		t.composite_fixed |= c != failed && pass && !passed_before &&
				     !strcmp(c->field, "composite");
	}
	return t;
}

/* Try each confusion at (line, col). Strict: every check over the column
 * must pass; otherwise (several misreads under one composite) the check
 * repaired must pass and none that passed may fail. Returns the
 * suggestions made. */
static size_t try_confusions(struct reader *r, const struct check_def *failed, unsigned line,
			     unsigned col, bool strict)
{
	char *at = &r->line[line][col];
	const char orig = *at;
	bool numeric = r->kind[line][col] == COL_NUMERIC;
	size_t made = 0;

	if (r->suggested[line][col])
		return 0;
	for (const char *alt = confusions_of(orig); *alt; alt++) {
		struct trial t;
		if (numeric && !is_digit(*alt))
			continue;
		*at = *alt;
		t = judge_change(r, failed, line, col);
		*at = orig;
		if (strict ? !t.all_pass : !t.repaired || t.breaks)
			continue;
		add_message(
			&r->out->suggestions,
			"%s check digit fails; reading '%c' at line %u column %u as '%c' makes it pass%s",
			failed->label, orig, line + 1, col + 1, *alt,
			t.composite_fixed ? " (and the composite check)" : "");
		if (!strict && r->unconfirmed_count < MRZ_MAX_CHECKS)
			r->unconfirmed[r->unconfirmed_count++] =
				(struct reading){ (unsigned char)line, (unsigned char)col, *alt };
		made++;
	}
	if (made)
		r->suggested[line][col] = true;
	return made;
}

static size_t scan_for_repairs(struct reader *r, const struct check_def *c, bool strict)
{
	size_t made = 0;

	for (size_t i = 0; i <= c->data_count; i++) {
		struct span s = i < c->data_count ? c->data[i] : c->digit;
		for (unsigned j = 0; j < s.len && made < SUGGESTIONS_PER_CHECK; j++)
			made += try_confusions(r, c, s.line, s.col + j, strict);
	}
	return made;
}

static void suggest_for_check(struct reader *r, const struct check_def *c)
{
	size_t before = r->out->suggestions.count;

	if (scan_for_repairs(r, c, true))
		return;
	if (scan_for_repairs(r, c, false) != 1 || r->out->suggestions.count != before + 1)
		r->unconfirmed_ambiguous = true;
}

/* Several misreads under one composite: do the readings suggested for each
 * failed check, taken together, make the composite pass? */
static void confirm_together(struct reader *r)
{
	const struct check_def *composite = NULL;
	char orig[MRZ_MAX_CHECKS];
	bool pass;

	for (size_t i = 0; i < r->check_count; i++)
		if (!strcmp(r->checks[i].field, "composite") && !r->out->checks[i].ok)
			composite = &r->checks[i];
	if (!composite || r->unconfirmed_count < 2 || r->unconfirmed_ambiguous)
		return;
	for (size_t i = 0; i < r->unconfirmed_count; i++) {
		struct reading *g = &r->unconfirmed[i];
		orig[i] = r->line[g->line][g->col];
		r->line[g->line][g->col] = g->alt;
	}
	pass = check_passes(r, composite);
	for (size_t i = 0; i < r->unconfirmed_count; i++)
		r->line[r->unconfirmed[i].line][r->unconfirmed[i].col] = orig[i];
	if (pass)
		add_message(
			&r->out->suggestions,
			"taken together, the %zu readings above make the composite check pass too",
			r->unconfirmed_count);
}

/* A letter where only digits belong, whether or not a check digit fails. */
static void suggest_digits(struct reader *r, struct span s, const char *label)
{
	for (unsigned i = 0; i < s.len; i++) {
		unsigned col = s.col + i;
		char c = r->line[s.line][col];
		const char *alt = confusions_of(c);
		if (!is_letter(c) || !is_digit(alt[0]) || r->suggested[s.line][col])
			continue;
		add_message(&r->out->suggestions,
			    "reading '%c' at line %u column %u as '%c' (the %s holds only digits)",
			    c, s.line + 1u, col + 1, alt[0], label);
		r->suggested[s.line][col] = true;
	}
}

/* A digit where only letters belong. */
static void suggest_letters(struct reader *r, struct span s, const char *label)
{
	char letters[16];

	for (unsigned i = 0; i < s.len; i++) {
		unsigned col = s.col + i;
		char c = r->line[s.line][col];
		const char *alt = confusions_of(c);
		if (!is_digit(c) || !*alt)
			continue;
		if (alt[1])
			snprintf(letters, sizeof letters, "'%c' or '%c'", alt[0], alt[1]);
		else
			snprintf(letters, sizeof letters, "'%c'", alt[0]);
		add_message(&r->out->suggestions,
			    "reading '%c' at line %u column %u as %s (the %s holds only letters)",
			    c, s.line + 1u, col + 1, letters, label);
	}
}

static void suggest_repairs(struct reader *r)
{
	const struct layout *l = r->layout;

	for (size_t i = 0; i < r->check_count; i++)
		if (!r->out->checks[i].ok && strcmp(r->checks[i].field, "composite"))
			suggest_for_check(r, &r->checks[i]);
	confirm_together(r);
	for (size_t i = 0; i < r->check_count; i++)
		if (!r->out->checks[i].ok && !strcmp(r->checks[i].field, "composite"))
			suggest_for_check(r, &r->checks[i]);
	suggest_digits(r, l->birth, "date of birth");
	suggest_digits(r, l->expiry, "expiry date");
	for (size_t i = 0; i < r->check_count; i++)
		suggest_digits(r, r->checks[i].digit, "check digit");
	suggest_letters(r, l->code, "document code");
	suggest_letters(r, l->state, "issuing state");
	suggest_letters(r, l->name, "name");
	suggest_letters(r, l->nationality, "nationality");
}

/* ---- parsing -------------------------------------------------------- */

static void mark_kinds(struct reader *r)
{
	const struct layout *l = r->layout;

	set_kind(r, l->code, COL_ALPHA);
	set_kind(r, l->state, COL_ALPHA);
	set_kind(r, l->name, COL_ALPHA);
	set_kind(r, l->nationality, COL_ALPHA);
	set_kind(r, l->sex, COL_OTHER);
	set_kind(r, l->birth, COL_NUMERIC);
	set_kind(r, l->expiry, COL_NUMERIC);
}

static void read_fields(struct reader *r)
{
	struct mrz_result *out = r->out;

	mark_kinds(r);
	read_document_code(r);
	read_country(r, r->layout->state, "issuing state", &out->issuing_state);
	read_name(r);
	read_number_and_optional(r);
	read_country(r, r->layout->nationality, "nationality", &out->nationality);
	read_dates(r);
	read_sex(r);
	define_checks(r);
}

static int read_input(struct input *in, int64_t ref_days, struct mrz_result *out)
{
	struct reader r;
	size_t width;
	bool checks_ok = true;

	memset(&r, 0, sizeof r);
	r.out = out;
	if (set_reference(&r, ref_days))
		return -EINVAL;
	input_split_single(in, out);
	width = choose_width(in, out);
	normalise_lines(&r, in);
	if (!width)
		return RICS_E_INVALID;
	r.layout = choose_layout(&r, in->count, width);
	out->format = r.layout->format;
	if (out->format == MRZ_FORMAT_TD1 && r.line[0][0] == 'V')
		add_message(
			&out->warnings,
			"document code 'V' (visa) on a 3-line TD1 MRZ; visas are MRV-A or MRV-B");
	read_fields(&r);
	run_checks(&r);
	suggest_repairs(&r);
	for (size_t i = 0; i < out->check_count; i++)
		checks_ok = checks_ok && out->checks[i].ok;
	out->valid = checks_ok && out->errors.count == 0 && out->errors.dropped == 0;
	return 0;
}

int mrz_parse(const char *text, size_t len, int64_t ref_days, struct mrz_result *out)
{
	struct input in;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof *out);
	if (!text && len) {
		add_message(&out->errors, "no MRZ text: NULL text with length %zu", len);
		return -EINVAL;
	}
	memset(&in, 0, sizeof in);
	if (len)
		input_feed(&in, text, len);
	input_end_line(&in);
	return read_input(&in, ref_days, out);
}

int mrz_parse_lines(const char *const *lines, size_t count, int64_t ref_days,
		    struct mrz_result *out)
{
	struct input in;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof *out);
	if (!lines && count) {
		add_message(&out->errors, "no MRZ lines: NULL array of %zu lines", count);
		return -EINVAL;
	}
	memset(&in, 0, sizeof in);
	for (size_t i = 0; i < count; i++) {
		if (lines[i])
			input_feed(&in, lines[i], strlen(lines[i]));
		input_end_line(&in);
	}
	return read_input(&in, ref_days, out);
}

/* ---- JSON ----------------------------------------------------------- */

/* Set key to s, or to null when s is empty; -ENOMEM on failure. */
static int set_text(json_t *obj, const char *key, const char *s)
{
	return json_object_set_new(obj, key, s && *s ? json_string(s) : json_null()) ? -ENOMEM : 0;
}

static int set_bool(json_t *obj, const char *key, bool value)
{
	return json_object_set_new(obj, key, json_boolean(value)) ? -ENOMEM : 0;
}

static const char *document_kind(char code)
{
	switch (code) {
	case 'P': return "passport";
	case 'I': return "identity card";
	case 'A':
	case 'C': return "official travel document";
	case 'V': return "visa";
	default: return "";
	}
}

static int set_country(json_t *obj, const char *key, const char *note_key,
		       const struct mrz_country *c)
{
	if (set_text(obj, key, c->code))
		return -ENOMEM;
	return c->special ? set_text(obj, note_key, c->meaning) : 0;
}

static json_t *document_json(const struct mrz_result *r)
{
	json_t *doc = json_object();
	char type[3];

	copy_trimmed(type, sizeof type, r->document_code, strlen(r->document_code));
	if (!doc || set_text(doc, "type", type) || set_text(doc, "kind", document_kind(type[0])) ||
	    set_text(doc, "number", r->document_number) ||
	    set_country(doc, "issuing_state", "issuing_state_note", &r->issuing_state) ||
	    set_text(doc, "expiry_date", r->expiry_date.text) ||
	    set_bool(doc, "expired", r->expired) ||
	    set_text(doc, "optional_data", r->optional_data) ||
	    (r->format == MRZ_FORMAT_TD1 && set_text(doc, "optional_data_2", r->optional_data_2)))
		goto fail;
	return doc;
fail:
	json_decref(doc);
	return NULL;
}

static json_t *person_json(const struct mrz_result *r)
{
	json_t *person = json_object();
	const char sex[2] = { r->sex == 'M' || r->sex == 'F' || r->sex == 'X' ? r->sex : '\0',
			      '\0' };

	if (!person || set_text(person, "surname", r->surname) ||
	    set_text(person, "given_names", r->given_names) ||
	    set_bool(person, "name_truncated", r->name_truncated) ||
	    set_text(person, "birth_date", r->birth_date.text) || set_text(person, "sex", sex) ||
	    set_country(person, "nationality", "nationality_note", &r->nationality))
		goto fail;
	return person;
fail:
	json_decref(person);
	return NULL;
}

static json_t *checks_json(const struct mrz_result *r)
{
	json_t *checks = json_array();

	for (size_t i = 0; checks && i < r->check_count; i++) {
		json_t *check =
			json_pack("{s:s, s:b}", "field", r->checks[i].field, "ok", r->checks[i].ok);
		if (json_array_append_new(checks, check))
			goto fail;
	}
	return checks;
fail:
	json_decref(checks);
	return NULL;
}

static json_t *messages_json(const struct mrz_messages *m)
{
	json_t *list = json_array();
	char more[64];

	for (size_t i = 0; list && i < m->count; i++)
		if (json_array_append_new(list, json_string(m->text[i])))
			goto fail;
	if (list && m->dropped) {
		snprintf(more, sizeof more, "(%zu more not shown)", m->dropped);
		if (json_array_append_new(list, json_string(more)))
			goto fail;
	}
	return list;
fail:
	json_decref(list);
	return NULL;
}

int mrz_to_json(const struct mrz_result *r, json_t **out)
{
	json_t *root;
	int rc = -ENOMEM;

	if (!r || !out)
		return -EINVAL;
	root = json_object();
	if (!root || set_text(root, "format", mrz_format_name(r->format)) ||
	    json_object_set_new(root, "document", document_json(r)) ||
	    json_object_set_new(root, "person", person_json(r)) ||
	    json_object_set_new(root, "checks", checks_json(r)) ||
	    set_bool(root, "valid", r->valid) ||
	    json_object_set_new(root, "warnings", messages_json(&r->warnings)) ||
	    json_object_set_new(root, "errors", messages_json(&r->errors)) ||
	    json_object_set_new(root, "suggestions", messages_json(&r->suggestions)))
		goto out;
	*out = root;
	root = NULL;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* ---- building ------------------------------------------------------- */

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Write s into dst[0..width), padded with '<'. Letters and digits, with
 * space and '<' as fillers when fillers_ok; letters only when letters_only. */
static int put_text(char *dst, size_t width, const char *s, bool fillers_ok, bool letters_only)
{
	size_t len = s ? strlen(s) : 0;

	if (len > width)
		return RICS_E_INVALID;
	for (size_t i = 0; i < len; i++) {
		char c = upper(s[i]);
		if (c == ' ' && fillers_ok)
			c = '<';
		if (!(is_letter(c) || (is_digit(c) && !letters_only) || (c == '<' && fillers_ok)))
			return RICS_E_INVALID;
		dst[i] = c;
	}
	return 0;
}

struct name_writer {
	char *dst;
	size_t width, len;
};

static void name_put(struct name_writer *w, char c)
{
	if (w->len < w->width)
		w->dst[w->len] = c;
	w->len++;
}

/* One name: letters kept, space, hyphen and comma as one '<', apostrophe
 * and full stop dropped. */
static int name_put_part(struct name_writer *w, const char *s)
{
	bool gap = false, any = false;

	for (; s && *s; s++) {
		char c = upper(*s);
		if (is_letter(c)) {
			if (gap && any)
				name_put(w, '<');
			name_put(w, c);
			gap = false;
			any = true;
		} else if (c == ' ' || c == '-' || c == ',') {
			gap = true;
		} else if (c != '\'' && c != '.') {
			return RICS_E_INVALID;
		}
	}
	return any ? 1 : 0;
}

static int put_name(char *dst, size_t width, const char *surname, const char *given)
{
	struct name_writer w = { dst, width, 0 };
	struct name_writer probe = { dst, 0, 0 }; /* writes nothing: validates given */
	int rc;

	rc = name_put_part(&w, surname);
	if (rc <= 0)
		return RICS_E_INVALID;
	rc = name_put_part(&probe, given);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		name_put(&w, '<');
		name_put(&w, '<');
		name_put_part(&w, given);
	}
	return 0;
}

/* "YYYY-MM-DD", "YYYY-MM", "YYYY" or empty into YYMMDD with '<' for unknown. */
static int put_date(char *dst, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	int year = 0, month = 1, day = 1;

	if (len == 0)
		return 0;
	if ((len != 4 && len != 7 && len != 10) || (len >= 7 && s[4] != '-') ||
	    (len == 10 && s[7] != '-'))
		return RICS_E_INVALID;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return RICS_E_INVALID;
	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (len >= 7)
		month = (s[5] - '0') * 10 + (s[6] - '0');
	if (len == 10)
		day = (s[8] - '0') * 10 + (s[9] - '0');
	if (!rics_date_valid(year, month, day))
		return RICS_E_INVALID;
	memcpy(dst, s + 2, 2);
	if (len >= 7)
		memcpy(dst + 2, s + 5, 2);
	if (len == 10)
		memcpy(dst + 4, s + 8, 2);
	return 0;
}

static int put_sex(char *dst, char sex)
{
	sex = upper(sex);
	if (!sex)
		sex = '<';
	if (sex != 'M' && sex != 'F' && sex != 'X' && sex != '<')
		return RICS_E_INVALID;
	*dst = sex;
	return 0;
}

static void put_check(char *dst, const char *s, size_t n)
{
	*dst = (char)('0' + mrz_check_digit(s, n));
}

/* Birth date, sex, expiry date with their check digits: 15 columns. */
static int put_dates_and_sex(char *dst, const struct mrz_fields *f)
{
	if (put_date(dst, f->birth_date) || put_sex(dst + 7, f->sex) ||
	    put_date(dst + 8, f->expiry_date))
		return RICS_E_INVALID;
	put_check(dst + 6, dst, 6);
	put_check(dst + 14, dst + 8, 6);
	return 0;
}

static int put_header(char *line, size_t name_width, const struct mrz_fields *f)
{
	if (!f->document_code || !*f->document_code || !f->issuing_state || !*f->issuing_state ||
	    put_text(line, 2, f->document_code, false, true) ||
	    put_text(line + 2, 3, f->issuing_state, false, true))
		return RICS_E_INVALID;
	return name_width ? put_name(line + 5, name_width, f->surname, f->given_names) : 0;
}

static int put_nationality(char *dst, const char *nationality)
{
	if (!nationality || !*nationality)
		return RICS_E_INVALID;
	return put_text(dst, 3, nationality, false, true);
}

static void join_lines(char *out, char lines[][45], size_t count, size_t width)
{
	char *p = out;

	for (size_t i = 0; i < count; i++) {
		memcpy(p, lines[i], width);
		p += width;
		*p++ = i + 1 < count ? '\n' : '\0';
	}
}

int mrz_build_td3(const struct mrz_fields *f, char out[MRZ_TD3_TEXT_SIZE])
{
	char line[2][45], composite[40];

	memset(line, '<', sizeof line);
	if (!f || put_header(line[0], 39, f) || !f->document_number || !*f->document_number ||
	    put_text(line[1], 9, f->document_number, false, false) ||
	    put_nationality(line[1] + 10, f->nationality) || put_dates_and_sex(line[1] + 13, f) ||
	    put_text(line[1] + 28, 14, f->optional_data, true, false))
		return RICS_E_INVALID;
	put_check(line[1] + 9, line[1], 9);
	if (!all_fillers(line[1] + 28, 14))
		put_check(line[1] + 42, line[1] + 28, 14);
	memcpy(composite, line[1], 10);
	memcpy(composite + 10, line[1] + 13, 7);
	memcpy(composite + 17, line[1] + 21, 22);
	put_check(line[1] + 43, composite, 39);
	join_lines(out, line, 2, 44);
	return 0;
}

/* The document number of a TD1, long ones going on in the optional data
 * (line 1 columns 16-30) with their check digit and a filler. */
static int put_td1_number(char *line1, const char *number, const char *optional)
{
	size_t len = number ? strlen(number) : 0;
	char whole[24];

	if (len == 0 || len > 22 || put_text(whole, len, number, false, false))
		return RICS_E_INVALID;
	if (len <= 9) {
		memcpy(line1 + 5, whole, len);
		put_check(line1 + 14, line1 + 5, 9);
		return put_text(line1 + 15, 15, optional, true, false);
	}
	memcpy(line1 + 5, whole, 9);
	memcpy(line1 + 15, whole + 9, len - 9);
	put_check(line1 + 15 + len - 9, whole, len);
	return put_text(line1 + 15 + len - 9 + 2, 15 - (len - 9) - 2, optional, true, false);
}

int mrz_build_td1(const struct mrz_fields *f, char out[MRZ_TD1_TEXT_SIZE])
{
	char line[3][45], composite[60];

	memset(line, '<', sizeof line);
	if (!f || put_header(line[0], 0, f) ||
	    put_td1_number(line[0], f->document_number, f->optional_data) ||
	    put_dates_and_sex(line[1], f) || put_nationality(line[1] + 15, f->nationality) ||
	    put_text(line[1] + 18, 11, f->optional_data_2, true, false) ||
	    put_name(line[2], 30, f->surname, f->given_names))
		return RICS_E_INVALID;
	memcpy(composite, line[0] + 5, 25);
	memcpy(composite + 25, line[1], 7);
	memcpy(composite + 32, line[1] + 8, 7);
	memcpy(composite + 39, line[1] + 18, 11);
	put_check(line[1] + 29, composite, 50);
	join_lines(out, line, 3, 30);
	return 0;
}
