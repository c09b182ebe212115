// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for the JSON Lines reader of ingest/jsonl.h, which reads
 * every JSONL file `rics import` and `rics screen` are given.
 *
 * Besides memory safety it checks the contract: every call ends in an
 * object, a refusal with a reason, or the end; no string of an object
 * carries a NUL byte, and the object dumps and loads back equal; line
 * numbers only go forward; and the reader reaches the end.
 */
#include "fuzz.h"

#include "ingest/jsonl.h"

#include <stdio.h>
#include <string.h>

/* No string in v (at any depth) carries a NUL byte: the code after the
 * reader takes them as C strings. */
static int no_nul(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;
	if (json_is_string(v))
		return strlen(json_string_value(v)) == json_string_length(v);
	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (!no_nul(item))
				return 0;
	}
	if (json_is_object(v)) {
		json_object_foreach(v, key, item)
			if (!no_nul(item))
				return 0;
	}
	return 1;
}

static void check_object(json_t *o, unsigned long line)
{
	char *dump;
	json_t *back;
	FUZZ_CHECK(json_is_object(o), "line %lu: not an object", line);
	FUZZ_CHECK(no_nul(o), "line %lu: a string with a NUL byte", line);
	dump = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	FUZZ_CHECK(dump != NULL, "line %lu: the object does not dump", line);
	back = json_loads(dump, JSON_REJECT_DUPLICATES, NULL);
	FUZZ_CHECK(back && json_equal(o, back), "line %lu: the object does not load back", line);
	json_decref(back);
	free(dump);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonl_reader r;
	FILE *f;
	json_t *o;
	unsigned long last = 0;
	size_t steps = 0;
	int rc;

	if (!(f = fuzz_fopen(data, size)))
		return 0;
	jsonl_reader_init(&r, f);
	while ((rc = jsonl_next(&r, &o)) != 0) {
		/* a line is one object or one refusal: numbers strictly grow */
		FUZZ_CHECK(r.line_no > last, "line went from %lu to %lu", last, r.line_no);
		fuzz_reader_step(rc, r.line_no, r.error, &last, &steps, size);
		if (rc == 1) {
			check_object(o, r.line_no);
			json_decref(o);
		}
	}
	jsonl_reader_release(&r);
	fclose(f);
	return 0;
}
