// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Tests of the UN/EDIFACT reader (src/ingest/edifact.c) and of the PAXLST
 * and PNRGOV readers over it: service string advice and its absence, the
 * release character, line breaks, envelope counts and references, missing
 * mandatory segments, multi-part messages, truncated and hostile input, and
 * allocation failure at every allocation. The fixtures are synthetic
 * manifests of flights of the region (KC 123 Almaty - Bishkek, HY 771
 * Tashkent - Dushanbe); every name and number in them is invented.
 */
#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "ingest/edifact.h"
#include "ingest/paxlst.h"
#include "ingest/pnrgov.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* KC 123 ALA -> FRU, with UNA and a group: two passengers, one crew member.
 * Segment 1 is UNB; the message runs from segment 3 (UNH) to 42 (UNT). */
static const char paxlst_una[] =
	"UNA:+.? '"
	"UNB+UNOA:4+KCAIR:ZZ+KGZAPI:ZZ+260301:0900+000000001++PAXLST'"
	"UNG+PAXLST+KCAIR:ZZ+KGZAPI:ZZ+260301:0900+1+UN+D:05B'"
	"UNH+PAX001+PAXLST:D:05B:UN:IATA+KC123/260301/1200'"
	"BGM+745'"
	"RFF+TN:KC260301123:::1'"
	"NAD+MS+++KC API DESK'"
	"COM+7 727 258 4136:TE+7 727 258 4137:FX'"
	"TDT+20+KC123+++KC'"
	"LOC+125+ALA'"
	"DTM+189:2603011200:201'"
	"LOC+87+FRU'"
	"DTM+232:2603011330:201'"
	"NAD+FL+++TOKHTASINOV:ALISHER:BAKHTIYOROVICH+AMIR TEMUR 12+TASHKENT++100000+UZB'"
	"ATT+2++M'"
	"DTM+329:850312'"
	"LOC+178+ALA'"
	"LOC+179+FRU'"
	"LOC+174+UZB'"
	"NAT+2+UZB'"
	"RFF+AVF:K7XQ2M'"
	"RFF+ABO:KC123001'"
	"DOC+P:110:111+FA1234567'"
	"DTM+36:300815'"
	"LOC+91+UZB'"
	"NAD+FL+++NURLANOVA:AIGERIM'"
	"ATT+2++F'"
	"DTM+329:920704'"
	"NAT+2+KAZ'"
	"RFF+AVF:K7XQ2M'"
	"DOC+P+N12345678'"
	"DTM+36:281130'"
	"LOC+91+KAZ'"
	"NAD+FM+++ABDRAKHMANOV:DAULET'"
	"ATT+2++M'"
	"DTM+329:780101'"
	"EMP+1+CR1:110:111'"
	"NAT+2+KAZ'"
	"DOC+AC+CM998877'"
	"DTM+36:270101'"
	"LOC+91+KAZ'"
	"CNT+42:2'"
	"UNT+40+PAX001'"
	"UNE+1+1'"
	"UNZ+1+000000001'";

/* HY 771 TAS -> DYU without UNA or group: one passenger. UNH is segment 2,
 * UNT segment 18, UNZ segment 19. */
#define HY771_HEAD \
	"UNB+UNOA:4+HYAPI+TJKAPI+260415:0600+HY0415'" \
	"UNH+1+PAXLST:D:02B:UN:IATA'" \
	"BGM+745'" \
	"NAD+MS+++UZBEKISTAN AIRWAYS'"
#define HY771_FLIGHT \
	"TDT+20+HY771+++HY'" \
	"LOC+125+TAS'" \
	"DTM+189:2604150830:201'" \
	"LOC+87+DYU'" \
	"DTM+232:2604150940:201'"
#define HY771_PASSENGER \
	"NAD+FL+++RAKHIMOV:SHERZOD'" \
	"ATT+2++M'" \
	"DTM+329:19900520:102'" \
	"NAT+2+TJK'" \
	"DOC+P+TJ7654321'" \
	"DTM+36:310101'" \
	"LOC+91+TJK'" \
	"CNT+42:1'"

static const char paxlst_plain[] = HY771_HEAD HY771_FLIGHT HY771_PASSENGER "UNT+17+1'UNZ+1+HY0415'";

/* HY 771 pushed as PNRGOV: two PNRs, the second with two travellers. */
static const char pnrgov_sample[] =
	"UNA:+.?*'\r\n"
	"UNB+IATA:1+HY+TJKPNR+260414:2100+PNR0001'\r\n"
	"UNH+1+PNRGOV:11:1:IA+HY771/150426/0830'\r\n"
	"MSG+:22'\r\n"
	"ORG+HY:TAS+12345678'\r\n"
	"TVL+150426:0830:150426:0940+TAS+DYU+HY+771'\r\n"
	"EQN+2'\r\n"
	"SRC'\r\n"
	"RCI+HY:K7XQ2M::010426:1015'\r\n"
	"DAT+700:010426:1015'\r\n"
	"TIF+RAKHIMOV:I+SHERZOD:A:1'\r\n"
	"FTI+HY:123456789'\r\n"
	"SSR+DOCS:HK:1:HY:::::/P/TJK/TJ7654321/TJK/20MAY90/M/01JAN31/RAKHIMOV/SHERZOD'\r\n"
	"TVL+150426:0830:150426:0940+TAS+DYU+HY+771:Y'\r\n"
	"RPI+1+HK'\r\n"
	"SSR+DOCS:HK:1:HY:::TAS:DYU:/P/TJK/TJ7654321/TJK/20MAY90/M/01JAN31/RAKHIMOV/SHERZOD+::1'\r\n"
	"SRC'\r\n"
	"RCI+HY:M3ZP8Q+1A:XK4L2P'\r\n"
	"TIF+KARIMOVA+DILNOZA:A:1+MADINA:C:2'\r\n"
	"SSR+DOCS:HK:1:HY:::::/P/UZB/FA7777777/UZB/03FEB88/F/10OCT29/KARIMOVA/DILNOZA+::1'\r\n"
	"SSR+DOCS:HK:1:HY:::::/P/UZB/FA8888888/UZB/15JUN16/F/14JUN26/KARIMOVA/MADINA+::2'\r\n"
	"TVL+150426:0830:150426:0940+TAS+DYU+HY+771:M'\r\n"
	"TVL+200426:1100:200426:1215+DYU+TAS+HY+772:M'\r\n"
	"TRI++1'\r\n"
	"TIF+KARIMOVA+DILNOZA::1'\r\n"
	"UNT+24+1'\r\n"
	"UNZ+1+PNR0001'\r\n";

/* ---- helpers -------------------------------------------------------------- */

struct parsed {
	struct edifact_interchange *ic;
	struct strbuf errors;
	json_t *json;
};

static void parsed_release(struct parsed *p)
{
	edifact_interchange_free(p->ic);
	strbuf_release(&p->errors);
	json_decref(p->json);
	memset(p, 0, sizeof(*p));
}

static void parse_text(struct parsed *p, const char *text, size_t len)
{
	memset(p, 0, sizeof(*p));
	strbuf_init(&p->errors, 0);
	assert_int_equal(edifact_parse(text, len, &p->ic, &p->errors), 0);
}

static void parse_paxlst(struct parsed *p, const char *text)
{
	parse_text(p, text, strlen(text));
	assert_int_equal(paxlst_read(p->ic, &p->json), 0);
}

/* The value at a path like "manifests/0/passengers/1/surname". */
static json_t *at(json_t *root, const char *path)
{
	json_t *cur = root;
	char key[64];

	while (cur && *path) {
		size_t n = strcspn(path, "/");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		if (json_is_array(cur))
			cur = json_array_get(cur, strtoul(key, NULL, 10));
		else
			cur = json_object_get(cur, key);
		path += n + (path[n] == '/');
	}
	return cur;
}

static const char *text_at(json_t *root, const char *path)
{
	json_t *v = at(root, path);

	if (!v)
		return "(absent)";
	if (json_is_null(v))
		return "(null)";
	return json_is_string(v) ? json_string_value(v) : "(not a string)";
}

static long long int_at(json_t *root, const char *path)
{
	json_t *v = at(root, path);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static void dump(const char *what, json_t *v)
{
	char *text = json_dumps(v, JSON_INDENT(1));

	fprintf(stderr, "%s: %s\n", what, text ? text : "(dump failed)");
	rics_free(text);
}

/* Is there an error about segment (0: any) whose message contains needle? */
static bool has_error(json_t *errors, size_t segment, const char *needle)
{
	size_t i;
	json_t *e;

	json_array_foreach(errors, i, e) {
		const char *m = json_string_value(json_object_get(e, "message"));
		json_int_t s = json_integer_value(json_object_get(e, "segment"));
		if ((segment == 0 || (size_t)s == segment) && m && strstr(m, needle))
			return true;
	}
	dump("errors", errors);
	fprintf(stderr, "wanted segment %zu: %s\n", segment, needle);
	return false;
}

static bool has_problem(const struct edifact_interchange *ic, size_t segment, const char *needle)
{
	const struct edifact_problems *p = edifact_interchange_problems(ic);

	for (size_t i = 0; i < p->count; i++)
		if (p->items[i].segment == segment && strstr(p->items[i].text, needle))
			return true;
	for (size_t i = 0; i < p->count; i++)
		fprintf(stderr, "problem: segment %zu: %s\n", p->items[i].segment,
			p->items[i].text);
	fprintf(stderr, "wanted segment %zu: %s\n", segment, needle);
	return false;
}

/* text with one segment replaced: the first occurrence of from by to. */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *hit = strstr(text, from);
	struct strbuf sb;

	assert_non_null(hit);
	strbuf_init(&sb, 0);
	assert_int_equal(strbuf_add(&sb, text, (size_t)(hit - text)), 0);
	assert_int_equal(strbuf_adds(&sb, to), 0);
	assert_int_equal(strbuf_adds(&sb, hit + strlen(from)), 0);
	return strbuf_detach(&sb, NULL);
}

static void assert_no_errors(json_t *result)
{
	json_t *m = at(result, "manifests/0/errors");

	if (json_array_size(m) || json_array_size(at(result, "errors"))) {
		dump("result", result);
		fail_msg("unexpected errors");
	}
}

/* ---- syntax layer ---------------------------------------------------------- */

static void test_syntax_positions_and_components(void **state)
{
	struct parsed p;
	const struct edifact_segment *nad;
	const struct edifact_message *m;
	const struct edifact_header *h;

	(void)state;
	parse_text(&p, paxlst_una, strlen(paxlst_una));
	assert_int_equal(edifact_segment_count(p.ic), 44);
	assert_int_equal(edifact_message_count(p.ic), 1);
	assert_int_equal(edifact_group_count(p.ic), 1);
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	assert_int_equal(p.errors.len, 0);

	h = edifact_interchange_header(p.ic);
	assert_true(h->has_una);
	assert_string_equal(h->syntax_id, "UNOA");
	assert_string_equal(h->sender, "KCAIR");
	assert_string_equal(h->recipient_qualifier, "ZZ");
	assert_string_equal(h->control_ref, "000000001");
	assert_string_equal(h->application_ref, "PAXLST");

	m = edifact_message_at(p.ic, 0);
	assert_string_equal(m->reference, "PAX001");
	assert_string_equal(m->type, "PAXLST");
	assert_string_equal(m->release, "05B");
	assert_string_equal(m->association, "IATA");
	assert_string_equal(m->access_ref, "KC123/260301/1200");
	assert_int_equal(m->segment_count, 40);
	assert_true(m->has_trailer);
	assert_int_equal(m->group, 1);

	nad = edifact_segment_at(p.ic, 12);
	assert_string_equal(nad->tag, "NAD");
	assert_int_equal(nad->position, 13);
	assert_int_equal(nad->message_position, 11);
	assert_ptr_equal(nad->message, m);
	assert_true(edifact_segment_is(nad, "NAD", "FL"));
	assert_false(edifact_segment_is(nad, "NAD", "FM"));
	assert_string_equal(edifact_element(nad, 1), "FL");
	assert_string_equal(edifact_element(nad, 2), "");
	assert_string_equal(edifact_component(nad, 4, 0), "TOKHTASINOV");
	assert_string_equal(edifact_component(nad, 4, 2), "BAKHTIYOROVICH");
	assert_string_equal(edifact_component(nad, 4, 9), "");
	assert_string_equal(edifact_component(nad, 99, 0), "");
	assert_null(edifact_segment_at(p.ic, 44));
	parsed_release(&p);
}

static void test_syntax_release_character(void **state)
{
	static const char text[] = "UNB+UNOA:4+A+B+260301:0900+7'"
				   "UNH+1+PAXLST:D:05B:UN:IATA'"
				   "NAD+FL+++O?'BRIEN:MARY?+ANN?:JO??+ST?:2'"
				   "UNT+3+1'UNZ+1+7'";
	const struct edifact_segment *nad;
	struct parsed p;

	(void)state;
	parse_text(&p, text, strlen(text));
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	nad = edifact_segment_at(p.ic, 2);
	assert_int_equal(nad->element_count, 6);
	assert_string_equal(edifact_component(nad, 4, 0), "O'BRIEN");
	assert_string_equal(edifact_component(nad, 4, 1), "MARY+ANN:JO?");
	assert_int_equal(nad->elements[4].components[1].len, 12);
	assert_string_equal(edifact_element(nad, 5), "ST:2");
	parsed_release(&p);
}

static void test_syntax_custom_una(void **state)
{
	static const char text[] = "UNA|*,# ~\n"
				   "UNB*UNOC|3*A*B*260301|0900*9~\n"
				   "UNH*1*PAXLST|D|05B|UN~\n"
				   "FTX*AAI***A#~B#*C#|D##~\n"
				   "UNT*3*1~\n"
				   "UNZ*1*9~\n";
	const struct edifact_header *h;
	struct parsed p;

	(void)state;
	parse_text(&p, text, strlen(text));
	h = edifact_interchange_header(p.ic);
	assert_int_equal(h->separators.component, '|');
	assert_int_equal(h->separators.element, '*');
	assert_int_equal(h->separators.decimal, ',');
	assert_int_equal(h->separators.release, '#');
	assert_int_equal(h->separators.terminator, '~');
	assert_string_equal(edifact_element(edifact_segment_at(p.ic, 2), 4), "A~B*C|D#");
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	parsed_release(&p);
}

static void test_syntax_crlf_between_segments(void **state)
{
	struct strbuf crlf;
	struct parsed plain, wrapped;

	(void)state;
	strbuf_init(&crlf, 0);
	for (const char *c = paxlst_plain; *c; c++) {
		assert_int_equal(strbuf_addch(&crlf, *c), 0);
		if (*c == '\'')
			assert_int_equal(strbuf_adds(&crlf, "\r\n"), 0);
	}
	parse_paxlst(&plain, paxlst_plain);
	parse_paxlst(&wrapped, crlf.buf);
	assert_int_equal(edifact_segment_count(wrapped.ic), 19);
	assert_int_equal(edifact_interchange_problems(wrapped.ic)->count, 0);
	assert_true(json_equal(plain.json, wrapped.json));
	assert_int_equal(edifact_segment_at(wrapped.ic, 1)->offset, 45);
	assert_no_errors(wrapped.json);
	parsed_release(&plain);
	parsed_release(&wrapped);
	strbuf_release(&crlf);
}

static void test_syntax_not_edifact(void **state)
{
	static const char *const inputs[] = {
		"",
		"hello world",
		"UNA:+.",
		"UNA:+.? 'UNH+1'",
		"UNA::.? 'UNB+X'",
		"UNA+:.?:'UNB",
		"UNB",
		"   \r\n",
		"UNH+1+PAXLST:D:05B:UN'",
	};
	struct edifact_interchange *ic = NULL;
	struct strbuf errors;

	(void)state;
	strbuf_init(&errors, 0);
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		strbuf_reset(&errors);
		assert_int_equal(edifact_parse(inputs[i], strlen(inputs[i]), &ic, &errors),
				 RICS_E_MALFORMED);
		assert_null(ic);
		assert_true(errors.len > 0);
	}
	strbuf_reset(&errors);
	assert_int_equal(edifact_parse("UNB+UNOA:4+A+B+260301:0900+1'UNH+1\0X'", 37, &ic, &errors),
			 RICS_E_MALFORMED);
	assert_non_null(strstr(errors.buf, "segment 2: NUL byte"));
	strbuf_release(&errors);
}

static void test_syntax_limits(void **state)
{
	struct edifact_limits limits = edifact_default_limits;
	struct edifact_interchange *ic = NULL;
	struct strbuf errors;

	(void)state;
	strbuf_init(&errors, 0);
	limits.max_segments = 10;
	assert_int_equal(edifact_parse_limited(paxlst_una, strlen(paxlst_una), &limits, &ic,
					       &errors),
			 RICS_E_TOO_LARGE);
	assert_non_null(strstr(errors.buf, "too many segments"));

	limits = edifact_default_limits;
	limits.max_component_len = 8;
	strbuf_reset(&errors);
	assert_int_equal(edifact_parse_limited(paxlst_una, strlen(paxlst_una), &limits, &ic,
					       &errors),
			 RICS_E_TOO_LARGE);
	assert_non_null(
		strstr(errors.buf, "segment 1: component longer than 8 bytes in element 5"));

	limits = edifact_default_limits;
	limits.max_elements = 4;
	strbuf_reset(&errors);
	assert_int_equal(edifact_parse_limited(paxlst_una, strlen(paxlst_una), &limits, &ic,
					       &errors),
			 RICS_E_TOO_LARGE);
	assert_non_null(strstr(errors.buf, "segment 1: too many elements"));

	limits = edifact_default_limits;
	limits.max_total_components = 50;
	strbuf_reset(&errors);
	assert_int_equal(edifact_parse_limited(paxlst_una, strlen(paxlst_una), &limits, &ic,
					       &errors),
			 RICS_E_TOO_LARGE);
	assert_non_null(strstr(errors.buf, "too many components in the interchange"));

	limits = edifact_default_limits;
	limits.max_input = 100;
	strbuf_reset(&errors);
	assert_int_equal(edifact_parse_limited(paxlst_una, strlen(paxlst_una), &limits, &ic,
					       &errors),
			 RICS_E_TOO_LARGE);
	assert_null(ic);
	strbuf_release(&errors);
}

static void test_syntax_charsets(void **state)
{
	/* UNOE (ISO 8859-5): 0xC2 0xD0 0xE1 = U+0422 U+0430 U+0441 "Тас";
	 * UNOA: 0xC9 is not ASCII. */
	static const char unoe[] = "UNB+UNOE:3+A+B+260301:0900+1'UNH+1+X:D:1:UN'"
				   "FTX+\xC2\xD0\xE1'UNT+3+1'UNZ+1+1'";
	static const char unoa[] = "UNB+UNOA:3+A+B+260301:0900+1'UNH+1+X:D:1:UN'"
				   "FTX+A\xC9'UNT+3+1'UNZ+1+1'";
	static const char unow[] = "UNB+UNOW:4+A+B+260301:0900+1'UNH+1+X:D:1:UN'"
				   "FTX+\xD0\xA2\xFF'UNT+3+1'UNZ+1+1'";
	struct parsed p;
	const char *s;
	struct strbuf out;

	(void)state;
	strbuf_init(&out, 0);
	parse_text(&p, unoe, strlen(unoe));
	s = edifact_element(edifact_segment_at(p.ic, 2), 1);
	assert_int_equal(edifact_text_utf8(p.ic, s, strlen(s), &out), 0);
	assert_string_equal(out.buf, "\xD0\xA2\xD0\xB0\xD1\x81");
	parsed_release(&p);

	strbuf_reset(&out);
	parse_text(&p, unoa, strlen(unoa));
	s = edifact_element(edifact_segment_at(p.ic, 2), 1);
	assert_int_equal(edifact_text_utf8(p.ic, s, strlen(s), &out), 0);
	assert_string_equal(out.buf, "A\xEF\xBF\xBD");
	parsed_release(&p);

	strbuf_reset(&out);
	parse_text(&p, unow, strlen(unow));
	s = edifact_element(edifact_segment_at(p.ic, 2), 1);
	assert_int_equal(edifact_text_utf8(p.ic, s, strlen(s), &out), 0);
	assert_string_equal(out.buf, "\xD0\xA2\xEF\xBF\xBD");
	parsed_release(&p);
	strbuf_release(&out);
}

static void test_syntax_dates(void **state)
{
	struct edifact_datetime ref = { .year = 2026, .month = 3, .day = 1 }, dt;
	char text[EDIFACT_DATETIME_LEN];

	(void)state;
	assert_int_equal(edifact_dtm_parse("850312", "", &ref, EDIFACT_CENTURY_PAST, &dt), 0);
	edifact_datetime_format(&dt, text);
	assert_string_equal(text, "1985-03-12");
	assert_int_equal(edifact_dtm_parse("260302", "101", &ref, EDIFACT_CENTURY_PAST, &dt), 0);
	assert_int_equal(dt.year, 1926); /* not born tomorrow */
	assert_int_equal(edifact_dtm_parse("260301", "101", &ref, EDIFACT_CENTURY_PAST, &dt), 0);
	assert_int_equal(dt.year, 2026);
	assert_int_equal(edifact_dtm_parse("300815", "", &ref, EDIFACT_CENTURY_NEAR, &dt), 0);
	assert_int_equal(dt.year, 2030);
	assert_int_equal(edifact_dtm_parse(" 2603011330", "201", &ref, EDIFACT_CENTURY_NEAR, &dt),
			 0);
	edifact_datetime_format(&dt, text);
	assert_string_equal(text, "2026-03-01T13:30");
	assert_int_equal(edifact_dtm_parse("20260301133059", "204", NULL, EDIFACT_CENTURY_NEAR,
					   &dt),
			 0);
	edifact_datetime_format(&dt, text);
	assert_string_equal(text, "2026-03-01T13:30:59");
	assert_int_equal(edifact_dtm_parse("850312", "", NULL, EDIFACT_CENTURY_PAST, &dt),
			 RICS_E_INVALID);
	assert_int_equal(edifact_dtm_parse("850230", "", &ref, EDIFACT_CENTURY_PAST, &dt),
			 RICS_E_INVALID);
	assert_int_equal(edifact_dtm_parse("2603012400", "201", &ref, EDIFACT_CENTURY_NEAR, &dt),
			 RICS_E_INVALID);
	assert_int_equal(edifact_dtm_parse("85031A", "", &ref, EDIFACT_CENTURY_PAST, &dt),
			 RICS_E_INVALID);
	assert_int_equal(edifact_dtm_parse("850312", "718", &ref, EDIFACT_CENTURY_PAST, &dt),
			 RICS_E_INVALID);
}

/* ---- envelope ---------------------------------------------------------------- */

static void test_envelope_wrong_unt_count(void **state)
{
	char *text = replaced(paxlst_plain, "UNT+17+1'", "UNT+16+1'");
	struct parsed p;

	(void)state;
	parse_paxlst(&p, text);
	assert_true(has_problem(p.ic, 18, "wrong segment count in UNT: it says 16, there are 17"));
	assert_non_null(strstr(p.errors.buf, "segment 18: wrong segment count in UNT"));
	assert_true(has_error(at(p.json, "manifests/0/errors"), 18, "wrong segment count"));
	assert_int_equal(int_at(p.json, "manifests/0/errors/0/message_segment"), 17);
	/* the data still comes through */
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/surname"), "RAKHIMOV");
	parsed_release(&p);
	rics_free(text);
}

static void test_envelope_wrong_unz_and_une_counts(void **state)
{
	char *text = replaced(paxlst_plain, "UNZ+1+HY0415'", "UNZ+2+HY0415'");
	char *grouped = replaced(paxlst_una, "UNE+1+1'", "UNE+3+1'");
	struct parsed p;

	(void)state;
	parse_paxlst(&p, text);
	assert_true(has_problem(p.ic, 19, "wrong message count in UNZ: it says 2, there are 1"));
	/* outside any message: a top-level error */
	assert_true(has_error(at(p.json, "errors"), 19, "wrong message count in UNZ"));
	assert_int_equal(json_array_size(at(p.json, "manifests/0/errors")), 0);
	parsed_release(&p);

	parse_paxlst(&p, grouped);
	assert_true(has_problem(p.ic, 43, "wrong message count in UNE: it says 3, there are 1"));
	parsed_release(&p);
	rics_free(text);
	rics_free(grouped);
}

static void test_envelope_mismatched_references(void **state)
{
	char *t1 = replaced(paxlst_una, "UNT+40+PAX001'", "UNT+40+PAX002'");
	char *t2 = replaced(t1, "UNE+1+1'", "UNE+1+2'");
	char *t3 = replaced(t2, "UNZ+1+000000001'", "UNZ+1+000000002'");
	struct parsed p;

	(void)state;
	parse_paxlst(&p, t3);
	assert_true(has_problem(p.ic, 42,
				"mismatched reference: UNT says 'PAX002', UNH says "
				"'PAX001'"));
	assert_true(has_problem(p.ic, 43, "mismatched reference: UNE says '2', UNG says '1'"));
	assert_true(has_problem(p.ic, 44,
				"mismatched reference: UNZ says '000000002', UNB says "
				"'000000001'"));
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 3);
	assert_true(has_error(at(p.json, "manifests/0/errors"), 42, "UNT says 'PAX002'"));
	assert_true(has_error(at(p.json, "errors"), 44, "UNZ says"));
	parsed_release(&p);
	rics_free(t1);
	rics_free(t2);
	rics_free(t3);
}

static void test_envelope_missing_trailers_and_strays(void **state)
{
	static const char text[] = "UNB+UNOA:4+A+B+260301:0900+1'"
				   "FTX+STRAY'"
				   "UNH+1+PAXLST:D:05B:UN:IATA'"
				   "BGM+745'"
				   "UNH+2+PAXLST:D:05B:UN:IATA'"
				   "BGM+745'"
				   "UNT+2+2'"
				   "bad+1'"
				   "UNZ+2+1'"
				   "UNH+3+X:D:1:UN'";
	struct parsed p;

	(void)state;
	parse_text(&p, text, strlen(text));
	assert_true(has_problem(p.ic, 2, "segment 'FTX' outside any message"));
	assert_true(has_problem(p.ic, 4,
				"missing UNT: message '1' (UNH at segment 3) has no "
				"trailer"));
	assert_true(has_problem(p.ic, 8, "invalid segment tag 'bad'"));
	assert_true(has_problem(p.ic, 8, "segment 'bad' outside any message"));
	assert_true(has_problem(p.ic, 10, "segment 'UNH' after the interchange trailer"));
	assert_int_equal(edifact_message_count(p.ic), 2);
	assert_false(edifact_message_at(p.ic, 0)->has_trailer);
	assert_int_equal(edifact_message_at(p.ic, 0)->segment_count, 2);
	parsed_release(&p);
}

static void test_envelope_second_unb(void **state)
{
	/* A second interchange header inside a message ends that message. */
	static const char text[] = "UNB+UNOA:4+A+B+260301:0900+1'"
				   "UNH+1+PAXLST:D:05B:UN:IATA'"
				   "BGM+745'"
				   "UNB+UNOA:4+A+B+260301:0900+2'"
				   "NAD+FL+++ALIEV:RUSTAM'"
				   "UNT+4+1'"
				   "UNZ+1+1'";
	const struct edifact_message *m;
	struct parsed p;

	(void)state;
	parse_text(&p, text, strlen(text));
	m = edifact_message_at(p.ic, 0);
	assert_int_equal(m->segment_count, 2);
	assert_false(m->has_trailer);
	assert_true(has_problem(p.ic, 3, "missing UNT: message '1'"));
	assert_true(has_problem(p.ic, 4, "second interchange header (UNB)"));
	assert_true(has_problem(p.ic, 5, "segment 'NAD' outside any message"));
	assert_true(has_problem(p.ic, 6, "UNT outside any message"));
	assert_null(edifact_segment_at(p.ic, 4)->message);
	parsed_release(&p);
}

static void test_syntax_level_b(void **state)
{
	/* IS1 (0x1F) between components, IS3 (0x1D) between elements, IS4
	 * (0x1C) after segments; no release character, so ' is data. */
	static const char text[] = "UNB"
				   "\x1d"
				   "UNOB"
				   "\x1f"
				   "4"
				   "\x1d"
				   "A"
				   "\x1d"
				   "B"
				   "\x1d"
				   "260301"
				   "\x1f"
				   "0900"
				   "\x1d"
				   "5"
				   "\x1c"
				   "UNH"
				   "\x1d"
				   "1"
				   "\x1d"
				   "PAXLST"
				   "\x1f"
				   "D"
				   "\x1f"
				   "05B"
				   "\x1f"
				   "UN"
				   "\x1c"
				   "NAD"
				   "\x1d"
				   "FL"
				   "\x1d"
				   "\x1d"
				   "\x1d"
				   "O'BRIEN"
				   "\x1f"
				   "SEAN"
				   "\x1c"
				   "UNT"
				   "\x1d"
				   "3"
				   "\x1d"
				   "1"
				   "\x1c"
				   "UNZ"
				   "\x1d"
				   "1"
				   "\x1d"
				   "5"
				   "\x1c";
	struct parsed p;

	(void)state;
	parse_text(&p, text, strlen(text));
	assert_int_equal(edifact_interchange_header(p.ic)->separators.release, '\0');
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	assert_string_equal(edifact_component(edifact_segment_at(p.ic, 2), 4, 0), "O'BRIEN");
	assert_string_equal(edifact_component(edifact_segment_at(p.ic, 2), 4, 1), "SEAN");
	parsed_release(&p);
}

static void test_envelope_truncated(void **state)
{
	const char *cut = strstr(paxlst_una, "NURLANOVA");
	struct parsed p;

	(void)state;
	parse_text(&p, paxlst_una, (size_t)(cut - paxlst_una) + 4);
	assert_int_equal(edifact_segment_count(p.ic), 24);
	assert_true(has_problem(p.ic, 25,
				"truncated input: segment 25 'NAD' has no segment "
				"terminator"));
	assert_true(has_problem(p.ic, 24, "missing UNT: message 'PAX001'"));
	assert_true(has_problem(p.ic, 24, "missing UNE"));
	assert_true(has_problem(p.ic, 24, "missing UNZ"));
	assert_int_equal(paxlst_read(p.ic, &p.json), 0);
	assert_int_equal(json_array_size(at(p.json, "manifests/0/passengers")), 1);
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/surname"), "TOKHTASINOV");
	assert_true(has_error(at(p.json, "manifests/0/errors"), 24, "missing UNT"));
	parsed_release(&p);

	/* a release character as the last byte */
	parse_text(&p, "UNB+UNOA:4+A+B+260301:0900+1'UNH+1?", 35);
	assert_int_equal(edifact_segment_count(p.ic), 1);
	assert_true(has_problem(p.ic, 2, "truncated input"));
	parsed_release(&p);
}

/* ---- PAXLST -------------------------------------------------------------------- */

static void test_paxlst_with_una(void **state)
{
	struct parsed p;
	json_t *r;

	(void)state;
	parse_paxlst(&p, paxlst_una);
	r = p.json;
	assert_no_errors(r);
	assert_int_equal(json_array_size(at(r, "manifests")), 1);
	assert_string_equal(text_at(r, "manifests/0/message_refs/0"), "PAX001");
	assert_string_equal(text_at(r, "manifests/0/access_ref"), "KC123/260301/1200");
	assert_string_equal(text_at(r, "manifests/0/document/code"), "745");
	assert_string_equal(text_at(r, "manifests/0/document/list"), "passengers");
	assert_string_equal(text_at(r, "manifests/0/transaction_ref"), "KC260301123");
	assert_string_equal(text_at(r, "manifests/0/reporting_party/name"), "KC API DESK");

	assert_string_equal(text_at(r, "manifests/0/flight/carrier"), "KC");
	assert_string_equal(text_at(r, "manifests/0/flight/number"), "123");
	assert_string_equal(text_at(r, "manifests/0/flight/departure/airport"), "ALA");
	assert_string_equal(text_at(r, "manifests/0/flight/departure/time"), "2026-03-01T12:00");
	assert_string_equal(text_at(r, "manifests/0/flight/arrival/airport"), "FRU");
	assert_string_equal(text_at(r, "manifests/0/flight/arrival/time"), "2026-03-01T13:30");
	assert_int_equal(int_at(r, "manifests/0/declared_passengers"), 2);
	assert_string_equal(text_at(r, "manifests/0/declared_crew"), "(null)");

	assert_int_equal(json_array_size(at(r, "manifests/0/passengers")), 3);
	assert_string_equal(text_at(r, "manifests/0/passengers/0/role"), "passenger");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/surname"), "TOKHTASINOV");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/given_names"),
			    "ALISHER BAKHTIYOROVICH");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/birth_date"), "1985-03-12");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/sex"), "M");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/nationality"), "UZB");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/residence_country"), "UZB");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/embarkation"), "ALA");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/debarkation"), "FRU");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/reservation_ref"), "K7XQ2M");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/passenger_ref"), "KC123001");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/address/street"), "AMIR TEMUR 12");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/address/city"), "TASHKENT");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/address/postal_code"), "100000");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/address/country"), "UZB");
	assert_false(json_boolean_value(at(r, "manifests/0/passengers/0/in_transit")));
	assert_int_equal(int_at(r, "manifests/0/passengers/0/segment"), 13);
	assert_string_equal(text_at(r, "manifests/0/passengers/0/documents/0/type"), "P");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/documents/0/number"), "FA1234567");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/documents/0/issuing_country"),
			    "UZB");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/documents/0/expiry_date"),
			    "2030-08-15");
	assert_int_equal(int_at(r, "manifests/0/passengers/0/documents/0/segment"), 22);

	assert_string_equal(text_at(r, "manifests/0/passengers/1/surname"), "NURLANOVA");
	assert_string_equal(text_at(r, "manifests/0/passengers/1/address"), "(null)");
	assert_string_equal(text_at(r, "manifests/0/passengers/1/seat"), "(null)");
	assert_string_equal(text_at(r, "manifests/0/passengers/1/birth_date"), "1992-07-04");

	assert_string_equal(text_at(r, "manifests/0/passengers/2/role"), "crew");
	assert_string_equal(text_at(r, "manifests/0/passengers/2/surname"), "ABDRAKHMANOV");
	assert_string_equal(text_at(r, "manifests/0/passengers/2/crew_function"), "CR1");
	assert_string_equal(text_at(r, "manifests/0/passengers/2/documents/0/type"), "AC");
	parsed_release(&p);
}

static void test_paxlst_without_una(void **state)
{
	struct parsed p;
	json_t *r;

	(void)state;
	parse_paxlst(&p, paxlst_plain);
	r = p.json;
	assert_false(edifact_interchange_header(p.ic)->has_una);
	assert_no_errors(r);
	assert_string_equal(text_at(r, "manifests/0/access_ref"), "(null)");
	assert_string_equal(text_at(r, "manifests/0/flight/carrier"), "HY");
	assert_string_equal(text_at(r, "manifests/0/flight/number"), "771");
	assert_string_equal(text_at(r, "manifests/0/flight/departure/airport"), "TAS");
	assert_string_equal(text_at(r, "manifests/0/flight/arrival/airport"), "DYU");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/surname"), "RAKHIMOV");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/birth_date"), "1990-05-20");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/documents/0/expiry_date"),
			    "2031-01-01");
	parsed_release(&p);
}

static void test_paxlst_release_in_names(void **state)
{
	char *text = replaced(paxlst_plain, "NAD+FL+++RAKHIMOV:SHERZOD'",
			      "NAD+FL+++O?'BRIEN:MARY?+ANN?:JO'");
	struct parsed p;

	(void)state;
	parse_paxlst(&p, text);
	assert_no_errors(p.json);
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/surname"), "O'BRIEN");
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/given_names"), "MARY+ANN:JO");
	parsed_release(&p);
	rics_free(text);
}

static void test_paxlst_missing_tdt(void **state)
{
	char *text = replaced(paxlst_plain, HY771_FLIGHT, "");
	char *counted = replaced(text, "UNT+17+1'", "UNT+12+1'");
	struct parsed p;

	(void)state;
	parse_paxlst(&p, counted);
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	assert_true(has_error(at(p.json, "manifests/0/errors"), 2,
			      "missing TDT: message '1' names no flight"));
	assert_string_equal(text_at(p.json, "manifests/0/flight"), "(null)");
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/surname"), "RAKHIMOV");
	parsed_release(&p);
	rics_free(text);
	rics_free(counted);
}

static void test_paxlst_missing_mandatory_values(void **state)
{
	/* segment 10 (NAD) has no name; segment 11 (second NAD) lacks sex, birth
	 * date, nationality and a document; the flight lacks its arrival time. */
	static const char text[] = HY771_HEAD "TDT+20+HY771+++HY'"
					      "LOC+125+TAS'"
					      "DTM+189:2604150830:201'"
					      "LOC+87+DYU'"
					      "NAD+FL+++:SHERZOD'"
					      "NAD+FL+++ISMOILOVA:ZARINA'"
					      "NAD+FL+++KARIMOV:BOBUR'"
					      "ATT+2++Q'"
					      "DTM+329:900230'"
					      "NAT+2+UZB'"
					      "DOC+P'"
					      "UNT+15+1'UNZ+1+HY0415'";
	struct parsed p;
	json_t *errors;

	(void)state;
	parse_paxlst(&p, text);
	errors = at(p.json, "manifests/0/errors");
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	assert_true(has_error(errors, 8, "missing arrival time (DTM+232) for flight 'HY771'"));
	assert_true(has_error(errors, 9, "missing name in NAD+FL: the surname is empty"));
	assert_true(has_error(errors, 10, "missing sex (ATT+2) for traveller 'ISMOILOVA'"));
	assert_true(
		has_error(errors, 10, "missing date of birth (DTM+329) for traveller 'ISMOILOVA'"));
	assert_true(has_error(errors, 10, "missing nationality (NAT+2) for traveller 'ISMOILOVA'"));
	assert_true(
		has_error(errors, 10, "missing travel document (DOC) for traveller 'ISMOILOVA'"));
	assert_true(has_error(errors, 12, "invalid sex 'Q' in ATT+2"));
	assert_true(has_error(errors, 13, "invalid date '900230' in DTM+329"));
	assert_true(has_error(errors, 15, "missing document number in DOC"));
	assert_int_equal(int_at(p.json, "manifests/0/errors/0/segment"), 8);
	/* every traveller still comes through, with what was readable */
	assert_int_equal(json_array_size(at(p.json, "manifests/0/passengers")), 3);
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/given_names"), "SHERZOD");
	assert_string_equal(text_at(p.json, "manifests/0/passengers/2/nationality"), "UZB");
	assert_string_equal(text_at(p.json, "manifests/0/flight/arrival/time"), "(null)");
	parsed_release(&p);
}

#define PART(ref, seq, surname, doc) \
	"UNH+" ref "+PAXLST:D:05B:UN:IATA+KC123/260301/1200+" seq "'" \
	"BGM+745'" \
	"NAD+MS+++KC API DESK'" \
	"TDT+20+KC123+++KC'" \
	"LOC+125+ALA'" \
	"DTM+189:2603011200:201'" \
	"LOC+87+FRU'" \
	"DTM+232:2603011330:201'" \
	"NAD+FL+++" surname ":TEST'" \
	"ATT+2++F'" \
	"DTM+329:800101'" \
	"NAT+2+KGZ'" \
	"DOC+P+" doc "'" \
	"DTM+36:300101'" \
	"LOC+91+KGZ'" \
	"UNT+16+" ref "'"

static void test_paxlst_multipart_joined(void **state)
{
	static const char text[] =
		"UNB+UNOA:4+KCAIR+KGZAPI+260301:0900+77'" PART("M2", "02", "BEKOVA", "AC2000002")
			PART("M1", "01:C", "ASANOVA", "AC1000001")
				PART("M3", "03:F", "CHOLPONOVA", "AC3000003") "UNZ+3+77'";
	struct parsed p;
	json_t *r;

	(void)state;
	parse_paxlst(&p, text);
	r = p.json;
	assert_no_errors(r);
	assert_int_equal(json_array_size(at(r, "manifests")), 1);
	assert_string_equal(text_at(r, "manifests/0/message_refs/0"), "M1");
	assert_string_equal(text_at(r, "manifests/0/message_refs/1"), "M2");
	assert_string_equal(text_at(r, "manifests/0/message_refs/2"), "M3");
	assert_int_equal(json_array_size(at(r, "manifests/0/legs")), 1);
	assert_int_equal(json_array_size(at(r, "manifests/0/passengers")), 3);
	assert_string_equal(text_at(r, "manifests/0/passengers/0/surname"), "ASANOVA");
	assert_string_equal(text_at(r, "manifests/0/passengers/1/surname"), "BEKOVA");
	assert_string_equal(text_at(r, "manifests/0/passengers/2/surname"), "CHOLPONOVA");
	parsed_release(&p);
}

static void test_paxlst_multipart_incomplete(void **state)
{
	static const char text[] =
		"UNB+UNOA:4+KCAIR+KGZAPI+260301:0900+77'" PART("M1", "01:C", "ASANOVA", "AC1000001")
			PART("M3", "03", "CHOLPONOVA", "AC3000003") "UNZ+2+77'";
	struct parsed p;
	json_t *errors;

	(void)state;
	parse_paxlst(&p, text);
	errors = at(p.json, "manifests/0/errors");
	assert_true(has_error(errors, 18,
			      "missing part 2 of multi-part message "
			      "'KC123/260301/1200'"));
	assert_true(has_error(errors, 18, "missing final part (F)"));
	assert_int_equal(json_array_size(at(p.json, "manifests/0/passengers")), 2);
	parsed_release(&p);
}

static void test_paxlst_crew_list_and_transit(void **state)
{
	char *text = replaced(paxlst_plain, "BGM+745'", "BGM+250'");
	char *crew = replaced(text, "NAD+FL+++RAKHIMOV", "NAD+DDT+++RAKHIMOV");
	struct parsed p;

	(void)state;
	parse_paxlst(&p, crew);
	assert_no_errors(p.json);
	assert_string_equal(text_at(p.json, "manifests/0/document/list"), "crew");
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/role"), "crew");
	assert_string_equal(text_at(p.json, "manifests/0/passengers/0/party"), "DDT");
	assert_true(json_boolean_value(at(p.json, "manifests/0/passengers/0/in_transit")));
	parsed_release(&p);
	rics_free(text);
	rics_free(crew);
}

static void test_paxlst_progressive_flight(void **state)
{
	/* KC 921 ALA -> TSE -> FRU: two legs of LOC+92, the guide's way for a
	 * progressive flight; a DTM value with a leading space; a birth place
	 * by name; a visa without expiry date. */
	static const char text[] = "UNA:+.? '"
				   "UNB+UNOA:4+KCAIR+KGZAPI+260302:0600+88'"
				   "UNH+1+PAXLST:D:05B:UN:IATA'"
				   "BGM+745'"
				   "RFF+TN:KC921:::1'"
				   "NAD+MS+++KC API DESK'"
				   "TDT+20+KC921+++KC'"
				   "LOC+92+ALA'"
				   "DTM+189:2603020700:201'"
				   "LOC+92+TSE'"
				   "DTM+232:2603020845:201'"
				   "TDT+20+KC921+++KC'"
				   "LOC+92+TSE'"
				   "DTM+189:2603020945:201'"
				   "LOC+92+FRU'"
				   "DTM+232: 2603021150:201'"
				   "LOC+130+OSS'"
				   "NAD+FL+++ZHUMABAEV:NURLAN+++:::CHUY+720000+KGZ'"
				   "ATT+2++M'"
				   "DTM+329:011231'"
				   "LOC+22+FRU'"
				   "LOC+178+ALA'"
				   "LOC+179+FRU'"
				   "LOC+180+:::TALAS KGZ'"
				   "COM+996 555 123456:TE'"
				   "NAT+2+KGZ'"
				   "RFF+AVF:Q2W3E4'"
				   "RFF+SEA:14C'"
				   "DOC+P+AC7654321'"
				   "DTM+36:330630'"
				   "DTM+182:230701'"
				   "LOC+91+KGZ'"
				   "DOC+V+KZ0001122'"
				   "LOC+91+KAZ'"
				   "CNT+42:140'"
				   "UNT+34+1'"
				   "UNZ+1+88'";
	struct parsed p;
	json_t *r;

	(void)state;
	parse_paxlst(&p, text);
	r = p.json;
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	assert_int_equal(json_array_size(at(r, "manifests/0/legs")), 2);
	assert_string_equal(text_at(r, "manifests/0/legs/0/arrival/airport"), "TSE");
	assert_string_equal(text_at(r, "manifests/0/legs/1/departure/airport"), "TSE");
	assert_string_equal(text_at(r, "manifests/0/legs/1/final_destination"), "OSS");
	assert_string_equal(text_at(r, "manifests/0/flight/departure/airport"), "ALA");
	assert_string_equal(text_at(r, "manifests/0/flight/arrival/airport"), "FRU");
	assert_string_equal(text_at(r, "manifests/0/flight/arrival/time"), "2026-03-02T11:50");
	assert_int_equal(int_at(r, "manifests/0/declared_passengers"), 140);
	assert_string_equal(text_at(r, "manifests/0/passengers/0/birth_date"), "2001-12-31");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/birth_place"), "TALAS KGZ");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/address/region"), "CHUY");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/seat"), "14C");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/documents/0/issue_date"),
			    "2023-07-01");
	assert_string_equal(text_at(r, "manifests/0/passengers/0/documents/1/type"), "V");
	assert_true(has_error(at(r, "manifests/0/errors"), 32,
			      "missing expiry date (DTM+36) for document 'KZ0001122'"));
	assert_int_equal(json_array_size(at(r, "manifests/0/errors")), 1);
	parsed_release(&p);
}

static void test_paxlst_none(void **state)
{
	static const char text[] = "UNB+UNOA:4+A+B+260301:0900+1'UNH+1+CUSRES:D:05B:UN'"
				   "UNT+2+1'UNZ+1+1'";
	struct parsed p;

	(void)state;
	parse_paxlst(&p, text);
	assert_int_equal(json_array_size(at(p.json, "manifests")), 0);
	assert_true(has_error(at(p.json, "errors"), 0, "no PAXLST message"));
	assert_string_equal(text_at(p.json, "errors/0/segment"), "(null)");
	parsed_release(&p);
}

/* ---- PNRGOV ---------------------------------------------------------------------- */

static void test_pnrgov_sample(void **state)
{
	struct parsed p;
	json_t *r;

	(void)state;
	parse_text(&p, pnrgov_sample, strlen(pnrgov_sample));
	assert_int_equal(edifact_interchange_problems(p.ic)->count, 0);
	assert_int_equal(pnrgov_read(p.ic, &p.json), 0);
	r = p.json;
	assert_no_errors(r);
	assert_string_equal(text_at(r, "manifests/0/access_ref"), "HY771/150426/0830");
	assert_string_equal(text_at(r, "manifests/0/flight/carrier"), "HY");
	assert_string_equal(text_at(r, "manifests/0/flight/number"), "771");
	assert_string_equal(text_at(r, "manifests/0/flight/departure/airport"), "TAS");
	assert_string_equal(text_at(r, "manifests/0/flight/departure/time"), "2026-04-15T08:30");
	assert_string_equal(text_at(r, "manifests/0/flight/arrival/airport"), "DYU");
	assert_string_equal(text_at(r, "manifests/0/flight/arrival/time"), "2026-04-15T09:40");
	assert_int_equal(int_at(r, "manifests/0/declared_pnrs"), 2);
	assert_int_equal(json_array_size(at(r, "manifests/0/pnrs")), 2);

	assert_string_equal(text_at(r, "manifests/0/pnrs/0/booking_ref"), "K7XQ2M");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/booking_system"), "HY");
	assert_int_equal(int_at(r, "manifests/0/pnrs/0/segment"), 7);
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/surname"), "RAKHIMOV");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/given_names"), "SHERZOD");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/type"), "A");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/birth_date"), "1990-05-20");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/sex"), "M");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/nationality"), "TJK");
	assert_int_equal(json_array_size(at(r, "manifests/0/pnrs/0/passengers/0/documents")), 1);
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/documents/0/number"),
			    "TJ7654321");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/passengers/0/documents/0/expiry_date"),
			    "2031-01-01");
	assert_string_equal(text_at(r, "manifests/0/pnrs/0/itinerary/0/booking_class"), "Y");

	assert_int_equal(json_array_size(at(r, "manifests/0/pnrs/1/locators")), 2);
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/locators/1/locator"), "XK4L2P");
	assert_int_equal(json_array_size(at(r, "manifests/0/pnrs/1/passengers")), 2);
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/passengers/1/surname"), "KARIMOVA");
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/passengers/1/given_names"), "MADINA");
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/passengers/1/type"), "C");
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/passengers/1/birth_date"), "2016-06-15");
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/passengers/1/documents/0/number"),
			    "FA8888888");
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/passengers/0/documents/0/number"),
			    "FA7777777");
	assert_int_equal(json_array_size(at(r, "manifests/0/pnrs/1/itinerary")), 2);
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/itinerary/1/number"), "772");
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/itinerary/1/departure/airport"), "DYU");
	assert_string_equal(text_at(r, "manifests/0/pnrs/1/itinerary/1/arrival/time"),
			    "2026-04-20T12:15");
	parsed_release(&p);
}

static void test_pnrgov_problems(void **state)
{
	char *t1 = replaced(pnrgov_sample, "RCI+HY:M3ZP8Q+1A:XK4L2P'\r\n", "");
	char *t2 = replaced(t1, "EQN+2'", "EQN+5'");
	char *t3 = replaced(t2, "UNT+24+1'", "UNT+23+1'");
	struct parsed p;
	json_t *errors;

	(void)state;
	parse_text(&p, t3, strlen(t3));
	assert_int_equal(pnrgov_read(p.ic, &p.json), 0);
	errors = at(p.json, "manifests/0/errors");
	assert_true(has_error(errors, 6, "wrong number of PNRs in EQN: it says 5"));
	assert_true(has_error(errors, 16, "missing RCI: the PNR has no booking reference"));
	assert_int_equal(json_array_size(at(p.json, "manifests/0/pnrs/1/passengers")), 2);
	parsed_release(&p);
	rics_free(t1);
	rics_free(t2);
	rics_free(t3);
}

static void test_reader_bounds(void **state)
{
	struct strbuf text;
	struct parsed p;

	(void)state;
	/* 20001 travellers: the last is left out. */
	strbuf_init(&text, 0);
	assert_int_equal(strbuf_adds(&text, HY771_HEAD HY771_FLIGHT), 0);
	for (int i = 0; i < 20001; i++)
		assert_int_equal(strbuf_adds(&text, "NAD+FL+++ALIEVA:ZULFIYA'"), 0);
	assert_int_equal(strbuf_addf(&text, "UNT+%d+1'UNZ+1+HY0415'", 20001 + 9), 0);
	parse_paxlst(&p, text.buf);
	assert_int_equal(json_array_size(at(p.json, "manifests/0/passengers")), 20000);
	/* each lacks its mandatory data: 1000 errors are listed, then a count */
	assert_int_equal(json_array_size(at(p.json, "manifests/0/errors")), 1001);
	assert_true(has_error(at(p.json, "manifests/0/errors"), 0, "more problems not listed"));
	parsed_release(&p);

	/* 8 x 126 travellers in one PNR: past 999, they are left out. */
	strbuf_reset(&text);
	assert_int_equal(strbuf_adds(&text, "UNB+IATA:1+HY+TJKPNR+260414:2100+1'"
					    "UNH+1+PNRGOV:11:1:IA'"
					    "TVL+150426:0830+TAS+DYU+HY+771'SRC'RCI+HY:G7ROUP'"),
			 0);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(strbuf_adds(&text, "TIF+USMONOV"), 0);
		for (int j = 0; j < 126; j++)
			assert_int_equal(strbuf_addf(&text, "+T%d:A:%d", j, i * 126 + j), 0);
		assert_int_equal(strbuf_addch(&text, '\''), 0);
	}
	assert_int_equal(strbuf_adds(&text, "UNT+13+1'UNZ+1+1'"), 0);
	parse_text(&p, text.buf, text.len);
	assert_int_equal(pnrgov_read(p.ic, &p.json), 0);
	assert_int_equal(json_array_size(at(p.json, "manifests/0/pnrs/0/passengers")), 999);
	assert_true(
		has_error(at(p.json, "manifests/0/errors"), 13, "too many travellers: 9 left out"));
	assert_int_equal(json_array_size(at(p.json, "manifests/0/errors")), 1);
	parsed_release(&p);
	strbuf_release(&text);
}

static void test_pnrgov_multipart(void **state)
{
	static const char text[] = "UNB+IATA:1+HY+TJKPNR+260414:2100+PNR0002'"
				   "UNH+1+PNRGOV:11:1:IA+HY771/150426/0830+01:C'"
				   "MSG+:22'"
				   "TVL+150426:0830:150426:0940+TAS+DYU+HY+771'"
				   "EQN+1'"
				   "SRC'RCI+HY:K7XQ2M'TIF+RAKHIMOV+SHERZOD:A:1'"
				   "UNT+8+1'"
				   "UNH+2+PNRGOV:11:1:IA+HY771/150426/0830+02:F'"
				   "MSG+:22'"
				   "TVL+150426:0830:150426:0940+TAS+DYU+HY+773'"
				   "EQN+1'"
				   "SRC'RCI+HY:M3ZP8Q'TIF+KARIMOVA+DILNOZA:A:1'"
				   "UNT+8+2'"
				   "UNZ+2+PNR0002'";
	struct parsed p;

	(void)state;
	parse_text(&p, text, strlen(text));
	assert_int_equal(pnrgov_read(p.ic, &p.json), 0);
	assert_int_equal(json_array_size(at(p.json, "manifests")), 1);
	assert_int_equal(json_array_size(at(p.json, "manifests/0/pnrs")), 2);
	assert_string_equal(text_at(p.json, "manifests/0/pnrs/1/booking_ref"), "M3ZP8Q");
	assert_string_equal(text_at(p.json, "manifests/0/flight/number"), "771");
	assert_true(has_error(at(p.json, "manifests/0/errors"), 12,
			      "different flight in part 2: '773'"));
	assert_int_equal(json_array_size(at(p.json, "manifests/0/errors")), 1);
	parsed_release(&p);
}

/* ---- robustness ------------------------------------------------------------------- */

/* Parse and read, whatever the bytes; nothing may crash or leak. */
static void read_anything(const char *data, size_t len)
{
	struct edifact_interchange *ic = NULL;
	struct strbuf errors;
	json_t *j = NULL;

	strbuf_init(&errors, 0);
	if (edifact_parse(data, len, &ic, &errors) == 0) {
		if (paxlst_read(ic, &j) == 0)
			json_decref(j);
		if (pnrgov_read(ic, &j) == 0)
			json_decref(j);
		edifact_interchange_free(ic);
	}
	strbuf_release(&errors);
}

static void test_every_prefix_and_mutation(void **state)
{
	static const char *const samples[] = { paxlst_una, paxlst_plain, pnrgov_sample };
	static const char bytes[] = { '\'', '+', ':', '?', '\0', '\n', 'U', '9', (char)0xFF };

	(void)state;
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		size_t len = strlen(samples[s]);
		char *copy = rics_malloc(len);
		assert_non_null(copy);
		for (size_t n = 0; n <= len; n++)
			read_anything(samples[s], n);
		for (size_t i = 0; i < len; i++) {
			memcpy(copy, samples[s], len);
			copy[i] = bytes[i % sizeof(bytes)];
			read_anything(copy, len);
		}
		rics_free(copy);
	}
}

/* Fail the nth allocation for every n: each call fails cleanly or
 * succeeds, and (under ASan) nothing leaks. */
static void test_allocation_failures(void **state)
{
	static const char *const samples[] = { paxlst_una, pnrgov_sample };

	(void)state;
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		for (long n = 1;; n++) {
			struct edifact_interchange *ic = NULL;
			json_t *j1 = NULL, *j2 = NULL;
			int rc1, rc2 = -ENOMEM, rc3 = -ENOMEM;

			rics_alloc_fail_after(n);
			rc1 = edifact_parse(samples[s], strlen(samples[s]), &ic, NULL);
			if (rc1 == 0) {
				rc2 = paxlst_read(ic, &j1);
				rc3 = pnrgov_read(ic, &j2);
			}
			rics_alloc_fail_after(0);
			assert_true(rc1 == 0 || rc1 == -ENOMEM);
			assert_true(rc2 == 0 || rc2 == -ENOMEM);
			assert_true(rc3 == 0 || rc3 == -ENOMEM);
			json_decref(j1);
			json_decref(j2);
			edifact_interchange_free(ic);
			if (rc1 == 0 && rc2 == 0 && rc3 == 0)
				break;
			assert_true(n < 100000);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax_positions_and_components),
		cmocka_unit_test(test_syntax_release_character),
		cmocka_unit_test(test_syntax_custom_una),
		cmocka_unit_test(test_syntax_crlf_between_segments),
		cmocka_unit_test(test_syntax_not_edifact),
		cmocka_unit_test(test_syntax_limits),
		cmocka_unit_test(test_syntax_level_b),
		cmocka_unit_test(test_syntax_charsets),
		cmocka_unit_test(test_syntax_dates),
		cmocka_unit_test(test_envelope_wrong_unt_count),
		cmocka_unit_test(test_envelope_wrong_unz_and_une_counts),
		cmocka_unit_test(test_envelope_mismatched_references),
		cmocka_unit_test(test_envelope_missing_trailers_and_strays),
		cmocka_unit_test(test_envelope_second_unb),
		cmocka_unit_test(test_envelope_truncated),
		cmocka_unit_test(test_paxlst_with_una),
		cmocka_unit_test(test_paxlst_without_una),
		cmocka_unit_test(test_paxlst_release_in_names),
		cmocka_unit_test(test_paxlst_missing_tdt),
		cmocka_unit_test(test_paxlst_missing_mandatory_values),
		cmocka_unit_test(test_paxlst_multipart_joined),
		cmocka_unit_test(test_paxlst_multipart_incomplete),
		cmocka_unit_test(test_paxlst_crew_list_and_transit),
		cmocka_unit_test(test_paxlst_progressive_flight),
		cmocka_unit_test(test_paxlst_none),
		cmocka_unit_test(test_pnrgov_sample),
		cmocka_unit_test(test_pnrgov_problems),
		cmocka_unit_test(test_pnrgov_multipart),
		cmocka_unit_test(test_reader_bounds),
		cmocka_unit_test(test_every_prefix_and_mutation),
		cmocka_unit_test(test_allocation_failures),
	};

	rics_alloc_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
