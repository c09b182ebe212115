// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Fuzz target for the Accept-Encoding reader of core/accept.h, which reads
 * a header every browser sends with every request for a UI file.
 *
 * Besides memory safety it checks the contract: a header that accepts gzip
 * names gzip (any case) or "*"; the answer does not depend on the case of
 * the coding asked about; and a header that accepts gzip still does with
 * a member for another coding put in front of it.
 */
#include "fuzz.h"

#include "core/accept.h"
#include "core/alloc.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool names(const char *s, const char *what)
{
	for (size_t n = strlen(what); *s; s++)
		if (strncasecmp(s, what, n) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the header is a C string: what follows a NUL is never seen */
	char *s = rics_malloc(size + 16);
	if (!s)
		return 0;
	memcpy(s, "br;q=0.9, ", 10);
	memcpy(s + 10, data, size);
	s[10 + size] = '\0';
	const char *header = s + 10;

	bool gzip = rics_accepts_coding(header, "gzip");
	FUZZ_CHECK(!gzip || names(header, "gzip") || strchr(header, '*'),
		   "'%s' accepts gzip without naming it", header);
	FUZZ_CHECK(rics_accepts_coding(header, "GZIP") == gzip, "'%s': the coding's case matters",
		   header);
	FUZZ_CHECK(!gzip || rics_accepts_coding(s, "gzip"),
		   "'%s' accepts gzip, but not after another member", header);
	rics_free(s);
	return 0;
}
