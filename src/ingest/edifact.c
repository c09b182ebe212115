// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The UN/EDIFACT syntax layer; its contract is edifact.h and its design
 * docs/internals/edifact.md. Reading takes three steps: the tokenizer walks
 * the bytes once, undoing the release character into one text arena and
 * recording segments, elements and components as offsets in growable
 * arrays; finishing turns those into the public arrays of pointers (which
 * never move again); the envelope pass walks the segments, builds the
 * messages and records every count or reference that does not add up.
 * Below those: text conversion to UTF-8, multi-part transfers and dates,
 * which the message parsers share.
 */
#include "ingest/edifact.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct edifact_limits edifact_default_limits = {
	.max_input = (size_t)16 << 20,
	.max_segments = 100000,
	.max_elements = 128,
	.max_components = 64,
	.max_component_len = 2048,
	.max_total_components = 4000000,
	.max_problems = 1000,
};

static const struct edifact_separators default_separators = {
	.component = ':',
	.element = '+',
	.decimal = '.',
	.release = '?',
	.repetition = ' ',
	.terminator = '\'',
};

/* Syntax level B without UNA: the information separators IS1, IS3, IS4. */
static const struct edifact_separators level_b_separators = {
	.component = 0x1F,
	.element = 0x1D,
	.decimal = '.',
	.release = '\0',
	.repetition = ' ',
	.terminator = 0x1C,
};

#define UNA_LEN 9

struct edifact_interchange {
	struct edifact_header header;
	char *text; /* every component, each NUL-terminated */
	struct edifact_text *components;
	struct edifact_element *elements;
	struct edifact_segment *segments;
	size_t segment_count;
	struct edifact_message *messages;
	size_t message_count;
	size_t group_count;
	struct edifact_problems problems;
};

static int grow_array(void *items_ptr, size_t *alloc, size_t need, size_t size)
{
	void **items = items_ptr;
	size_t n;
	void *p;

	if (need <= *alloc)
		return 0;
	n = *alloc ? *alloc : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -ENOMEM;
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		return -ENOMEM;
	p = rics_realloc(*items, n * size);
	if (!p)
		return -ENOMEM;
	*items = p;
	*alloc = n;
	return 0;
}

/* ---- problems ---------------------------------------------------------- */

void edifact_problems_init(struct edifact_problems *p, size_t max)
{
	p->items = NULL;
	p->count = 0;
	p->alloc = 0;
	p->max = max;
	p->dropped = 0;
}

void edifact_problems_release(struct edifact_problems *p)
{
	for (size_t i = 0; i < p->count; i++)
		rics_free(p->items[i].text);
	rics_free(p->items);
	edifact_problems_init(p, p->max);
}

/* Add a copy of text as it is. */
static int problems_add_full(struct edifact_problems *p, size_t segment, size_t message_segment,
			     const char *text)
{
	char *copy;
	int rc;

	if (p->count >= p->max) {
		p->dropped++;
		return 0;
	}
	rc = grow_array(&p->items, &p->alloc, p->count + 1, sizeof(*p->items));
	if (rc)
		return rc;
	copy = rics_strdup(text);
	if (!copy)
		return -ENOMEM;
	p->items[p->count].segment = segment;
	p->items[p->count].message_segment = message_segment;
	p->items[p->count].text = copy;
	p->count++;
	return 0;
}

static int problems_vadd(struct edifact_problems *p, size_t segment, size_t message_segment,
			 const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static int problems_vadd(struct edifact_problems *p, size_t segment, size_t message_segment,
			 const char *fmt, va_list ap)
{
	struct strbuf sb;
	int rc;

	if (p->count >= p->max) {
		p->dropped++;
		return 0;
	}
	strbuf_init(&sb, 1024);
	rc = strbuf_vaddf(&sb, fmt, ap);
	if (!rc)
		rc = problems_add_full(p, segment, message_segment, sb.buf);
	strbuf_release(&sb);
	return rc;
}

int edifact_problems_add(struct edifact_problems *p, const struct edifact_segment *seg,
			 const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = problems_vadd(p, seg ? seg->position : 0, seg ? seg->message_position : 0, fmt, ap);
	va_end(ap);
	return rc;
}

static int problems_add_at(struct edifact_problems *p, size_t segment, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int problems_add_at(struct edifact_problems *p, size_t segment, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = problems_vadd(p, segment, 0, fmt, ap);
	va_end(ap);
	return rc;
}

const char *edifact_quote(const char *s, char out[EDIFACT_QUOTE_LEN])
{
	size_t i, n = 0;

	for (i = 0; s[i] && n < 32; i++) {
		unsigned char c = (unsigned char)s[i];
		out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	if (s[i]) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* ---- tokenizer --------------------------------------------------------- */

struct build_segment {
	size_t first_element;
	size_t element_count;
	size_t offset;
};

struct build_element {
	size_t first_component;
	size_t component_count;
};

struct build_component {
	size_t offset; /* into the text arena */
	size_t len;
};

struct parser {
	const char *data;
	size_t len;
	size_t pos;
	const struct edifact_limits *limits;
	struct edifact_separators sep;
	bool has_una;
	struct strbuf text;
	struct build_segment *segs;
	size_t nsegs, segs_alloc;
	struct build_element *els;
	size_t nels, els_alloc;
	struct build_component *comps;
	size_t ncomps, comps_alloc;
	struct edifact_problems *problems;
	struct strbuf *errors;
};

/* A fatal error about the segment being read (none before the first). */
static int parser_fail(struct parser *p, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int parser_fail(struct parser *p, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!p->errors)
		return rc;
	if (p->nsegs)
		strbuf_addf(p->errors, "segment %zu: ", p->nsegs);
	va_start(ap, fmt);
	strbuf_vaddf(p->errors, fmt, ap);
	va_end(ap);
	strbuf_addch(p->errors, '\n');
	return rc;
}

static int begin_component(struct parser *p)
{
	struct build_element *el = &p->els[p->nels - 1];
	int rc;

	if (el->component_count >= p->limits->max_components)
		return parser_fail(p, RICS_E_TOO_LARGE,
				   "too many components in element %zu: the limit is %zu",
				   p->segs[p->nsegs - 1].element_count - 1,
				   p->limits->max_components);
	if (p->ncomps >= p->limits->max_total_components)
		return parser_fail(p, RICS_E_TOO_LARGE,
				   "too many components in the interchange: the limit is %zu",
				   p->limits->max_total_components);
	rc = grow_array(&p->comps, &p->comps_alloc, p->ncomps + 1, sizeof(*p->comps));
	if (rc)
		return rc;
	p->comps[p->ncomps].offset = p->text.len;
	p->comps[p->ncomps].len = 0;
	p->ncomps++;
	el->component_count++;
	return 0;
}

static int end_component(struct parser *p)
{
	return strbuf_addch(&p->text, '\0');
}

static int begin_element(struct parser *p)
{
	struct build_segment *seg = &p->segs[p->nsegs - 1];
	int rc;

	if (seg->element_count >= p->limits->max_elements)
		return parser_fail(p, RICS_E_TOO_LARGE, "too many elements: the limit is %zu",
				   p->limits->max_elements);
	rc = grow_array(&p->els, &p->els_alloc, p->nels + 1, sizeof(*p->els));
	if (rc)
		return rc;
	p->els[p->nels].first_component = p->ncomps;
	p->els[p->nels].component_count = 0;
	p->nels++;
	seg->element_count++;
	return begin_component(p);
}

static int begin_segment(struct parser *p)
{
	int rc;

	if (p->nsegs >= p->limits->max_segments)
		return parser_fail(p, RICS_E_TOO_LARGE, "too many segments: the limit is %zu",
				   p->limits->max_segments);
	rc = grow_array(&p->segs, &p->segs_alloc, p->nsegs + 1, sizeof(*p->segs));
	if (rc)
		return rc;
	p->segs[p->nsegs].first_element = p->nels;
	p->segs[p->nsegs].element_count = 0;
	p->segs[p->nsegs].offset = p->pos;
	p->nsegs++;
	return begin_element(p);
}

static int add_byte(struct parser *p, char c)
{
	struct build_component *comp = &p->comps[p->ncomps - 1];
	int rc;

	if (c == '\0')
		return parser_fail(p, RICS_E_MALFORMED, "NUL byte at offset %zu", p->pos - 1);
	if (comp->len >= p->limits->max_component_len)
		return parser_fail(p, RICS_E_TOO_LARGE,
				   "component longer than %zu bytes in element %zu",
				   p->limits->max_component_len,
				   p->segs[p->nsegs - 1].element_count - 1);
	rc = strbuf_addch(&p->text, c);
	if (rc)
		return rc;
	comp->len++;
	return 0;
}

/* One byte inside a segment other than the terminator. Line breaks belong
 * to no EDIFACT repertoire: they are dropped wherever they occur, which
 * reads both CRLF between segments and fixed-width line wrapping. */
static int read_byte(struct parser *p, char c)
{
	int rc;

	if (p->sep.release && c == p->sep.release) {
		if (p->pos >= p->len)
			return 0; /* the caller finds the segment truncated */
		return add_byte(p, p->data[p->pos++]);
	}
	if (c == p->sep.element || c == p->sep.component) {
		rc = end_component(p);
		if (rc)
			return rc;
		return c == p->sep.element ? begin_element(p) : begin_component(p);
	}
	if (c == '\r' || c == '\n')
		return 0;
	return add_byte(p, c);
}

/* The input ended inside a segment: drop it, and say so. */
static int drop_truncated(struct parser *p)
{
	struct build_segment *seg = &p->segs[p->nsegs - 1];
	const struct build_component *tag;
	char q[EDIFACT_QUOTE_LEN];
	int rc = end_component(p);

	if (rc)
		return rc;
	tag = &p->comps[p->els[seg->first_element].first_component];
	edifact_quote(p->text.buf + tag->offset, q);
	rc = problems_add_at(p->problems, p->nsegs,
			     "truncated input: segment %zu '%s' has no "
			     "segment terminator and is dropped",
			     p->nsegs, q);
	if (rc)
		return rc;
	p->nels = seg->first_element;
	p->ncomps = p->els[p->nels].first_component;
	p->nsegs--;
	return 0;
}

/* 0: a segment was read; 1: the input ended inside it; < 0: fatal. */
static int read_segment(struct parser *p)
{
	int rc = begin_segment(p);

	while (!rc && p->pos < p->len) {
		char c = p->data[p->pos++];
		if (c == p->sep.terminator)
			return end_component(p);
		rc = read_byte(p, c);
	}
	if (rc)
		return rc;
	rc = drop_truncated(p);
	return rc ? rc : 1;
}

static bool is_blank(char c)
{
	return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

static bool is_separator(const struct parser *p, char c)
{
	return c == p->sep.terminator || c == p->sep.element || c == p->sep.component ||
	       (p->sep.release && c == p->sep.release);
}

/* Line breaks and blanks between segments (no tag begins with one). */
static void skip_between(struct parser *p)
{
	while (p->pos < p->len && is_blank(p->data[p->pos]) && !is_separator(p, p->data[p->pos]))
		p->pos++;
}

static int read_segments(struct parser *p)
{
	int rc;

	for (;;) {
		skip_between(p);
		if (p->pos >= p->len)
			return 0;
		rc = read_segment(p);
		if (rc)
			return rc < 0 ? rc : 0;
	}
}

/* ---- service string advice --------------------------------------------- */

static bool una_char_ok(char c)
{
	return c != '\0' && c != ' ' && !isalnum((unsigned char)c);
}

/* NULL if the six UNA characters are usable, else what is wrong. */
static const char *una_check(struct edifact_separators *s)
{
	if (!una_char_ok(s->component) || !una_char_ok(s->element) || !una_char_ok(s->terminator))
		return "a separator is a letter, a digit, a space or NUL";
	if (s->component == s->element || s->component == s->terminator ||
	    s->element == s->terminator)
		return "the component, element and segment separators are not distinct";
	if (s->release == ' ')
		s->release = '\0';
	if (s->release && (!una_char_ok(s->release) || s->release == s->component ||
			   s->release == s->element || s->release == s->terminator))
		return "the release character is unusable or equals a separator";
	if (s->repetition != ' ' && (s->repetition == s->component || s->repetition == s->element ||
				     s->repetition == s->terminator || s->repetition == s->release))
		return "the repetition separator equals another separator";
	return NULL;
}

static int read_una(struct parser *p)
{
	const char *c = p->data + p->pos + 3;
	const char *why;

	if (p->len - p->pos < UNA_LEN)
		return parser_fail(p, RICS_E_MALFORMED,
				   "truncated service string advice (UNA): "
				   "%zu bytes where 9 are needed",
				   p->len - p->pos);
	p->sep.component = c[0];
	p->sep.element = c[1];
	p->sep.decimal = c[2];
	p->sep.release = c[3];
	p->sep.repetition = c[4];
	p->sep.terminator = c[5];
	why = una_check(&p->sep);
	if (why)
		return parser_fail(p, RICS_E_MALFORMED, "invalid service string advice (UNA): %s",
				   why);
	p->has_una = true;
	p->pos += UNA_LEN;
	return 0;
}

/* Choose the separators and leave pos at the UNB. */
static int read_service_advice(struct parser *p)
{
	const char *d;

	if (p->len >= 3 && memcmp(p->data, "\xEF\xBB\xBF", 3) == 0)
		p->pos = 3; /* a UTF-8 byte order mark */
	while (p->pos < p->len && is_blank(p->data[p->pos]))
		p->pos++;
	d = p->data + p->pos;
	p->sep = default_separators;
	if (p->len - p->pos >= 3 && memcmp(d, "UNA", 3) == 0) {
		int rc = read_una(p);
		if (rc)
			return rc;
		skip_between(p);
	} else if (p->len - p->pos >= 4 && memcmp(d, "UNB", 3) == 0 && d[3] == 0x1D) {
		p->sep = level_b_separators;
	}
	d = p->data + p->pos;
	if (p->len - p->pos < 4 || memcmp(d, "UNB", 3) != 0 || d[3] != p->sep.element)
		return parser_fail(
			p, RICS_E_MALFORMED,
			p->has_una ?
				"no interchange header: the service string advice (UNA) is not "
				"followed by UNB" :
				"not an EDIFACT interchange: the input begins with neither UNA "
				"nor UNB");
	return 0;
}

/* ---- finishing: offsets into pointers ----------------------------------- */

static int finish_components(struct parser *p, struct edifact_interchange *ic)
{
	ic->text = strbuf_detach(&p->text, NULL);
	ic->components = rics_calloc(p->ncomps, sizeof(*ic->components));
	if (!ic->text || !ic->components)
		return -ENOMEM;
	for (size_t i = 0; i < p->ncomps; i++) {
		ic->components[i].str = ic->text + p->comps[i].offset;
		ic->components[i].len = p->comps[i].len;
	}
	rics_free(p->comps); /* early, to lower the peak */
	p->comps = NULL;
	return 0;
}

static int finish(struct parser *p, struct edifact_interchange *ic)
{
	int rc = finish_components(p, ic);

	if (rc)
		return rc;
	ic->elements = rics_calloc(p->nels, sizeof(*ic->elements));
	ic->segments = rics_calloc(p->nsegs, sizeof(*ic->segments));
	if (!ic->elements || !ic->segments)
		return -ENOMEM;
	for (size_t i = 0; i < p->nels; i++) {
		ic->elements[i].component_count = p->els[i].component_count;
		ic->elements[i].components = &ic->components[p->els[i].first_component];
	}
	for (size_t i = 0; i < p->nsegs; i++) {
		struct edifact_segment *seg = &ic->segments[i];
		seg->elements = &ic->elements[p->segs[i].first_element];
		seg->element_count = p->segs[i].element_count;
		seg->tag = seg->elements[0].components[0].str;
		seg->position = i + 1;
		seg->offset = p->segs[i].offset;
	}
	ic->segment_count = p->nsegs;
	return 0;
}

static void read_header(struct edifact_interchange *ic, const struct parser *p)
{
	struct edifact_header *h = &ic->header;
	const struct edifact_segment *unb = &ic->segments[0];

	h->separators = p->sep;
	h->has_una = p->has_una;
	h->syntax_id = edifact_component(unb, 1, 0);
	h->syntax_version = edifact_component(unb, 1, 1);
	h->sender = edifact_component(unb, 2, 0);
	h->sender_qualifier = edifact_component(unb, 2, 1);
	h->recipient = edifact_component(unb, 3, 0);
	h->recipient_qualifier = edifact_component(unb, 3, 1);
	h->prepared_date = edifact_component(unb, 4, 0);
	h->prepared_time = edifact_component(unb, 4, 1);
	h->control_ref = edifact_component(unb, 5, 0);
	h->application_ref = edifact_component(unb, 7, 0);
	h->test = strcmp(edifact_component(unb, 11, 0), "1") == 0;
}

/* ---- envelope ------------------------------------------------------------ */

struct envelope {
	struct edifact_interchange *ic;
	struct edifact_message *msg;       /* the open message */
	const struct edifact_segment *ung; /* the open group's header */
	size_t group_messages;             /* messages in the open group */
	size_t bare_messages;              /* messages outside any group */
	bool closed;                       /* UNZ seen */
};

static int problem(struct envelope *env, const struct edifact_segment *seg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int problem(struct envelope *env, const struct edifact_segment *seg, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = problems_vadd(&env->ic->problems, seg->position, seg->message_position, fmt, ap);
	va_end(ap);
	return rc;
}

static bool parse_count(const char *s, size_t *out)
{
	size_t n = 0, i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return false;
		n = n * 10 + (size_t)(s[i] - '0');
	}
	if (i == 0)
		return false;
	*out = n;
	return true;
}

/* Check a trailer's control count (element 1) against what was counted. */
static int check_count(struct envelope *env, const struct edifact_segment *seg, size_t counted,
		       const char *what)
{
	const char *said = edifact_element(seg, 1);
	char q[EDIFACT_QUOTE_LEN];
	size_t n;

	if (!parse_count(said, &n))
		return problem(env, seg, "invalid %s count '%s' in %s", what,
			       edifact_quote(said, q), seg->tag);
	if (n != counted)
		return problem(env, seg, "wrong %s count in %s: it says %zu, there are %zu", what,
			       seg->tag, n, counted);
	return 0;
}

/* Check a trailer's reference (element 2) against its header's. */
static int check_ref(struct envelope *env, const struct edifact_segment *seg, const char *want,
		     const char *header)
{
	const char *got = edifact_element(seg, 2);
	char q1[EDIFACT_QUOTE_LEN], q2[EDIFACT_QUOTE_LEN];

	if (strcmp(got, want) == 0)
		return 0;
	return problem(env, seg, "mismatched reference: %s says '%s', %s says '%s'", seg->tag,
		       edifact_quote(got, q1), header, edifact_quote(want, q2));
}

/* The open message ends without a UNT at the segment before seg. */
static int end_unterminated(struct envelope *env, const struct edifact_segment *last)
{
	struct edifact_message *m = env->msg;
	char q[EDIFACT_QUOTE_LEN];

	env->msg = NULL;
	return problem(env, last, "missing UNT: message '%s' (UNH at segment %zu) has no trailer",
		       edifact_quote(m->reference, q), m->segments[0].position);
}

static int end_ungrouped(struct envelope *env, const struct edifact_segment *last)
{
	const struct edifact_segment *ung = env->ung;
	char q[EDIFACT_QUOTE_LEN];

	env->ung = NULL;
	return problem(env, last, "missing UNE: group '%s' (UNG at segment %zu) has no trailer",
		       edifact_quote(edifact_element(ung, 5), q), ung->position);
}

/* Close what is open before an envelope segment other than UNH/UNT. */
static int close_open(struct envelope *env, const struct edifact_segment *seg, bool group_too)
{
	int rc = 0;

	if (env->msg)
		rc = end_unterminated(env, seg - 1);
	if (!rc && group_too && env->ung)
		rc = end_ungrouped(env, seg - 1);
	return rc;
}

static int check_unh(struct envelope *env, struct edifact_message *m,
		     const struct edifact_segment *unh)
{
	const char *seq = edifact_component(unh, 4, 0);
	char q[EDIFACT_QUOTE_LEN];
	size_t n;
	int rc = 0;

	if (!*m->reference)
		rc = problem(env, unh, "missing message reference (0062) in UNH");
	if (!rc && (!*m->type || !*m->version || !*m->release || !*m->agency))
		rc = problem(env, unh,
			     "incomplete message identifier '%s' in UNH: type, version, "
			     "release and agency are mandatory",
			     edifact_quote(edifact_component(unh, 2, 0), q));
	if (!rc && *seq) {
		if (parse_count(seq, &n) && n > 0 && n <= 9999)
			m->sequence = (unsigned)n;
		else
			rc = problem(env, unh, "invalid sequence of transfers '%s' in UNH",
				     edifact_quote(seq, q));
	}
	if (!rc && m->first_last && m->first_last != 'C' && m->first_last != 'F')
		rc = problem(env, unh, "invalid first and last transfer code '%s' in UNH",
			     edifact_quote(edifact_component(unh, 4, 1), q));
	return rc;
}

static int open_message(struct envelope *env, struct edifact_segment *unh)
{
	struct edifact_interchange *ic = env->ic;
	struct edifact_message *m;
	const char *first_last = edifact_component(unh, 4, 1);
	int rc = 0;

	if (env->msg)
		rc = end_unterminated(env, unh - 1);
	if (rc)
		return rc;
	m = &ic->messages[ic->message_count++];
	m->reference = edifact_element(unh, 1);
	m->type = edifact_component(unh, 2, 0);
	m->version = edifact_component(unh, 2, 1);
	m->release = edifact_component(unh, 2, 2);
	m->agency = edifact_component(unh, 2, 3);
	m->association = edifact_component(unh, 2, 4);
	m->access_ref = edifact_element(unh, 3);
	m->first_last = strlen(first_last) == 1 ? first_last[0] : (*first_last ? '?' : '\0');
	m->group = env->ung ? ic->group_count : 0;
	m->segments = unh;
	m->segment_count = 1;
	unh->message = m;
	unh->message_position = 1;
	env->msg = m;
	if (env->ung)
		env->group_messages++;
	else
		env->bare_messages++;
	if (!env->ung && ic->group_count)
		rc = problem(env, unh, "message outside any group in an interchange with groups");
	return rc ? rc : check_unh(env, m, unh);
}

static void join_message(struct envelope *env, struct edifact_segment *seg)
{
	env->msg->segment_count++;
	seg->message = env->msg;
	seg->message_position = env->msg->segment_count;
}

static int close_message(struct envelope *env, struct edifact_segment *unt)
{
	struct edifact_message *m = env->msg;
	int rc;

	if (!m)
		return problem(env, unt, "UNT outside any message");
	join_message(env, unt);
	m->has_trailer = true;
	env->msg = NULL;
	rc = check_count(env, unt, m->segment_count, "segment");
	return rc ? rc : check_ref(env, unt, m->reference, "UNH");
}

static int open_group(struct envelope *env, const struct edifact_segment *ung)
{
	int rc = close_open(env, ung, true);

	if (rc)
		return rc;
	env->ic->group_count++;
	env->ung = ung;
	env->group_messages = 0;
	if (env->bare_messages)
		rc = problem(env, ung,
			     "group after messages outside any group: an interchange "
			     "holds either groups or messages");
	if (!rc && !*edifact_element(ung, 5))
		rc = problem(env, ung, "missing group reference (0048) in UNG");
	return rc;
}

static int close_group(struct envelope *env, const struct edifact_segment *une)
{
	const struct edifact_segment *ung = env->ung;
	int rc = close_open(env, une, false);

	if (rc)
		return rc;
	if (!ung)
		return problem(env, une, "UNE outside any group");
	env->ung = NULL;
	rc = check_count(env, une, env->group_messages, "message");
	return rc ? rc : check_ref(env, une, edifact_element(ung, 5), "UNG");
}

static int close_interchange(struct envelope *env, const struct edifact_segment *unz)
{
	struct edifact_interchange *ic = env->ic;
	int rc = close_open(env, unz, true);

	env->closed = true;
	if (!rc)
		rc = check_count(env, unz, ic->group_count ? ic->group_count : ic->message_count,
				 ic->group_count ? "group" : "message");
	return rc ? rc : check_ref(env, unz, ic->header.control_ref, "UNB");
}

static bool tag_valid(const char *tag)
{
	if (strlen(tag) != 3)
		return false;
	for (int i = 0; i < 3; i++)
		if (!(tag[i] >= 'A' && tag[i] <= 'Z') && !(tag[i] >= '0' && tag[i] <= '9'))
			return false;
	return true;
}

static int envelope_segment(struct envelope *env, struct edifact_segment *seg)
{
	const char *tag = seg->tag;
	char q[EDIFACT_QUOTE_LEN];

	if (env->closed)
		return problem(env, seg, "segment '%s' after the interchange trailer (UNZ)",
			       edifact_quote(tag, q));
	if (strcmp(tag, "UNH") == 0)
		return open_message(env, seg);
	if (strcmp(tag, "UNT") == 0)
		return close_message(env, seg);
	if (strcmp(tag, "UNG") == 0)
		return open_group(env, seg);
	if (strcmp(tag, "UNE") == 0)
		return close_group(env, seg);
	if (strcmp(tag, "UNZ") == 0)
		return close_interchange(env, seg);
	if (strcmp(tag, "UNB") == 0) {
		int rc = close_open(env, seg, true);
		return rc ? rc :
			    problem(env, seg,
				    "second interchange header (UNB): one "
				    "interchange is read per input");
	}
	if (!env->msg)
		return problem(env, seg, "segment '%s' outside any message", edifact_quote(tag, q));
	join_message(env, seg);
	return 0;
}

static int check_tag(struct envelope *env, const struct edifact_segment *seg)
{
	char q[EDIFACT_QUOTE_LEN];

	if (tag_valid(seg->tag))
		return 0;
	if (!*seg->tag)
		return problem(env, seg, "empty segment tag");
	return problem(env, seg, "invalid segment tag '%s'", edifact_quote(seg->tag, q));
}

static int check_unb(struct envelope *env)
{
	const struct edifact_header *h = &env->ic->header;
	const struct edifact_segment *unb = &env->ic->segments[0];
	struct edifact_datetime when;
	char q[EDIFACT_QUOTE_LEN];
	int rc = 0;

	if (!*h->syntax_id || !*h->syntax_version)
		rc = problem(env, unb, "missing syntax identifier or version (S001) in UNB");
	if (!rc && (!*h->sender || !*h->recipient))
		rc = problem(env, unb, "missing sender or recipient (S002, S003) in UNB");
	if (!rc && !*h->control_ref)
		rc = problem(env, unb, "missing interchange control reference (0020) in UNB");
	if (!rc && edifact_reference_date(env->ic, &when))
		rc = problem(env, unb, "invalid preparation date '%s' in UNB",
			     edifact_quote(h->prepared_date, q));
	return rc;
}

static size_t count_tag(const struct edifact_interchange *ic, const char *tag)
{
	size_t n = 0;

	for (size_t i = 0; i < ic->segment_count; i++)
		n += strcmp(ic->segments[i].tag, tag) == 0;
	return n;
}

static int check_envelope(struct edifact_interchange *ic)
{
	struct envelope env = { .ic = ic };
	const struct edifact_segment *last;
	int rc;

	ic->messages = rics_calloc(count_tag(ic, "UNH"), sizeof(*ic->messages));
	if (!ic->messages)
		return -ENOMEM;
	rc = check_unb(&env);
	for (size_t i = 0; !rc && i < ic->segment_count; i++) {
		if (i > 0)
			rc = envelope_segment(&env, &ic->segments[i]);
		if (!rc)
			rc = check_tag(&env, &ic->segments[i]);
	}
	last = &ic->segments[ic->segment_count - 1];
	if (!rc && env.msg)
		rc = end_unterminated(&env, last);
	if (!rc && env.ung)
		rc = end_ungrouped(&env, last);
	if (!rc && !env.closed)
		rc = problem(&env, last, "missing UNZ: the interchange has no trailer");
	return rc;
}

/* ---- reading ------------------------------------------------------------- */

static void parser_release(struct parser *p)
{
	strbuf_release(&p->text);
	rics_free(p->segs);
	rics_free(p->els);
	rics_free(p->comps);
}

static void report_problems(const struct edifact_problems *problems, struct strbuf *errors)
{
	if (!errors)
		return;
	for (size_t i = 0; i < problems->count; i++) {
		if (problems->items[i].segment)
			strbuf_addf(errors, "segment %zu: ", problems->items[i].segment);
		strbuf_addf(errors, "%s\n", problems->items[i].text);
	}
	if (problems->dropped)
		strbuf_addf(errors, "%zu more problems not listed\n", problems->dropped);
}

static int read_interchange(struct parser *p, struct edifact_interchange *ic)
{
	int rc = read_service_advice(p);

	if (!rc)
		rc = read_segments(p);
	if (!rc && p->nsegs == 0)
		rc = parser_fail(p, RICS_E_MALFORMED, "truncated input: no complete segment");
	if (!rc)
		rc = finish(p, ic);
	if (rc)
		return rc;
	read_header(ic, p);
	return check_envelope(ic);
}

int edifact_parse_limited(const char *data, size_t len, const struct edifact_limits *limits,
			  struct edifact_interchange **out, struct strbuf *errors)
{
	struct parser p = { .data = data, .len = len, .limits = limits, .errors = errors };
	struct edifact_interchange *ic;
	int rc;

	if (len > limits->max_input || len > SIZE_MAX / 4)
		return parser_fail(&p, RICS_E_TOO_LARGE,
				   "input of %zu bytes is over the limit of "
				   "%zu",
				   len, limits->max_input);
	ic = rics_calloc(1, sizeof(*ic));
	if (!ic)
		return parser_fail(&p, -ENOMEM, "out of memory");
	edifact_problems_init(&ic->problems, limits->max_problems);
	p.problems = &ic->problems;
	strbuf_init(&p.text, 2 * len + 16);
	rc = read_interchange(&p, ic);
	parser_release(&p);
	if (rc) {
		p.nsegs = 0;
		if (rc == -ENOMEM)
			parser_fail(&p, rc, "out of memory");
		edifact_interchange_free(ic);
		return rc;
	}
	report_problems(&ic->problems, errors);
	*out = ic;
	return 0;
}

int edifact_parse(const char *data, size_t len, struct edifact_interchange **out,
		  struct strbuf *errors)
{
	return edifact_parse_limited(data, len, &edifact_default_limits, out, errors);
}

void edifact_interchange_free(struct edifact_interchange *ic)
{
	if (!ic)
		return;
	edifact_problems_release(&ic->problems);
	rics_free(ic->messages);
	rics_free(ic->segments);
	rics_free(ic->elements);
	rics_free(ic->components);
	rics_free(ic->text);
	rics_free(ic);
}

/* ---- accessors ----------------------------------------------------------- */

const struct edifact_header *edifact_interchange_header(const struct edifact_interchange *ic)
{
	return &ic->header;
}

size_t edifact_segment_count(const struct edifact_interchange *ic)
{
	return ic->segment_count;
}

const struct edifact_segment *edifact_segment_at(const struct edifact_interchange *ic, size_t i)
{
	return i < ic->segment_count ? &ic->segments[i] : NULL;
}

size_t edifact_message_count(const struct edifact_interchange *ic)
{
	return ic->message_count;
}

const struct edifact_message *edifact_message_at(const struct edifact_interchange *ic, size_t i)
{
	return i < ic->message_count ? &ic->messages[i] : NULL;
}

size_t edifact_group_count(const struct edifact_interchange *ic)
{
	return ic->group_count;
}

const struct edifact_problems *edifact_interchange_problems(const struct edifact_interchange *ic)
{
	return &ic->problems;
}

const char *edifact_component(const struct edifact_segment *seg, size_t i, size_t j)
{
	if (i >= seg->element_count || j >= seg->elements[i].component_count)
		return "";
	return seg->elements[i].components[j].str;
}

const char *edifact_element(const struct edifact_segment *seg, size_t i)
{
	return edifact_component(seg, i, 0);
}

bool edifact_segment_is(const struct edifact_segment *seg, const char *tag, const char *qualifier)
{
	if (strcmp(seg->tag, tag) != 0)
		return false;
	return !qualifier || strcmp(edifact_element(seg, 1), qualifier) == 0;
}

/* ---- text to UTF-8 ------------------------------------------------------- */

enum charset {
	CHARSET_ASCII,
	CHARSET_LATIN1,
	CHARSET_LATIN2,
	CHARSET_CYRILLIC,
	CHARSET_UTF8,
	CHARSET_UNKNOWN
};

static enum charset charset_of(const char *syntax_id)
{
	static const struct {
		const char *id;
		enum charset cs;
	} table[] = {
		{ "UNOA", CHARSET_ASCII },    { "UNOB", CHARSET_ASCII },
		{ "IATA", CHARSET_ASCII },    { "IATB", CHARSET_ASCII },
		{ "UNOC", CHARSET_LATIN1 },   { "UNOD", CHARSET_LATIN2 },
		{ "UNOE", CHARSET_CYRILLIC }, { "UNOW", CHARSET_UTF8 },
		{ "UNOY", CHARSET_UTF8 },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(syntax_id, table[i].id) == 0)
			return table[i].cs;
	return CHARSET_UNKNOWN;
}

/* ISO 8859-2, 0xA0 to 0xFF. */
static const uint16_t latin2_high[96] = {
	0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7, 0x00A8, 0x0160, 0x015E,
	0x0164, 0x0179, 0x00AD, 0x017D, 0x017B, 0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E,
	0x015B, 0x02C7, 0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C, 0x0154,
	0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7, 0x010C, 0x00C9, 0x0118, 0x00CB,
	0x011A, 0x00CD, 0x00CE, 0x010E, 0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6,
	0x00D7, 0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF, 0x0155, 0x00E1,
	0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7, 0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B,
	0x00ED, 0x00EE, 0x010F, 0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
	0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};

#define REPLACEMENT_CHARACTER 0xFFFD

/* The code point of byte b (>= 0x80) in a single-byte set. */
static uint32_t high_byte(enum charset cs, unsigned char b)
{
	if (b < 0xA0)
		return cs == CHARSET_ASCII || cs == CHARSET_UNKNOWN ? REPLACEMENT_CHARACTER : b;
	switch (cs) {
	case CHARSET_LATIN1: return b;
	case CHARSET_LATIN2: return latin2_high[b - 0xA0];
	case CHARSET_CYRILLIC:
		if (b == 0xA0 || b == 0xAD)
			return b;
		if (b == 0xF0)
			return 0x2116; /* NUMERO SIGN */
		if (b == 0xFD)
			return 0x00A7; /* SECTION SIGN */
		return 0x360u + b;
	default: return REPLACEMENT_CHARACTER;
	}
}

/* Length of the well-formed UTF-8 sequence at s (n bytes left), 0 if none. */
static size_t utf8_sequence(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1Fu;
		min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0Fu;
		min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07u;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int edifact_text_utf8(const struct edifact_interchange *ic, const char *text, size_t len,
		      struct strbuf *out)
{
	enum charset cs = charset_of(ic->header.syntax_id);
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	int rc = 0;

	while (!rc && i < len) {
		uint32_t cp = s[i];
		size_t step = 1;

		if (s[i] >= 0x80 && cs == CHARSET_UTF8) {
			step = utf8_sequence(s + i, len - i, &cp);
			if (!step) {
				step = 1;
				cp = REPLACEMENT_CHARACTER;
			}
		} else if (s[i] >= 0x80) {
			cp = high_byte(cs, s[i]);
		}
		rc = rics_text_put_utf8(out, cp);
		i += step;
	}
	return rc;
}

/* ---- multi-part transfers ------------------------------------------------ */

/* Messages with S010 sort after those without, by access reference, then
 * in interchange order (pointers into one array compare in that order). */
static int compare_by_ref(const void *a, const void *b)
{
	const struct edifact_message *x = *(const struct edifact_message *const *)a;
	const struct edifact_message *y = *(const struct edifact_message *const *)b;
	int c;

	if ((x->sequence != 0) != (y->sequence != 0))
		return x->sequence ? 1 : -1;
	if (x->sequence) {
		c = strcmp(x->access_ref, y->access_ref);
		if (c)
			return c;
	}
	return x < y ? -1 : x > y;
}

static int compare_by_sequence(const void *a, const void *b)
{
	const struct edifact_message *x = *(const struct edifact_message *const *)a;
	const struct edifact_message *y = *(const struct edifact_message *const *)b;

	if (x->sequence != y->sequence)
		return x->sequence < y->sequence ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int compare_by_first_part(const void *a, const void *b)
{
	const struct edifact_transfer *x = a, *y = b;

	return x->parts[0] < y->parts[0] ? -1 : x->parts[0] > y->parts[0];
}

/* Does m start a new transfer after the parts in t (has_part_one: t holds
 * a part 1)? */
static bool starts_transfer(const struct edifact_transfer *t, bool has_part_one,
			    const struct edifact_message *m)
{
	const struct edifact_message *prev = t->parts[t->part_count - 1];

	if (!m->sequence || !prev->sequence || prev->first_last == 'F')
		return true;
	if (strcmp(prev->access_ref, m->access_ref) != 0)
		return true;
	return m->sequence == 1 && has_part_one; /* a second part 1: a new transmission */
}

/* Split storage (sorted by compare_by_ref) into transfers. */
static void split_transfers(struct edifact_transfers *out, size_t n)
{
	struct edifact_transfer *t = NULL;
	bool has_part_one = false;

	for (size_t i = 0; i < n; i++) {
		const struct edifact_message *m = out->storage[i];
		if (!t || starts_transfer(t, has_part_one, m)) {
			t = &out->items[out->count++];
			t->parts = &out->storage[i];
			t->part_count = 0;
			has_part_one = false;
		}
		t->part_count++;
		has_part_one = has_part_one || m->sequence == 1;
	}
}

static int check_transfer(const struct edifact_transfer *t, struct edifact_problems *problems)
{
	const struct edifact_message *last = t->parts[t->part_count - 1];
	char q[EDIFACT_QUOTE_LEN];
	unsigned want = 1;
	int rc = 0;

	if (!t->parts[0]->sequence)
		return 0;
	edifact_quote(t->parts[0]->access_ref, q);
	for (size_t i = 0; !rc && i < t->part_count; i++) {
		const struct edifact_message *m = t->parts[i];
		if (m->sequence < want)
			rc = edifact_problems_add(problems, &m->segments[0],
						  "duplicate part %u of "
						  "multi-part message '%s'",
						  m->sequence, q);
		else if (m->sequence == want + 1)
			rc = edifact_problems_add(problems, &m->segments[0],
						  "missing part %u of "
						  "multi-part message '%s'",
						  want, q);
		else if (m->sequence > want)
			rc = edifact_problems_add(problems, &m->segments[0],
						  "missing parts %u to %u "
						  "of multi-part message '%s'",
						  want, m->sequence - 1, q);
		want = m->sequence + 1;
	}
	if (!rc && last->first_last != 'F')
		rc = edifact_problems_add(problems, &last->segments[0],
					  "missing final part (F) of "
					  "multi-part message '%s': the last part here is %u",
					  q, last->sequence);
	return rc;
}

int edifact_transfers_collect(const struct edifact_interchange *ic, const char *type,
			      struct edifact_problems *problems, struct edifact_transfers *out)
{
	struct edifact_transfers t = { 0 };
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < ic->message_count; i++)
		n += strcmp(ic->messages[i].type, type) == 0;
	t.storage = rics_calloc(n, sizeof(*t.storage));
	t.items = rics_calloc(n, sizeof(*t.items));
	if (!t.storage || !t.items) {
		edifact_transfers_release(&t);
		return -ENOMEM;
	}
	for (size_t i = 0, k = 0; i < ic->message_count; i++)
		if (strcmp(ic->messages[i].type, type) == 0)
			t.storage[k++] = &ic->messages[i];
	qsort(t.storage, n, sizeof(*t.storage), compare_by_ref);
	split_transfers(&t, n);
	qsort(t.items, t.count, sizeof(*t.items), compare_by_first_part);
	for (size_t i = 0; !rc && i < t.count; i++) {
		qsort(t.items[i].parts, t.items[i].part_count, sizeof(*t.items[i].parts),
		      compare_by_sequence);
		rc = check_transfer(&t.items[i], problems);
	}
	if (rc) {
		edifact_transfers_release(&t);
		return rc;
	}
	*out = t;
	return 0;
}

void edifact_transfers_release(struct edifact_transfers *t)
{
	rics_free(t->items);
	rics_free(t->storage);
	t->items = NULL;
	t->storage = NULL;
	t->count = 0;
}

/* ---- dates --------------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int edifact_year_resolve(int yy, int month, int day, const struct edifact_datetime *ref,
			 enum edifact_century rule, int *year)
{
	int y;

	if (!ref || ref->year < 100 || yy < 0 || yy > 99)
		return RICS_E_INVALID;
	y = ref->year / 100 * 100 + yy;
	if (rule == EDIFACT_CENTURY_PAST) {
		if (y > ref->year || (y == ref->year && (month > ref->month ||
							 (month == ref->month && day > ref->day))))
			y -= 100;
	} else if (y > ref->year + 50) {
		y -= 100;
	} else if (y < ref->year - 49) {
		y += 100;
	}
	*year = y;
	return 0;
}

static bool datetime_valid(const struct edifact_datetime *dt)
{
	return dt->year >= 1 && rics_date_valid(dt->year, dt->month, dt->day) && dt->hour < 24 &&
	       dt->minute < 60 && dt->second < 60;
}

/* Digits of each format: year digits (2 or 4) and whether time follows. */
struct dtm_format {
	const char *code;
	size_t len;
	size_t year_digits;
	size_t time_digits; /* 0, 4 (HHMM) or 6 (HHMMSS) */
};

static const struct dtm_format dtm_formats[] = {
	{ "101", 6, 2, 0 },  { "102", 8, 4, 0 },  { "201", 10, 2, 4 },
	{ "203", 12, 4, 4 }, { "204", 14, 4, 6 },
};

static const struct dtm_format *dtm_format_find(const char *code, size_t len)
{
	for (size_t i = 0; i < sizeof(dtm_formats) / sizeof(dtm_formats[0]); i++) {
		const struct dtm_format *f = &dtm_formats[i];
		if (*code ? strcmp(code, f->code) == 0 : len == f->len)
			return f;
	}
	return NULL;
}

int edifact_dtm_parse(const char *value, const char *format, const struct edifact_datetime *ref,
		      enum edifact_century rule, struct edifact_datetime *out)
{
	const struct dtm_format *f;
	struct edifact_datetime dt = { 0 };
	size_t len;
	const char *s = value, *t;

	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	f = dtm_format_find(format, len);
	if (!f || len != f->len || !all_digits(s, len))
		return RICS_E_INVALID;
	dt.year = digits_value(s, f->year_digits);
	t = s + f->year_digits;
	dt.month = digits_value(t, 2);
	dt.day = digits_value(t + 2, 2);
	if (f->year_digits == 2 &&
	    edifact_year_resolve(dt.year, dt.month, dt.day, ref, rule, &dt.year))
		return RICS_E_INVALID;
	if (f->time_digits) {
		dt.has_time = true;
		dt.hour = digits_value(t + 4, 2);
		dt.minute = digits_value(t + 6, 2);
	}
	if (f->time_digits == 6) {
		dt.has_seconds = true;
		dt.second = digits_value(t + 8, 2);
	}
	if (!datetime_valid(&dt))
		return RICS_E_INVALID;
	*out = dt;
	return 0;
}

int edifact_reference_date(const struct edifact_interchange *ic, struct edifact_datetime *out)
{
	const char *d = ic->header.prepared_date, *t = ic->header.prepared_time;
	struct edifact_datetime dt = { 0 };
	size_t len = strlen(d);

	if ((len != 6 && len != 8) || !all_digits(d, len))
		return RICS_E_INVALID;
	dt.year = len == 6 ? 2000 + digits_value(d, 2) : digits_value(d, 4);
	dt.month = digits_value(d + len - 4, 2);
	dt.day = digits_value(d + len - 2, 2);
	if (strlen(t) == 4 && all_digits(t, 4)) {
		dt.has_time = true;
		dt.hour = digits_value(t, 2);
		dt.minute = digits_value(t + 2, 2);
	}
	if (!datetime_valid(&dt))
		return RICS_E_INVALID;
	*out = dt;
	return 0;
}

void edifact_datetime_format(const struct edifact_datetime *dt, char out[EDIFACT_DATETIME_LEN])
{
	unsigned y = (unsigned)dt->year % 10000, mo = (unsigned)dt->month % 100;
	unsigned d = (unsigned)dt->day % 100, h = (unsigned)dt->hour % 100;
	unsigned mi = (unsigned)dt->minute % 100, s = (unsigned)dt->second % 100;

	if (dt->has_seconds)
		snprintf(out, EDIFACT_DATETIME_LEN, "%04u-%02u-%02uT%02u:%02u:%02u", y, mo, d, h,
			 mi, s);
	else if (dt->has_time)
		snprintf(out, EDIFACT_DATETIME_LEN, "%04u-%02u-%02uT%02u:%02u", y, mo, d, h, mi);
	else
		snprintf(out, EDIFACT_DATETIME_LEN, "%04u-%02u-%02u", y, mo, d);
}

/* ---- output helpers for the message readers ------------------------------ */

void edifact_problems_sort(struct edifact_problems *p)
{
	for (size_t i = 1; i < p->count; i++) {
		struct edifact_problem item = p->items[i];
		size_t j = i;
		while (j > 0 && p->items[j - 1].segment > item.segment) {
			p->items[j] = p->items[j - 1];
			j--;
		}
		p->items[j] = item;
	}
}

static int problem_copy(struct edifact_problems *to, const struct edifact_problem *from)
{
	return problems_add_full(to, from->segment, from->message_segment, from->text);
}

/* Copy each problem of from into the list of the transfer holding the
 * message its segment belongs to, or into rest when none does. */
static int problems_split(const struct edifact_interchange *ic, const struct edifact_problems *from,
			  const struct edifact_transfers *transfers,
			  struct edifact_problems *per_transfer, struct edifact_problems *rest)
{
	const struct edifact_problems *all = from;
	size_t *owner = rics_calloc(ic->message_count, sizeof(*owner)); /* transfer + 1 */
	int rc = 0;

	if (!owner)
		return -ENOMEM;
	for (size_t i = 0; i < transfers->count; i++)
		for (size_t j = 0; j < transfers->items[i].part_count; j++)
			owner[transfers->items[i].parts[j] - ic->messages] = i + 1;
	for (size_t i = 0; !rc && i < all->count; i++) {
		const struct edifact_problem *pr = &all->items[i];
		const struct edifact_segment *seg =
			pr->segment ? edifact_segment_at(ic, pr->segment - 1) : NULL;
		size_t t = seg && seg->message ? owner[seg->message - ic->messages] : 0;
		rc = problem_copy(t ? &per_transfer[t - 1] : rest, pr);
	}
	rest->dropped += all->dropped;
	rics_free(owner);
	return rc;
}

void edifact_transfer_set_release(struct edifact_transfer_set *set)
{
	for (size_t i = 0; set->problems && i < set->transfers.count; i++)
		edifact_problems_release(&set->problems[i]);
	rics_free(set->problems);
	set->problems = NULL;
	edifact_problems_release(&set->rest);
	edifact_transfers_release(&set->transfers);
}

static int transfer_set_fill(struct edifact_transfer_set *set, const struct edifact_interchange *ic,
			     const char *type, struct edifact_problems *joining,
			     size_t max_problems)
{
	int rc = edifact_transfers_collect(ic, type, joining, &set->transfers);

	if (rc)
		return rc;
	set->problems = rics_calloc(set->transfers.count, sizeof(*set->problems));
	if (!set->problems)
		return -ENOMEM;
	for (size_t i = 0; i < set->transfers.count; i++)
		edifact_problems_init(&set->problems[i], max_problems);
	rc = problems_split(ic, &ic->problems, &set->transfers, set->problems, &set->rest);
	return rc ? rc : problems_split(ic, joining, &set->transfers, set->problems, &set->rest);
}

int edifact_transfer_set_init(struct edifact_transfer_set *set,
			      const struct edifact_interchange *ic, const char *type,
			      size_t max_problems)
{
	struct edifact_transfer_set s = { 0 };
	struct edifact_problems joining;
	int rc;

	edifact_problems_init(&joining, max_problems);
	edifact_problems_init(&s.rest, max_problems);
	rc = transfer_set_fill(&s, ic, type, &joining, max_problems);
	edifact_problems_release(&joining);
	if (rc) {
		edifact_transfer_set_release(&s);
		return rc;
	}
	*set = s;
	return 0;
}

static json_t *problem_json(size_t segment, size_t message_segment, const char *text)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (edifact_json_set(o, "segment",
			     segment ? json_integer((json_int_t)segment) : json_null()) ||
	    (message_segment &&
	     edifact_json_set(o, "message_segment", json_integer((json_int_t)message_segment))) ||
	    edifact_json_set(o, "message", json_string(text))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *edifact_json_problems(const struct edifact_problems *p)
{
	json_t *a = json_array();
	char more[64];
	int rc = a ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < p->count; i++)
		rc = edifact_json_append(a, problem_json(p->items[i].segment,
							 p->items[i].message_segment,
							 p->items[i].text));
	if (!rc && p->dropped) {
		snprintf(more, sizeof(more), "%zu more problems not listed", p->dropped);
		rc = edifact_json_append(a, problem_json(0, 0, more));
	}
	if (rc) {
		json_decref(a);
		return NULL;
	}
	return a;
}

json_t *edifact_json_text(const struct edifact_interchange *ic, const char *raw)
{
	struct strbuf sb;
	size_t len = strlen(raw);
	json_t *v;

	while (*raw == ' ') {
		raw++;
		len--;
	}
	while (len && raw[len - 1] == ' ')
		len--;
	if (!len)
		return json_null();
	strbuf_init(&sb, 0);
	if (edifact_text_utf8(ic, raw, len, &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	v = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return v;
}

int edifact_json_set(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return -ENOMEM;
	return json_object_set_new(obj, key, value) ? -ENOMEM : 0;
}

int edifact_json_append(json_t *array, json_t *value)
{
	if (!value)
		return -ENOMEM;
	return json_array_append_new(array, value) ? -ENOMEM : 0;
}

int edifact_json_set_text(json_t *obj, const char *key, const struct edifact_interchange *ic,
			  const char *raw)
{
	return edifact_json_set(obj, key, edifact_json_text(ic, raw));
}

int edifact_json_set_datetime(json_t *obj, const char *key, const struct edifact_datetime *dt)
{
	char text[EDIFACT_DATETIME_LEN];

	if (!dt)
		return edifact_json_set(obj, key, json_null());
	edifact_datetime_format(dt, text);
	return edifact_json_set(obj, key, json_string(text));
}

int edifact_read_transfers(const struct edifact_interchange *ic, const char *type,
			   size_t max_problems, size_t max_travellers,
			   edifact_transfer_reader read, json_t **out)
{
	struct edifact_transfer_set set = { 0 };
	json_t *result = json_object(), *list;
	size_t travellers_left = max_travellers;
	int rc;

	if (!result)
		return -ENOMEM;
	rc = edifact_json_set(result, "manifests", list = json_array());
	if (!rc)
		rc = edifact_transfer_set_init(&set, ic, type, max_problems);
	for (size_t i = 0; !rc && i < set.transfers.count; i++)
		rc = read(ic, &set.transfers.items[i], &set.problems[i], &travellers_left, list);
	if (!rc && set.transfers.count == 0)
		rc = edifact_problems_add(&set.rest, NULL, "no %s message in the interchange", type);
	if (!rc) {
		edifact_problems_sort(&set.rest);
		rc = edifact_json_set(result, "errors", edifact_json_problems(&set.rest));
	}
	edifact_transfer_set_release(&set);
	if (rc) {
		json_decref(result);
		return rc;
	}
	*out = result;
	return 0;
}

int edifact_json_set_nulls(json_t *obj, const char *const *keys)
{
	int rc = 0;
	for (size_t i = 0; !rc && keys[i]; i++)
		rc = edifact_json_set(obj, keys[i], json_null());
	return rc;
}
