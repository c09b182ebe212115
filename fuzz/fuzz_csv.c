// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for the streaming CSV reader of ingest/csv.h, which reads
 * every file `rics import` is given.
 *
 * Besides memory safety it checks the contract: every call ends in a record,
 * a refusal with a reason, or the end; a record's fields are valid UTF-8;
 * line numbers never go back; and the reader always reaches the end.
 */
#include "fuzz.h"

#include "core/text.h"
#include "ingest/csv.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	FILE *f;
	unsigned long last = 0;
	size_t steps = 0;
	int rc;

	if (!(f = fuzz_fopen(data, size)))
		return 0;
	csv_reader_init(&r, f);
	while ((rc = csv_next(&r)) != 0) {
		fuzz_reader_step(rc, r.record_line, r.error, &last, &steps, size);
		if (rc != 1)
			continue;
		FUZZ_CHECK(r.nfields >= 1, "a record with no field");
		for (size_t i = 0; i < r.nfields; i++)
			FUZZ_CHECK(rics_text_valid(csv_field(&r, i), strlen(csv_field(&r, i))),
				   "field %zu is not valid text", i);
	}
	csv_reader_release(&r);
	fclose(f);
	return 0;
}
