// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for request-body validation (model/model.h): the input is a
 * request body, parsed as the HTTP layer parses it, then validated as a new
 * record and as a PATCH of every record type.
 *
 * Besides memory safety it checks the contract: the output is written only
 * on success, and a refusal of a body small enough for its reason to fit
 * the server's 4 KiB detail buffer says why; an accepted body becomes an object
 * that validates again to itself (the normalised form is what the store
 * keeps, so a record that would not pass its own validation again is a
 * stored value the node would refuse when it is sent back), and its
 * classification is a real level.
 */
#include "fuzz.h"

#include "core/error.h"
#include "core/strbuf.h"
#include "model/model.h"

#include <jansson.h>

static json_t sentinel_storage;
#define SENTINEL (&sentinel_storage)

static void check(const struct record_type *t, json_t *body, bool partial, bool small)
{
	struct strbuf detail, again_detail;
	json_t *out = SENTINEL, *again = SENTINEL;
	const char *what = partial ? "PATCH of a" : "new";
	int rc, level;

	/* the detail buffer is sized as the server sizes it */
	strbuf_init(&detail, 4096);
	strbuf_init(&again_detail, 4096);
	rc = model_validate(t, body, partial, &detail, &out);
	if (rc != 0) {
		FUZZ_CHECK(out == SENTINEL, "%s %s: output written on failure", what, t->name);
		FUZZ_CHECK(rc == RICS_E_INVALID, "%s %s: rc %d", what, t->name, rc);
		FUZZ_CHECK(detail.len > 0 || !small, "%s %s: refused without a reason", what,
			   t->name);
		goto done;
	}
	FUZZ_CHECK(json_is_object(out), "%s %s: the output is not an object", what, t->name);
	level = model_record_classification(out);
	FUZZ_CHECK(level >= CLS_UNCLASSIFIED && level <= CLS_SECRET, "level %d", level);

	rc = model_validate(t, out, partial, &again_detail, &again);
	if (rc != 0) {
		char *dump = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT);
		FUZZ_CHECK(rc == 0, "%s %s: its normalised form %s is refused: %s", what, t->name,
			   dump ? dump : "?", again_detail.buf);
	}
	if (!json_equal(out, again)) {
		char *a = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT);
		char *b = json_dumps(again, JSON_SORT_KEYS | JSON_COMPACT);
		FUZZ_CHECK(false, "%s %s: %s normalises again to %s", what, t->name, a ? a : "?",
			   b ? b : "?");
	}
	json_decref(again);
	json_decref(out);
done:
	strbuf_release(&detail);
	strbuf_release(&again_detail);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t error;
	/* as src/http/request.c reads a body */
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &error);

	if (!body)
		return 0;
	for (size_t i = 0; model_types[i]; i++) {
		check(model_types[i], body, false, size < 2048);
		check(model_types[i], body, true, size < 2048);
	}
	json_decref(body);
	return 0;
}
