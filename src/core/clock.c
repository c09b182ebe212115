// SPDX-License-Identifier: AGPL-3.0-or-later
/* Clocks and strict RFC 3339 handling; see clock.h. */
#include "core/clock.h"

#include "core/error.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t clock_system_now(void *ctx)
{
	struct timespec ts;
	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const struct rics_clock rics_clock_system = { clock_system_now, NULL };

int64_t rics_clock_fake_now(void *ctx)
{
	return *(int64_t *)ctx;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no table and no timezone database. */
int64_t rics_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

bool rics_date_valid(int year, int month, int day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int max;
	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
		return false;
	max = mdays[month - 1];
	if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		max = 29;
	return day <= max;
}

void rics_time_format(int64_t ms, char out[RICS_TIME_LEN])
{
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t rem = ms - days * 86400000;
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	char tmp[64]; /* wide enough for any int64 input; clipped below */
	snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d,
		 (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
		 (int)(rem % 1000));
	memcpy(out, tmp, RICS_TIME_LEN - 1);
	out[RICS_TIME_LEN - 1] = '\0';
}

/* Read exactly n decimal digits. */
static int read_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return RICS_E_INVALID;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int expect(const char **p, char c)
{
	if (**p != c)
		return RICS_E_INVALID;
	(*p)++;
	return 0;
}

static int parse_ymd(const char **p, int *y, int *m, int *d)
{
	if (read_digits(p, 4, y) || expect(p, '-') || read_digits(p, 2, m) ||
	    expect(p, '-') || read_digits(p, 2, d))
		return RICS_E_INVALID;
	if (!rics_date_valid(*y, *m, *d))
		return RICS_E_INVALID;
	return 0;
}

int rics_date_parse(const char *s, int64_t *out_days)
{
	int y, m, d;
	const char *p = s;
	if (parse_ymd(&p, &y, &m, &d) || *p)
		return RICS_E_INVALID;
	*out_days = rics_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

int rics_time_parse(const char *s, int64_t *out_ms)
{
	int y, mo, d, h, mi, sec, ms = 0, oh = 0, om = 0, sign = 0;
	const char *p = s;

	if (parse_ymd(&p, &y, &mo, &d))
		return RICS_E_INVALID;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return RICS_E_INVALID;
	p++;
	if (read_digits(&p, 2, &h) || expect(&p, ':') || read_digits(&p, 2, &mi) ||
	    expect(&p, ':') || read_digits(&p, 2, &sec))
		return RICS_E_INVALID;
	if (h > 23 || mi > 59 || sec > 59) /* leap seconds are not accepted */
		return RICS_E_INVALID;
	if (*p == '.') {
		int digits = 0;
		p++;
		while (*p >= '0' && *p <= '9') {
			if (digits < 3)
				ms = ms * 10 + (*p - '0');
			digits++;
			p++;
		}
		if (digits == 0 || digits > 9)
			return RICS_E_INVALID;
		for (int i = digits; i < 3; i++)
			ms *= 10;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		p++;
		if (read_digits(&p, 2, &oh) || expect(&p, ':') || read_digits(&p, 2, &om))
			return RICS_E_INVALID;
		if (oh > 23 || om > 59)
			return RICS_E_INVALID;
	} else {
		return RICS_E_INVALID;
	}
	if (*p)
		return RICS_E_INVALID;
	int64_t days = rics_days_from_civil(y, (unsigned)mo, (unsigned)d);
	int64_t t = ((days * 24 + h) * 60 + mi) * 60 + sec;
	t -= sign * (oh * 3600 + om * 60);
	/* an offset must not carry the UTC time out of years 1..9999 */
	if (t < rics_days_from_civil(1, 1, 1) * 86400 || t >= rics_days_from_civil(10000, 1, 1) * 86400)
		return RICS_E_INVALID;
	*out_ms = t * 1000 + ms;
	return 0;
}
