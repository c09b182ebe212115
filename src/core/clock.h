/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Time: an injectable clock (so tests of expiry and lock-out move time instead
 * of sleeping) and strict RFC 3339 / ISO 8601 date parsing and formatting.
 * Times inside RICS are int64 milliseconds since the Unix epoch, UTC.
 */
#ifndef RICS_CORE_CLOCK_H
#define RICS_CORE_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rics_clock {
	int64_t (*now_ms)(void *ctx);
	void *ctx;
};

/* The real wall clock. */
extern const struct rics_clock rics_clock_system;

static inline int64_t rics_clock_now(const struct rics_clock *c)
{
	return c->now_ms(c->ctx);
}

/* A clock a test sets by hand: pass &fake as ctx with rics_clock_fake_now. */
int64_t rics_clock_fake_now(void *ctx /* int64_t * */);

#define RICS_TIME_LEN 25 /* "2026-11-28T23:06:03.123Z" + NUL */

/* Format ms as RFC 3339 UTC with milliseconds. */
void rics_time_format(int64_t ms, char out[RICS_TIME_LEN]);

/* Parse an RFC 3339 date-time ("2026-11-28T23:06:03Z", optional fraction,
 * 'Z' or +hh:mm offset). Impossible dates (Feb 30, hour 24, ...) fail with
 * RICS_E_INVALID. */
int rics_time_parse(const char *s, int64_t *out_ms);

/* Parse a calendar date "YYYY-MM-DD" into days since 1970-01-01. */
int rics_date_parse(const char *s, int64_t *out_days);

bool rics_date_valid(int year, int month, int day);

/* Days since the epoch for a proleptic Gregorian date (no validation). */
int64_t rics_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
