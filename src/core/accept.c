// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Accept-Encoding, read member by member: a member is a coding name, then
 * optional parameters after ';', of which only the weight q matters here.
 * Anything malformed in a member makes that member name nothing it does
 * not spell, so a garbled header falls back to the uncompressed file.
 */
#include "core/accept.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *skip_space(const char *c, const char *end)
{
	while (c < end && (*c == ' ' || *c == '\t'))
		c++;
	return c;
}

/* Whether the parameters p..end (after the name) hold q=0, q=0., q=0.000. */
static bool weight_is_zero(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p != ';')
			continue;
		const char *q = skip_space(p + 1, end);
		if (end - q < 3 || tolower((unsigned char)q[0]) != 'q' || q[1] != '=' || q[2] != '0')
			continue;
		q += 3;
		if (q < end && *q == '.')
			for (q++; q < end && *q == '0'; q++)
				;
		q = skip_space(q, end);
		return q == end || *q == ';';
	}
	return false;
}

bool rics_accepts_coding(const char *accept_encoding, const char *coding)
{
	size_t want = strlen(coding);
	int star = -1; /* what "*" says, if it is there: the coding's own member wins */
	for (const char *c = accept_encoding; c && *c;) {
		const char *end = c + strcspn(c, ",");
		const char *name = skip_space(c, end);
		size_t len = strcspn(name, ",; \t");
		if (len == want && strncasecmp(name, coding, want) == 0)
			return !weight_is_zero(name + len, end);
		if (len == 1 && *name == '*' && star < 0)
			star = !weight_is_zero(name + len, end);
		c = *end ? end + 1 : end;
	}
	return star > 0;
}
