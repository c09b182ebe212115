// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of src/core: the string buffer (growth, the maximum size, NUL
 * bytes), strict RFC 3339 and calendar-date parsing and formatting, UUIDv7
 * ids, SHA-256 and tokens, the rics.conf parser, name folding over ICU, the
 * event bus (ring, classification filter, listeners), and the allocation
 * wrapper's failure injection, including a "torture" pass
 * that fails every allocation of a call in turn (ASan reports any leak).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/accept.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/events.h"
#include "core/ids.h"
#include "core/strbuf.h"
#include "core/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' does not contain '%s'", hay, needle);
}

/* ---- strbuf ---- */

static void test_strbuf_init(void **state)
{
	struct strbuf sb;
	(void)state;
	strbuf_init(&sb, 0);
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.max, STRBUF_DEFAULT_MAX);
	strbuf_release(&sb);
	strbuf_release(&sb); /* releasing twice is harmless */
	assert_string_equal(sb.buf, "");
}

static void test_strbuf_growth(void **state)
{
	struct strbuf sb;
	(void)state;
	strbuf_init(&sb, 0);
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(strbuf_addch(&sb, (char)('a' + i % 26)), 0);
		assert_int_equal(sb.len, (size_t)i + 1);
		assert_true(sb.len < sb.alloc);
		assert_int_equal(sb.buf[sb.len], '\0');
	}
	for (size_t i = 0; i < sb.len; i++)
		assert_int_equal(sb.buf[i], 'a' + (int)(i % 26));
	assert_int_equal(strbuf_addf(&sb, "%d-%s", 42, "x"), 0);
	assert_int_equal(sb.len, 5004);
	assert_string_equal(sb.buf + 5000, "42-x");
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void test_strbuf_max_refused(void **state)
{
	struct strbuf sb;
	(void)state;
	strbuf_init(&sb, 10);
	assert_int_equal(strbuf_adds(&sb, "12345678"), 0);
	assert_int_equal(strbuf_adds(&sb, "abc"), -E2BIG);
	assert_int_equal(sb.len, 8);
	assert_string_equal(sb.buf, "12345678");
	assert_int_equal(strbuf_addf(&sb, "%s", "xyz"), -E2BIG);
	assert_int_equal(sb.len, 8);
	assert_string_equal(sb.buf, "12345678");
	assert_int_equal(strbuf_adds(&sb, "ab"), 0); /* exactly max is allowed */
	assert_int_equal(sb.len, 10);
	assert_int_equal(strbuf_addch(&sb, 'c'), -E2BIG);
	assert_int_equal(strbuf_add(&sb, "", 0), 0);
	assert_string_equal(sb.buf, "12345678ab");
	/* a length that would overflow len + n is refused too */
	assert_int_equal(strbuf_add(&sb, "x", SIZE_MAX), -E2BIG);
	assert_int_equal(sb.len, 10);
	strbuf_release(&sb);
}

static void test_strbuf_embedded_nul(void **state)
{
	static const char data[] = { 'a', '\0', 'b', '\0', 'c' };
	struct strbuf sb;
	char *out;
	size_t len = 0;
	(void)state;
	strbuf_init(&sb, 0);
	assert_int_equal(strbuf_add(&sb, data, sizeof data), 0);
	assert_int_equal(sb.len, 5);
	assert_memory_equal(sb.buf, data, sizeof data);
	assert_int_equal(sb.buf[5], '\0');
	assert_int_equal(strbuf_addch(&sb, '\0'), 0);
	assert_int_equal(sb.len, 6);
	out = strbuf_detach(&sb, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(out, data, sizeof data);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	rics_free(out);
	out = strbuf_detach(&sb, &len); /* an empty buffer detaches as "" */
	assert_non_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	rics_free(out);
}

static void test_strbuf_add_self(void **state)
{
	struct strbuf sb;
	(void)state;
	/* BUG: strbuf_add (and strbuf_addf with an argument pointing into the
	 * buffer) reads data after strbuf_grow may have moved the buffer, so
	 * appending a buffer's own content is a use-after-free once it grows
	 * (src/core/strbuf.c strbuf_add, strbuf_vaddf). Either handle data
	 * inside sb->buf or say in strbuf.h that it must not alias. */

	strbuf_init(&sb, 0);
	assert_int_equal(strbuf_adds(&sb, "0123456789012345678901234567890123456789"), 0);
	assert_int_equal(strbuf_add(&sb, sb.buf, sb.len), 0);
	assert_int_equal(sb.len, 80);
	assert_memory_equal(sb.buf + 40, sb.buf, 40);
	assert_int_equal(strbuf_addf(&sb, "%s", sb.buf), 0);
	assert_int_equal(sb.len, 160);
	strbuf_release(&sb);
}

/* ---- time ---- */

static void test_time_parse_valid(void **state)
{
	static const struct {
		const char *s;
		int64_t ms;
	} cases[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1969-12-31T23:59:59.999Z", -1 },
		{ "2026-11-28T23:06:03Z", 1795907163000 },
		{ "2026-11-28T23:06:03.123Z", 1795907163123 },
		{ "2026-11-28T23:06:03.1Z", 1795907163100 },
		{ "2026-11-28T23:06:03.12Z", 1795907163120 },
		{ "2026-11-28T23:06:03.123456789Z", 1795907163123 },
		{ "2026-11-28t23:06:03z", 1795907163000 },
		{ "2026-11-29T01:06:03+02:00", 1795907163000 },
		{ "2026-11-28T17:36:03.5-05:30", 1795907163500 },
		{ "2026-11-29T04:06:03+05:00", 1795907163000 },
		{ "2026-11-28T23:06:03+00:00", 1795907163000 },
		{ "2026-11-28T23:06:03-00:00", 1795907163000 },
		{ "2024-02-29T12:00:00Z", 1709208000000 },
		{ "2000-02-29T00:00:00Z", 951782400000 },
		{ "1999-12-31T23:59:59Z", 946684799000 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t ms = 0;
		if (rics_time_parse(cases[i].s, &ms) != 0)
			fail_msg("'%s' refused", cases[i].s);
		if (ms != cases[i].ms)
			fail_msg("'%s': %lld, want %lld", cases[i].s, (long long)ms,
				 (long long)cases[i].ms);
	}
}

static void test_time_parse_invalid(void **state)
{
	static const char *const cases[] = {
		"",
		"2026-02-30T00:00:00Z", /* Feb 30 */
		"2023-02-29T00:00:00Z", /* not a leap year */
		"1900-02-29T00:00:00Z", /* century, not a leap year */
		"2026-04-31T00:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-00-10T00:00:00Z",
		"2026-11-00T00:00:00Z",
		"0000-01-01T00:00:00Z",
		"2026-11-28T24:00:00Z",     /* hour 24 */
		"2026-11-28T23:60:00Z",     /* minute 60 */
		"2026-11-28T23:59:60Z",     /* leap second */
		"2026-11-28T23:06:03",      /* missing zone */
		"2026-11-28T23:06:03Zjunk", /* trailing junk */
		"2026-11-28T23:06:03Z ",
		"2026-11-28T23:06:03+02:00x",
		"2026-11-28T23:06:03+0200",
		"2026-11-28T23:06:03+24:00",
		"2026-11-28T23:06:03+02:60",
		"2026-11-28T23:06:03.Z",
		"2026-11-28T23:06:03.1234567890Z",
		"2026-11-28",
		"2026-11-28T23:06Z",
		"2026-1-28T23:06:03Z",
		"2026-11-28X23:06:03Z",
		"２０２６-11-28T23:06:03Z",
		" 2026-11-28T23:06:03Z",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t ms = 12345;
		if (rics_time_parse(cases[i], &ms) != RICS_E_INVALID)
			fail_msg("'%s' accepted", cases[i]);
		if (ms != 12345)
			fail_msg("'%s' wrote the output on failure", cases[i]);
	}
}

static void test_time_format(void **state)
{
	static const struct {
		int64_t ms;
		const char *s;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00.000Z" },
		{ -1, "1969-12-31T23:59:59.999Z" },
		{ 1795907163123, "2026-11-28T23:06:03.123Z" },
		{ 951782400000, "2000-02-29T00:00:00.000Z" },
		{ 253402300799999, "9999-12-31T23:59:59.999Z" },
		{ -62135596800000, "0001-01-01T00:00:00.000Z" },
	};
	char out[RICS_TIME_LEN];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t back = 0;
		rics_time_format(cases[i].ms, out);
		assert_string_equal(out, cases[i].s);
		assert_int_equal(rics_time_parse(out, &back), 0);
		assert_true(back == cases[i].ms);
	}
}

static void test_time_parse_out_of_range(void **state)
{
	static const char *const cases[] = {
		"0001-01-01T00:00:00+00:01", /* 0000-12-31T23:59:00Z */
		"0001-01-01T05:00:00+06:00",
		"9999-12-31T23:59:59-00:01", /* 10000-01-01T00:00:59Z */
		"9999-12-31T20:00:00.5-05:00",
	};
	int64_t ms;
	char out[RICS_TIME_LEN];
	(void)state;
	/* the edges themselves are fine */
	assert_int_equal(rics_time_parse("0001-01-01T00:00:00Z", &ms), 0);
	assert_int_equal(rics_time_parse("9999-12-31T23:59:59.999Z", &ms), 0);
	assert_int_equal(rics_time_parse("0001-01-01T00:00:00-01:00", &ms), 0);
	rics_time_format(ms, out);
	assert_string_equal(out, "0001-01-01T01:00:00.000Z");
	/* BUG: an offset can move a time out of years 1..9999. rics_time_parse
	 * accepts it; rics_time_format then writes year 0000, which does not
	 * parse again, or year 10000, which it cuts to 24 characters without
	 * the 'Z' ("10000-01-01T00:00:59.000"); model_validate stores that as
	 * the normalised FK_TIME value (src/core/clock.c rics_time_parse:
	 * check the UTC result against 0001-01-01T00:00:00Z and
	 * 9999-12-31T23:59:59.999Z). The fuzz corpus has the year 0 case. */

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		ms = 12345;
		if (rics_time_parse(cases[i], &ms) != RICS_E_INVALID)
			fail_msg("'%s' accepted", cases[i]);
		assert_true(ms == 12345);
	}
}

static void test_time_round_trip(void **state)
{
	char out[RICS_TIME_LEN];
	(void)state;
	/* every 997 hours and a few ms over 60 years either side of the epoch */
	for (int64_t ms = -1893456000000; ms < 1893456000000; ms += 3589200007) {
		int64_t back = 0;
		rics_time_format(ms, out);
		assert_int_equal(strlen(out), RICS_TIME_LEN - 1);
		assert_int_equal(rics_time_parse(out, &back), 0);
		if (back != ms)
			fail_msg("%lld -> %s -> %lld", (long long)ms, out, (long long)back);
	}
}

static void test_date_parse(void **state)
{
	static const char *const bad[] = {
		"2023-02-29",  "2024-02-30", "1900-02-29", "2026-13-01",
		"2026-00-01",  "2026-01-32", "2026-01-1",  "2026-01-01T00:00:00Z",
		"2026-01-01 ", "",           "26-01-01",   "2026/01/01",
	};
	int64_t days = 0;
	(void)state;
	assert_int_equal(rics_date_parse("1970-01-01", &days), 0);
	assert_true(days == 0);
	assert_int_equal(rics_date_parse("2000-03-01", &days), 0);
	assert_true(days == 11017);
	assert_int_equal(rics_date_parse("2024-02-29", &days), 0);
	assert_true(days == 19782);
	assert_int_equal(rics_date_parse("1969-12-31", &days), 0);
	assert_true(days == -1);
	assert_int_equal(rics_date_parse("2000-02-29", &days), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		days = 77;
		if (rics_date_parse(bad[i], &days) != RICS_E_INVALID)
			fail_msg("'%s' accepted", bad[i]);
		assert_true(days == 77);
	}
	assert_true(rics_date_valid(2024, 2, 29));
	assert_false(rics_date_valid(2100, 2, 29));
	assert_true(rics_date_valid(2400, 2, 29));
	assert_false(rics_date_valid(2026, 6, 31));
}

static void test_clock_fake(void **state)
{
	int64_t now = 1234;
	struct rics_clock c = { rics_clock_fake_now, &now };
	(void)state;
	assert_true(rics_clock_now(&c) == 1234);
	now += 60000;
	assert_true(rics_clock_now(&c) == 61234);
	/* the system clock is past 2020 */
	assert_true(rics_clock_now(&rics_clock_system) > 1577836800000);
}

/* ---- ids ---- */

static void test_uuid7_format(void **state)
{
	char id[RICS_UUID_LEN];
	(void)state;
	for (int i = 0; i < 200; i++) {
		rics_uuid7(1795907163123 + i, id);
		assert_int_equal(strlen(id), 36);
		assert_true(rics_uuid_valid(id));
		assert_int_equal(id[8], '-');
		assert_int_equal(id[13], '-');
		assert_int_equal(id[18], '-');
		assert_int_equal(id[23], '-');
		assert_int_equal(id[14], '7');           /* version nibble */
		assert_non_null(strchr("89ab", id[19])); /* RFC 9562 variant */
		for (int j = 0; j < 36; j++)
			assert_true(id[j] == '-' || (id[j] >= '0' && id[j] <= '9') ||
				    (id[j] >= 'a' && id[j] <= 'f'));
	}
}

static void test_uuid7_time(void **state)
{
	static const int64_t times[] = { 0, 1, 1795907163123, 0xffffffffffffLL, 1700000000000 };
	char id[RICS_UUID_LEN];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(times); i++) {
		rics_uuid7(times[i], id);
		assert_true(rics_uuid7_time(id) == times[i]);
	}
	/* ids of later milliseconds sort later as text */
	char a[RICS_UUID_LEN], b[RICS_UUID_LEN];
	rics_uuid7(1795907163123, a);
	rics_uuid7(1795907163124, b);
	assert_true(strcmp(a, b) < 0);
	/* upper case is accepted; not a v7, or not a UUID, gives -1 */
	assert_true(rics_uuid7_time("018F3A5C-0000-7000-8000-000000000000") == 0x018f3a5c0000LL);
	assert_true(rics_uuid7_time("018f3a5c-0000-4000-8000-000000000000") == -1);
	assert_true(rics_uuid7_time("not-a-uuid") == -1);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_uuid7_unique(void **state)
{
	enum { N = 10000 };
	char(*ids)[RICS_UUID_LEN] = calloc(N, RICS_UUID_LEN);
	char **p = calloc(N, sizeof *p);
	(void)state;
	assert_non_null(ids);
	assert_non_null(p);
	for (int i = 0; i < N; i++) {
		rics_uuid7(1795907163123, ids[i]); /* all in the same millisecond */
		p[i] = ids[i];
	}
	qsort(p, N, sizeof *p, cmp_str);
	for (int i = 1; i < N; i++)
		if (strcmp(p[i - 1], p[i]) == 0)
			fail_msg("duplicate id %s", p[i]);
	free(p);
	free(ids);
}

static void test_uuid_valid(void **state)
{
	static const char *const bad[] = {
		"",
		"018f3a5c-0000-7000-8000-00000000000",
		"018f3a5c-0000-7000-8000-0000000000000",
		"018f3a5c00007000800000000000000000",
		"018f3a5c-0000-7000-8000-00000000000g",
		"018f3a5c_0000-7000-8000-000000000000",
		"{18f3a5c-0000-7000-8000-000000000000",
	};
	(void)state;
	assert_true(rics_uuid_valid("018f3a5c-0000-7000-8000-000000000000"));
	assert_true(rics_uuid_valid("550E8400-E29B-41D4-A716-446655440000"));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (rics_uuid_valid(bad[i]))
			fail_msg("'%s' accepted", bad[i]);
}

static void test_sha256_vectors(void **state)
{
	static const char nist2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char out[RICS_SHA256_HEX_LEN];
	(void)state;
	rics_sha256_hex("", 0, out);
	assert_string_equal(out,
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	rics_sha256_hex("abc", 3, out);
	assert_string_equal(out,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	rics_sha256_hex(nist2, strlen(nist2), out);
	assert_string_equal(out,
			    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_tokens(void **state)
{
	char a[RICS_TOKEN_LEN], b[RICS_TOKEN_LEN];
	(void)state;
	rics_random_token(a);
	rics_random_token(b);
	assert_int_equal(strlen(a), RICS_TOKEN_LEN - 1);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				   "0123456789-_"),
			 RICS_TOKEN_LEN - 1);
	assert_string_not_equal(a, b);
	assert_true(rics_secret_equal(a, a));
	assert_false(rics_secret_equal(a, b));
	assert_false(rics_secret_equal("abc", "abcd"));
}

/* ---- config ---- */

static void test_config_good(void **state)
{
	static const char text[] = "# a node at the Korday crossing\n"
				   "\n"
				   "listen = 0.0.0.0\n"
				   "  port=8443  \n"
				   "threads = 4\r\n"
				   "tls_cert = /etc/rics/cert.pem\n"
				   "tls_key = /etc/rics/key.pem\n"
				   "max_body = 2097152\n"
				   "max_connections = 200\n"
				   "session_ttl = 3600\n"
				   "lockout_attempts = 3\n"
				   "lockout_time = 600\n"
				   "page_max = 100\n"
				   "cash_threshold = 15000\n";
	struct rics_config cfg;
	struct strbuf err;
	(void)state;
	strbuf_init(&err, 0);
	rics_config_defaults(&cfg);
	assert_int_equal(cfg.port, 8080);
	assert_int_equal(cfg.cash_threshold, 10000);
	assert_int_equal(rics_config_parse(&cfg, text, strlen(text), &err), 0);
	assert_string_equal(err.buf, "");
	assert_string_equal(cfg.listen, "0.0.0.0");
	assert_int_equal(cfg.port, 8443);
	assert_int_equal(cfg.threads, 4);
	assert_string_equal(cfg.tls_cert, "/etc/rics/cert.pem");
	assert_string_equal(cfg.tls_key, "/etc/rics/key.pem");
	assert_int_equal(cfg.max_body, 2097152);
	assert_int_equal(cfg.max_connections, 200);
	assert_true(cfg.session_ttl_s == 3600);
	assert_int_equal(cfg.lockout_attempts, 3);
	assert_true(cfg.lockout_s == 600);
	assert_int_equal(cfg.page_max, 100);
	assert_int_equal(cfg.cash_threshold, 15000);
	strbuf_release(&err);
}

static void expect_config_error(const char *text, const char *want1, const char *want2)
{
	struct rics_config cfg;
	struct strbuf err;
	strbuf_init(&err, 0);
	rics_config_defaults(&cfg);
	if (rics_config_parse(&cfg, text, strlen(text), &err) != RICS_E_INVALID)
		fail_msg("accepted: %s", text);
	assert_contains(err.buf, want1);
	if (want2)
		assert_contains(err.buf, want2);
	strbuf_release(&err);
}

static void test_config_unknown_key(void **state)
{
	(void)state;
	expect_config_error("port = 80\n# comment\n\nbogus = 1\nthreads = 2\n", "line 4", "bogus");
	expect_config_error("port = 80\nno equals sign here\n", "line 2", NULL);
	expect_config_error("Port = 80\n", "line 1", "Port");
}

static void test_config_bad_numbers(void **state)
{
	static const char *const bad[] = {
		"port = abc",    "port = -1",        "port = +1",
		"port = 0",      "port = 65536",     "port = 80x",
		"port =",        "port = 8 0",       "threads = 99999999999999999999999",
		"max_body = 1k", "page_max = 0x10",  "lockout_attempts = 1.5",
		"max_body = 10", "session_ttl = 30", /* below the minimum */
	};
	char text[128];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof text, "listen = 127.0.0.1\n%s\n", bad[i]);
		expect_config_error(text, "line 2", NULL);
	}
	expect_config_error("port = abc\n", "port", "abc");
	expect_config_error("port = 70000\n", "between 1 and 65535", NULL);
}

static void test_config_suffixes(void **state)
{
	static const struct {
		const char *text;
		int64_t ttl_s, lock_s;
	} good[] = {
		{ "session_ttl = 8h\nlockout_time = 15m\n", 8 * 3600, 15 * 60 },
		{ "session_ttl = 1d\nlockout_time = 30s\n", 86400, 30 },
		{ "session_ttl = 90\nlockout_time = 1\n", 90, 1 },
	};
	static const char *const bad[] = {
		"lockout_time = 15x",
		"lockout_time = 15mm",
		"lockout_time = m",
		"lockout_time = 15 m",
		"session_ttl = 31d",
		"port = 80s",
		"lockout_time = 99999999999999999999d",
	};
	struct rics_config cfg;
	struct strbuf err;
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		strbuf_init(&err, 0);
		rics_config_defaults(&cfg);
		if (rics_config_parse(&cfg, good[i].text, strlen(good[i].text), &err))
			fail_msg("refused: %s: %s", good[i].text, err.buf);
		assert_true(cfg.session_ttl_s == good[i].ttl_s);
		assert_true(cfg.lockout_s == good[i].lock_s);
		strbuf_release(&err);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		expect_config_error(bad[i], "line 1", NULL);
}

static void test_config_nul_and_strings(void **state)
{
	static const char with_nul[] = "port = 80\0\nthreads = 2\n";
	char text[700];
	struct rics_config cfg;
	struct strbuf err;
	(void)state;
	strbuf_init(&err, 0);
	rics_config_defaults(&cfg);
	assert_int_equal(rics_config_parse(&cfg, with_nul, sizeof with_nul - 1, &err),
			 RICS_E_INVALID);
	assert_contains(err.buf, "NUL");
	strbuf_release(&err);
	/* a string longer than its field is refused, not truncated */
	memset(text, 'x', sizeof text);
	memcpy(text, "tls_cert = ", 11);
	text[sizeof text - 1] = '\0';
	expect_config_error(text, "line 1", "tls_cert");
}

static void test_config_long_error(void **state)
{
	char text[1100];
	struct rics_config cfg;
	struct strbuf err;
	(void)state;
	/* BUG: the reason quotes the whole key or value, and when "line N: "
	 * plus the reason does not fit the caller's error buffer (ricsd sizes
	 * it at 1024 bytes) strbuf_addf fails and the error is left empty: the
	 * refusal names no line; a reason longer than the 1024-byte buffer
	 * rics_config_parse gives rics_config_set is dropped, leaving
	 * "line N: " alone (src/core/config.c rics_config_set: quote at most
	 * some 64 bytes, "%.64s..."). The fuzz corpus has the long-key case. */

	memset(text, 'k', sizeof text);
	memcpy(text + 1006, " = 1\n", 6);
	text[1012] = '\0';
	strbuf_init(&err, 1024);
	rics_config_defaults(&cfg);
	assert_int_equal(rics_config_parse(&cfg, text, strlen(text), &err), RICS_E_INVALID);
	assert_contains(err.buf, "line 1");
	strbuf_release(&err);
	memset(text, '9', sizeof text);
	memcpy(text, "# x\nport = ", 11);
	text[sizeof text - 1] = '\0';
	strbuf_init(&err, 1024);
	assert_int_equal(rics_config_parse(&cfg, text, strlen(text), &err), RICS_E_INVALID);
	assert_contains(err.buf, "line 2");
	assert_contains(err.buf, "'port'"); /* today: "line 2: " and no reason */
	strbuf_release(&err);
}

static void test_config_load(void **state)
{
	char dir[] = "/tmp/rics-core-XXXXXX", path[64];
	struct rics_config cfg;
	struct strbuf err;
	FILE *f;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/rics.conf", dir);
	strbuf_init(&err, 0);
	rics_config_defaults(&cfg);
	/* a missing file is no error and changes nothing */
	assert_int_equal(rics_config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.port, 8080);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("port = 9000\nlockout_time = 2m\n", f);
	fclose(f);
	assert_int_equal(rics_config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.port, 9000);
	assert_true(cfg.lockout_s == 120);
	strbuf_release(&err);
	unlink(path);
	rmdir(dir);
}

/* ---- text ---- */

static void expect_fold(const char *in, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	if (rics_text_fold(in, &sb) != 0)
		fail_msg("fold of '%s' failed", in);
	if (strcmp(sb.buf, want) != 0)
		fail_msg("fold of '%s' is '%s', want '%s'", in, sb.buf, want);
	strbuf_release(&sb);
}

static void test_text_fold(void **state)
{
	struct strbuf sb;
	(void)state;
	expect_fold("ТОХТАСИНОВ", "тохтасинов");
	expect_fold("Тохтасинов Алишер", "тохтасинов алишер");
	expect_fold("SMITH", "smith");
	expect_fold("Müller", "müller");
	expect_fold("MÜLLER", "müller");
	expect_fold("Straße", "strasse");
	expect_fold("ÖZTÜRK", "öztürk");
	expect_fold("ＡＢＣ", "abc");   /* full-width: NFKC */
	expect_fold("ﬁsher", "fisher"); /* ligature: NFKC */
	expect_fold("Ω", "ω");          /* ohm sign */
	expect_fold("  John \t SMITH\n", "john smith");
	expect_fold("a  b   c", "a b c");
	expect_fold("", "");
	expect_fold("   ", "");
	/* the key is appended to what the buffer already holds */
	strbuf_init(&sb, 0);
	strbuf_adds(&sb, "x|");
	assert_int_equal(rics_text_fold(" ИВАНОВ ", &sb), 0);
	assert_string_equal(sb.buf, "x|иванов");
	strbuf_release(&sb);
	/* invalid UTF-8 is refused */
	strbuf_init(&sb, 0);
	assert_int_equal(rics_text_fold("\xc3\x28", &sb), RICS_E_INVALID);
	strbuf_release(&sb);
}

static void test_text_fold_expanding(void **state)
{
	/* U+FDFA folds to 18 code units, so a run of them expands 18-fold */
	struct strbuf sb;
	const char *one = "\xef\xb7\xba";
	char in[3 * 8 + 1] = "";
	(void)state;
	strbuf_init(&sb, 0);
	assert_int_equal(rics_text_fold(one, &sb), 0);
	assert_true(sb.len > 18);
	strbuf_release(&sb);
	for (int i = 0; i < 8; i++)
		memcpy(in + 3 * i, one, 4);
	/* BUG: src/core/text.c sizes the NFKC output as srclen * 4 + 16 UTF-16
	 * units and treats U_BUFFER_OVERFLOW_ERROR as invalid input, so valid
	 * text that expands more than that is refused. */

	strbuf_init(&sb, 0);
	assert_int_equal(rics_text_fold(in, &sb), 0);
	strbuf_release(&sb);
}

static void test_text_valid(void **state)
{
	(void)state;
	assert_true(rics_text_valid("plain", 5));
	assert_true(rics_text_valid("tab\tnl\ncr\r", 10));
	assert_true(rics_text_valid("тохтасинов", strlen("тохтасинов")));
	assert_true(rics_text_valid("", 0));
	assert_false(rics_text_valid("a\0b", 3));
	assert_false(rics_text_valid("bell\a", 5));
	assert_false(rics_text_valid("del\x7f", 4));
	assert_false(rics_text_valid("\xc3\x28", 2));
	assert_false(rics_text_valid("\xed\xa0\x80", 3)); /* a UTF-16 surrogate */
	assert_false(rics_text_valid("\xc0\xaf", 2));     /* overlong */
	assert_false(rics_text_valid("\xe2\x82", 2));     /* truncated */
}

/* ---- event bus ---- */

static void wake_count(void *ctx)
{
	(*(int *)ctx)++;
}

static void test_events_read(void **state)
{
	struct event_bus *bus = NULL;
	struct strbuf out;
	uint64_t after = 0;
	(void)state;
	strbuf_init(&out, 0);
	assert_int_equal(event_bus_new(4, 0, &bus), 0);
	assert_true(event_bus_last(bus) == 0);
	assert_int_equal(event_bus_read(bus, &after, 3, 10, &out), 0);
	assert_true(after == 0);
	assert_int_equal(out.len, 0);

	assert_int_equal(event_bus_publish(bus, "crossing.created", 0, "{\"n\":1}"), 0);
	assert_int_equal(event_bus_publish(bus, "hit.created", 3, "{\"n\":2}"), 0);
	assert_int_equal(event_bus_publish(bus, "person.created", 1, "{\"n\":3}"), 0);
	assert_true(event_bus_last(bus) == 3);
	/* a RESTRICTED reader does not see the SECRET event */
	assert_int_equal(event_bus_read(bus, &after, 1, 10, &out), 2);
	assert_string_equal(out.buf, "id: 1\nevent: crossing.created\ndata: {\"n\":1}\n\n"
				     "id: 3\nevent: person.created\ndata: {\"n\":3}\n\n");
	assert_true(after == 3);
	strbuf_reset(&out);
	assert_int_equal(event_bus_read(bus, &after, 1, 10, &out), 0);
	assert_int_equal(out.len, 0);
	/* max_events counts frames written, not events skipped */
	after = 0;
	assert_int_equal(event_bus_read(bus, &after, 1, 1, &out), 1);
	assert_true(after == 1);
	assert_int_equal(event_bus_read(bus, &after, 1, 1, &out), 1);
	assert_true(after == 3);
	assert_contains(out.buf, "id: 3\n");
	assert_null(strstr(out.buf, "id: 2\n"));
	strbuf_reset(&out);
	/* a reader that fell behind the ring is told how much it missed */
	for (int i = 0; i < 6; i++)
		assert_int_equal(event_bus_publish(bus, "seizure.created", 0, "{}"), 0);
	assert_true(event_bus_last(bus) == 9);
	assert_int_equal(event_bus_read(bus, &after, 1, 10, &out), 4);
	assert_true(after == 9);
	static const char lost[] = "event: lost\ndata: {\"missed\":2}\n\nid: 6\n";
	assert_memory_equal(out.buf, lost, sizeof lost - 1);
	strbuf_release(&out);
	event_bus_free(bus);
	event_bus_free(NULL);
}

/* A browser reconnects with the last id it saw, which may come from the
   node's previous run: it must get this run's events, not skip them. */
static void test_events_another_run(void **state)
{
	struct event_bus *bus = NULL;
	struct strbuf out;
	uint64_t after;
	(void)state;
	strbuf_init(&out, 0);
	assert_int_equal(event_bus_new(4, 1000, &bus), 0);
	assert_true(event_bus_last(bus) == 1000);
	for (int i = 0; i < 3; i++)
		assert_int_equal(event_bus_publish(bus, "crossing.created", 0, "{}"), 0);
	assert_true(event_bus_last(bus) == 1003);
	uint64_t from[] = { 0, 57, 999, 5000 }; /* before this run, and after it */
	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
		after = from[i];
		strbuf_reset(&out);
		assert_int_equal(event_bus_read(bus, &after, 0, 10, &out), 3);
		assert_true(after == 1003);
		assert_true(strncmp(out.buf, "id: 1001\n", 9) == 0);
	}
	/* within the run, as before */
	after = 1002;
	strbuf_reset(&out);
	assert_int_equal(event_bus_read(bus, &after, 0, 10, &out), 1);
	assert_contains(out.buf, "id: 1003\n");
	/* the ring wraps: an old reader of this run hears what it lost */
	for (int i = 0; i < 4; i++)
		assert_int_equal(event_bus_publish(bus, "hit.created", 0, "{}"), 0);
	after = 1001;
	strbuf_reset(&out);
	assert_int_equal(event_bus_read(bus, &after, 0, 10, &out), 4);
	assert_contains(out.buf, "event: lost\ndata: {\"missed\":2}\n\nid: 1004\n");
	/* one from another run is told the same */
	after = 12;
	strbuf_reset(&out);
	assert_int_equal(event_bus_read(bus, &after, 0, 10, &out), 4);
	assert_contains(out.buf, "event: lost\ndata: {\"missed\":3}\n\nid: 1004\n");
	strbuf_release(&out);
	event_bus_free(bus);
}

static void test_events_listeners(void **state)
{
	struct event_bus *bus = NULL;
	struct event_listener *a = NULL, *b = NULL;
	int na = 0, nb = 0;
	(void)state;
	assert_int_equal(event_bus_new(8, 0, &bus), 0);
	assert_int_equal(event_bus_listen(bus, wake_count, &na, &a), 0);
	assert_int_equal(event_bus_listen(bus, wake_count, &nb, &b), 0);
	assert_int_equal(event_bus_publish(bus, "x", 0, "{}"), 0);
	assert_int_equal(na, 1);
	assert_int_equal(nb, 1);
	event_bus_unlisten(bus, a);
	assert_int_equal(event_bus_publish(bus, "x", 0, "{}"), 0);
	event_bus_wake_all(bus);
	assert_int_equal(na, 1);
	assert_int_equal(nb, 3);
	event_bus_unlisten(bus, b);
	event_bus_unlisten(bus, NULL);
	/* a publish that cannot allocate changes nothing */
	rics_alloc_fail_after(1);
	assert_int_equal(event_bus_publish(bus, "x", 0, "{}"), -ENOMEM);
	rics_alloc_fail_after(0);
	assert_true(event_bus_last(bus) == 2);
	event_bus_free(bus);
}

static void test_events_read_bounded(void **state)
{
	struct event_bus *bus = NULL;
	struct strbuf out;
	char data[400];
	uint64_t after = 0;
	(void)state;
	/* BUG: event_bus_read appends frames until one does not fit in out,
	 * then fails with -E2BIG, keeps the frames it appended and does not
	 * move *after (src/core/events.c event_bus_read). A reader whose
	 * pending events exceed its buffer (the SSE stream: 64 events into a
	 * 1 MiB buffer, record payloads up to 64 KiB) can then never make
	 * progress. It should stop before the frame that does not fit and
	 * return the frames that did. */

	memset(data, 'x', sizeof data - 1);
	data[sizeof data - 1] = '\0';
	strbuf_init(&out, 1000);
	assert_int_equal(event_bus_new(8, 0, &bus), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(event_bus_publish(bus, "message.created", 0, data), 0);
	assert_int_equal(event_bus_read(bus, &after, 0, 64, &out), 2);
	assert_true(after == 2);
	strbuf_reset(&out);
	assert_int_equal(event_bus_read(bus, &after, 0, 64, &out), 1);
	assert_true(after == 3);
	strbuf_release(&out);
	event_bus_free(bus);
}

static void test_events_zero_capacity(void **state)
{
	struct event_bus *bus = NULL;
	(void)state;
	/* BUG: event_bus_new accepts capacity 0 and the first publish then
	 * divides by zero (bus->last % bus->capacity in src/core/events.c).
	 * It should refuse with -EINVAL. */

	assert_int_equal(event_bus_new(0, 0, &bus), -EINVAL);
	assert_null(bus);
}

/* ---- allocation failure ---- */

static void test_alloc_fail_strbuf(void **state)
{
	struct strbuf sb;
	char big[200];
	(void)state;
	memset(big, 'z', sizeof big);
	/* a fresh buffer stays empty */
	strbuf_init(&sb, 0);
	rics_alloc_fail_after(1);
	assert_int_equal(strbuf_add(&sb, big, sizeof big), -ENOMEM);
	rics_alloc_fail_after(0);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_string_equal(sb.buf, "");
	/* a buffer with content keeps it when growth fails */
	assert_int_equal(strbuf_adds(&sb, "hello"), 0);
	size_t alloc = sb.alloc;
	char *buf = sb.buf;
	rics_alloc_fail_after(1);
	assert_int_equal(strbuf_add(&sb, big, sizeof big), -ENOMEM);
	assert_int_equal(strbuf_addf(&sb, "%200s", "x"), -ENOMEM);
	/* an append that fits needs no allocation and still works */
	assert_int_equal(strbuf_adds(&sb, " world"), 0);
	rics_alloc_fail_after(0);
	assert_int_equal(sb.len, 11);
	assert_string_equal(sb.buf, "hello world");
	assert_ptr_equal(sb.buf, buf);
	assert_int_equal(sb.alloc, alloc);
	assert_int_equal(strbuf_add(&sb, big, sizeof big), 0);
	assert_int_equal(sb.len, 211);
	strbuf_release(&sb);
}

static void test_alloc_counts(void **state)
{
	long before = rics_alloc_count();
	char *p;
	(void)state;
	p = rics_strdup("abc");
	assert_non_null(p);
	assert_true(rics_alloc_count() == before + 1);
	rics_free(p);
	rics_alloc_fail_after(2);
	p = rics_malloc(8);
	assert_non_null(p); /* the first allocation from now succeeds */
	assert_null(rics_malloc(8));
	assert_null(rics_calloc(1, 8));
	assert_null(rics_strndup("abc", 2));
	rics_alloc_fail_after(0);
	rics_free(p);
	p = rics_strndup("abcdef", 3);
	assert_string_equal(p, "abc");
	rics_free(p);
}

/* Fail each allocation of rics_text_fold and rics_config_parse in turn:
 * every run fails cleanly with -ENOMEM or succeeds, and nothing leaks. */
static void test_alloc_torture(void **state)
{
	static const char conf[] = "port = 9000\nlockout_time = 2m\nbogus = 1\n";
	int failures = 0;
	(void)state;
	for (long n = 1; n < 50; n++) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		strbuf_adds(&sb, "keep");
		rics_alloc_fail_after(n);
		int rc = rics_text_fold("Тохтасинов  Алишер Straße", &sb);
		rics_alloc_fail_after(0);
		if (rc == 0) {
			assert_string_equal(sb.buf, "keepтохтасинов алишер strasse");
		} else {
			assert_int_equal(rc, -ENOMEM);
			failures++;
		}
		strbuf_release(&sb);
	}
	assert_true(failures > 0);
	for (long n = 1; n < 20; n++) {
		struct rics_config cfg;
		struct strbuf err;
		strbuf_init(&err, 0);
		rics_config_defaults(&cfg);
		rics_alloc_fail_after(n);
		int rc = rics_config_parse(&cfg, conf, strlen(conf), &err);
		rics_alloc_fail_after(0);
		assert_true(rc == -ENOMEM || rc == RICS_E_INVALID);
		strbuf_release(&err);
	}
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(rics_strerror(0), "success");
	assert_string_equal(rics_strerror(RICS_E_SCHEMA_NEWER),
			    "data directory was created by a newer RICS");
	assert_non_null(rics_strerror(-ENOMEM));
	assert_string_equal(rics_strerror(12345), "unknown error");
}

static void test_accepts_coding(void **state)
{
	static const struct {
		const char *header;
		bool gzip;
	} cases[] = {
		{ "gzip", true }, { "GZip", true }, { "deflate, gzip, br", true },
		{ " gzip ;q=0.5", true }, { "gzip;q=1.0", true }, { "*", true },
		{ "br;q=1, *;q=0.1", true }, { "*;q=0, gzip", true }, { "gzip;level=1;q=0.001", true },
		{ NULL, false }, { "", false }, { "identity", false }, { "gzipx", false },
		{ "x-gzip", false }, { "gzip;q=0", false }, { "gzip; q=0.000", false },
		{ "gzip;q=0.", false }, { "gzip;q=0, *", false }, { "*;q=0", false },
		{ "br;q=0,gzip;q=0 ,*", false }, { ",,,", false }, { "gz", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (rics_accepts_coding(cases[i].header, "gzip") != cases[i].gzip)
			fail_msg("Accept-Encoding '%s': expected %s", cases[i].header ? cases[i].header : "(none)",
				 cases[i].gzip ? "gzip" : "no gzip");
	}
	assert_true(rics_accepts_coding("gzip, br", "br"));
	assert_false(rics_accepts_coding("gzip, br;q=0", "br"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_init),
		cmocka_unit_test(test_strbuf_growth),
		cmocka_unit_test(test_strbuf_max_refused),
		cmocka_unit_test(test_strbuf_embedded_nul),
		cmocka_unit_test(test_strbuf_add_self),
		cmocka_unit_test(test_time_parse_valid),
		cmocka_unit_test(test_time_parse_invalid),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_time_parse_out_of_range),
		cmocka_unit_test(test_time_round_trip),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_clock_fake),
		cmocka_unit_test(test_uuid7_format),
		cmocka_unit_test(test_uuid7_time),
		cmocka_unit_test(test_uuid7_unique),
		cmocka_unit_test(test_uuid_valid),
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_config_good),
		cmocka_unit_test(test_config_unknown_key),
		cmocka_unit_test(test_config_bad_numbers),
		cmocka_unit_test(test_config_suffixes),
		cmocka_unit_test(test_config_nul_and_strings),
		cmocka_unit_test(test_config_long_error),
		cmocka_unit_test(test_config_load),
		cmocka_unit_test(test_text_fold),
		cmocka_unit_test(test_text_fold_expanding),
		cmocka_unit_test(test_text_valid),
		cmocka_unit_test(test_events_read),
		cmocka_unit_test(test_events_another_run),
		cmocka_unit_test(test_events_listeners),
		cmocka_unit_test(test_events_read_bounded),
		cmocka_unit_test(test_events_zero_capacity),
		cmocka_unit_test(test_alloc_fail_strbuf),
		cmocka_unit_test(test_alloc_counts),
		cmocka_unit_test(test_alloc_torture),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_accepts_coding),
	};
	if (rics_ids_init() != 0)
		return 1;
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
