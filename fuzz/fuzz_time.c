// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for the RFC 3339 and calendar-date parsers of core/clock.h,
 * which read every time and date that arrives in a request body.
 *
 * Besides memory safety it checks the contract: the output is written only
 * on success; an accepted time formats to a string that parses back to the
 * same instant (records store the formatted form, so one that does not
 * parse back is a stored value the node itself would refuse); an accepted
 * date is the same day as midnight UTC of that date.
 */
#include "fuzz.h"

#include "core/alloc.h"
#include "core/clock.h"

#include <inttypes.h>
#include <string.h>

#define SENTINEL INT64_C(0x5a5a5a5a5a5a5a5a)

static void check_time(const char *s)
{
	int64_t ms = SENTINEL, again = SENTINEL;
	char text[RICS_TIME_LEN];

	if (rics_time_parse(s, &ms) != 0) {
		FUZZ_CHECK(ms == SENTINEL, "output written on failure for '%s'", s);
		return;
	}
	rics_time_format(ms, text);
	FUZZ_CHECK(strlen(text) == RICS_TIME_LEN - 1 && text[RICS_TIME_LEN - 2] == 'Z',
		   "'%s' (%" PRId64 " ms) formats to '%s'", s, ms, text);
	FUZZ_CHECK(rics_time_parse(text, &again) == 0,
		   "'%s' (%" PRId64 " ms) formats to '%s', which does not parse", s, ms, text);
	FUZZ_CHECK(again == ms, "'%s' is %" PRId64 " ms but its form '%s' is %" PRId64 " ms", s, ms,
		   text, again);
}

static void check_date(const char *s)
{
	int64_t days = SENTINEL, ms = SENTINEL;
	char text[RICS_TIME_LEN], midnight[32];

	if (rics_date_parse(s, &days) != 0) {
		FUZZ_CHECK(days == SENTINEL, "output written on failure for '%s'", s);
		return;
	}
	/* a date is exactly YYYY-MM-DD: it must come back byte for byte */
	rics_time_format(days * 86400000, text);
	FUZZ_CHECK(strlen(s) == 10 && memcmp(text, s, 10) == 0,
		   "date '%s' (day %" PRId64 ") formats to '%s'", s, days, text);
	snprintf(midnight, sizeof midnight, "%sT00:00:00Z", s);
	FUZZ_CHECK(rics_time_parse(midnight, &ms) == 0 && ms == days * 86400000,
		   "date '%s' is day %" PRId64 " but '%s' is %" PRId64 " ms", s, days, midnight,
		   ms);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the parsers take C strings: what follows a NUL is never seen */
	char *s = rics_malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_time(s);
	check_date(s);
	rics_free(s);
	return 0;
}
