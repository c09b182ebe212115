// SPDX-License-Identifier: AGPL-3.0-or-later
/* key=value logging to stderr; see log.h. */
#include "core/log.h"

#include "core/clock.h"

#include <stdarg.h>
#include <stdio.h>

void rics_log(const char *level, const char *event, const char *fmt, ...)
{
	char ts[RICS_TIME_LEN], line[2048];
	va_list ap;
	int n;

	rics_time_format(rics_clock_now(&rics_clock_system), ts);
	n = snprintf(line, sizeof line, "time=%s level=%s event=%s ", ts, level, event);
	if (n < 0 || (size_t)n >= sizeof line)
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	/* one write per line so concurrent threads do not interleave */
	fprintf(stderr, "%s\n", line);
}
