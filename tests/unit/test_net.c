// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Unit tests of src/net against a one-shot HTTP server on 127.0.0.1 run in
 * a thread: what goes out (method, headers, body, no header smuggled in),
 * what comes back (status, body), and how each failure is told apart (an
 * answer over the cap, nothing listening).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "net/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Accepts one connection, keeps the request it reads, sends reply. */
struct server {
	int fd;
	unsigned short port;
	const char *reply;
	char request[8192];
	pthread_t thread;
};

static void *serve(void *arg)
{
	struct server *s = arg;
	size_t got = 0;
	ssize_t n;
	int c = accept(s->fd, NULL, NULL);

	if (c < 0)
		return NULL;
	/* the requests here are small: the end of the headers and a body
	 * that came with them, or a pause, end the reading */
	while (got < sizeof s->request - 1 &&
	       (n = recv(c, s->request + got, sizeof s->request - 1 - got, 0)) > 0) {
		got += (size_t)n;
		s->request[got] = '\0';
		const char *end = strstr(s->request, "\r\n\r\n");
		const char *len = strcasestr(s->request, "Content-Length: ");
		if (end && (!len || strlen(end + 4) >= strtoul(len + 16, NULL, 10)))
			break;
	}
	if (send(c, s->reply, strlen(s->reply), MSG_NOSIGNAL) < 0)
		perror("send");
	close(c);
	return NULL;
}

static void server_start(struct server *s, const char *reply)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;

	memset(s, 0, sizeof *s);
	s->reply = reply;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->fd, 1), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &alen), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void server_stop(struct server *s)
{
	pthread_join(s->thread, NULL);
	close(s->fd);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' does not contain '%s'", hay, needle);
}

#define OK_REPLY "HTTP/1.1 201 Created\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}"

static void test_post(void **state)
{
	struct server srv;
	struct net_headers h = { 0 };
	struct strbuf answer, err, url;
	long status = 0;
	(void)state;

	server_start(&srv, OK_REPLY);
	strbuf_init(&answer, 0);
	strbuf_init(&err, 0);
	strbuf_init(&url, 0);
	assert_int_equal(strbuf_addf(&url, "http://127.0.0.1:%u/in?x=1", srv.port), 0);
	assert_int_equal(net_header_add(&h, "Content-Type", "application/json"), 0);
	assert_int_equal(net_header_add(&h, "Authorization", "Bearer t0ken"), 0);
	struct net_request r = { .url = url.buf, .headers = &h, .body = "{\"a\":1}", .body_len = 7,
				 .user_agent = "test/1", .connect_timeout_s = 5, .timeout_s = 10 };
	assert_int_equal(net_perform_once(&r, &answer, &err, &status), 0);
	server_stop(&srv);
	assert_int_equal(status, 201);
	assert_string_equal(answer.buf, "{\"ok\":true}");
	/* no method given and a body: POST */
	assert_contains(srv.request, "POST /in?x=1 HTTP/1.1\r\n");
	assert_contains(srv.request, "\r\nContent-Type: application/json\r\n");
	assert_contains(srv.request, "\r\nAuthorization: Bearer t0ken\r\n");
	assert_contains(srv.request, "\r\nUser-Agent: test/1\r\n");
	assert_contains(srv.request, "\r\n\r\n{\"a\":1}");
	net_headers_release(&h);
	strbuf_release(&answer);
	strbuf_release(&err);
	strbuf_release(&url);
}

static void test_method_reuse(void **state)
{
	struct server srv;
	struct net *n = NULL;
	struct strbuf answer, err, url;
	long status = 0;
	(void)state;

	assert_int_equal(net_open(&n), 0);
	strbuf_init(&answer, 0);
	strbuf_init(&err, 0);
	strbuf_init(&url, 0);
	for (int i = 0; i < 2; i++) {
		server_start(&srv, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
		strbuf_reset(&url);
		assert_int_equal(strbuf_addf(&url, "http://127.0.0.1:%u/x", srv.port), 0);
		struct net_request r = { .method = i ? "DELETE" : NULL, .url = url.buf,
					 .connect_timeout_s = 5, .timeout_s = 10 };
		assert_int_equal(net_perform(n, &r, &answer, &err, &status), 0);
		server_stop(&srv);
		assert_int_equal(status, 204);
		/* the handle was reset: the first request's method is gone */
		assert_contains(srv.request, i ? "DELETE /x HTTP/1.1" : "GET /x HTTP/1.1");
	}
	assert_int_equal(answer.len, 0);
	net_free(n);
	net_free(NULL);
	strbuf_release(&answer);
	strbuf_release(&err);
	strbuf_release(&url);
}

static void test_too_large(void **state)
{
	struct server srv;
	struct strbuf answer, err, url;
	long status = -1;
	(void)state;

	server_start(&srv, OK_REPLY);
	strbuf_init(&answer, 4);
	strbuf_init(&err, 0);
	strbuf_init(&url, 0);
	assert_int_equal(strbuf_addf(&url, "http://127.0.0.1:%u/", srv.port), 0);
	struct net_request r = { .url = url.buf, .connect_timeout_s = 5, .timeout_s = 10 };
	assert_int_equal(net_perform_once(&r, &answer, &err, &status), RICS_E_TOO_LARGE);
	server_stop(&srv);
	assert_int_equal(status, -1); /* written only on success */
	assert_string_equal(err.buf, "the answer is larger than 4 bytes");
	strbuf_release(&answer);
	strbuf_release(&err);
	strbuf_release(&url);
}

static void test_refused(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	struct strbuf answer, err, url;
	long status = -1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	(void)state;

	/* a port that was free a moment ago and has nobody listening */
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	close(fd);
	strbuf_init(&answer, 0);
	strbuf_init(&err, 0);
	strbuf_init(&url, 0);
	assert_int_equal(strbuf_addf(&url, "http://127.0.0.1:%u/", ntohs(a.sin_port)), 0);
	struct net_request r = { .url = url.buf, .connect_timeout_s = 5, .timeout_s = 10 };
	assert_int_equal(net_perform_once(&r, &answer, &err, &status), -ECONNREFUSED);
	assert_int_equal(status, -1);
	assert_true(err.len > 0); /* curl's words, e.g. "Failed to connect to ..." */
	r.url = "ftp://127.0.0.1/"; /* only http and https are spoken */
	strbuf_reset(&err);
	assert_int_equal(net_perform_once(&r, &answer, &err, &status), -EIO);
	assert_true(err.len > 0);
	strbuf_release(&answer);
	strbuf_release(&err);
	strbuf_release(&url);
}

static void test_header_smuggling(void **state)
{
	struct net_headers h = { 0 };
	(void)state;
	assert_int_equal(net_header_add(&h, "If-Match", "1\r\nX-Admin: yes"), RICS_E_INVALID);
	assert_int_equal(net_header_add(&h, "X-A\nB", "1"), RICS_E_INVALID);
	assert_int_equal(net_header_add(&h, "X-A: B", "1"), RICS_E_INVALID);
	assert_null(h.list);
	assert_int_equal(net_header_add(&h, "Expect", ""), 0);
	assert_non_null(h.list);
	net_headers_release(&h);
	assert_null(h.list);
	net_headers_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_post),
		cmocka_unit_test(test_method_reuse),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_header_smuggling),
	};
	int rc;
	if (net_global_init())
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	net_global_cleanup();
	return rc;
}
