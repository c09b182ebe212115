// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for the UN/EDIFACT reader of ingest/edifact.h and the PAXLST
 * and PNRGOV readers over it, which read what airlines and reservation
 * systems push to the border liaison office: bytes nobody here controls.
 *
 * Besides memory safety it checks the contracts: edifact_parse fails only
 * with RICS_E_MALFORMED or RICS_E_TOO_LARGE (no allocation fails here),
 * always explained, and never sets *out then; on success the documented
 * invariants of segments, elements, components, messages and problems hold
 * and every problem is also a line of the errors text; both message readers
 * succeed on any interchange, and their JSON serialises (so every string in
 * it is valid UTF-8) with every error naming a segment that exists.
 */
#include "fuzz.h"

#include "core/error.h"
#include "core/strbuf.h"
#include "ingest/edifact.h"
#include "ingest/paxlst.h"
#include "ingest/pnrgov.h"

#include <string.h>

static void check_segment(const struct edifact_interchange *ic, size_t i)
{
	const struct edifact_segment *seg = edifact_segment_at(ic, i);

	FUZZ_CHECK(seg && seg->position == i + 1, "segment %zu misplaced", i);
	FUZZ_CHECK(seg->element_count >= 1, "segment %zu has no elements", i);
	FUZZ_CHECK(seg->tag == seg->elements[0].components[0].str, "segment %zu tag", i);
	for (size_t e = 0; e < seg->element_count; e++) {
		const struct edifact_element *el = &seg->elements[e];
		FUZZ_CHECK(el->component_count >= 1, "segment %zu element %zu is empty", i, e);
		for (size_t c = 0; c < el->component_count; c++)
			FUZZ_CHECK(strlen(el->components[c].str) == el->components[c].len,
				   "segment %zu element %zu component %zu length", i, e, c);
		FUZZ_CHECK(*edifact_component(seg, e, el->component_count) == '\0',
			   "a component past the end is not empty");
	}
	FUZZ_CHECK((seg->message == NULL) == (seg->message_position == 0),
		   "segment %zu: message %p at position %zu", i, (const void *)seg->message,
		   seg->message_position);
	if (seg->message)
		FUZZ_CHECK(seg->message_position <= seg->message->segment_count &&
				   &seg->message->segments[seg->message_position - 1] == seg,
			   "segment %zu is not where its message says", i);
}

static void check_utf8(const struct edifact_interchange *ic, const char *s)
{
	struct strbuf out;
	json_t *j;

	strbuf_init(&out, 0);
	FUZZ_CHECK(edifact_text_utf8(ic, s, strlen(s), &out) == 0, "conversion failed");
	j = json_stringn(out.buf, out.len);
	FUZZ_CHECK(j != NULL, "conversion of '%s' is not valid UTF-8", s);
	json_decref(j);
	strbuf_release(&out);
}

static void check_interchange(const struct edifact_interchange *ic, const struct strbuf *errors)
{
	const struct edifact_problems *p = edifact_interchange_problems(ic);
	size_t n = edifact_segment_count(ic), lines = 0;

	FUZZ_CHECK(n >= 1 && strcmp(edifact_segment_at(ic, 0)->tag, "UNB") == 0,
		   "the first segment is not UNB");
	for (size_t i = 0; i < n; i++)
		check_segment(ic, i);
	for (size_t i = 0; i < edifact_message_count(ic); i++) {
		const struct edifact_message *m = edifact_message_at(ic, i);
		FUZZ_CHECK(m->segment_count >= 1 && strcmp(m->segments[0].tag, "UNH") == 0,
			   "message %zu does not start with UNH", i);
		check_utf8(ic, m->reference);
	}
	FUZZ_CHECK(p->count <= p->max, "%zu problems over %zu", p->count, p->max);
	for (size_t i = 0; i < p->count; i++)
		FUZZ_CHECK(*p->items[i].text && p->items[i].segment <= n + 1,
			   "problem %zu: segment %zu of %zu", i, p->items[i].segment, n);
	for (size_t i = 0; i < errors->len; i++)
		lines += errors->buf[i] == '\n';
	FUZZ_CHECK(lines == p->count + (p->dropped > 0), "%zu error lines for %zu problems", lines,
		   p->count);
}

static void check_errors(json_t *errors, size_t segments)
{
	size_t i;
	json_t *e;

	FUZZ_CHECK(json_is_array(errors), "errors is not an array");
	json_array_foreach(errors, i, e) {
		json_t *seg = json_object_get(e, "segment");
		FUZZ_CHECK(json_is_null(seg) || (json_integer_value(seg) >= 1 &&
						 (size_t)json_integer_value(seg) <= segments + 1),
			   "error %zu names no segment of the interchange", i);
		FUZZ_CHECK(json_is_string(json_object_get(e, "message")), "error %zu", i);
	}
}

typedef int (*message_reader)(const struct edifact_interchange *ic, json_t **out);

static void check_reader(const struct edifact_interchange *ic, message_reader read,
			 const char *what)
{
	size_t segments = edifact_segment_count(ic), i;
	json_t *j = NULL, *m;
	char *dump;
	int rc = read(ic, &j);

	FUZZ_CHECK(rc == 0, "%s returned %d", what, rc);
	dump = json_dumps(j, 0);
	FUZZ_CHECK(dump != NULL, "the %s JSON does not serialise", what);
	free(dump);
	check_errors(json_object_get(j, "errors"), segments);
	json_array_foreach(json_object_get(j, "manifests"), i, m)
		check_errors(json_object_get(m, "errors"), segments);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct edifact_interchange *ic = NULL;
	struct strbuf errors;
	int rc;

	strbuf_init(&errors, 0);
	rc = edifact_parse((const char *)data, size, &ic, &errors);
	if (rc) {
		FUZZ_CHECK(rc == RICS_E_MALFORMED || rc == RICS_E_TOO_LARGE, "returned %d", rc);
		FUZZ_CHECK(ic == NULL, "*out set on failure");
		FUZZ_CHECK(errors.len > 0, "failure %d without an explanation", rc);
		strbuf_release(&errors);
		return 0;
	}
	check_interchange(ic, &errors);
	check_reader(ic, paxlst_read, "paxlst_read");
	check_reader(ic, pnrgov_read, "pnrgov_read");
	edifact_interchange_free(ic);
	strbuf_release(&errors);
	return 0;
}
