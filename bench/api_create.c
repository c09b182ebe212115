// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * api_create: durable record creation through the HTTP API from concurrent
 * clients. Each of CONNECTIONS threads holds one keep-alive connection to
 * 127.0.0.1:PORT and POSTs crossings one after another (the next only once
 * the previous was answered) until SECONDS have passed; a request sent
 * before the deadline is always waited for, so when the program ends every
 * request it made has been answered and the caller can compare the number
 * of 201s with the number of records the node holds.
 *
 * usage: api_create PORT TOKEN CONNECTIONS SECONDS
 * Prints one line:
 *   api_create: connections=C seconds=S created=N failed=F rate=R req/s
 *   p50_ms=.. p99_ms=.. max_ms=..
 * and exits 1 if any request got anything but 201 (the first such answer
 * goes to stderr) or a connection failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECTIONS_MAX 1024
#define ANSWER_MAX (256 * 1024)

struct worker {
	pthread_t thread;
	unsigned index;
	int fd;
	uint64_t created, failed;
	uint32_t *lat_us; /* one per answered request */
	size_t nlat, cap;
	char first_failure[512];
	bool broken;
};

static unsigned port;
static const char *token;
static double deadline;
static atomic_bool failure_printed;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int dial(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* only ever 127.0.0.1 */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Read one answer: its status, and whether the server keeps the connection. */
static bool read_answer(int fd, char *buf, size_t size, unsigned *status, bool *keep,
			size_t *body_off, size_t *body_len)
{
	size_t have = 0, head = 0, want;
	char *end = NULL;
	long long clen = -1;

	for (;;) {
		ssize_t r;
		if (have == size - 1)
			return false;
		r = recv(fd, buf + have, size - 1 - have, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		have += (size_t)r;
		buf[have] = '\0';
		end = strstr(buf, "\r\n\r\n");
		if (end)
			break;
	}
	head = (size_t)(end - buf) + 4;
	if (sscanf(buf, "HTTP/1.%*d %u", status) != 1)
		return false;
	*keep = true;
	for (char *line = strstr(buf, "\r\n"); line && line < end; line = strstr(line, "\r\n")) {
		line += 2;
		if (strncasecmp(line, "Content-Length:", 15) == 0)
			clen = strtoll(line + 15, NULL, 10);
		else if (strncasecmp(line, "Connection:", 11) == 0 &&
			 strncasecmp(line + 11 + strspn(line + 11, " "), "close", 5) == 0)
			*keep = false;
		else if (strncasecmp(line, "Transfer-Encoding:", 18) == 0)
			return false; /* the node answers with a length; chunked is not expected */
	}
	if (clen < 0 || (size_t)clen > size - 1 - head)
		return false;
	want = head + (size_t)clen;
	while (have < want) {
		ssize_t r = recv(fd, buf + have, want - have, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		have += (size_t)r;
	}
	buf[want] = '\0';
	*body_off = head;
	*body_len = (size_t)clen;
	return true;
}

static bool note_latency(struct worker *w, double seconds)
{
	if (w->nlat == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4096;
		uint32_t *p = realloc(w->lat_us, cap * sizeof *p);
		if (!p)
			return false;
		w->lat_us = p;
		w->cap = cap;
	}
	w->lat_us[w->nlat++] = (uint32_t)(seconds * 1e6);
	return true;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	char body[512], req[2048];
	char *answer = malloc(ANSWER_MAX);
	uint64_t n = 0;

	if (!answer) {
		w->broken = true;
		return NULL;
	}
	w->fd = dial();
	while (w->fd >= 0 && now_s() < deadline) {
		unsigned status = 0;
		bool keep = false;
		size_t off = 0, len = 0;
		int blen = snprintf(body, sizeof body,
				    "{\"bcp_code\":\"KZ-KHORGOS\",\"direction\":\"%s\","
				    "\"crossed_at\":\"2025-03-%02uT%02u:%02u:%02uZ\",\"mode\":\"road\","
				    "\"group_ref\":\"bench-%u-%" PRIu64 "\"}",
				    n % 2 ? "out" : "in", (unsigned)(n % 28) + 1,
				    (unsigned)(n / 3600 % 24), (unsigned)(n / 60 % 60),
				    (unsigned)(n % 60), w->index, n);
		int rlen = snprintf(req, sizeof req,
				    "POST /api/v1/crossings HTTP/1.1\r\n"
				    "Host: 127.0.0.1:%u\r\n"
				    "Authorization: Bearer %s\r\n"
				    "Content-Type: application/json\r\n"
				    "Content-Length: %d\r\n"
				    "\r\n%s",
				    port, token, blen, body);
		double t0 = now_s();
		if (rlen < 0 || (size_t)rlen >= sizeof req || !send_all(w->fd, req, (size_t)rlen) ||
		    !read_answer(w->fd, answer, ANSWER_MAX, &status, &keep, &off, &len)) {
			w->broken = true;
			break;
		}
		if (!note_latency(w, now_s() - t0)) {
			w->broken = true;
			break;
		}
		n++;
		if (status == 201) {
			w->created++;
		} else {
			w->failed++;
			if (!atomic_exchange(&failure_printed, true))
				snprintf(w->first_failure, sizeof w->first_failure, "HTTP %u: %.*s",
					 status, (int)(len < 400 ? len : 400), answer + off);
		}
		if (!keep) {
			close(w->fd);
			w->fd = dial();
		}
	}
	if (w->fd < 0)
		w->broken = true;
	else
		close(w->fd);
	free(answer);
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static double percentile_ms(const uint32_t *v, size_t n, double p)
{
	size_t i;
	if (!n)
		return 0;
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i] / 1000.0;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && end != s && !*end && *out >= 1 && *out <= max;
}

int main(int argc, char **argv)
{
	unsigned long p, nconn, secs;
	struct worker *ws;
	uint64_t created = 0, failed = 0;
	size_t nlat = 0;
	uint32_t *all;
	bool broken = false;
	double start, elapsed;

	if (argc != 5 || !parse_uint(argv[1], 65535, &p) || !parse_uint(argv[3], CONNECTIONS_MAX, &nconn) ||
	    !parse_uint(argv[4], 3600, &secs) || strpbrk(argv[2], "\r\n ")) {
		fputs("usage: api_create PORT TOKEN CONNECTIONS SECONDS\n", stderr);
		return 2;
	}
	port = (unsigned)p;
	token = argv[2];
	ws = calloc(nconn, sizeof *ws);
	if (!ws)
		return 1;
	start = now_s();
	deadline = start + (double)secs;
	for (unsigned i = 0; i < nconn; i++) {
		ws[i].index = i;
		if (pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]) != 0) {
			fputs("api_create: cannot start a thread\n", stderr);
			return 1;
		}
	}
	for (unsigned i = 0; i < nconn; i++) {
		pthread_join(ws[i].thread, NULL);
		created += ws[i].created;
		failed += ws[i].failed;
		nlat += ws[i].nlat;
		broken |= ws[i].broken;
		if (ws[i].first_failure[0])
			fprintf(stderr, "api_create: first failure: %s\n", ws[i].first_failure);
	}
	elapsed = now_s() - start;
	all = malloc((nlat ? nlat : 1) * sizeof *all);
	if (!all)
		return 1;
	nlat = 0;
	for (unsigned i = 0; i < nconn; i++) {
		if (ws[i].nlat)
			memcpy(all + nlat, ws[i].lat_us, ws[i].nlat * sizeof *all);
		nlat += ws[i].nlat;
		free(ws[i].lat_us);
	}
	qsort(all, nlat, sizeof *all, cmp_u32);
	printf("api_create: connections=%lu seconds=%.3f created=%" PRIu64 " failed=%" PRIu64
	       " rate=%.1f req/s p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
	       nconn, elapsed, created, failed, (double)created / elapsed,
	       percentile_ms(all, nlat, 0.50), percentile_ms(all, nlat, 0.99),
	       percentile_ms(all, nlat, 1.0));
	if (broken)
		fputs("api_create: a connection failed (refused, reset or a malformed answer)\n",
		      stderr);
	free(all);
	free(ws);
	return failed || broken ? 1 : 0;
}
